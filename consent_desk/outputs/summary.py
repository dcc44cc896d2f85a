"""The COO summary (PRODUCT.md "Outputs"): per academy, learners on roll, returns received (count
and %), each status, refusals per purpose and returns outstanding; a totals row; each academy's
restriction list; and in the PDF the same table with charts.

The counting — :func:`~consent_desk.domain.summary.summarise` and, over time,
:func:`~consent_desk.domain.summary.returns_by_week` — is :mod:`consent_desk.domain.summary` (the
GUI dashboard counts there too); this module only lays the counts out.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Paragraph, Spacer, Table

from consent_desk.domain.listing import AcademyInfo, LearnerStatusRow, ReportContext
from consent_desk.domain.summary import (
    STATUS_ORDER,
    AcademySummary,
    PublishingCounts,
    summarise,
    total,
)
from consent_desk.outputs.common import (
    Target,
    printed_line,
    purpose_keys,
    purpose_label,
    status_words,
)
from consent_desk.outputs.pdfdoc import Letterhead, build_pdf, frame_height, frame_width
from consent_desk.outputs.pdfstyle import (
    CELL_PADDING,
    HEADER_FILL,
    base_table_style,
    cell,
    fonts,
    lines_per_piece,
    row_pieces,
    styles,
)
from consent_desk.outputs.principal_list import add_restriction_sheet
from consent_desk.outputs.summary_charts import chart_pages
from consent_desk.outputs.xlsxdoc import (
    Column,
    Value,
    new_workbook,
    save_workbook,
    sheet_title,
    write_table,
)

TITLE = "Photo and video consent — trust summary"
SCOPE = "All academies"
SUMMARY_SHEET = "Summary"
PUBLISHING_COLUMNS = ("Photo checks", "Publications", "Open take-downs")


def summary_columns(ctx: ReportContext) -> list[Column]:
    return [
        Column("Code", max_width=12),
        Column("Academy", max_width=40),
        Column("On roll", "#,##0"),
        Column("Returns received", "#,##0", min_width=10),
        Column("Received %", "0.0%", min_width=11),
        *(Column(status_words(s), "#,##0", min_width=10) for s in STATUS_ORDER),
        *(
            Column(f"Refused: {purpose_label(p, ctx.purpose_labels)}", "#,##0", max_width=22)
            for p in purpose_keys(ctx)
        ),
        Column("Outstanding", "#,##0", min_width=12),
        Column("On restriction list", "#,##0", min_width=12),
        *(Column(title, "#,##0", min_width=12) for title in PUBLISHING_COLUMNS),
    ]


def summary_values(a: AcademySummary, ctx: ReportContext) -> list[Value]:
    return [
        a.code,
        a.name,
        a.on_roll,
        a.returns_received,
        a.received_fraction,
        *(a.status(s) for s in STATUS_ORDER),
        *(a.refusals.get(p, 0) for p in purpose_keys(ctx)),
        a.outstanding,
        a.on_list,
        a.checks,
        a.publications,
        a.open_takedowns,
    ]


def build_summary_xlsx(
    target: Target,
    ctx: ReportContext,
    academies: Sequence[tuple[AcademyInfo, Sequence[LearnerStatusRow]]],
    *,
    publishing: PublishingCounts | None = None,
) -> list[AcademySummary]:
    """Write the summary workbook: a Summary sheet with totals, then one sheet per academy
    (named by its code) holding its restriction list. Return the per-academy counts."""
    purposes = purpose_keys(ctx)
    summaries = summarise(
        academies,
        purposes,
        treat_non_returns_as_restricted=ctx.treat_non_returns_as_restricted,
        publishing=publishing,
    )
    grand = total(summaries, purposes)
    wb = new_workbook()
    write_table(
        wb,
        SUMMARY_SHEET,
        summary_columns(ctx),
        [summary_values(a, ctx) for a in summaries],
        title_lines=[
            f"{TITLE} — {ctx.year}",
            f"{ctx.trust_name}. {printed_line(ctx)}.",
            "Confidential — contains personal data. Counts are of learners on roll.",
        ],
        totals=summary_values(grand, ctx),
    )
    used = {SUMMARY_SHEET.casefold()}
    for academy, rows in academies:
        add_restriction_sheet(
            wb, sheet_title(academy.code or academy.name, used), ctx, academy, rows
        )
    save_workbook(wb, target)
    return summaries


def _number(n: int) -> str:
    return f"{n:,}"


def _percent(fraction: float | None) -> str:
    return "—" if fraction is None else f"{fraction * 100:.1f}%"


def _table(
    heading: Sequence[str],
    body: Sequence[tuple[str, Sequence[str]]],
    width: float,
    first: float,
    *,
    max_height: float,
    header_size: float = 8.5,
) -> Table:
    """Academy names, then right-aligned numbers; the last body row is the bold totals row."""
    st, f = styles(), fonts()
    head = ParagraphStyle(
        "summary_head", parent=st.cell_bold, fontSize=header_size, leading=11, alignment=TA_RIGHT
    )
    # Numbers get the room their longest header word needs; the academy name gets the rest.
    words = [w for t in heading[1:] for w in t.split()]
    need = max(pdfmetrics.stringWidth(w, f.bold, header_size) for w in words) + 2 * CELL_PADDING
    num_w = max(need + 2, (width - first) / (len(heading) - 1))
    first = width - num_w * (len(heading) - 1)
    data: list[list[Any]] = [
        [cell(t, num_w, head) if i else cell(t, first, st.cell_bold) for i, t in enumerate(heading)]
    ]
    # An academy name too long for a page runs on in rows of its own (numbers on the first).
    max_lines = lines_per_piece(max_height)
    for name, numbers in body:
        for index, piece in enumerate(row_pieces([cell(name, first, st.cell)], max_lines)):
            data.append([*piece, *(numbers if index == 0 else [""] * len(numbers))])
    last = len(data) - 1
    commands = base_table_style()
    commands += [
        ("FONT", (0, 0), (-1, 0), f.bold, header_size, 11),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("FONT", (0, last), (-1, last), f.bold, 10, 12),
        ("LINEABOVE", (0, last), (-1, last), 1.2, colors.black),
        ("BACKGROUND", (0, last), (-1, last), HEADER_FILL),
    ]
    return Table(
        data,
        colWidths=[first, *[num_w] * (len(heading) - 1)],
        repeatRows=1,
        style=commands,
        hAlign="LEFT",
    )


def _returns_table(
    summaries: Sequence[AcademySummary], grand: AcademySummary, width: float, height: float
) -> Table:
    heading = [
        "Academy",
        "On roll",
        "Returns received",
        "Received %",
        "Outstanding",
        *(status_words(s) for s in STATUS_ORDER),
    ]
    body = [
        (
            f"{a.code} {a.name}".strip(),
            [
                _number(a.on_roll),
                _number(a.returns_received),
                _percent(a.received_fraction),
                _number(a.outstanding),
                *(_number(a.status(s)) for s in STATUS_ORDER),
            ],
        )
        for a in [*summaries, grand]
    ]
    return _table(heading, body, width, width * 0.3, max_height=height)


def _refusals_table(
    summaries: Sequence[AcademySummary],
    grand: AcademySummary,
    ctx: ReportContext,
    width: float,
    height: float,
) -> Table:
    purposes = purpose_keys(ctx)
    heading = [
        "Academy",
        "On roll",
        "On restriction list",
        *(purpose_label(p, ctx.purpose_labels) for p in purposes),
    ]
    body = [
        (
            f"{a.code} {a.name}".strip(),
            [
                _number(a.on_roll),
                _number(a.on_list),
                *(_number(a.refusals.get(p, 0)) for p in purposes),
            ],
        )
        for a in [*summaries, grand]
    ]
    return _table(heading, body, width, width * 0.3, max_height=height)


def _publishing_table(
    summaries: Sequence[AcademySummary], grand: AcademySummary, width: float, height: float
) -> Table:
    body = [
        (
            f"{a.code} {a.name}".strip(),
            [_number(a.checks), _number(a.publications), _number(a.open_takedowns)],
        )
        for a in [*summaries, grand]
    ]
    return _table(
        ["Academy", *PUBLISHING_COLUMNS], body, width * 0.6, width * 0.3, max_height=height
    )


def build_summary_pdf(
    target: Target,
    ctx: ReportContext,
    academies: Sequence[tuple[AcademyInfo, Sequence[LearnerStatusRow]]],
    *,
    logo_path: str | Path | None = None,
    publishing: PublishingCounts | None = None,
) -> list[AcademySummary]:
    """Write the summary PDF (landscape A4): the table with totals, then charts of returns
    progress and status breakdown per academy, split across pages for a large trust."""
    purposes = purpose_keys(ctx)
    summaries = summarise(
        academies,
        purposes,
        treat_non_returns_as_restricted=ctx.treat_non_returns_as_restricted,
        publishing=publishing,
    )
    grand = total(summaries, purposes)
    head = Letterhead.for_report(TITLE, ctx, None, scope=SCOPE, logo_path=logo_path, landscape=True)
    width = frame_width(head)
    st = styles()
    story: list[Flowable] = [
        Paragraph(
            f"{len(summaries)} academies, {_number(grand.on_roll)} learners on roll: "
            f"returns received for {_number(grand.returns_received)} "
            f"({_percent(grand.received_fraction)}), {_number(grand.outstanding)} outstanding; "
            f"{_number(grand.on_list)} on restriction lists. Counts are of learners on roll.",
            st.note,
        ),
        Paragraph("Returns and status", st.heading),
        _returns_table(summaries, grand, width, frame_height(head)),
        CondPageBreak(60 * mm),
        Spacer(1, 4 * mm),
        Paragraph("Restrictions: the restriction list and refusals by purpose", st.heading),
        _refusals_table(summaries, grand, ctx, width, frame_height(head)),
    ]
    if publishing is not None:
        story += [
            CondPageBreak(40 * mm),
            Spacer(1, 4 * mm),
            Paragraph(
                "Publishing: photo checks, publications recorded, open take-downs", st.heading
            ),
            _publishing_table(summaries, grand, width, frame_height(head)),
        ]
    if summaries:
        story.append(PageBreak())
        story.extend(chart_pages(summaries, width, frame_height(head)))
    build_pdf(target, story, head)
    return summaries
