"""A big returns file is read and matched half in this process and half in a copy of it (on
another core: ``bulk.Forked``), then taken together. What the office gets must not depend on it:
the same returns, review rows, duplicates, warnings and read-back as one process gives, with the
rows that look across the two halves (a duplicate, two returns of one moment, a respondent's
last name, a return that loosens one recorded) decided on the whole file."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from consent_desk.db.engine import Database
from consent_desk.db.models import ConsentReturn, Respondent, ReviewItem
from consent_desk.importing.bulk import Forked
from consent_desk.services import audit, imports
from consent_desk.services.imports import import_returns
from consent_desk.services.learner_import import import_learners
from consent_desk.services.trust import add_academy, init_trust
from tests.cli import test_samples

LEARNERS = (
    "Adno,Legal Surname,Legal Forename,DOB,Reg Group\n"
    "1001,Evans,Noah,14/02/2016,4B\n"
    "1002,Smith,Amelia,28/04/2017,3A\n"
    "1003,O'Brien,Jack,03/09/2015,5C\n"
    "1004,Patel,Lily,11/11/2016,4A\n"
    "1005,Khan,Oliver,02/02/2017,3B\n"
    "1006,Jones,Grace,05/05/2016,4B\n"
    "1007,Brown,Ella,06/06/2015,5A\n"
    "1008,Clark,Ben,07/07/2016,4C\n"
    "1009,Green,Mia,08/08/2017,3C\n"
    "1010,Hall,Leo,09/09/2015,5B\n"
)
HEAD = "Forename,Surname,DOB,Class,Date received,Returned by,Email,Website,Press"
# Ella Brown's parent's refusal, recorded from an earlier file: received on 15 September, no time
EARLIER = f"{HEAD}\nElla,Brown,06/06/2015,5A,15/09/2025,Mrs Brown,brown@example.org,No,No\n"
# 20 rows: with half of them read here (``_MINE`` = 0.5), rows 2-11 here and 12-21 in the copy
ROWS = [
    "Noah,Evans,14/02/2016,4B,10/09/2025 09:00,Mrs Evans,evans@example.org,Yes,No",
    "Amelia,Smith,28/04/2017,3A,11/09/2025,Mr Smith,smith@example.org,Yes,Yes",
    "Jack,O'Brien,03/09/2015,5C,12/09/2025 10:00,Ann O'Brien,obrien@example.org,Yes,Yes",
    "Lily,Patel,11/11/2016,4A,12/09/2025 11:00,Raj Patel,patel@example.org,Yes,No",
    "Zed,Unknown,01/01/2016,4B,12/09/2025 12:00,Ms Unknown,zed@example.org,Yes,Yes",
    "Oliver,Khan,02/02/2017,4B,13/09/2025 09:00,Mr Khan,khan@example.org,Yes,Yes",
    "Mia,Green,08/08/2017,3C,13/09/2025 10:00,Mrs Green,green@example.org,No,Yes",
    "Leo,Hall,09/09/2015,5B,13/09/2025 11:00,Mr Hall,hall@example.org,Yes,Yes",
    "Ben,Clark,07/07/2016,4C,,Mrs Clark,clark@example.org,Yes,Yes",
    "Grace,Jones,05/05/2016,4B,14/09/2025 09:00,Mr Jones,jones@example.org,Yes,Yes",
    # the copy's half
    "Lily,Patel,11/11/2016,4A,12/09/2025 11:00,Raj Patel,patel@example.org,Yes,No",
    "Noah,Evans,14/02/2016,4B,20/10/2025 09:00,Mrs Evans,evans@example.org,No,No",
    "Amelia,Smith,28/04/2017,3A,11/09/2025,Mr Smith,smith@example.org,Yes,No",
    "Grace,Jones,05/05/2016,4B,15/09/2025 09:00,Anne O'Brien,obrien@example.org,Yes,Yes",
    "Mia,Green,08/08/2017,3C,31/31/2025,Mrs Green,green@example.org,Yes,Yes",
    "Yara,Nobody,01/01/2015,5A,16/09/2025 09:00,Mr Nobody,yara@example.org,Yes,Yes",
    "Leo,Hall,09/09/2015,3A,17/09/2025 09:00,Mr Hall,hall@example.org,No,Yes",
    "Ben,Clark,07/07/2016,4C,,Mr Clark,mr.clark@example.org,No,Yes",
    "Ella,Brown,06/06/2015,5A,15/09/2025,Mrs Brown,brown@example.org,Yes,Yes",
    "Oliver,Khan,02/02/2017,3B,18/09/2025 09:00,Mr Khan,khan@example.org,Maybe,Yes",
]


@pytest.fixture(autouse=True)
def _one_moment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Both imports of a test made at one moment: a return that gives no date received is
    stored as received when imported."""
    monkeypatch.setattr(audit, "now", lambda: datetime(2026, 1, 5, 10, 0))


def _database(folder: Path) -> Database:
    folder.mkdir()
    db = Database(f"sqlite:///{folder / 'desk.sqlite3'}")
    init_trust(db, "Parallel Trust")
    add_academy(db, "OAK", "Oakfield Primary Academy", phase="primary")
    (folder / "learners.csv").write_text(LEARNERS, encoding="utf-8")
    import_learners(db, folder / "learners.csv", "OAK")
    (folder / "earlier.csv").write_text(EARLIER, encoding="utf-8")
    import_returns(db, folder / "earlier.csv", "OAK", "2025/26")
    return db


def _state(db: Database) -> dict[str, Any]:
    """What the import left in the database, without its ids and times of entry."""
    with db.session() as s:
        returns = [
            (r.learner_id, key, name, email, r.relationship_to_learner, r.received_at, r.method,
             r.source_row, r.answers, r.limitation, r.notes, r.fingerprint)
            for r, key, name, email in s.execute(
                select(ConsentReturn, Respondent.key, Respondent.name, Respondent.email)
                .join(Respondent, Respondent.id == ConsentReturn.respondent_id)
                .order_by(ConsentReturn.id)
            )
        ]  # fmt: skip
        reviews = [
            (r.source_row, r.reason, r.data, r.candidates, r.state)
            for r in s.scalars(select(ReviewItem).order_by(ReviewItem.id))
        ]
    return {"returns": returns, "reviews": reviews}


def _always_in_two(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every returns file read in two processes, whatever its size; the sizes of what the copies
    sent back, as they arrive."""
    monkeypatch.setattr(imports, "_PARALLEL_FROM", 0)
    # this test's process may have threads left by other tests: the copy runs the reading alone
    monkeypatch.setattr(Forked, "possible", staticmethod(lambda: True))
    copies: list[int] = []
    unpack = imports._unpack_part

    def counted(data: bytes) -> Any:
        copies.append(len(data))
        return unpack(data)

    monkeypatch.setattr(imports, "_unpack_part", counted)
    return copies


FORK = pytest.mark.skipif(not hasattr(os, "fork"), reason="no os.fork here: one process reads")


@FORK
@pytest.mark.parametrize("received", [None, date(2025, 10, 1)])
def test_a_file_read_in_two_processes_imports_as_in_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, received: date | None
) -> None:
    path = tmp_path / "returns.csv"
    path.write_text("\n".join([HEAD, *ROWS]) + "\n", encoding="utf-8")
    one = _database(tmp_path / "one")
    alone = import_returns(one, path, "OAK", "2025/26", received=received)

    monkeypatch.setattr(imports, "_MINE", 0.5)
    copies = _always_in_two(monkeypatch)
    two = _database(tmp_path / "two")
    split = import_returns(two, path, "OAK", "2025/26", received=received, parallel=True)
    assert copies, "the second half was not read in a copy of the process"

    def shown(report: imports.ImportReport) -> dict[str, Any]:
        return {k: v for k, v in report.as_json().items() if k != "batch_id"}

    assert shown(split) == shown(alone)
    assert _state(two) == _state(one)
    # and the rows that look across the halves were there to be decided (this is no empty test)
    waiting = {r["row"]: r["reason"] for r in alone.needs_review}
    assert "received at the same moment" in waiting[3] and "rows 3, 14" in waiting[14]
    assert "already recorded and says more is allowed" in waiting[20]
    assert {6, 16, 17, 21} <= set(waiting)  # unmatched, a bad date, unmatched, not an answer
    assert alone.duplicates == 1  # row 12 is row 5 again
    assert {w["row"] for w in alone.warnings} & set(range(12, 22))
    with two.session() as s:
        name = s.scalar(select(Respondent.name).where(Respondent.key == "email:obrien@example.org"))
    assert name == "Anne O'Brien"  # as given on the respondent's last row, in the copy's half


@FORK
@pytest.mark.parametrize("copy", ["works", "fails"])
def test_the_progress_counts_the_whole_file_in_two_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, copy: str
) -> None:
    """The office watches "Matching" go through the file's 20 rows, not this process's 10, and
    a copy that fails does not send the bar back to the start."""
    path = tmp_path / "returns.csv"
    path.write_text("\n".join([HEAD, *ROWS]) + "\n", encoding="utf-8")
    monkeypatch.setattr(imports, "_MINE", 0.5)
    monkeypatch.setattr(imports, "_TICK_ROWS", 2)
    copies = _always_in_two(monkeypatch)
    if copy == "fails":

        def broken(part: Any) -> bytes:
            raise MemoryError("the copy ran out of memory")

        monkeypatch.setattr(imports, "_pack_part", broken)
    seen: list[tuple[int, int]] = []

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "Matching":
            seen.append((done, total))

    db = _database(tmp_path / "db")
    import_returns(db, path, "OAK", "2025/26", parallel=True, progress=progress)
    assert bool(copies) == (copy == "works")
    assert {total for _, total in seen} == {20}  # the file's rows
    done = [d for d, _ in seen]
    assert done == sorted(done) and done[0] == 0  # onwards only
    # this process reads rows 1-10, ticking every 2: at 8 of them it is 16 of the file's 20
    # (the copy reads the rest meanwhile); a failed copy's 10 rows are read here after them,
    # from 16 to 20: at 8 of them, 19
    assert max(done) == (16 if copy == "works" else 19)


@FORK
@pytest.mark.parametrize("failure", ["in the copy", "no copy"])
def test_a_copy_that_fails_leaves_the_work_to_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    path = tmp_path / "returns.csv"
    path.write_text("\n".join([HEAD, *ROWS]) + "\n", encoding="utf-8")
    one = _database(tmp_path / "one")
    alone = import_returns(one, path, "OAK", "2025/26")

    monkeypatch.setattr(imports, "_PARALLEL_FROM", 0)
    monkeypatch.setattr(Forked, "possible", staticmethod(lambda: True))

    def broken(part: Any) -> bytes:
        raise MemoryError("the copy ran out of memory")

    def no_fork() -> int:
        raise BlockingIOError("Resource temporarily unavailable")

    made: list[int] = []
    fork = os.fork

    def counted_fork() -> int:
        pid = fork()
        if pid:
            made.append(pid)
        return pid

    if failure == "in the copy":
        monkeypatch.setattr(imports, "_pack_part", broken)
        monkeypatch.setattr(os, "fork", counted_fork)
    else:
        monkeypatch.setattr(os, "fork", no_fork)
    two = _database(tmp_path / "two")
    split = import_returns(two, path, "OAK", "2025/26", parallel=True)
    assert len(made) == (1 if failure == "in the copy" else 0)  # a copy made, and failed
    assert split.imported == alone.imported and split.needs_review == alone.needs_review
    assert _state(two) == _state(one)


@FORK
def test_the_samples_read_in_two_processes_give_expected_results(
    database_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the command line (the one caller that reads in two processes), on SQLite and
    PostgreSQL: the copy shares the database connection, and must leave it alone."""
    copies = _always_in_two(monkeypatch)
    test_samples.test_samples_give_expected_results(database_url, capsys)
    assert copies


def test_the_app_never_reads_in_two_processes() -> None:
    """A copy of a process keeps only the thread that made it, and the app has Qt's threads: only
    the command line asks for it (see ``Forked``)."""
    gui = Path(imports.__file__).resolve().parent.parent / "gui"
    assert [p.name for p in gui.rglob("*.py") if "parallel=" in p.read_text()] == []


@FORK
def test_blank_forms_marked_returned_are_decided_on_the_whole_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A blank form marked "Form returned? Y" waits when the learner has another return in the
    file, in the other half as in its own."""
    head = "Forename,Surname,DOB,Form returned?,Date received,Website,Press"
    rows = [
        "Noah,Evans,14/02/2016,Y,10/09/2025,Yes,No",  # Noah's return, here ...
        "Amelia,Smith,28/04/2017,Y,,,",  # ... Amelia's blank form, here: her return is there
        "Jack,O'Brien,03/09/2015,Y,,,",  # a blank form, and no other return: a return
        "Lily,Patel,11/11/2016,N,,,",
        "Noah,Evans,14/02/2016,Y,,,",  # the copy's half: Noah's blank form waits
        "Amelia,Smith,28/04/2017,Y,11/09/2025,Yes,Yes",
        "Oliver,Khan,02/02/2017,,,,",
        "Mia,Green,08/08/2017,N,12/09/2025,,",  # not back, but dated: waits
    ]
    path = tmp_path / "returns.csv"
    path.write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")
    one = _database(tmp_path / "one")
    alone = import_returns(one, path, "OAK", "2025/26", received=date(2025, 10, 1))
    monkeypatch.setattr(imports, "_MINE", 0.5)
    copies = _always_in_two(monkeypatch)
    two = _database(tmp_path / "two")
    split = import_returns(two, path, "OAK", "2025/26", received=date(2025, 10, 1),
                           parallel=True)  # fmt: skip
    assert copies
    assert {k: v for k, v in split.as_json().items() if k != "batch_id"} == {
        k: v for k, v in alone.as_json().items() if k != "batch_id"
    }
    assert _state(two) == _state(one)
    assert sorted(r["row"] for r in alone.needs_review) == [3, 6, 9]
    assert alone.imported == 3  # Noah's and Amelia's returns, and Jack's blank form
