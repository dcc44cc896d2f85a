"""Names and other user text are shown as typed: never as a link, a picture or hidden text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
)
from pytestqt.qtbot import QtBot

from consent_desk.gui import errors, plain_text
from consent_desk.gui.plain_text import PlainToolTips, tooltip_html
from consent_desk.services.errors import Conflict

HOSTILE_NAME = '<a href="https://example.org">Bob</a> <img src="x"><b>Smith</b>'


def _labels(box: QMessageBox) -> list[QLabel]:
    return [label for label in box.findChildren(QLabel) if label.text()]


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[QMessageBox]:
    shown: list[QMessageBox] = []

    def exec_(box: QMessageBox) -> int:
        shown.append(box)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return shown


def test_the_changed_by_someone_else_box_shows_the_name_as_text(
    qtbot: QtBot, boxes: list[QMessageBox]
) -> None:
    errors.show_conflict(None, Conflict(f"{HOSTILE_NAME} was changed by Jo at 10:02"))
    (box,) = boxes
    assert box.textFormat() == Qt.TextFormat.PlainText
    label = next(lb for lb in _labels(box) if "Bob" in lb.text())
    assert label.textFormat() == Qt.TextFormat.PlainText and HOSTILE_NAME in label.text()


@pytest.mark.parametrize("show", ["error", "info", "confirm"])
def test_every_message_box_is_plain_text(qtbot: QtBot, boxes: list[QMessageBox], show: str) -> None:
    if show == "error":
        errors.show_error(None, Conflict(HOSTILE_NAME))
    elif show == "info":
        errors.show_info(None, HOSTILE_NAME)
    else:
        errors.confirm(None, HOSTILE_NAME, details=HOSTILE_NAME)
    (box,) = boxes
    assert all(lb.textFormat() == Qt.TextFormat.PlainText for lb in _labels(box))


def test_a_tooltip_that_looks_like_html_is_shown_as_typed(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(plain_text.QToolTip, "showText", lambda pos, text, *a: shown.append(text))
    button = QPushButton("x")
    button.setToolTip(HOSTILE_NAME)
    table = QTableWidget(1, 1)
    item = QTableWidgetItem("cell")
    item.setToolTip("Limitation: <i>first name only</i>")
    table.setItem(0, 0, item)
    for w in (button, table):
        qtbot.addWidget(w)
        w.show()
    tips = PlainToolTips()
    at = QPoint(2, 2)
    assert tips.eventFilter(button, QHelpEvent(QEvent.Type.ToolTip, at, button.mapToGlobal(at)))
    cell_at = table.visualItemRect(item).center()
    viewport = table.viewport()
    event = QHelpEvent(QEvent.Type.ToolTip, cell_at, viewport.mapToGlobal(cell_at))
    assert tips.eventFilter(viewport, event)
    assert shown == [tooltip_html(HOSTILE_NAME), tooltip_html("Limitation: <i>first name only</i>")]
    assert "&lt;a href=" in shown[0] and "<a " not in shown[0]
    plain = QPushButton("y")
    plain.setToolTip("An ordinary tip")
    qtbot.addWidget(plain)
    assert not tips.eventFilter(plain, QHelpEvent(QEvent.Type.ToolTip, at, at))  # Qt shows it


def test_the_app_installs_the_tooltip_filter(qtbot: QtBot) -> None:
    from consent_desk.gui.app import configure_application

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    configure_application(app)
    configure_application(app)
    assert len(app.findChildren(PlainToolTips)) == 1


def test_a_database_refusal_is_one_sentence_with_what_to_do() -> None:
    from sqlalchemy.exc import IntegrityError

    raw = IntegrityError(
        "INSERT INTO academic_year (label) VALUES (?)", ("2025/26",),
        Exception("UNIQUE constraint failed: academic_year.label"),
    )  # fmt: skip
    text = errors.describe_error(raw)
    assert "INSERT INTO" not in text and "\n" not in text
    assert "saved by someone else at the same moment" in text and "try again" in text
