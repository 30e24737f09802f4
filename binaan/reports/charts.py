"""Charts of the reports, drawn by the project from the selectors' plain figures, one drawing per
medium and no plotting library:

* pages: inline SVG (`trend_svg`, `category_svg`), no JavaScript and nothing fetched, with a
  `<title>` and a `<desc>` read by screen readers (the page adds the data as a table);
* PDF: ReportLab's own charts (`trend_drawing`, `category_drawing`), vector like the rest of
  the document;
* XLSX: native Excel charts (`trend_xlsx_chart`, `category_xlsx_chart`) whose series reference
  the workbook's own cells, so Excel users can restyle them or chart more columns.

The attendance rate is drawn as a percentage (0–100); a period without marks has no rate and
is a gap in the line, never a zero."""

from __future__ import annotations

import math
from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.worksheet.worksheet import Worksheet
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from binaan.core.numbers import format_number, format_percent
from binaan.reports.selectors import Row, TrendPoint

BAR = "#1f6f5c"
LINE = "#1f4e79"
GRID = "#c8cdd2"
PERCENT_TICKS = (0, 25, 50, 75, 100)
FONT = "Helvetica"
FONT_SIZE = 11  # of the SVG text, in viewBox units


def _number(value: float) -> str:
    """Coordinates with one decimal at most: the SVG stays small and its text stable."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _percent_text(percent: int | None) -> str:
    return format_percent(percent)


def _runs(values: Sequence[int | None]) -> list[list[tuple[int, int]]]:
    """The (index, value) runs between gaps: a line joins neighbours only, never across a gap."""
    runs: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for index, value in enumerate(values):
        if value is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append((index, value))
    if current:
        runs.append(current)
    return runs


def _bar_text(row: Row) -> str:
    rate = "" if row.percent is None else f" · {format_percent(row.percent)}"
    return format_number(row.participations) + rate


def _svg(chart_id: str, title: str, width: int, height: int, body: SafeString) -> SafeString:
    description = f"{chart_id}-desc"
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{}" role="img" '
        'aria-labelledby="{}-title {}" viewBox="0 0 {} {}" width="{}" height="{}" '
        'font-size="{}">'
        '<title id="{}-title">{}</title>{}</svg>',
        chart_id,
        chart_id,
        description,
        width,
        height,
        width,
        height,
        FONT_SIZE,
        chart_id,
        title,
        body,
    )


def trend_svg(
    points: Sequence[TrendPoint],
    *,
    title: str,
    chart_id: str,
    width: int = 640,
    height: int = 220,
) -> SafeString:
    """Attendance rate (%) per period as a line with a marker and its value at every period
    that has marks. Every label is escaped (format_html)."""
    left, right, top, bottom = 38.0, 10.0, 20.0, 24.0
    plot_width, plot_height = width - left - right, height - top - bottom
    step = plot_width / max(len(points), 1)

    def x(index: int) -> float:
        return left + step * (index + 0.5)

    def y(percent: float) -> float:
        return top + plot_height * (1 - min(percent, 100) / 100)

    parts: list[SafeString] = [
        format_html(
            '<desc id="{}-desc">{}</desc>',
            chart_id,
            "; ".join(f"{p.label}: {_percent_text(p.percent)}" for p in points),
        )
    ]
    for tick in PERCENT_TICKS:
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="1"/>'
                '<text x="{}" y="{}" text-anchor="end" fill="currentColor">{}%</text>',
                _number(left),
                _number(width - right),
                _number(y(tick)),
                _number(y(tick)),
                GRID,
                _number(left - 6),
                _number(y(tick) + 4),
                tick,
            )  # fmt: skip
        )
    # Every k-th period's label when they would overlap (about 0.6 em a character), counted
    # back from the latest period, which is always labelled.
    widest = max((len(p.label) for p in points), default=0) * FONT_SIZE * 0.6 + 4
    every = max(1, math.ceil(widest / step))
    for index, point in enumerate(points):
        if (len(points) - 1 - index) % every:
            continue
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" fill="currentColor">{}</text>',
                _number(x(index)),
                height - 6,
                point.label,
            )  # fmt: skip
        )
    for run in _runs([p.percent for p in points]):
        if len(run) > 1:
            path = " ".join(
                f"{'M' if n == 0 else 'L'}{_number(x(i))} {_number(y(v))}"
                for n, (i, v) in enumerate(run)
            )
            parts.append(
                format_html('<path d="{}" fill="none" stroke="{}" stroke-width="2"/>', path, LINE)
            )
        for index, value in run:
            label = points[index].label
            parts.append(
                format_html(
                    '<circle class="chart-point" cx="{}" cy="{}" r="3.5" fill="{}">'
                    "<title>{}: {}%</title></circle>"
                    '<text x="{}" y="{}" text-anchor="middle" font-size="10" '
                    'fill="currentColor">{}%</text>',
                    _number(x(index)),
                    _number(y(value)),
                    LINE,
                    label,
                    value,
                    _number(x(index)),
                    _number(y(value) - 7),
                    value,
                )  # fmt: skip
            )
    body = format_html_join("", "{}", ((part,) for part in parts))
    return _svg(chart_id, title, width, height, body)


def category_svg(rows: Sequence[Row], *, title: str, chart_id: str, width: int = 640) -> SafeString:
    """Participations per row (PP 31/1999 area) as horizontal bars, the row's name above its
    bar and "participations · rate" at the bar's end. Every label is escaped (format_html)."""
    left, right, row_height = 4.0, 96.0, 36
    height = max(row_height * len(rows), row_height) + 4
    largest = max((r.participations for r in rows), default=0) or 1
    scale = (width - left - right) / largest
    parts: list[SafeString] = [
        format_html(
            '<desc id="{}-desc">{}</desc>',
            chart_id,
            "; ".join(f"{r.label}: {_bar_text(r)}" for r in rows) or "—",
        )
    ]
    for index, row in enumerate(rows):
        top = index * row_height + 4
        length = row.participations * scale
        parts.append(
            format_html(
                '<text x="{}" y="{}" fill="currentColor">{}</text>'
                '<rect class="chart-bar" x="{}" y="{}" width="{}" height="14" fill="{}">'
                "<title>{}: {}</title></rect>"
                '<text x="{}" y="{}" fill="currentColor">{}</text>',
                _number(left),
                top + 11,
                row.label,
                _number(left),
                top + 16,
                _number(length),
                BAR,
                row.label,
                _bar_text(row),
                _number(left + length + 6),
                top + 27,
                _bar_text(row),
            )  # fmt: skip
        )
    body = format_html_join("", "{}", ((part,) for part in parts))
    return _svg(chart_id, title, width, height, body)


def trend_drawing(points: Sequence[TrendPoint], *, width: float, height: float) -> Drawing:
    """The PDF's trend chart. One series per run between gaps, drawn alike, because a ReportLab
    line joins the points on either side of a missing value."""
    drawing = Drawing(width, height)
    chart = HorizontalLineChart()
    chart.x, chart.y = 30, 18
    chart.width, chart.height = width - 40, height - 30
    runs = _runs([p.percent for p in points])
    chart.data = [[dict(run).get(index) for index in range(len(points))] for run in runs] or [
        [None] * len(points)
    ]
    chart.categoryAxis.categoryNames = [p.label for p in points]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, 100
    chart.valueAxis.valueSteps = list(PERCENT_TICKS)
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor(GRID)
    # Explicit texts: ReportLab looks a label up by the point's rank within its series, not by
    # the category, which a formatter would get wrong after a gap.
    chart.lineLabelFormat = "values"
    chart.lineLabelArray = [[_percent_text(value) for _index, value in run] for run in runs] or [[]]
    chart.lineLabels.fontName = FONT
    chart.lineLabels.fontSize = 6.5
    for index, run in enumerate(runs):
        marker = makeMarker("FilledCircle", size=5)
        marker.fillColor = marker.strokeColor = colors.HexColor(LINE)
        # A lone period has a marker but no line (ReportLab refuses a one-point line).
        chart.lines[index].strokeColor = colors.HexColor(LINE) if len(run) > 1 else None
        chart.lines[index].strokeWidth = 1.5
        chart.lines[index].symbol = marker
    if not runs:
        chart.lines[0].strokeColor = None
    drawing.add(chart)
    return drawing


def category_drawing(rows: Sequence[Row], *, width: float) -> Drawing:
    """The PDF's participations per area, first row on top, the names measured in the font so
    that none is cut."""
    names = [r.label for r in rows]
    label_width = max((stringWidth(name, FONT, 7.5) for name in names), default=0) + 8
    row_height = 16
    height = row_height * max(len(rows), 1) + 24
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width, 16
    chart.width, chart.height = width - label_width - 60, height - 22
    chart.data = [[r.participations for r in rows] or [0]]
    chart.categoryAxis.categoryNames = names or [""]
    chart.categoryAxis.reverseDirection = 1  # the first area on top, as in the tables
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.valueMin = 0
    # Whole steps: counts have no fractions, and "%d" would print 0, 0, 0, 1 for 0.25 steps.
    largest = max((r.participations for r in rows), default=0)
    chart.valueAxis.valueStep = max(1, math.ceil(largest / 5))
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = "%d"
    chart.valueAxis.forceZero = 1
    chart.bars[0].fillColor = colors.HexColor(BAR)
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = "values"
    chart.barLabelArray = [[_bar_text(r) for r in rows] or [""]]
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


def _show_axes(chart: BarChart | LineChart) -> None:
    # openpyxl 3.1 writes axes as deleted unless told otherwise; Excel would then hide them.
    chart.x_axis.delete = False
    chart.y_axis.delete = False


def trend_xlsx_chart(
    sheet: Worksheet, *, label_column: int, rate_column: int, rows: int, title: str
) -> LineChart:
    """A line of the rate column of `sheet` (header in row 1, `rows` periods below), empty
    cells shown as gaps."""
    chart = LineChart()
    chart.title = title
    chart.add_data(
        Reference(sheet, min_col=rate_column, min_row=1, max_row=rows + 1), titles_from_data=True
    )
    chart.set_categories(Reference(sheet, min_col=label_column, min_row=2, max_row=rows + 1))
    chart.display_blanks = "gap"
    chart.legend = None
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 1
    chart.y_axis.number_format = "0%"
    chart.y_axis.majorUnit = 0.25
    series = chart.series[0]
    series.marker.symbol = "circle"
    series.smooth = False
    series.graphicalProperties.line.solidFill = LINE.lstrip("#").upper()
    _show_axes(chart)
    chart.width, chart.height = 18, 7
    return chart


def category_xlsx_chart(
    sheet: Worksheet, *, label_column: int, value_column: int, rows: int, title: str
) -> BarChart:
    """Horizontal bars of one column of `sheet` (header in row 1, `rows` rows below), with the
    values shown, first row on top."""
    chart = BarChart()
    chart.type = "bar"
    chart.title = title
    chart.add_data(
        Reference(sheet, min_col=value_column, min_row=1, max_row=rows + 1), titles_from_data=True
    )
    chart.set_categories(Reference(sheet, min_col=label_column, min_row=2, max_row=rows + 1))
    chart.x_axis.scaling.orientation = "maxMin"
    chart.legend = None
    chart.series[0].graphicalProperties.solidFill = BAR.lstrip("#").upper()
    chart.dataLabels = DataLabelList(showVal=True)
    _show_axes(chart)
    chart.width, chart.height = 18, max(4.0, 1.0 * rows + 2)
    return chart
