"""The OpenAPI schema tells the truth: every GET operation of `/api/schema/`, answered as an
officer, a partner and an intern with valid and invalid parameters, returns only documented
statuses, and each body validates (jsonschema, `$ref`s resolved against the schema's components)
against the schema documented for its status. Partner and intern bodies carry no case data."""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import time, timedelta
from typing import Any

import pytest
from django.core.exceptions import FieldDoesNotExist
from django.test import Client
from jsonschema import Draft202012Validator, FormatChecker
from rest_framework import serializers

from binaan.accounts.models import User
from binaan.core.dates import facility_today
from binaan.core.permissions import Role
from binaan.devtools import scoped_objects as so
from binaan.facilities.models import Facility, Location, LocationKind
from binaan.programs.models import AgendaItem, ProgramSlot, SessionIntern
from binaan.residents.models import Movement, MovementKind
from tests.residents.test_visibility import CASE_KEYS

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"
# RFC 3339 as JSON Schema means it (jsonschema checks these only with optional packages).
FULL_TIME = r"([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)"
FORMATS = FormatChecker()


@FORMATS.checks("date-time")
def _is_date_time(value: object) -> bool:
    return not isinstance(value, str) or bool(
        re.fullmatch(rf"\d{{4}}-\d{{2}}-\d{{2}}[Tt]{FULL_TIME}", value)
    )


@FORMATS.checks("time")
def _is_time(value: object) -> bool:
    return not isinstance(value, str) or bool(re.fullmatch(FULL_TIME, value))


def as_json_schema(node: Any) -> Any:
    """OpenAPI 3.0's `nullable` as JSON Schema's null type (the rest is JSON Schema already)."""
    if isinstance(node, list):
        return [as_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: as_json_schema(value) for key, value in node.items() if key != "nullable"}
    if not node.get("nullable"):
        return converted
    if isinstance(converted.get("type"), str) and "$ref" not in converted:
        converted["type"] = [converted["type"], "null"]
        if "enum" in converted:
            converted["enum"] = [*converted["enum"], None]
        return converted
    return {"anyOf": [converted, {"type": "null"}]}


@dataclass
class World:
    facility: Facility
    officer: User
    partner: User
    intern: User
    path_ids: dict[str, int]


@pytest.fixture
def world(facility: Facility) -> World:
    today = facility_today(facility)
    block = so.location(facility)
    room = Location.objects.create(
        facility=facility, name="Kamar 1", kind=LocationKind.ROOM, parent=block
    )
    # No location: the session's `location`/`location_name` are null.
    session = so.session(facility, roster=2)
    program = session.program
    ProgramSlot.objects.create(program=program, weekday=0, start_time=time(9), end_time=time(11))
    AgendaItem.objects.create(session=session, order=1, kind="tilawah", topic="Al-Baqarah")
    resident = so.resident(facility, block=block, room=room)
    so.enrollment(facility, program=program, resident=resident)
    Movement.objects.create(
        resident=resident, kind=MovementKind.BLOCK_CHANGE, date=today, to_block=block
    )
    so.remission(facility)
    partner = so.member(facility, Role.PARTNER)
    so.facilitator(facility, user=partner).programs.add(program)
    intern = so.member(facility, Role.INTERN)
    placement = so.placement(facility, intern=intern)
    so.logbook_entry(facility, placement_of=placement)
    SessionIntern.objects.create(session=session, user=intern)
    return World(
        facility=facility,
        officer=so.member(facility, Role.OFFICER),
        partner=partner,
        intern=intern,
        path_ids={
            "session_id": session.pk,
            "program_id": program.pk,
            "resident_id": resident.pk,
            "location_id": block.pk,
            "placement_id": placement.pk,
        },
    )


@pytest.fixture
def schema(world: World) -> dict[str, Any]:
    client = Client()
    client.force_login(world.officer)
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def valid_query(path: str, world: World) -> dict[str, str]:
    today = facility_today(world.facility)
    if path.endswith("/sessions/"):
        return {"start": str(today - timedelta(days=7)), "end": str(today + timedelta(days=7))}
    return {}


def invalid_values(parameter: dict[str, Any]) -> list[str]:
    kind = parameter.get("schema", {})
    if kind.get("type") == "integer":
        return [HUGE, "-1", "0", "x", "1.5"]
    if kind.get("format") == "date":
        return ["0001-01-01", "9999-12-31", "2026-02-30", "x"]
    return ["zzz-" + "x" * 120, "9999-12", "0001-01"]


def requests_for(
    path: str, operation: dict[str, Any], world: World
) -> Iterator[tuple[str, dict[str, str]]]:
    """The valid request, then each query parameter (and path id) made invalid in turn."""
    url = path
    for name, pk in world.path_ids.items():
        url = url.replace("{" + name + "}", str(pk))
    assert "{" not in url, f"no id for {path}: add it to the world fixture"
    query = valid_query(path, world)
    yield url, query
    for parameter in operation.get("parameters", []):
        if parameter["in"] != "query":
            continue
        for value in invalid_values(parameter):
            yield url, {**query, parameter["name"]: value}
        if parameter.get("required"):
            yield url, {k: v for k, v in query.items() if k != parameter["name"]}
    if url != path:
        for bad in (HUGE, "999999999"):
            yield re.sub(r"/\d+/", f"/{bad}/", url, count=1), query


def keys_in(body: Any) -> set[str]:
    if isinstance(body, dict):
        return set(body) | {key for value in body.values() for key in keys_in(value)}
    if isinstance(body, list):
        return {key for item in body for key in keys_in(item)}
    return set()


def test_every_get_answers_what_the_schema_documents(world: World, schema: dict[str, Any]) -> None:
    components = as_json_schema(schema["components"])
    seen: dict[str, set[int]] = {}
    checked = 0
    for role, user in (
        ("officer", world.officer),
        ("partner", world.partner),
        ("intern", world.intern),
    ):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        for path, operations in schema["paths"].items():
            operation = operations.get("get")
            if operation is None:
                continue
            for url, query in requests_for(path, operation, world):
                response = client.get(url, query)
                where = f"{role} GET {url} {query} → {response.status_code}"
                documented = operation["responses"].get(str(response.status_code))
                assert documented is not None, f"undocumented status: {where}"
                body_schema = documented["content"]["application/json"]["schema"]
                validator = Draft202012Validator(
                    {**as_json_schema(body_schema), "components": components},
                    format_checker=FORMATS,
                )
                body = response.json()
                errors = [
                    f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
                    for e in validator.iter_errors(body)
                ]
                assert not errors, f"{where}: {errors[:5]}"
                if role != "officer":
                    leaked = keys_in(body) & CASE_KEYS
                    assert not leaked, f"case data for {where}: {sorted(leaked)}"
                seen.setdefault(f"{role} {path}", set()).add(response.status_code)
                checked += 1
    # Each role reached real data somewhere, and the invalid values were refused.
    assert {200, 400, 404} <= set().union(*seen.values())
    assert 200 in seen["officer /api/v1/residents/{resident_id}/"]
    assert 200 in seen["partner /api/v1/sessions/{session_id}/attendance/"]
    assert 200 in seen["intern /api/v1/placements/{placement_id}/logbook/"]
    assert 403 in seen["intern /api/v1/programs/"]
    assert checked > 150


def test_every_operation_documents_its_errors(schema: dict[str, Any]) -> None:
    error = schema["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"code", "message", "field", "errors"}
    assert error["properties"]["field"]["nullable"] is True
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation.get("description"), f"{method} {path} has no description"
            for status in ("400", "403", "404"):
                body = operation["responses"][status]["content"]["application/json"]["schema"]
                assert body == {"$ref": "#/components/schemas/Error"}, (method, path, status)
    attendance = schema["paths"]["/api/v1/sessions/{session_id}/attendance/"]["post"]
    assert attendance["responses"]["409"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/StaleRegisterError"
    }
    sessions = {p["name"]: p for p in schema["paths"]["/api/v1/sessions/"]["get"]["parameters"]}
    assert sessions["start"]["required"] and sessions["end"]["required"]
    assert not sessions["program"].get("required")
    assert sessions["start"]["schema"]["format"] == "date"


def test_nullable_fields_are_documented_nullable(schema: dict[str, Any]) -> None:
    components = schema["components"]["schemas"]

    def nullable(component: str, field: str) -> bool:
        return bool(components[component]["properties"][field].get("nullable"))

    assert nullable("ResidentDetail", "room") and nullable("ResidentDetail", "block")
    assert all(
        nullable("Movement", f"{side}_{what}")
        for side in ("from", "to")
        for what in ("facility", "block")
    )
    assert nullable("SessionOutput", "location_name") and nullable("SessionOutput", "location")
    assert nullable("EnrollmentOutput", "block")
    slot_time = components["Slot"]["properties"]["start_time"]
    assert "format" not in slot_time and re.fullmatch(slot_time["pattern"], "09:00:00")


def api_model_serializers() -> Iterator[type[serializers.ModelSerializer]]:
    for app in ("attendance", "facilities", "interns", "programs", "reports", "residents"):
        module = importlib.import_module(f"binaan.{app}.api")
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, serializers.ModelSerializer) and cls.__module__ == module.__name__:
                yield cls


def test_fields_behind_a_nullable_column_allow_null() -> None:
    """A serializer field whose source crosses a null=True column (`room.name`, `mentor`) may
    be null, so it must say so (else the schema claims a string and the body sends null)."""
    missing = []
    for cls in api_model_serializers():
        for name, field in cls().fields.items():
            if field.source == "*" or isinstance(field, serializers.ListSerializer):
                continue
            model: Any = cls.Meta.model
            nullable = False
            for part in str(field.source).split("."):
                try:
                    column = model._meta.get_field(part)
                except FieldDoesNotExist:
                    break
                nullable = nullable or bool(getattr(column, "null", False))
                if not column.is_relation:
                    break
                model = column.related_model
            if nullable and not field.allow_null:
                missing.append(f"{cls.__name__}.{name} ({field.source})")
    assert not missing
