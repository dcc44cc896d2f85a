"""Files that would crash or swamp a reader, each small on disk (shared by the tests and by
``make bench``, which measures the time and memory each takes to be refused)."""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

_CT = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_BOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Returns" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_BOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def write_xlsx_parts(
    path: Path, sheet_xml: str | bytes, extra: dict[str, bytes] | None = None
) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _BOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _BOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return path


def far_cell_xlsx(path: Path) -> Path:
    """About 1.5 KB: a header row and one cell at XFD1048576 (calamine aborts the process)."""
    sheet = (
        _SHEET_HEAD + '<dimension ref="A1:XFD1048576"/><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Surname</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Forename</t></is></c></row>'
        '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>'
    )
    return write_xlsx_parts(path, sheet)


def zip_bomb_xlsx(path: Path, unpacked: int = 64 * 1024 * 1024) -> Path:
    """A small file whose sheet unpacks to ``unpacked`` bytes of padding."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _BOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _BOOK_RELS)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(_SHEET_HEAD.encode() + b"<sheetData>")
            block = b" " * (1 << 20)
            for _ in range(unpacked >> 20):
                f.write(block)
            f.write(b"</sheetData></worksheet>")
    return path


def lying_size_xlsx(path: Path) -> Path:
    """A sheet part whose zip entry claims 100 bytes but unpacks to much more."""
    write_xlsx_parts(path, _SHEET_HEAD + "<sheetData>" + " " * 500_000 + "</sheetData></worksheet>")
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = 0
        while (at := data.find(signature, at)) >= 0:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(name)] == name:
                struct.pack_into("<I", data, at + size_at, 100)
            at += 4
    path.write_bytes(bytes(data))
    return path


def _ods(path: Path, table: str) -> Path:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Returns">'
        f"{table}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
    return path


def _ods_text(value: str, repeat: int = 1) -> str:
    return (
        f'<table:table-cell table:number-columns-repeated="{repeat}" office:value-type="string">'
        f"<text:p>{value}</text:p></table:table-cell>"
    )


def repeated_rows_ods(path: Path) -> Path:
    """Under 1 KB: a header, then one row of answers repeated a million times."""
    table = (
        f"<table:table-row>{_ods_text('Surname')}{_ods_text('Forename')}</table:table-row>"
        '<table:table-row table:number-rows-repeated="1000000">'
        f"{_ods_text('Smith')}{_ods_text('Jo')}</table:table-row>"
    )
    return _ods(path, table)


def repeated_columns_ods(path: Path) -> Path:
    table = f"<table:table-row>{_ods_text('Surname')}{_ods_text('x', 16000)}</table:table-row>"
    return _ods(path, table)


def wide_csv(path: Path, columns: int = 1_000_000) -> Path:
    """A CSV whose header has ``columns`` cells (about 2 bytes each)."""
    path.write_text(",".join(["a"] * columns) + "\n1,2\n", encoding="utf-8")
    return path


def huge_csv(path: Path, size: int = 200 * 1024 * 1024) -> Path:
    """A 200 MB one-line CSV that takes almost no disk: a sparse file after its first bytes."""
    with path.open("wb") as f:
        f.write(b"Surname,Forename,Limitation\nSmith,Jo,")
        f.truncate(size)
    return path


def long_line_csv(path: Path, size: int = 60 * 1024 * 1024) -> Path:
    """A real 60 MB CSV of one line (for ``make bench`` only: it takes 60 MB of disk)."""
    with path.open("w", encoding="utf-8") as f:
        f.write("Surname,Forename,Limitation\nSmith,Jo,")
        block = "x" * (1 << 20)
        for _ in range(size >> 20):
            f.write(block)
        f.write("\n")
    return path


BENCH_ONLY: dict[str, tuple[str, Callable[[Path], Path]]] = {
    "60 MB one-line csv": ("line.csv", long_line_csv),
}

HOSTILE: dict[str, tuple[str, Callable[[Path], Path]]] = {
    "far cell at XFD1048576": ("far.xlsx", far_cell_xlsx),
    "zip bomb": ("bomb.xlsx", zip_bomb_xlsx),
    "zip part lying about its size": ("lying.xlsx", lying_size_xlsx),
    "ods row repeated a million times": ("rows.ods", repeated_rows_ods),
    "ods cell repeated across 16,000 columns": ("columns.ods", repeated_columns_ods),
    "csv of a million columns": ("wide.csv", wide_csv),
    "200 MB one-line csv": ("huge.csv", huge_csv),
}
