"""What is wrong with a field, said right under it: a hidden row per field of a form, shown
with the service's refusal (a ``FieldError`` names its field), cleared when the person types."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from consent_desk.gui.errors import describe_error
from consent_desk.gui.theme import PROBLEM_STYLE
from consent_desk.services.errors import FieldError

GENERAL = ""  # the key of a problem that is about no one field


class FieldProblems:
    """Problem rows of one QFormLayout, each under the field it is about."""

    def __init__(self, form: QFormLayout) -> None:
        self.form = form
        self.labels: dict[str, QLabel] = {}
        self.fields: dict[str, QWidget] = {}

    def add(self, key: str, field: QWidget) -> QLabel:
        """A hidden problem row under ``field`` (call right after adding the field's row)."""
        label = QLabel()
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setStyleSheet(PROBLEM_STYLE)
        label.setAccessibleName(f"Problem with {field.accessibleName() or 'this form'}")
        self.form.addRow("", label)
        self.form.setRowVisible(label, False)
        self.labels[key], self.fields[key] = label, field
        if isinstance(field, QLineEdit):
            field.textEdited.connect(lambda _text, k=key: self.show(k, ""))
        elif isinstance(field, QComboBox):
            field.activated.connect(lambda _i, k=key: self.show(k, ""))
        return label

    def text(self, key: str) -> str:
        return self.labels[key].text()

    def show(self, key: str, text: str) -> None:
        """Show ``text`` under field ``key`` ("" hides it)."""
        label = self.labels.get(key, self.labels.get(GENERAL))
        if label is None:
            return
        label.setText(text)
        self.form.setRowVisible(label, bool(text))
        if text:
            QTimer.singleShot(0, lambda: _fit_height(label))

    def clear(self) -> None:
        for key in self.labels:
            self.show(key, "")

    def show_error(self, exc: BaseException) -> None:
        """Show a refusal under its field (else under the general row) and put the cursor
        in that field; every other problem is cleared."""
        self.clear()
        key = exc.field if isinstance(exc, FieldError) and exc.field in self.labels else GENERAL
        self.show(key, describe_error(exc))
        field = self.fields.get(key)
        if field is not None and field.isEnabled():
            field.setFocus()
            if isinstance(field, QLineEdit):
                field.selectAll()


def _fit_height(label: QLabel) -> None:
    """Let the window grow so a wrapped problem shows whole (once the layout has settled)."""
    window = label.window()
    if window is None or not window.isVisible() or window.isMaximized():
        return
    layout = window.layout()
    if layout is not None:
        layout.activate()
    width = window.width()
    needed = layout.totalHeightForWidth(width) if layout is not None else -1
    needed = max(needed, window.sizeHint().height())
    if needed > window.height():
        window.resize(width, needed)
