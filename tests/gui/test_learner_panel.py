"""The learner panel: answers per purpose, returns history, the safeguarding flag."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QInputDialog, QLabel
from pytestqt.qtbot import QtBot

from consent_desk.db.engine import Database
from consent_desk.domain.rules import Answer, Status
from consent_desk.gui import learner_panel
from consent_desk.gui.main_window import MainWindow
from consent_desk.gui.return_dialog import ReturnDialog
from consent_desk.services.audit import current_user_name
from consent_desk.services.consent import learner_statuses
from consent_desk.services.imports import import_returns
from consent_desk.services.learners import set_safeguarding
from consent_desk.services.returns import NewReturn, add_return, returns_for
from tests.conftest import SAMPLES
from tests.gui.conftest import SAMPLE_YEAR, DialogCatcher, audit_trail, shot

UPN = "L873210425392"  # refused the press in the sample returns


@pytest.fixture
def oakfield(oak_learners: Database) -> Database:
    import_returns(oak_learners, SAMPLES / "oakfield-returns-typed.xlsx", "OAK", SAMPLE_YEAR)
    return oak_learners


def _show(qtbot: QtBot, w: MainWindow, upn: str) -> learner_panel.LearnerPanel:
    with qtbot.waitSignal(w.panel.loaded, timeout=10000):
        qtbot.keyClicks(w.learners.search, upn)
        qtbot.keyClick(w.learners.search, Qt.Key.Key_Return)  # Enter: first match selected
    assert w.panel.detail is not None and w.panel.detail.upn == upn
    return w.panel


def test_panel_shows_answers_and_history(
    qtbot: QtBot,
    oakfield: Database,
    remember_scope: Callable[..., None],
    open_window: Callable[..., MainWindow],
) -> None:
    remember_scope("OAK", SAMPLE_YEAR)
    w = open_window(oakfield)
    panel = _show(qtbot, w, UPN)
    assert panel.badge.text() == "Restricted"
    form = panel.answers_form

    def text(row: int, role: QFormLayout.ItemRole) -> str:
        item = form.itemAt(row, role)
        widget = item.widget() if item is not None else None
        assert isinstance(widget, QLabel)
        return widget.text()

    label, field = QFormLayout.ItemRole.LabelRole, QFormLayout.ItemRole.FieldRole
    rows = {text(i, label): text(i, field) for i in range(form.rowCount()) if form.itemAt(i, label)}
    assert rows["Press:"] == "✘ Refused" and rows["Websites:"] == "✔ Consent"
    assert panel.history_box.title() == "Returns for 2025/26 (1)"
    [card] = _cards(panel)
    assert "<b>Objects to Press only</b>" in card and "Entered by test.office" in card


def _cards(panel: learner_panel.LearnerPanel) -> list[str]:
    """The text of each return card in the history, newest first."""
    out = []
    for i in range(panel.history.count()):
        item = panel.history.itemAt(i)
        widget = item.widget() if item is not None else None
        assert widget is not None
        label = widget.findChild(QLabel) if not isinstance(widget, QLabel) else widget
        assert label is not None
        out.append(label.text())
    return out


def test_each_carers_latest_return_is_theirs_and_a_mistake_is_voided(
    qtbot: QtBot,
    oakfield: Database,
    remember_scope: Callable[..., None],
    open_window: Callable[..., MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lid = next(r.learner_id for r in learner_statuses(oakfield, "OAK", SAMPLE_YEAR) if r.upn == UPN)
    everything = ("internal", "website", "social_media", "print", "press", "video")
    add_return(
        oakfield,
        NewReturn(
            lid,
            SAMPLE_YEAR,
            dict.fromkeys(everything, Answer.CONSENT),
            datetime(2025, 10, 1, 9),
            "Priya Wang",
        ),
        "office",
    )
    # keyed for the wrong child: Priya objects to everything
    add_return(
        oakfield,
        NewReturn(
            lid,
            SAMPLE_YEAR,
            dict.fromkeys(everything, Answer.REFUSE),
            datetime(2025, 10, 2, 9),
            "Priya Wang",
        ),
        "office",
    )
    remember_scope("OAK", SAMPLE_YEAR)
    w = open_window(oakfield)
    panel = _show(qtbot, w, UPN)
    assert panel.badge.text() == "NO IMAGES"
    first_carer = returns_for(oakfield, lid, SAMPLE_YEAR)[-1].respondent
    cards = _cards(panel)
    assert len(cards) == 3
    # each respondent's latest return is tagged as theirs; never one "latest" for the child
    assert "latest from Priya Wang" in cards[0] and "latest" not in cards[1]
    assert f"latest from {first_carer}" in cards[2]
    assert sum(c.count("latest") for c in cards) == 2
    shot(panel, "learner-panel-two-carers")

    wrong = returns_for(oakfield, lid, SAMPLE_YEAR)[0].id
    monkeypatch.setattr(
        QInputDialog, "getText", lambda *a, **k: ("keyed for the wrong child", True)
    )
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        qtbot.mouseClick(panel.void_buttons[wrong], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.badge.text() == "Restricted", timeout=10000)
    cards = _cards(panel)
    assert len(cards) == 3 and panel.history_box.title() == "Returns for 2025/26 (2, 1 void)"
    assert cards[0].startswith("<b>VOID</b> — voided by test.office on ")
    assert "“keyed for the wrong child”. Not counted." in cards[0]
    assert "latest from Priya Wang" in cards[1]  # her latest return that counts
    assert wrong not in panel.void_buttons  # a void return cannot be voided again
    shot(panel, "learner-panel-void")
    assert [e[1] for e in audit_trail(oakfield, "return")][-1] == "void"


def test_set_and_clear_the_safeguarding_flag(
    qtbot: QtBot,
    oakfield: Database,
    remember_scope: Callable[..., None],
    open_window: Callable[..., MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    remember_scope("OAK", SAMPLE_YEAR)
    w = open_window(oakfield)
    panel = _show(qtbot, w, UPN)
    assert not panel.show_reason.isVisibleTo(panel)
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("Court order", True))
    with qtbot.waitSignal(w.learners_loaded, timeout=10000):
        qtbot.mouseClick(panel.flag_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.detail is not None and panel.detail.safeguarding, timeout=10000)
    row = next(r for r in learner_statuses(oakfield, "OAK", SAMPLE_YEAR) if r.upn == UPN)
    assert row.status is Status.NO_IMAGES and row.safeguarding
    assert panel.badge.text() == "NO IMAGES"
    assert not panel.reason.isVisibleTo(panel)  # the reason stays hidden until asked for
    assert "Court order" not in panel.reason.text()
    assert "test.office" in panel.flag_state.text()
    # "Show reason" fetches it (and the viewing is audited)
    qtbot.mouseClick(panel.show_reason, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.reason.isVisibleTo(panel), timeout=10000)
    assert "Court order" in panel.reason.text()
    # clearing asks first
    monkeypatch.setattr(learner_panel, "confirm", lambda *a, **k: True)
    with qtbot.waitSignal(w.learners_loaded, timeout=10000):
        qtbot.mouseClick(panel.flag_button, Qt.MouseButton.LeftButton)
    row = next(r for r in learner_statuses(oakfield, "OAK", SAMPLE_YEAR) if r.upn == UPN)
    assert row.status is Status.RESTRICTED and not row.safeguarding


def test_a_concurrent_change_is_refused_with_a_message(
    qtbot: QtBot,
    oakfield: Database,
    remember_scope: Callable[..., None],
    open_window: Callable[..., MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    remember_scope("OAK", SAMPLE_YEAR)
    w = open_window(oakfield)
    panel = _show(qtbot, w, UPN)
    # another desk flags the learner after this panel was filled
    set_safeguarding(oakfield, panel.detail.learner_id, True, "other desk", "principal")
    shown: list[str] = []

    def conflict(parent: object, exc: BaseException, title: str | None = None) -> bool:
        shown.append(str(exc))
        return True  # the user presses "Reload"

    monkeypatch.setattr(learner_panel, "show_conflict", conflict)
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("mine", True))
    with qtbot.waitSignal(w.learners_loaded, timeout=10000):  # "Reload" reloads the table
        qtbot.mouseClick(panel.flag_button, Qt.MouseButton.LeftButton)
    assert "changed by principal" in shown[0] and "reload" in shown[0]
    assert current_user_name() == "test.office"
    # the panel now shows the other desk's change, and a new version to save against
    qtbot.waitUntil(lambda: panel.detail is not None and panel.detail.safeguarding, timeout=10000)
    assert "principal" in panel.flag_state.text()


def test_the_panel_follows_a_return_typed_in(
    qtbot: QtBot,
    oakfield: Database,
    remember_scope: Callable[..., None],
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
) -> None:
    remember_scope("OAK", SAMPLE_YEAR)
    w = open_window(oakfield)
    panel = _show(qtbot, w, UPN)
    assert panel.history_box.title().endswith("(1)")
    dialogs.patch(ReturnDialog)
    w.actions_.enter_return.trigger()  # Ctrl+N: the chosen learner is already picked
    d = dialogs.last(ReturnDialog)
    assert isinstance(d, ReturnDialog) and d.learner_id == panel.detail.learner_id
    with qtbot.waitSignal(w.learners_loaded, timeout=10000):
        qtbot.keyClick(d.grid, "n", Qt.KeyboardModifier.ShiftModifier)  # NO on every line
        qtbot.keyClick(d.limitation, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.history_box.title().endswith("(2)"), timeout=10000)
    assert panel.badge.text() == "Restricted"  # each parent's latest counts: press still refused


def test_names_with_apostrophes_and_markup_show_as_written(
    qtbot: QtBot,
    sqlite_db: Database,
    remember_scope: Callable[..., None],
    open_window: Callable[..., MainWindow],
) -> None:
    from consent_desk.services.learners import NewLearner, add_learner

    add_learner(
        sqlite_db,
        "OAK",
        NewLearner("O'Neill", "Séan", upn="A123456789012", reg_group="<b>4B</b>"),
        "t",
    )
    remember_scope("OAK")
    w = open_window(sqlite_db)
    panel = _show(qtbot, w, "A123456789012")
    assert panel.name.text() == "Séan O&#x27;Neill"  # rich text: shown as Séan O'Neill
    assert panel.name.textFormat() == Qt.TextFormat.RichText
    assert "&lt;b&gt;4B&lt;/b&gt;" in panel.facts.text()
