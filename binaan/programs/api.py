from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers

from binaan.core.api import (
    BoundedDateField,
    IdField,
    ReadAuditedListMixin,
    RegistryPermission,
    query_params,
)
from binaan.core.dates import local_day_bounds
from binaan.core.scoping import current_facility, workplace_of
from binaan.programs import selectors
from binaan.programs.models import AgendaItem, Enrollment, Program, ProgramSlot, Session


class SlotSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgramSlot
        fields = ["weekday", "start_time", "end_time"]


class ProgramOutputSerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="category.name")
    category_group = serializers.CharField(source="category.group")
    # Codes are for programs; the *_label fields are what a person reads (translated labels).
    category_group_label = serializers.CharField(source="category.get_group_display")
    status_label = serializers.CharField(source="get_status_display")
    slots = SlotSerializer(many=True)
    partners: serializers.StringRelatedField = serializers.StringRelatedField(many=True)
    enrolled_count = serializers.IntegerField(required=False)
    waitlist_count = serializers.IntegerField(required=False)

    class Meta:
        model = Program
        fields = [
            "id",
            "name",
            "category",
            "category_group",
            "category_group_label",
            "description",
            "default_location",
            "capacity",
            "sexes",
            "religions",
            "custody_statuses",
            "start_date",
            "end_date",
            "slots",
            "rrule",
            "rrule_start_time",
            "duration_minutes",
            "runs_on_holidays",
            "agenda_template",
            "min_attendance_rate",
            "status",
            "status_label",
            "partners",
            "enrolled_count",
            "waitlist_count",
        ]


class ProgramListApi(generics.ListAPIView):
    """The programs of the active facility the user may see, with their slots and counts."""

    serializer_class = ProgramOutputSerializer
    permission_classes = [RegistryPermission]
    permission_name = "programs.view"

    def get_queryset(self) -> QuerySet[Program]:
        return selectors.program_list(selectors.visible_programs(workplace_of(self.request)))


class ProgramDetailApi(generics.RetrieveAPIView):
    """One program the user may see (404 outside the active facility or the user's programs)."""

    serializer_class = ProgramOutputSerializer
    permission_classes = [RegistryPermission]
    permission_name = "programs.view"

    def get_object(self) -> Program:
        programs = selectors.program_list(selectors.visible_programs(workplace_of(self.request)))
        return get_object_or_404(programs, pk=self.kwargs["program_id"])


class AgendaItemSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")

    class Meta:
        model = AgendaItem
        fields = ["order", "kind", "kind_label", "topic", "speaker", "facilitator"]


class SessionOutputSerializer(serializers.ModelSerializer):
    program_name = serializers.CharField(source="program.name")
    location_name = serializers.CharField(source="location.name", default=None, allow_null=True)
    status_label = serializers.CharField(source="get_status_display")
    origin_label = serializers.CharField(source="get_origin_display")

    class Meta:
        model = Session
        fields = [
            "id",
            "program",
            "program_name",
            "starts_at",
            "ends_at",
            "location",
            "location_name",
            "status",
            "status_label",
            "cancel_reason",
            "origin",
            "origin_label",
            "is_modified",
        ]


class SessionDetailSerializer(SessionOutputSerializer):
    agenda = AgendaItemSerializer(source="agenda_items", many=True)

    class Meta(SessionOutputSerializer.Meta):
        fields = [*SessionOutputSerializer.Meta.fields, "notes", "agenda"]


class SessionListQuerySerializer(serializers.Serializer):
    start = BoundedDateField(help_text="First local day (YYYY-MM-DD), 2000-01-01 to 2100-12-31.")
    end = BoundedDateField(help_text="Last local day (YYYY-MM-DD), at most 366 days after start.")
    program = IdField(required=False, help_text="Only this program's sessions.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        days = (attrs["end"] - attrs["start"]).days
        if days < 0:
            raise serializers.ValidationError({"end": _("The end is before the start.")})
        if days > 366:
            raise serializers.ValidationError({"end": _("At most one year per request.")})
        return attrs


@extend_schema(parameters=[SessionListQuerySerializer])
class SessionListApi(generics.ListAPIView):
    """Sessions starting from `start` through `end` (local dates in the active facility's zone),
    optionally of one `program`; those the user may see, in order of start."""

    serializer_class = SessionOutputSerializer
    permission_classes = [RegistryPermission]
    permission_name = "sessions.view"

    def get_queryset(self) -> QuerySet[Session]:
        if getattr(self, "swagger_fake_view", False):
            return Session.objects.none()
        facility = current_facility(self.request)
        query = query_params(SessionListQuerySerializer, self.request)
        lo, hi = local_day_bounds(facility, query["start"], through=query["end"])
        sessions = selectors.visible_sessions(workplace_of(self.request))
        if "program" in query:
            sessions = sessions.filter(program_id=query["program"])
        return (
            sessions.filter(starts_at__gte=lo, starts_at__lt=hi)
            .select_related("program", "location")
            .order_by("starts_at", "pk")
        )


class SessionDetailApi(generics.RetrieveAPIView):
    """One session the user may see, with its notes and agenda."""

    serializer_class = SessionDetailSerializer
    permission_classes = [RegistryPermission]
    permission_name = "sessions.view"

    def get_object(self) -> Session:
        sessions = selectors.session_detail(selectors.visible_sessions(workplace_of(self.request)))
        return get_object_or_404(sessions, pk=self.kwargs["session_id"])


class EnrollmentOutputSerializer(serializers.ModelSerializer):
    # Names, numbers and block only: what every role that sees a roster may see.
    resident_name = serializers.CharField(source="resident.full_name")
    registration_number = serializers.CharField(source="resident.registration_number")
    block = serializers.CharField(source="resident.block.name", default=None, allow_null=True)

    class Meta:
        model = Enrollment
        fields = [
            "id",
            "resident",
            "resident_name",
            "registration_number",
            "block",
            "status",
            "waitlist_position",
            "enrolled_on",
            "ended_on",
            "end_reason",
        ]


class ProgramEnrollmentListApi(ReadAuditedListMixin, generics.ListAPIView):
    """The roster and waitlist of a program: names, numbers and block, never case data."""

    serializer_class = EnrollmentOutputSerializer
    permission_classes = [RegistryPermission]
    permission_name = "programs.view"
    read_audit_what = "api.programs.enrollments"

    def get_queryset(self) -> QuerySet[Enrollment]:
        program = get_object_or_404(
            selectors.visible_programs(workplace_of(self.request)),
            pk=self.kwargs["program_id"],
        )
        return selectors.enrollments_of(program)
