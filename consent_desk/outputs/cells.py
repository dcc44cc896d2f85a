"""The one place a value becomes a spreadsheet cell, in ``.xlsx`` and in CSV.

Names, groups, limitations, trust and academy names and user names come from parents, offices
and anyone who can type at the login box. A spreadsheet program runs text that starts like a
formula (``=HYPERLINK(…)``, ``+1``, ``-1+2``, ``@SUM(1)``, or any of these after a tab or a
carriage return) — so every export writes text as text:

- in ``.xlsx`` every string is a string cell (openpyxl would otherwise store ``=…`` as a
  formula); the text is kept exactly as typed;
- in CSV, where there are no cell types, text that starts like a formula gets a leading ``'``
  (the usual spreadsheet mark for "this is text"; OWASP's advice for CSV injection), so the
  rest of it stays visible as typed.

Numbers and dates are written as numbers and dates: they are never formulas.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE

Value = str | int | float | date | datetime | None

MAX_CELL_CHARS = 32767
# What spreadsheet programs read as the start of a formula (and the full-width forms that some
# of them accept too). Tab, CR and LF in front hide a formula from the eye, not from Excel.
FORMULA_START = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
_INVISIBLE_LEAD = " \t\r\n"


def clean_text(text: str) -> str:
    """Text Excel can hold: no control characters, not too long."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return text[:MAX_CELL_CHARS]


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet could run ``text`` as a formula."""
    stripped = text.lstrip(_INVISIBLE_LEAD)
    return bool(stripped) and stripped[0] in FORMULA_START


def csv_field(value: Value) -> str:
    """A CSV field: numbers as they are, text that starts like a formula quoted with ``'``."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | date | datetime):
        return str(value)
    text = str(value)
    return "'" + text if is_formula_like(text) else text


def xlsx_cell(ws: Any, value: Value, *, force_cell: bool = False) -> Any:
    """A value for a write-only worksheet row: plain values stream as they are (fast); a string
    that openpyxl would store as a formula becomes a string cell. ``force_cell`` always returns
    a cell (to be styled by the caller)."""
    if isinstance(value, str):
        value = clean_text(value)
        if value.startswith("=") or value in ERROR_CODES or force_cell:
            cell = WriteOnlyCell(ws, value=value)
            cell.data_type = "s"  # never "f": text from people is never a formula
            return cell
        return value
    if force_cell:
        return WriteOnlyCell(ws, value=value)
    return value
