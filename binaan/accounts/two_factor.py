"""Two-factor login (TOTP, django-otp): what a session still owes and when codes are refused.

A login with a password alone is a session that owes its second step. Which step it owes is kept
in the session (`STAGE_KEY`), decided once at the password (`binaan.accounts.services.user_log_in`),
so ordinary requests cost no query to know it: `TwoFactorMiddleware` lets such a session reach
only the step's page and logout, and the API answers 403.

- `verify`: the user has a confirmed device and must give a code from it;
- `enrol`: `BINAAN_REQUIRE_2FA_FOR_MANAGERS` is on, the user is an admin or head somewhere and
  has no device yet: they turn it on before anything else.

Wrong codes have a limit of their own, counted on the device (so per account, whatever the
address): after AXES_FAILURE_LIMIT successive wrong codes every code is refused until
AXES_COOLOFF_TIME has passed since the last one. The password's lockout (django-axes) is reset by
each successful password, so it could not count codes: four guesses per password login would
never lock. A used code is refused as well: the device keeps the time step of the last code it
accepted (`last_t`), and only a later step passes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import segno
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice

if TYPE_CHECKING:
    from binaan.accounts.models import User

STAGE_KEY = "binaan_two_factor"
VERIFY = "verify"
ENROL = "enrol"


def session_stage(session: SessionBase) -> str | None:
    stage = session.get(STAGE_KEY)
    return stage if stage in (VERIFY, ENROL) else None


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_device(user: User) -> TOTPDevice | None:
    """The device an enrolment started and has not confirmed yet."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def is_locked(device: TOTPDevice) -> bool:
    if device.throttling_failure_count < settings.AXES_FAILURE_LIMIT:
        return False
    last = device.throttling_failure_timestamp
    return last is not None and timezone.now() - last < settings.AXES_COOLOFF_TIME


def secret_text(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks for it when typed in: base32, in groups of four."""
    from base64 import b32encode

    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(device: TOTPDevice) -> SafeString:
    """The device's otpauth:// address as an inline SVG QR code, drawn here: no CDN, no script,
    no style attribute (the CSP allows neither)."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, dark="#000", light="#fff", svgclass="qr-code", lineclass=None
    )
    return mark_safe(svg)  # noqa: S308 - segno's own markup of a URL we built
