"""Settings → Form questions: how the consent form asks about each use of images, in the
trust's words or the policy's ("Do you object to the academy and the trust using photographs
and video images of your child for …?")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)


def _clean(text: str) -> str:
    return " ".join(text.split())


class _Question(QGroupBox):
    def __init__(self, key: str, label: str, text: str, policy: str) -> None:
        super().__init__(label)
        self.key, self.policy, self.loaded = key, policy, _clean(text)
        self.edit = QPlainTextEdit(text)
        self.edit.setAccessibleName(f"Question for {label}")
        self.edit.setTabChangesFocus(True)
        lines = 3
        self.edit.setFixedHeight(self.edit.fontMetrics().lineSpacing() * lines + 14)
        self.state = QLabel()
        self.state.setEnabled(False)
        self.reset = QPushButton("Reset to the &policy wording")
        self.reset.setAutoDefault(False)
        self.reset.setToolTip(policy)
        self.reset.clicked.connect(lambda: self.edit.setPlainText(self.policy))
        self.edit.textChanged.connect(self._changed)
        row = QHBoxLayout()
        row.addWidget(self.state, 1)
        row.addWidget(self.reset)
        lay = QVBoxLayout(self)
        lay.addWidget(self.edit)
        lay.addLayout(row)
        self._changed()

    def text(self) -> str:
        return _clean(self.edit.toPlainText())

    def _changed(self) -> None:
        own = self.text() != _clean(self.policy)
        self.reset.setEnabled(own)
        self.state.setText("Your trust's wording." if own and self.text()
                           else "Blank: the policy's wording is printed." if not self.text()
                           else "The policy's wording.")


class FormQuestionsTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        note = QLabel("The question printed on the consent form for each use of images. A "
                      "parent ticks it to object, so keep each one a question answered by "
                      "“yes, I object”. Untouched, the form uses the policy's wording.")
        note.setWordWrap(True)
        self.rows: dict[str, _Question] = {}
        inner = QWidget()
        self.list = QVBoxLayout(inner)
        self.list.setContentsMargins(0, 0, 6, 0)
        self.reset_all = QPushButton("Reset &all to the policy wording")
        self.reset_all.setAutoDefault(False)
        self.reset_all.clicked.connect(self._reset_all)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        lay = QVBoxLayout(self)
        lay.addWidget(note)
        lay.addWidget(scroll, 1)
        lay.addWidget(self.reset_all, 0, Qt.AlignmentFlag.AlignRight)

    def load(self, questions: Sequence[Any], policy: dict[str, str]) -> None:
        for q in questions:
            row = _Question(q.key, q.label, q.question, policy.get(q.key, q.question))
            self.rows[q.key] = row
            self.list.addWidget(row)
        self.list.addStretch(1)

    def _reset_all(self) -> None:
        for row in self.rows.values():
            row.edit.setPlainText(row.policy)

    def changes(self) -> dict[str, str | None]:
        """The questions changed: the new wording, or None to follow the policy's."""
        out: dict[str, str | None] = {}
        for key, row in self.rows.items():
            text = row.text()
            if text == row.loaded:
                continue
            out[key] = None if not text or text == _clean(row.policy) else text
        return out
