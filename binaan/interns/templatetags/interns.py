from typing import Any

from django import template

from binaan.core.dates import facility_today
from binaan.interns.selectors import mentor_reminders as select_reminders

register = template.Library()


@register.inclusion_tag("interns/_mentor_reminders.html", takes_context=True)
def mentor_reminders(context: dict[str, Any]) -> dict[str, Any]:
    """The dashboard's evaluation reminders; empty (and one query) for users who mentor nobody."""
    request = context.get("request")
    workplace = context.get("workplace")
    user = getattr(request, "user", None)
    facility = getattr(workplace, "facility", None)
    if facility is None or user is None or not user.is_authenticated:
        return {"reminders": []}
    return {
        "reminders": select_reminders(facility=facility, user=user, today=facility_today(facility))
    }
