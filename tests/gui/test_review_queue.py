"""The review queue: a row resolved in one click, another dismissed with a reason."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from consent_desk.db.engine import Database
from consent_desk.domain.rules import Status
from consent_desk.gui import review_screen
from consent_desk.gui.main_window import MainWindow
from consent_desk.gui.review_screen import ReviewScreen
from consent_desk.services.consent import learner_statuses
from consent_desk.services.imports import import_returns
from consent_desk.services.learner_import import import_learners
from consent_desk.services.returns import returns_for
from consent_desk.services.review import list_reviews
from tests.conftest import SAMPLES
from tests.gui.conftest import SAMPLE_YEAR, shot


@pytest.fixture
def hillgate(sqlite_db: Database) -> Database:
    import_learners(sqlite_db, SAMPLES / "hillgate-learners-bromcom.xlsx", "HGH")
    report = import_returns(
        sqlite_db, SAMPLES / "hillgate-returns-msforms.xlsx", "HGH", SAMPLE_YEAR
    )
    assert sorted(r["row"] for r in report.needs_review) == [633, 771, 802]
    return sqlite_db


def _review_tab(qtbot: QtBot, w: MainWindow) -> ReviewScreen:
    w.actions_.tab_actions[1].trigger()  # Ctrl+2
    qtbot.waitUntil(lambda: w.review is not None)
    screen = w.review
    assert isinstance(screen, ReviewScreen)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 3, timeout=10000)
    return screen


def _select(screen: ReviewScreen, row_number: int) -> None:
    screen.table.selectRow(
        screen.model.row_of(next(i.id for i in screen.model.items if i.row == row_number)) or 0
    )


def test_resolve_a_row_in_one_click(
    qtbot: QtBot,
    hillgate: Database,
    remember_scope: Callable[..., None],
    open_window: Callable[..., MainWindow],
    qtmodeltester: ModelTester,
) -> None:
    remember_scope("HGH", SAMPLE_YEAR)
    w = open_window(hillgate)
    assert w.tabs.tabText(1).replace("&", "") == "Review queue (3)"
    screen = _review_tab(qtbot, w)
    qtmodeltester.check(screen.model)
    _select(screen, 771)  # Hugo Chowdhury: the group matches, the date of birth differs
    assert screen.candidates.rowCount() >= 1
    qtmodeltester.check(screen.candidates)
    best = screen.candidates.candidate(0)
    assert "Hugo" in best.name
    before = len(returns_for(hillgate, best.learner_id, SAMPLE_YEAR))
    with qtbot.waitSignal(screen.decided, timeout=10000):
        qtbot.mouseClick(screen.resolve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2, timeout=10000)
    assert len(returns_for(hillgate, best.learner_id, SAMPLE_YEAR)) == before + 1
    states = {r.row: r.state for r in list_reviews(hillgate, "HGH", SAMPLE_YEAR, state=None)}
    assert states == {633: "open", 771: "resolved", 802: "open"}
    qtbot.waitUntil(lambda: w.tabs.tabText(1).replace("&", "") == "Review queue (2)")
    assert any(
        r.learner_id == best.learner_id and r.returns == before + 1
        for r in learner_statuses(hillgate, "HGH", SAMPLE_YEAR)
    )


def test_dismiss_a_row_with_a_reason(
    qtbot: QtBot,
    hillgate: Database,
    remember_scope: Callable[..., None],
    open_window: Callable[..., MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    remember_scope("HGH", SAMPLE_YEAR)
    w = open_window(hillgate)
    screen = _review_tab(qtbot, w)
    _select(screen, 633)
    asked: list[str] = []

    def get_item(parent: object, title: str, label: str, *args: object) -> tuple[str, bool]:
        asked.append(label)
        return "Not a learner at this academy", True

    warned: list[str] = []
    answer = [False]

    def confirm(parent: object, text: str, title: str = "", **kw: str) -> bool:
        warned.append(kw.get("details", ""))
        return answer[0]

    monkeypatch.setattr(review_screen.QInputDialog, "getItem", get_item)
    monkeypatch.setattr(review_screen, "confirm", confirm)
    item = screen.current_item()
    assert item is not None and item.row == 633
    refused = [k for k, v in item.data["answers"].items() if v == "refuse"]
    assert refused  # the row objects to something: dismissing it is warned about
    qtbot.mouseClick(screen.dismiss_button, Qt.MouseButton.LeftButton)
    assert "row 633" in asked[0]
    qtbot.waitUntil(lambda: bool(warned), timeout=10000)
    [warning] = warned
    assert warning.startswith(f"This form ({item.summary}) says the parent objects to ")
    assert "that objection is recorded nowhere" in warning
    # the likeliest child already has a return consenting to every use: dismissing this form
    # leaves them off the list altogether
    best = item.candidates[0]
    [status] = [
        r.status
        for r in learner_statuses(hillgate, "HGH", SAMPLE_YEAR)
        if r.learner_id == best.learner_id
    ]
    assert status is Status.NO_RESTRICTION
    assert (
        f"for the likeliest match, {best.name}: not on the list at all — every use allowed"
    ) in warning
    assert screen.model.rowCount() == 3  # not dismissed: the person said no
    answer[0] = True
    with qtbot.waitSignal(screen.decided, timeout=10000):
        qtbot.mouseClick(screen.dismiss_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2, timeout=10000)
    [item] = [r for r in list_reviews(hillgate, "HGH", SAMPLE_YEAR, state=None) if r.row == 633]
    assert item.state == "dismissed" and item.dismiss_reason == "Not a learner at this academy"
    assert item.decided_by == "test.office"


def test_choose_another_learner(
    qtbot: QtBot,
    hillgate: Database,
    remember_scope: Callable[..., None],
    open_window: Callable[..., MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    remember_scope("HGH", SAMPLE_YEAR)
    w = open_window(hillgate)
    screen = _review_tab(qtbot, w)
    _select(screen, 802)
    target = w.learners.model.all_rows()[5]

    def pick(dialog: review_screen.PickLearnerDialog) -> int:
        dialog.picker.edit.setText(f"{target.forename} {target.surname} {target.upn}")
        qtbot.keyClick(dialog.picker.edit, Qt.Key.Key_Return)
        return int(dialog.result())

    monkeypatch.setattr(review_screen.PickLearnerDialog, "exec", pick)
    with qtbot.waitSignal(screen.decided, timeout=10000):
        qtbot.mouseClick(screen.other_button, Qt.MouseButton.LeftButton)
    [item] = [r for r in list_reviews(hillgate, "HGH", SAMPLE_YEAR, state=None) if r.row == 802]
    assert item.state == "resolved"
    assert len(returns_for(hillgate, target.learner_id, SAMPLE_YEAR)) >= 1


def test_reopen_a_resolved_row_voids_its_return(
    qtbot: QtBot,
    hillgate: Database,
    remember_scope: Callable[..., None],
    open_window: Callable[..., MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    remember_scope("HGH", SAMPLE_YEAR)
    w = open_window(hillgate)
    screen = _review_tab(qtbot, w)
    _select(screen, 771)
    best = screen.candidates.candidate(0)
    before = len([r for r in returns_for(hillgate, best.learner_id, SAMPLE_YEAR) if not r.void])
    with qtbot.waitSignal(screen.decided, timeout=10000):
        qtbot.mouseClick(screen.resolve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2, timeout=10000)
    assert not screen.reopen_button.isVisible()
    # the decided rows are shown on request, and the resolved one can be reopened
    with qtbot.waitSignal(screen.loaded, timeout=10000):
        screen.show_decided.setChecked(True)
    assert screen.model.rowCount() == 3
    _select(screen, 771)
    assert screen.reopen_button.isVisible() and screen.reopen_button.isEnabled()
    assert not screen.dismiss_button.isEnabled() and not screen.resolve_button.isEnabled()
    shot(screen, "review-decided-row")
    asked: list[str] = []

    def get_text(parent: object, title: str, label: str, *a: object) -> tuple[str, bool]:
        asked.append(label)
        return "resolved to the wrong child", True

    monkeypatch.setattr(review_screen.QInputDialog, "getText", get_text)
    with qtbot.waitSignal(screen.decided, timeout=10000):
        qtbot.mouseClick(screen.reopen_button, Qt.MouseButton.LeftButton)
    assert "Its return is voided" in asked[0]
    states = {r.row: r.state for r in list_reviews(hillgate, "HGH", SAMPLE_YEAR, state=None)}
    assert states == {633: "open", 771: "open", 802: "open"}
    history = returns_for(hillgate, best.learner_id, SAMPLE_YEAR)
    assert len([r for r in history if not r.void]) == before
    [void] = [r for r in history if r.void]
    assert void.voided_by == "test.office" and "resolved to the wrong child" in (
        void.void_reason or ""
    )
    qtbot.waitUntil(lambda: w.tabs.tabText(1).replace("&", "") == "Review queue (3)")
