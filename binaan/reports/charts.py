"""Charts of the reports, drawn with matplotlib's Agg backend (no display): SVG for the pages,
PNG for the PDF and the XLSX. Built from the selectors' plain figures only."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from io import BytesIO

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402

from binaan.reports.selectors import Breakdown, TrendPoint  # noqa: E402

BAR = "#1f6f5c"
LINE = "#1f4e79"


def _save(figure: Figure, fmt: str) -> bytes:
    buffer = BytesIO()
    figure.savefig(buffer, format=fmt, dpi=150 if fmt == "png" else 72, bbox_inches="tight")
    return buffer.getvalue()


def trend_chart(points: Sequence[TrendPoint], *, fmt: str = "svg", title: str = "",
                size: tuple[float, float] = (7.0, 2.8)) -> bytes:  # fmt: skip
    """Attendance rate (%) per period; periods without marks are gaps, not zeros."""
    figure = Figure(figsize=size)
    axes = figure.subplots()
    labels = [p.label for p in points]
    values = [p.percent if p.percent is not None else float("nan") for p in points]
    axes.plot(range(len(points)), values, marker="o", color=LINE, linewidth=2)
    axes.set_xticks(range(len(points)), labels, fontsize=7, rotation=0)
    axes.set_ylim(0, 105)  # room for the 100 % markers
    axes.set_ylabel("%", fontsize=8)
    axes.tick_params(axis="y", labelsize=7)
    axes.grid(axis="y", alpha=0.3)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    if title:
        axes.set_title(title, fontsize=9)
    return _save(figure, fmt)


def category_chart(breakdown: Breakdown, *, fmt: str = "svg", title: str = "") -> bytes:
    """Participations per PP 31/1999 area as horizontal bars with the rate at the bar's end."""
    rows = breakdown.rows or []
    figure = Figure(figsize=(7.0, max(1.6, 0.45 * len(rows) + 0.8)))
    axes = figure.subplots()
    names = [r.label for r in rows]
    values = [r.participations for r in rows]
    bars = axes.barh(range(len(rows)), values, color=BAR)
    axes.set_yticks(range(len(rows)), names, fontsize=8)
    axes.invert_yaxis()
    axes.tick_params(axis="x", labelsize=7)
    for bar, row in zip(bars, rows, strict=True):
        text = f"{row.participations}" + (f" · {row.percent}%" if row.percent is not None else "")
        axes.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, f" {text}",
                  va="center", fontsize=7)  # fmt: skip
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    if title:
        axes.set_title(title, fontsize=9)
    return _save(figure, fmt)


def data_uri(svg: bytes) -> str:
    """For <img src>: the page shows the SVG as an image with alt text (accessible, no script)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
