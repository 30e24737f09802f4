"""The one selector layer of the reports: every figure of the page, the XLSX/PDF/CSV/JSON exports,
the `monthly_report` command, the API and the dashboard comes from here, so they cannot disagree.

Counting happens in SQL (conditional COUNT grouped with values() + annotate); each function costs
a fixed number of queries whatever the number of residents, sessions, marks or facilities.
The month is the facility's calendar month (its own time zone, WIB/WITA/WIT), never a UTC month.

Definitions (docs/reports.md repeats them for readers):
- planned: every session starting in the month, whatever its status;
- cancelled: planned sessions with status cancelled;
- held: not cancelled, started before the month's end (and before now) and has at least one
  attendance mark; a session that ended without any mark is "no attendance taken", not held,
  because nothing shows it took place;
- participations: marks whose reason counts as present (hadir, terlambat);
- unique participants: residents with at least one such mark;
- attendance rate: binaan.attendance.rates (present ÷ (marked − excused)), nothing else.
"""

from binaan.reports.selectors.common import (  # noqa: F401
    MARKS,
    Breakdown,
    Involvement,
    Month,
    MonthlyReport,
    Row,
    TrendPoint,
)
from binaan.reports.selectors.dashboard import (  # noqa: F401
    FALLING_MIN_MARKS,
    FALLING_POINTS,
    TREND_WEEKS,
    Dashboard,
    FallingProgram,
    dashboard,
    falling_programs,
    logbooks_awaiting,
    sessions_without_attendance,
    week_start,
    weekly_trend,
)
from binaan.reports.selectors.monthly import (  # noqa: F401
    RESIDENT_DIMENSIONS,
    _add_sessions,
    _fill,
    _held_sessions,
    _interns,
    _involvement,
    _mark_rows,
    _marks,
    _resident_breakdown,
    _resident_title,
    _session_breakdowns,
    _session_rows,
    monthly_report,
    monthly_trend,
)
from binaan.reports.selectors.regional import (  # noqa: F401
    Consolidation,
    FacilityLine,
    consolidation,
    facilities_in_scope,
    offices_in_scope,
)
from binaan.reports.selectors.shapes import (  # noqa: F401
    consolidation_as_dict,
    report_as_dict,
    rows_as_long_table,
)
