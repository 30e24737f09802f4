from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from binaan.accounts import two_factor
from binaan.accounts.workplace import SESSION_KEY, Workplace, load_workplace
from binaan.core.context import acting_as
from binaan.core.request import client_ip


class FacilityMiddleware:
    """Attach the user's workplace, activate the facility's time zone, set the audit actor."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            requested = request.session.get(SESSION_KEY)
            workplace = load_workplace(user, int(requested) if requested else None)
        else:
            workplace = Workplace()
        request.workplace = workplace  # type: ignore[attr-defined]
        if workplace.facility is not None:
            timezone.activate(workplace.facility.tzinfo)
        else:
            timezone.deactivate()
        actor = user if user.is_authenticated else None
        try:
            with acting_as(actor, client_ip(request)):
                return self.get_response(request)
        finally:
            timezone.deactivate()


ACTIVITY_COOKIE = "binaan_active"
_SIGNER_SALT = "binaan.accounts.idle"


def _activity_token(request: HttpRequest) -> str:
    # Bound to this session: a cookie copied from another login does not keep this one alive.
    return salted_hmac(_SIGNER_SALT, request.session.session_key or "").hexdigest()[:32]


class IdleTimeoutMiddleware:
    """Sign out a login that has been idle for SESSION_IDLE_MINUTES: officers share PCs in the
    block offices, and a case file left open must not stay open for the next person.

    The time of the last request travels in a signed, HttpOnly cookie bound to the session, not
    in the session row, so keeping the clock costs no database write and no page's query count
    depends on the time of day. A cookie of an earlier login in the same browser, or none, starts
    the clock again; page scripts cannot touch it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.get_response(request)
        signer = signing.TimestampSigner(salt=_SIGNER_SALT)
        cookie = request.COOKIES.get(ACTIVITY_COOKIE)
        if cookie is not None and self._expired(signer, cookie, request):
            return self._expire(request)
        response = self.get_response(request)
        if request.user.is_authenticated and request.session.session_key:
            response.set_cookie(
                ACTIVITY_COOKIE,
                signer.sign(_activity_token(request)),
                max_age=settings.SESSION_COOKIE_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    @staticmethod
    def _expired(signer: signing.TimestampSigner, cookie: str, request: HttpRequest) -> bool:
        try:
            token = signer.unsign(cookie)
        except signing.BadSignature:
            return False  # not ours: the clock starts again with this response
        if token != _activity_token(request):
            # Left by an earlier login in this browser (someone else signed in since).
            return False
        try:
            signer.unsign(cookie, max_age=settings.SESSION_IDLE_MINUTES * 60)
        except signing.SignatureExpired:
            return True
        return False

    def _expire(self, request: HttpRequest) -> HttpResponse:
        from binaan.accounts.services import user_session_expire

        user_session_expire(request=request)
        messages.info(
            request,
            _("You were signed out after %(minutes)s minutes without activity.")
            % {"minutes": settings.SESSION_IDLE_MINUTES},
        )
        response = redirect_to_login(request.get_full_path())
        response.delete_cookie(ACTIVITY_COOKIE)
        return response


class TwoFactorMiddleware:
    """A session that owes its second step (`binaan.accounts.two_factor`) reaches only that
    step's pages, logout and the language switch: every other page sends it to the step, and the
    API answers 403, so a password alone opens nothing. The stage is read from the session,
    which every request loads anyway: no query."""

    STEP_PAGES = {
        two_factor.VERIFY: ("accounts:two_factor_verify",),
        two_factor.ENROL: (
            "accounts:two_factor",
            "accounts:two_factor_start",
            "accounts:two_factor_confirm",
        ),
    }
    ALWAYS_OPEN = ("accounts:logout", "set_language")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            stage = two_factor.session_stage(request.session)
            if stage is not None and not self._open(request, stage):
                return self._refuse(request, stage)
        return self.get_response(request)

    def _open(self, request: HttpRequest, stage: str) -> bool:
        names = self.STEP_PAGES[stage] + self.ALWAYS_OPEN
        return request.path_info in {reverse(name) for name in names}

    def _refuse(self, request: HttpRequest, stage: str) -> HttpResponse:
        if request.path_info.startswith("/api/"):
            return JsonResponse(
                {"detail": _("Two-factor login is not complete: enter the code first.")},
                status=403,
            )
        step = reverse(self.STEP_PAGES[stage][0])
        if request.method == "GET":
            step += "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(step)


class LanguageMiddleware:
    """Choose the interface language instead of Django's LocaleMiddleware, which follows the
    browser's Accept-Language: an office PC with an English browser must still show Indonesian.

    A signed-in user gets the language kept on their account; anyone else gets Indonesian
    (settings.LANGUAGE_CODE) unless they chose another with the switcher in this browser
    session (Django's language cookie). Accept-Language is never read. Runs after
    AuthenticationMiddleware, so DRF's session-authenticated API answers in the same language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = self._language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language() or language)
        return response

    @staticmethod
    def _language(request: HttpRequest) -> str:
        known = dict(settings.LANGUAGES)
        user = request.user
        chosen = getattr(user, "language", "") if user.is_authenticated else ""
        if not chosen:
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        return chosen if chosen in known else settings.LANGUAGE_CODE
