"""The charts of the reports: inline SVG on the pages, native charts in the XLSX, ReportLab
drawings in the PDF, all from the selectors' rows (binaan/reports/charts.py)."""

from __future__ import annotations

import base64
import io
import re
import zlib
from collections.abc import Callable
from datetime import date
from xml.etree import ElementTree

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from openpyxl.chart import BarChart, LineChart

from binaan.accounts.models import Role, User
from binaan.reports import charts
from binaan.reports.exports import metric_columns, monthly_xlsx, sheet_title
from binaan.reports.pdf import render_monthly_pdf
from binaan.reports.selectors import MonthlyReport, Row, TrendPoint, monthly_report
from tests.reports.conftest import MARCH, NOW, SmallMonth

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert("x")</script> & Co'


def _point(label: str, marked: int, present: int) -> TrendPoint:
    return TrendPoint(
        start=date(2026, 1, 1), label=label, marked=marked, present=present, excused=0
    )


def _parse(svg: str) -> ElementTree.Element:
    """Well-formed XML or an exception: the SVG is the same text on a page or in a file."""
    return ElementTree.fromstring(svg)  # noqa: S314 - our own output, not untrusted input


def test_trend_svg_is_accessible_xml_with_one_marker_per_rate_and_gaps() -> None:
    points = [_point("Jan", 10, 8), _point("Feb", 0, 0), _point("Mar", 4, 3), _point("Apr", 4, 4)]
    svg = charts.trend_svg(points, title="Rate & trend", chart_id="t")
    root = _parse(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.get("aria-labelledby") == "t-title t-desc"
    assert root.find(f"{SVG}title").text == "Rate & trend"  # type: ignore[union-attr]
    description = root.find(f"{SVG}desc").text  # type: ignore[union-attr]
    assert description == "Jan: 80%; Feb: —; Mar: 75%; Apr: 100%"
    markers = root.findall(f"{SVG}circle")
    assert [m.find(f"{SVG}title").text for m in markers] == ["Jan: 80%", "Mar: 75%", "Apr: 100%"]  # type: ignore[union-attr]
    # February has no marks: a gap, so January stands alone and only March–April are joined.
    lines = root.findall(f"{SVG}path")
    assert len(lines) == 1 and lines[0].get("d", "").count("L") == 1
    labels = [t.text for t in root.findall(f"{SVG}text")]
    assert {"Jan", "Feb", "Mar", "Apr", "0%", "100%"} <= set(labels)
    assert "<script" not in svg


def test_trend_svg_thins_out_labels_that_would_overlap() -> None:
    points = [_point(f"{day}/12", 4, 3) for day in range(10, 22)]
    wide = _parse(charts.trend_svg(points, title="Weeks", chart_id="w", width=900))
    narrow = _parse(charts.trend_svg(points, title="Weeks", chart_id="n", width=300))

    def axis(root: ElementTree.Element) -> list[str | None]:
        return [t.text for t in root.findall(f"{SVG}text") if t.get("y") == str(220 - 6)]

    assert axis(wide) == [p.label for p in points]
    assert axis(narrow)[-1] == "21/12" and len(axis(narrow)) < 12
    assert len(narrow.findall(f"{SVG}circle")) == 12  # every value is still drawn


def test_svg_labels_are_escaped() -> None:
    trend = charts.trend_svg([_point(HOSTILE, 2, 1)], title=HOSTILE, chart_id="t")
    bars = charts.category_svg(
        [Row(key="x", label=HOSTILE, marked=4, present=3)], title=HOSTILE, chart_id="c"
    )
    for svg in (trend, bars):
        assert "<script" not in svg and "&lt;script&gt;" in svg and "&amp; Co" in svg
        root = _parse(svg)
        assert root.find(f"{SVG}title").text == HOSTILE  # type: ignore[union-attr]
        assert HOSTILE in "".join(root.itertext())


def test_category_svg_has_one_bar_per_row_scaled_to_the_largest() -> None:
    rows = [
        Row(key="a", label="Ketakwaan", marked=20, present=16, excused=0),
        Row(key="b", label="Keterampilan kerja", marked=10, present=8, excused=2),
        Row(key="c", label="Kesadaran hukum", marked=0),
    ]
    root = _parse(charts.category_svg(rows, title="Areas", chart_id="c"))
    bars = root.findall(f"{SVG}rect")
    assert len(bars) == 3
    widths = [float(b.get("width", "")) for b in bars]
    assert widths[0] == pytest.approx(2 * widths[1]) and widths[2] == 0
    assert [b.find(f"{SVG}title").text for b in bars] == [  # type: ignore[union-attr]
        "Ketakwaan: 16 · 80%",
        "Keterampilan kerja: 8 · 100%",
        "Kesadaran hukum: 0",  # no marks: no rate, never 0 %
    ]
    assert (
        len(_parse(charts.category_svg([], title="Areas", chart_id="e")).findall(f"{SVG}rect")) == 0
    )


def _inline_svgs(html: str) -> dict[str, ElementTree.Element]:
    return {
        root.get("id", ""): root
        for root in (_parse(m) for m in re.findall(r"<svg .*?</svg>", html, re.S))
        if root.get("class") == "chart"
    }


@pytest.mark.django_db
def test_monthly_page_inlines_both_charts_and_their_data(
    small_month: SmallMonth, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    url = reverse("reports:facility", kwargs={"facility_id": small_month.facility.pk})
    html = client_for(make_user(Role.HEAD)).get(url, {"month": "2026-03"}).content.decode()
    assert "data:image" not in html and "<img" not in html.split('id="charts-h"')[1][:4000]
    svgs = _inline_svgs(html)
    trend, areas = svgs["trend-chart"], svgs["area-chart"]
    # Twelve months, of which only February and March 2026 have marks (80 % and 29/35 = 83 %).
    assert len(trend.findall(f"{SVG}circle")) == 2
    assert [t.text for t in trend.findall(f"{SVG}circle/{SVG}title")] == [
        "Feb 26: 80%",
        "Mar 26: 83%",
    ]
    assert len(areas.findall(f"{SVG}rect")) == 2
    assert "Ketakwaan kepada Tuhan Yang Maha Esa: 17 · 94%" in areas.find(f"{SVG}desc").text  # type: ignore[operator, union-attr]
    # The data table beside each chart.
    assert html.count('<details class="chart-data">') == 2
    assert '<td class="num">83%</td>' in html


@pytest.mark.django_db
def test_dashboard_inlines_the_weekly_chart(
    small_month: SmallMonth, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    html = client_for(make_user(Role.HEAD)).get("/").content.decode()
    week = _inline_svgs(html)["week-chart"]
    weeks = week.find(f"{SVG}desc").text.split("; ")  # type: ignore[union-attr]
    assert len(weeks) == 12  # every week is read out, whether it had marks or not
    labels = [w.split(":")[0] for w in weeks]
    axis = [t.text for t in week.findall(f"{SVG}text") if t.get("y") == str(160 - 6)]
    # Every week, or every other one when the labels would overlap; the latest always.
    assert len(axis) in {6, 12} and axis[-1] == labels[-1] and set(axis) <= set(labels)
    assert "data:image" not in html and '<details class="chart-data">' in html


@pytest.fixture
def report(small_month: SmallMonth) -> MonthlyReport:
    with translation.override("id"):
        return monthly_report(facility=small_month.facility, month=MARCH, now=NOW)


def _chart_refs(chart: LineChart | BarChart) -> tuple[str, str]:
    series = chart.series[0]
    return series.val.numRef.f, series.cat.numRef.f


def _cells(book: object, ref: str) -> list[object]:
    sheet, cells = ref.rsplit("!", 1)
    worksheet = book[sheet.strip("'")]  # type: ignore[index]
    return [row[0].value for row in worksheet[cells.replace("$", "")]]


@pytest.mark.django_db
def test_xlsx_has_native_charts_on_the_sheet_cells(report: MonthlyReport) -> None:
    with translation.override("id"):
        content = monthly_xlsx(report, user_name="Petugas")
        trend_title, area_title = str(translation.gettext("Trend")), report.breakdown("area").title
        participations = str(translation.gettext("Participations"))
    book = load_workbook(io.BytesIO(content))
    summary = book.worksheets[0]
    assert not summary._images  # noqa: SLF001 - charts, not pictures
    line, bar = summary._charts  # noqa: SLF001 - openpyxl keeps the loaded charts there
    assert isinstance(line, LineChart) and isinstance(bar, BarChart) and bar.type == "bar"

    values, categories = _chart_refs(line)
    trend = sheet_title(trend_title)
    assert (values, categories) == (f"'{trend}'!$E$2:$E$13", f"'{trend}'!$A$2:$A$13")
    # The page's rounded rates (one decimal, half up), not floats re-rounded by the reader.
    assert _cells(book, values) == [
        None if p.report_percent is None else float(p.report_percent / 100) for p in report.trend
    ]
    assert _cells(book, categories)[-1] == "Maret 2026"
    assert line.display_blanks == "gap"  # months without marks are gaps, not zeros

    values, categories = _chart_refs(bar)
    areas = sheet_title(area_title)
    column = "ABCDEFGHIJKLMN"[1 + [k for k, _t in metric_columns(True)].index("participations")]
    assert (values, categories) == (f"'{areas}'!${column}$2:${column}$3", f"'{areas}'!$A$2:$A$3")
    assert book[areas][f"{column}1"].value == participations
    assert _cells(book, values) == [r.participations for r in report.breakdown("area").rows]
    assert _cells(book, categories) == [r.label for r in report.breakdown("area").rows]


def _pdf_pages_and_text(pdf: bytes) -> tuple[int, str]:
    """Page count and the text-showing operands of every content stream (ReportLab writes them
    ASCII85 + Flate encoded); no PDF library is needed for that."""
    pages = len(re.findall(rb"/Type /Page\b(?!s)", pdf))
    texts = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        data = stream.strip()
        if data.endswith(b"~>"):
            data = zlib.decompress(base64.a85decode(data.removesuffix(b"~>")))
        texts += re.findall(rb"\((.*?)\) Tj", data)
    # PDF string escapes (\ddd octal, \( \) \\), then WinAnsi, the encoding of the base fonts.
    unescaped = (re.sub(rb"\\([0-7]{3}|.)", lambda m: _pdf_escape(m.group(1)), t) for t in texts)
    return pages, "\n".join(t.decode("cp1252") for t in unescaped)


def _pdf_escape(code: bytes) -> bytes:
    return bytes([int(code, 8)]) if code.isdigit() else code


@pytest.mark.django_db
def test_pdf_draws_the_charts_as_vector_graphics(report: MonthlyReport) -> None:
    with translation.override("id"):
        pdf = render_monthly_pdf(report, user_name="Petugas")
    pages, text = _pdf_pages_and_text(pdf)
    assert pages == int(re.search(rb"/Count (\d+)", pdf).group(1)) >= 2  # type: ignore[union-attr]
    assert b"/Subtype /Image" not in pdf  # no pictures of charts
    lines = text.split("\n")
    # The trend chart's axes (12 month labels, 0–100 %) and its two values.
    assert {"Apr 25", "Jan 26", "Feb 26", "Mar 26", "0%", "50%", "100%", "80%", "83%"} <= set(lines)
    # The area chart: the PP 31/1999 areas and "participations · rate" at each bar.
    assert {"Ketakwaan kepada Tuhan Yang Maha Esa", "Keterampilan kerja"} <= set(lines)
    assert "17 · 94%" in lines and "12 · 71%" in lines
    assert "Tingkat kehadiran, 12 bulan terakhir" in text


def test_pdf_drawings_survive_empty_data() -> None:
    empty = [_point(f"W{n}", 0, 0) for n in range(12)]
    drawing = charts.trend_drawing(empty, width=400, height=150)
    bars = charts.category_drawing([], width=400)
    for shape in (drawing, bars):
        assert shape.asString("pdf").startswith(b"%PDF")
