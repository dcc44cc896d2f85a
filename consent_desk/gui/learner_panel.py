"""The learner panel (docked at the right): status, effective answer per purpose, limitation,
the safeguarding flag, and every return with who sent it, when and how."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDockWidget,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from consent_desk.domain.consent_forms import describe_answers
from consent_desk.domain.rules import Answer, Status
from consent_desk.gui.context import WindowContext
from consent_desk.gui.errors import confirm, show_conflict, show_error
from consent_desk.gui.layouts import clear_layout
from consent_desk.gui.roles import Gate, may
from consent_desk.gui.tasks import run_task
from consent_desk.gui.theme import STATUS_TIPS, badge_style, status_colours, status_text
from consent_desk.services.errors import ServiceError

if TYPE_CHECKING:
    from consent_desk.db.engine import Database
    from consent_desk.services.returns import ReturnView

METHOD_WORDS = {
    "paper": "paper form",
    "form": "online form",
    "email": "e-mail",
    "phone": "phone call",
    "import": "imported sheet",
}
ANSWER_WORDS = {
    Answer.CONSENT: "✔ Consent",
    Answer.REFUSE: "✘ Refused",
    Answer.UNANSWERED: "– No answer",
}


def _user() -> str:
    from consent_desk.services.audit import current_user_name

    return current_user_name()


def _void(db: Database, return_id: int, reason: str) -> None:
    from consent_desk.services.returns import void_return

    void_return(db, return_id, reason, _user())


def _date(d: Any) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def _when(d: Any) -> str:
    return d.strftime("%d/%m/%Y %H:%M") if d else ""


class LearnerPanel(QDockWidget):
    loaded = Signal()  # the panel shows what it was asked to
    enter_return = Signal(int)

    def __init__(self, ctx: WindowContext) -> None:
        super().__init__("Learner", ctx.window)
        self.setObjectName("learner-panel")
        self.ctx = ctx
        self.setAllowedAreas(
            Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.learner_id: int | None = None
        self.year: str | None = None
        self.detail: Any = None
        self._generation = 0
        self.gate = Gate()
        self._scope = (ctx.academy, ctx.year)
        ctx.scope_changed.connect(self._scope_changed)
        ctx.people_changed.connect(self.apply_role)
        ctx.forget.connect(lambda: self.show_learner(None, None))

        self.placeholder = QLabel(
            "Choose a learner in the table to see their consent, returns and history."
        )
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.safeguarding_action = QAction("Set or clear &safeguarding flag…", self)
        self.safeguarding_action.setToolTip("“No images — safeguarding” for the chosen learner")
        self.safeguarding_action.triggered.connect(lambda _=False: self.change_safeguarding())
        self.safeguarding_action.setEnabled(False)
        self.body: QWidget | None = None  # built when the first learner is shown
        self.limitation: QLabel | None = None  # the shown learner's limitation, in full
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer = QWidget()
        self.outer_layout = QVBoxLayout(outer)
        self.outer_layout.setContentsMargins(0, 0, 0, 0)
        self.outer_layout.addWidget(self.placeholder)
        scroll.setWidget(outer)
        self.setWidget(scroll)
        self.setMinimumWidth(320)
        self._show_nothing()

    def _build(self) -> None:
        """The learner's details: built once, when the first learner is shown."""
        self.name = QLabel()
        self.name.setTextFormat(Qt.TextFormat.RichText)
        font = self.name.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.name.setFont(font)
        self.name.setWordWrap(True)
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts = QLabel()
        self.facts.setTextFormat(Qt.TextFormat.RichText)
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.badge = QLabel()
        self.badge.setAccessibleName("Status")
        self.badge_tip = QLabel()
        self.badge_tip.setWordWrap(True)
        self.new_return = QPushButton("Enter a paper return…")
        self.new_return.setToolTip("Type in a paper form for this learner (Ctrl+N)")
        self.new_return.clicked.connect(self._enter_return)

        self.answers_box = QGroupBox("Answers")
        self.answers_form = QFormLayout(self.answers_box)
        self.answers_form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)

        self.flag_box = QGroupBox("No images — safeguarding")
        self.flag_state = QLabel()
        self.flag_state.setTextFormat(Qt.TextFormat.RichText)
        self.flag_state.setWordWrap(True)
        self.reason = QLabel()
        self.reason.setTextFormat(Qt.TextFormat.RichText)
        self.reason.setWordWrap(True)
        self.reason.setAccessibleName("Safeguarding reason")
        self.reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reason.hide()  # until "Show reason"
        self.show_reason = QPushButton("Show reason")
        self.show_reason.setToolTip("For the principal and DSL only. Viewing is recorded.")
        self.show_reason.clicked.connect(self._toggle_reason)
        self.flag_button = QPushButton()
        self.flag_button.clicked.connect(self.change_safeguarding)
        fl = QVBoxLayout(self.flag_box)
        fl.addWidget(self.flag_state)
        fl.addWidget(self.reason)
        buttons = QHBoxLayout()
        buttons.addWidget(self.show_reason)
        buttons.addWidget(self.flag_button)
        buttons.addStretch(1)
        fl.addLayout(buttons)

        self.history_box = QGroupBox("Returns")
        self.history = QVBoxLayout(self.history_box)

        self.body = QWidget()
        lay = QVBoxLayout(self.body)
        lay.addWidget(self.name)
        lay.addWidget(self.facts)
        status_row = QHBoxLayout()
        status_row.addWidget(self.badge)
        status_row.addStretch(1)
        status_row.addWidget(self.new_return)
        lay.addLayout(status_row)
        lay.addWidget(self.badge_tip)
        lay.addWidget(self.answers_box)
        lay.addWidget(self.flag_box)
        lay.addWidget(self.history_box)
        lay.addStretch(1)
        self.outer_layout.addWidget(self.body)

    # loading -------------------------------------------------------------------------------
    def _scope_changed(self) -> None:
        """Another academy or year: nobody is chosen any more (the same one, read again after
        the settings changed: the learner stays, shown as they now are)."""
        scope = (self.ctx.academy, self.ctx.year)
        if scope != self._scope:
            self._scope = scope
            self.show_learner(None, None)
        self.apply_role()  # an earlier year is read-only except for the COO

    def show_learner(self, learner_id: int | None, year: str | None) -> None:
        self.learner_id, self.year = learner_id, year
        self._generation += 1
        if self.body is not None:
            self.reason.hide()
            self.reason.clear()
        if learner_id is None or year is None or self.ctx.db is None:
            self._show_nothing()
            self.loaded.emit()
            return
        generation, db = self._generation, self.ctx.db

        def load(_: Any) -> Any:
            from consent_desk.services.learners import learner_detail
            from consent_desk.services.returns import returns_for

            return learner_detail(db, learner_id, year), returns_for(db, learner_id, year)

        run_task(
            load,
            lambda r: self._show(generation, *r),
            lambda exc: self._failed(generation, exc),
            receiver=self,
        )

    def reload(self) -> None:
        self.show_learner(self.learner_id, self.year)

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self._show_nothing()
            self.loaded.emit()
            show_error(self, exc, retry=self.reload)

    def _show_nothing(self) -> None:
        self.detail = None
        if self.body is not None:
            self.body.hide()
        self.placeholder.show()
        self.setWindowTitle("Learner")
        self.safeguarding_action.setEnabled(False)

    def _show(self, generation: int, d: Any, returns: list[Any]) -> None:
        if generation != self._generation:
            return
        self.detail = d
        if self.body is None:
            self._build()
        assert self.body is not None
        self.placeholder.hide()
        self.body.show()
        self.setWindowTitle(f"Learner — {d.display_name}")
        legal = f"{d.legal_forename} {d.legal_surname}"
        self.name.setText(escape(d.display_name))
        facts = []
        if legal != d.display_name:
            facts.append(f"Legal name: {escape(legal)}")
        group = " · ".join(
            x
            for x in (
                f"Year {d.year_group}"
                if d.year_group and d.year_group.isdigit()
                else (d.year_group or ""),
                d.reg_group or "",
            )
            if x
        )
        if group:
            facts.append(escape(group))
        ids = " · ".join(
            x for x in (f"UPN {d.upn}" if d.upn else "", f"Adno {d.adno}" if d.adno else "") if x
        )
        if ids:
            facts.append(escape(ids))
        if d.dob:
            facts.append(f"Born {_date(d.dob)}")
        if not d.on_roll:
            facts.append(f"<b>Left the academy{' on ' + _date(d.left_on) if d.left_on else ''}</b>")
        self.facts.setText("<br>".join(facts))
        self.refresh_colours()
        self.badge_tip.setText(
            STATUS_TIPS[d.status] + ("." if not d.safeguarding else " (safeguarding flag).")
        )
        self._show_answers(d)
        self._show_flag(d)
        self._show_history(d, returns)
        self.apply_role()
        self.loaded.emit()

    def refresh_colours(self) -> None:
        if self.detail is not None:
            self.badge.setText(status_text(self.detail.status))
            self.badge.setStyleSheet(badge_style(self.detail.status, self.palette()))
            self._style_limitation()

    def _style_limitation(self) -> None:
        if self.detail is None or self.limitation is None:
            return
        if not self.detail.limitation:
            self.limitation.setStyleSheet("")
            return
        background, text = status_colours(self.palette())[Status.RESTRICTED]
        self.limitation.setStyleSheet(
            f"QLabel {{ background: {background.name()}; color: {text.name()}; "
            "border-radius: 4px; }"
        )

    def _show_answers(self, d: Any) -> None:
        while self.answers_form.rowCount():
            self.answers_form.removeRow(0)
        self.answers_box.setTitle(f"Answers for {d.year}")
        for key, label in d.purpose_labels.items():
            answer = d.answers.get(key, Answer.UNANSWERED)
            value = QLabel(ANSWER_WORDS[answer])
            if answer is Answer.REFUSE:
                value.setStyleSheet("font-weight: 600;")
            value.setAccessibleName(f"{label}: {answer.value}")
            self.answers_form.addRow(f"{label}:", value)
        # The parents' limitation across the whole panel, marked like a restriction: the
        # table may only have room for its first words.
        self.limitation = lim = QLabel(
            f"Limitation: {d.limitation}" if d.limitation else "Limitation: none"
        )
        lim.setTextFormat(Qt.TextFormat.PlainText)
        lim.setWordWrap(True)
        lim.setAccessibleName("Limitation")
        lim.setMargin(6)  # not a style sheet's padding: the wrapped height counts it
        if d.limitation:
            bold = lim.font()
            bold.setBold(True)
            lim.setFont(bold)
        lim.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._style_limitation()
        self.answers_form.addRow(lim)
        if d.returns == 0:
            self.answers_form.addRow(QLabel("No return received for this year yet."))

    def _show_flag(self, d: Any) -> None:
        if d.safeguarding:
            by = f" by {escape(d.safeguarding_set_by)}" if d.safeguarding_set_by else ""
            self.flag_state.setText(
                f"<b>Set</b>{by} on {_when(d.safeguarding_set_at)}. "
                "Whatever the returns say, no images of this learner."
            )
            self.flag_button.setText("Clear flag…")
        else:
            self.flag_state.setText("Not set.")
            self.flag_button.setText("Set flag…")
        self.flag_button.setToolTip(
            "Principal or DSL: “no images — safeguarding”. The reason is never printed."
        )
        self.show_reason.setText("Show reason")

    def apply_role(self) -> None:
        """Only a principal or the COO sets the flag and sees its reason."""
        from consent_desk.services.access import Action

        d = self.detail
        if d is None:
            self.safeguarding_action.setEnabled(False)
            return
        self.gate.action(self.safeguarding_action, Action.SET_SAFEGUARDING)
        self.gate.widget(self.new_return, Action.ENTER_RETURNS)
        self.gate.widget(self.flag_button, Action.SET_SAFEGUARDING)
        self.show_reason.setVisible(d.safeguarding and may(Action.SEE_SAFEGUARDING_REASON))

    def _show_history(self, d: Any, returns: list[Any]) -> None:
        from consent_desk.services.access import Action
        from consent_desk.services.returns import latest_of_each

        clear_layout(self.history)
        void = sum(1 for r in returns if r.void)
        self.history_box.setTitle(
            f"Returns for {d.year} ({len(returns) - void}"
            + (f", {void} void" if void else "")
            + ")"
        )
        if not returns:
            self.history.addWidget(QLabel("None yet."))
        labels = d.purpose_labels
        counting = latest_of_each(returns)
        several = len(returns) > 1
        self.void_buttons: dict[int, QPushButton] = {}
        for r in returns:
            who = escape(r.respondent) + (f" ({escape(r.relationship)})" if r.relationship else "")
            words = describe_answers(r.answers, labels)
            said = escape(words[:1].upper() + words[1:])
            if any(a is Answer.REFUSE for a in r.answers.values()):
                said = f"<b>{said}</b>"
            how = METHOD_WORDS.get(r.method, r.method)
            lines = [f"<b>{_date(r.received_at)}</b> · {escape(how)} · {who}", said]
            if r.limitation:
                lines.append(f"Limitation: “{escape(r.limitation)}”")
            if r.notes:
                lines.append(f"Notes: {escape(r.notes)}")
            lines.append(
                f"<span>Entered by {escape(r.entered_by)} on {_when(r.entered_at)}"
                + (f" (import #{r.batch_id})" if r.batch_id else "")
                + "</span>"
            )
            if r.void:
                lines[0] = f"<s>{lines[0]}</s>"
                lines.insert(
                    0,
                    f"<b>VOID</b> — voided by {escape(r.voided_by or '')} on "
                    f"{_when(r.voided_at)}: “{escape(r.void_reason or '')}”. "
                    "Not counted.",
                )
            elif r.id in counting and several:
                # each respondent's latest return is theirs: never one "latest" for the child
                lines[0] += f" · latest from {escape(r.respondent.split(' <')[0])}"
            label = QLabel("<br>".join(x for x in lines if x))
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setEnabled(not r.void)  # greyed: kept, not counted
            card = QFrame()
            card.setFrameShape(QFrame.Shape.StyledPanel)
            row = QHBoxLayout(card)
            row.setContentsMargins(6, 6, 6, 6)
            row.addWidget(label, 1)
            if not r.void:
                button = QPushButton("Void…")
                button.setToolTip(
                    "This return was entered in error: mark it void (it stays "
                    "in the history, with your name and why, and stops counting)"
                )
                button.setAccessibleName(
                    f"Void the return of {_date(r.received_at)} from {r.respondent}"
                )
                button.clicked.connect(lambda _=False, ret=r: self.void_return(ret))
                self.gate.widget(button, Action.ENTER_RETURNS)
                row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
                self.void_buttons[r.id] = button
            self.history.addWidget(card)

    def void_return(self, ret: ReturnView) -> None:
        """Ask why, then void the return: kept in the history, ignored by the rules."""
        from PySide6.QtWidgets import QInputDialog

        d, db = self.detail, self.ctx.db
        if d is None or db is None:
            return
        reason, ok = QInputDialog.getText(
            self,
            "Void a return",
            f"Void the return of {_date(ret.received_at)} from {ret.respondent} for "
            f"{d.display_name}?\n\nIt stays in the history, marked void with your name, "
            "and stops counting. Why is it void?",
        )
        if not ok:
            return
        if not reason.strip():
            show_error(
                self,
                ServiceError("say why the return is void (e.g. 'keyed for the wrong child')"),
                "Return not voided",
            )
            return

        def done(_: object) -> None:
            self.ctx.say(f"Return of {_date(ret.received_at)} voided for {d.display_name}", 6000)
            self.ctx.changed(returns=True)
            self.reload()

        run_task(
            lambda _: _void(db, ret.id, reason),
            done,
            lambda exc: show_error(self, exc, "Return not voided"),
            receiver=self,
        )

    # actions -------------------------------------------------------------------------------
    def _enter_return(self) -> None:
        if self.learner_id is not None:
            self.enter_return.emit(self.learner_id)

    def _toggle_reason(self) -> None:
        if self.reason.isVisible():
            self.reason.hide()
            self.show_reason.setText("Show reason")
            return
        if self.learner_id is None or self.ctx.db is None:
            return
        db, lid = self.ctx.db, self.learner_id

        def fetch(_: Any) -> Any:
            from consent_desk.services.learners import safeguarding_reason

            return safeguarding_reason(db, lid, _user())

        def shown(reason: str | None) -> None:
            self.reason.setText(f"Reason: {escape(reason)}" if reason else "No reason recorded.")
            self.reason.show()
            self.show_reason.setText("Hide reason")

        run_task(fetch, shown, lambda exc: show_error(self, exc), receiver=self)

    def change_safeguarding(self) -> None:
        d, db = self.detail, self.ctx.db
        if d is None or db is None:
            return
        if d.safeguarding:
            if not confirm(
                self,
                f"Clear “no images — safeguarding” for {d.display_name}?\n\n"
                "Their status will follow the parents' returns again.",
                "Clear safeguarding flag",
                yes="Clear flag",
            ):
                return
            flag, reason = False, None
        else:
            from PySide6.QtWidgets import QInputDialog

            reason, ok = QInputDialog.getMultiLineText(
                self,
                "Set “no images — safeguarding”",
                f"No images of {d.display_name}, whatever the returns say.\n\n"
                "Reason (seen only by the principal and DSL, never printed):",
            )
            if not ok:
                return
            flag = True
        version, lid = d.version, d.learner_id

        def save(_: Any) -> None:
            from consent_desk.services.learners import set_safeguarding

            set_safeguarding(db, lid, flag, reason, _user(), expected_version=version)

        def saved(_: object) -> None:
            self.ctx.say(
                f"Safeguarding flag {'set' if flag else 'cleared'} for {d.display_name}", 6000
            )
            self.ctx.changed(learners=True)
            self.reload()

        def failed(exc: BaseException) -> None:
            from consent_desk.services.errors import Conflict

            if isinstance(exc, Conflict):  # another desk saved the learner first
                if show_conflict(self, exc, "Safeguarding flag not changed"):
                    self.ctx.changed(learners=True)
                    self.reload()
                return
            show_error(
                self,
                exc,
                "Safeguarding flag not changed",
                retry=lambda: run_task(save, saved, failed, receiver=self),
            )
            self.reload()

        run_task(save, saved, failed, receiver=self)
