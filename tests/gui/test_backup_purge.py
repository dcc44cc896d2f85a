"""Backups (on demand, daily, restore), purging leavers, and database faults offered a Retry."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy.exc import OperationalError

from consent_desk.db.engine import Database
from consent_desk.domain.rules import Answer
from consent_desk.gui import errors, file_dialogs, return_dialog, safety_commands
from consent_desk.gui.main_window import MainWindow
from consent_desk.gui.return_dialog import ReturnDialog
from consent_desk.services.backup import backup_dir, list_backups
from consent_desk.services.consent import learner_statuses
from consent_desk.services.learners import mark_left
from consent_desk.services.returns import NewReturn, add_return
from tests.gui.conftest import YEAR, DialogCatcher, audit_trail

UPN = "E873210425386"


class Said:
    """Stands in for ``confirm`` and ``show_info``: records the text, answers ``yes``."""

    def __init__(self, yes: bool = True) -> None:
        self.yes = yes
        self.texts: list[str] = []

    def confirm(
        self, parent: object, text: str, title: str | None = None, *, details: str = "", **_: Any
    ) -> bool:
        self.texts.append(f"{text}\n{details}")
        return self.yes

    def info(self, parent: object, text: str, title: str | None = None) -> None:
        self.texts.append(text)


@pytest.fixture
def said(monkeypatch: pytest.MonkeyPatch) -> Said:
    s = Said()
    monkeypatch.setattr(safety_commands, "confirm", s.confirm)
    monkeypatch.setattr(safety_commands, "show_info", s.info)
    return s


def _learner(db: Database) -> int:
    return next(r.learner_id for r in learner_statuses(db, "OAK", YEAR) if r.upn == UPN)


def test_back_up_then_restore_the_backup(
    qtbot: QtBot,
    accounts: Database,
    remember_scope: Callable[..., None],
    login_window: Callable[..., MainWindow],
    said: Said,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    remember_scope("OAK", YEAR)
    w = login_window(accounts, "ann.coo")
    target = tmp_path / "copies" / "before-returns.sqlite3"
    monkeypatch.setattr(
        file_dialogs.QFileDialog,
        "getSaveFileName",
        lambda *a, **k: (str(target), "SQLite backup (*.sqlite3)"),
    )
    w.actions_.backup_now.trigger()
    qtbot.waitUntil(lambda: len(said.texts) == 1, timeout=10000)
    assert target.exists() and "copied to" in said.texts[0]
    # a return typed in after the backup …
    add_return(
        accounts,
        NewReturn(_learner(accounts), YEAR, {"press": Answer.REFUSE}, datetime.now(), "Mum"),
        "ann.coo",
    )
    with qtbot.waitSignal(w.learners_loaded, timeout=10000):
        w.reload()
    assert sum(r.returns for r in w.learners.model.all_rows()) == 1
    # … is gone after restoring it
    monkeypatch.setattr(
        file_dialogs.QFileDialog, "getOpenFileName", lambda *a, **k: (str(target), "")
    )
    made = datetime.fromtimestamp(target.stat().st_mtime)
    with qtbot.waitSignal(w.learners_loaded, timeout=20000):
        w.actions_.restore.trigger()
    question = said.texts[1]
    assert f"{made:%A %d %B %Y at %H:%M}" in question
    assert "Everything entered since then" in question and "replaced" in question
    assert "now holds the backup" in said.texts[2]
    assert sum(r.returns for r in w.learners.model.all_rows()) == 0
    assert all(r.returns == 0 for r in learner_statuses(accounts, "OAK", YEAR))
    assert list(backup_dir().glob("before-restore-*.sqlite3"))  # the restore can be undone
    assert ("ann.coo", "restore", "database") in audit_trail(accounts, "database")


def test_restore_asks_first_and_cancel_changes_nothing(
    qtbot: QtBot,
    accounts: Database,
    remember_scope: Callable[..., None],
    login_window: Callable[..., MainWindow],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    remember_scope("OAK", YEAR)
    w = login_window(accounts, "ann.coo")
    said = Said(yes=False)
    monkeypatch.setattr(safety_commands, "confirm", said.confirm)
    copy = tmp_path / "copy.sqlite3"
    from consent_desk.services.backup import backup_to

    backup_to(accounts, copy)
    monkeypatch.setattr(
        file_dialogs.QFileDialog, "getOpenFileName", lambda *a, **k: (str(copy), "")
    )
    w.actions_.restore.trigger()
    assert said.texts and not list(backup_dir().glob("before-restore-*"))


def test_the_daily_backup_is_made_quietly_at_start(
    qtbot: QtBot,
    oak_learners: Database,
    remember_scope: Callable[..., None],
    open_window: Callable[..., MainWindow],
) -> None:
    remember_scope("OAK", YEAR)
    assert not list_backups()
    w = open_window(oak_learners)
    qtbot.waitUntil(lambda: bool(list_backups()), timeout=10000)
    assert list_backups()[0].name == f"consent-desk-{date.today().isoformat()}.sqlite3"
    qtbot.waitUntil(lambda: w.safety.backup_note is not None, timeout=5000)
    note = w.safety.backup_note
    assert note is not None
    made = datetime.fromtimestamp(list_backups()[0].stat().st_mtime)
    # made after the learners were imported: nothing has changed since
    assert note.text() == f"✓ Backed up {made:%H:%M}"
    assert "nothing has changed since" in note.toolTip()
    assert list_backups()[0].name in note.toolTip()


def test_the_backup_note_counts_the_changes_made_after_the_last_backup(
    qtbot: QtBot,
    sqlite_db: Database,
    remember_scope: Callable[..., None],
    open_window: Callable[..., MainWindow],
    said: Said,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from consent_desk.services.backup import daily_backup
    from consent_desk.services.learner_import import import_learners
    from tests.conftest import SAMPLES

    assert daily_backup(sqlite_db) is not None  # this morning's copy: no learners in it yet
    import_learners(sqlite_db, SAMPLES / "oakfield-learners-sims.csv", "OAK")  # then the data
    remember_scope("OAK", YEAR)
    w = open_window(sqlite_db)  # today's copy exists: no second automatic backup today
    qtbot.waitUntil(lambda: w.safety.backup_note is not None, timeout=5000)
    note = w.safety.backup_note
    assert note is not None
    qtbot.waitUntil(lambda: "since" in note.text(), timeout=5000)
    assert "✓" not in note.text()  # the copy holds none of the learners
    assert "1 change since" in note.text()  # the learner list's import

    # a colleague at another desk marks a learner as left; this desk refreshes (F5)
    mark_left(sqlite_db, w.learners.model.row_at(0).learner_id, "oak.office")
    with qtbot.waitSignal(w.learners_loaded, timeout=10000):
        w.actions_.refresh.trigger()
    qtbot.waitUntil(lambda: "2 changes since" in note.text(), timeout=5000)

    target = tmp_path / "copies" / "now.sqlite3"
    monkeypatch.setattr(
        file_dialogs.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "")
    )
    w.actions_.backup_now.trigger()
    qtbot.waitUntil(lambda: note.text().startswith("✓ Backed up"), timeout=10000)
    assert "now.sqlite3" in note.toolTip()


def test_postgresql_backups_point_to_the_readme(
    qtbot: QtBot,
    oak_learners: Database,
    remember_scope: Callable[..., None],
    open_window: Callable[..., MainWindow],
    said: Said,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    remember_scope("OAK", YEAR)
    w = open_window(oak_learners)
    monkeypatch.setattr(Database, "is_sqlite", property(lambda self: False))
    w.actions_.backup_now.trigger()
    w.actions_.restore.trigger()
    assert len(said.texts) == 2
    assert all("pg_dump" in t and "README" in t for t in said.texts)


def test_purge_shows_the_preview_then_purges_when_confirmed(
    qtbot: QtBot,
    accounts: Database,
    remember_scope: Callable[..., None],
    login_window: Callable[..., MainWindow],
    said: Said,
) -> None:
    from consent_desk.services import access
    from consent_desk.services.users import authenticate
    from tests.gui.conftest import PASSWORD

    access.set_actor(authenticate(accounts, "ann.coo", PASSWORD))
    mark_left(accounts, _learner(accounts), "ann.coo", left_on=date(2019, 7, 20))
    access.set_actor(None)
    remember_scope("OAK", YEAR)
    w = login_window(accounts, "ann.coo")
    total = w.learners.model.total
    said.yes = False
    w.actions_.purge.trigger()
    qtbot.waitUntil(lambda: len(said.texts) == 1, timeout=10000)
    assert said.texts[0].startswith("Delete the data of 1 leaver for good?")
    assert "1 learner(s) who left before" in said.texts[0] and "(OAK: 1)" in said.texts[0]
    said.yes = True
    with qtbot.waitSignal(w.learners_loaded, timeout=10000):
        w.actions_.purge.trigger()
    assert "Purged 1 learner(s)" in said.texts[-1]
    assert w.learners.model.total == total  # the leaver was not on roll anyway
    purged = [e for e in audit_trail(accounts, "learners") if e[1] == "purge"]
    assert purged == [("ann.coo", "purge", "learners")]
    # nothing left to purge: said so, no question asked
    w.actions_.purge.trigger()
    qtbot.waitUntil(lambda: "Nothing to purge" in said.texts[-1], timeout=10000)


def test_a_database_fault_while_saving_offers_retry(
    qtbot: QtBot,
    oak_learners: Database,
    remember_scope: Callable[..., None],
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    remember_scope("OAK", YEAR)
    w = open_window(oak_learners)
    real = return_dialog.add_return
    calls: list[int] = []

    def flaky(db: Database, new: NewReturn, user: str) -> int:
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("INSERT", {}, Exception("database or disk is full"))
        return real(db, new, user)

    asked: list[str] = []

    def ask(parent: object, text: str, title: str | None = None) -> bool:
        asked.append(text)
        return True  # Retry

    monkeypatch.setattr(return_dialog, "add_return", flaky)
    monkeypatch.setattr(errors, "ask_retry", ask)
    dialogs.patch(ReturnDialog)
    w.actions_.enter_return.trigger()
    d = dialogs.last(ReturnDialog)
    assert isinstance(d, ReturnDialog)
    qtbot.keyClicks(d.picker.edit, "kowalski harp")
    qtbot.keyClick(d.picker.edit, Qt.Key.Key_Return)
    qtbot.keyClick(d.grid, "n", Qt.KeyboardModifier.ShiftModifier)  # NO on every line
    with qtbot.waitSignal(d.saved, timeout=10000):
        qtbot.keyClick(d.limitation, Qt.Key.Key_Return)
    assert asked == ["The disk is full, so nothing was saved: free some space and try again."]
    assert len(calls) == 2
    assert next(r for r in learner_statuses(oak_learners, "OAK", YEAR) if r.upn == UPN).returns


def test_database_faults_are_explained() -> None:
    gone = OperationalError(
        "SELECT 1", {}, Exception('connection to server at "db" failed: Connection refused')
    )
    read_only = OperationalError("UPDATE", {}, Exception("attempt to write a readonly database"))
    assert errors.describe_error(gone).startswith("The database server cannot be reached")
    assert "read-only" in errors.describe_error(read_only)
    assert errors.is_database_fault(gone) and not errors.is_database_fault(ValueError("x"))
