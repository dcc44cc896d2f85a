"""A paper return typed with the keyboard: find the learner, answer, Enter saves."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from consent_desk.db.engine import Database
from consent_desk.domain.rules import Answer, Status
from consent_desk.gui.main_window import MainWindow
from consent_desk.gui.return_dialog import ReturnDialog
from consent_desk.services.consent import learner_statuses
from consent_desk.services.returns import returns_for
from tests.gui.conftest import YEAR, DialogCatcher


def _dialog(dialogs: DialogCatcher, w: MainWindow) -> ReturnDialog:
    """Ctrl+N in the main window, as the office does."""
    dialogs.patch(ReturnDialog)
    w.actions_.enter_return.trigger()
    d = dialogs.last(ReturnDialog)
    assert isinstance(d, ReturnDialog)
    return d


class Keyboard:
    """Presses keys on whatever has the focus, counting them."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.count = 0

    def press(self, *keys: Qt.Key | str) -> None:
        for key in keys:
            widget = QApplication.focusWidget()
            assert widget is not None, "nothing has the keyboard focus"
            if isinstance(key, str):
                self.qtbot.keyClicks(widget, key)
                self.count += len(key)
            else:
                self.qtbot.keyClick(widget, key)
                self.count += 1


def _status(db: Database, upn: str) -> tuple[Status, tuple[str, ...], str | None]:
    row = next(r for r in learner_statuses(db, "OAK", YEAR) if r.upn == upn)
    return row.status, row.refused, row.limitation


def test_an_all_consent_return_takes_three_keystrokes_after_the_name(
        qtbot: QtBot, oak_learners: Database, remember_scope: Callable[[str], None],
        open_window: Callable[..., MainWindow],
        dialogs: DialogCatcher) -> None:
    remember_scope("OAK")
    w = open_window(oak_learners)
    d = _dialog(dialogs, w)
    keys = Keyboard(qtbot)
    assert QApplication.focusWidget() is d.picker.edit
    keys.press("kowalski harp")  # part of the name, words in any order
    keys.count = 0  # the keystrokes counted start after the name
    with qtbot.waitSignal(d.saved, timeout=10000):
        keys.press(Qt.Key.Key_Return, "a", Qt.Key.Key_Return)
    assert keys.count == 3 <= 10
    assert _status(oak_learners, "E873210425386") == (Status.NO_RESTRICTION, (), None)
    [ret] = returns_for(oak_learners, d_learner(oak_learners, "E873210425386"), YEAR)
    assert ret.method == "paper" and ret.entered_by == "test.office"
    assert set(ret.answers.values()) == {Answer.CONSENT}
    # ready for the next form of the pile
    assert QApplication.focusWidget() is d.picker.edit
    assert "Saved" in d.feedback.text() and "Harpreet Kowalski" in d.feedback.text()


def d_learner(db: Database, upn: str) -> int:
    return next(r.learner_id for r in learner_statuses(db, "OAK", YEAR) if r.upn == upn)


def test_yes_no_per_purpose_with_a_limitation(
        qtbot: QtBot, oak_learners: Database, remember_scope: Callable[[str], None],
        open_window: Callable[..., MainWindow],
        dialogs: DialogCatcher) -> None:
    remember_scope("OAK")
    w = open_window(oak_learners)
    d = _dialog(dialogs, w)
    keys = Keyboard(qtbot)
    keys.press("ivy evans")
    keys.count = 0
    # internal Y, website N, social media N, print Y, press N, video Y → limitation → Enter
    keys.press(Qt.Key.Key_Return, "ynnyny")
    assert QApplication.focusWidget() is d.limitation
    keys.press("group photos only")
    with qtbot.waitSignal(d.saved, timeout=10000):
        keys.press(Qt.Key.Key_Return)
    status, refused, limitation = _status(oak_learners, "U873210425387")
    assert status is Status.RESTRICTED
    assert set(refused) == {"website", "social_media", "press"}
    assert limitation == "group photos only"


def test_objects_to_all_is_one_key(qtbot: QtBot, oak_learners: Database,
                                   remember_scope: Callable[[str], None],
                                   open_window: Callable[..., MainWindow],
        dialogs: DialogCatcher) -> None:
    remember_scope("OAK")
    w = open_window(oak_learners)
    d = _dialog(dialogs, w)
    keys = Keyboard(qtbot)
    keys.press("frankie brown")
    keys.count = 0
    with qtbot.waitSignal(d.saved, timeout=10000):
        keys.press(Qt.Key.Key_Return, "o", Qt.Key.Key_Return)
    assert keys.count == 3
    assert _status(oak_learners, "H873210425388")[0] is Status.NO_IMAGES
    # the main window reloads and shows the new status
    qtbot.waitUntil(lambda: any(r.upn == "H873210425388" and r.status is Status.NO_IMAGES
                                for r in w.learners.model.all_rows()), timeout=10000)


def test_enter_without_a_learner_saves_nothing(qtbot: QtBot, oak_learners: Database,
                                               remember_scope: Callable[[str], None],
                                               open_window: Callable[..., MainWindow],
        dialogs: DialogCatcher) -> None:
    remember_scope("OAK")
    w = open_window(oak_learners)
    d = _dialog(dialogs, w)
    d.save()
    assert "Choose the learner" in d.feedback.text()
    assert all(r.returns == 0 for r in learner_statuses(oak_learners, "OAK", YEAR))
