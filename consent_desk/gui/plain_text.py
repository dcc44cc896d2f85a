"""User text is shown as it was typed, never read as markup.

Qt guesses: a label, message box or tooltip whose text looks like HTML (``<b>``, ``<a href>``,
``<img>``) is drawn as HTML. A learner's, group's, sheet's or academy's name comes from a file
or a person, so it could hide text, draw a link or change a message. Labels and message boxes
that show such text say ``PlainText``; every tooltip goes through :class:`PlainToolTips`, which
shows the text exactly as it is (no tooltip of the app is meant as HTML). It also wraps a long
tooltip (a parent's limitation of a few hundred characters), which Qt would show as one line wider
than the screen.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QAbstractItemView, QLabel, QMessageBox, QToolTip, QWidget

LONG_TIP = 100  # characters: a longer tooltip is wrapped into lines


def plain_label(text: str = "", *, wrap: bool = False) -> QLabel:
    """A label whose text is never read as markup."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    return label


def message_box(
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    buttons: QMessageBox.StandardButton,
    parent: QWidget | None,
) -> QMessageBox:
    """A message box whose text (and informative text) is shown as plain text."""
    box = QMessageBox(icon, title, "", buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    return box


def tooltip_html(text: str) -> str:
    """``text`` as a tooltip shows it, character for character (line breaks kept)."""
    return f"<p style='white-space:pre-wrap'>{escape(text)}</p>"


def _tooltip_of(obj: QObject, event: QHelpEvent) -> str:
    parent = obj.parent()
    if isinstance(parent, QAbstractItemView) and obj is parent.viewport():
        index = parent.indexAt(event.pos())
        data: Any = index.data(Qt.ItemDataRole.ToolTipRole) if index.isValid() else None
        return data if isinstance(data, str) else ""
    return obj.toolTip() if isinstance(obj, QWidget) else ""


class PlainToolTips(QObject):
    """Application-wide: a tooltip that Qt would read as markup is shown as plain text, and a
    long one is wrapped (Qt wraps a tooltip only when it is rich text)."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = _tooltip_of(obj, event)
            if text and ("<" in text or "&" in text or len(text) > LONG_TIP):
                widget = obj if isinstance(obj, QWidget) else None
                QToolTip.showText(event.globalPos(), tooltip_html(text), widget)
                return True
        return False


def install_plain_tooltips(app: QObject) -> PlainToolTips:
    """Install the tooltip filter on ``app`` once (kept alive as the app's child)."""
    existing = app.findChild(PlainToolTips)
    if isinstance(existing, PlainToolTips):
        return existing
    tips = PlainToolTips(app)
    app.installEventFilter(tips)
    return tips
