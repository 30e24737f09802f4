"""Binaan settings: one module, every value read from the environment (see README)."""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local `.env` is convenient on a single intranet server; the real environment wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG: bool = env.bool("DEBUG", default=False)
# The fallback key only works with DEBUG on, so a production start without SECRET_KEY fails loudly.
SECRET_KEY: str = env.str("SECRET_KEY", default="") or (
    "django-insecure-local-development-key-do-not-use-in-production" if DEBUG else ""
)
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS: list[str] = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "axes",
    # Before binaan.accounts, whose admin module takes the TOTP devices out of Django's admin.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "binaan.core",
    "binaan.accounts",
    "binaan.facilities",
    "binaan.residents",
    "binaan.partners",
    "binaan.programs",
    "binaan.interns",
    "binaan.attendance",
    "binaan.reports",
]
# Demo data, sample files and benchmarks (binaan.devtools) exist only where demo passwords may:
# a production server without BINAAN_ALLOW_DEMO does not even have the commands.
BINAAN_ALLOW_DEMO: bool = env.bool("BINAAN_ALLOW_DEMO", default=DEBUG)
if BINAAN_ALLOW_DEMO:
    INSTALLED_APPS.append("binaan.devtools")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Not Django's LocaleMiddleware: the language is the account's (default Indonesian), never
    # the browser's Accept-Language.
    "binaan.accounts.middleware.LanguageMiddleware",
    # request.user.is_verified(): whether this session gave a TOTP code (no query without one).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "binaan.accounts.middleware.IdleTimeoutMiddleware",
    # A session that still owes its second step reaches only the code page and logout.
    "binaan.accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "binaan.accounts.middleware.FacilityMiddleware",
    # Axes last, as its documentation asks, so it sees the final response of a login attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "binaan" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "binaan.accounts.context_processors.binaan",
            ],
        },
    },
]

# --- Database ------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'binaan.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    (BASE_DIR / "var").mkdir(exist_ok=True)
    # WAL lets readers work while one officer saves; IMMEDIATE takes the write lock at BEGIN and
    # the busy timeout waits for it, so concurrent saves queue instead of "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=20),
    }
    # Under pytest-xdist, pytest-django appends the worker id (test.sqlite3_gw0, ...): one file
    # per worker, so parallel workers never share a test database.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test.sqlite3")}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts ------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Lockouts count per user name *and* address, so guessing from one address cannot lock the user
# out everywhere; the address is the one the audit trail records (binaan.core.request).
AXES_CLIENT_IP_CALLABLE = "binaan.core.request.axes_client_ip"

# Two-factor login (binaan.accounts.two_factor): a TOTP app's code after the password, optional
# for admins and heads, mandatory at their next login with this setting on.
BINAAN_REQUIRE_2FA_FOR_MANAGERS: bool = env.bool("BINAAN_REQUIRE_2FA_FOR_MANAGERS", default=False)
OTP_TOTP_ISSUER = "Binaan"
# django-otp's own back-off (1, 2, 4 … seconds) is off: wrong codes have one limit of their own,
# AXES_FAILURE_LIMIT per AXES_COOLOFF_TIME on the account (binaan.accounts.two_factor).
OTP_TOTP_THROTTLE_FACTOR = 0

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 10)

# --- Language and time ---------------------------------------------------------------------
LANGUAGE_CODE = "id"
# Each language is named in itself, so a reader of either can find their own.
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# USE_TZ is on by default since Django 5.0: datetimes are stored in UTC and every page activates
# the facility's zone (binaan.accounts.middleware).
TIME_ZONE = "Asia/Jakarta"

# --- Static and media ----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and env.bool("STATIC_MANIFEST", default=True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Security ------------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many reverse proxies we run in front of the app; each appends to X-Forwarded-For. With 0,
# X-Forwarded-For is ignored: anyone can write it (binaan.core.request.client_ip).
TRUSTED_PROXY_HOPS: int = env.int("TRUSTED_PROXY_HOPS", default=0)
SECURE_SSL_REDIRECT: bool = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE: bool = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE: bool = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS: int = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS: bool = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD: bool = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
# Django's defaults already send nosniff, a same-origin referrer policy, X-Frame-Options DENY
# and an HttpOnly session cookie; `check --deploy` (tests/test_project.py) keeps them so.

# Content-Security-Policy (django-csp): everything from this server, no inline script or style,
# no eval, no framing. Charts are inline SVG or data: images; htmx runs with allowEval off.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# A login ends after this many minutes without a request (a shared PC in the block office),
# and in any case after SESSION_COOKIE_AGE (one shift).
SESSION_IDLE_MINUTES: int = env.int("SESSION_IDLE_MINUTES", default=30)

# --- API -----------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "binaan.core.api.ApiAutoSchema",
    # Every error as {"code", "message", "field", "errors"} (README, "API errors").
    "EXCEPTION_HANDLER": "binaan.core.api.api_exception_handler",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Binaan API",
    "DESCRIPTION": "Program pembinaan dan pelayanan UPT Pemasyarakatan.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Several models have a `status`; name each choice set after its model so the schema is
    # stable (add an entry when a new model gets a `status` or `state` field).
    "ENUM_NAME_OVERRIDES": {
        "ProgramStatusEnum": "binaan.programs.models.ProgramStatus",
        "EnrollmentStatusEnum": "binaan.programs.models.EnrollmentStatus",
        "SessionStatusEnum": "binaan.programs.models.SessionStatus",
        "CustodyStatusEnum": "binaan.residents.models.CustodyStatus",
        "ResidentStateEnum": "binaan.residents.models.ResidentState",
        "SentenceKindEnum": "binaan.residents.models.SentenceKind",
    },
}

# --- Logging -------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# --- Binaan --------------------------------------------------------------------------------
# UU 27/2022 Pasal 43: personal data is kept no longer than needed. Residents released more than
# this many years ago are anonymised by `manage.py anonymise_released` (run it from cron).
BINAAN_RETENTION_YEARS: int = env.int("BINAAN_RETENTION_YEARS", default=10)
BINAAN_DEMO_PASSWORD: str = env.str("BINAAN_DEMO_PASSWORD", default="Binaan#Demo2026")
