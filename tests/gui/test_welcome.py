"""The welcome cannot lose work or quit by accident (issue 16): Enter always means *Create and
start*, a refused field says why under it in words, the trust and its first academy are saved
together or not at all, Quit asks once something is typed; each database keeps its own academy
and year."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from consent_desk.db.engine import Database
from consent_desk.domain.years import AcademicYear
from consent_desk.gui import first_run
from consent_desk.gui.first_run import FirstRunDialog
from consent_desk.gui.main_window import MainWindow
from consent_desk.gui.scope_memory import remember_scope, remembered_scope
from consent_desk.migrations import is_initialised
from consent_desk.services.trust import get_settings, list_academies
from tests.gui.conftest import YEAR, DialogCatcher


@pytest.fixture
def welcome(qtbot: QtBot, tmp_path: Path) -> FirstRunDialog:
    db = Database(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    d = FirstRunDialog(db)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    return d


@pytest.fixture(autouse=True)
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Questions the welcome asked; the person answers "keep setting up" (Cancel). (Also
    what answers when the test ends and the welcome is closed.)"""
    questions: list[str] = []

    def confirm(_parent: object, text: str, *_a: object, **_k: object) -> bool:
        questions.append(text)
        return False

    monkeypatch.setattr(first_run, "confirm", confirm)
    return questions


def _wait_idle(qtbot: QtBot, d: FirstRunDialog) -> None:
    qtbot.waitUntil(lambda: not d._busy, timeout=10000)


def test_a_refused_code_is_explained_under_it_and_enter_still_creates(
    qtbot: QtBot, welcome: FirstRunDialog, asked: list[str]
) -> None:
    d = welcome
    qtbot.keyClicks(d.trust, "Riverside Learning Trust")
    qtbot.keyClick(d.trust, Qt.Key.Key_Tab)
    qtbot.keyClicks(d.code, "R V")  # a space: not a code
    qtbot.keyClick(d.code, Qt.Key.Key_Tab)
    qtbot.keyClicks(d.name, "Riverside Primary")
    qtbot.keyClick(d.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(d.problems.text("code")), timeout=10000)
    _wait_idle(qtbot, d)
    said = d.problems.text("code")
    assert "is not an academy code" in said and "--" not in said
    assert d.problems.labels["code"].isVisible()
    assert d.focusWidget() is d.code  # the cursor is where the fix goes
    assert d.isVisible() and not is_initialised(d.db.engine)  # nothing saved: no half trust
    assert d.create_button.isDefault() and not d.quit_button.isDefault()

    # Enter on the Quit button (reached with Tab) still means "Create and start"
    d.quit_button.setFocus()
    qtbot.keyClick(d.quit_button, Qt.Key.Key_Return)
    _wait_idle(qtbot, d)
    assert d.isVisible() and asked == []
    assert "is not an academy code" in d.problems.text("code")

    # the person corrects the code: the problem goes as they type, Enter sets up both
    d.code.setFocus()
    d.code.selectAll()
    qtbot.keyClicks(d.code, "riv")
    assert not d.problems.text("code")
    with qtbot.waitSignal(d.accepted, timeout=10000):
        qtbot.keyClick(d.code, Qt.Key.Key_Return)
    assert get_settings(d.db).name == "Riverside Learning Trust"
    assert [a.code for a in list_academies(d.db)] == ["RIV"]
    assert remembered_scope(d.db.url) == ("RIV", None)
    d.db.dispose()


def test_a_missing_trust_name_is_asked_for_in_words(qtbot: QtBot, welcome: FirstRunDialog) -> None:
    d = welcome
    qtbot.keyClicks(d.code, "RIV")
    qtbot.keyClicks(d.name, "Riverside Primary")
    qtbot.keyClick(d.name, Qt.Key.Key_Enter)
    qtbot.waitUntil(lambda: bool(d.problems.text("trust")), timeout=10000)
    assert d.problems.text("trust").startswith("The trust needs a name")
    assert "--trust" not in d.problems.text("trust")
    assert d.focusWidget() is d.trust
    assert not is_initialised(d.db.engine)
    d.db.dispose()


def test_quit_asks_once_something_is_typed(
    qtbot: QtBot, welcome: FirstRunDialog, asked: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    d = welcome
    qtbot.keyClicks(d.trust, "Riverside Learning Trust")
    qtbot.mouseClick(d.quit_button, Qt.MouseButton.LeftButton)
    assert asked == ["Quit without setting up?"] and d.isVisible()
    qtbot.keyClick(d.trust, Qt.Key.Key_Escape)  # Escape asks too
    assert len(asked) == 2 and d.isVisible()
    assert d.trust.text() == "Riverside Learning Trust"  # nothing lost
    monkeypatch.setattr(first_run, "confirm", lambda *a, **k: True)
    with qtbot.waitSignal(d.rejected, timeout=5000):
        qtbot.mouseClick(d.quit_button, Qt.MouseButton.LeftButton)
    d.db.dispose()


def test_quit_with_nothing_typed_does_not_ask(
    qtbot: QtBot, welcome: FirstRunDialog, asked: list[str]
) -> None:
    with qtbot.waitSignal(welcome.rejected, timeout=5000):
        qtbot.mouseClick(welcome.quit_button, Qt.MouseButton.LeftButton)
    assert asked == []
    welcome.db.dispose()


def test_each_database_keeps_its_own_academy_and_year(
    qtbot: QtBot,
    sqlite_db: Database,
    tmp_path: Path,
    open_window: Callable[..., MainWindow],
) -> None:
    # the practice database was left on its sample academy and last year's returns
    sample_url = f"sqlite:///{tmp_path / 'consent-desk-sample.sqlite3'}"
    last_year = AcademicYear(AcademicYear.current().start_year - 1).label
    remember_scope(sample_url, "OAK", last_year)
    w = open_window(sqlite_db)
    assert w.ctx.year == YEAR  # a database never opened here starts on the current year
    assert w.ctx.academy == "HGH"  # …and on its first academy (Hillgate comes first by name)
    with qtbot.waitSignal(w.learners_loaded, timeout=10000):
        w.academy_box.setCurrentIndex(w.academy_box.findData("OAK"))
    assert remembered_scope(sqlite_db.url) == ("OAK", YEAR)
    assert remembered_scope(sample_url) == ("OAK", last_year)  # untouched


def test_the_no_academies_hint_opens_settings_on_academies(
    qtbot: QtBot,
    tmp_path: Path,
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
) -> None:
    from PySide6.QtWidgets import QPushButton

    from consent_desk.gui.settings_dialog import SettingsDialog
    from consent_desk.services.trust import init_trust

    db = Database(f"sqlite:///{tmp_path / 'bare.sqlite3'}")
    init_trust(db, "Riverside Learning Trust")  # a trust with no academy yet
    w = open_window(db)
    [button] = [b for b in w.learners.findChildren(QPushButton) if b.text() == "Settings…"]
    dialogs.patch(SettingsDialog)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    d = dialogs.last(SettingsDialog)
    assert isinstance(d, SettingsDialog)
    assert d.tabs.tabText(d.tabs.currentIndex()).replace("&", "") == "Academies"
    db.dispose()
