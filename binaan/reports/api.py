from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from binaan.core.api import RegistryPermission, query_params
from binaan.core.dates import facility_today
from binaan.core.scoping import current_facility
from binaan.reports import selectors
from binaan.reports.selectors import Month


class MonthlyReportInputSerializer(serializers.Serializer):
    month = serializers.CharField(
        required=False, max_length=7, help_text="YYYY-MM, 2000-01 to 2100-12; default this month."
    )

    def validate_month(self, value: str) -> Month:
        try:
            return Month.parse(value)
        except ValueError:
            raise serializers.ValidationError(
                _("Give the month as YYYY-MM, from 2000-01 to 2100-12.")
            ) from None


class MonthlyReportApi(APIView):
    """The active facility's monthly report: the same figures as the page (report_as_dict)."""

    permission_classes = [RegistryPermission]
    permission_name = "reports.view_facility"

    @extend_schema(parameters=[MonthlyReportInputSerializer], responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        facility = current_facility(request)
        query = query_params(MonthlyReportInputSerializer, request)
        month: Any = query.get("month") or Month.of(facility_today(facility))
        report = selectors.monthly_report(facility=facility, month=month)
        return Response(selectors.report_as_dict(report))
