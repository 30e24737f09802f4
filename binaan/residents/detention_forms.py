from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from binaan.facilities.models import Facility
from binaan.residents import detention, selectors
from binaan.residents.forms import DATE_WIDGET
from binaan.residents.models import DetentionOrder


class DetentionOrderForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=detention.OrderKind.choices)
    authority = forms.ChoiceField(
        label=_("Detaining authority (stage)"),
        choices=detention.DetentionAuthority.choices,
        help_text=_("Whose detention it is; the register code follows it (A.I–A.V)."),
    )
    issuer = forms.ChoiceField(label=_("Issued by"), choices=detention.OrderIssuer.choices)
    number = forms.CharField(label=_("Order number"), max_length=100)
    issued_on = forms.DateField(label=_("Date of the order"), required=False, widget=DATE_WIDGET)
    start = forms.DateField(label=_("Detained from"), widget=DATE_WIDGET)
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=366)
    ground = forms.ChoiceField(
        label=_("Ground (exceptional extension only)"),
        choices=[("", "—"), *detention.ExceptionalGround.choices],
        required=False,
    )


class DetentionFilterForm(forms.Form):
    block: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Block"), queryset=None, required=False, empty_label=_("All")
    )
    soon = forms.BooleanField(label=_("Only ending within 10 days or expired"), required=False)

    def __init__(self, *args: Any, facility: Facility, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["block"].queryset = selectors.block_choices(facility=facility)  # type: ignore[attr-defined]


def suggested_initial(
    current: DetentionOrder | None, today: date, *, child: bool = False
) -> dict[str, Any]:
    """What the form proposes: the extension of the current order, or a first order today;
    `child`: the children's periods of UU 11/2012 apply."""
    if current is None:
        return {
            "kind": detention.OrderKind.ORDER,
            "authority": detention.DetentionAuthority.PENYIDIK,
            "issuer": detention.OrderIssuer.PENYIDIK,
            "start": today,
        }
    stage = detention.stages_for(child=child)[current.authority]
    return {
        "kind": detention.OrderKind.EXTENSION,
        "authority": current.authority,
        "issuer": stage.extension_by,
        "start": current.expires + timedelta(days=1),
    }
