"""Refusing, before it is read, a file far bigger than any office spreadsheet.

python-calamine builds every cell of a sheet's area in memory (and aborts the whole process when
that area is absurd, such as one cell at XFD1048576), and unpacks whatever a zip says. So the
file's declared and real sizes are checked first, cheaply: its size on disk; each zip part's
unpacked size (read through, so a part that lies about its size fails its checksum); the rows,
columns and cells the sheets really reach. The limits are in :mod:`consent_desk.importing.limits`.
"""

from __future__ import annotations

import os
import re
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from consent_desk.importing import limits
from consent_desk.importing.records import ImportFileError

# The sheet is unpacked and scanned this many bytes at a time. Each block costs a few releases
# of the GIL (reading, unpacking, the checksum), and while the learners load on the main thread
# each release can cost up to 5 ms to get back: blocks of 4 MB rather than 1 MB make the check
# of a 26 MB sheet twice as quick under that load (0.34 s against 0.39–0.95 s, measured).
_CHUNK = 4 << 20
_OVERLAP = 256
_MB = 1024 * 1024
_SHRINK = (
    "delete the empty rows and columns after your data (Ctrl+End shows where the sheet ends) "
    "or copy just the data into a new workbook, save it, and import that"
)
# What a sheet reaches is read from its ``r="…"`` attributes, by patterns that start with a
# literal (found fast) and match only what could matter: cells of column AA or further (their
# column and row), and row numbers of six digits or more (a row tag, or a cell of A–Z). calamine
# builds every cell from A1 to the furthest, so a sheet whose cells all lie in A–Z and rows below
# 100,000 cannot be too big (at most 2.6 million cells) and costs one pass that finds nothing.
# A self-closing ``<row r="1048576"/>`` or ``<c r="XFD1" s="1"/>`` is only a style (calamine
# leaves it out); it is looked for only when the reach would be refused. The ``\s`` forms are
# used only when an attribute follows a tab or a line break.
_REACH_RE = re.compile(rb' r="(?:([A-Z]{2,})(\d+)|[A-Z]?(\d{6,}))"')
_REACH_ANY_RE = re.compile(rb'\sr="(?:([A-Z]{2,})(\d+)|[A-Z]?(\d{6,}))"')
_ODD_SPACES = (b'\tr="', b'\nr="', b'\rr="')
# Before those patterns run on a block, one quick search tells whether they can match at all:
# an ``r`` attribute (after any character) of two letters or of six digits (with or without a
# letter). A sheet within A–Z and below row 100,000, as nearly every office file is, has none.
_MAY_REACH_RE = re.compile(rb'r="(?:[A-Z]{2}|[A-Z]?\d{6})')
_CELL_OPEN = (b"<c ", b"<c>")
# The fewest bytes a cell takes (``<c><v>1</v></c>``): a sheet part smaller than this many
# times MAX_CELLS cannot hold too many cells, and its cells are not counted.
_CELL_BYTES = 15
_SHEET_RE = re.compile(rb'<(?:\w+:)?sheet\s[^>]*?\bname="([^"]*)"[^>]*?\b(?:\w+:)?id="([^"]*)"')
_REL_RE = re.compile(rb'<Relationship\s[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"')
_REL_RE2 = re.compile(rb'<Relationship\s[^>]*?\bTarget="([^"]*)"[^>]*?\bId="([^"]*)"')


def _mb(size: int) -> str:
    return f"{size / _MB:,.0f} MB" if size >= _MB else f"{size / 1024:,.0f} KB"


def column_number(letters: str) -> int:
    """1-based column number of spreadsheet letters: A -> 1, XFD -> 16384."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def check_file_size(path: Path) -> None:
    """``ImportFileError`` when the file on disk is bigger than any office spreadsheet."""
    try:
        size = path.stat().st_size
    except OSError:
        return  # reading it will say what is wrong
    if size > limits.MAX_FILE_BYTES:
        raise ImportFileError(
            f"{path.name}: the file is {_mb(size)}, more than an office list ever needs (at most "
            f"{_mb(limits.MAX_FILE_BYTES)}): check it is the right file, or split it into "
            "smaller files and import each"
        )


def check_extent(where: str, rows: int, columns: int) -> None:
    """``ImportFileError`` when a sheet reaches further than the limits allow."""
    if rows > limits.MAX_ROWS or columns > limits.MAX_COLUMNS or rows * columns > limits.MAX_CELLS:
        raise ImportFileError(
            f"{where}: the sheet reaches row {rows:,} and column {columns:,}, more than an office "
            f"list needs (at most {limits.MAX_ROWS:,} rows, {limits.MAX_COLUMNS:,} columns and "
            f"{limits.MAX_CELLS:,} cells): {_SHRINK}"
        )


def check_cells(where: str, cells: int) -> None:
    if cells > limits.MAX_CELLS:
        raise ImportFileError(
            f"{where}: the sheet holds {cells:,} cells, more than an office list needs (at "
            f"most {limits.MAX_CELLS:,}): {_SHRINK}"
        )


def check_columns(where: str, row: int, columns: int) -> None:
    if columns > limits.MAX_COLUMNS:
        raise ImportFileError(
            f"{where}: row {row:,} has {columns:,} columns, more than an office list needs (at "
            f"most {limits.MAX_COLUMNS:,}): check it is the right file and that it is saved "
            "with one learner per line"
        )


def check_line_lengths(name: str, data: bytes) -> None:
    """``ImportFileError`` when a line of a text file is longer than any office list's."""
    at, line = 0, 1
    while at < len(data):
        end = data.find(b"\n", at)
        end = len(data) if end < 0 else end
        if end - at > limits.MAX_LINE_BYTES:
            raise ImportFileError(
                f"{name}: line {line:,} is {_mb(end - at)} long, more than an office list "
                f"needs (at most {_mb(limits.MAX_LINE_BYTES)}): check it is the right file and "
                "that it is saved as CSV with one learner per line"
            )
        at, line = end + 1, line + 1


@dataclass
class _Reach:
    rows: int = 0
    columns: int = 0
    cells: int = 0


def _bomb(name: str) -> ImportFileError:
    return ImportFileError(
        f"{name}: the workbook unpacks to far more than an office list needs (at most "
        f"{_mb(limits.MAX_UNPACKED_BYTES)}); it is damaged or not a real spreadsheet: open it in "
        "Excel, copy the data into a new workbook, save it and import that"
    )


def _self_closing(data: bytes, at: int) -> bool:
    """Whether the tag around ``data[at]`` ends with ``/>``."""
    end = data.find(b">", at)
    return end > 0 and data[end - 1 : end] == b"/"


def _reach_of(matches: list[tuple[bytes, bytes, bytes]]) -> tuple[int, int]:
    """(rows, columns) reached by ``_REACH_RE`` matches."""
    rows = columns = 0
    letters = {m[0] for m in matches if m[0]}
    if letters:
        columns = max(column_number(c.decode()) for c in letters)
    numbers = {m[1] or m[2] for m in matches}
    if numbers:
        rows = max(int(n) for n in numbers)
    return rows, columns


def _too_far(rows: int, columns: int) -> bool:
    return (
        rows > limits.MAX_ROWS
        or columns > limits.MAX_COLUMNS
        or rows * max(columns, 1) > limits.MAX_CELLS
    )


def _scan_xlsx_sheet(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> _Reach:
    reach = _Reach()
    tail = b""
    count_cells = info.file_size > limits.MAX_CELLS * _CELL_BYTES
    with z.open(info) as f:
        while chunk := f.read(_CHUNK):
            if count_cells:
                reach.cells += sum(chunk.count(token) for token in _CELL_OPEN)
            data = tail + chunk
            tail = data[-_OVERLAP:]
            if not _MAY_REACH_RE.search(data):
                continue
            odd = any(space in data for space in _ODD_SPACES)
            pattern = _REACH_ANY_RE if odd else _REACH_RE
            matches = pattern.findall(data)
            if matches:
                rows, columns = _reach_of(matches)
                if _too_far(max(rows, reach.rows), max(columns, reach.columns)):
                    # past a limit: count only the rows and cells that hold something
                    kept = [m.groups() for m in pattern.finditer(data)
                            if not _self_closing(data, m.end())]  # fmt: skip
                    rows, columns = _reach_of(kept)  # type: ignore[arg-type]
                reach.rows = max(reach.rows, rows)
                reach.columns = max(reach.columns, columns)
    return reach


def _xlsx_sheet_names(z: zipfile.ZipFile) -> dict[str, str]:
    """Part name (``xl/worksheets/sheet1.xml``) -> sheet name, as far as they can be told."""
    try:
        book = z.read("xl/workbook.xml")
        rels = z.read("xl/_rels/workbook.xml.rels")
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return {}
    targets = {i: t for i, t in _REL_RE.findall(rels)}
    targets.update({i: t for t, i in _REL_RE2.findall(rels)})
    names: dict[str, str] = {}
    for name, rid in _SHEET_RE.findall(book):
        target = targets.get(rid, b"").decode("utf-8", "replace").lstrip("/")
        part = target if target.startswith("xl/") else "xl/" + target
        names[part] = name.decode("utf-8", "replace")
    return names


_T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_O = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def _scan_ods(z: zipfile.ZipFile, where: str) -> None:
    """The reach of each table of ``content.xml``, counting repeated rows and columns that hold
    anything (LibreOffice's trailing empty repeats are left out, as calamine leaves them)."""
    table = ""
    row_at = row_repeat = col = row_cells = 0
    reach = _Reach()
    with z.open("content.xml") as f:
        for event, el in ElementTree.iterparse(f, events=("start", "end")):
            tag = el.tag
            if tag == f"{_T}table":
                if event == "start":
                    table, row_at, reach = el.get(f"{_T}name", ""), 0, _Reach()
            elif tag == f"{_T}table-row":
                if event == "start":
                    row_repeat = int(el.get(f"{_T}number-rows-repeated", "1"))
                    col = row_cells = 0
                else:
                    if row_cells:
                        reach.rows = row_at + row_repeat
                        reach.cells += row_cells * row_repeat
                        check_extent(f"{where}, sheet '{table}'", reach.rows, reach.columns)
                        check_cells(f"{where}, sheet '{table}'", reach.cells)
                    row_at += row_repeat
                    el.clear()
            elif tag in (f"{_T}table-cell", f"{_T}covered-table-cell") and event == "end":
                repeat = int(el.get(f"{_T}number-columns-repeated", "1"))
                if el.get(f"{_O}value-type") is not None or len(el):
                    row_cells += repeat
                    reach.columns = max(reach.columns, col + repeat)
                col += repeat
                el.clear()


def _check_zip(path: Path) -> None:
    name = path.name
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            if sum(i.file_size for i in infos) > limits.MAX_UNPACKED_BYTES:
                raise _bomb(name)
            for i in infos:
                ratio = i.file_size / max(i.compress_size, 1)
                if i.file_size > limits.PACKING_RATIO_FROM and ratio > limits.MAX_PACKING_RATIO:
                    raise _bomb(name)
            if any(i.filename.startswith("xl/worksheets/") and i.filename.endswith(".bin")
                   for i in infos):  # fmt: skip
                raise ImportFileError(
                    f"{name}: this is an Excel binary workbook (.xlsb), whose sheets cannot be "
                    "checked before they are read: open it in Excel, save it as .xlsx and "
                    "import that"
                )
            sheets = _xlsx_sheet_names(z)
            for i in infos:
                part = i.filename
                if part.startswith("xl/worksheets/") and part.endswith(".xml"):
                    reach = _scan_xlsx_sheet(z, i)
                    sheet = sheets.get(part, part.rsplit("/", 1)[-1])
                    where = f"{name}, sheet '{sheet}'"
                    check_extent(where, reach.rows, reach.columns)
                    check_cells(where, reach.cells)
                elif part == "content.xml":
                    _scan_ods(z, name)
                else:
                    with z.open(i) as f:  # read through: a part that lies fails its checksum
                        while f.read(_CHUNK):
                            pass
    except ImportFileError:
        raise
    except (zipfile.BadZipFile, EOFError, OSError, KeyError, ValueError, ElementTree.ParseError,
            NotImplementedError, RuntimeError) as err:  # fmt: skip
        raise ImportFileError(
            f"{name}: the file is damaged or incomplete (perhaps a download or copy was cut "
            "short): download or export it again"
        ) from err


# Files that passed, as (path, size, time modified): the last few (the wizard opens a file
# several times), in the order they passed.
_PASSED: dict[tuple[str, int, int], None] = {}
_PASSED_LOCK = threading.Lock()


def _passed_key(path: Path) -> tuple[str, int, int]:
    st = os.stat(path)
    return str(path.resolve()), st.st_size, st.st_mtime_ns


def check_zip_workbook(path: Path) -> None:
    """``ImportFileError`` for a workbook (.xlsx, .ods) that is bigger than it may be, unpacked
    or in the rows and columns its sheets reach. A file that passed is not checked again until
    it changes."""
    check_file_size(path)
    key = _passed_key(path)
    if key not in _PASSED:
        _check_zip(path)
        passed(path, key)


def passed(path: Path, key: tuple[str, int, int] | None = None) -> None:
    """Note that ``path``, as it is now, passed ``check_zip_workbook`` (checked here or by a
    copy of the process: see ``verdict``)."""
    key = key or _passed_key(path)
    with _PASSED_LOCK:
        _PASSED[key] = None
        while len(_PASSED) > 8:
            del _PASSED[next(iter(_PASSED))]


def verdict(path: Path) -> bytes:
    """``check_zip_workbook`` as bytes, for a copy of the process to check a file apart (on
    another core, while this one loads): ``b"ok:SIZE:MODIFIED"`` (the file as it was checked),
    or the refusal's message after ``b"no:"``."""
    try:
        _, size, modified = _passed_key(path)
        check_zip_workbook(path)
    except ImportFileError as err:
        return b"no:" + str(err).encode()
    return f"ok:{size}:{modified}".encode()


def take_verdict(path: Path, said: bytes | None) -> None:
    """What ``verdict`` said of ``path`` in a copy of the process: ``ImportFileError`` for a
    refusal; the file, as it was checked, noted as passed (changed since, it is checked again);
    nothing when the copy failed (the reading checks the file itself)."""
    if said is None:
        return
    if said.startswith(b"no:"):
        raise ImportFileError(said[3:].decode())
    if said.startswith(b"ok:"):
        size, modified = (int(n) for n in said[3:].split(b":"))
        passed(path, (str(path.resolve()), size, modified))
