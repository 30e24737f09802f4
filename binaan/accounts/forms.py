from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from binaan.accounts.models import FACILITY_ROLES, Role, User

FACILITY_ROLE_CHOICES = [(r.value, r.label) for r in Role if r in FACILITY_ROLES]


class UserCreateForm(forms.Form):
    username = forms.RegexField(
        label=_("Username"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={"invalid": _("Letters, digits and @ . + - _ only.")},
    )
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    nip = forms.RegexField(
        label=_("NIP"),
        regex=r"^\d{18}$",
        required=False,
        error_messages={"invalid": _("A NIP has 18 digits.")},
    )
    email = forms.EmailField(label=_("Email"), required=False)
    roles = forms.MultipleChoiceField(
        label=_("Roles in this facility"),
        choices=FACILITY_ROLE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(
        label=_("Password (again)"), widget=forms.PasswordInput, strip=False
    )

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(
                _("The username “%(name)s” is taken."), params={"name": username}
            )
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            try:
                validate_password(
                    p1, User(username=data.get("username", ""), full_name=data.get("full_name", ""))
                )
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class UserEditForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    nip = forms.RegexField(
        label=_("NIP"),
        regex=r"^\d{18}$",
        required=False,
        error_messages={"invalid": _("A NIP has 18 digits.")},
    )
    email = forms.EmailField(label=_("Email"), required=False)
    is_active = forms.BooleanField(label=_("Account active"), required=False)
    roles = forms.MultipleChoiceField(
        label=_("Roles in this facility"),
        choices=FACILITY_ROLE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class SwitchFacilityForm(forms.Form):
    facility_id = forms.IntegerField()


def _code_field(*, autofocus: bool) -> forms.RegexField:
    attrs: dict[str, Any] = {"autocomplete": "one-time-code", "inputmode": "numeric"}
    if autofocus:
        attrs["autofocus"] = True
    return forms.RegexField(
        label=_("Code from the authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        error_messages={"invalid": _("The code has 6 digits.")},
        widget=forms.TextInput(attrs=attrs),
    )


class TwoFactorCodeForm(forms.Form):
    token = _code_field(autofocus=True)


class TwoFactorDisableForm(forms.Form):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    token = _code_field(autofocus=False)
