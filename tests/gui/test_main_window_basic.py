"""The first main window: academies and learners of the database."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from consent_desk.db.engine import Database
from consent_desk.gui.main_window import MainWindow
from consent_desk.services.learners import NewLearner, add_learner


def test_main_window_lists_learners(qtbot: QtBot, trust_db: Database) -> None:
    add_learner(trust_db, "OAK", NewLearner("Adeyemi", "Saanvi", reg_group="6Oak"), "t")
    add_learner(trust_db, "OAK", NewLearner("Byrne", "Olamide", reg_group="1Oak"), "t")
    w = MainWindow(trust_db)
    qtbot.addWidget(w)
    i = w.academy_box.findData("OAK")
    w.academy_box.setCurrentIndex(i)
    assert w.model.rowCount() == 2
    qtbot.keyClicks(w.search, "byr")
    assert w.model.rowCount() == 1
    assert w.model.row_at(0).surname == "Byrne"
    assert "1 learner shown" in w.statusBar().currentMessage()
