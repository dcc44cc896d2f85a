"""Settings (trust, purposes, academies, database) and the first run."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from consent_desk.db.engine import Database
from consent_desk.gui.desk_settings import DATABASE_KEY
from consent_desk.gui.first_run import FirstRunDialog
from consent_desk.gui.main_window import MainWindow
from consent_desk.gui.settings_dialog import SettingsDialog
from consent_desk.services.review import list_reviews
from consent_desk.services.samples import SAMPLE_TRUST
from consent_desk.services.trust import get_settings, list_academies, purposes
from tests.gui.conftest import SAMPLE_YEAR, DialogCatcher


def _settings(qtbot: QtBot, w: MainWindow, dialogs: DialogCatcher) -> SettingsDialog:
    dialogs.patch(SettingsDialog)
    w.actions_.settings.trigger()
    d = dialogs.last(SettingsDialog)
    assert isinstance(d, SettingsDialog)
    qtbot.waitUntil(lambda: d.original is not None, timeout=10000)
    return d


def test_change_trust_settings_and_purpose_labels(
    qtbot: QtBot,
    sqlite_db: Database,
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
) -> None:
    w = open_window(sqlite_db)
    d = _settings(qtbot, w, dialogs)
    d.trust_name.selectAll()
    qtbot.keyClicks(d.trust_name, "Northern Lights Trust")
    d.non_returns.setChecked(False)
    d.retention.setValue(5)
    d.purpose_edits["press"].setText("Newspapers and TV")
    with qtbot.waitSignal(d.saved, timeout=10000), qtbot.waitSignal(w.started, timeout=10000):
        d.save()
    s = get_settings(sqlite_db)
    assert (s.name, s.treat_non_returns_as_restricted, s.retention_years) == (
        "Northern Lights Trust",
        False,
        5,
    )
    assert purposes(sqlite_db)["press"] == "Newspapers and TV"
    assert w.trust_label.text() == "Northern Lights Trust"
    assert w.ctx.purpose_labels["press"] == "Newspapers and TV"


def test_add_an_academy(
    qtbot: QtBot,
    sqlite_db: Database,
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
) -> None:
    w = open_window(sqlite_db)
    d = _settings(qtbot, w, dialogs)
    qtbot.keyClicks(d.academies.new_code, "elm")
    qtbot.keyClicks(d.academies.new_name, "Elm Tree Academy")
    d.academies.new_phase.setCurrentIndex(d.academies.new_phase.findData("primary"))
    before = d.academies.academy_list.count()
    qtbot.mouseClick(d.academies.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: d.academies.academy_list.count() == before + 1, timeout=10000)
    assert "ELM" in {a.code for a in list_academies(sqlite_db)}


def test_database_setting_and_test_connection(
    qtbot: QtBot,
    sqlite_db: Database,
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    w = open_window(sqlite_db)
    d = _settings(qtbot, w, dialogs)
    d.db_sqlite.setChecked(True)
    d.sqlite_path.setText(str(sqlite_db.url).removeprefix("sqlite:///"))
    qtbot.mouseClick(d.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: d.test_result.text().startswith("✔"), timeout=10000)
    assert "SQLite" in d.test_result.text() and "Learning without Limits" in d.test_result.text()
    d.db_postgres.setChecked(True)
    d.pg_url.setText("postgresql://nobody@127.0.0.1:1/none")
    qtbot.mouseClick(d.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: d.test_result.text().startswith("✘"), timeout=30000)
    assert "cannot connect" in d.test_result.text().lower()
    assert "Traceback" not in d.test_result.text()
    d.db_sqlite.setChecked(True)
    d.sqlite_path.setText(str(tmp_path / "other.sqlite3"))
    monkeypatch.setattr("consent_desk.gui.settings_dialog.show_info", lambda *a, **k: None)
    with qtbot.waitSignal(d.saved, timeout=10000):
        d.save()
    assert QSettings().value(DATABASE_KEY) == f"sqlite:///{tmp_path / 'other.sqlite3'}"


def test_a_typed_server_password_never_reaches_the_settings_file(
    qtbot: QtBot,
    sqlite_db: Database,
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import keyring
    from keyring.backends import fail

    from consent_desk.gui.app import chosen_database

    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())  # no keyring here
    pgpass = tmp_path / "pgpass.conf"
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    said: list[str] = []
    monkeypatch.setattr(
        "consent_desk.gui.settings_dialog.show_info", lambda _w, text, *a, **k: said.append(text)
    )
    w = open_window(sqlite_db)
    d = _settings(qtbot, w, dialogs)
    d.db_postgres.setChecked(True)
    d.pg_url.setText("postgresql://consent:Typed-Secret@db.trust.local/consent")
    with qtbot.waitSignal(d.saved, timeout=10000):
        d.save()
    assert QSettings().value(DATABASE_KEY) == "postgresql://consent@db.trust.local/consent"
    assert "Typed-Secret" in pgpass.read_text("utf-8")
    assert any(str(pgpass) in text for text in said)
    QSettings().sync()
    settings_text = "".join(
        p.read_text("utf-8", errors="replace") for p in tmp_path.rglob("*.conf") if p != pgpass
    )
    settings_text += "".join(
        p.read_text("utf-8", errors="replace") for p in tmp_path.rglob("*.ini")
    )
    assert "Typed-Secret" not in settings_text

    # a setting saved in clear by an earlier version is cleaned at the next start
    QSettings().setValue(DATABASE_KEY, "postgresql://consent:Old-Secret@db.trust.local/consent")
    assert chosen_database(None) == "postgresql://consent@db.trust.local/consent"
    assert QSettings().value(DATABASE_KEY) == "postgresql://consent@db.trust.local/consent"
    assert "Old-Secret" in pgpass.read_text("utf-8")


def _first_run(
    qtbot: QtBot,
    dialogs: DialogCatcher,
    open_window: Callable[..., MainWindow],
    db: Database,
    act: Callable[[FirstRunDialog], None],
) -> MainWindow:
    """Start the window on an empty database; the first-run dialog appears; ``act`` on it."""

    def exec_(dialog: FirstRunDialog) -> int:
        dialogs.opened.append(dialog)
        qtbot.addWidget(dialog)
        dialog.show()
        act(dialog)
        qtbot.waitUntil(lambda: dialog.result() == 1, timeout=30000)
        return 1

    dialogs.monkeypatch.setattr(FirstRunDialog, "exec", exec_)
    return open_window(db)


def test_first_run_creates_the_trust_and_first_academy(
    qtbot: QtBot, tmp_path: Path, open_window: Callable[..., MainWindow], dialogs: DialogCatcher
) -> None:
    db = Database(f"sqlite:///{tmp_path / 'new.sqlite3'}")

    def fill(d: FirstRunDialog) -> None:
        qtbot.keyClicks(d.trust, "Riverside Learning Trust")
        qtbot.keyClicks(d.code, "riv")
        qtbot.keyClicks(d.name, "Riverside Primary")
        qtbot.mouseClick(d.create_button, Qt.MouseButton.LeftButton)

    w = _first_run(qtbot, dialogs, open_window, db, fill)
    assert get_settings(db).name == "Riverside Learning Trust"
    assert [a.code for a in list_academies(db)] == ["RIV"]
    assert w.ctx.academy == "RIV" and w.trust_label.text() == "Riverside Learning Trust"
    assert w.windowTitle().startswith("Riverside Primary — ")
    assert w.learners.stack.currentIndex() == 1  # next: import the learner list
    db.dispose()


def test_first_run_with_sample_data(
    qtbot: QtBot, tmp_path: Path, open_window: Callable[..., MainWindow], dialogs: DialogCatcher
) -> None:
    real = Database(f"sqlite:///{tmp_path / 'real.sqlite3'}")
    w = _first_run(
        qtbot,
        dialogs,
        open_window,
        real,
        lambda d: qtbot.mouseClick(d.sample_button, Qt.MouseButton.LeftButton),
    )
    assert w.ctx.db is not real and w.ctx.db is not None
    assert get_settings(w.ctx.db).name == SAMPLE_TRUST
    assert w.ctx.year == SAMPLE_YEAR and w.learners.model.total > 300
    assert len(list_reviews(w.ctx.db, None, SAMPLE_YEAR)) == 4
    from consent_desk.migrations import is_initialised

    assert not is_initialised(real.engine)  # the real database stays empty
    real.dispose()
    w.ctx.db.dispose()


def test_a_database_that_cannot_be_opened_can_be_replaced(
    qtbot: QtBot, sqlite_db: Database, dialogs: DialogCatcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    from consent_desk.gui import main_window

    monkeypatch.setattr(main_window, "show_error", lambda *a, **k: None)
    w = MainWindow(database_url="postgresql://nobody@127.0.0.1:1/none")
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.start_failed, timeout=30000):
        w.start()
    assert w.learners.stack.currentIndex() == 1
    buttons = {b.text(): b for b in w.learners.findChildren(QPushButton)}
    assert "Try again" in buttons and "Choose another database…" in buttons
    dialogs.patch(SettingsDialog)
    qtbot.mouseClick(buttons["Choose another database…"], Qt.MouseButton.LeftButton)
    d = dialogs.last(SettingsDialog)
    assert isinstance(d, SettingsDialog) and d.tabs.count() == 1  # only the Database tab
    d.db_sqlite.setChecked(True)
    d.sqlite_path.setText(str(sqlite_db.url).removeprefix("sqlite:///"))
    with qtbot.waitSignal(w.learners_loaded, timeout=30000):
        d.save()
    assert w.ctx.db is not None and w.ctx.db.url == sqlite_db.url
    assert w.academy_box.count() == 2
    w.ctx.db.dispose()


def test_the_settings_dialog_offers_what_the_trust_may_be_set_to(
    qtbot: QtBot,
    sqlite_db: Database,
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
) -> None:
    from consent_desk.domain import settings

    w = open_window(sqlite_db)
    d = _settings(qtbot, w, dialogs)
    for spin, setting in (
        (d.retention, settings.RETENTION_YEARS),
        (d.lock_minutes, settings.INACTIVITY_LOCK_MINUTES),
        (d.backups, settings.BACKUPS_TO_KEEP),
    ):
        assert (spin.minimum(), spin.maximum()) == (setting.minimum, setting.maximum)
        assert spin.accessibleName() == setting.label and spin.toolTip() == setting.help
    d.lock_minutes.setValue(d.lock_minutes.maximum())
    d.backups.setValue(d.backups.minimum())
    with qtbot.waitSignal(d.saved, timeout=10000):
        d.save()
    s = get_settings(sqlite_db)
    assert (s.inactivity_lock_minutes, s.backups_to_keep) == (
        settings.INACTIVITY_LOCK_MINUTES.maximum,
        settings.BACKUPS_TO_KEEP.minimum,
    )
