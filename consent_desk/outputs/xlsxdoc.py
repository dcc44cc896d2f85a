"""Spreadsheet helpers every export shares: one table per sheet, bold header, frozen panes,
filters, widths that fit, A4 print set-up with the confidentiality footer.

Workbooks are written in openpyxl's write-only mode (a 60,000-learner trust in seconds), so a
sheet's widths, panes and filter are decided before its rows are streamed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from consent_desk.outputs.cells import Value, clean_text, xlsx_cell
from consent_desk.outputs.common import CONFIDENTIAL, Target

SHEET_TITLE_CHARS = 31
_BAD_TITLE = re.compile(r"[\\/*?:\[\]]")

FONT_NAME = "Calibri"  # the workbook's default: styled cells must name it or lose it
BOLD = Font(name=FONT_NAME, size=11, bold=True)
PLAIN = Font(name=FONT_NAME, size=11)
TITLE_FONT = Font(name=FONT_NAME, size=14, bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")
HEADER_BORDER = Border(bottom=Side(style="medium", color="000000"))
WRAP = Alignment(wrap_text=True, vertical="top")
HEAD = Alignment(vertical="top", wrap_text=True)
HEAD_NUMBER = Alignment(vertical="top", wrap_text=True, horizontal="right")
CENTRE = Alignment(horizontal="center")


@dataclass(frozen=True)
class Column:
    header: str
    number_format: str | None = None
    max_width: float = 50.0
    min_width: float = 6.0
    centred: bool = False  # short codes such as the year: keeps them clear of their neighbours


def new_workbook() -> Workbook:
    return Workbook(write_only=True)


def save_workbook(wb: Workbook, target: Target) -> None:
    wb.save(str(target) if isinstance(target, Path) else target)


def year_value(year_group: str | None) -> Value:
    """Year groups as numbers when they are numbers (so filters sort 7 before 10)."""
    if year_group is None:
        return None
    text = year_group.strip()
    return int(text) if text.isdigit() else text


def sheet_title(text: str, used: set[str]) -> str:
    """A valid, unique sheet name: no ``\\ / * ? : [ ]``, at most 31 characters."""
    base = _BAD_TITLE.sub("-", text).strip().strip("'") or "Sheet"
    base = base[:SHEET_TITLE_CHARS]
    title, n = base, 1
    while title.casefold() in used:
        n += 1
        suffix = f" ({n})"
        title = base[: SHEET_TITLE_CHARS - len(suffix)] + suffix
    used.add(title.casefold())
    return title


def _longest_line(value: Value, number_format: str | None) -> int:
    if value is None:
        return 0
    if isinstance(value, float) and number_format and "%" in number_format:
        return 6
    if isinstance(value, float):
        return len(f"{value:.2f}")
    return max(len(line) for line in str(value).split("\n"))


def fit_widths(columns: Sequence[Column], rows: Sequence[Sequence[Value]]) -> list[float]:
    """Character widths that fit the header and the longest value, within each column's bounds."""
    widths = [len(c.header) for c in columns]
    for row in rows:
        for i, value in enumerate(row):
            n = _longest_line(value, columns[i].number_format)
            if n > widths[i]:
                widths[i] = n
    return [
        min(max(w + 2.0, c.min_width), c.max_width) for w, c in zip(widths, columns, strict=True)
    ]


class _CellMaker:
    """Plain values stream as they are; a styled cell only where one is needed (bold totals,
    number formats, long text that must wrap, text that would otherwise be read as a formula)."""

    def __init__(self, ws: Any, columns: Sequence[Column], widths: Sequence[float]) -> None:
        self.ws = ws
        self.formats = [c.number_format for c in columns]
        self.centred = [c.centred for c in columns]
        self.limits = [int(w) - 2 for w in widths]

    def value(self, i: int, value: Value, *, bold: bool = False) -> Any:
        number_format = self.formats[i]
        long = False
        if isinstance(value, str):
            value = clean_text(value)
            long = len(value) > self.limits[i] or "\n" in value
            number_format = None
        centred = self.centred[i] and value is not None
        if not (bold or number_format or long or centred):
            return xlsx_cell(self.ws, value)  # text that looks like a formula stays text
        cell = xlsx_cell(self.ws, value, force_cell=True)
        if bold:
            cell.font = BOLD
        if number_format:
            cell.number_format = number_format
        if long:
            cell.alignment = WRAP
        elif centred:
            cell.alignment = CENTRE
        return cell


def write_table(
    wb: Workbook,
    title: str,
    columns: Sequence[Column],
    rows: Sequence[Sequence[Value]],
    *,
    title_lines: Sequence[str] = (),
    totals: Sequence[Value] | None = None,
) -> Any:
    """Add a sheet holding one table; return the (write-only) worksheet.

    Title lines (the first in large bold) sit above a blank row and the header; panes freeze
    below the header, the filter covers header and rows (not the totals), the header repeats on
    every printed page, and the footer says the sheet is confidential.
    """
    ws = wb.create_sheet(title)
    widths = fit_widths(columns, [*rows, *([totals] if totals else [])])
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    header_row = len(title_lines) + (2 if title_lines else 1)
    header_lines = max(
        math.ceil(len(c.header) / max(w - 2, 1)) for c, w in zip(columns, widths, strict=True)
    )
    if header_lines > 1:  # wrapped headers: programs do not grow a streamed row by themselves
        ws.row_dimensions[header_row].height = 15 * header_lines
    last_col = get_column_letter(len(columns))
    ws.freeze_panes = f"A{header_row + 1}"
    ws.auto_filter.ref = f"A{header_row}:{last_col}{header_row + max(len(rows), 1)}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddFooter.left.text = CONFIDENTIAL
    ws.oddFooter.right.text = "Page &P of &N"
    if title_lines:
        ws.oddHeader.left.text = clean_text(title_lines[0]).replace("&", "&&")

    for n, line in enumerate(title_lines):
        c = xlsx_cell(ws, line, force_cell=True)  # a trust's name is never a formula
        c.font = TITLE_FONT if n == 0 else PLAIN
        ws.append([c])
    if title_lines:
        ws.append([])
    head = []
    for column in columns:
        c = xlsx_cell(ws, column.header, force_cell=True)  # headers hold purpose labels
        c.font, c.fill, c.border = BOLD, HEADER_FILL, HEADER_BORDER
        c.alignment = HEAD_NUMBER if column.number_format else HEAD
        head.append(c)
    ws.append(head)
    make = _CellMaker(ws, columns, widths)
    for row in rows:
        ws.append([make.value(i, v) for i, v in enumerate(row)])
    if totals is not None:
        ws.append([make.value(i, v, bold=True) for i, v in enumerate(totals)])
    return ws
