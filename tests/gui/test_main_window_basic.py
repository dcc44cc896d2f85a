"""The main window: academies and learners of the database, over SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot

from consent_desk.db.engine import Database
from consent_desk.gui.main_window import MainWindow
from consent_desk.services.learners import NewLearner, add_learner


def test_main_window_lists_learners(
    qtbot: QtBot, trust_db: Database, open_window: Callable[..., MainWindow]
) -> None:
    add_learner(trust_db, "OAK", NewLearner("Adeyemi", "Saanvi", reg_group="6Oak"), "t")
    add_learner(trust_db, "OAK", NewLearner("Byrne", "Olamide", reg_group="1Oak"), "t")
    w = open_window(trust_db)
    with qtbot.waitSignal(w.learners_loaded, timeout=10000):
        w.academy_box.setCurrentIndex(w.academy_box.findData("OAK"))
    assert w.learners.model.rowCount() == 2
    qtbot.keyClicks(w.learners.search, "byr")
    assert w.learners.model.rowCount() == 1
    assert w.learners.model.row_at(0).surname == "Byrne"
    assert w.counts_label.text().startswith("1 of 2 learners shown")
