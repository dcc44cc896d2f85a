"""Trust and safety: the audit trail, concurrent edits, backups, retention, and faults."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from consent_desk.db.engine import Database
from consent_desk.db.models import ConsentReturn, Learner
from consent_desk.domain.years import AcademicYear
from consent_desk.services.audit_log import export_audit_xlsx, list_audit
from consent_desk.services.errors import Conflict, ServiceError
from consent_desk.services.learners import (
    NewLearner,
    add_learner,
    mark_left,
    set_safeguarding,
    update_learner,
)
from consent_desk.services.returns import NewReturn, add_return
from tests.rule_cases import R, every

YEAR = AcademicYear.current().label


def _learner(db: Database, surname: str = "Adeyemi") -> int:
    return add_learner(db, "OAK", NewLearner(surname, "Saanvi", reg_group="6Oak"), "office.a")


def _version(db: Database, learner_id: int) -> int:
    with db.session() as s:
        return s.get_one(Learner, learner_id).version


def test_every_change_is_in_the_audit_trail(trust_db: Database, tmp_path: Path) -> None:
    lid = _learner(trust_db)
    add_return(trust_db, NewReturn(lid, YEAR, every(R), datetime.now(), "Mum"), "office.a")
    set_safeguarding(trust_db, lid, True, "court order", "principal.p")
    mark_left(trust_db, lid, "office.b")
    entries = list_audit(trust_db, entity_id=str(lid))
    kinds = {(e.entity, e.action) for e in entries}
    assert {("learner", "create"), ("learner", "safeguarding"), ("learner", "left")} <= kinds
    left = next(e for e in entries if e.action == "left")
    assert left.user == "office.b" and left.before and left.before["on_roll"] is True
    assert left.after and left.after["on_roll"] is False
    # said in words, with the learner's name and the day they left
    assert left.change.startswith("Saanvi Adeyemi (")
    assert f"left the roll on {date.today():%d/%m/%Y}" in left.change
    flag = next(e for e in entries if e.action == "safeguarding")
    assert "court order" not in repr(flag.before) + repr(flag.after)  # the reason stays private
    returns = list_audit(trust_db, entity="return")
    assert returns and returns[0].after and returns[0].after["learner_id"] == lid
    out = tmp_path / "audit.xlsx"
    assert export_audit_xlsx(list_audit(trust_db), out) == len(list_audit(trust_db))
    from openpyxl import load_workbook

    ws = load_workbook(out).active
    assert ws is not None and ws["A1"].value == "When" and ws.freeze_panes == "A2"


def test_second_save_of_the_same_learner_is_refused(trust_db: Database) -> None:
    lid = _learner(trust_db)
    opened = _version(trust_db, lid)  # two desks open the learner
    update_learner(trust_db, lid, {"reg_group": "6Ash"}, "office.a", expected_version=opened)
    with pytest.raises(Conflict, match=r"changed by office\.a at \d\d:\d\d .*reload"):
        set_safeguarding(trust_db, lid, True, "court order", "principal.p", expected_version=opened)
    with trust_db.session() as s:
        lr = s.get_one(Learner, lid)
        assert lr.reg_group == "6Ash" and not lr.safeguarding_flag


def test_two_sessions_racing_on_one_learner(trust_db: Database) -> None:
    """The database-level guard: both read version N; the second writer is refused."""
    lid = _learner(trust_db)
    other = Database(trust_db.url)
    try:
        with Session(trust_db.engine) as s1, Session(other.engine) as s2:
            a = s1.get_one(Learner, lid)
            b = s2.get_one(Learner, lid)
            assert a.version == b.version
            a.reg_group = "6Ash"
            s1.commit()
            b.reg_group = "6Elm"
            with pytest.raises(StaleDataError):
                s2.commit()
    finally:
        other.dispose()
    with trust_db.session() as s:
        assert s.get_one(Learner, lid).reg_group == "6Ash"


def test_backup_and_restore_round_trip(tmp_path: Path) -> None:
    from consent_desk.services.backup import backup_to, daily_backup, list_backups, restore_from
    from consent_desk.services.trust import add_academy, init_trust

    db = Database(f"sqlite:///{tmp_path / 'live.sqlite3'}")
    init_trust(db, "Trust")
    add_academy(db, "OAK", "Oakfield")
    lid = _learner(db)
    saved = backup_to(db, tmp_path / "chosen" / "copy.sqlite3")
    assert saved.exists() and not list(saved.parent.glob("*.partial"))
    add_return(db, NewReturn(lid, YEAR, every(R), datetime.now()), "office.a")
    with pytest.raises(ServiceError, match="confirm"):
        restore_from(db, saved)
    safety = restore_from(db, saved, confirm=True)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(ConsentReturn)) == 0
    assert safety.exists()  # the state before the restore, so a restore can be undone
    assert list_audit(db, action="restore")
    with pytest.raises(ServiceError, match="not a Consent Desk backup"):
        (tmp_path / "junk.sqlite3").write_bytes(b"hello")
        restore_from(db, tmp_path / "junk.sqlite3", confirm=True)

    folder = tmp_path / "daily"
    for day in range(20):
        daily_backup(db, folder, today=date(2026, 1, 1) + timedelta(days=day))
    assert daily_backup(db, folder, today=date(2026, 1, 20)) is None  # once a day
    kept = list_backups(folder)
    assert len(kept) == 14 and kept[0].name == "consent-desk-2026-01-20.sqlite3"
    db.dispose()


def test_retention_preview_and_purge(trust_db: Database) -> None:
    from consent_desk.services.retention import purge_leavers, purge_preview

    old = _learner(trust_db, "Longgone")
    recent = _learner(trust_db, "Recent")
    staying = _learner(trust_db, "Staying")
    add_return(trust_db, NewReturn(old, YEAR, every(R), datetime.now()), "office.a")
    today = date.today()
    mark_left(trust_db, old, "office.a", left_on=today - timedelta(days=3 * 366))
    mark_left(trust_db, recent, "office.a", left_on=today - timedelta(days=100))
    plan = purge_preview(trust_db)
    assert (plan.learners, plan.returns, plan.by_academy) == (1, 1, {"OAK": 1})
    with pytest.raises(ServiceError):
        purge_leavers(trust_db)
    done = purge_leavers(trust_db, confirm=True)
    assert done.learners == 1
    with trust_db.session() as s:
        ids = set(s.scalars(select(Learner.id)))
    assert old not in ids and {recent, staying} <= ids
    entry = list_audit(trust_db, action="purge")[0]
    assert entry.after and entry.after["learners"] == 1
    trail = repr([(e.before, e.after) for e in list_audit(trust_db)])
    assert "Longgone" not in trail  # counts, never names


def test_read_only_database_is_reported_and_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from consent_desk.cli.main import main

    path = tmp_path / "ro.sqlite3"
    assert main(["--database", f"sqlite:///{path}", "init", "--trust", "T"]) == 0
    capsys.readouterr()
    ro = f"sqlite:///file:{path}?mode=ro&uri=true"
    code = main(["--database", ro, "academy", "add", "OAK", "--name", "Oakfield"])
    err = capsys.readouterr().err
    assert code != 0 and "read-only" in err and len(err.strip().splitlines()) == 1
    assert main(["--database", f"sqlite:///{path}", "academy", "list", "--json"]) == 0
    assert capsys.readouterr().out.strip() == "[]"


def test_full_disk_saves_nothing(tmp_path: Path) -> None:
    """A full disk is simulated with SQLite's max_page_count."""
    from sqlalchemy.exc import OperationalError

    from consent_desk.services.errors import explain_database_error
    from consent_desk.services.trust import add_academy, init_trust

    trust_db = Database(f"sqlite:///{tmp_path / 'full.sqlite3'}")
    init_trust(trust_db, "Trust")
    add_academy(trust_db, "OAK", "Oakfield")
    lid = _learner(trust_db)

    @event.listens_for(trust_db.engine, "connect")
    def tiny(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 1}")

    trust_db.engine.dispose()
    with pytest.raises(OperationalError) as caught:
        for i in range(500):
            add_return(
                trust_db,
                NewReturn(lid, YEAR, every(R), datetime.now(), limitation="x" * 4000 + str(i)),
                "office.a",
            )
    assert "disk is full" in explain_database_error(caught.value)
    event.remove(trust_db.engine, "connect", tiny)
    trust_db.engine.dispose()
    with trust_db.session() as s:
        saved = s.scalar(select(func.count()).select_from(ConsentReturn))
    # the failed one left nothing half-written; the database still opens
    assert saved is not None and saved < 500
    trust_db.dispose()


def test_database_server_going_away(postgres_server, capsys) -> None:  # type: ignore[no-untyped-def]
    """Mid-session the server stops: a clear one-line message, then it works again."""
    from consent_desk.cli.main import main
    from tests.postgres import PostgresServer

    server = PostgresServer()
    server.start()
    try:
        url = server.new_database()
        assert main(["--database", url, "init", "--trust", "T"]) == 0
        db = Database(url)
        from consent_desk.services.trust import list_academies

        assert list_academies(db) == []
        server._run("pg_ctl", "-D", str(server.data), "-m", "fast", "-w", "stop")
        capsys.readouterr()
        assert main(["--database", url, "academy", "list"]) != 0
        err = capsys.readouterr().err
        assert "cannot be reached" in err and len(err.strip().splitlines()) == 1
        server._run(
            "pg_ctl",
            "-D",
            str(server.data),
            "-l",
            str(server.dir / "log"),
            "-w",
            "-o",
            f"-p {server.port} -k {server.dir} -c listen_addresses=127.0.0.1",
            "start",
        )
        assert list_academies(db) == []  # the same Database recovers (pool_pre_ping)
        db.dispose()
    finally:
        server.stop()


def test_a_desk_refused_after_a_learner_list_import_is_told_the_imports_user(
    trust_db: Database, tmp_path: Path
) -> None:
    """The import changes the learner, so the desk that opened it before must be told who
    changed it: the import's user, not whoever edited the learner before the import."""
    from consent_desk.services.learner_import import import_learners

    upn = "A123456789012"
    lid = add_learner(
        trust_db, "OAK", NewLearner("Adeyemi", "Saanvi", upn=upn, reg_group="6Oak"), "office.a"
    )
    opened = _version(trust_db, lid)  # a desk opens the learner
    listing = tmp_path / "learners.csv"
    listing.write_text(
        f"UPN,Legal Surname,Legal Forename,Reg Group\n{upn},Adeyemi,Saanvi,6Ash\n",
        encoding="utf-8",
    )
    report = import_learners(trust_db, listing, "OAK", user="office.b")
    assert report.updated == 1
    with pytest.raises(Conflict, match=r"changed by office\.b at \d\d:\d\d .*reload"):
        update_learner(trust_db, lid, {"reg_group": "6Elm"}, "office.a", expected_version=opened)
    with trust_db.session() as s:
        assert s.get_one(Learner, lid).reg_group == "6Ash"
    # undoing the import is a change too: a desk that opened the learner before is told who
    from consent_desk.services.batches import undo_import

    opened = _version(trust_db, lid)
    assert report.batch_id is not None
    undo_import(trust_db, report.batch_id, "office.c")
    with pytest.raises(Conflict, match=r"changed by office\.c at \d\d:\d\d .*reload"):
        update_learner(trust_db, lid, {"reg_group": "6Elm"}, "office.a", expected_version=opened)
    with trust_db.session() as s:
        assert s.get_one(Learner, lid).reg_group == "6Oak"


def test_the_backup_status_counts_what_changed_after_the_last_copy(tmp_path: Path) -> None:
    from consent_desk.services.backup import backup_status, backup_to, daily_backup
    from consent_desk.services.trust import add_academy, init_trust

    db = Database(f"sqlite:///{tmp_path / 'live.sqlite3'}")
    init_trust(db, "Trust")
    assert backup_status(db).last is None  # never copied
    assert daily_backup(db, tmp_path / "daily") is not None
    made = backup_status(db)
    assert made.last is not None and made.up_to_date and made.file
    assert made.file.endswith(".sqlite3")
    add_academy(db, "OAK", "Oakfield")  # in the same second as the copy: still after it
    lid = _learner(db)
    add_return(db, NewReturn(lid, YEAR, every(R), datetime.now()), "office.a")
    after = backup_status(db)
    assert not after.up_to_date and after.changes_since >= 3  # academy, learner, return
    assert after.last == made.last
    backup_to(db, tmp_path / "chosen.sqlite3")
    again = backup_status(db)
    assert again.up_to_date and again.file == str(tmp_path / "chosen.sqlite3")
    db.dispose()
