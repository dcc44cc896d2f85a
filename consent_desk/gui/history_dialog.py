"""Import history: every import of the academy, who ran it and what it did — and undoing one
(a returns import: its returns and review rows are removed; a learner list: the roll is put
back as it was)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from consent_desk.db.engine import Database
from consent_desk.gui.errors import confirm, show_error
from consent_desk.gui.roles import Gate
from consent_desk.gui.tasks import run_task
from consent_desk.services.audit import current_user_name
from consent_desk.services.batches import (
    BatchView,
    UndoPlan,
    list_batches,
    plan_undo,
    undo_import,
)

HEADERS = ("When", "What", "File", "Year", "By", "Result", "State")


def _result(b: BatchView) -> str:
    c = b.counts
    if b.kind == "returns":
        return (
            f"{c.get('imported', 0)} added, {c.get('duplicates', 0)} already there, "
            f"{c.get('needs_review', 0)} to review, {c.get('errors', 0)} errors"
        )
    return (
        f"{c.get('added', 0)} added, {c.get('updated', 0)} updated, "
        f"{c.get('marked_left', 0)} marked left, {c.get('errors', 0)} errors"
    )


class ImportHistoryDialog(QDialog):
    undone = Signal()
    loaded = Signal()

    def __init__(
        self, db: Database, academy: str, academy_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db, self.academy = db, academy
        self.batches: list[BatchView] = []
        self.setWindowTitle(f"Import history — {academy_name}")
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setAccessibleName("Imports")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        for col, width in enumerate((120, 80, 220, 60, 90)):
            self.table.setColumnWidth(col, width)
        self.undo_button = QPushButton("&Undo this import…")
        self.undo_button.setToolTip("Put back what this import changed")
        self.undo_button.clicked.connect(self.undo_selected)
        self.gate = Gate()
        note = QLabel(
            "Undoing a returns import removes the returns it added and its rows in "
            "the review queue. Undoing a learner list puts names, groups and leavers "
            "back as they were and removes the learners it added (a learner with "
            "returns is kept, as a leaver)."
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.undo_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addWidget(note)
        lay.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._selection)
        self.resize(900, 420)
        self.reload()

    def reload(self) -> None:
        db, academy = self.db, self.academy
        run_task(
            lambda _: list_batches(db, academy),
            self._show,
            lambda exc: show_error(self, exc),
            receiver=self,
        )

    def _show(self, batches: list[BatchView]) -> None:
        self.batches = batches
        self.table.setRowCount(len(batches))
        for r, b in enumerate(batches):
            state = f"Undone {b.undone_at:%d/%m/%Y}" if b.undone_at else ""
            values = (
                b.imported_at.strftime("%d/%m/%Y %H:%M"),
                "Returns" if b.kind == "returns" else "Learners",
                b.file_name,
                b.year or "",
                b.imported_by,
                _result(b),
                state,
            )
            for c, v in enumerate(values):
                item = QTableWidgetItem(v)
                item.setToolTip(v)
                self.table.setItem(r, c, item)
        self._selection()
        self.loaded.emit()

    def selected(self) -> BatchView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.batches[rows[0].row()] if rows else None

    def _selection(self) -> None:
        from consent_desk.services.access import Action

        b = self.selected()
        allowed = self.gate.widget(self.undo_button, Action.UNDO_IMPORT)
        self.undo_button.setEnabled(allowed and b is not None and b.can_undo)

    def undo_selected(self) -> None:
        b = self.selected()
        if b is None:
            return
        if b.kind != "returns":
            what = (
                f"The {b.counts.get('added', 0)} learners it added are removed, the "
                f"{b.counts.get('updated', 0)} it changed go back as they were and the "
                f"{b.counts.get('marked_left', 0)} it marked as left are back on roll."
            )
            if not confirm(
                self,
                f"Undo the import of {b.file_name} ({b.imported_at:%d/%m/%Y})?\n\n" + what,
                "Undo import",
                yes="Undo import",
            ):
                return
            learners_db, learners_user = self.db, current_user_name()

            def learners_undone(_put_back: Any) -> None:
                self.undone.emit()
                self.reload()

            run_task(
                lambda _: undo_import(learners_db, b.id, learners_user),
                learners_undone,
                lambda exc: show_error(self, exc, "Import not undone"),
                receiver=self,
            )
            return
        db, user, bid = self.db, current_user_name(), b.id

        def ask(plan: UndoPlan) -> None:
            """Say what the undo removes — and what stays because another import holds it."""
            if not confirm(
                self,
                f"Undo the import of {b.file_name} "
                f"({b.imported_at:%d/%m/%Y})?\n\nThis {plan.describe()}.",
                "Undo import",
                yes="Undo import",
            ):
                return
            run_task(
                lambda _: undo_import(db, bid, user),
                done,
                lambda exc: show_error(self, exc, "Import not undone"),
                receiver=self,
            )

        def done(removed: Any) -> None:
            self.undone.emit()
            self.reload()

        run_task(
            lambda _: plan_undo(db, bid),
            ask,
            lambda exc: show_error(self, exc, "Import not undone"),
            receiver=self,
        )
