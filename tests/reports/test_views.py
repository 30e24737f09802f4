"""Report pages: roles, methods, scope (facility, Kanwil, national), exports, constant queries."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from binaan.accounts.models import Role, User
from binaan.core.models import AuditEvent
from binaan.facilities.models import Facility
from binaan.reports.exports import metric_columns, sheet_title
from tests.factories import FacilityFactory, national_user, regional_user
from tests.querycount import assert_flat_queries, requesting
from tests.reports.conftest import SmallMonth, build_small_month

pytestmark = pytest.mark.django_db
MARCH = {"month": "2026-03"}


def facility_url(facility: Facility) -> str:
    return reverse("reports:facility", kwargs={"facility_id": facility.pk})


@pytest.fixture
def head(make_user: Callable[..., User]) -> User:
    return make_user(Role.HEAD)


def test_head_sees_the_monthly_report(
    small_month: SmallMonth, head: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(head).get(facility_url(small_month.facility), MARCH)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Pengajian Rutin Qonita" in html and "Ustadzah sakit" in html
    # No resident's name appears in a report (aggregate only).
    assert "R10" not in html and "R1<" not in html


def test_index_redirects_each_kind_of_user(
    facility: Facility, head: User, client_for: Callable[[User], Client]
) -> None:
    assert client_for(head).get(reverse("reports:index")).url == facility_url(facility)  # type: ignore[attr-defined]
    office = facility.regional_office
    kanwil = regional_user(office)
    assert client_for(kanwil).get(reverse("reports:index")).url == reverse(  # type: ignore[attr-defined]
        "reports:regional", kwargs={"regional_office_id": office.pk}
    )
    response = client_for(national_user()).get(reverse("reports:index"))
    assert response.status_code == 200 and office.name in response.content.decode()


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.HUMAS, Role.PARTNER, Role.INTERN])
def test_roles_without_reports_get_403(
    role: str,
    facility: Facility,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    client = client_for(make_user(role))
    assert client.get(facility_url(facility)).status_code == 403
    assert client.get(reverse("reports:index")).status_code == 403
    assert client.get(reverse("reports:national")).status_code == 403
    assert client.get(reverse("api:report_monthly")).status_code == 403


def test_wrong_method_is_405(
    facility: Facility, head: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(head)
    assert client.post(facility_url(facility)).status_code == 405
    assert client.post(reverse("reports:index")).status_code == 405
    national = client_for(national_user())
    assert national.post(reverse("reports:national")).status_code == 405
    office = facility.regional_office
    kanwil = client_for(regional_user(office))
    url = reverse("reports:regional", kwargs={"regional_office_id": office.pk})
    assert kanwil.post(url).status_code == 405


def test_bad_month_is_explained(
    facility: Facility, head: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(head).get(facility_url(facility), {"month": "2026-13"})
    assert response.status_code == 200
    assert (
        "bukan bulan" in response.content.decode() or "is not a month" in response.content.decode()
    )


def test_regional_user_sees_own_region_only(
    small_month: SmallMonth, client_for: Callable[[User], Client]
) -> None:
    facility = small_month.facility
    office = facility.regional_office
    sister = FacilityFactory(regional_office=office, name="Lapas Kelas IIA Balikpapan")
    elsewhere = FacilityFactory(name="Rutan Kelas I Jakarta Pusat")  # another Kanwil
    client = client_for(regional_user(office))
    assert client.get(facility_url(facility), MARCH).status_code == 200
    assert client.get(facility_url(sister), MARCH).status_code == 200
    # Another region's facility and another region: 404, not 403 (existence is not revealed).
    assert client.get(facility_url(elsewhere), MARCH).status_code == 404
    other_region = reverse(
        "reports:regional", kwargs={"regional_office_id": elsewhere.regional_office_id}
    )
    assert client.get(other_region).status_code == 404
    assert client.get(reverse("reports:national")).status_code == 403

    response = client.get(
        reverse("reports:regional", kwargs={"regional_office_id": office.pk}), MARCH
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert facility.name in html and sister.name in html and elsewhere.name not in html
    # Ranking: only the facility with marks is ranked; S6 lists it under "without attendance".
    ranking = re.search(r'data-testid="ranking">(.*?)</ol>', html, re.S)
    assert ranking and f"{facility.name} — 82,9%" in ranking.group(1)  # 29 of 35
    gaps = re.search(r'data-testid="without-attendance">(.*?)</ul>', html, re.S)
    assert gaps and facility.name in gaps.group(1) and sister.name not in gaps.group(1)
    assert "R10" not in html


def test_facility_user_cannot_open_regional_pages(
    facility: Facility, other_facility: Facility, all_roles_user: User,
    client_for: Callable[[User], Client],
) -> None:  # fmt: skip
    client = client_for(all_roles_user)
    own = reverse("reports:regional", kwargs={"regional_office_id": facility.regional_office_id})
    foreign = reverse(
        "reports:regional", kwargs={"regional_office_id": other_facility.regional_office_id}
    )
    # Their own Kanwil: known to them, refused by role. Another Kanwil: not found.
    assert client.get(own).status_code == 403
    assert client.get(foreign).status_code == 404
    assert client.get(facility_url(other_facility)).status_code == 404


def test_national_sees_every_region(
    small_month: SmallMonth, client_for: Callable[[User], Client]
) -> None:
    elsewhere = FacilityFactory(name="Rutan Kelas I Jakarta Pusat", time_zone="Asia/Jakarta")
    client = client_for(national_user())
    response = client.get(reverse("reports:national"), MARCH)
    html = response.content.decode()
    assert response.status_code == 200
    assert small_month.facility.name in html and elsewhere.name in html
    assert elsewhere.regional_office.name in html
    assert client.get(facility_url(elsewhere)).status_code == 200
    data = json.loads(client.get(reverse("reports:national"), {**MARCH, "export": "json"}).content)
    assert data["total"]["marked"] == 38 and data["total"]["participants"] == 10
    assert {f["code"] for f in data["facilities"]} >= {small_month.facility.code, elsewhere.code}
    assert AuditEvent.objects.filter(action="export", object_type="reports.national").exists()


def test_exports_are_audited_and_signed(
    small_month: SmallMonth, head: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(head)
    url = facility_url(small_month.facility)
    for fmt, kind in (
        ("xlsx", "spreadsheetml"), ("pdf", "application/pdf"), ("csv", "text/csv"),
        ("json", "application/json"),
    ):  # fmt: skip
        response = client.get(url, {**MARCH, "export": fmt})
        assert response.status_code == 200, fmt
        assert kind in response["Content-Type"]
        assert (
            f"laporan-bulanan-{small_month.facility.code}-2026-03.{fmt}"
            in response["Content-Disposition"]
        )
    events = AuditEvent.objects.filter(action="export", object_type="reports.monthly", actor=head)
    assert sorted(e.after["format"] for e in events) == ["csv", "json", "pdf", "xlsx"]  # type: ignore[index]

    body = client.get(url, {**MARCH, "export": "csv"}).content
    assert body.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens UTF-8 correctly
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == ["breakdown", "key", "metric", "value"]
    assert ["total", "total", "marked", "38"] in rows
    assert ["meta", "made_by", "user", head.full_name or head.username] in rows
    assert ["block", "Blok B", "rate", "60,0%"] in rows  # Indonesian, as the page shows it

    pdf = client.get(url, {**MARCH, "export": "pdf"}).content
    assert pdf.startswith(b"%PDF") and b"/Author" in pdf

    data = json.loads(client.get(url, {**MARCH, "export": "json"}).content)
    assert data["total"]["held"] == 4 and data["made_by"]


def _page_numbers(html: str) -> dict[tuple[str, str, str], str]:
    """(breakdown, row label, metric) → the number shown in the page's tables."""
    numbers: dict[tuple[str, str, str], str] = {}
    for table in re.finditer(
        r'<table class="table" data-breakdown="(\w+)">(.*?)</table>', html, re.S
    ):
        key = table.group(1)
        for row in re.finditer(r'<tr data-key="([^"]*)">(.*?)</tr>', table.group(2), re.S):
            for cell in re.finditer(
                r'data-metric="(\w+)"(?: data-value="([^"]*)")?>([^<]*)<', row.group(2)
            ):
                metric, value, shown = cell.groups()
                numbers[(key, row.group(1), metric)] = value if value is not None else shown
    return numbers


def test_page_and_xlsx_show_the_same_numbers(
    small_month: SmallMonth, head: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(head)
    url = facility_url(small_month.facility)
    html = client.get(url, MARCH).content.decode()
    page = _page_numbers(html)
    titles = {
        key: unescape(title) for key, title in re.findall(r'<h2 id="b-(\w+)">([^<]*)</h2>', html)
    }
    book = load_workbook(io.BytesIO(client.get(url, {**MARCH, "export": "xlsx"}).content))
    compared = 0
    with translation.override("id"):  # the page and the file were made in Indonesian
        for key, title in titles.items():
            sheet = book[sheet_title(title)]
            by_title = {t: m for m, t in metric_columns(key in {"group", "area", "program"})}
            header = [cell.value for cell in sheet[1]]
            for line in sheet.iter_rows(min_row=2, values_only=True):
                for column, value in zip(header[1:], line[1:], strict=True):
                    metric = by_title[str(column)]
                    if metric in {"present", "absent"}:
                        continue  # the page shows participations (= present) and no absences
                    shown = page[(key, str(line[0]), metric)]
                    if metric == "rate":
                        assert sheet.cell(row=2, column=len(header)).number_format == "0.0%"
                        # The same rounded figure: 87.5 on the page is 0.875 in the cell.
                        assert float(shown) / 100 == pytest.approx(value, abs=1e-9), (key, line[0])
                    else:
                        assert isinstance(value, int), (key, line[0], metric)  # a number
                        assert int(shown) == value, (key, line[0], metric)
                    compared += 1
        summary = book.worksheets[0]
        for label, value, _previous in summary.iter_rows(min_row=6, max_col=3, values_only=True):
            metric = {t: m for m, t in metric_columns(True)}[str(label)]
            shown = page[("summary", metric, metric)]
            if metric == "rate":
                assert float(shown) / 100 == pytest.approx(value, abs=1e-9)
            else:
                assert int(shown) == value
            compared += 1
    # Seven breakdowns of two rows each (groups, areas, programs, sexes, custody statuses,
    # religions, blocks) with 6–9 numbers per row, and the summary's 11 figures.
    assert compared >= 14 * 6 + 11


def test_monthly_report_queries_do_not_grow(
    facility: Facility, head: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(head)
    build_small_month(facility)

    def three_times() -> None:
        # Three times the residents, sessions, marks, programs, blocks, partners and facilitators.
        build_small_month(facility, tag=" II")
        build_small_month(facility, tag=" III")

    assert_flat_queries(
        requesting(client, facility_url(facility), MARCH), grow=three_times, ceiling=24
    )


def test_regional_report_queries_do_not_grow(client_for: Callable[[User], Client]) -> None:
    first = FacilityFactory()
    office = first.regional_office
    build_small_month(first)
    client = client_for(regional_user(office))
    url = reverse("reports:regional", kwargs={"regional_office_id": office.pk})

    def three_more_facilities() -> None:
        for number in range(3):
            build_small_month(FacilityFactory(regional_office=office), tag=f" {number}")

    assert_flat_queries(requesting(client, url, MARCH), grow=three_more_facilities, ceiling=9)
    national = client_for(national_user())
    assert_flat_queries(
        requesting(national, reverse("reports:national"), MARCH),
        grow=lambda: build_small_month(FacilityFactory(time_zone="Asia/Jayapura"), tag=" timur"),
        ceiling=8,
    )


def test_index_keeps_the_month_and_the_export(
    small_month: SmallMonth, head: User, client_for: Callable[[User], Client]
) -> None:
    """``/reports/?month=2026-04&export=…`` is April's file, not the current month's page."""
    client = client_for(head)
    index = reverse("reports:index")
    code = small_month.facility.code
    for fmt in ("pdf", "xlsx", "csv", "json"):
        response = client.get(index, {"month": "2026-04", "export": fmt}, follow=True)
        assert response.status_code == 200, fmt
        assert f"laporan-bulanan-{code}-2026-04.{fmt}" in response["Content-Disposition"], fmt
        if fmt == "pdf":
            assert response.content.startswith(b"%PDF")
    # April holds S7 only: one session, five marks, all present (March has 4 held, 38 marked).
    data = json.loads(
        client.get(index, {"month": "2026-04", "export": "json"}, follow=True).content
    )
    assert data["total"]["held"] == 1 and data["total"]["marked"] == 5

    page = client.get(index, {"month": "2026-04"}, follow=True)
    assert page.redirect_chain[-1][0].endswith("?month=2026-04")
    assert re.search(r'data-testid="report-month">April 2026<', page.content.decode())


def test_index_with_a_bad_month_explains_it_in_indonesian(
    facility: Facility, head: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(head).get(
        reverse("reports:index"), {"month": "2026-4x", "export": "pdf"}, follow=True
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")  # the page, not a file
    html = unescape(response.content.decode())
    assert "“2026-4x” bukan bulan; gunakan bentuk TTTT-BB" in html
    assert 'class="field has-error"' in html
