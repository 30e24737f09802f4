from __future__ import annotations

from collections.abc import Iterable

from django.contrib import auth
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.http import HttpRequest

from binaan.accounts.models import Membership, Role, User
from binaan.core.audit import audit_record, model_snapshot
from binaan.core.models import AuditAction
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


# Sign-in events carry no facility: an account is one person across all their facilities.


@transaction.atomic
def user_log_in(*, request: HttpRequest, user: User) -> None:
    """Start `user`'s session (credentials already checked) and record it."""
    auth.login(request, user)
    audit_record(action=AuditAction.LOGIN, obj=user, actor=user)


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
