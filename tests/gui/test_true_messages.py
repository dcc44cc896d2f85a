"""Messages that say what is true: the window's title, the review queue's count and the word
that a review row was dealt with."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from consent_desk import APP_NAME
from consent_desk.db.engine import Database
from consent_desk.gui.main_window import MainWindow
from consent_desk.services.consent import learner_statuses
from consent_desk.services.imports import import_returns
from consent_desk.services.learner_import import import_learners
from consent_desk.services.review import dismiss, list_reviews, reopen
from tests.conftest import SAMPLES
from tests.gui.conftest import SAMPLE_YEAR, YEAR, DialogCatcher, shot
from tests.gui.test_import_wizard import _choose_file, _open, _run_to_result
from tests.gui.test_review_queue import _review_tab

RETURNS = SAMPLES / "hillgate-returns-msforms.xlsx"


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


@pytest.fixture
def hillgate(sqlite_db: Database) -> Database:
    """Hillgate's learners and returns: rows 633, 771 and 802 wait for review."""
    import_learners(sqlite_db, SAMPLES / "hillgate-learners-bromcom.xlsx", "HGH")
    report = import_returns(sqlite_db, RETURNS, "HGH", SAMPLE_YEAR)
    assert sorted(r["row"] for r in report.needs_review) == [633, 771, 802]
    return sqlite_db


def test_resolving_a_row_says_done_and_where_the_row_went(
    qtbot: QtBot,
    hillgate: Database,
    remember_scope: Callable[..., None],
    open_window: Callable[..., MainWindow],
) -> None:
    remember_scope("HGH", SAMPLE_YEAR)
    w = open_window(hillgate)
    screen = _review_tab(qtbot, w)
    row = next(i for i in screen.model.items if i.row == 771)
    screen.table.selectRow(screen.model.row_of(row.id) or 0)
    best = screen.candidates.candidate(0)

    def status_label() -> str:  # the learner's status by the rules, as the list shows it
        (r,) = [r for r in learner_statuses(hillgate, "HGH", SAMPLE_YEAR)
                if r.learner_id == best.learner_id]  # fmt: skip
        return r.status.label

    before = status_label()
    with qtbot.waitSignal(w.learners_loaded, timeout=10000):
        qtbot.keyClick(screen.cand_table, Qt.Key.Key_Return)  # "This is the learner"
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2, timeout=10000)
    said = screen.done_note.text()
    assert screen.done_note.isVisible()
    assert said.startswith(f"✓ Row 771 of {RETURNS.name}: return added for {best.name}")
    assert "left the queue" in said
    # and what it changed
    after = status_label()
    assert before != after and f"{best.name} ({before} → {after})." in said, said
    short = f"✓ Row 771: return added for {best.name}"
    qtbot.waitUntil(lambda: w.statusBar().currentMessage() == short, timeout=5000)
    shot(w, "review-row-resolved")
    assert w.tabs.tabText(1).replace("&", "") == "Review queue (2)"


def test_after_an_import_the_count_is_what_waits_in_the_queue(
    qtbot: QtBot,
    hillgate: Database,
    remember_scope: Callable[..., None],
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for item in list_reviews(hillgate, "HGH", SAMPLE_YEAR):  # all three decided already
        dismiss(hillgate, item.id, "Not a learner at this academy", "test.office")
    remember_scope("HGH", SAMPLE_YEAR)
    w = open_window(hillgate)
    assert w.tabs.tabText(1).replace("&", "") == "Review queue"  # none wait
    wizard = _open(w, dialogs, "returns")  # the same file imported again
    _choose_file(qtbot, wizard, RETURNS, monkeypatch)
    with qtbot.waitSignal(w.learners_loaded, timeout=30000):
        report = _run_to_result(qtbot, wizard)
    # the file's rows that cannot be matched were decided before: already there, none waits
    assert report.needs_review == [] and report.review_waiting == 0
    assert not wizard.result_page.review_button.isVisible()
    assert "the review queue now holds <b>0 rows</b>" in wizard.result_page.view.summary.text()
    assert "wait" not in w.statusBar().currentMessage()
    assert w.tabs.tabText(1).replace("&", "") == "Review queue"
    wizard.reject()

    reopen(hillgate, list_reviews(hillgate, "HGH", SAMPLE_YEAR, state=None)[0].id, "x", "t")
    wizard = _open(w, dialogs, "returns")
    _choose_file(qtbot, wizard, RETURNS, monkeypatch)
    with qtbot.waitSignal(w.learners_loaded, timeout=30000):
        report = _run_to_result(qtbot, wizard)
    assert report.review_waiting == 1
    button = wizard.result_page.review_button
    assert button.isVisible() and button.text().replace("&", "").endswith("(1 row waits)")
    qtbot.waitUntil(lambda: "1 row waits in the review queue" in w.statusBar().currentMessage())
    assert w.tabs.tabText(1).replace("&", "") == "Review queue (1)"
    wizard.reject()
