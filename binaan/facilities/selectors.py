from django.db.models import Count, QuerySet

from binaan.facilities.models import Facility, Location


def location_list(*, facility: Facility) -> QuerySet[Location]:
    return (
        Location.objects.filter(facility=facility)
        .select_related("parent")
        .annotate(children_count=Count("children"))
        .order_by("kind", "name")
    )
