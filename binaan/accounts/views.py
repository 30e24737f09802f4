from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views import i18n as i18n_views
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from binaan.accounts import selectors, services, two_factor
from binaan.accounts.forms import (
    SwitchFacilityForm,
    TwoFactorCodeForm,
    TwoFactorDisableForm,
    UserCreateForm,
    UserEditForm,
)
from binaan.accounts.models import User
from binaan.accounts.services import CodeCheck
from binaan.accounts.workplace import SESSION_KEY
from binaan.core.permissions import (
    permission_required,
    permission_required_anywhere,
    public,
    roles_with,
)
from binaan.core.scoping import current_facility, workplace_of


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        services.user_log_in(request=self.request, user=form.get_user())
        return HttpResponseRedirect(self.get_success_url())

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        # Both fields filled means the credentials were checked and refused (or the account is
        # locked out); an empty field never reached authentication.
        username = form.cleaned_data.get("username")
        if username and form.cleaned_data.get("password"):
            services.login_failure_record(username=username)
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        services.user_log_out(request=request)
        # Django's LogoutView.post, with the logout above instead of its own.
        redirect_to = self.get_success_url()
        if redirect_to != request.get_full_path():
            return HttpResponseRedirect(redirect_to)
        return super().get(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("dashboard")

    def form_valid(self, form: Any) -> HttpResponse:
        services.user_password_change(
            user=form.user, new_password=form.cleaned_data["new_password1"]
        )
        # Keeps this session signed in; Django ends the user's other sessions.
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, _("Your password has been changed."))
        return HttpResponseRedirect(self.get_success_url())


@require_POST
def switch_facility(request: HttpRequest) -> HttpResponse:
    form = SwitchFacilityForm(request.POST)
    workplace = workplace_of(request)
    if not form.is_valid() or form.cleaned_data["facility_id"] not in {
        f.pk for f in workplace.facilities
    }:
        raise Http404
    request.session[SESSION_KEY] = form.cleaned_data["facility_id"]
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    # The old page may belong to the other facility; the dashboard is always valid.
    return HttpResponseRedirect(next_url or reverse_lazy("dashboard"))


@permission_required("users.view")
def user_list(request: HttpRequest) -> HttpResponse:
    facility = current_facility(request)
    page = Paginator(selectors.facility_users(facility=facility), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "accounts/user_list.html", {"page": page})


@permission_required("users.manage")
@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    facility = current_facility(request)
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = services.user_create(
            facility=facility,
            username=data["username"],
            password=data["password1"],
            roles=data["roles"],
            full_name=data["full_name"],
            email=data["email"],
            nip=data["nip"],
        )
        messages.success(request, _("User %(name)s was created.") % {"name": user})
        return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "creating": True})


@permission_required("users.manage")
@require_http_methods(["GET", "POST"])
def user_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    facility = current_facility(request)
    user = selectors.facility_user_or_none(facility=facility, user_id=user_id)
    if user is None:
        raise Http404
    roles = [m.role for m in user.facility_roles]  # type: ignore[attr-defined]
    initial = {
        "full_name": user.full_name,
        "nip": user.nip,
        "email": user.email,
        "is_active": user.is_active,
        "roles": roles,
    }
    form = UserEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Nobody takes away their own right to manage users: the facility would lose its admin.
        managing = roles_with("users.manage")
        if user == request.user and managing & set(roles) and not managing & set(data["roles"]):
            form.add_error("roles", _("You cannot remove your own admin role."))
        else:
            services.user_update(
                user=user,
                facility=facility,
                full_name=data["full_name"],
                email=data["email"],
                nip=data["nip"],
                is_active=data["is_active"],
            )
            services.user_set_roles(user=user, facility=facility, roles=data["roles"])
            messages.success(request, _("User %(name)s was saved.") % {"name": user})
            return redirect("accounts:user_list")
    return render(
        request, "accounts/user_form.html", {"form": form, "creating": False, "edited": user}
    )


# --- two-factor login -----------------------------------------------------------------------


def _safe_next(request: HttpRequest) -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    return next_url


def _account(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login is required by the middleware
    return user


def _two_factor_page(
    request: HttpRequest,
    *,
    confirm_form: TwoFactorCodeForm | None = None,
    disable_form: TwoFactorDisableForm | None = None,
) -> HttpResponse:
    user = _account(request)
    device = two_factor.confirmed_device(user)
    pending = None if device is not None else two_factor.pending_device(user)
    context: dict[str, Any] = {
        "device": device,
        "pending": pending,
        "required": services.two_factor_required(user),
        "owed": two_factor.session_stage(request.session) == two_factor.ENROL,
        "next": _safe_next(request),
        "confirm_form": confirm_form or TwoFactorCodeForm(),
        "disable_form": disable_form or TwoFactorDisableForm(),
    }
    if pending is not None:
        context["qr_svg"] = two_factor.qr_svg(pending)
        context["secret"] = two_factor.secret_text(pending)
    return render(request, "accounts/two_factor.html", context)


@permission_required_anywhere("accounts.two_factor")
@require_GET
def two_factor_page(request: HttpRequest) -> HttpResponse:
    return _two_factor_page(request)


@permission_required_anywhere("accounts.two_factor")
@require_POST
def two_factor_start(request: HttpRequest) -> HttpResponse:
    try:
        services.two_factor_enrolment_start(user=_account(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    target = reverse_lazy("accounts:two_factor")
    next_url = _safe_next(request)
    return HttpResponseRedirect(f"{target}?{urlencode({'next': next_url})}" if next_url else target)


@permission_required_anywhere("accounts.two_factor")
@require_POST
def two_factor_confirm(request: HttpRequest) -> HttpResponse:
    form = TwoFactorCodeForm(request.POST)
    if form.is_valid():
        try:
            result = services.two_factor_enrolment_confirm(
                request=request, user=_account(request), token=form.cleaned_data["token"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if result is CodeCheck.ACCEPTED:
                messages.success(request, _("Two-factor login is on."))
                return HttpResponseRedirect(_safe_next(request) or reverse_lazy("dashboard"))
            form.add_error("token", _code_error(result))
    return _two_factor_page(request, confirm_form=form)


@permission_required_anywhere("accounts.two_factor")
@require_POST
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    form = TwoFactorDisableForm(request.POST)
    if form.is_valid():
        try:
            result = services.two_factor_disable(
                user=_account(request),
                password=form.cleaned_data["password"],
                token=form.cleaned_data["token"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if result is CodeCheck.ACCEPTED:
                messages.success(request, _("Two-factor login is off."))
                return redirect("accounts:two_factor")
            form.add_error("token", _code_error(result))
    return _two_factor_page(request, disable_form=form)


def _code_error(result: CodeCheck) -> str:
    if result is CodeCheck.LOCKED:
        return _("Too many wrong codes. Try again in %(minutes)s minutes.") % {
            "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
        }
    return _("The code is not correct or has already been used.")


@public
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of a login, for a session that owes a code (TwoFactorMiddleware)."""
    if two_factor.session_stage(request.session) != two_factor.VERIFY:
        return HttpResponseRedirect(_safe_next(request) or reverse_lazy("dashboard"))
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.two_factor_login_verify(
            request=request, user=_account(request), token=form.cleaned_data["token"]
        )
        if result is CodeCheck.ACCEPTED:
            return HttpResponseRedirect(_safe_next(request) or reverse_lazy("dashboard"))
        if result is CodeCheck.LOCKED:
            # The password alone must not keep a session open while codes are refused.
            services.user_log_out(request=request)
            messages.error(request, _code_error(result))
            return redirect("accounts:login")
        form.add_error("token", _code_error(result))
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _safe_next(request)}
    )


@login_not_required
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switcher: Django's `set_language` (session cookie, safe `next`), and for a
    signed-in user the choice is also kept on the account, so it survives a new login."""
    response = i18n_views.set_language(request)
    language = request.POST.get("language", "")
    if (
        request.user.is_authenticated
        and check_for_language(language)
        and language in dict(settings.LANGUAGES)
        and getattr(request.user, "language", None) != language
    ):
        # The model row itself, not the request's lazy wrapper: the audited write locks it.
        services.user_set_language(user=User.objects.get(pk=request.user.pk), language=language)
    return response
