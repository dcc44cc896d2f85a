"""After a change made at this desk, the screens that show the changed data refresh
themselves (no Refresh needed), and the ones that do not show it are left alone."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from consent_desk.db.engine import Database
from consent_desk.gui import history_dialog
from consent_desk.gui.context import Changes
from consent_desk.gui.dashboard import Dashboard
from consent_desk.gui.history_dialog import ImportHistoryDialog
from consent_desk.gui.main_window import MainWindow
from consent_desk.services.consent import learner_statuses
from consent_desk.services.imports import import_returns
from tests.conftest import SAMPLES
from tests.gui.conftest import SAMPLE_YEAR, DialogCatcher


@pytest.fixture
def oakfield(oak_learners: Database) -> Database:
    import_returns(oak_learners, SAMPLES / "oakfield-returns-typed.xlsx", "OAK", SAMPLE_YEAR)
    return oak_learners


def test_undoing_an_import_refreshes_the_dashboard_on_screen(
    qtbot: QtBot,
    oakfield: Database,
    remember_scope: Callable[..., None],
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    remember_scope("OAK", SAMPLE_YEAR)
    w = open_window(oakfield)
    w.actions_.tab_actions[2].trigger()  # Ctrl+3: the dashboard
    qtbot.waitUntil(lambda: isinstance(w.dashboard, Dashboard), timeout=5000)
    board = w.dashboard
    assert board is not None
    qtbot.waitUntil(lambda: board.data is not None, timeout=20000)
    on_roll = len(learner_statuses(oakfield, "OAK", SAMPLE_YEAR))
    assert board.data is not None and board.data.total.returns_received > 0
    # the office undoes the returns import from File → Import history, the dashboard showing
    dialogs.patch(ImportHistoryDialog)
    w.actions_.undo_import.trigger()
    d = dialogs.last(ImportHistoryDialog)
    assert isinstance(d, ImportHistoryDialog)
    qtbot.waitUntil(lambda: d.table.rowCount() == 2, timeout=10000)
    d.table.selectRow(0)  # the returns
    monkeypatch.setattr(history_dialog, "confirm", lambda *_a, **_k: True)
    with qtbot.waitSignal(board.loaded, timeout=20000):
        d.undo_button.click()
    # no Refresh pressed: every learner is outstanding again
    assert board.data is not None and board.data.total.returns_received == 0
    assert f"{on_roll:,} outstanding" in board.headline.text()


def test_a_change_refreshes_what_shows_it_and_leaves_the_learner_table_alone(
    qtbot: QtBot,
    oakfield: Database,
    remember_scope: Callable[..., None],
    open_window: Callable[..., MainWindow],
) -> None:
    """Recording a publication changes the take-down and confirm-the-list banners, not the
    learners: the table keeps its place (and is not read again on a slow network)."""
    remember_scope("OAK", SAMPLE_YEAR)
    w = open_window(oakfield)
    qtbot.waitUntil(lambda: w.learners.model.total > 0, timeout=10000)
    with (
        qtbot.waitSignal(w.publishing_loaded, timeout=10000),
        qtbot.assertNotEmitted(w.learners_loaded, wait=1000),
    ):
        w.ctx.data_changed.emit(Changes(publications=True))
    with (
        qtbot.waitSignal(w.stale_loaded, timeout=10000),
        qtbot.assertNotEmitted(w.publishing_loaded, wait=1000),
    ):
        w.ctx.changed(sheets=True)  # a sheet printed: only "reprint needed" is read again
    # a return saved: the table, the banners and the sheets all read again
    with qtbot.waitSignals([w.learners_loaded, w.publishing_loaded, w.stale_loaded], timeout=20000):
        w.ctx.changed(returns=True)
