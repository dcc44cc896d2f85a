"""Enter a paper return, keyboard first, as the form prints it.

Type part of the name (or scan the form's code) → Enter picks → the box ticked on each line of
the form: Y its YES box, N its NO box (Shift+Y / Shift+N: that box on every line), Space nothing
ticked → limitation → Enter saves, from wherever the focus is. What YES means is the form's
question's (see ``domain.consent_forms``): the screen shows the same words. A form with the same
box ticked on every line is three keystrokes after the name: Enter, Shift+N, Enter. The dialog
stays open for the next form of the pile; Escape asks before it throws keyed answers away.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from html import escape
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from consent_desk.db.engine import Database
from consent_desk.domain.consent_forms import FormQuestion
from consent_desk.domain.rules import Answer
from consent_desk.gui.answer_grid import AnswerGrid
from consent_desk.gui.errors import confirm, describe_error, show_error
from consent_desk.gui.guide import KEY_A_FORM, add_help_key
from consent_desk.gui.learner_model import PreparedRows
from consent_desk.gui.learner_picker import LearnerPicker, describe_learner
from consent_desk.gui.tasks import run_task
from consent_desk.services.audit import current_user_name
from consent_desk.services.returns import METHODS, NewReturn, add_return

RELATIONSHIPS = (
    "",
    "Mother",
    "Father",
    "Parent",
    "Carer",
    "Guardian",
    "Foster carer",
    "Learner (self)",
)


class ReturnDialog(QDialog):
    saved = Signal(int)  # learner id

    def __init__(
        self,
        db: Database,
        prepared: PreparedRows,
        year: str,
        questions: Sequence[FormQuestion],
        parent: QWidget | None = None,
        *,
        academy: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.year, self.academy = db, year, academy
        self.questions = list(questions)
        self.labels = {q.key: q.label for q in self.questions}
        self.prepared = prepared
        self.learner_id: int | None = None
        self.learner_name = ""
        self._saving = False
        self.setWindowTitle(f"Enter a paper return — {year}")
        self.setAccessibleName("Enter a paper return")
        add_help_key(self, KEY_A_FORM)

        self.picker = LearnerPicker(codes=academy is not None)
        self.picker.set_prepared(prepared)
        self.picker.picked.connect(self.pick_learner)
        self.picker.code_entered.connect(self.scan_code)
        self.card = QLabel()
        self.card.setTextFormat(Qt.TextFormat.RichText)
        self.card.setWordWrap(True)
        self.card.setAccessibleName("Chosen learner")
        self.change = QPushButton("&Change learner")
        self.change.setToolTip("Choose another learner (Alt+C)")
        self.change.clicked.connect(self.choose_again)
        self.card_page = card_page = QWidget()
        cl = QHBoxLayout(card_page)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addWidget(self.card, 1)
        cl.addWidget(self.change, 0, Qt.AlignmentFlag.AlignTop)
        learner_box = QGroupBox("1. Learner")
        ll = QVBoxLayout(learner_box)
        ll.addWidget(self.picker)  # one of the two is shown: hidden widgets take no room
        ll.addWidget(card_page)

        self.grid = AnswerGrid(self.questions)
        answers_box = QGroupBox("2. The boxes ticked on the form")
        al = QVBoxLayout(answers_box)
        al.addWidget(self.grid)
        keys = QLabel(self.grid.help)
        keys.setWordWrap(True)
        al.addWidget(keys)

        self.limitation = QLineEdit()
        self.limitation.setPlaceholderText(
            "e.g. first name only, group photos only — blank if none"
        )
        self.limitation.setAccessibleName("Limitation")
        self.grid.finished.connect(self.limitation.setFocus)
        self.grid.notice.connect(self.feedback_text)
        self.received = QDateEdit(QDate.currentDate())
        self.received.setCalendarPopup(True)
        self.received.setDisplayFormat("dd/MM/yyyy")
        self.received.setMaximumDate(QDate.currentDate())
        self.received.setAccessibleName("Received on")
        self.method = QComboBox()
        for m in METHODS:
            self.method.addItem(m.capitalize(), m)
        self.method.setAccessibleName("How it came")
        self.respondent = QLineEdit()
        self.respondent.setPlaceholderText("Parent/carer name as written on the form (optional)")
        self.respondent.setAccessibleName("Respondent")
        self.relationship = QComboBox()
        self.relationship.setEditable(True)
        self.relationship.addItems(RELATIONSHIPS)
        self.relationship.setAccessibleName("Relationship to the learner")
        self.notes = QLineEdit()
        self.notes.setPlaceholderText("Office notes (not printed)")
        self.notes.setAccessibleName("Notes")
        details = QGroupBox("3. Details")
        form = QFormLayout(details)
        form.addRow("&Limitation:", self.limitation)
        when = QHBoxLayout()
        when.addWidget(self.received)
        how = QLabel("&How:")
        how.setBuddy(self.method)
        when.addSpacing(12)
        when.addWidget(how)
        when.addWidget(self.method)
        when.addStretch(1)
        received_label = QLabel("&Received:")
        received_label.setBuddy(self.received)
        form.addRow(received_label, when)
        form.addRow("Fr&om:", self.respondent)
        form.addRow("Relation&ship:", self.relationship)
        form.addRow("N&otes:", self.notes)

        self.feedback = QLabel(" ")
        self.feedback.setTextFormat(Qt.TextFormat.PlainText)
        self.feedback.setWordWrap(True)
        self.feedback.setAccessibleName("Last saved")
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(
            "Save (Enter)", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setDefault(True)
        self.save_button.setToolTip("Save this return and start the next form")
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setToolTip("Close (Esc)")
        close.setAutoDefault(False)
        self.change.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        close.clicked.connect(self.reject)

        lay = QVBoxLayout(self)
        lay.addWidget(learner_box)
        lay.addWidget(answers_box)
        lay.addWidget(details)
        lay.addWidget(self.feedback)
        lay.addWidget(self.buttons)
        for a, b in (
            (self.picker.edit, self.grid),
            (self.grid, self.limitation),
            (self.limitation, self.received),
            (self.received, self.method),
            (self.method, self.respondent),
            (self.respondent, self.relationship),
            (self.relationship, self.notes),
            (self.notes, self.save_button),
        ):
            self.setTabOrder(a, b)
        self.setMinimumWidth(640)
        self.choose_again()

    # the learner ---------------------------------------------------------------------------
    def set_prepared(self, prepared: PreparedRows) -> None:
        """The learners as they are now (the window reloaded them after a save)."""
        self.prepared = prepared
        self.picker.set_prepared(prepared)

    def pick_learner(self, learner_id: int) -> None:
        row = next((r for r in self.prepared.rows if r.learner_id == learner_id), None)
        if row is None:
            return
        self.learner_id = learner_id
        self.learner_name = f"{row.forename} {row.surname}"
        details = describe_learner(row).split(" — ", 1)[-1]
        card = f"<b>{escape(row.forename)} {escape(row.surname)}</b><br>{escape(details)}"
        if row.returns:
            card += (
                f"<br>Already {row.returns} return{'s' if row.returns > 1 else ''} this "
                "year: this one is added, and each parent's latest return counts."
            )
        self.card.setText(card)
        self.picker.hide()
        self.card_page.show()
        self.adjustSize()
        # the answers stay: after "Change learner" they are still this form's answers
        self.grid.setFocus()

    def scan_code(self, code: str) -> None:
        """A form's code, scanned or typed: the learner is chosen at once; a code of another
        academy or year, or a mistyped one, is explained under the box."""
        from consent_desk.services.form_codes import resolve_code

        db, academy, year = self.db, self.academy, self.year
        if academy is None:
            return
        self.picker.set_message("Looking up the code…")

        def found(learner_id: int) -> None:
            if not any(r.learner_id == learner_id for r in self.prepared.rows):
                self.picker.set_message(
                    "This form's learner is not in the list shown: refresh (F5) and scan again.",
                    problem=True,
                )
                return
            self.picker.set_message("")
            self.pick_learner(learner_id)
            self.card.setText(self.card.text() + "<br>✔ Found by the code on the form.")
            self.feedback.setText(
                f"Form scanned: {self.learner_name}. Key the box ticked on "
                "each line (Y = YES, N = NO), then Enter saves."
            )

        def refused(exc: BaseException) -> None:
            self.picker.set_message(describe_error(exc), problem=True)
            self.picker.edit.selectAll()  # the next scan replaces the code
            self.picker.edit.setFocus()

        run_task(lambda _: resolve_code(db, code, academy, year), found, refused, receiver=self)

    def choose_again(self) -> None:
        self.learner_id = None
        self.picker.reset()
        self.picker.show()
        self.picker.edit.setFocus()  # before the card (and its focused button) hides
        self.card_page.hide()
        if self.keyed():
            self.feedback.setText(
                "Choose the learner this form is for: the answers keyed "
                "stay. Enter picks, then Enter saves."
            )

    def feedback_text(self, text: str) -> None:
        self.feedback.setText(text)

    def keyed(self) -> bool:
        """Whether anything of a form has been keyed (and would be lost by closing)."""
        return self.grid.touched or any(
            w.text().strip() for w in (self.limitation, self.respondent, self.notes)
        )

    # Enter saves from anywhere ------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter that no field used (the learner box picks with it; every other field lets it
        through) saves — whichever field has the focus, whichever state the dialog is in."""
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            event.accept()
            self.save()
            return
        super().keyPressEvent(event)

    def discard(self) -> None:
        """Close at once, keyed answers and all (the person logged out: nothing may stay on
        the screen waiting for an answer)."""
        super().reject()

    def reject(self) -> None:
        """Escape or Close: ask first when answers were keyed and not saved."""
        if self.keyed() and not self._saving:
            who = f" for {self.learner_name}" if self.learner_id is not None else ""
            if not confirm(
                self,
                f"Close without saving the answers keyed{who}?",
                "Answers not saved",
                yes="Close without saving",
                details=f"Keyed: {self.grid.summary()}. They are not saved "
                "until you press Enter or Save.",
            ):
                return
        super().reject()

    # saving --------------------------------------------------------------------------------
    def new_return(self) -> NewReturn | None:
        if self.learner_id is None:
            return None
        day: date = self.received.date().toPython()  # type: ignore[assignment]
        received = datetime.now() if day == date.today() else datetime.combine(day, time(12))
        relationship = self.relationship.currentText().strip() or None
        return NewReturn(
            learner_id=self.learner_id,
            year=self.year,
            answers=dict(self.grid.answers),
            received_at=received,
            respondent_name=self.respondent.text().strip() or None,
            relationship=relationship,
            method=self.method.currentData(),
            limitation=self.limitation.text().strip() or None,
            notes=self.notes.text().strip() or None,
        )

    def save(self) -> None:
        new = self.new_return()
        if new is None:
            self.feedback.setText("Choose the learner first: type part of their name.")
            self.picker.edit.setFocus()
            return
        if self._saving:
            return
        self._saving = True
        self.save_button.setEnabled(False)
        db, user = self.db, current_user_name()
        name = self.learner_name
        summary = self.grid.summary() if self.grid.touched else "nothing ticked on the form"

        def done(_: Any) -> None:
            self._saving = False
            self.save_button.setEnabled(True)
            self.feedback.setText(
                f"✔ Saved for {name}: {summary}"
                + (f"; limitation “{new.limitation}”" if new.limitation else "")
                + ". Next form:"
            )
            self.saved.emit(new.learner_id)
            self._clear_details()
            self.choose_again()

        def failed(exc: BaseException) -> None:
            self._saving = False
            self.save_button.setEnabled(True)
            show_error(self, exc, "Return not saved", retry=self.save)

        run_task(lambda _: add_return(db, new, user), done, failed, receiver=self)

    def _clear_details(self) -> None:
        self.limitation.clear()
        self.notes.clear()
        self.respondent.clear()
        self.relationship.setCurrentIndex(0)
        self.grid.reset()

    def all_answers(self) -> dict[str, Answer]:
        return dict(self.grid.answers)
