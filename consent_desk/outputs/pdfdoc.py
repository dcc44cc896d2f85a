"""The PDF page every document shares: header, footer and "Page X of Y".

Every page carries the trust and academy, the group(s) on that page, the academic year, who
printed it and when, "Confidential — contains personal data" and "Page X of Y". Page totals need
a second pass: :class:`NumberedCanvas` keeps each finished page and stamps the numbers on save.

The only raster image a document may hold is the trust's logo; nothing here ever draws another.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from consent_desk.domain.listing import AcademyInfo, ReportContext
from consent_desk.outputs.common import CONFIDENTIAL, Target, academy_title, printed_line
from consent_desk.outputs.pdfstyle import fit_text, fonts
from consent_desk.outputs.textshape import for_print

log = logging.getLogger(__name__)

MARGIN = 12 * mm
HEADER_HEIGHT = 21 * mm
FOOTER_HEIGHT = 9 * mm


@dataclass(frozen=True)
class Letterhead:
    """What the header of every page says."""

    title: str
    trust: str
    academy: str | None
    year: str
    printed: str
    scope: str | None = None  # the group line when the story does not name sections
    logo_path: str | Path | None = None
    landscape: bool = False
    page_numbers: bool = True  # "Page X of Y" (off for documents of one page per person)

    @classmethod
    def for_report(
        cls,
        title: str,
        ctx: ReportContext,
        academy: AcademyInfo | None,
        *,
        scope: str | None = None,
        logo_path: str | Path | None = None,
        landscape: bool = False,
    ) -> Letterhead:
        return cls(
            title=title,
            trust=ctx.trust_name,
            academy=academy_title(academy) if academy else None,
            year=ctx.year,
            printed=printed_line(ctx),
            scope=scope,
            logo_path=logo_path,
            landscape=landscape,
        )

    @property
    def pagesize(self) -> tuple[float, float]:
        return landscape(A4) if self.landscape else A4


class NumberedCanvas(Canvas):
    """Keeps finished pages until the end so each can say "Page X of Y"; tracks sections."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        self.number_pages = True
        self.current_section: str | None = None
        self.page_sections: list[str] = []

    def enter_section(self, name: str) -> None:
        self.current_section = name
        if name not in self.page_sections:
            self.page_sections.append(name)

    def leave_section(self) -> None:
        self.current_section = None

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()
        self.page_sections = [self.current_section] if self.current_section else []

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            if self.number_pages:
                self._draw_page_number(number, total)
            Canvas.showPage(self)
        Canvas.save(self)

    def _draw_page_number(self, number: int, total: int) -> None:
        width, _ = self._pagesize
        self.setFont(fonts().regular, 9)
        self.setFillColor(colors.black)
        self.drawRightString(width - MARGIN, MARGIN + 1.5 * mm, f"Page {number} of {total}")

    @property
    def page_count(self) -> int:
        return len(self._pages)


class SectionHeading(Paragraph):
    """A group's heading: the page header names the groups whose headings or rows it holds."""

    def __init__(self, text: str, style: ParagraphStyle, section: str) -> None:
        super().__init__(escape(for_print(text, style.fontName)), style)
        self.section = section

    def draw(self) -> None:
        if isinstance(self.canv, NumberedCanvas):
            self.canv.enter_section(self.section)
        super().draw()


class SectionEnd(Flowable):
    """Zero-size marker after a group's last row."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        if isinstance(self.canv, NumberedCanvas):
            self.canv.leave_section()


def _read_logo(path: str | Path | None) -> ImageReader | None:
    """The trust's logo from a local file; a missing or unreadable logo never stops a print."""
    if not path:
        return None
    try:
        if not Path(path).is_file():  # never a URL: reportlab would fetch it
            raise FileNotFoundError(path)
        logo = ImageReader(str(path))
        logo.getSize()
    except Exception:  # any image the library cannot read
        log.warning("Trust logo %s could not be read; printing without it", path, exc_info=True)
        return None
    return logo


class _Decorator:
    """Draws header and footer at the end of each page (after the groups on it are known)."""

    def __init__(self, head: Letterhead) -> None:
        self.head = head
        self.logo = _read_logo(head.logo_path)

    def __call__(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        head, f = self.head, fonts()
        width, height = canv._pagesize
        top = height - MARGIN
        left = MARGIN
        canv.saveState()
        if self.logo is not None:
            iw, ih = self.logo.getSize()
            logo_h = HEADER_HEIGHT - 5 * mm
            logo_w = min(28 * mm, logo_h * iw / ih)
            canv.drawImage(
                self.logo,
                left,
                top - logo_h,
                logo_w,
                logo_h,
                preserveAspectRatio=True,
                anchor="nw",
                mask="auto",
            )
            left += logo_w + 4 * mm
        right = width - MARGIN
        # Row 1: title | academic year.  Row 2: trust — academy.  Row 3: group(s) | printed on/by.
        year = f"Academic year {head.year}"
        canv.setFont(f.bold, 11)
        canv.drawRightString(right, top - 4.5 * mm, year)
        room = right - left - pdfmetrics.stringWidth(year, f.bold, 11) - 6 * mm
        canv.setFont(f.bold, 12.5)
        canv.drawString(left, top - 4.5 * mm, fit_text(head.title, f.bold, 12.5, room))
        place = f"{head.trust} — {head.academy}" if head.academy else head.trust
        canv.setFont(f.regular, 10)
        canv.drawString(left, top - 9.8 * mm, fit_text(place, f.regular, 10, right - left))
        canv.setFont(f.regular, 9)
        canv.drawRightString(right, top - 15 * mm, head.printed)
        sections = getattr(canv, "page_sections", [])
        if sections:
            label = "Group: " if len(sections) == 1 else "Groups: "
            group = label + ", ".join(sections)
        else:
            group = head.scope or ""
        if group:
            room = right - left - pdfmetrics.stringWidth(head.printed, f.regular, 9) - 6 * mm
            canv.setFont(f.bold, 11)
            canv.drawString(left, top - 15 * mm, fit_text(group, f.bold, 11, room))
        canv.setLineWidth(1)
        canv.line(MARGIN, top - HEADER_HEIGHT + 2.5 * mm, right, top - HEADER_HEIGHT + 2.5 * mm)
        # Footer (the page number is stamped by NumberedCanvas once the total is known).
        canv.setLineWidth(0.6)
        canv.line(MARGIN, MARGIN + 6 * mm, right, MARGIN + 6 * mm)
        canv.setFont(f.bold, 9)
        canv.drawString(MARGIN, MARGIN + 1.5 * mm, CONFIDENTIAL)
        canv.restoreState()


def frame_width(head: Letterhead) -> float:
    """Usable width of the body of a page."""
    return head.pagesize[0] - 2 * MARGIN


def frame_height(head: Letterhead) -> float:
    return head.pagesize[1] - 2 * MARGIN - HEADER_HEIGHT - FOOTER_HEIGHT


def build_pdf(target: Target, story: Sequence[Flowable], head: Letterhead) -> int:
    """Lay out ``story`` on the shared page and write it to ``target``; return the page count."""
    regular = fonts().regular
    doc = BaseDocTemplate(
        str(target) if isinstance(target, Path) else target,
        pagesize=head.pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_HEIGHT,
        bottomMargin=MARGIN + FOOTER_HEIGHT,
        title=head.title,
        author=head.trust,
        subject=CONFIDENTIAL,
        creator="Consent Desk",
        initialFontName=regular,  # so no page refers to a font without ł or ś
        initialFontSize=10,
    )
    body = Frame(
        MARGIN,
        MARGIN + FOOTER_HEIGHT,
        frame_width(head),
        frame_height(head),
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[body], onPageEnd=_Decorator(head))])
    makers: list[NumberedCanvas] = []

    def maker(*args: Any, **kwargs: Any) -> NumberedCanvas:
        canv = NumberedCanvas(*args, **kwargs)
        canv.number_pages = head.page_numbers
        makers.append(canv)
        return canv

    doc.build(list(story), canvasmaker=maker)
    return makers[-1].page_count if makers else 0
