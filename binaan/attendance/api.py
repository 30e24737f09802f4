"""Attendance API: the register of one session, read and saved through `register_save`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from binaan.accounts.models import User
from binaan.attendance import selectors, services
from binaan.core.api import DB_INT_MAX, ErrorSerializer, IdField, RegistryPermission, error_response
from binaan.core.audit import read_record
from binaan.core.scoping import get_scoped_or_404, workplace_of
from binaan.programs.models import Session
from binaan.programs.selectors import markable_sessions, visible_sessions


class MarkOutputSerializer(serializers.Serializer):
    resident = serializers.IntegerField()
    name = serializers.CharField()
    registration_number = serializers.CharField()
    block = serializers.CharField()
    enrolled = serializers.BooleanField()
    reason = serializers.CharField(allow_blank=True)
    note = serializers.CharField(allow_blank=True)
    walk_in_reason = serializers.CharField(allow_blank=True)


class RegisterOutputSerializer(serializers.Serializer):
    session = serializers.IntegerField()
    date = serializers.DateField()
    version = serializers.IntegerField()
    locked = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.DictField())
    rows = MarkOutputSerializer(many=True)


class StaleRegisterErrorSerializer(ErrorSerializer):
    """409 `stale_version`: the error shape and what the other save changed."""

    version = serializers.IntegerField(help_text="The register's version now.")
    saved_by = serializers.CharField(allow_blank=True)
    saved_at = serializers.DateTimeField(allow_null=True)
    changes = serializers.ListField(child=serializers.CharField())


class MarkInputSerializer(serializers.Serializer):
    resident = IdField()
    reason = serializers.SlugField(max_length=20)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    # Needed for a walk-in who fails the program's eligibility rules.
    walk_in_reason = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default=""
    )


class RegisterInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=0, max_value=DB_INT_MAX)
    marks = MarkInputSerializer(many=True)
    walk_ins = serializers.ListField(child=IdField(), required=False, default=list)
    amend_reason = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default=""
    )


def _register_data(session: Session) -> dict[str, Any]:
    register = selectors.session_register(session)
    return {
        "session": session.pk,
        "date": register.day,
        "version": register.version,
        "locked": services.is_locked(session),
        "reasons": [
            {
                "code": r.code,
                "label": r.display_label,
                "counts_present": r.counts_present,
                "excused": r.excused,
                "needs_note": r.needs_note,
            }
            for r in register.reasons
        ],
        "rows": [
            {
                "resident": row.resident.pk,
                "name": row.resident.full_name,
                "registration_number": row.resident.registration_number,
                "block": str(row.resident.block or ""),
                "enrolled": row.enrolled,
                "reason": row.mark.reason.code if row.mark else "",
                "note": row.mark.note if row.mark else "",
                "walk_in_reason": row.mark.walk_in_reason if row.mark else "",
            }
            for row in register.rows
        ],
    }


class SessionAttendanceApi(APIView):
    """GET the register of a session; POST marks (all or nothing, version-checked)."""

    permission_classes = [RegistryPermission]
    permission_name = "attendance.view_register"

    def _session(self, request: Request, *, for_marking: bool) -> Session:
        workplace = workplace_of(request)
        session = get_scoped_or_404(
            request, visible_sessions(workplace), pk=self.kwargs["session_id"]
        )
        if for_marking and not markable_sessions(workplace).filter(pk=session.pk).exists():
            raise PermissionDenied
        return session

    @extend_schema(
        responses=RegisterOutputSerializer,
        description="The register of a session the user may see: its version, the reasons and "
        "one row per resident on the roster or marked (no case data).",
    )
    def get(self, request: Request, session_id: int) -> Response:
        session = self._session(request, for_marking=False)
        data = _register_data(session)
        read_record(
            request._request,
            what="api.attendance.register",
            count=len(data["rows"]),
            filters={"session": session.pk},
        )
        return Response(RegisterOutputSerializer(data).data)

    @extend_schema(
        request=RegisterInputSerializer,
        responses={200: RegisterOutputSerializer, 409: StaleRegisterErrorSerializer},
        description="Save the whole register in one request: every mark or none. `version` is "
        "the one read; if someone saved since, nothing is written and the answer is 409 "
        "`stale_version` with who saved, when and what changed. 403 when the user may see but "
        "not mark this session.",
    )
    def post(self, request: Request, session_id: int) -> Response:
        session = self._session(request, for_marking=True)
        payload = RegisterInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        user = request.user
        assert isinstance(user, User)  # noqa: S101
        try:
            services.register_save(
                session=session,
                marks={m["resident"]: (m["reason"], m["note"]) for m in data["marks"]},
                walk_ins=data["walk_ins"],
                walk_in_reasons={
                    m["resident"]: m["walk_in_reason"] for m in data["marks"] if m["walk_in_reason"]
                },
                expected_version=data["version"],
                user=user,
                amend_reason=data["amend_reason"],
            )
        except services.StaleRegisterError as stale:
            return error_response(
                status.HTTP_409_CONFLICT,
                "stale_version",
                {"version": stale.messages},
                version=stale.version,
                saved_by=stale.saved_by,
                saved_at=stale.saved_at,
                changes=stale.changes,
            )
        except services.RegisterError as error:
            return error_response(status.HTTP_400_BAD_REQUEST, "invalid", {"marks": error.messages})
        return Response(RegisterOutputSerializer(_register_data(session)).data)
