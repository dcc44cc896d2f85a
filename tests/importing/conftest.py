"""Builders for the spreadsheets the importing tests read: every layout is made in tmp_path.

Plain functions (imported by the tests) rather than fixtures, so a test reads as the file it
builds. ODS files and OLE2 compound files are written by hand: no extra packages needed.
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
import pytest

from consent_desk.importing.readers import Cell, Table

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"

Merge = tuple[int, int, int, int]  # (first row, first col, last row, last col), 1-based, inclusive

# The columns of the Microsoft Forms sample, resources/samples/hillgate-returns-msforms.xlsx.
HILLGATE = [
    "ID",
    "Start time",
    "Completion time",
    "Email",
    "Name",
    "Last modified time",
    "Child's first name",
    "Child's surname",
    "Child's date of birth",
    "Child's tutor group",
    "Please tick all the ways in which you are happy for photographs and video of your child "
    "to be used",
    "Are there any other limitations on the use of your child's image?",
    "Your relationship to the child",
]


def make_table(headers: list[str], *rows: list[Cell], name: str = "test.xlsx") -> Table:
    """A table as the reader would give it: the header on row 1, data from row 2."""
    return Table(name, "Sheet1", 1, headers, [(i + 2, list(r)) for i, r in enumerate(rows)])


def write_xlsx(
    path: Path,
    rows: Sequence[Sequence[object]],
    *,
    merges: Iterable[str] = (),
    sheet: str = "Sheet1",
    start: str = "A1",
    more_sheets: dict[str, Sequence[Sequence[object]]] | None = None,
    first_sheet_empty: bool = False,
) -> Path:
    """An .xlsx whose first data cell is at ``start``; ``merges`` like ``"D5:D7"``; ``None`` is
    an empty cell."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    if first_sheet_empty:
        ws.title = "Cover"
        ws = wb.create_sheet(sheet)
    else:
        ws.title = sheet
    origin = openpyxl.utils.cell.coordinate_to_tuple(start)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                ws.cell(row=origin[0] + r, column=origin[1] + c, value=value)
    for rng in merges:
        ws.merge_cells(rng)
    for name, other in (more_sheets or {}).items():
        extra = wb.create_sheet(name)
        for other_row in other:
            extra.append(list(other_row))
    wb.save(path)
    return path


def _ods_cell(value: object, span: tuple[int, int] | None) -> str:
    attrs = ""
    if span is not None:
        attrs = f' table:number-rows-spanned="{span[0]}" table:number-columns-spanned="{span[1]}"'
    if value is None:
        return f"<table:table-cell{attrs}/>"
    if isinstance(value, bool):
        v = "true" if value else "false"
        return (
            f'<table:table-cell{attrs} office:value-type="boolean" office:boolean-value="{v}">'
            f"<text:p>{v.upper()}</text:p></table:table-cell>"
        )
    if isinstance(value, datetime | date):
        iso = value.isoformat()
        return (
            f'<table:table-cell{attrs} office:value-type="date" office:date-value="{iso}">'
            f"<text:p>{iso}</text:p></table:table-cell>"
        )
    if isinstance(value, int | float):
        return (
            f'<table:table-cell{attrs} office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    return (
        f'<table:table-cell{attrs} office:value-type="string">'
        f"<text:p>{escape(str(value))}</text:p></table:table-cell>"
    )


def write_ods(
    path: Path,
    rows: Sequence[Sequence[object]],
    *,
    merges: Iterable[Merge] = (),
    sheet: str = "Sheet1",
    leading_blank_rows: int = 0,
) -> Path:
    """A minimal OpenDocument spreadsheet (mimetype, manifest, content.xml). Cells covered by a
    merge are written as covered cells, as LibreOffice does."""
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for r0, c0, r1, c1 in merges:
        spans[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
        covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - {(r0, c0)}
    body = []
    if leading_blank_rows:
        body.append(
            f'<table:table-row table:number-rows-repeated="{leading_blank_rows}">'
            "<table:table-cell/></table:table-row>"
        )
    for r, row in enumerate(rows, start=1 + leading_blank_rows):
        cells = []
        for c, value in enumerate(row, start=1):
            if (r, c) in covered:
                cells.append("<table:covered-table-cell/>")
            else:
                cells.append(_ods_cell(value, spans.get((r, c))))
        body.append(f"<table:table-row>{''.join(cells)}</table:table-row>")
    body.append(
        '<table:table-row table:number-rows-repeated="1048000">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{escape(sheet)}">'
        f"{''.join(body)}</table:table></office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest'
        ' xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/"'
        ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", manifest)
        z.writestr("content.xml", content)
    return path


def write_csv(
    path: Path,
    rows: Sequence[Sequence[object]],
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
    bom: bool = False,
    newline: str = "\r\n",
) -> Path:
    """Delimited text as Excel writes it: cells quoted when they hold the delimiter, a quote or
    a line break."""
    lines = []
    for row in rows:
        cells = []
        for value in row:
            text = "" if value is None else str(value)
            if any(ch in text for ch in (delimiter, '"', "\n", "\r")):
                text = '"' + text.replace('"', '""') + '"'
            cells.append(text)
        lines.append(delimiter.join(cells))
    data = newline.join(lines).encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    path.write_bytes(data)
    return path


def write_cfb(path: Path, streams: dict[str, bytes]) -> Path:
    """A valid OLE2 compound file (version 3, 512-byte sectors) holding ``streams``: the
    container of .xls workbooks and of password-protected .xlsx files. Streams are padded to
    4096 bytes so that they live in ordinary sectors."""
    sector = 512
    free, end, fat_sect = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    names = list(streams)
    assert len(names) <= 3
    fat = [fat_sect, end]  # sector 0: the FAT; sector 1: the directory
    starts = []
    data = b""
    for name in names:
        payload = streams[name].ljust(4096, b"\0")
        payload += b"\0" * (-len(payload) % sector)
        first = 2 + len(data) // sector
        count = len(payload) // sector
        starts.append((first, len(payload)))
        fat.extend([*range(first + 1, first + count), end])
        data += payload
    fat += [free] * (sector // 4 - len(fat))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        encoded = name.encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB", len(encoded) + 2, kind, 1)
            + struct.pack("<III", free, right, child)
            + b"\0" * 36
            + struct.pack("<IQ", start, size)
        )

    directory = entry("Root Entry", 5, 1 if names else free, free, end, 0)
    for i, (name, (start, size)) in enumerate(zip(names, starts, strict=True)):
        right = i + 2 if i + 1 < len(names) else free
        directory += entry(name, 2, free, right, start, size)
    directory = directory.ljust(sector, b"\0")
    header = bytearray(b"\0" * sector)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 0x28, 0, 1, 1, 0, 4096, end, 0, end, 0)
    struct.pack_into("<109I", header, 0x4C, 0, *([free] * 108))
    path.write_bytes(bytes(header) + struct.pack(f"<{len(fat)}I", *fat) + directory + data)
    return path


@pytest.fixture
def oak(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """A database (its URL) whose academy OAK has three learners (the blind testers' layouts)."""
    from tests.importing.test_blind_findings import LEARNERS, TRUST, cli

    url = f"sqlite:///{tmp_path / 'blind.db'}"
    (tmp_path / "learners.csv").write_text(LEARNERS, encoding="utf-8")
    for argv in (
        ("init", "--trust", TRUST),
        ("academy", "add", "OAK", "--name", "Oak", "--phase", "primary"),
        ("import-learners", str(tmp_path / "learners.csv"), "--academy", "OAK"),
    ):
        assert cli(capsys, url, *argv)[0] == 0
    return url
