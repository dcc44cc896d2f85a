"""A purpose the trust adds reaches every part of the app from the purpose table.

Adding a seventh purpose is one declaration (``domain.purposes.DEFAULT_PURPOSES``) and one
migration (whose upgrade is ``seed_purposes``): after that, imports map a column to it, the paper
form asks it, the photo-free sheet and the principal's list show it, and the summary counts it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from consent_desk.db.engine import Database
from consent_desk.db.seeds import seed_purposes
from consent_desk.domain import purposes as declared
from consent_desk.domain.purposes import PurposeInfo
from consent_desk.domain.rules import Status
from consent_desk.domain.years import AcademicYear
from consent_desk.services.consent import learner_statuses
from consent_desk.services.consent_forms import build_forms, form_questions
from consent_desk.services.documents import (
    SheetScope,
    build_sheet,
    export_principal_list,
    export_summary,
)
from consent_desk.services.imports import import_returns
from consent_desk.services.learners import NewLearner, add_learner
from consent_desk.services.trust import purposes
from tests.outputs.readback import pdf_text

YEARBOOK = PurposeInfo("yearbook", "Leavers' yearbook", "The leavers' yearbook")
YEAR = AcademicYear.current().label
HEADERS = [
    "Displays in the academy",
    "Websites",
    "Social media",
    "Print",
    "Press",
    "Video",
    "Leavers' yearbook",
]


@pytest.fixture
def declared_yearbook(monkeypatch: pytest.MonkeyPatch) -> None:
    """The one declaration: the yearbook added to the purposes every trust is given."""
    monkeypatch.setattr(declared, "DEFAULT_PURPOSES", (*declared.DEFAULT_PURPOSES, YEARBOOK))


def _migrate(db: Database) -> list[str]:
    """The one migration: what its ``upgrade()`` runs."""
    with db.engine.begin() as conn:
        return seed_purposes(conn)


def test_a_new_database_is_given_the_declared_purpose(
    db: Database, declared_yearbook: None
) -> None:
    from consent_desk.services.trust import init_trust

    init_trust(db, "Trust")  # makes the database by running every migration
    assert list(purposes(db))[-1] == "yearbook"
    assert purposes(db)["yearbook"] == "Leavers' yearbook"
    assert _migrate(db) == []  # the new migration then finds nothing to add


def test_a_seventh_purpose_reaches_imports_forms_sheets_and_the_summary(
    trust_db: Database, declared_yearbook: None, tmp_path: Path
) -> None:
    assert "yearbook" not in purposes(trust_db)  # a database made before the purpose existed
    assert _migrate(trust_db) == ["yearbook"]
    assert _migrate(trust_db) == []  # upgrading twice adds it once
    assert list(purposes(trust_db)) == [*(p.key for p in declared.DEFAULT_PURPOSES)]

    saanvi = add_learner(
        trust_db,
        "OAK",
        NewLearner("Adeyemi", "Saanvi", adno="1516", year_group="6", reg_group="6Oak"),
        "office.a",
    )
    tom = add_learner(
        trust_db,
        "OAK",
        NewLearner("Baker", "Tom", adno="1517", year_group="6", reg_group="6Oak"),
        "office.a",
    )
    returns = tmp_path / "returns.csv"
    returns.write_text(
        "Adno,Surname,Forename," + ",".join(HEADERS) + "\n"
        "1516,Adeyemi,Saanvi,Yes,Yes,Yes,Yes,Yes,Yes,No\n"
        "1517,Baker,Tom,Yes,Yes,Yes,Yes,Yes,Yes,Yes\n",
        encoding="utf-8",
    )

    # the import maps the column to the new purpose and reads its answers
    report = import_returns(trust_db, returns, "OAK", YEAR, user="office.a")
    assert (report.imported, report.needs_review, report.errors) == (2, [], [])
    assert any("answer for Leavers' yearbook" in line for line in report.mapping)
    status = {r.learner_id: r for r in learner_statuses(trust_db, "OAK", YEAR)}
    assert status[saanvi].status is Status.RESTRICTED and status[saanvi].refused == ("yearbook",)
    assert status[tom].status is Status.NO_RESTRICTION

    # the paper form asks it
    assert [q.key for q in form_questions(trust_db)][-1] == "yearbook"
    forms = tmp_path / "forms.pdf"
    build_forms(trust_db, "OAK", YEAR, SheetScope("reg_group", "6Oak"), forms)
    assert "the leavers' yearbook" in pdf_text(forms)

    # the photo-free sheet shows what Saanvi's parent refused
    sheet = tmp_path / "sheet.pdf"
    build_sheet(trust_db, "OAK", YEAR, SheetScope("reg_group", "6Oak"), sheet)
    text = pdf_text(sheet)
    assert "Adeyemi" in text and "Leavers' yearbook" in text and "Baker" not in text

    # the principal's list shows it
    listing = tmp_path / "list.xlsx"
    assert export_principal_list(trust_db, "OAK", YEAR, listing) == 1
    cells = [
        str(c) for row in load_workbook(listing).active.iter_rows(values_only=True) for c in row
    ]
    assert any("Leavers' yearbook" in c for c in cells)

    # the summary counts it
    summary = tmp_path / "summary.xlsx"
    export_summary(trust_db, YEAR, summary)
    ws = load_workbook(summary)["Summary"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    header = next(r for r in rows if "Refused: Leavers' yearbook" in r)
    column = header.index("Refused: Leavers' yearbook")
    oak = next(r for r in rows if r[0] == "OAK" or "Oakfield" in str(r[0]) + str(r[1]))
    assert oak[column] == 1
