"""The Principal's restriction list (PRODUCT.md 10.2): every learner on roll who may not be
photographed freely, as a spreadsheet to filter and as a landscape PDF to file or hand over.

The same rows make each academy's sheet of the COO summary workbook.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from reportlab.platypus import Flowable, Paragraph, Table

from consent_desk.domain.listing import AcademyInfo, LearnerStatusRow, ReportContext
from consent_desk.domain.rules import Status
from consent_desk.outputs.common import (
    Target,
    academy_title,
    by_surname,
    count_statuses,
    is_listed,
    printed_line,
    refused_cell,
    status_mark,
    status_words,
    unanswered_words,
)
from consent_desk.outputs.pdfdoc import (
    Letterhead,
    build_pdf,
    frame_height,
    frame_width,
)
from consent_desk.outputs.pdfstyle import (
    base_table_style,
    cell,
    lines_per_piece,
    mark_style,
    row_pieces,
    stripes,
    styles,
)
from consent_desk.outputs.xlsxdoc import (
    Column,
    Value,
    new_workbook,
    save_workbook,
    write_table,
    year_value,
)

TITLE = "Restriction list"
SCOPE = "All learners on roll on the restriction list"
COLUMNS: tuple[Column, ...] = (
    Column("Surname", max_width=30),
    Column("Forename", max_width=25),
    Column("UPN", max_width=16),
    Column("Year", max_width=8, centred=True),
    Column("Group", max_width=12),
    Column("Status", max_width=16),
    Column("Refused", max_width=45),
    Column("Not answered", max_width=45),
    Column("Limitation", max_width=60),
)
# PDF column shares of a landscape A4 body (the limitation gets the most room).
_PDF_SHARES = (0.12, 0.10, 0.12, 0.045, 0.055, 0.135, 0.155, 0.10, 0.17)


def restriction_list(
    rows: Sequence[LearnerStatusRow], ctx: ReportContext
) -> list[LearnerStatusRow]:
    """The academy's restriction list by surname: on roll, ``NO IMAGES`` or restricted, and
    not returned while the trust treats non-returns as restricted."""
    return by_surname(r for r in rows if is_listed(r, ctx))


def list_values(row: LearnerStatusRow, ctx: ReportContext) -> list[Value]:
    """One learner as the list's columns."""
    labels = ctx.purpose_labels
    return [
        row.surname,
        row.forename,
        row.upn or "",
        year_value(row.year_group),
        row.reg_group or "",
        status_words(row.status),
        refused_cell(row, labels),
        unanswered_words(row, labels),
        row.limitation or "",
    ]


def list_title_lines(ctx: ReportContext, academy: AcademyInfo, count: int) -> list[str]:
    return [
        f"{TITLE} — {academy_title(academy)} — {ctx.year}",
        f"{ctx.trust_name}. {count} learners. {printed_line(ctx)}.",
        "Confidential — contains personal data.",
    ]


def add_restriction_sheet(
    wb: Workbook,
    sheet: str,
    ctx: ReportContext,
    academy: AcademyInfo,
    rows: Sequence[LearnerStatusRow],
) -> int:
    """Add ``academy``'s restriction list to ``wb`` as sheet ``sheet``; return its learner count."""
    listed = restriction_list(rows, ctx)
    write_table(
        wb,
        sheet,
        COLUMNS,
        [list_values(r, ctx) for r in listed],
        title_lines=list_title_lines(ctx, academy, len(listed)),
    )
    return len(listed)


def build_principal_list_xlsx(
    target: Target, ctx: ReportContext, academy: AcademyInfo, rows: Sequence[LearnerStatusRow]
) -> int:
    """Write the restriction list as ``.xlsx``; return how many learners it lists."""
    wb = new_workbook()
    count = add_restriction_sheet(wb, "Restriction list", ctx, academy, rows)
    save_workbook(wb, target)
    return count


def _summary_line(listed: Sequence[LearnerStatusRow], on_roll: int) -> str:
    counts = count_statuses(listed)
    parts = [
        f"{counts[s]} {status_mark(s)}"
        for s in (Status.NO_IMAGES, Status.RESTRICTED, Status.NOT_RETURNED)
        if counts[s]
    ]
    detail = f" ({', '.join(parts)})" if parts else ""
    return f"{len(listed)} of {on_roll} learners on roll are on the list{detail}."


def build_principal_list_pdf(
    target: Target,
    ctx: ReportContext,
    academy: AcademyInfo,
    rows: Sequence[LearnerStatusRow],
    *,
    logo_path: str | Path | None = None,
) -> int:
    """Write the restriction list as a landscape A4 PDF; return the page count."""
    head = Letterhead.for_report(
        TITLE, ctx, academy, scope=SCOPE, logo_path=logo_path, landscape=True
    )
    total = frame_width(head)
    widths = [total * share for share in _PDF_SHARES]
    listed = restriction_list(rows, ctx)
    on_roll = sum(1 for r in rows if r.on_roll)
    st = styles()
    story: list[Flowable] = [Paragraph(_summary_line(listed, on_roll), st.note)]
    if listed:
        data: list[list[Any]] = [
            [cell(c.header, w, st.cell_bold) for c, w in zip(COLUMNS, widths, strict=True)]
        ]
        commands = base_table_style()
        after_base = len(commands)  # the learners' own shades go here
        max_lines = lines_per_piece(frame_height(head))
        learners: list[int] = []  # the learner (0-based) of each body row
        for number, row in enumerate(listed):
            values = list_values(row, ctx)
            values[5] = status_mark(row.status)
            texts = ["" if v is None else str(v) for v in values]
            cells = [cell(t, w) for t, w in zip(texts, widths, strict=True)]
            cells[5] = cell(texts[5], widths[5], st.cell_bold)
            # A learner too long for one page runs on in rows that repeat who and the mark.
            for piece in row_pieces(cells, max_lines, repeat=(1, 2, 5)):
                data.append(piece)
                learners.append(number)
                commands.extend(mark_style(5, len(data) - 1, row.status))
        commands[after_base:after_base] = stripes(learners)
        story.append(Table(data, colWidths=widths, repeatRows=1, style=commands, hAlign="LEFT"))
    else:
        story.append(Paragraph("No learners are on the restriction list.", st.body))
    return build_pdf(target, story, head)
