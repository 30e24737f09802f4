from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from binaan.accounts import selectors, services
from binaan.accounts.forms import SwitchFacilityForm, UserCreateForm, UserEditForm
from binaan.accounts.workplace import SESSION_KEY
from binaan.core.permissions import permission_required, roles_with
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
