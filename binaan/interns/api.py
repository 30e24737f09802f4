from django.db.models import QuerySet
from django.http import Http404
from rest_framework import generics, serializers
from rest_framework.request import Request

from binaan.core.api import RegistryPermission
from binaan.core.permissions import permitted
from binaan.core.scoping import current_facility, get_scoped_or_404, workplace_of
from binaan.interns import selectors
from binaan.interns.models import LogbookEntry, Placement


class PlacementOutputSerializer(serializers.ModelSerializer):
    intern_name = serializers.CharField(source="intern.__str__")
    mentor_name = serializers.CharField(source="mentor.__str__")

    class Meta:
        model = Placement
        fields = [
            "id",
            "intern",
            "intern_name",
            "university",
            "study_programme",
            "source_programme",
            "batch",
            "start_date",
            "end_date",
            "unit",
            "mentor",
            "mentor_name",
            "stopped_on",
        ]


class LogbookEntryOutputSerializer(serializers.ModelSerializer):
    state_label = serializers.CharField(source="get_state_display")

    class Meta:
        model = LogbookEntry
        fields = [
            "id",
            "date",
            "activities",
            "hours",
            "learned",
            "state",
            "state_label",
            "mentor_comment",
            "verified_at",
        ]


def _visible_placements(request: Request) -> QuerySet[Placement]:
    """Managers see every placement of the facility; mentors theirs; an intern only their own."""
    facility = current_facility(request)
    return permitted(
        workplace_of(request), "interns.view_placement", selectors.placements(facility)
    )


class PlacementListApi(generics.ListAPIView):
    """Internship placements: every one of the facility for a manager, a mentor's own interns,
    an intern only their own."""

    serializer_class = PlacementOutputSerializer
    permission_classes = [RegistryPermission]
    permission_name = "interns.view_placement"

    def get_queryset(self) -> QuerySet[Placement]:
        return _visible_placements(self.request).order_by("-start_date", "pk")


class PlacementDetailApi(generics.RetrieveAPIView):
    """One placement the user may see."""

    serializer_class = PlacementOutputSerializer
    permission_classes = [RegistryPermission]
    permission_name = PlacementListApi.permission_name

    def get_object(self) -> Placement:
        placement = get_scoped_or_404(
            self.request, selectors.placements(), pk=self.kwargs["placement_id"]
        )
        if not _visible_placements(self.request).filter(pk=placement.pk).exists():
            raise Http404
        return placement


class PlacementLogbookApi(generics.ListAPIView):
    """The logbook entries of a placement the user may see, by date."""

    serializer_class = LogbookEntryOutputSerializer
    permission_classes = [RegistryPermission]
    permission_name = PlacementListApi.permission_name

    def get_queryset(self) -> QuerySet[LogbookEntry]:
        placement = get_scoped_or_404(
            self.request, selectors.placements(), pk=self.kwargs["placement_id"]
        )
        if not _visible_placements(self.request).filter(pk=placement.pk).exists():
            raise Http404
        return LogbookEntry.objects.filter(placement=placement).order_by("date")
