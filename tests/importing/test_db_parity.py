"""The same learner list gives the same result on SQLite and PostgreSQL: a NUL character (which
PostgreSQL refuses, and SQLite would keep) is dropped as the file is read, and a name longer than
its column is a row error naming the row, not a whole file refused by one server only."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from sqlalchemy import select

from consent_desk.db.engine import Database
from consent_desk.db.models import Learner
from consent_desk.services.learner_import import import_learners

from .hostile import _SHEET_HEAD, write_xlsx_parts

LONG = "Featherstonehaugh-" * 14 + "Smith"  # 257 characters: the column holds 200


def _sheet(rows: list[list[str]]) -> str:
    out = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(
            f'<c r="{chr(65 + c)}{r}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
            for c, v in enumerate(row)
        )
        out.append(f'<row r="{r}">{cells}</row>')
    return _SHEET_HEAD + "<sheetData>" + "".join(out) + "</sheetData></worksheet>"


def test_nul_and_over_long_names_give_the_same_result_on_both(
    trust_db: Database, tmp_path: Path
) -> None:
    rows = [
        ["UPN", "Legal Surname", "Legal Forename", "DOB", "Year", "Reg Group"],
        ["", "Sm_x0000_ith", "Jo_x0000_", "03/09/2015", "5", "5A"],  # Excel's escape for NUL
        ["", LONG, "Al", "04/09/2015", "5", "5A"],
        ["", "Patel", "Ria", "05/09/2015", "5", "5A"],
    ]
    path = write_xlsx_parts(tmp_path / "learners.xlsx", _sheet(rows))
    report = import_learners(trust_db, path, "OAK")
    assert report.added == 2
    (error,) = report.errors
    assert error["row"] == 3 and "legal surname" in error["message"]
    assert "257 characters" in error["message"] and "200" in error["message"]
    with trust_db.session() as s:
        names = sorted(s.execute(select(Learner.legal_surname, Learner.legal_forename)).all())
    assert names == [("Patel", "Ria"), ("Smith", "Jo")]
