"""The purposes of a paper form answered with the keyboard: Y, N, A (all consent), O (objects to
all), Space (no answer), arrows to move. The mouse works too."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QLabel, QToolButton, QWidget

from consent_desk.domain.rules import Answer, Status
from consent_desk.gui.theme import status_colours

# The colours of the status each answer leads to, so a glance down the grid reads right.
_ANSWER_STATUS = {Answer.CONSENT: Status.NO_RESTRICTION, Answer.REFUSE: Status.NO_IMAGES,
                  Answer.UNANSWERED: Status.NOT_RETURNED}
_CHOICES = ((Answer.CONSENT, "Yes", "Consents to this use (Y)"),
            (Answer.REFUSE, "No", "Refuses this use (N)"),
            (Answer.UNANSWERED, "–", "No answer on the form (Space)"))
KEY_HELP = "Y yes · N no · A all yes · O objects to all · Space no answer · ↑↓ move"


class AnswerGrid(QWidget):
    changed = Signal()
    finished = Signal()  # answered through to the last purpose (or A / O): move on

    def __init__(self, labels: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.keys = list(labels)
        self.labels = labels
        self.current = 0
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Answers")
        self.setAccessibleDescription(KEY_HELP)
        self.setToolTip(KEY_HELP)
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 4, 4, 4)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(2)
        self._names: list[QLabel] = []
        self._groups: list[QButtonGroup] = []
        self._buttons: list[dict[Answer, QToolButton]] = []
        for row, key in enumerate(self.keys):
            name = QLabel(labels[key])
            name.setMinimumWidth(self.fontMetrics().horizontalAdvance("▶ Displays in the academy"))
            grid.addWidget(name, row, 0)
            group = QButtonGroup(self)
            group.setExclusive(True)
            buttons = {}
            for col, (answer, text, tip) in enumerate(_CHOICES, start=1):
                b = QToolButton()
                b.setText(text)
                b.setToolTip(tip)
                b.setCheckable(True)
                b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                b.setMinimumWidth(self.fontMetrics().horizontalAdvance("Yes") + 24)
                b.setAccessibleName(f"{labels[key]}: {text}")
                group.addButton(b)
                b.clicked.connect(lambda _=False, r=row, a=answer: self._clicked(r, a))
                grid.addWidget(b, row, col)
                buttons[answer] = b
                self._style(b, answer)
            self._names.append(name)
            self._groups.append(group)
            self._buttons.append(buttons)
        grid.setColumnStretch(4, 1)
        self.reset()

    def _style(self, button: QToolButton, answer: Answer) -> None:
        bg, fg = status_colours(self.palette())[_ANSWER_STATUS[answer]]
        button.setStyleSheet(
            f"QToolButton:checked {{ background: {bg.name()}; color: {fg.name()}; "
            f"font-weight: bold; border: 2px solid {fg.name()}; border-radius: 3px; }}")

    def restyle(self) -> None:
        for buttons in self._buttons:
            for answer, b in buttons.items():
                self._style(b, answer)

    # state -----------------------------------------------------------------------------------
    def reset(self) -> None:
        self.answers = dict.fromkeys(self.keys, Answer.UNANSWERED)
        self.touched = False
        self.current = 0
        self._sync()

    def set_answer(self, key: str, answer: Answer) -> None:
        self.answers[key] = answer
        self.touched = True
        self._sync()
        self.changed.emit()

    def set_all(self, answer: Answer) -> None:
        for k in self.keys:
            self.answers[k] = answer
        self.touched = True
        self.current = len(self.keys) - 1
        self._sync()
        self.changed.emit()

    def summary(self) -> str:
        values = list(self.answers.values())
        if all(a is Answer.CONSENT for a in values):
            return "consents to every use"
        if all(a is Answer.REFUSE for a in values):
            return "objects to every use"
        refused = [self.labels[k] for k, a in self.answers.items() if a is Answer.REFUSE]
        blank = [self.labels[k] for k, a in self.answers.items() if a is Answer.UNANSWERED]
        bits = []
        if refused:
            bits.append("refuses " + ", ".join(refused))
        if blank:
            bits.append("no answer for " + ", ".join(blank))
        return "; ".join(bits)

    def _sync(self) -> None:
        focused = self.hasFocus()
        for row, key in enumerate(self.keys):
            self._buttons[row][self.answers[key]].setChecked(True)
            name = self._names[row]
            mark = "▶ " if focused and row == self.current else ""
            name.setText(f"{mark}{self.labels[key]}")
            font = name.font()
            font.setBold(focused and row == self.current)
            name.setFont(font)

    # input -----------------------------------------------------------------------------------
    def _clicked(self, row: int, answer: Answer) -> None:
        self.current = row
        self.set_answer(self.keys[row], answer)

    def _advance(self) -> None:
        if self.current >= len(self.keys) - 1:
            self._sync()
            self.finished.emit()
            return
        self.current += 1
        self._sync()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text().casefold()
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods not in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            super().keyPressEvent(event)
            return
        if text == "y":
            self.set_answer(self.keys[self.current], Answer.CONSENT)
            self._advance()
        elif text == "n":
            self.set_answer(self.keys[self.current], Answer.REFUSE)
            self._advance()
        elif text == "a":
            self.set_all(Answer.CONSENT)
            self.finished.emit()
        elif text == "o":
            self.set_all(Answer.REFUSE)
            self.finished.emit()
        elif key == Qt.Key.Key_Space or text in ("-", "?"):
            self.set_answer(self.keys[self.current], Answer.UNANSWERED)
            self._advance()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Backspace, Qt.Key.Key_Left):
            self.current = max(0, self.current - 1)
            self._sync()
        elif key in (Qt.Key.Key_Down, Qt.Key.Key_Right):
            self.current = min(len(self.keys) - 1, self.current + 1)
            self._sync()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self.restyle()  # the system switched between light and dark
        super().changeEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._sync()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._sync()
