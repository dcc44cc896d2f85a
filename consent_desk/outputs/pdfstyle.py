"""How every PDF looks: fonts (DejaVu Sans, bundled), paragraph styles, table styles, and the
marks that must be unmistakable on paper without relying on colour."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph

from consent_desk.domain.rules import Status
from consent_desk.outputs.textshape import for_print, printable, visual_lines

FONT_DIR = Path(__file__).resolve().parent.parent / "resources" / "fonts"
_SYSTEM_FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/Library/Fonts"),
    Path("C:/Windows/Fonts"),
)

GRID = colors.Color(0.55, 0.55, 0.55)
HEADER_FILL = colors.Color(0.86, 0.86, 0.86)
STRIPE = colors.Color(0.955, 0.955, 0.955)


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str


@functools.cache
def fonts() -> Fonts:
    """DejaVu Sans (bundled; it has ł, ś, é, ö and the dash), else Helvetica as a last resort."""
    for folder in (FONT_DIR, *_SYSTEM_FONT_DIRS):
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            pdfmetrics.registerFont(TTFont("ConsentSans", str(regular)))
            pdfmetrics.registerFont(TTFont("ConsentSans-Bold", str(bold)))
            pdfmetrics.registerFontFamily(
                "ConsentSans",
                normal="ConsentSans",
                bold="ConsentSans-Bold",
                italic="ConsentSans",
                boldItalic="ConsentSans-Bold",
            )
            return Fonts("ConsentSans", "ConsentSans-Bold")
    return Fonts("Helvetica", "Helvetica-Bold")  # pragma: no cover - the fonts ship with the app


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    legend: ParagraphStyle
    heading: ParagraphStyle
    note: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    head_cell: ParagraphStyle


@functools.cache
def styles() -> Styles:
    f = fonts()
    body = ParagraphStyle("body", fontName=f.regular, fontSize=10, leading=12.5)
    return Styles(
        body=body,
        legend=ParagraphStyle(
            "legend",
            parent=body,
            borderColor=GRID,
            borderWidth=0.5,
            borderPadding=(4, 5, 5, 5),
            leftIndent=5,
            rightIndent=5,
            backColor=STRIPE,
            spaceBefore=5,
            spaceAfter=10,
        ),
        heading=ParagraphStyle(
            "heading",
            parent=body,
            fontName=f.bold,
            fontSize=14,
            leading=17,
            spaceBefore=4,
            spaceAfter=1,
        ),
        note=ParagraphStyle("note", parent=body, spaceAfter=4),
        cell=ParagraphStyle("cell", parent=body, leading=12),
        cell_bold=ParagraphStyle("cell_bold", parent=body, fontName=f.bold, leading=12),
        head_cell=ParagraphStyle(
            "head_cell", parent=body, fontName=f.bold, fontSize=9, leading=10.5
        ),
    )


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph of plain text (escaped; newlines kept; any script, see textshape)."""
    return Paragraph(escape(for_print(text, style.fontName)).replace("\n", "<br/>"), style)


CELL_PADDING = 3.0


@functools.lru_cache(maxsize=65536)
def text_width(text: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, font, size)


def _break_word(word: str, font: str, size: float, room: float) -> list[str]:
    """A word wider than ``room`` cut into pieces that fit (a long e-mail address, a URL, a
    name typed without spaces): no text is ever lost or drawn past its column."""
    pieces: list[str] = []
    start, used = 0, 0.0
    for i, ch in enumerate(word):
        width = text_width(ch, font, size)
        if i > start and used + width > room:
            pieces.append(word[start:i])
            start, used = i, 0.0
        used += width
    pieces.append(word[start:])
    return pieces


@functools.lru_cache(maxsize=16384)
def wrap_text(text: str, font: str, size: float, room: float) -> str:
    """``text`` broken at spaces into lines no wider than ``room``; a word wider than the room
    is itself broken. Tables draw such plain multi-line strings far faster than Paragraphs."""
    space = text_width(" ", font, size)
    out: list[str] = []
    for source in text.split("\n"):
        line: list[str] = []
        used = 0.0
        for word in source.split():
            width = text_width(word, font, size)
            if width > room:
                *whole, word = _break_word(word, font, size, room)
                if line:
                    out.append(" ".join(line))
                out.extend(whole)
                line, used = [], 0.0
                width = text_width(word, font, size)
            if line and used + space + width > room:
                out.append(" ".join(line))
                line, used = [word], width
            else:
                used = used + space + width if line else width
                line.append(word)
        out.append(" ".join(line))
    return "\n".join(out)


def cell(text: str, width: float, style: ParagraphStyle | None = None) -> str:
    """A table cell's content: plain text wrapped to the column (font and size of ``style``)."""
    st = style or styles().cell
    shown = printable(text, st.fontName)  # a placeholder for what the font cannot draw
    return visual_lines(wrap_text(shown, st.fontName, st.fontSize, cell_room(width)))


def cell_room(width: float) -> float:
    """The width text may take in a column ``width`` wide."""
    return width - 2 * CELL_PADDING - 0.5


CONTINUED = "(continued)"
ROW_LEADING = 12.0  # the line height of body cells (base_table_style)


def lines_per_piece(frame_height: float, leading: float = ROW_LEADING) -> int:
    """How many lines one table row may hold: well under a page, so a row always fits below
    the repeated header and little paper is left blank before a long row."""
    return max(4, int(frame_height * 0.3 / leading))


def row_pieces(
    cells: Sequence[str], max_lines: int, *, repeat: Sequence[int] = ()
) -> list[list[str]]:
    """One table row of wrapped ``cells`` cut into rows of at most ``max_lines`` lines each.

    reportlab can only break a table between rows, so a row taller than a page (a parent's
    10,000-character limitation) would stop the whole document. Each piece after the first
    carries every column's next lines; the first column (who the row is about) starts with
    "(continued)" and, once it has run out, says its first line again, and so does each column
    in ``repeat`` (the group, the mark): no piece is ever anyone's.
    """
    lines = [c.split("\n") for c in cells]
    count = max(len(ls) for ls in lines)
    if count <= max_lines:
        return [list(cells)]
    step = max(1, max_lines - 1)  # room for the "(continued)" line
    pieces: list[list[str]] = []
    for start in range(0, count, step):
        piece: list[str] = []
        for col, ls in enumerate(lines):
            chunk = ls[start : start + step]
            if start and (col == 0 or col in repeat) and not chunk:
                chunk = ls[:1]
            if start and col == 0:
                chunk = [CONTINUED, *chunk]
            piece.append("\n".join(chunk))
        pieces.append(piece)
    return pieces


def base_table_style(header_rows: int = 1) -> list[tuple[Any, ...]]:
    """Grid, bold shaded header, light stripes: the look of every table."""
    f = fonts()
    last_head = header_rows - 1
    return [
        ("FONT", (0, 0), (-1, -1), f.regular, 10, 12),
        ("FONT", (0, 0), (-1, last_head), f.bold, 10, 12),
        ("BACKGROUND", (0, 0), (-1, last_head), HEADER_FILL),
        ("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [colors.white, STRIPE]),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("LINEBELOW", (0, last_head), (-1, last_head), 1.2, colors.black),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
    ]


def stripes(learners: Sequence[int], header_rows: int = 1) -> list[tuple[Any, ...]]:
    """Backgrounds so the pieces of one learner share their shade: ``learners`` holds the
    learner (0-based) of each body row. None are needed when no learner ran on (the table's
    ROWBACKGROUNDS stripes them already); they go after the table's style and before the
    marks, so a mark's own colour wins."""
    if len(set(learners)) == len(learners):
        return []
    return [
        ("BACKGROUND", (0, i), (-1, i), STRIPE if number % 2 else colors.white)
        for i, number in enumerate(learners, start=header_rows)
    ]


def mark_style(col: int, row: int, status: Status) -> list[tuple[Any, ...]]:
    """Table commands making a status mark unmistakable without relying on colour.

    ``NO IMAGES``: white bold capitals on black in a heavy box; ``NO RETURN YET``: bold capitals
    in a black box on grey; ``Restricted``: bold.
    """
    bold = fonts().bold
    at = ((col, row), (col, row))
    if status is Status.NO_IMAGES:
        return [
            ("FONTNAME", *at, bold),
            ("BACKGROUND", *at, colors.black),
            ("TEXTCOLOR", *at, colors.white),
            ("BOX", *at, 1.5, colors.black),
        ]
    if status is Status.NOT_RETURNED:
        return [
            ("FONTNAME", *at, bold),
            ("BACKGROUND", *at, HEADER_FILL),
            ("BOX", *at, 1.2, colors.black),
        ]
    if status is Status.RESTRICTED:
        return [("FONTNAME", *at, bold)]
    return []


def fit_text(text: str, font: str, size: float, width: float) -> str:
    """``text`` ready to draw on one line (any script), cut with "…" to ``width``."""
    text = for_print(text, font)
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"
