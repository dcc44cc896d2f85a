"""Reading a spreadsheet into a ``Table``: headers, and data rows with their own row numbers.

Handles .xlsx/.xlsm/.xls/.ods (python-calamine) and .csv/.txt/.tsv; title rows and blank rows
above the header; merged cells in the data (a "Class" merged down several rows is filled into
every row); bad files of every kind, reported as one-line ``ImportFileError``s. No Qt, no DB.

The header vocabulary (``headers``, ``values``) is imported where a header row is looked for,
not with this module: the command line starts reading the file on a thread as soon as it can,
and those modules (a twentieth of a second) load on the main thread meanwhile.
"""

from __future__ import annotations

import csv
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from consent_desk.importing.bulk import Background, Forked, paused_gc
from consent_desk.importing.limits import MAX_CSV_FIELD_CHARS
from consent_desk.importing.oversize import (
    check_columns,
    check_extent,
    check_file_size,
    check_line_lengths,
    take_verdict,
    verdict,
)
from consent_desk.importing.records import ImportFileError
from consent_desk.importing.textfiles import (
    CellTooLong,
    TooWide,
    decode,
    parse_delimited,
    sniff_delimiter,
)
from consent_desk.importing.workbooks import (
    Merge,
    RawSheet,
    detect_kind,
    read_workbook,
    workbook_sheet_names,
)

Progress = Callable[[int, int], None]
Cell = str | int | float | bool | date | datetime | None

HEADER_SEARCH_ROWS = 30
MAX_CELL_CHARS = 10_000
_SNIFF_BYTES = 65536
_PROGRESS_EVERY = 2000


@dataclass
class Table:
    """One sheet (or CSV file) as headers and data rows.

    ``rows`` holds ``(row_number, cells)`` with the spreadsheet's own 1-based row number
    (counting title, blank and header rows); every row has ``len(headers)`` cells; fully blank
    rows are left out.
    """

    file_name: str
    sheet: str | None
    header_row: int
    headers: list[str]
    rows: list[tuple[int, list[Cell]]]
    sheet_names: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Cells longer than MAX_CELL_CHARS, cut to that length: (row number, column index, length).
    long_cells: list[tuple[int, int, int]] = field(default_factory=list)
    # The text of the rows above the header (a form's title, its instructions), "" when none.
    title: str = ""

    def refuse_long_cells(self) -> None:
        """``ImportFileError`` when a cell had to be cut: an import must not keep part of a
        parent's words (a limitation cut short could lose a restriction). A preview may show
        the cut text; an import refuses the file."""
        if self.long_cells:
            row, column, length = self.long_cells[0]
            more = len(self.long_cells) - 1
            others = f" (and {more} more cell{'s' if more > 1 else ''})" if more else ""
            raise ImportFileError(
                f"{self.where}: row {row}, column {column_letter(column)}: a cell holds "
                f"{length:,} characters{others}, more than any answer or note can be (at most "
                f"{MAX_CELL_CHARS:,}): check it is the right file, shorten the cell, then "
                "import again"
            )

    @property
    def where(self) -> str:
        """``file`` or ``file, sheet 'X'`` for messages."""
        return self.file_name if self.sheet is None else f"{self.file_name}, sheet '{self.sheet}'"


def column_letter(index: int) -> str:
    """Spreadsheet column letters for a 0-based index: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _read_head(path: Path) -> bytes:
    try:
        with path.open("rb") as f:
            return f.read(_SNIFF_BYTES)
    except FileNotFoundError as err:
        message = f"{path.name}: cannot find the file: check its name and folder"
        raise ImportFileError(message) from err
    except IsADirectoryError as err:
        raise ImportFileError(f"{path.name}: this is a folder, not a file: choose a file") from err
    except OSError as err:
        raise ImportFileError(
            f"{path.name}: cannot open the file ({err.strerror}): close it in Excel and try again"
        ) from err


def _raw_sheet(path: Path, sheet: str | None, nrows: int | None = None) -> RawSheet:
    head = _read_head(path)
    check_file_size(path)
    kind = detect_kind(path, head)
    if kind != "text":
        return read_workbook(path, kind, sheet, nrows)
    if sheet is not None and sheet.strip().casefold() not in ("", path.stem.casefold()):
        raise ImportFileError(
            f"{path.name}: there is no sheet '{sheet}': a CSV file has no sheets — import it "
            "without choosing a sheet"
        )
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ImportFileError(f"{path.name}: cannot read the file ({err.strerror})") from err
    check_line_lengths(path.name, data)
    text = decode(data)
    del data
    preferred = "\t" if path.suffix.lower() in (".tsv", ".tab") else ","
    try:
        rows = parse_delimited(text, sniff_delimiter(text, preferred), nrows)
    except CellTooLong as err:
        raise ImportFileError(
            f"{path.name}: row {err.row}: a cell holds more than {MAX_CSV_FIELD_CHARS:,} "
            f"characters, more than any answer or note can be (at most {MAX_CELL_CHARS:,}): "
            "check it is the right file and that it is saved as CSV with one learner per line"
        ) from None
    except TooWide as err:
        check_columns(path.name, err.row, err.columns)
        check_extent(path.name, err.row, err.columns)  # too many cells in all
        raise
    except csv.Error as err:
        raise ImportFileError(f"{path.name}: the CSV file is malformed ({err}): save it again "
                              "from Excel as CSV") from err  # fmt: skip
    return RawSheet(None, rows, [], [])


def sheet_names(path: str | Path) -> list[str]:
    """The sheets of a workbook (empty for a CSV file)."""
    p = Path(path)
    head = _read_head(p)
    check_file_size(p)
    kind = detect_kind(p, head)
    return [] if kind == "text" else workbook_sheet_names(p, kind)


def _convert(value: object) -> Cell:
    """A calamine or CSV cell as a plain Python value (``None`` for blank); text is cut at
    ``MAX_CELL_CHARS``."""
    if isinstance(value, str):  # NUL: PostgreSQL refuses it and SQLite would keep it
        return value.replace("\x00", "").strip()[:MAX_CELL_CHARS] or None
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if value is None or isinstance(value, bool | int | date):
        return value
    if isinstance(value, time):
        return value.strftime("%H:%M:%S") if value.second else value.strftime("%H:%M")
    if isinstance(value, timedelta):
        return str(value)
    return str(value).strip() or None


def _display(value: object) -> str:
    from consent_desk.importing.values import clean_text

    return clean_text(_convert(value)) or ""


def preview_rows(path: str | Path, sheet: str | None = None, n: int = 20) -> list[list[str]]:
    """The first ``n`` rows as display text, from spreadsheet row 1 (blank rows included), for a
    GUI preview. Cheap: only those rows are read from a workbook."""
    raw = _raw_sheet(Path(path), sheet, nrows=n)
    return [[_display(v) for v in row] for row in raw.rows[:n]]


def _text_cells(row: list[Cell]) -> int:
    return sum(1 for v in row if v is not None)


def find_header_row(rows: list[list[Cell]]) -> int | None:
    """The 0-based index of the header row among the first rows, or ``None``.

    Preferred: the row with the most headers we recognise (at least two, and at least a third of
    its text cells). Else: the first row with two or more cells that is followed by data.
    """
    from consent_desk.importing.headers import header_score

    best: tuple[int, int] | None = None
    limit = min(len(rows), HEADER_SEARCH_ROWS)
    for i in range(limit):
        if best is not None and sum(isinstance(c, str) for c in rows[i]) <= best[0]:
            continue  # fewer texts than the best row recognised: it cannot recognise more
        recognised, texts = header_score(list(rows[i]))
        if recognised >= 2 and recognised * 3 >= texts and (best is None or recognised > best[0]):
            best = (recognised, i)
    if best is not None:
        return best[1]
    for i in range(limit):
        if _text_cells(rows[i]) >= 2 and any(_text_cells(r) >= 2 for r in rows[i + 1 : i + 4]):
            return i
    return None


def _fill_merges(rows: list[list[Cell]], merges: list[Merge], header: int) -> None:
    """Copy a merged cell's value into every cell of the merge, for merges below the header."""
    for r0, c0, r1, c1 in merges:
        if r0 <= header or r0 >= len(rows):
            continue
        first = rows[r0]
        value = first[c0] if c0 < len(first) else None
        if value is None:
            continue
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            row = rows[r]
            if len(row) <= c1:
                row.extend([None] * (c1 + 1 - len(row)))
            for c in range(c0, c1 + 1):
                if row[c] is None:
                    row[c] = value


def _headers(cells: list[Cell], width: int) -> list[str]:
    from consent_desk.importing.values import clean_text

    headers: list[str] = []
    seen: dict[str, int] = {}
    for i in range(width):
        text = clean_text(cells[i]) if i < len(cells) else None
        text = (text or f"Column {column_letter(i)}")[:200]
        key = text.casefold()
        if key in seen:
            seen[key] += 1
            text = f"{text} ({seen[key]})"
        else:
            seen[key] = 1
        headers.append(text)
    return headers


_TITLE_CHARS = 500  # of the rows above the header, kept to tell a saved mapping's sheet apart


def read_table(
    path: str | Path,
    sheet: str | None = None,
    progress: Progress | None = None,
    parsed: threading.Event | None = None,
    checked: Forked | None = None,
) -> Table:
    """Read one sheet (or a CSV file) into a ``Table``; ``ImportFileError`` for a bad file.
    ``parsed`` is set once the file is parsed, when its cells are being converted. ``checked``:
    the workbook's size being checked in a copy of the process (see ``Reading``)."""
    if checked is not None:
        take_verdict(Path(path), checked.result())
    with paused_gc():  # hundreds of thousands of cells, and no reference cycles among them
        return _read_table(Path(path), sheet, progress, parsed)


def _zipped(path: Path) -> bool:
    """Whether the file is a workbook ``oversize`` checks (.xlsx, .ods); anything else (a .zip,
    a Word document) is refused, or read, by the reading as before."""
    try:
        return detect_kind(path, _read_head(path)) in ("xlsx", "ods")
    except (ImportFileError, OSError):
        return False


class Reading(Background["Table"]):
    """A file being read (``read_table``) on a thread. python-calamine parses a workbook without
    the GIL, and other work can go on meanwhile at no cost to the reading; after that, the
    cells are converted with the GIL, and work that holds it slows the reading, which then is
    what everything waits for. :meth:`parsing` tells the two apart."""

    def __init__(
        self,
        path: str | Path,
        sheet: str | None = None,
        progress: Progress | None = None,
        apart: bool = False,
    ) -> None:
        """``apart``: a workbook's size (``oversize``, which must pass before calamine sees the
        file) is checked in a copy of the process (``bulk.Forked``), on another core, rather
        than on the reading's thread, where it would wait for the GIL while the rest of the
        program loads: for a command-line process only (see ``Forked``)."""
        self._parsed = threading.Event()
        checked = None
        if apart and Forked.possible() and _zipped(Path(path)):
            checked = Forked(partial(verdict, Path(path)))
        super().__init__(read_table, Path(path), sheet, progress, self._parsed, checked)

    def parsing(self) -> bool:
        """Whether the file is still being parsed (or checked before it is: see ``oversize``)."""
        return self.running() and not self._parsed.is_set()


# Cells of these types are kept as they are (``_convert`` would return them unchanged); a whole
# number below 2**53 (exact in a float) becomes an int, as ``_convert`` does.
_KEPT_TYPES = frozenset({date, datetime, int, bool, type(None)})
_EXACT = float(2**53)


def _read_table(
    p: Path, sheet: str | None, progress: Progress | None, parsed: threading.Event | None
) -> Table:
    raw = _raw_sheet(p, sheet)
    if parsed is not None:
        parsed.set()
    where = p.name if raw.name is None else f"{p.name}, sheet '{raw.name}'"
    rows: list[list[Cell]] = raw.rows  # type: ignore[assignment]  # converted in place below
    total = len(rows)
    warnings: list[str] = []
    long_cells: list[tuple[int, int, int]] = []
    cut: list[str] = []
    kept, convert, limit, nul = _KEPT_TYPES, _convert, MAX_CELL_CHARS, "\x00"

    def other(value: object) -> Cell:
        if type(value) is str and len(value) > limit:
            cut.append(value)
        return convert(value)

    for i in range(total):
        raw_row: list[Any] = rows[i]
        # Most cells are short text or dates: those cases are inline, the rest goes through
        # _convert. Each raw row is replaced by its converted one (and so freed) as we go.
        rows[i] = [
            (v.strip() or None) if (t := type(v)) is str and len(v) <= limit and nul not in v
            else v if t in kept
            else int(v) if t is float and v.is_integer() and -_EXACT < v < _EXACT
            else other(v)
            for v in raw_row
        ]  # fmt: skip
        if cut:
            for c, v in enumerate(raw_row):
                if type(v) is str and len(v) > limit:
                    long_cells.append((i + 1, c, len(v)))
                    warnings.append(
                        f"{where}: row {i + 1}, column {column_letter(c)}: a cell of "
                        f"{len(v):,} characters was cut to {limit:,}"
                    )
            cut.clear()
        if progress is not None and i % _PROGRESS_EVERY == 0:
            progress(i, total)
    header = find_header_row(rows)
    if header is None:
        if not any(any(v is not None for v in r) for r in rows):
            raise ImportFileError(f"{where}: there is no data in it: check you chose the right "
                                  "file and sheet")  # fmt: skip
        if raw.name is None and all(sum(v is not None for v in r) <= 1 for r in rows):
            raise ImportFileError(  # a text file: a letter, notes, an e-mail saved as .csv
                f"{where}: this file is not a spreadsheet: it holds lines of text, not columns "
                "— choose the spreadsheet (.xlsx, or .csv saved from Excel)"
            )
        raise ImportFileError(
            f"{where}: no header row found in the first {HEADER_SEARCH_ROWS} rows: put the "
            "column headings (e.g. Surname, Forename, Website) in one row above the data"
        )
    _fill_merges(rows, raw.merges, header)
    width = 0  # the last column holding anything, from the header row down
    for i in range(header, total):
        r = rows[i]
        n = len(r)
        if n > width:  # only a row longer than the width so far can widen it
            while n > width and r[n - 1] is None:
                n -= 1
            width = n
    headers = _headers(rows[header], width)
    data: list[tuple[int, list[Cell]]] = []
    append = data.append
    for i in range(header + 1, total):
        row = rows[i]
        n = len(row)
        if row.count(None) == n:
            continue  # a blank row
        if n < width:
            row = row + [None] * (width - n)
        elif n > width:
            row = row[:width]
        append((i + 1, row))
    if progress is not None:
        progress(total, total)
    long_cells = [cell for cell in long_cells if cell[0] > header + 1]  # data rows only
    from consent_desk.importing.values import clean_text

    above = [clean_text(v) for r in rows[:header] for v in r if v is not None]
    title = " / ".join(t for t in above if t)[:_TITLE_CHARS]
    return Table(p.name, raw.name, header + 1, headers, data, raw.sheet_names, warnings,
                 long_cells, title)  # fmt: skip


def column_values(table: Table) -> Callable[[int], list[Cell]]:
    """Column index -> that column's cells, top to bottom, for reading a column as a whole."""

    def values_of(i: int) -> list[Cell]:
        return [cells[i] for _, cells in table.rows]

    return values_of
