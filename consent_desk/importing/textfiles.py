"""CSV and other delimited text as offices save it.

Encoding: UTF-8 with a byte-order mark, UTF-16 with one (Excel's "Unicode Text"), UTF-8, else
Windows-1252 (what Excel on a UK PC writes for "CSV"). Delimiter: comma, semicolon or tab, chosen
by counting them outside quotes on the first lines (csv.Sniffer guesses wrong too often).
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter

from consent_desk.importing.limits import MAX_CELLS, MAX_COLUMNS, MAX_CSV_FIELD_CHARS

DELIMITERS = (",", ";", "\t")
_SNIFF_LINES = 30
_SNIFF_CHARS = 256 * 1024

# A cell of a megabyte is still read (csv's default limit is 128 KiB), so the import can name
# it; a longer one stops the reading (see CellTooLong).
csv.field_size_limit(MAX_CSV_FIELD_CHARS)


def decode(data: bytes) -> str:
    """The text of a file, by byte-order mark, else UTF-8, else Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count = 0
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            count += 1
    return count


def sniff_delimiter(text: str, preferred: str = ",") -> str:
    """The delimiter used most consistently on the first non-blank lines.

    For each candidate: the commonest non-zero count per line, and how many lines have exactly
    that count. The candidate on the most lines wins; then the one with more per line; then
    ``preferred`` (tab for .tsv files).
    """
    head = text[:_SNIFF_CHARS]  # a line of megabytes must not take seconds to look at
    lines = [ln for ln in head.splitlines()[: _SNIFF_LINES * 4] if ln.strip()][:_SNIFF_LINES]
    best: tuple[int, int, int] | None = None
    chosen = preferred
    for delimiter in DELIMITERS:
        counts = [c for c in (_count_outside_quotes(ln, delimiter) for ln in lines) if c]
        if not counts:
            continue
        per_line, lines_agreeing = Counter(counts).most_common(1)[0]
        score = (lines_agreeing, per_line, int(delimiter == preferred))
        if best is None or score > best:
            best, chosen = score, delimiter
    return chosen


class TooWide(Exception):
    """A record with more columns, or a file with more cells, than any office list: ``row`` is
    the 1-based record number, ``columns`` its width (or the cells so far, for ``row`` 0...)."""

    def __init__(self, row: int, columns: int) -> None:
        super().__init__(f"row {row}: {columns} columns")
        self.row, self.columns = row, columns


class CellTooLong(Exception):
    """A cell longer than ``MAX_CSV_FIELD_CHARS`` on record ``row`` (1-based)."""

    def __init__(self, row: int) -> None:
        super().__init__(f"row {row}: a cell over {MAX_CSV_FIELD_CHARS} characters")
        self.row = row


def parse_delimited(text: str, delimiter: str, nrows: int | None = None) -> list[list[object]]:
    """Every record as a row of stripped strings (``None`` for a blank cell).

    Row ``i`` is spreadsheet row ``i + 1``: a quoted cell spanning lines is one row, as in Excel.
    ``TooWide`` when a record has more than ``MAX_COLUMNS`` cells or the rows cover more than
    ``MAX_CELLS``, before they are all kept.
    """
    rows: list[list[object]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    widest = 0
    records = iter(reader)
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        except csv.Error as err:
            if "field larger than field limit" in str(err):
                raise CellTooLong(len(rows) + 1) from None
            raise
        width = len(record)
        widest = max(widest, width)
        if width > MAX_COLUMNS or (len(rows) + 1) * widest > MAX_CELLS:
            raise TooWide(len(rows) + 1, width if width > MAX_COLUMNS else widest)
        rows.append([(cell.strip() or None) for cell in record])
        if nrows is not None and len(rows) >= nrows:
            break
    return rows
