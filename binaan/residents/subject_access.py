"""Subject access (UU 27/2022 Pasal 7 and 32): the download of everything Binaan holds about one
resident, read by `binaan.residents.selectors.subject_access_record`.

`render_zip` packs it as a JSON file (machine-readable, complete) and a PDF (readable, with the
kop surat and who made it), plus the photo when there is one. The head alone may download it
(`residents.subject_access`), and the download is an `export` event of the audit trail.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from binaan.core import documents
from binaan.residents.selectors import SECTION_LIMIT, SubjectAccessRecord


def render_json(record: SubjectAccessRecord, *, made_by: str, made_at: datetime) -> bytes:
    payload = {
        "document": "subject_access",
        "resident_id": record.resident.pk,
        "facility": record.resident.facility.code,
        "made_by": made_by,
        "made_at": made_at,
        "section_limit": SECTION_LIMIT,
        "truncated": record.truncated,
        **record.sections,
    }
    return json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def _text(value: Any) -> str:
    if isinstance(value, dict | list):
        value = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    # The PDF is the readable copy; the JSON beside it keeps every character.
    return ("" if value is None else str(value))[:500]


def _cell(value: Any) -> Paragraph:
    return Paragraph(documents.escape(_text(value)), documents.SMALL)


def render_pdf(record: SubjectAccessRecord, *, made_by_line: str) -> bytes:
    """The readable copy: every section as a table of its columns (the JSON is the full one)."""
    resident = record.resident
    buffer = io.BytesIO()
    title = str(_("Personal data held about a resident"))
    doc = documents.pdf_document(buffer, title=title)
    story: list[Any] = [
        *documents.letterhead(resident.facility.letterhead, doc.width),
        Paragraph(documents.escape(title), documents.TITLE),
        Paragraph(documents.escape(str(resident)), documents.SUBTITLE),
    ]
    for name, rows in record.sections.items():
        story.append(Paragraph(documents.escape(f"{name} ({len(rows)})"), documents.HEADING))
        if not rows:
            story.append(Paragraph("—", documents.NORMAL))
            continue
        if name == "resident":
            table = Table(
                [[_cell(key), _cell(value)] for key, value in rows[0].items()],
                colWidths=[doc.width * 0.3, doc.width * 0.7],
            )
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.25, "#999999")]))
            story += [table, Spacer(1, 4)]
            continue
        # One paragraph per row: a section has up to a dozen columns, too many for A4 across.
        for row in rows:
            text = " · ".join(
                f"<b>{documents.escape(key)}</b>: {documents.escape(_text(value))}"
                for key, value in row.items()
                if value not in (None, "")
            )
            story.append(Paragraph(text, documents.SMALL))
            story.append(Spacer(1, 2))
    if record.truncated:
        story.append(
            Paragraph(
                documents.escape(
                    str(_("Cut at %(limit)s rows: %(sections)s"))
                    % {"limit": SECTION_LIMIT, "sections": ", ".join(record.truncated)}
                ),
                documents.NORMAL,
            )
        )
    doc.build(
        story,
        onFirstPage=documents.page_footer(made_by_line),
        onLaterPages=documents.page_footer(made_by_line),
    )
    return buffer.getvalue()


def render_zip(
    record: SubjectAccessRecord, *, made_by: str, made_by_line: str, made_at: datetime
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data-pribadi.json", render_json(record, made_by=made_by, made_at=made_at))
        archive.writestr("data-pribadi.pdf", render_pdf(record, made_by_line=made_by_line))
        photo = record.resident.photo
        if photo:
            try:
                with photo.open("rb") as handle:
                    archive.writestr(f"foto{_suffix(photo.name or '')}", handle.read())
            except FileNotFoundError:
                pass  # the record says which file it was; a lost file is not the subject's
    return buffer.getvalue()


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:] if dot >= 0 else ""
