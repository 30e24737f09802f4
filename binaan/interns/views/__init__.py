"""Pages of the internship app, the partner portal and the public certificate check.

Who may open a placement: the facility's managers (admin, head, officer), the placement's mentor
and the intern themself. Anyone else gets 404 (an intern must not learn that other placements
exist) or 403 (staff without the right).
"""

from binaan.interns.views.evaluations import (  # noqa: F401
    evaluation_edit,
)
from binaan.interns.views.logbook import (  # noqa: F401
    entry_review,
    logbook_edit,
)
from binaan.interns.views.mentor import (  # noqa: F401
    mentor_home,
)
from binaan.interns.views.months import (  # noqa: F401
    certificate,
    certificate_data,
    certificate_verify,
    month,
    month_pdf,
    month_xlsx,
)
from binaan.interns.views.placements import (  # noqa: F401
    competencies_edit,
    intern_home,
    placement_create,
    placement_detail,
    placement_edit,
    placement_list,
    placement_stop,
)
from binaan.interns.views.portal import (  # noqa: F401
    portal,
    session_notes,
    session_roster,
)
from binaan.interns.views.presence import (  # noqa: F401
    absence,
    check_in,
    check_out,
    presence_correct,
)
