"""Settings → Form questions: how the consent form asks about each use of images, in the
trust's words or the policy's ("Do you object to the academy and the trust using photographs
and video images of your child for …?"), and what the trust's own question asks — an objection
or consent — which decides what its YES box means on the form and on the entry screen."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
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

from consent_desk.domain.consent_forms import COLUMNS, Wording, wording_conflict

if TYPE_CHECKING:
    from consent_desk.domain.consent_forms import FormQuestion


def _clean(text: str) -> str:
    return " ".join(text.split())


class _Question(QGroupBox):
    def __init__(
        self, key: str, label: str, text: str, policy: str, wording: Wording = Wording.OBJECTION
    ) -> None:
        super().__init__(label)
        self.key, self.policy, self.loaded = key, policy, _clean(text)
        self.loaded_wording = wording
        self.wording = QComboBox()
        for w in Wording:
            yes, no = COLUMNS[w]
            asks = "objects" if w is Wording.OBJECTION else "consents"
            self.wording.addItem(
                f"It asks whether the parent {asks}: "
                f"{yes.head} = “{yes.means}”, {no.head} = “{no.means}”",
                w,
            )
        self.wording.setCurrentIndex(self.wording.findData(wording))
        self.wording.setAccessibleName(f"What the question for {label} asks")
        self.wording.currentIndexChanged.connect(self._changed)
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
        self.reset.clicked.connect(self._reset)
        self.edit.textChanged.connect(self._changed)
        row = QHBoxLayout()
        row.addWidget(self.state, 1)
        row.addWidget(self.reset)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #a00000;")
        lay = QVBoxLayout(self)
        lay.addWidget(self.edit)
        lay.addWidget(self.wording)
        lay.addWidget(self.problem)
        lay.addLayout(row)
        self._changed()

    def text(self) -> str:
        return _clean(self.edit.toPlainText())

    def chosen_wording(self) -> Wording:
        return Wording(self.wording.currentData())

    def _reset(self) -> None:
        self.edit.setPlainText(self.policy)
        self.wording.setCurrentIndex(self.wording.findData(Wording.OBJECTION))

    def _changed(self) -> None:
        own = bool(self.text()) and self.text() != _clean(self.policy)
        self.reset.setEnabled(own or self.chosen_wording() is not Wording.OBJECTION)
        self.wording.setEnabled(own)  # the policy's question is an objection
        if not own and self.chosen_wording() is not Wording.OBJECTION:
            self.wording.setCurrentIndex(self.wording.findData(Wording.OBJECTION))
        self.state.setText(
            "Your trust's wording."
            if own
            else "Blank: the policy's wording is printed."
            if not self.text()
            else "The policy's wording."
        )
        why = wording_conflict(self.text(), self.chosen_wording()) if own else None
        self.problem.setText(f"Cannot be saved like this: {why}." if why else "")
        self.problem.setVisible(bool(why))


class FormQuestionsTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        note = QLabel(
            "The question printed on the consent form for each use of images. A "
            "parent ticks YES or NO. Say below what your own wording asks — whether "
            "the parent objects, or consents — so that the form's YES box, and the "
            "entry screen's, mean what the words ask. Untouched, the form uses the "
            "policy's wording (“Do you object …?”: YES = I object)."
        )
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

    def load(self, questions: Sequence[FormQuestion], policy: dict[str, str]) -> None:
        for q in questions:
            row = _Question(
                q.key,
                q.label,
                q.question,
                policy.get(q.key, q.question),
                getattr(q, "wording", Wording.OBJECTION),
            )
            self.rows[q.key] = row
            self.list.addWidget(row)
        self.list.addStretch(1)

    def _reset_all(self) -> None:
        for row in self.rows.values():
            row._reset()

    def wording_changes(self) -> dict[str, Wording]:
        """What the trust's own questions ask, where that changed."""
        return {
            key: row.chosen_wording()
            for key, row in self.rows.items()
            if row.chosen_wording() is not row.loaded_wording
        }

    def changes(self) -> dict[str, str | None]:
        """The questions changed: the new wording, or None to follow the policy's."""
        out: dict[str, str | None] = {}
        for key, row in self.rows.items():
            text = row.text()
            if text == row.loaded:
                continue
            out[key] = None if not text or text == _clean(row.policy) else text
        return out
