"""The main window as the office uses it: remembered choices, filters, counts, errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from pytestqt.qtbot import QtBot

from consent_desk.db.engine import Database
from consent_desk.domain.rules import Status
from consent_desk.gui import main_window
from consent_desk.gui.learner_model import STATUS
from consent_desk.gui.main_window import MainWindow
from consent_desk.services.consent import learner_statuses
from consent_desk.services.imports import import_returns
from tests.conftest import SAMPLES
from tests.gui.conftest import SAMPLE_YEAR


@pytest.fixture
def oakfield(oak_learners: Database) -> Database:
    import_returns(oak_learners, SAMPLES / "oakfield-returns-typed.xlsx", "OAK", SAMPLE_YEAR)
    return oak_learners


def test_academy_and_year_are_remembered(
    qtbot: QtBot, oakfield: Database, open_window: Callable[..., MainWindow]
) -> None:
    w = open_window(oakfield)
    with qtbot.waitSignal(w.learners_loaded, timeout=10000):
        w.academy_box.setCurrentIndex(w.academy_box.findData("OAK"))
    with qtbot.waitSignal(w.learners_loaded, timeout=10000):
        w.year_box.setCurrentIndex(w.year_box.findData(SAMPLE_YEAR))
    w.resize(1000, 650)
    w.close()
    again = open_window(oakfield)
    assert (again.ctx.academy, again.ctx.year) == ("OAK", SAMPLE_YEAR)
    assert again.learners.model.total == 372
    assert QSettings().value("main/geometry") is not None


def test_type_a_filter_and_see_the_counts(
    qtbot: QtBot,
    oakfield: Database,
    remember_scope: Callable[..., None],
    open_window: Callable[..., MainWindow],
) -> None:
    remember_scope("OAK", SAMPLE_YEAR)
    w = open_window(oakfield)
    rows = learner_statuses(oakfield, "OAK", SAMPLE_YEAR)
    assert w.counts_label.text().startswith(f"{len(rows)} of {len(rows)} learners shown")
    w.actions_.find.trigger()  # Ctrl+F
    assert w.learners.search.hasFocus()
    qtbot.keyClicks(w.learners.search, "3oak")
    in_group = [r for r in rows if r.reg_group == "3Oak"]
    assert w.learners.model.rowCount() == len(in_group)
    w.learners.status_box.setCurrentIndex(w.learners.status_box.findData("no_images"))
    want = [r for r in in_group if r.status is Status.NO_IMAGES]
    assert {r.learner_id for r in w.learners.model.visible_rows()} == {r.learner_id for r in want}
    assert w.counts_label.text().startswith(f"{len(want)} of {len(rows)} learners shown")
    assert f"NO IMAGES: {len(want)}" in w.counts_label.text()
    qtbot.keyClick(w.learners.search, Qt.Key.Key_Escape)  # Esc clears the filters
    assert w.learners.model.rowCount() == len(rows)
    # the year group filter narrows the registration groups offered
    w.learners.year_box.setCurrentIndex(w.learners.year_box.findData("R"))
    groups = {w.learners.group_box.itemData(i) for i in range(1, w.learners.group_box.count())}
    assert groups == {r.reg_group for r in rows if r.year_group == "R"}
    # a search that matches nobody says so
    qtbot.keyClicks(w.learners.search, "zzzz")
    assert w.learners.stack.currentIndex() == 2 and "zzzz" in w.learners.no_match.text()


def test_sorting_by_status_puts_no_images_first(
    qtbot: QtBot,
    oakfield: Database,
    remember_scope: Callable[..., None],
    open_window: Callable[..., MainWindow],
) -> None:
    remember_scope("OAK", SAMPLE_YEAR)
    w = open_window(oakfield)
    header = w.learners.table.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(STATUS) + 5, 5),
    )
    assert w.learners.model.row_at(0).status is Status.NO_IMAGES


def test_a_database_that_cannot_be_opened_is_a_message(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        main_window, "show_error", lambda parent, exc, title=None: shown.append(str(exc))
    )
    w = MainWindow(database_url="postgresql://nobody@127.0.0.1:1/none")
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.start_failed, timeout=30000) as failed:
        w.start()
    assert "the database server cannot be reached" in failed.args[0].lower()
    assert shown and "Traceback" not in failed.args[0]
    assert not w.actions_.enter_return.isEnabled()


def test_the_app_names_the_database_variable_like_the_engine() -> None:
    from consent_desk.db import engine
    from consent_desk.gui import app

    assert app.ENV_DATABASE == engine.ENV_DATABASE


def test_run_app_opens_the_window_and_its_database(
    qtbot: QtBot, oakfield: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real entry point: window first, database behind it, then the learners."""
    from PySide6.QtWidgets import QApplication

    from consent_desk.gui import app

    windows: list[MainWindow] = []

    def exec_() -> int:
        w = next(
            x
            for x in QApplication.topLevelWidgets()
            if isinstance(x, MainWindow) and x.database_url == oakfield.url
        )
        windows.append(w)
        qtbot.addWidget(w)
        qtbot.waitUntil(lambda: w.academy_box.count() == 2, timeout=20000)
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(exec_))
    assert app.run_app(oakfield.url) == 0
    assert windows[0].ctx.db is not None and windows[0].ctx.db.url == oakfield.url
