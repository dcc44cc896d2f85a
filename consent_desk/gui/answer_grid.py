"""The questions of a paper form, keyed as the form prints them.

Each line shows the purpose and its question as the form asks it, and the form's two boxes in
the form's order, in the form's words ("YES — Objects", "NO — Does not object"; "YES —
Consents" for a question the trust words as consent): the office keys the box the parent
ticked and never has to remember what YES means. Keys: Y / N tick YES / NO on this line, Shift+Y
/ Shift+N on every line, Space no answer, arrows to move. The mouse works too.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFocusEvent, QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from consent_desk.domain.consent_forms import (
    NO_ANSWER,
    FormQuestion,
    describe_answers,
    question_lines,
)
from consent_desk.domain.rules import Answer, Status
from consent_desk.gui.theme import status_colours

# The colours of the status each answer leads to, so a glance down the grid reads right.
_ANSWER_STATUS = {
    Answer.CONSENT: Status.NO_RESTRICTION,
    Answer.REFUSE: Status.NO_IMAGES,
    Answer.UNANSWERED: Status.NOT_RETURNED,
}
_NO_ANSWER = 2  # the third button of a line


def every_line(questions: Sequence[FormQuestion], column: int) -> str:
    """What ticking one column on every line records, in words."""
    answers = {q.key: q.columns[column].answer for q in questions}
    return describe_answers(answers, {q.key: q.label for q in questions})


def key_help(questions: Sequence[FormQuestion]) -> str:
    """The keys, each with what it records in the form's words."""
    if not questions:
        return "Space no answer"
    wordings = {q.wording for q in questions}
    yes, no = questions[0].columns
    if len(wordings) == 1:
        line = f"Y {yes.head} ({yes.entry.lower()}) · N {no.head} ({no.entry.lower()})"
    else:
        line = "Y YES · N NO (as each line asks)"
    return (
        f"{line} · Shift+Y {yes.head} on every line = {every_line(questions, 0)} · "
        f"Shift+N {no.head} on every line = {every_line(questions, 1)} · "
        "Space no answer · ↑↓ move"
    )


class AnswerGrid(QWidget):
    changed = Signal()
    finished = Signal()  # answered through to the last purpose (or every line at once)
    notice = Signal(str)  # a key that records nothing, and why

    def __init__(self, questions: Sequence[FormQuestion], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.questions = list(questions)
        self.keys = [q.key for q in self.questions]
        self.labels = {q.key: q.label for q in self.questions}
        self.current = 0
        self.help = key_help(self.questions)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Answers")
        self.setAccessibleDescription(self.help)
        self.setToolTip(self.help)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(2)
        stem, lines = question_lines(self.questions)
        self.stem = QLabel(stem or "The form's questions, one line each:")
        self.stem.setWordWrap(True)
        font = self.stem.font()
        font.setBold(True)
        self.stem.setFont(font)
        outer.addWidget(self.stem)  # above the grid: wraps to its full height
        outer.addLayout(grid)
        if self.questions:
            for col, column in enumerate(self.questions[0].columns, start=1):
                head = QLabel(column.head)
                head.setFont(font)
                head.setAlignment(Qt.AlignmentFlag.AlignCenter)
                grid.addWidget(head, 1, col)
        self._names: list[QLabel] = []
        self._groups: list[QButtonGroup] = []
        self._buttons: list[list[QToolButton]] = []
        width = self.fontMetrics().horizontalAdvance("YES — Does not consent") + 20
        small = self.font()
        small.setPointSizeF(small.pointSizeF() * 0.85)
        for index, q in enumerate(self.questions):
            row = 2 + 2 * index  # the purpose and its boxes; under them, its question
            name = QLabel()
            name.setTextFormat(Qt.TextFormat.RichText)
            name.setToolTip(q.question)
            name.setMinimumWidth(QFontMetrics(font).horizontalAdvance(f"▶ {q.label}") + 8)
            grid.addWidget(name, row, 0)
            asked = QLabel(lines[index])
            asked.setFont(small)
            asked.setWordWrap(True)
            asked.setEnabled(False)  # greyed: the words of the form, read only
            asked.setContentsMargins(12, 0, 0, 4)
            grid.addWidget(asked, row + 1, 0, 1, 4)
            group = QButtonGroup(self)
            group.setExclusive(True)
            buttons = []
            choices = [
                (
                    c.answer,
                    f"{c.head} — {c.entry}",
                    f"The form's {c.head} box: “{c.means}” (key {c.key})",
                )
                for c in q.columns
            ]
            choices.append((Answer.UNANSWERED, NO_ANSWER, "Nothing ticked on this line (Space)"))
            for col, (answer, text, tip) in enumerate(choices, start=1):
                b = QToolButton()
                b.setText(text)
                b.setToolTip(tip)
                b.setCheckable(True)
                b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                b.setMinimumWidth(width if col < 3 else 0)
                b.setAccessibleName(f"{q.label}: {text}")
                group.addButton(b)
                b.clicked.connect(lambda _=False, r=index, c=col - 1: self._clicked(r, c))
                grid.addWidget(b, row, col)
                buttons.append(b)
                self._style(b, answer)
            self._names.append(name)
            self._groups.append(group)
            self._buttons.append(buttons)
        grid.setColumnStretch(0, 1)
        self.reset()

    def _style(self, button: QToolButton, answer: Answer) -> None:
        bg, fg = status_colours(self.palette())[_ANSWER_STATUS[answer]]
        button.setStyleSheet(
            f"QToolButton:checked {{ background: {bg.name()}; color: {fg.name()}; "
            f"font-weight: bold; border: 2px solid {fg.name()}; border-radius: 3px; }}"
        )

    def restyle(self) -> None:
        for q, buttons in zip(self.questions, self._buttons, strict=True):
            answers = [c.answer for c in q.columns] + [Answer.UNANSWERED]
            for answer, b in zip(answers, buttons, strict=True):
                self._style(b, answer)

    # state -----------------------------------------------------------------------------------
    def reset(self) -> None:
        self.answers = dict.fromkeys(self.keys, Answer.UNANSWERED)
        self.ticked: dict[str, int] = dict.fromkeys(self.keys, _NO_ANSWER)
        self.touched = False
        self.current = 0
        self._sync()

    def tick(self, key: str, column: int) -> None:
        """Tick a line's box as the parent did: 0 the form's first box (YES), 1 the second
        (NO), 2 nothing ticked. The answer recorded is what that box means on the form."""
        q = self.questions[self.keys.index(key)]
        self.ticked[key] = column
        self.answers[key] = Answer.UNANSWERED if column == _NO_ANSWER else q.columns[column].answer
        self.touched = True
        self._sync()
        self.changed.emit()

    def tick_all(self, column: int) -> None:
        for k in self.keys:
            self.tick(k, column)
        self.current = len(self.keys) - 1
        self._sync()

    def summary(self) -> str:
        """What the keyed answers record, in words ("objects to Websites only")."""
        return describe_answers(self.answers, self.labels)

    def _sync(self) -> None:
        focused = self.hasFocus()
        for row, key in enumerate(self.keys):
            self._buttons[row][self.ticked[key]].setChecked(True)
            here = focused and row == self.current
            name = escape(self.labels[key])
            head = f"▶ <u>{name}</u>" if here else name
            self._names[row].setText(f"<b>{head}</b>")

    # input -----------------------------------------------------------------------------------
    def _clicked(self, row: int, column: int) -> None:
        self.current = row
        self.tick(self.keys[row], column)

    def _advance(self) -> None:
        if self.current >= len(self.keys) - 1:
            self._sync()
            self.finished.emit()
            return
        self.current += 1
        self._sync()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods not in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            super().keyPressEvent(event)
            return
        every = mods == Qt.KeyboardModifier.ShiftModifier
        if not self.keys:
            super().keyPressEvent(event)
            return
        if key in (Qt.Key.Key_Y, Qt.Key.Key_N):
            column = 0 if key == Qt.Key.Key_Y else 1
            if every:
                self.tick_all(column)
                self.finished.emit()
            else:
                self.tick(self.keys[self.current], column)
                self._advance()
        elif key in (Qt.Key.Key_A, Qt.Key.Key_O):
            # once "all consent" and "objects to all": keys that named a meaning, not a box
            self.notice.emit(
                "Nothing recorded: key the box ticked on the form — Y for YES, "
                "N for NO; Shift+Y / Shift+N for the same box on every line."
            )
        elif key == Qt.Key.Key_Space or event.text() in ("-", "?"):
            self.tick(self.keys[self.current], _NO_ANSWER)
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
