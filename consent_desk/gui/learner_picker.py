"""Find a learner by typing part of a name (any order), a UPN or a group; ↑/↓ and Enter pick."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from consent_desk.domain.listing import LearnerStatusRow
from consent_desk.gui.learner_model import PreparedRows, prepare
from consent_desk.gui.theme import PROBLEM_STYLE, status_text

Index = QModelIndex | QPersistentModelIndex
MAX_MATCHES = 50


def describe_learner(r: LearnerStatusRow) -> str:
    year = f"Year {r.year_group}" if r.year_group and r.year_group.isdigit() else r.year_group
    bits = [f"{r.surname}, {r.forename}"]
    group = " ".join(x for x in (r.reg_group, f"({year})" if year else None) if x)
    if group:
        bits.append(group)
    if r.dob:
        bits.append(f"born {r.dob:%d/%m/%Y}")
    bits.append(status_text(r.status))
    return " — ".join(bits)


class MatchModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[LearnerStatusRow] = []

    def set_rows(self, rows: list[LearnerStatusRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        r = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return describe_learner(r)
        if role == Qt.ItemDataRole.UserRole:
            return r.learner_id
        return None


class _SearchEdit(QLineEdit):
    """Up/Down move in the match list; Enter picks (and is not passed on to the dialog)."""

    step = Signal(int)
    pick = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self.step.emit(1 if key == Qt.Key.Key_Down else -1)
            event.accept()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.pick.emit()
            event.accept()
        else:
            super().keyPressEvent(event)


class LearnerPicker(QWidget):
    """With ``codes`` on, a consent form's code (scanned — a scanner types it and Enter — or
    typed) is handed on as ``code_entered`` instead of being searched for as a name."""

    picked = Signal(int)
    code_entered = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, codes: bool = False) -> None:
        super().__init__(parent)
        self.prepared: PreparedRows = prepare([])
        self.codes = codes
        self.edit = _SearchEdit()
        self.edit.setPlaceholderText(
            "Type part of the learner's name, a UPN or a group — or scan the form's code…"
            if codes
            else "Type part of the learner's name, a UPN or a group…"
        )
        self.edit.setAccessibleName("Find the learner")
        self.edit.setClearButtonEnabled(True)
        self.model = MatchModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setAccessibleName("Matching learners")
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setUniformItemSizes(True)
        self.list.setMinimumHeight(self.fontMetrics().height() * 7)
        # eight names at most: below it, the paper form's lines keep their full height
        self.list.setMaximumHeight(self.fontMetrics().height() * 9)
        self.message = QLabel()  # what became of a scanned code, said here and not in a popup
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAccessibleName("Form code")
        self.message.hide()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.edit)
        lay.addWidget(self.message)
        lay.addWidget(self.list)
        self.edit.textChanged.connect(self._search)
        self.edit.step.connect(self._move)
        self.edit.pick.connect(self._pick_current)
        self.list.clicked.connect(lambda i: self._pick_row(i.row()))

    def set_prepared(self, prepared: PreparedRows) -> None:
        self.prepared = prepared
        self._search(self.edit.text())

    def set_message(self, text: str, *, problem: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(PROBLEM_STYLE if problem else "")
        self.message.setVisible(bool(text))

    def is_code(self) -> bool:
        from consent_desk.domain.consent_forms import looks_like_code

        return self.codes and looks_like_code(self.edit.text())

    def _search(self, text: str) -> None:
        if self.is_code():
            self.model.set_rows([])
            self.set_message(
                "A consent form's code: press Enter to find the learner "
                "(a scanner presses it for you)."
            )
            return
        if self.codes and self.message.isVisible():
            self.set_message("")
        words = text.casefold().split()
        p = self.prepared
        if not words:
            self.model.set_rows([])
            return
        idx: list[int] = list(range(len(p.rows)))
        for w in words:
            idx = [i for i in idx if w in p.hay[i]]
        name_keys = p.keys[0]
        idx.sort(key=name_keys.__getitem__)
        self.model.set_rows([p.rows[i] for i in idx[:MAX_MATCHES]])
        if self.model.rows:
            self.list.setCurrentIndex(self.model.index(0, 0))

    def _move(self, step: int) -> None:
        n = self.model.rowCount()
        if not n:
            return
        row = min(max(self.list.currentIndex().row() + step, 0), n - 1)
        self.list.setCurrentIndex(self.model.index(row, 0))

    def _pick_current(self) -> None:
        if self.is_code():
            self.code_entered.emit(self.edit.text())
            return
        row = self.list.currentIndex().row()
        if row < 0 and self.model.rowCount() == 1:
            row = 0
        if row >= 0:
            self._pick_row(row)

    def _pick_row(self, row: int) -> None:
        if 0 <= row < len(self.model.rows):
            self.picked.emit(self.model.rows[row].learner_id)

    def reset(self) -> None:
        self.edit.clear()
        self.model.set_rows([])
        self.set_message("")


class PickLearnerDialog(QDialog):
    """Choose any learner of the academy (when none of the suggested ones is right)."""

    def __init__(
        self, prepared: PreparedRows, title: str, hint: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.learner_id: int | None = None
        self.picker = LearnerPicker()
        self.picker.set_prepared(prepared)
        self.picker.picked.connect(self._picked)
        lay = QVBoxLayout(self)
        if hint:
            label = QLabel(hint)
            label.setWordWrap(True)
            lay.addWidget(label)
        lay.addWidget(self.picker)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(560, 380)
        self.picker.edit.setFocus()

    def _picked(self, learner_id: int) -> None:
        self.learner_id = learner_id
        self.accept()
