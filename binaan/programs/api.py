from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError as ApiValidationError

from binaan.core.api import ReadAuditedListMixin, RegistryPermission
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
    serializer_class = ProgramOutputSerializer
    permission_classes = [RegistryPermission]
    permission_name = "programs.view"

    def get_queryset(self) -> QuerySet[Program]:
        return selectors.program_list(selectors.visible_programs(workplace_of(self.request)))


class ProgramDetailApi(generics.RetrieveAPIView):
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
    location_name = serializers.CharField(source="location.name", default=None)
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


class SessionListApi(generics.ListAPIView):
    """Sessions starting in [start, end] (local dates, `?start=YYYY-MM-DD&end=YYYY-MM-DD`)."""

    serializer_class = SessionOutputSerializer
    permission_classes = [RegistryPermission]
    permission_name = "sessions.view"

    def get_queryset(self) -> QuerySet[Session]:
        facility = current_facility(self.request)
        try:
            start = date.fromisoformat(self.request.query_params.get("start", ""))
            end = date.fromisoformat(self.request.query_params.get("end", ""))
        except ValueError as error:
            raise ApiValidationError({"start": "Give start and end as YYYY-MM-DD."}) from error
        if (end - start).days > 366:
            raise ApiValidationError({"end": "At most one year per request."})
        lo, hi = local_day_bounds(facility, start, through=end)
        sessions = selectors.visible_sessions(workplace_of(self.request))
        program = self.request.query_params.get("program", "")
        if program.isdigit():
            sessions = sessions.filter(program_id=int(program))
        return (
            sessions.filter(starts_at__gte=lo, starts_at__lt=hi)
            .select_related("program", "location")
            .order_by("starts_at", "pk")
        )


class SessionDetailApi(generics.RetrieveAPIView):
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
    block = serializers.CharField(source="resident.block.name", default=None)

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
