from __future__ import annotations

import enum
from collections.abc import Iterable

import django_otp
from django.conf import settings
from django.contrib import auth
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from binaan.accounts import two_factor
from binaan.accounts.models import Membership, Role, User
from binaan.core.audit import audit_record, model_snapshot
from binaan.core.models import AuditAction
from binaan.core.permissions import actor_anywhere, allows
from binaan.core.writes import audited_update
from binaan.facilities.models import Facility


def user_session_expire(*, request: HttpRequest) -> None:
    """End a session that was idle too long (binaan.accounts.middleware.IdleTimeoutMiddleware)."""
    user = request.user if request.user.is_authenticated else None
    auth.logout(request)
    if isinstance(user, User):
        audit_record(
            action=AuditAction.LOGOUT, obj=user, actor=user, after={"reason": "idle timeout"}
        )


@transaction.atomic
def user_create(
    *,
    facility: Facility,
    username: str,
    password: str,
    roles: Iterable[str],
    full_name: str = "",
    email: str = "",
    nip: str = "",
) -> User:
    user = User(username=username, full_name=full_name, email=email, nip=nip)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(
        action=AuditAction.CREATE,
        obj=user,
        facility=facility,
        after=model_snapshot(user, fields=["username", "full_name", "email", "nip"]),
    )
    user_set_roles(user=user, facility=facility, roles=roles)
    return user


@transaction.atomic
def user_set_roles(*, user: User, facility: Facility, roles: Iterable[str]) -> list[str]:
    """Make `roles` exactly the user's roles at `facility`; returns them sorted."""
    wanted = {Role(role).value for role in roles}
    current = set(
        Membership.objects.filter(user=user, facility=facility).values_list("role", flat=True)
    )
    if wanted == current:
        return sorted(wanted)
    Membership.objects.filter(user=user, facility=facility, role__in=current - wanted).delete()
    for role in sorted(wanted - current):
        membership = Membership(user=user, facility=facility, role=role)
        membership.full_clean()
        membership.save()
    audit_record(
        action=AuditAction.UPDATE,
        obj=user,
        facility=facility,
        object_type="accounts.membership",
        before={"roles": sorted(current)},
        after={"roles": sorted(wanted)},
    )
    return sorted(wanted)


@transaction.atomic
def user_update(
    *, user: User, facility: Facility, full_name: str, email: str, nip: str, is_active: bool
) -> User:
    data = {"full_name": full_name, "email": email, "nip": nip, "is_active": is_active}
    audited_update(user, data=data, fields=list(data), facility=facility)
    return user


@transaction.atomic
def user_set_language(*, user: User, language: str) -> User:
    """Keep the interface language on the account, so it follows the person to any PC."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Unknown language."))
    audited_update(user, data={"language": language}, fields=["language"])
    return user


# Sign-in events carry no facility: an account is one person across all their facilities.


@transaction.atomic
def user_log_in(*, request: HttpRequest, user: User) -> None:
    """Start `user`'s session (credentials already checked) and record it. A user with two-factor
    login, or one who must turn it on, gets a session that owes that step
    (`binaan.accounts.two_factor`)."""
    auth.login(request, user)
    stage = _second_step(user)
    if stage is not None:
        request.session[two_factor.STAGE_KEY] = stage
    audit_record(
        action=AuditAction.LOGIN,
        obj=user,
        actor=user,
        after={"second_step": stage} if stage is not None else None,
    )


def _second_step(user: User) -> str | None:
    if two_factor.confirmed_device(user) is not None:
        return two_factor.VERIFY
    if two_factor_required(user):
        return two_factor.ENROL
    return None


def two_factor_required(user: User) -> bool:
    """Whether `user` may not be without two-factor login (BINAAN_REQUIRE_2FA_FOR_MANAGERS)."""
    return settings.BINAAN_REQUIRE_2FA_FOR_MANAGERS and allows(
        actor_anywhere(user), "accounts.two_factor"
    )


@transaction.atomic
def user_log_out(*, request: HttpRequest) -> None:
    """End the session; recorded against the user who held it, if anyone did."""
    user = request.user if request.user.is_authenticated else None
    auth.logout(request)
    if isinstance(user, User):
        audit_record(action=AuditAction.LOGOUT, obj=user, actor=user)


@transaction.atomic
def login_failure_record(*, username: str) -> None:
    """Record a refused login under the name that was tried.

    The name is what the client typed, not a verified person, so it is the object of the event
    and never its actor; the password is not a parameter, so it cannot end up in the trail.
    """
    username = username[:150]
    audit_record(
        action=AuditAction.LOGIN_FAILED,
        object_type="accounts.user",
        object_repr=username,
        after={"username": username},
    )


@transaction.atomic
def user_password_change(*, user: User, new_password: str) -> User:
    validate_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    # Which account and who did it; model_snapshot never copies the hash.
    audit_record(action=AuditAction.PASSWORD_CHANGE, obj=user)
    return user


# --- two-factor login (binaan.accounts.two_factor) ---------------------------------------------


class CodeCheck(enum.Enum):
    ACCEPTED = "accepted"
    WRONG = "wrong"
    # Too many wrong codes in a row: every code is refused until the cool-off has passed.
    LOCKED = "locked"


def _check_code(device: TOTPDevice, token: str) -> CodeCheck:
    """The caller holds the device row locked, so two requests cannot both spend one code."""
    if two_factor.is_locked(device):
        return CodeCheck.LOCKED
    # verify_token refuses a code of a time step it has already accepted (replay) and counts
    # every refusal on the device; an accepted code resets the count.
    if device.verify_token(token.strip()):
        return CodeCheck.ACCEPTED
    return CodeCheck.LOCKED if two_factor.is_locked(device) else CodeCheck.WRONG


def _locked_device(user: User, *, confirmed: bool) -> TOTPDevice | None:
    return (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=confirmed)
        .order_by("-pk" if not confirmed else "pk")
        .first()
    )


@transaction.atomic
def two_factor_login_verify(*, request: HttpRequest, user: User, token: str) -> CodeCheck:
    """The second step of a login: a code from the user's device verifies the session."""
    device = _locked_device(user, confirmed=True)
    if device is None:
        # Turned off (from another session) since the password: nothing is owed any more.
        request.session.pop(two_factor.STAGE_KEY, None)
        return CodeCheck.ACCEPTED
    result = _check_code(device, token)
    if result is CodeCheck.ACCEPTED:
        django_otp.login(request, device)
        request.session.pop(two_factor.STAGE_KEY, None)
        audit_record(action=AuditAction.LOGIN, obj=user, actor=user, after={"second_step": "totp"})
    else:
        # Like a refused password: the code is never recorded, only that it was refused.
        audit_record(
            action=AuditAction.LOGIN_FAILED,
            obj=user,
            after={"username": user.get_username(), "reason": f"code {result.value}"},
        )
    return result


@transaction.atomic
def two_factor_enrolment_start(*, user: User) -> TOTPDevice:
    """A new secret for `user`, not in force until a first code confirms it."""
    if two_factor.confirmed_device(user) is not None:
        raise ValidationError(_("Two-factor login is already on."))
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    device = TOTPDevice(user=user, name="Binaan", confirmed=False)
    device.full_clean()
    device.save()
    # Never the secret itself: whoever reads the trail must not be able to make codes.
    audit_record(
        action=AuditAction.CREATE,
        obj=user,
        object_type="accounts.two_factor",
        after={"two_factor": "started"},
    )
    return device


@transaction.atomic
def two_factor_enrolment_confirm(*, request: HttpRequest, user: User, token: str) -> CodeCheck:
    """A first code from the app puts the secret in force and verifies this session."""
    device = _locked_device(user, confirmed=False)
    if device is None:
        raise ValidationError(_("Start again: there is no secret waiting to be confirmed."))
    result = _check_code(device, token)
    if result is CodeCheck.ACCEPTED:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        django_otp.login(request, device)
        request.session.pop(two_factor.STAGE_KEY, None)
        audit_record(
            action=AuditAction.UPDATE,
            obj=user,
            object_type="accounts.two_factor",
            before={"two_factor": False},
            after={"two_factor": True},
        )
    return result


@transaction.atomic
def two_factor_disable(*, user: User, password: str, token: str) -> CodeCheck:
    """Turn two-factor login off: the password and a current code, both."""
    if two_factor_required(user):
        raise ValidationError(_("Two-factor login is required for your role."))
    if not user.check_password(password):
        raise ValidationError(_("The password is not correct."))
    device = _locked_device(user, confirmed=True)
    if device is None:
        raise ValidationError(_("Two-factor login is not on."))
    result = _check_code(device, token)
    if result is CodeCheck.ACCEPTED:
        TOTPDevice.objects.filter(user=user).delete()
        audit_record(
            action=AuditAction.UPDATE,
            obj=user,
            object_type="accounts.two_factor",
            before={"two_factor": True},
            after={"two_factor": False},
        )
    return result
