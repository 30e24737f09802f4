from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from binaan.core.api import ReadAuditedListMixin, RegistryPermission
from binaan.core.dates import facility_today
from binaan.core.scoping import current_facility, get_scoped_or_404
from binaan.residents import selectors, services
from binaan.residents.forms import ResidentFilterForm
from binaan.residents.models import Movement, Remission, Resident, SentenceChange
from binaan.residents.views import sees_case_data


class ResidentBasicSerializer(serializers.ModelSerializer):
    """What partner and intern may see: who, which number, where."""

    block = serializers.CharField(
        source="block.name", default=None, allow_null=True, read_only=True
    )

    class Meta:
        model = Resident
        fields = ["id", "registration_number", "full_name", "block"]


class ResidentListSerializer(ResidentBasicSerializer):
    class Meta(ResidentBasicSerializer.Meta):
        fields = [
            *ResidentBasicSerializer.Meta.fields,
            "custody_status",
            "register_code",
            "sex",
            "religion",
            "state",
        ]


class RemissionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Remission
        fields = [
            "kind",
            "days",
            "decree_number",
            "decree_date",
            "revoked_on",
            "revocation_reason",
        ]


class SentenceChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = SentenceChange
        fields = [
            "kind",
            "decree_number",
            "decree_date",
            "previous_kind",
            "previous_start",
            "previous_years",
            "previous_months",
            "previous_days",
            "new_kind",
            "new_start",
            "new_years",
            "new_months",
            "new_days",
            "note",
        ]


class MovementSerializer(serializers.ModelSerializer):
    from_facility = serializers.CharField(
        source="from_facility.code", default=None, allow_null=True
    )
    to_facility = serializers.CharField(source="to_facility.code", default=None, allow_null=True)
    from_block = serializers.CharField(source="from_block.name", default=None, allow_null=True)
    to_block = serializers.CharField(source="to_block.name", default=None, allow_null=True)

    class Meta:
        model = Movement
        fields = ["kind", "date", "from_facility", "to_facility", "from_block", "to_block", "note"]


class KeyDatesSerializer(serializers.Serializer):
    expiry = serializers.DateField()
    one_third = serializers.DateField()
    half = serializers.DateField()
    two_thirds = serializers.DateField()
    asimilasi_from = serializers.DateField()
    pb_from = serializers.DateField(allow_null=True)
    cb_from = serializers.DateField(allow_null=True)
    stage = serializers.CharField(allow_null=True)


class CourtDateSerializer(serializers.Serializer):
    date = serializers.DateField()
    court = serializers.CharField(allow_blank=True)


class ResidentDetailSerializer(ResidentListSerializer):
    room = serializers.CharField(source="room.name", default=None, allow_null=True, read_only=True)
    remissions = RemissionSerializer(many=True, read_only=True)
    sentence_changes = SentenceChangeSerializer(many=True, read_only=True)
    is_child = serializers.SerializerMethodField()
    sentenced_as_child = serializers.BooleanField(read_only=True)
    movements = MovementSerializer(many=True, read_only=True)
    court_dates = serializers.SerializerMethodField()
    key_dates = serializers.SerializerMethodField()

    class Meta(ResidentListSerializer.Meta):
        fields = [
            *ResidentListSerializer.Meta.fields,
            "alias",
            "birth_date",
            "birth_place",
            "nationality",
            "room",
            "admission_date",
            "charge",
            "sentence_start",
            "sentence_years",
            "sentence_months",
            "sentence_days",
            "court_decision_date",
            "sentence_kind",
            "offence_date",
            "fine_unpaid",
            "subsider_days",
            "declared_child",
            "is_child",
            "sentenced_as_child",
            "remission_days_total",
            "key_dates",
            "remissions",
            "sentence_changes",
            "movements",
            "court_dates",
        ]

    @extend_schema_field(CourtDateSerializer(many=True))
    def get_court_dates(self, resident: Resident) -> list[dict[str, Any]]:
        return [{"date": c.date, "court": c.court} for c in resident.court_dates.all()]

    def get_is_child(self, resident: Resident) -> bool | None:
        today = self.context.get("today")
        return resident.is_child_on(today) if today is not None else None

    @extend_schema_field(KeyDatesSerializer(allow_null=True))
    def get_key_dates(self, resident: Resident) -> dict[str, Any] | None:
        dates = resident.key_dates(on=self.context.get("today"))
        return KeyDatesSerializer(dates).data if dates else None


def _choices(name: str) -> list[str]:
    field = ResidentFilterForm.base_fields[name]
    return [str(value) for value, _label in field.choices if value]  # type: ignore[attr-defined]


@extend_schema(
    parameters=[
        OpenApiParameter("q", str, description="Name (partial) or registration number"),
        OpenApiParameter("block", int, description="Block (location id)"),
        OpenApiParameter("sex", str, enum=_choices("sex")),
        *(
            OpenApiParameter(name, str, enum=_choices(name), description="Staff only")
            for name in ResidentFilterForm.CASE_FILTERS
        ),
    ]
)
class ResidentListApi(ReadAuditedListMixin, generics.ListAPIView):
    """Residents of the active facility (active ones unless `state` says otherwise). Partner and
    intern get names, numbers and block only, and may not filter by case data."""

    permission_classes = [RegistryPermission]
    permission_name = "residents.view"
    read_audit_what = "api.residents.list"

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        # The schema generator has no workplace; it documents the staff (fullest) shape.
        if getattr(self, "swagger_fake_view", False) or sees_case_data(self.request):
            return ResidentListSerializer
        return ResidentBasicSerializer

    def get_queryset(self) -> QuerySet[Resident]:
        if getattr(self, "swagger_fake_view", False):
            return Resident.objects.none()
        request: Request = self.request
        facility = current_facility(request)
        form = ResidentFilterForm(
            request.query_params or None, facility=facility, limited=not sees_case_data(request)
        )
        if request.query_params and not form.is_valid():
            raise ValidationError(
                {name: [str(e) for e in errors] for name, errors in form.errors.items()}
            )
        filters = form.filters() if request.query_params else {}
        return selectors.resident_list(facility=facility, today=facility_today(facility), **filters)


class ResidentDetailApi(generics.RetrieveAPIView):
    """One resident of the active facility: the full profile for staff who may see case data,
    names, number and block for anyone else. Each read is audited."""

    permission_classes = [RegistryPermission]
    permission_name = "residents.view"

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        if getattr(self, "swagger_fake_view", False) or sees_case_data(self.request):
            return ResidentDetailSerializer
        return ResidentBasicSerializer

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        context["today"] = facility_today(current_facility(self.request))
        return context

    def get_object(self) -> Resident:
        request: Request = self.request
        queryset = Resident.objects.select_related("block")
        if sees_case_data(request):
            queryset = selectors.resident_profile(queryset=queryset)
        resident = get_scoped_or_404(request, queryset, pk=self.kwargs["resident_id"])
        services.resident_access_record(resident=resident)
        return resident
