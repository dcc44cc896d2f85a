"""Pre-filled consent forms for parents and carers: one A4 page per learner.

Each form names the child (preferred and legal names, registration group, year group), the
academy and the academic year; asks each purpose as a question with a YES and a NO box big enough
to tick; leaves room for the parent/carer's own conditions, their name, relationship, signature
and the date; and carries, for the office, a Code 128 barcode of the learner's form code with the
code printed beneath it so it can be typed if a scanner fails. The code names the learner by the
database's id, never by UPN; the UPN is printed nowhere.

Parents read this: plain words, generous spacing, nothing cramped. The shared page template
(``pdfdoc``) gives the academy's header with the trust's logo and the "Confidential" footer; page
numbers are off (each form stands alone).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepInFrame, PageBreak, Paragraph, Spacer, Table

from consent_desk.domain.consent_forms import (
    AnswerColumn,
    FormQuestion,
    Wording,
    question_lines,
)
from consent_desk.domain.listing import AcademyInfo, LearnerStatusRow, ReportContext
from consent_desk.outputs.common import Target, academy_title
from consent_desk.outputs.pdfdoc import Letterhead, build_pdf, frame_height, frame_width
from consent_desk.outputs.pdfstyle import GRID, STRIPE, fonts, styles
from consent_desk.outputs.textshape import for_print

TITLE = "Photo and video consent form"
OFFICE_ONLY = "For office use — please do not write below this line"

BAR_WIDTH = 0.3 * mm  # the narrowest bar: wide enough for any office scanner and printer
BAR_HEIGHT = 13 * mm
TICK_BOX = 8 * mm


def barcode(code: str) -> Code128:
    """The Code 128 barcode of a form code (with its quiet zones), as a flowable."""
    return Code128(code, barWidth=BAR_WIDTH, barHeight=BAR_HEIGHT, humanReadable=False)


class TickBox(Flowable):
    """An empty square for a tick or a cross."""

    def __init__(self, size: float = TICK_BOX) -> None:
        super().__init__()
        self.size = size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        self.canv.setLineWidth(1.4)
        self.canv.setStrokeColor(colors.black)
        self.canv.rect(0, 0, self.size, self.size, stroke=1, fill=0)


class WriteLine(Flowable):
    """A line to write on, with what to write printed beneath it."""

    def __init__(self, label: str, height: float = 13 * mm) -> None:
        super().__init__()
        self.label = label
        self.height = height
        self.width = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        return availWidth, self.height

    def draw(self) -> None:
        f = fonts()
        self.canv.setLineWidth(0.8)
        self.canv.line(0, 5 * mm, self.width, 5 * mm)
        self.canv.setFont(f.regular, 9.5)
        self.canv.drawString(0, 1.2 * mm, self.label)


class _Styles:
    def __init__(self) -> None:
        f, body = fonts(), styles().body
        self.title = ParagraphStyle(
            "form_title", parent=body, fontName=f.bold, fontSize=17, leading=21, spaceAfter=3 * mm
        )
        self.text = ParagraphStyle("form_text", parent=body, fontSize=11, leading=15)
        self.label = ParagraphStyle("form_label", parent=self.text, fontSize=10, leading=13)
        self.child = ParagraphStyle(
            "form_child", parent=self.text, fontName=f.bold, fontSize=15, leading=19
        )
        self.question = ParagraphStyle(
            "form_question", parent=self.text, fontSize=10.5, leading=13.5
        )
        self.stem = ParagraphStyle(
            "form_stem", parent=self.text, fontName=f.bold, fontSize=11, leading=14
        )
        self.head = ParagraphStyle(
            "form_head", parent=self.text, fontName=f.bold, fontSize=11, leading=13, alignment=1
        )
        self.small = ParagraphStyle("form_small", parent=body, fontSize=9, leading=11.5)
        self.code = ParagraphStyle("form_code", parent=body, fontSize=10, leading=12, alignment=1)


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(for_print(text, style.fontName)), style)


def year_words(year_group: str | None) -> str:
    if not year_group:
        return "—"
    return f"Year {year_group}" if year_group.isdigit() else year_group


def _child_box(row: LearnerStatusRow, st: _Styles, width: float) -> Table:
    shown = f"{row.forename} {row.surname}"
    legal = f"{row.legal_forename} {row.legal_surname}"
    data = [
        [
            _p("Child", st.label),
            _p(shown, st.child),
            _p("Class", st.label),
            _p(row.reg_group or "—", st.child),
        ],
        [
            _p("Legal name", st.label),
            _p(legal, st.text),
            _p("Year group", st.label),
            _p(year_words(row.year_group), st.text),
        ],
    ]
    label_w, group_w = 27 * mm, 30 * mm
    return Table(
        data,
        colWidths=[label_w, width - 2 * label_w - group_w, label_w, group_w],
        style=[
            ("BOX", (0, 0), (-1, -1), 1, colors.black),
            ("BACKGROUND", (0, 0), (-1, -1), STRIPE),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm),
            ("TOPPADDING", (0, 0), (-1, -1), 1.8 * mm),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.8 * mm),
        ],
        hAlign="LEFT",
    )


def _one_wording(questions: Sequence[FormQuestion]) -> Wording | None:
    """The wording every question shares, or None when the trust mixed them."""
    wordings = {q.wording for q in questions}
    return wordings.pop() if len(wordings) == 1 else None


def _intro(ctx: ReportContext, questions: Sequence[FormQuestion], st: _Styles) -> Paragraph:
    wording = _one_wording(questions)
    if wording is not None:
        yes, no = questions[0].columns
        how = (
            f"<b>{yes.head}</b> if you {yes.means.removeprefix('I ')}, "
            f"<b>{no.head}</b> if you do not"
        )
    else:
        how = "<b>YES</b> or <b>NO</b>, as each question asks"
    unreturned = (
        " Until we have your form, we will not use photographs or video of your child."
        if ctx.treat_non_returns_as_restricted
        else ""
    )
    text = (
        f"Please tick <b>one</b> box on <b>every</b> line: {how}. "
        "Then sign the form and hand it back to the academy "
        "office. You can change your mind at any time by telling the office."
        f"{unreturned}"
    )
    return Paragraph(text, st.text)


def _questions(questions: Sequence[FormQuestion], st: _Styles, width: float) -> Table:
    box_col = 31 * mm
    stem, lines = question_lines(questions)
    ask = stem or "Please tick one box on each line"
    shared = _one_wording(questions) is not None

    def heading(column: AnswerColumn) -> Paragraph:
        means = f"<br/><font size=9>{escape(column.means)}</font>" if shared else ""
        return Paragraph(f"{column.head}{means}", st.head)

    def box(column: AnswerColumn) -> Any:
        if shared:
            return TickBox()
        return [TickBox(), Paragraph(f"<font size=8>{escape(column.means)}</font>", st.head)]

    first = questions[0].columns if questions else None
    head = [_p(ask, st.stem), *(heading(c) for c in first or ())]
    data: list[list[Any]] = [head] if first else [[_p(ask, st.stem), "", ""]]
    for q, line in zip(questions, lines, strict=True):
        text = f"<b>{escape(q.label)}</b><br/>{escape(line)}"
        data.append([Paragraph(text, st.question), *(box(c) for c in q.columns)])
    return Table(
        data,
        colWidths=[width - 2 * box_col, box_col, box_col],
        style=[
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (1, 0), (-1, -1), "CENTER"),
            ("BACKGROUND", (0, 0), (-1, 0), STRIPE),
            ("BOX", (0, 0), (-1, -1), 1, colors.black),
            ("LINEBELOW", (0, 0), (-1, 0), 1, colors.black),
            ("LINEBELOW", (0, 1), (-1, -1), 0.5, GRID),
            ("LINEBEFORE", (1, 0), (1, -1), 0.5, GRID),
            ("LINEBEFORE", (2, 0), (2, -1), 0.5, GRID),
            ("LEFTPADDING", (0, 0), (-1, -1), 2.5 * mm),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2.5 * mm),
            ("TOPPADDING", (0, 0), (-1, -1), 2.1 * mm),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.1 * mm),
        ],
        hAlign="LEFT",
    )


def _limitation_box(st: _Styles, width: float) -> list[Flowable]:
    hint = (
        "<b>Anything else?</b> If you are happy for images to be used only in some ways, "
        "tell us here — for example “first name only”, “group photos only” or "
        "“no video”. (You can leave this blank.)"
    )
    box = Table(
        [[""]],
        colWidths=[width],
        rowHeights=[24 * mm],
        style=[("BOX", (0, 0), (-1, -1), 1, colors.black)],
        hAlign="LEFT",
    )
    return [Paragraph(hint, st.text), Spacer(1, 2 * mm), box]


def _signature_block(width: float) -> Table:
    gap = 8 * mm
    half = (width - gap) / 2
    data = [
        [WriteLine("Your name (parent/carer)"), "", WriteLine("Your relationship to the child")],
        [WriteLine("Signature"), "", WriteLine("Date")],
    ]
    return Table(
        data,
        colWidths=[half, gap, half],
        style=[
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ],
        hAlign="LEFT",
    )


def _office_strip(code: str, st: _Styles, width: float) -> Table:
    bars = barcode(code)
    right = max(bars.width, 60 * mm)
    left = width - right
    note = _p(
        "Office: scan the barcode in the paper-return entry, or type the code printed under it.",
        st.small,
    )
    data = [[note, bars], ["", _p(code, st.code)]]
    return Table(
        data,
        colWidths=[left, right],
        style=[
            ("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black, None, (3, 2)),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (1, 0), (1, -1), "CENTER"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, 0), 2.5 * mm),
            ("TOPPADDING", (0, 1), (-1, 1), 0.5 * mm),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ],
        hAlign="LEFT",
    )


def _form(
    row: LearnerStatusRow,
    code: str,
    ctx: ReportContext,
    questions: Sequence[FormQuestion],
    st: _Styles,
    width: float,
) -> list[Flowable]:
    return [
        _child_box(row, st, width),
        Spacer(1, 4 * mm),
        _intro(ctx, questions, st),
        Spacer(1, 4 * mm),
        _questions(questions, st, width),
        Spacer(1, 5 * mm),
        *_limitation_box(st, width),
        Spacer(1, 3 * mm),
        _signature_block(width),
        Spacer(1, 5 * mm),
        _p(OFFICE_ONLY, st.small),
        _office_strip(code, st, width),
    ]


def build_consent_forms(
    target: Target,
    ctx: ReportContext,
    academy: AcademyInfo,
    forms: Sequence[tuple[LearnerStatusRow, str]],
    questions: Sequence[FormQuestion],
    *,
    logo_path: str | Path | None = None,
) -> int:
    """Write one consent form per (learner, form code) to ``target``; return the page count.

    Each form is kept to its page: with many purposes the page's contents shrink to fit rather
    than run onto a second sheet that could be separated from the first.
    """
    head = Letterhead(
        title=TITLE,
        trust=ctx.trust_name,
        academy=academy_title(academy),
        year=ctx.year,
        printed="Please return to the academy office",
        logo_path=logo_path,
        page_numbers=False,
    )
    width, height = frame_width(head), frame_height(head)
    st = _Styles()
    story: list[Flowable] = []
    for index, (row, code) in enumerate(forms):
        if index:
            story.append(PageBreak())
        content = _form(row, code, ctx, questions, st, width)
        story.append(KeepInFrame(width, height, content, mode="shrink"))
    if not forms:
        story.append(_p("No learners were chosen for these forms.", st.text))
    return build_pdf(target, story, head)
