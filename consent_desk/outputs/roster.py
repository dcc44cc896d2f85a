"""The restricted-learner sheet: a photo-free PDF a teacher holds while taking pictures.

One heading per group, then a table of learners by surname with their preferred names and, for
each, exactly what may not be done. ``NO IMAGES`` is white on black in a heavy box and
``NO RETURN YET`` is boxed, so neither depends on colour. No learner photograph, ever; no
safeguarding reason (it is not in the rows, and ``NO IMAGES`` reads the same whatever the cause).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Paragraph, Spacer, Table

from consent_desk.domain.listing import AcademyInfo, LearnerStatusRow, ReportContext
from consent_desk.domain.rules import Status
from consent_desk.outputs.common import (
    NO_IMAGES,
    NO_RETURN_YET,
    Target,
    by_surname,
    is_listed,
    restriction_details,
    status_mark,
)
from consent_desk.outputs.pdfdoc import (
    Letterhead,
    SectionEnd,
    SectionHeading,
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

TITLE = "Restricted learners — do not photograph"
TITLE_WHOLE_GROUP = "Photo consent — whole group"
HEADERS = ("Learner", "Group", "Mark", "What may not be done")
# Shares of the body width: the name and the restrictions get the room.
_COLUMN_SHARES = (0.33, 0.085, 0.19, 0.395)

NO_IMAGES_DETAIL = "No photographs or video of this learner, for any purpose"
NO_RETURN_DETAIL = "No form received: no photographs or video until a parent/carer answers"
NO_RETURN_DETAIL_LENIENT = "No form received yet: check with the office before using images"
NOTHING_DETAIL = "Nothing: every use consented"


@dataclass(frozen=True)
class RosterGroupStats:
    name: str
    on_roll: int  # learners of the group on roll
    listed: int  # learners printed for the group


@dataclass(frozen=True)
class RosterStats:
    pages: int
    groups: tuple[RosterGroupStats, ...]
    by_status: dict[Status, int]

    @property
    def listed(self) -> int:
        return sum(g.listed for g in self.groups)


def roster_learners(
    rows: Sequence[LearnerStatusRow], ctx: ReportContext, *, restricted_only: bool = True
) -> list[LearnerStatusRow]:
    """The learners a group's sheet lists, by surname: on roll, and restricted unless all asked."""
    if restricted_only:
        chosen = [r for r in rows if is_listed(r, ctx)]
    else:
        chosen = [r for r in rows if r.on_roll]
    return by_surname(chosen)


def learner_name(row: LearnerStatusRow) -> str:
    """``Surname, Forename`` (preferred names), with the legal name beneath when it differs."""
    name = f"{row.surname}, {row.forename}"
    legal = f"{row.legal_forename} {row.legal_surname}"
    if (row.legal_forename, row.legal_surname) != (row.forename, row.surname):
        name += f"\nlegal name: {legal}"
    return name


def what_may_not_be_done(row: LearnerStatusRow, ctx: ReportContext) -> str:
    lines = restriction_details(row, ctx.purpose_labels)
    if row.status is Status.NO_IMAGES:
        lines.insert(0, NO_IMAGES_DETAIL)
    elif row.status is Status.NOT_RETURNED:
        lenient = not ctx.treat_non_returns_as_restricted
        lines.insert(0, NO_RETURN_DETAIL_LENIENT if lenient else NO_RETURN_DETAIL)
    elif row.status is Status.NO_RESTRICTION:
        lines.append(NOTHING_DETAIL)
    return "\n".join(lines)


def legend(ctx: ReportContext) -> Paragraph:
    no_return = (
        "no consent form received: no photographs or video until a parent/carer answers"
        if ctx.treat_non_returns_as_restricted
        else "no consent form received yet: check with the office before using images"
    )
    text = (
        f"<b>{NO_IMAGES}</b>: no photographs or video of this learner, for any purpose. "
        f"<b>{NO_RETURN_YET}</b>: {no_return}. "
        "<b>Refused</b>: uses a parent/carer said no to. "
        "<b>Not answered</b>: no consent given for these uses, so do not use. "
        "<b>Limitation</b>: the parent/carer's own conditions; follow them."
    )
    return Paragraph(text, styles().legend)


def _group_table(
    rows: Sequence[LearnerStatusRow],
    ctx: ReportContext,
    widths: Sequence[float],
    max_lines: int,
) -> Table:
    st = styles()
    data: list[list[Any]] = [
        [cell(h, w, st.cell_bold) for h, w in zip(HEADERS, widths, strict=True)]
    ]
    commands = base_table_style()
    after_base = len(commands)  # the learners' own shades go here
    learners: list[int] = []  # the learner (0-based) of each body row
    for number, row in enumerate(rows):
        cells = [
            cell(learner_name(row), widths[0]),
            cell(row.reg_group or "", widths[1]),
            cell(status_mark(row.status), widths[2], st.cell_bold),
            cell(what_may_not_be_done(row, ctx), widths[3]),
        ]
        # A learner too long for one page runs on in rows that repeat who and the mark.
        for piece in row_pieces(cells, max_lines, repeat=(1, 2)):
            data.append(piece)
            learners.append(number)
            commands.extend(mark_style(2, len(data) - 1, row.status))
    commands[after_base:after_base] = stripes(learners)
    return Table(data, colWidths=list(widths), repeatRows=1, style=commands, hAlign="LEFT")


def _group_note(restricted: int, on_roll: int, restricted_only: bool) -> str:
    noun = "learner" if on_roll == 1 else "learners"
    if restricted_only:
        if restricted == 0:
            return f"No learners with restrictions in this group ({on_roll} on roll)."
        return f"{restricted} of {on_roll} {noun} on roll with restrictions."
    if on_roll == 0:
        return "No learners on roll in this group."
    return f"{on_roll} {noun} on roll, {restricted} with restrictions; everyone is shown."


def build_roster(
    target: Target,
    ctx: ReportContext,
    academy: AcademyInfo,
    groups: Sequence[tuple[str, Sequence[LearnerStatusRow]]],
    *,
    restricted_only: bool = True,
    page_per_group: bool = False,
    logo_path: str | Path | None = None,
) -> RosterStats:
    """Write the restricted-learner sheet for ``groups`` (name, rows) of one academy.

    ``restricted_only`` lists the restriction list's learners (``NO RETURN YET`` learners only
    while the trust treats non-returns as restricted); ``False`` prints the whole group with
    everyone marked. ``page_per_group`` starts each group on a new page.
    """
    head = Letterhead.for_report(
        TITLE if restricted_only else TITLE_WHOLE_GROUP, ctx, academy, logo_path=logo_path
    )
    total = frame_width(head)
    widths = [total * share for share in _COLUMN_SHARES]
    max_lines = lines_per_piece(frame_height(head))
    st = styles()
    story: list[Flowable] = []
    group_stats: list[RosterGroupStats] = []
    by_status = dict.fromkeys(Status, 0)
    for index, (name, rows) in enumerate(groups):
        learners = roster_learners(rows, ctx, restricted_only=restricted_only)
        on_roll = sum(1 for r in rows if r.on_roll)
        restricted = sum(1 for r in rows if is_listed(r, ctx))
        group_stats.append(RosterGroupStats(name, on_roll, len(learners)))
        for r in learners:
            by_status[r.status] += 1
        if index == 0 or page_per_group:
            if index:
                story.append(PageBreak())
            story.append(legend(ctx))
        else:
            story.append(CondPageBreak(40 * mm))
        story.append(SectionHeading(name, st.heading, name))
        story.append(Paragraph(_group_note(restricted, on_roll, restricted_only), st.note))
        if learners:
            story.append(_group_table(learners, ctx, widths, max_lines))
        story.append(SectionEnd())
        story.append(Spacer(1, 6 * mm))
    if not groups:
        story.append(legend(ctx))
        story.append(Paragraph("No groups were chosen for this sheet.", st.body))
    pages = build_pdf(target, story, head)
    return RosterStats(pages=pages, groups=tuple(group_stats), by_status=by_status)
