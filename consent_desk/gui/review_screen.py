"""The review queue: imported rows that matched nobody, several learners, or a learner whose
other details disagree. Nothing is guessed: a person picks the learner (one click) or dismisses
the row with a reason."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from consent_desk.domain.consent_forms import describe_answers
from consent_desk.domain.rules import Answer
from consent_desk.gui.context import Changes, WindowContext
from consent_desk.gui.errors import confirm, show_error
from consent_desk.gui.learner_picker import PickLearnerDialog
from consent_desk.gui.review_models import (
    CandidateModel,
    ReviewTableModel,
    _dob,
    row_name,
    row_received,
)
from consent_desk.gui.roles import Gate
from consent_desk.gui.tasks import run_task
from consent_desk.services.audit import current_user_name
from consent_desk.services.review import (
    Resolved,
    ReviewView,
    dismiss,
    dismiss_warning,
    list_line,
    list_reviews,
    reopen,
    resolve,
)

LEFT_QUEUE = "The row has left the queue (tick “Show decided rows too” to see it again)."
DONE_STYLE = (  # a light box with its own text colour: as readable in a dark theme
    "QLabel { background: #e7f5ec; color: #14532d; border: 1px solid #8cc9a1; "
    "border-radius: 4px; padding: 5px 8px; }"
)
DISMISS_REASONS = (
    "Not a learner at this academy",
    "Sent twice: already entered",
    "Test entry, not a real return",
    "Blank or unreadable row",
)


def _table(model: Any, name: str) -> QTableView:
    t = QTableView()
    t.setModel(model)
    t.setAccessibleName(name)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setAlternatingRowColors(True)
    t.setWordWrap(False)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setStretchLastSection(True)
    t.setTabKeyNavigation(False)
    return t


class ReviewScreen(QWidget):
    loaded = Signal()
    decided = Signal(int)  # review item id (resolved or dismissed)
    count_changed = Signal(int)  # rows still open in the queue

    def __init__(self, ctx: WindowContext) -> None:
        super().__init__()
        self.ctx = ctx
        ctx.scope_changed.connect(self.reload)
        ctx.data_changed.connect(self._data_changed)
        ctx.people_changed.connect(self.apply_role)
        ctx.scope_changed.connect(self.apply_role)
        self.model = ReviewTableModel(self)
        self.candidates = CandidateModel(self)
        self._generation = 0
        self._busy = False
        self.gate = Gate()

        self.intro = QLabel()
        self.intro.setTextFormat(Qt.TextFormat.RichText)
        self.intro.setWordWrap(True)
        self.table = _table(self.model, "Rows waiting for review")
        for col, width in enumerate((240, 60, 200, 100, 100)):
            self.table.setColumnWidth(col, width)

        self.row_box = QGroupBox("What the row says")
        self.row_form = QFormLayout(self.row_box)
        self.cand_table = _table(self.candidates, "Likely learners")
        for col, width in enumerate((150, 55, 85, 115, 55)):
            self.cand_table.setColumnWidth(col, width)
        self.cand_table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.resolve_button = QPushButton("&This is the learner")
        self.resolve_button.setToolTip(
            "Add the row's return to the chosen learner (or double-click a learner, or press Enter)"
        )
        self.other_button = QPushButton("&Another learner…")
        self.other_button.setToolTip("None of these: search all the academy's learners")
        self.dismiss_button = QPushButton("D&ismiss row…")
        self.dismiss_button.setToolTip("The row is not a return for this academy: say why")
        self.reopen_button = QPushButton("&Reopen row…")
        self.reopen_button.setToolTip(
            "Put a resolved or dismissed row back in the queue (a "
            "resolved row's return is voided, kept in the history)"
        )
        self.reopen_button.hide()
        self.show_decided = QCheckBox("Show &decided rows too (to reopen one)")
        self.show_decided.toggled.connect(lambda _on: self.reload())
        buttons = QHBoxLayout()
        buttons.addWidget(self.resolve_button)
        buttons.addWidget(self.other_button)
        buttons.addStretch(1)
        buttons.addWidget(self.dismiss_button)
        buttons.addWidget(self.reopen_button)
        cand_box = QGroupBox("Likely learners, best first")
        cl = QVBoxLayout(cand_box)
        self.no_candidates = QLabel(
            "No learner looks like this row: use “Another learner…” or dismiss it."
        )
        self.no_candidates.setWordWrap(True)
        self.why = QLabel()
        self.why.setTextFormat(Qt.TextFormat.PlainText)
        self.why.setWordWrap(True)
        self.why.setAccessibleName("Why this learner")
        cl.addWidget(self.cand_table)
        cl.addWidget(self.why)
        cl.addWidget(self.no_candidates)
        cl.addLayout(buttons)
        detail = QWidget()
        dl = QHBoxLayout(detail)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addWidget(self.row_box, 2)
        dl.addWidget(cand_box, 3)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(detail)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        self.empty = QLabel(
            "Nothing waits for review. Rows an import cannot match to exactly "
            "one learner appear here."
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(split)
        self.stack.addWidget(self.empty)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.intro, 1)
        top.addWidget(self.show_decided, 0, Qt.AlignmentFlag.AlignTop)
        lay.addLayout(top)
        # What was just done, until the next decision: the row leaves the table, so the
        # screen says where it went (the status bar's message passes too quickly).
        self.done_note = QLabel()
        self.done_note.setTextFormat(Qt.TextFormat.PlainText)
        self.done_note.setWordWrap(True)
        self.done_note.setAccessibleName("Done")
        self.done_note.setStyleSheet(DONE_STYLE)
        self.done_note.hide()
        self._done_scope: tuple[str | None, str | None] | None = None
        lay.addWidget(self.done_note)
        lay.addWidget(self.stack, 1)

        self.table.selectionModel().selectionChanged.connect(self._item_changed)
        self.cand_table.selectionModel().selectionChanged.connect(self._candidate_changed)
        self.cand_table.doubleClicked.connect(lambda _i: self.resolve_selected())
        self.cand_table.activated.connect(lambda _i: self.resolve_selected())
        self.resolve_button.clicked.connect(self.resolve_selected)
        self.other_button.clicked.connect(self.resolve_other)
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        self.reopen_button.clicked.connect(self.reopen_selected)
        self._show_item(None)

    # loading -------------------------------------------------------------------------------
    def _data_changed(self, changes: Changes) -> None:
        if changes.any("review", "returns", "learners"):
            self.reload()

    def reload(self) -> None:
        db, code, year = self.ctx.db, self.ctx.academy, self.ctx.year
        if db is None or not code or not year:
            return
        self._generation += 1
        generation = self._generation
        state = None if self.show_decided.isChecked() else "open"
        run_task(
            lambda _: list_reviews(db, code, year, state),
            lambda items: self._loaded(generation, items),
            lambda exc: show_error(self, exc),
            receiver=self,
        )

    def _loaded(self, generation: int, items: list[ReviewView]) -> None:
        if generation != self._generation:
            return
        keep = self.current_item()
        if self._done_scope != (self.ctx.academy, self.ctx.year):
            self.done_note.hide()  # it spoke of another academy or year
        self.model.set_items(items)
        n = sum(1 for i in items if i.state == "open")
        self.count_changed.emit(n)
        where = escape(self.ctx.academy_name)
        self.intro.setText(
            f"<b>{n} row{'s' if n != 1 else ''}</b> from imports for {where}, {self.ctx.year}, "
            "wait for you to choose the learner. Nothing is guessed."
            if n
            else ""
        )
        self.stack.setCurrentIndex(0 if items else 1)
        row = self.model.row_of(keep.id) if keep else None
        if items:
            self.table.selectRow(row if row is not None else 0)
        else:
            self._show_item(None)
        self.loaded.emit()

    def current_item(self) -> ReviewView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.item(rows[0].row()) if rows else None

    def _item_changed(self, _s: QItemSelection, _d: QItemSelection) -> None:
        self._show_item(self.current_item())

    def _enable_buttons(self, item: ReviewView | None) -> None:
        """What can be done with the chosen row — by someone who may resolve review rows."""
        from consent_desk.services.access import Action

        allowed = [
            self.gate.widget(b, Action.RESOLVE_REVIEW)
            for b in (
                self.resolve_button,
                self.other_button,
                self.dismiss_button,
                self.reopen_button,
            )
        ]
        waiting = item is not None and item.state == "open"
        has = item is not None and all(allowed) and not self._busy
        for b in (self.other_button, self.dismiss_button):
            b.setEnabled(has and waiting)
        self.resolve_button.setEnabled(has and waiting and bool(item and item.candidates))
        self.reopen_button.setVisible(item is not None and not waiting)
        self.reopen_button.setEnabled(has and not waiting)

    def apply_role(self) -> None:
        self._enable_buttons(self.current_item())

    def _show_item(self, item: ReviewView | None) -> None:
        while self.row_form.rowCount():
            self.row_form.removeRow(0)
        self._enable_buttons(item)
        if item is None:
            self.candidates.set_candidates([])
            self.why.clear()
            return
        d = item.data.get("learner", {})
        labels = self.ctx.purpose_labels
        add = self.row_form.addRow
        add("Row:", self._wrap(item.where))
        add("Why it waits:", self._wrap(item.reason))
        add("Learner:", self._wrap(row_name(item)))
        for key, label in (
            ("dob", "Born:"),
            ("reg_group", "Group:"),
            ("year_group", "Year:"),
            ("upn", "UPN:"),
            ("adno", "Admission no.:"),
        ):
            if d.get(key):
                add(label, self._wrap(_dob(d[key]) if key == "dob" else str(d[key])))
        who = item.data.get("respondent_name") or item.data.get("respondent_email")
        if who:
            add("From:", self._wrap(str(who)))
        if row_received(item):
            add("Received:", self._wrap(row_received(item)))
        answers = {
            k: Answer(v)
            for k, v in item.data.get("answers", {}).items()
            if v in {a.value for a in Answer}
        }
        words = describe_answers(answers, labels) if answers else "no answers on the row"
        said = words[:1].upper() + words[1:]
        if item.data.get("problems"):
            said += (
                " — as far as it could be read: a cell that could not be read counts as "
                "not answered. If the form says more, key it as a paper return instead"
            )
        add("Answers:", self._wrap(said))
        if item.state != "open":
            decided = f"{item.state.capitalize()} by {item.decided_by or 'someone'}"
            if item.dismiss_reason:
                decided += f": “{item.dismiss_reason}”"
            add("Decided:", self._wrap(decided))
        if item.data.get("limitation"):
            add("Limitation:", self._wrap(f"“{item.data['limitation']}”"))
        cells = item.data.get("cells") or {}
        if cells:
            # the row exactly as the file has it, so a person can read what the parent wrote
            add("In the file:", self._wrap("\n".join(f"{k}: {v}" for k, v in cells.items())))
        self.why.clear()
        self.candidates.set_candidates(item.candidates)
        self.no_candidates.setVisible(not item.candidates)
        self.cand_table.setVisible(bool(item.candidates))
        if item.candidates:
            self.cand_table.selectRow(0)

    def _candidate_changed(self, _s: QItemSelection, _d: QItemSelection) -> None:
        rows = self.cand_table.selectionModel().selectedRows()
        c = self.candidates.candidate(rows[0].row()) if rows else None
        self.why.setText(f"{c.name}: {c.why}" if c is not None else "")

    @staticmethod
    def _wrap(text: str) -> QLabel:
        """What a file says, shown as it is (plain text: never read as markup)."""
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    # deciding ------------------------------------------------------------------------------
    def resolve_selected(self) -> None:
        item = self.current_item()
        rows = self.cand_table.selectionModel().selectedRows()
        if item is None or not rows:
            return
        c = self.candidates.candidate(rows[0].row())
        self._resolve(item, c.learner_id, c.name)

    def resolve_other(self) -> None:
        item, prepared = self.current_item(), self.ctx.prepared
        if item is None or prepared is None:
            return
        dialog = PickLearnerDialog(
            prepared,
            "Choose the learner",
            f"Row {item.row} of {item.file_name}: {row_name(item)}",
            parent=self,
        )
        if dialog.exec() and dialog.learner_id is not None:
            rows = self.ctx.prepared.rows if self.ctx.prepared is not None else []
            name = next(
                (r.display_name for r in rows if r.learner_id == dialog.learner_id),
                "the chosen learner",
            )
            self._resolve(item, dialog.learner_id, name)

    def _resolve(self, item: ReviewView, learner_id: int, name: str) -> None:
        db, user = self.ctx.db, current_user_name()
        assert db is not None

        def said(done: Resolved) -> str:
            return (f"Row {item.row} of {item.file_name}: return added for {name} "
                    f"({done.change}). {LEFT_QUEUE}")  # fmt: skip

        self._run(
            lambda _: resolve(db, item.id, user, learner_id=learner_id),
            item,
            said,
            f"Row {item.row}: return added for {name}",
        )

    def dismiss_selected(self) -> None:
        item = self.current_item()
        if item is None:
            return
        reason, ok = QInputDialog.getItem(
            self,
            "Dismiss row",
            f"Why is row {item.row} ({row_name(item)}) not a return for this academy?",
            list(DISMISS_REASONS),
            0,
            True,
        )
        if not ok or not reason.strip():
            return
        db, user = self.ctx.db, current_user_name()
        assert db is not None
        labels, code, year = self.ctx.purpose_labels, item.academy, item.year

        def consequence(_: Any) -> str | None:
            if dismiss_warning(item, labels) is None:
                return None
            best = item.candidates[0].learner_id if item.candidates else None
            now = (
                f"for the likeliest match, {list_line(db, code, year, best)}"
                if best is not None
                else None
            )
            return dismiss_warning(item, labels, now)

        def ask(warning: str | None) -> None:
            if warning and not confirm(
                self,
                f"Dismiss row {item.row} ({row_name(item)})?",
                "Dismiss a row that objects",
                yes="Dismiss anyway",
                details=warning,
            ):
                return
            self._run(
                lambda _: dismiss(db, item.id, reason, user),
                item,
                f"Row {item.row} of {item.file_name} dismissed ({reason}). {LEFT_QUEUE}",
                f"Row {item.row} dismissed",
            )

        run_task(consequence, ask, lambda exc: show_error(self, exc), receiver=self)

    def reopen_selected(self) -> None:
        """A row decided by mistake goes back in the queue; a resolved row's return is voided
        (it stays in the learner's history, marked void)."""
        item = self.current_item()
        if item is None or item.state == "open":
            return
        what = (
            "Its return is voided: it stays in the learner's history, marked void, and "
            "stops counting until the row is resolved again."
            if item.state == "resolved"
            else "It waits in the queue again."
        )
        reason, ok = QInputDialog.getText(
            self,
            "Reopen row",
            f"Reopen row {item.row} ({row_name(item)}), {item.state} by "
            f"{item.decided_by or 'someone'}?\n\n{what}\n\nWhy is it reopened?",
        )
        if not ok or not reason.strip():
            return
        db, user = self.ctx.db, current_user_name()
        assert db is not None
        self._run(
            lambda _: reopen(db, item.id, reason, user),
            item,
            f"Row {item.row} of {item.file_name} reopened ({reason}): it waits in the queue again.",
            f"Row {item.row} reopened",
        )

    def _run(
        self, fn: Any, item: ReviewView, message: str | Callable[[Any], str], short: str
    ) -> None:
        """Do ``fn`` on a worker; then say ``message`` (or what it makes of ``fn``'s result) on
        the screen, ``short`` in the status bar (which a 1280-pixel window shows in one line)."""
        if self._busy:
            return
        self._busy = True
        self._show_item(item)

        def done(result: object) -> None:
            from consent_desk.gui.status_after import say_after_reload

            self._busy = False
            self.done_note.setText(f"✓ {message if isinstance(message, str) else message(result)}")
            self.done_note.show()
            self._done_scope = (self.ctx.academy, self.ctx.year)
            say_after_reload(self.ctx, f"✓ {short}", 15000)
            self.decided.emit(item.id)
            self.ctx.changed(review=True, returns=True)

        def failed(exc: BaseException) -> None:
            self._busy = False
            show_error(self, exc, "Review row not changed")
            self.reload()

        run_task(fn, done, failed, receiver=self)
