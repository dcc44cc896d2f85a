"""The chase list, read back with the csv module and openpyxl."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl

from consent_desk.domain.listing import LearnerStatusRow
from consent_desk.domain.summary import summarise
from consent_desk.outputs.chase import build_chase_csv, build_chase_xlsx

from .factories import OAK, learner, ret

HEADER = ["Reg group", "Year", "Surname", "Forename", "Legal forename", "UPN", "Admission no"]


def academy_rows() -> list[LearnerStatusRow]:
    return [
        learner(
            "Zieliński", "Jakub", [], reg_group="10A", year_group="10", upn="Z1", adno="001516"
        ),
        learner("Adams", "Amy", [ret()], reg_group="7A", upn="A1"),
        learner("Ó Briain", "Aoife", [], reg_group="7A", upn="O1", legal_forename="Aoife Máire"),
        learner("Baker", "Bo", [], reg_group="7A", upn="B1"),
        learner("Brown", "Ben", [], safeguarding=True, reg_group="7B", upn="S1"),  # no return yet
        learner("Cole", "Cy", [ret(refuse=["press"])], reg_group="7B", upn="C1"),
        learner("Gone", "Gil", [], on_roll=False, reg_group="7B", upn="G1"),
        learner("=cmd", "Eve", [], reg_group="8C", year_group="8", upn="E1"),
        learner("Nobody", "Ned", [], reg_group=None, year_group=None, upn="N1"),
    ]


# By registration group (7A, 7B, 8C, 10A, then none), then surname; only on roll, no return.
EXPECTED_UPNS = ["B1", "O1", "S1", "E1", "Z1", "N1"]


def test_csv_is_utf8_with_bom_and_lists_exactly_the_learners_with_no_return(
    tmp_path: Path,
) -> None:
    out = tmp_path / "chase.csv"
    count = build_chase_csv(out, academy_rows())
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == HEADER
    body = rows[1:]
    assert count == len(body) == len(EXPECTED_UPNS)
    assert [r[5] for r in body] == EXPECTED_UPNS
    by_upn = {r[5]: r for r in body}
    assert by_upn["O1"] == ["7A", "7", "Ó Briain", "Aoife", "Aoife Máire", "O1", by_upn["O1"][6]]
    assert by_upn["Z1"][:3] == ["10A", "10", "Zieliński"] and by_upn["Z1"][6] == "001516"
    assert by_upn["E1"][2] == "'=cmd"  # never read as a formula
    assert by_upn["N1"][:2] == ["", ""]


def test_chase_list_matches_outstanding_in_the_summary(tmp_path: Path) -> None:
    rows = academy_rows()
    out = tmp_path / "chase.csv"
    assert build_chase_csv(out, rows) == summarise([(OAK, rows)])[0].outstanding


def test_csv_to_an_open_file(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    build_chase_csv(buffer, academy_rows())
    assert buffer.getvalue().decode("utf-8-sig").splitlines()[0] == ",".join(HEADER)


def test_xlsx_has_header_in_row_one_for_a_mail_merge(tmp_path: Path) -> None:
    out = tmp_path / "chase.xlsx"
    assert build_chase_xlsx(out, academy_rows()) == len(EXPECTED_UPNS)
    ws = openpyxl.load_workbook(out)["Chase list"]
    assert [c.value for c in ws[1]] == HEADER
    assert all(c.font.b for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.cell(2, 2).alignment.horizontal == "center"  # the year stands clear
    assert ws.auto_filter.ref == f"A1:G{1 + len(EXPECTED_UPNS)}"
    upns = [ws.cell(r, 6).value for r in range(2, ws.max_row + 1)]
    assert upns == EXPECTED_UPNS
    zrow = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[5] == "Z1")
    assert zrow[:3] == ("10A", 10, "Zieliński") and zrow[6] == "001516"
    erow = next(r for r in ws.iter_rows(min_row=2) if r[5].value == "E1")
    assert erow[2].value == "=cmd" and erow[2].data_type == "s"
    assert ws.column_dimensions["C"].width >= len("Zieliński")
