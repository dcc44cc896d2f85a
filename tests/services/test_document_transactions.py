"""Each printed or exported document is read in one transaction, so its learners, the trust's
words and (for a sheet) the record of the print agree with each other; and a teacher of one
academy can print that academy's documents only."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import event

from consent_desk.db.engine import Database
from consent_desk.db.models import SheetPrint
from consent_desk.domain.rules import Answer
from consent_desk.domain.sheets import SheetScope
from consent_desk.domain.years import AcademicYear
from consent_desk.services import access, documents
from consent_desk.services.consent_forms import build_forms
from consent_desk.services.errors import PermissionDenied
from consent_desk.services.learners import NewLearner, add_learner
from consent_desk.services.returns import NewReturn, add_return
from consent_desk.services.trust import add_academy, init_trust
from consent_desk.services.users import authenticate, create_user
from tests.conftest import TRUST

YEAR = AcademicYear.current().label
PASSWORD = "a long enough pass phrase"


@pytest.fixture
def oak(tmp_path: Path) -> Iterator[Database]:
    db = Database(f"sqlite:///{tmp_path / 'docs.sqlite3'}")
    init_trust(db, TRUST)
    add_academy(db, "OAK", "Oakfield Primary Academy")
    add_academy(db, "HGH", "Hillgate High Academy")
    for n, group in enumerate(("3A", "3A", "4B")):
        lid = add_learner(
            db, "OAK", NewLearner(f"Surname{n}", "Amy", reg_group=group, year_group="3"), "t"
        )
        add_return(db, NewReturn(lid, YEAR, {"press": Answer.REFUSE}, datetime.now(), "Mum"), "t")
    try:
        yield db
    finally:
        access.set_actor(None)
        db.dispose()


DOCUMENTS: dict[str, Callable[[Database, Path], object]] = {
    "sheet": lambda db, tmp: documents.build_sheet(
        db, "OAK", YEAR, SheetScope("academy"), tmp / "sheet.pdf"
    ),
    "principal's list": lambda db, tmp: documents.export_principal_list(
        db, "OAK", YEAR, tmp / "list.xlsx"
    ),
    "summary": lambda db, tmp: documents.export_summary(db, YEAR, tmp / "summary.xlsx"),
    "chase list": lambda db, tmp: documents.export_chase_list(db, "OAK", YEAR, tmp / "c.csv"),
    "forms": lambda db, tmp: build_forms(db, "OAK", YEAR, SheetScope("academy"), tmp / "f.pdf"),
}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_a_document_is_read_in_one_transaction(oak: Database, tmp_path: Path, name: str) -> None:
    begun: list[object] = []

    def count(connection: object) -> None:
        begun.append(connection)

    event.listen(oak.engine, "begin", count)
    try:
        DOCUMENTS[name](oak, tmp_path)
    finally:
        event.remove(oak.engine, "begin", count)
    assert len(begun) == 1


def test_the_printed_sheet_is_recorded_with_the_rows_it_was_printed_from(
    oak: Database, tmp_path: Path
) -> None:
    DOCUMENTS["sheet"](oak, tmp_path)
    with oak.session() as s:
        prints = s.query(SheetPrint).all()
        assert [(p.scope_kind, p.file_name) for p in prints] == [("academy", "sheet.pdf")]
        assert len(prints[0].entries or {}) == 3  # the three learners, all restricted


@pytest.mark.parametrize("name", sorted(set(DOCUMENTS) - {"summary"}))
def test_a_teacher_of_another_academy_gets_no_document(
    oak: Database, tmp_path: Path, name: str
) -> None:
    create_user(oak, "coo", "Cora Owusu", "coo", PASSWORD, user="setup")
    access.set_actor(authenticate(oak, "coo", PASSWORD))
    create_user(oak, "t.hill", "Tom Hill", "teacher", PASSWORD, ["HGH"], user="coo")
    access.set_actor(authenticate(oak, "t.hill", PASSWORD))
    with pytest.raises(PermissionDenied):
        DOCUMENTS[name](oak, tmp_path)
    written = [p.name for p in tmp_path.iterdir() if not p.name.startswith("docs.sqlite3")]
    assert written == []
