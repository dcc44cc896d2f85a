"""Messages that say what is true: the window's title, the review queue's count and the word
that a review row was dealt with."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from consent_desk import APP_NAME
from consent_desk.db.engine import Database
from consent_desk.gui.main_window import MainWindow
from tests.gui.conftest import YEAR


def test_the_title_names_the_academy_and_year_and_the_app_once(
    qtbot: QtBot,
    oak_learners: Database,
    remember_scope: Callable[..., None],
    open_window: Callable[..., MainWindow],
) -> None:
    remember_scope("OAK", YEAR)
    w = open_window(oak_learners)
    assert w.windowTitle() == f"Oakfield Primary Academy — {YEAR} — {APP_NAME}"
    # ending with the app's name, the system adds it no second time
    assert w.windowTitle().count(APP_NAME) == 1 and w.windowTitle().endswith(APP_NAME)
    w.academy_box.setFocus()
    with qtbot.waitSignal(w.learners_loaded, timeout=10000):
        up = w.academy_box.findData("HGH") < w.academy_box.currentIndex()
        qtbot.keyClick(w.academy_box, Qt.Key.Key_Up if up else Qt.Key.Key_Down)  # Hillgate
    assert w.windowTitle() == f"Hillgate High Academy — {YEAR} — {APP_NAME}"
