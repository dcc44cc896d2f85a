"""The dashboard's figures, and undoing an import from the import history."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from consent_desk.db.engine import Database
from consent_desk.domain.rules import Status
from consent_desk.gui import history_dialog
from consent_desk.gui.dashboard import Dashboard
from consent_desk.gui.history_dialog import ImportHistoryDialog
from consent_desk.gui.main_window import MainWindow
from consent_desk.services.batches import list_batches
from consent_desk.services.consent import learner_statuses
from consent_desk.services.imports import import_returns
from tests.conftest import SAMPLES
from tests.gui.conftest import SAMPLE_YEAR, DialogCatcher, item_text


@pytest.fixture
def oakfield(oak_learners: Database) -> Database:
    import_returns(oak_learners, SAMPLES / "oakfield-returns-typed.xlsx", "OAK", SAMPLE_YEAR)
    return oak_learners


def test_dashboard_counts_match_the_database(
    qtbot: QtBot,
    oakfield: Database,
    remember_scope: Callable[..., None],
    open_window: Callable[..., MainWindow],
) -> None:
    remember_scope("OAK", SAMPLE_YEAR)
    w = open_window(oakfield)
    w.actions_.tab_actions[2].trigger()  # Ctrl+3
    qtbot.waitUntil(lambda: isinstance(w.dashboard, Dashboard), timeout=5000)
    board = w.dashboard
    assert board is not None
    qtbot.waitUntil(lambda: board.data is not None, timeout=20000)
    assert board.data is not None
    rows = learner_statuses(oakfield, "OAK", SAMPLE_YEAR)
    received = sum(1 for r in rows if r.returns)
    assert board.data.total.on_roll == len(rows)
    assert board.data.total.returns_received == received
    assert f"{len(rows) - received:,} outstanding" in board.headline.text()
    m = board.table.model_
    groups = {r.reg_group for r in rows}
    assert m.rowCount() == len(groups) + 1  # and the totals row
    for row in range(len(groups)):
        group = m.index(row, 0).data()
        in_group = [r for r in rows if r.reg_group == group]
        returned = sum(1 for r in in_group if r.returns)
        assert m.index(row, 1).data() == f"{len(in_group):,}"
        assert m.index(row, 2).data().startswith(f"{returned:,} (")
    by_status = {b.label: b.value for b in board.status_chart.bars}
    assert by_status["NO IMAGES"] == sum(1 for r in rows if r.status is Status.NO_IMAGES)
    with qtbot.waitSignal(board.loaded, timeout=20000):
        board.scope.setCurrentIndex(board.scope.findData("trust"))  # the whole trust, by academy
    assert [p.code for p in board.data.parts] == ["HGH", "OAK"]


def test_undo_an_import_from_the_history(
    qtbot: QtBot,
    oakfield: Database,
    remember_scope: Callable[..., None],
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    remember_scope("OAK", SAMPLE_YEAR)
    w = open_window(oakfield)
    dialogs.patch(ImportHistoryDialog)
    w.actions_.undo_import.trigger()
    d = dialogs.last(ImportHistoryDialog)
    assert isinstance(d, ImportHistoryDialog)
    qtbot.waitUntil(lambda: d.table.rowCount() == 2, timeout=10000)
    d.table.selectRow(1)  # the learner list: can be undone too
    assert d.undo_button.isEnabled()
    d.table.selectRow(0)  # the returns
    assert d.undo_button.isEnabled()
    asked: list[str] = []

    def confirm(_parent: object, text: str, *args: object, **kwargs: object) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(history_dialog, "confirm", confirm)
    imported = list_batches(oakfield, "OAK")[0].counts["imported"]
    with qtbot.waitSignal(w.learners_loaded, timeout=10000):
        d.undo_button.click()
    # the confirmation says how many answers go (no other import holds any of them)
    [question] = asked
    assert f"This removes {imported} answers (returns) and" in question
    assert "stay because" not in question
    assert all(r.returns == 0 for r in learner_statuses(oakfield, "OAK", SAMPLE_YEAR))
    assert list_batches(oakfield, "OAK")[0].undone_at is not None
    qtbot.waitUntil(
        lambda: d.table.rowCount() > 0 and item_text(d.table, 0, 6).startswith("Undone"),
        timeout=10000,
    )
