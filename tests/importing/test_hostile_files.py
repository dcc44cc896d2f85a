"""Files that would crash or swamp the app are refused before they are read, with one line that
says what to do; the preview (which reads only the first rows) refuses them the same way. The
time and memory each takes to be refused are measured by ``make bench``."""

from __future__ import annotations

from pathlib import Path

import pytest

from consent_desk.importing import limits
from consent_desk.importing.readers import preview_rows, read_table, sheet_names
from consent_desk.importing.records import ImportFileError

from .conftest import write_ods, write_xlsx
from .hostile import HOSTILE, far_cell_xlsx

EXPECTED = {
    "far cell at XFD1048576": "reaches row 1,048,576 and column 16,384",
    "zip bomb": "unpacks to far more than an office list needs",
    "zip part lying about its size": "damaged or incomplete",
    "ods row repeated a million times": "reaches row 1,000,001",
    "ods cell repeated across 16,000 columns": "column 16,001",
    "csv of a million columns": "row 1 has 1,000,000 columns",
    "200 MB one-line csv": "the file is 200 MB",
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_file_is_refused_in_one_line(tmp_path: Path, case: str) -> None:
    name, make = HOSTILE[case]
    path = make(tmp_path / name)
    assert path.stat().st_blocks * 512 < 3 * 1024 * 1024  # small on disk
    for read in (lambda: read_table(path), lambda: preview_rows(path)):
        with pytest.raises(ImportFileError) as caught:
            read()
        message = str(caught.value)
        assert "\n" not in message and message.startswith(name)
        assert EXPECTED[case] in message, message
        assert ": " in message.split(EXPECTED[case])[-1] or "again" in message  # what to do


def test_sheet_names_refuse_a_workbook_calamine_would_abort_on(tmp_path: Path) -> None:
    path = far_cell_xlsx(tmp_path / "far.xlsx")
    with pytest.raises(ImportFileError, match="Ctrl\\+End"):
        sheet_names(path)


def test_files_at_the_limits_are_still_read(tmp_path: Path) -> None:
    wide = ["Surname", "Forename", *(f"Q{i}" for i in range(limits.MAX_COLUMNS - 2))]
    path = write_xlsx(tmp_path / "wide.xlsx", [wide, ["Smith", "Jo", *(["Yes"] * (len(wide) - 2))]])
    table = read_table(path)
    assert len(table.headers) == limits.MAX_COLUMNS and table.rows[0][1][0] == "Smith"
    csv = tmp_path / "wide.csv"
    csv.write_text(",".join(wide) + "\nSmith,Jo\n", encoding="utf-8")
    assert len(read_table(csv).headers) == limits.MAX_COLUMNS


def test_libreoffice_trailing_empty_repeats_are_not_counted(tmp_path: Path) -> None:
    # write_ods ends every sheet as LibreOffice does: an empty row repeated 1,048,000 times,
    # 1,024 empty cells wide.
    path = write_ods(tmp_path / "lo.ods", [["Surname", "Forename"], ["Smith", "Jo"]])
    table = read_table(path)
    assert table.headers == ["Surname", "Forename"]
    assert [cells for _, cells in table.rows] == [["Smith", "Jo"]]


@pytest.mark.parametrize("case", sorted(HOSTILE))
@pytest.mark.parametrize("command", ["import-returns", "import-learners"])
def test_the_cli_refuses_a_hostile_file_in_one_line_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str, command: str
) -> None:
    from consent_desk.cli.main import main
    from tests.importing.test_import_commands import counts

    url = f"sqlite:///{tmp_path / 'consent-desk.sqlite3'}"
    assert main(["--database", url, "init", "--trust", "Trust"]) == 0
    assert main(["--database", url, "academy", "add", "OAK", "--name", "Oak"]) == 0
    before = counts(url)
    capsys.readouterr()
    name, make = HOSTILE[case]
    path = make(tmp_path / name)
    args = ["--year", "2025/26"] if command == "import-returns" else []
    code = main(["--database", url, command, str(path), "--academy", "OAK", *args])
    out, err = capsys.readouterr()
    assert code != 0 and out == ""
    assert len(err.strip().splitlines()) == 1 and EXPECTED[case] in err
    assert counts(url) == before


def test_a_far_cell_is_found_however_its_attributes_are_spaced(tmp_path: Path) -> None:
    from .hostile import _SHEET_HEAD, write_xlsx_parts

    sheet = (
        _SHEET_HEAD + '<sheetData><row\tr="1"><c\tr="A1" t="inlineStr"><is><t>Surname</t></is>'
        '</c></row><row\nr="900000"><c\nr="A900000"><v>1</v></c><c\r\nr="ZZ900000"><v>1</v>'
        "</c></row></sheetData></worksheet>"
    )
    path = write_xlsx_parts(tmp_path / "spaced.xlsx", sheet)
    with pytest.raises(ImportFileError, match="reaches row 900,000"):
        read_table(path)


def test_styled_empty_cells_far_away_do_not_count(tmp_path: Path) -> None:
    """Excel writes a formatted but empty cell or row as a self-closing tag: calamine leaves it
    out, and so does the check."""
    from .hostile import _SHEET_HEAD, write_xlsx_parts

    sheet = (
        _SHEET_HEAD + '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Surname</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Forename</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>Smith</t></is></c>'
        '<c r="B2" t="inlineStr"><is><t>Jo</t></is></c><c r="XFD2" s="1"/></row>'
        '<row r="1048576" s="1" customFormat="1"/></sheetData></worksheet>'
    )
    table = read_table(write_xlsx_parts(tmp_path / "styled.xlsx", sheet))
    assert table.headers == ["Surname", "Forename"]
    assert [cells for _, cells in table.rows] == [["Smith", "Jo"]]


def test_a_line_longer_than_any_office_lists_is_refused_before_decoding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_LINE_BYTES", 4096)
    path = tmp_path / "line.csv"
    path.write_text("Surname,Forename,Limitation\nSmith,Jo," + "x" * 5000 + "\n", "utf-8")
    with pytest.raises(ImportFileError, match=r"^line.csv: line 2 is 5 KB long.*one learner"):
        read_table(path)


def test_a_cell_of_megabytes_is_named_not_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "cell.csv"
    path.write_text(
        "Surname,Forename,Limitation\nSmith,Jo,ok\nLee,Al,\"" + "y" * (limits.MAX_CSV_FIELD_CHARS
        + 10) + "\"\n", "utf-8")  # fmt: skip
    with pytest.raises(ImportFileError, match="row 3: a cell holds more than 1,048,576"):
        read_table(path)


def test_a_binary_workbook_is_refused_before_calamine_reads_it(tmp_path: Path) -> None:
    from .hostile import write_xlsx_parts

    path = write_xlsx_parts(tmp_path / "book.xlsb", "", {"xl/worksheets/sheet2.bin": b"\0" * 64})
    with pytest.raises(ImportFileError, match=r"^book.xlsb: this is an Excel binary workbook"):
        read_table(path)


def test_too_many_cells_without_positions_are_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cells may leave out their ``r="B2"``: their number is what is checked then."""
    from .hostile import _SHEET_HEAD, write_xlsx_parts

    monkeypatch.setattr(limits, "MAX_CELLS", 1_000)
    row = "<row>" + "<c><v>1</v></c>" * 50 + "</row>"
    path = write_xlsx_parts(
        tmp_path / "many.xlsx", _SHEET_HEAD + "<sheetData>" + row * 40 + "</sheetData></worksheet>"
    )
    with pytest.raises(ImportFileError, match="sheet 'Returns': the sheet holds 2,000 cells"):
        read_table(path)


def test_two_letter_columns_far_down_are_caught_before_calamine(tmp_path: Path) -> None:
    """A1 and ZZ200000: within the row and column limits one by one, but calamine would build
    all 140 million cells between them."""
    from consent_desk.importing.oversize import check_zip_workbook

    from .hostile import _SHEET_HEAD, write_xlsx_parts

    sheet = (
        _SHEET_HEAD + '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Surname</t></is>'
        '</c></row><row r="200000"><c r="ZZ200000"><v>1</v></c></row></sheetData></worksheet>'
    )
    path = write_xlsx_parts(tmp_path / "zz.xlsx", sheet)
    with pytest.raises(ImportFileError, match="reaches row 200,000 and column 702"):
        check_zip_workbook(path)


def test_a_wide_ordinary_sheet_is_read(tmp_path: Path) -> None:
    headers = ["Surname", "Forename", *(f"Question {i}" for i in range(60))]  # to column BJ
    rows = [headers, *(["Smith", f"Jo{i}", *(["Yes"] * 60)] for i in range(300))]
    table = read_table(write_xlsx(tmp_path / "wide.xlsx", rows))
    assert len(table.headers) == 62 and len(table.rows) == 300


@pytest.mark.parametrize("split", [0, 3, 5, 9])
def test_a_far_cell_split_across_the_scanners_blocks_is_found(tmp_path: Path, split: int) -> None:
    """The sheet is scanned a block (some megabytes) at a time, each block first checked cheaply
    for anything that could reach far: a far cell whose ``r="…"`` straddles two blocks, after a
    block of ordinary rows, is still found."""
    from consent_desk.importing.oversize import _CHUNK, check_zip_workbook

    from .hostile import _SHEET_HEAD, write_xlsx_parts

    head = _SHEET_HEAD + "<sheetData>"
    rows: list[str] = []
    n = 1
    size = 0
    while len(head) + size < _CHUNK - 200:
        rows.append(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c><c r="B{n}"><v>7</v></c></row>')
        size += len(rows[-1])
        n += 1
    body = head + "".join(rows) + f'<row r="{n}">'
    far = '<c r="XFD1048576"><v>1</v></c>'
    pad = _CHUNK - len(body) - far.index(' r="') - split  # the block ends `split` bytes in
    sheet = body + " " * pad + far + "</row></sheetData></worksheet>"
    assert n < 100_000  # the ordinary rows alone could not reach far
    assert sheet.isascii() and sheet[:_CHUNK].endswith(far[: far.index(' r="') + split])
    path = write_xlsx_parts(tmp_path / "split.xlsx", sheet)
    with pytest.raises(ImportFileError, match="reaches row 1,048,576 and column 16,384"):
        check_zip_workbook(path)


def test_a_megabyte_sheet_of_ordinary_rows_passes_the_scan(tmp_path: Path) -> None:
    from consent_desk.importing.oversize import check_zip_workbook

    from .hostile import _SHEET_HEAD, write_xlsx_parts

    rows = "".join(
        f'<row r="{n}">\t<c\tr="A{n}"><v>{n}</v></c>\n<c r="Z{n}" t="inlineStr"><is><t>AB CD'
        "</t></is></c></row>"
        for n in range(1, 40_000)
    )
    path = write_xlsx_parts(tmp_path / "ok.xlsx", _SHEET_HEAD + f"<sheetData>{rows}</sheetData>"
                            "</worksheet>")  # fmt: skip
    check_zip_workbook(path)  # tabs, line breaks and capitals in text: nothing reaches far
