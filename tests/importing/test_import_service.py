"""The returns import service: a Cancel at any stage changes nothing; a run leaves the process
and the pooled connection as it found them; rows written at driver level read back like the
ORM's own."""

from __future__ import annotations

import gc
import json
import sys
import threading
import time
import weakref
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from consent_desk.db.engine import Database
from consent_desk.db.models import Base, ConsentReturn, Respondent
from consent_desk.importing.bulk import Background, drop_in_slices, paused_gc
from consent_desk.services.imports import import_returns
from consent_desk.services.learner_import import import_learners
from consent_desk.services.returns import fingerprint
from tests.conftest import SAMPLES

RETURNS = SAMPLES / "hillgate-returns-msforms.xlsx"
YEAR = "2025/26"


class Stop(Exception):
    """What a GUI's Cancel raises from the progress callback."""


def counts(db: Database) -> dict[str, int]:
    with db.session() as s:
        return {t.name: s.execute(select(func.count()).select_from(t)).scalar_one()
                for t in Base.metadata.sorted_tables}  # fmt: skip


@pytest.fixture
def hillgate(trust_db: Database) -> Database:
    import_learners(trust_db, SAMPLES / "hillgate-learners-bromcom.xlsx", "HGH")
    return trust_db


@pytest.mark.parametrize("stage", ["Reading", "Matching", "Saving"])
def test_a_cancel_at_any_stage_changes_nothing(hillgate: Database, stage: str) -> None:
    before = counts(hillgate)
    seen: list[tuple[str, str]] = []

    def progress(name: str, done: int, total: int) -> None:
        seen.append((name, threading.current_thread().name))
        if name == stage:
            raise Stop()

    with pytest.raises(Stop):
        import_returns(hillgate, RETURNS, "HGH", YEAR, progress=progress)
    assert counts(hillgate) == before
    assert seen[-1][0] == stage
    # and the import then runs to the end
    report = import_returns(hillgate, RETURNS, "HGH", YEAR)
    assert report.imported == 830


def test_the_reading_is_reported_from_its_own_thread(hillgate: Database) -> None:
    stages: dict[str, set[str]] = {}

    def progress(name: str, done: int, total: int) -> None:
        stages.setdefault(name, set()).add(threading.current_thread().name)

    import_returns(hillgate, RETURNS, "HGH", YEAR, progress=progress)
    assert set(stages) == {"Reading", "Matching", "Saving"}
    assert stages["Matching"] == stages["Saving"] == {threading.current_thread().name}


def test_a_bad_file_read_on_the_thread_is_the_error_raised(
    hillgate: Database, tmp_path: Path
) -> None:
    from consent_desk.importing.records import ImportFileError

    bad = tmp_path / "returns.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    before = counts(hillgate)
    with pytest.raises(ImportFileError, match=r"returns\.xlsx"):
        import_returns(hillgate, bad, "HGH", YEAR)
    assert counts(hillgate) == before


def test_the_process_and_the_connection_are_left_as_they_were(tmp_path: Path) -> None:
    from consent_desk.services.trust import add_academy, init_trust

    db = Database(f"sqlite:///{tmp_path / 'cd.sqlite3'}")
    try:
        init_trust(db, "Trust")
        add_academy(db, "HGH", "Hillgate")
        import_learners(db, SAMPLES / "hillgate-learners-bromcom.xlsx", "HGH")
        with db.engine.connect() as c:
            default = c.exec_driver_sql("PRAGMA cache_size").scalar()
        assert gc.isenabled()
        import_returns(db, RETURNS, "HGH", YEAR)
        assert gc.isenabled()
        with db.engine.connect() as c:
            assert c.exec_driver_sql("PRAGMA cache_size").scalar() == default
            # the import wrote without foreign-key checks; the next user of the connection
            # has them again
            assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        db.dispose()


def _orphan_return(db: Database) -> None:
    """A return naming a learner, respondent and batch that do not exist."""
    with db.session() as s:
        s.add(ConsentReturn(learner_id=999_999, year_label=YEAR, respondent_id=999_999,
                            received_at=datetime(2025, 9, 3), method="paper", entered_by="x",
                            entered_at=datetime(2025, 9, 3), batch_id=999_999, answers={},
                            fingerprint="x"))  # fmt: skip


@pytest.mark.parametrize("how", ["import", "dry run", "cancelled while saving"])
def test_the_database_refuses_a_dangling_reference_after_any_import(
    tmp_path: Path, how: str
) -> None:
    from sqlalchemy.exc import IntegrityError

    from consent_desk.services.trust import add_academy, init_trust

    db = Database(f"sqlite:///{tmp_path / 'cd.sqlite3'}")
    try:
        init_trust(db, "Trust")
        add_academy(db, "HGH", "Hillgate")
        import_learners(db, SAMPLES / "hillgate-learners-bromcom.xlsx", "HGH")

        def cancel(stage: str, done: int, total: int) -> None:
            if stage == "Saving" and done:
                raise KeyboardInterrupt

        if how == "cancelled while saving":
            with pytest.raises(KeyboardInterrupt):
                import_returns(db, RETURNS, "HGH", YEAR, progress=cancel)
        else:
            import_returns(db, RETURNS, "HGH", YEAR, dry_run=how == "dry run")
        for _ in range(3):  # whichever pooled connection the session is given
            with pytest.raises(IntegrityError, match="FOREIGN KEY"):
                _orphan_return(db)
    finally:
        db.dispose()


def test_foreign_key_checks_stay_on_once_a_transaction_has_begun(tmp_path: Path) -> None:
    from sqlalchemy import text

    from consent_desk.db.engine import foreign_key_checks_off
    from consent_desk.services.trust import init_trust

    db = Database(f"sqlite:///{tmp_path / 'cd.sqlite3'}")
    try:
        init_trust(db, "Trust")
        with db.session() as s:
            s.execute(text("UPDATE trust SET name = name"))  # the transaction has begun
            assert not foreign_key_checks_off(s.connection())
            assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
        with db.session() as s:
            assert foreign_key_checks_off(s.connection())
            assert s.execute(text("PRAGMA foreign_keys")).scalar() == 0
        with db.session() as s:
            assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        db.dispose()


def test_returns_written_by_the_driver_read_back_like_the_orms(hillgate: Database) -> None:
    import_returns(hillgate, RETURNS, "HGH", YEAR)
    with hillgate.session() as s:
        rows = s.execute(select(ConsentReturn, Respondent).join(
            Respondent, Respondent.id == ConsentReturn.respondent_id)).all()  # fmt: skip
        assert len(rows) == 830
        for ret, who in rows:
            assert isinstance(ret.received_at, datetime) and isinstance(ret.entered_at, datetime)
            assert ret.entered_at.microsecond == 0
            assert set(ret.answers.values()) <= {"consent", "refuse", "unanswered"}
            assert json.loads(json.dumps(ret.answers)) == ret.answers
            # the stored print is the one the review queue and a re-import compute
            assert ret.fingerprint == fingerprint(ret.learner_id, YEAR, who.key, ret.received_at,
                                                  ret.answers, ret.limitation)  # fmt: skip
            assert ret.method == ("form" if who.email else "import")


# --- the helpers -------------------------------------------------------------------------------


def test_paused_gc_nests_and_restores() -> None:
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()


def test_paused_gc_from_two_threads() -> None:
    inside = threading.Event()
    leave = threading.Event()

    def other() -> None:
        with paused_gc():
            inside.set()
            leave.wait(10)

    t = threading.Thread(target=other)
    with paused_gc():
        t.start()
        inside.wait(10)
    assert not gc.isenabled()  # the other thread is still inside
    leave.set()
    t.join()
    assert gc.isenabled()


def test_background_gives_the_value_or_the_error() -> None:
    assert Background(lambda a, b: a + b, 2, 3).result() == 5

    def fail() -> None:
        time.sleep(0.01)
        raise KeyboardInterrupt  # any BaseException reaches the caller

    job = Background(fail)
    with pytest.raises(KeyboardInterrupt):
        job.result()
    job.wait()


def test_drop_in_slices_frees_what_only_the_objects_hold() -> None:
    """What an import held is freed a slice at a time on a thread: every list, dict and set is
    emptied, an object's attributes are dropped, and what something else still holds lives."""

    class Row:
        pass

    class Index:
        def __init__(self, rows: list[Row]) -> None:
            self.by_id = {i: r for i, r in enumerate(rows)}

    rows = [Row() for _ in range(5001)]
    kept = rows[7]
    watched = [weakref.ref(r) for r in rows]
    ready = list(enumerate(rows))
    objects: list[Any] = [Index(rows), ready, set(rows[:3000]), dict.fromkeys(range(4500))]
    del rows
    drop_in_slices(objects)
    assert objects == [] and ready == []
    alive = [w() for w in watched if w() is not None]
    assert alive == [kept]


def test_each_learners_returns_keep_the_files_order(hillgate: Database) -> None:
    """Returns are written in learner order (quicker for the indexes), but a learner's own
    returns keep the order of their rows: the rules take the later of two returns received at
    the same moment by its id."""
    report = import_returns(hillgate, RETURNS, "HGH", YEAR)
    with hillgate.session() as s:
        rows = s.execute(
            select(ConsentReturn.learner_id, ConsentReturn.source_row, ConsentReturn.id)
            .where(ConsentReturn.batch_id == report.batch_id)
            .order_by(ConsentReturn.id)
        ).all()
    by_learner: dict[int, list[int]] = {}
    for learner_id, source_row, _ in rows:
        by_learner.setdefault(learner_id, []).append(source_row)
    several = [r for r in by_learner.values() if len(r) > 1]
    assert several, "the sample has learners with more than one return"
    assert all(r == sorted(r) for r in several)
    in_id_order = [source_row for _, source_row, _ in rows]
    assert in_id_order != sorted(in_id_order)  # the file's rows were not in learner order


def test_a_reading_begun_by_the_caller_is_used_not_read_again(
    hillgate: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command line starts reading the file before the database code loads and hands the
    reading to the service, which must not read the file a second time."""
    import consent_desk.importing.readers as readers

    calls: list[Path] = []
    real = readers.read_table

    def counted(path: str | Path, *args: object) -> object:
        calls.append(Path(path))
        return real(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(readers, "read_table", counted)
    reading = readers.Reading(RETURNS)  # reads with readers.read_table, here counted
    report = import_returns(hillgate, RETURNS, "HGH", YEAR, reading=reading)
    assert report.imported == 830 and calls == [RETURNS]


def test_the_learners_read_for_matching_are_the_learners_as_stored(trust_db: Database) -> None:
    """The import reads an academy's learners in bulk (on SQLite as one JSON array): names in
    any script, quotes and missing details come back exactly as the database holds them."""
    from datetime import date

    from consent_desk.db.models import Academy, Learner
    from consent_desk.importing.records import LearnerRecord
    from consent_desk.services.import_store import learner_records
    from consent_desk.services.learners import NewLearner, add_learner

    people = [
        NewLearner("O'Connor-Ní Bhriain", 'Zoë "Z"', upn="A123456789012", adno="000123",
                   preferred_forename="Zo", dob=date(2016, 2, 29), year_group="4",
                   reg_group="4B"),
        NewLearner("王", "小明\\n", preferred_surname="Wang"),
        NewLearner("Øvergård", "Åsa 🙂", dob=date(2013, 12, 31), reg_group="Year 7 / 7Ø"),
    ]  # fmt: skip
    for person in people:
        add_learner(trust_db, "OAK", person, "office")
    with trust_db.session() as s:
        oak = s.scalars(select(Academy).where(Academy.code == "OAK")).one()
        stored = s.scalars(select(Learner).where(Learner.academy_id == oak.id)).all()
        expected = {
            lr.id: LearnerRecord(
                lr.id,
                lr.upn,
                lr.adno,
                lr.legal_surname,
                lr.legal_forename,
                lr.preferred_forename,
                lr.preferred_surname,
                lr.dob,
                lr.year_group,
                lr.reg_group,
                lr.on_roll,
            )
            for lr in stored
        }
        got = {rec.id: rec for rec in learner_records(s, oak.id)}
    assert got == expected and len(got) == 3
    assert all(type(rec.on_roll) is bool and type(rec.id) is int for rec in got.values())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a copy of the process: Linux")
def test_a_copy_of_the_process_gives_its_result_or_none(monkeypatch: pytest.MonkeyPatch) -> None:
    """``Forked``: what the copy computed; None (the caller does the work) when it fails, when
    it cannot be made, or when its exit cannot be waited for; never a copy in a process that
    ignores SIGCHLD (its exit is lost)."""
    import os
    import signal

    from consent_desk.importing.bulk import Forked

    assert Forked(lambda: b"x" * 200_000).result() == b"x" * 200_000

    def fails() -> bytes:
        raise MemoryError

    assert Forked(fails).result() is None

    def no_memfd(name: str, flags: int = 0) -> int:
        raise PermissionError("memfd_create not allowed here")

    with monkeypatch.context() as m:
        m.setattr(os, "memfd_create", no_memfd)
        assert Forked(lambda: b"never").result() is None

    previous = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        assert not Forked.possible()
        assert Forked(lambda: b"lost").result() is None  # (the exit is reaped by the system)
    finally:
        signal.signal(signal.SIGCHLD, previous)
