"""Reading spreadsheets: every layout and every bad file is built here in tmp_path."""

from __future__ import annotations

import os
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consent_desk.importing.readers import (
    MAX_CELL_CHARS,
    column_letter,
    preview_rows,
    read_table,
    sheet_names,
)
from consent_desk.importing.records import ImportFileError
from tests.importing.conftest import SAMPLES, write_cfb, write_csv, write_ods, write_xlsx

TITLE = "Oakfield Primary Academy - photograph and video consent returns 2025/26"
HEADER = ["Adno", "Surname", "Forename", "Class", "Website", "Date received"]


def test_title_and_blank_rows_are_skipped_and_row_numbers_are_the_sheets(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "typed.xlsx",
        [
            [TITLE],
            [None],
            HEADER,
            ["001516", "Adeyemi", "Saanvi", "6Oak", "Y", date(2025, 9, 3)],
            [None, None, None, None, None, None],
            [1458, "Smith-Jones", "Ronnie", "5Ash", "n", 45903],
        ],
        merges=["A1:F1"],
    )
    table = read_table(path)
    assert table.file_name == "typed.xlsx"
    assert table.sheet == "Sheet1"
    assert table.sheet_names == ["Sheet1"]
    assert table.header_row == 3
    assert table.headers == HEADER
    assert [n for n, _ in table.rows] == [4, 6]
    assert table.rows[0][1] == ["001516", "Adeyemi", "Saanvi", "6Oak", "Y", date(2025, 9, 3)]
    assert table.rows[1][1] == [1458, "Smith-Jones", "Ronnie", "5Ash", "n", 45903]


def test_a_sheet_that_starts_below_and_right_keeps_its_row_numbers(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "offset.xlsx",
        [
            ["Surname", "Forename", "Website"],
            ["Smith", "Jo", "Yes"],
            [None, None, None],
            ["Brown", "Al", "No"],
        ],
        start="C5",
    )
    table = read_table(path)
    assert table.header_row == 5
    assert table.headers[:2] == ["Column A", "Column B"]
    assert table.headers[2:] == ["Surname", "Forename", "Website"]
    assert table.rows == [
        (6, [None, None, "Smith", "Jo", "Yes"]),
        (8, [None, None, "Brown", "Al", "No"]),
    ]


def test_merged_cells_in_the_data_are_filled_into_every_cell(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "merged.xlsx",
        [
            [TITLE],
            ["Surname", "Forename", "Class", "Website", "Press"],
            ["Smith", "Jo", "3A", "Yes", None],
            ["Jones", "Al", None, "No", None],
            ["Brown", "Bo", None, "Yes", None],
            ["Green", "Cy", "4B", "No", "No"],
        ],
        merges=["A1:E1", "C3:C5", "D5:E5"],
    )
    table = read_table(path)
    assert table.header_row == 2
    assert [row[2] for _, row in table.rows] == ["3A", "3A", "3A", "4B"]
    assert table.rows[2][1][3:] == ["Yes", "Yes"]  # merged across two answer columns
    assert table.rows[0][1][4] is None  # not merged: stays blank


def test_ods_with_title_merges_dates_and_numbers(tmp_path: Path) -> None:
    path = write_ods(
        tmp_path / "returns.ods",
        [
            [TITLE],
            [None],
            ["Adno", "Surname", "Class", "Website", "DOB", "Ticked"],
            ["001516", "Smith", "3A", "Yes", date(2015, 9, 3), True],
            [1458, "Jones", None, "No", 42250, False],
        ],
        merges=[(1, 1, 1, 6), (5, 3, 6, 3)],
        leading_blank_rows=1,
    )
    table = read_table(path)
    assert table.sheet == "Sheet1"
    assert table.header_row == 4
    assert table.rows == [
        (5, ["001516", "Smith", "3A", "Yes", date(2015, 9, 3), True]),
        (6, [1458, "Jones", "3A", "No", 42250, False]),
    ]
    assert sheet_names(path) == ["Sheet1"]


def test_cp1252_semicolon_csv(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "returns.csv",
        [
            ["Surname", "Forename", "Website", "Other restrictions"],
            ["Zoë", "Siân", "Yes", "Group photos only; no names"],
            ["O'Brien", "Renée", "No", "£5 trip photos, not press"],
        ],
        encoding="cp1252",
        delimiter=";",
    )
    table = read_table(path)
    assert table.sheet is None and table.sheet_names == []
    assert table.headers == ["Surname", "Forename", "Website", "Other restrictions"]
    assert table.rows[0] == (2, ["Zoë", "Siân", "Yes", "Group photos only; no names"])
    assert table.rows[1][1][3] == "£5 trip photos, not press"


def test_utf8_bom_csv_with_title_row_and_leading_zeros(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "sims.csv",
        [
            ["Learner list, Oakfield"],
            [],
            ["UPN", "Adno", "Legal Surname", "Legal Forename", "DOB"],
            ["E873210425386", "001170", "Kowalski", "Łucja", "28/11/2020"],
        ],
        bom=True,
    )
    table = read_table(path)
    assert table.header_row == 3
    assert table.headers[0] == "UPN"  # no BOM stuck to the first header
    assert table.rows == [(4, ["E873210425386", "001170", "Kowalski", "Łucja", "28/11/2020"])]


@pytest.mark.parametrize("suffix", [".tsv", ".txt"])
def test_tab_separated(tmp_path: Path, suffix: str) -> None:
    path = write_csv(
        tmp_path / f"list{suffix}",
        [
            ["Surname", "Forename", "Comments"],
            ["Smith", "Jo", "first name only, never surname"],
        ],
        delimiter="\t",
    )
    assert read_table(path).rows == [(2, ["Smith", "Jo", "first name only, never surname"])]


def test_utf16_unicode_text_from_excel(tmp_path: Path) -> None:
    path = tmp_path / "unicode.txt"
    path.write_bytes("Surname\tForename\r\nŻak\tJo\r\n".encode("utf-16"))
    assert read_table(path).rows == [(2, ["Żak", "Jo"])]


def test_quoted_line_break_is_one_row_as_in_excel(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "notes.csv",
        [
            ["Surname", "Comments"],
            ["Smith", "line one\nline two"],
            ["Jones", "ok"],
        ],
        newline="\n",
    )
    assert read_table(path).rows == [(2, ["Smith", "line one\nline two"]), (3, ["Jones", "ok"])]


def test_sheets_named_missing_and_default(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "book.xlsx",
        [["Surname", "Forename"], ["Smith", "Jo"]],
        sheet="Returns",
        first_sheet_empty=True,
        more_sheets={"Other": [["x"]]},
    )
    assert sheet_names(path) == ["Cover", "Returns", "Other"]
    assert read_table(path).sheet == "Returns"  # the empty cover sheet is passed over
    assert read_table(path, "  returns ").sheet == "Returns"
    with pytest.raises(ImportFileError) as info:
        read_table(path, "Responses")
    assert str(info.value) == (
        "book.xlsx: there is no sheet 'Responses': the sheets are 'Cover', 'Returns', 'Other' "
        "— choose one"
    )


def test_csv_has_no_sheets(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [["Surname", "Forename"], ["Smith", "Jo"]])
    with pytest.raises(ImportFileError, match="a CSV file has no sheets"):
        read_table(path, "Sheet2")


def test_preview_and_progress(tmp_path: Path) -> None:
    rows: list[list[object]] = [[TITLE], [None], ["Surname", "Forename"]]
    rows += [[f"S{i}", f"F{i}"] for i in range(50)]
    path = write_xlsx(tmp_path / "p.xlsx", rows)
    preview = preview_rows(path, n=4)
    assert preview == [[TITLE, ""], ["", ""], ["Surname", "Forename"], ["S0", "F0"]]
    calls: list[tuple[int, int]] = []
    read_table(path, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (53, 53)
    assert all(done <= total for done, total in calls)


def test_a_megabyte_cell_is_cut_with_a_warning(tmp_path: Path) -> None:
    huge = "x" * 1_000_000
    for path in (
        write_csv(tmp_path / "big.csv", [["Surname", "Comments"], ["Smith", huge]]),
        write_xlsx(tmp_path / "big.xlsx", [["Surname", "Comments"], ["Smith", huge[:32000]]]),
    ):
        table = read_table(path)
        assert table.rows[0][1][1] == "x" * MAX_CELL_CHARS
        assert "row 2, column B" in table.warnings[0]


def test_only_long_cells_in_the_data_are_refused(tmp_path: Path) -> None:
    huge = "x" * 20_000
    path = write_csv(tmp_path / "big.csv", [[huge], ["Surname", "Comments"], ["Smith", "ok"],
                                             ["Jones", huge]])  # fmt: skip
    table = read_table(path)
    assert table.header_row == 2 and len(table.warnings) == 2  # the title cell is cut too
    assert table.long_cells == [(4, 1, 20_000)]
    with pytest.raises(ImportFileError, match=r"big.csv: row 4, column B: a cell holds 20,000"):
        table.refuse_long_cells()
    title_only = write_csv(tmp_path / "title.csv", [[huge], ["Surname", "Comments"],
                                                    ["Smith", "ok"]])  # fmt: skip
    read_table(title_only).refuse_long_cells()  # a long title is not a reason to refuse


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]


@pytest.mark.parametrize(
    "name", ["renamed.csv", "returns.xls", "returns.ods", "returns.XLSX", "returns.xlsm"]
)
def test_a_workbook_with_the_wrong_extension_is_read_by_its_content(
    tmp_path: Path, name: str
) -> None:
    write_xlsx(tmp_path / "real.xlsx", [["Surname", "Forename"], ["Smith", "Jo"]])
    moved = tmp_path / name
    os.replace(tmp_path / "real.xlsx", moved)
    assert read_table(moved).rows == [(2, ["Smith", "Jo"])]
    assert sheet_names(moved) == ["Sheet1"]


# --- bad files: one line naming the file, the problem and what to do ---------------------------


def _bad(path: Path, match: str) -> str:
    with pytest.raises(ImportFileError, match=match) as info:
        read_table(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(path.name)
    return message


def test_empty_files(tmp_path: Path) -> None:
    for name in ("empty.xlsx", "empty.csv"):
        path = tmp_path / name
        path.write_bytes(b"")
        _bad(path, "the file is empty")


def test_random_bytes_named_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "random.xlsx"
    path.write_bytes(bytes(range(256)) * 20)
    _bad(path, "not a spreadsheet")


def test_truncated_xlsx(tmp_path: Path) -> None:
    full = write_xlsx(tmp_path / "full.xlsx", [["Surname"], ["Smith"]]).read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(full[: len(full) // 2])
    _bad(path, "damaged or incomplete")


def test_web_page_saved_as_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    path.write_text("<!DOCTYPE html>\n<html><body><table><tr><td>Surname</td></tr></table>")
    message = _bad(path, "web page")
    assert "Save As .xlsx" in message


def test_password_protected_workbook(tmp_path: Path) -> None:
    path = write_cfb(
        tmp_path / "locked.xlsx",
        {
            "EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00",
            "EncryptedPackage": os.urandom(6000),
        },
    )
    _bad(path, "protected with a password")


def test_an_xls_container_that_is_not_a_workbook_is_not_taken_for_a_locked_one(
    tmp_path: Path,
) -> None:
    path = write_cfb(tmp_path / "broken.xls", {"Workbook": b"\x09\x08" + os.urandom(100)})
    message = _bad(path, "cannot be read|has no sheets")  # random bytes: either refusal
    assert "password" not in message
    doc = write_cfb(tmp_path / "letter.xls", {"WordDocument": b"x"})
    _bad(doc, "Word document")


def test_unknown_extension_and_missing_file(tmp_path: Path) -> None:
    pdf = tmp_path / "returns.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    _bad(pdf, r"cannot read \.pdf files")
    _bad(tmp_path / "nowhere.xlsx", "cannot find the file")


def test_a_zip_that_is_not_a_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("photo.txt", "hello")
    _bad(path, "zip archive")


def test_no_header_row(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "numbers.xlsx", [[TITLE], [1], [2], [3]])
    _bad(path, "no header row found")
    blank = write_xlsx(tmp_path / "blank.xlsx", [[None]])
    _bad(blank, "no data")


# --- property tests ------------------------------------------------------------------------------

_cells = st.one_of(
    st.none(),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20),
    st.integers(min_value=-(10**9), max_value=10**9),
    st.sampled_from(["Surname", "Forename", "Website", "Yes", "No", "03/09/2015", "UPN"]),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    grid=st.lists(st.lists(_cells, min_size=1, max_size=6), min_size=1, max_size=8),
    encoding=st.sampled_from(["utf-8", "cp1252", "utf-16"]),
    delimiter=st.sampled_from([",", ";", "\t"]),
    bom=st.booleans(),
)
def test_any_csv_reads_or_fails_cleanly(
    tmp_path: Path, grid: list[list[object]], encoding: str, delimiter: str, bom: bool
) -> None:
    path = tmp_path / "prop.csv"
    try:
        write_csv(
            path, grid, encoding=encoding, delimiter=delimiter, bom=bom and encoding == "utf-8"
        )
    except UnicodeEncodeError:
        return  # a character cp1252 cannot hold: no office would have such a file
    try:
        table = read_table(path)
    except ImportFileError as err:
        assert "\n" not in str(err)
        return
    assert all(len(cells) == len(table.headers) for _, cells in table.rows)
    assert all(n > table.header_row for n, _ in table.rows)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    grid=st.lists(st.lists(_cells, min_size=1, max_size=5), min_size=1, max_size=6),
    blank_rows=st.integers(min_value=0, max_value=3),
)
def test_xlsx_cells_and_row_numbers_survive(
    tmp_path: Path, grid: list[list[object]], blank_rows: int
) -> None:
    header = ["Surname", "Forename", "Website", "Press", "Video"]
    rows = [[None]] * blank_rows + [header] + grid
    path = write_xlsx(tmp_path / "prop.xlsx", [[_xlsx_safe(v) for v in r] for r in rows])
    table = read_table(path)
    assert table.header_row == blank_rows + 1
    expected = {}
    for i, r in enumerate(grid):
        cells = [_expected(_xlsx_safe(v)) for v in r]
        if any(c is not None for c in cells):
            expected[blank_rows + 2 + i] = cells
    got = {n: cells for n, cells in table.rows}
    assert sorted(got) == sorted(expected)
    for n, cells in expected.items():
        assert got[n][: len(cells)] == cells


def _xlsx_safe(value: object) -> object:
    if isinstance(value, str):
        # openpyxl writes text starting with "=" as a formula, which has no value until Excel
        # calculates it (calamine then reads nothing): keep to plain text.
        return "".join(ch for ch in value if ch.isprintable()).lstrip("=") or None
    return value


def _expected(value: object) -> object:
    if isinstance(value, str):
        return value.strip() or None
    return value


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.binary(max_size=3000),
    suffix=st.sampled_from([".xlsx", ".ods", ".csv", ".xls"]),
    prefix=st.sampled_from([b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"<"]),
)
def test_random_bytes_never_crash_the_reader(
    tmp_path: Path, data: bytes, suffix: str, prefix: bytes
) -> None:
    path = tmp_path / f"junk{suffix}"
    path.write_bytes(prefix + data)
    try:
        read_table(path)
    except ImportFileError as err:
        assert str(err).startswith(path.name)


def test_the_samples_read(tmp_path: Path) -> None:
    forms = read_table(SAMPLES / "hillgate-returns-msforms.xlsx")
    assert forms.header_row == 1 and len(forms.rows) == 833
    assert isinstance(forms.rows[0][1][2], datetime)
    typed = read_table(SAMPLES / "oakfield-returns-typed.xlsx")
    assert typed.header_row == 3
    assert typed.rows[0][0] == 4
    assert typed.rows[0][1][0] == "001516"


# Files an office picks by mistake, whatever their name ends in: the message says what the file
# looks like, never "no header row".
NOT_SPREADSHEETS = [
    ("returns.xlsx", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n", "a PDF"),
    ("returns.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\nstream\nx\x9c\x03\x00", "a PDF"),
    ("scan.xlsx", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 4, "a JPEG"),
    ("form.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "a PNG"),
    ("letter.csv", b"{\\rtf1\\ansi\\deff0 Dear parents,\\par}", "a Rich Text"),
]


@pytest.mark.parametrize(("name", "data", "looks_like"), NOT_SPREADSHEETS)
def test_a_file_that_is_not_a_spreadsheet_says_what_it_looks_like(
    tmp_path: Path, name: str, data: bytes, looks_like: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    message = _bad(path, "this file is not a spreadsheet")
    assert f"it looks like {looks_like}" in message
    assert "header" not in message
    assert ".xlsx or .csv" in message  # what to import instead


def test_binary_data_named_csv_and_a_letter_named_csv(tmp_path: Path) -> None:
    binary = tmp_path / "export.csv"
    binary.write_bytes(bytes(range(256)) * 20)
    assert "header" not in _bad(binary, "this file is not a spreadsheet")
    letter = tmp_path / "reply.csv"
    letter.write_text("Dear Mrs Smith,\nThank you for the form.\nKind regards\n")
    message = _bad(letter, "this file is not a spreadsheet: it holds lines of text")
    assert "header" not in message
