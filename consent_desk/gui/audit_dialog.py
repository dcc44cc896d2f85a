"""The audit trail viewer: each entry as a sentence in people's words — who did what, to which
learner, when; search by a learner's or user's name, filters by who, kind, academy and dates,
and the entries shown exported to a spreadsheet that says the same. Principals see their
academies' entries only."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from consent_desk.db.engine import Database
from consent_desk.domain.audit_words import recorded_changes
from consent_desk.gui.audit_model import CHANGE, WHEN, AuditFilter, AuditTableModel
from consent_desk.gui.errors import show_error
from consent_desk.gui.file_dialogs import FileKind, save_file
from consent_desk.gui.tasks import run_task

MAX_ENTRIES = 20000
DEFAULT_DAYS = 30


def _combo(name: str, everyone: str) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName(name)
    box.addItem(everyone, None)
    box.setMinimumContentsLength(10)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    return box


class AuditDialog(QDialog):
    loaded = Signal()
    exported = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._generation = 0
        self._capped = False
        self.setWindowTitle("Audit trail")
        self.model = AuditTableModel(self)
        self.who = _combo("Who", "Everyone")
        self.kind = _combo("Kind", "Every kind")
        self.academy = _combo("Academy", "Every academy")
        today = QDate.currentDate()
        self.since = QDateEdit(today.addDays(-DEFAULT_DAYS))
        self.until = QDateEdit(today)
        for edit, name in ((self.since, "From"), (self.until, "To")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setAccessibleName(name)
        self.search = QLineEdit()
        self.search.setPlaceholderText("A learner's or user's name, or any words of an entry…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search")
        grid = QGridLayout()
        for col, (text, widget) in enumerate(
            (
                ("&Who", self.who),
                ("&Kind", self.kind),
                ("Aca&demy", self.academy),
                ("&From", self.since),
                ("&To", self.until),
            )
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            grid.addWidget(label, 0, col)
            grid.addWidget(widget, 1, col)
        search_label = QLabel("&Search")
        search_label.setBuddy(self.search)
        grid.addWidget(search_label, 0, 5)
        grid.addWidget(self.search, 1, 5)
        grid.setColumnStretch(5, 1)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Audit entries")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(WHEN, Qt.SortOrder.DescendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.horizontalHeader().setSectionResizeMode(CHANGE, QHeaderView.ResizeMode.Stretch)
        for col, width in enumerate((120, 150, 170)):
            self.table.setColumnWidth(col, width)
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.detail.setAccessibleName("The chosen entry")
        self.detail.setPlaceholderText("Choose an entry to read it in full.")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        split.setSizes([400, 150])

        self.count = QLabel()
        self.count.setAccessibleName("Entries shown")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton(
            "&Export to Excel…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.export_button.setToolTip("The entries shown (with the filters), as an .xlsx file")
        self.export_button.setAutoDefault(False)
        self.export_button.clicked.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        bottom = QGridLayout()
        bottom.addWidget(self.count, 0, 0)
        bottom.addWidget(self.buttons, 0, 1)
        bottom.setColumnStretch(0, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(grid)
        lay.addWidget(split, 1)
        lay.addLayout(bottom)
        self.resize(1000, 620)

        for box in (self.who, self.kind, self.academy):
            box.currentIndexChanged.connect(lambda _i: self._filter())
        self.search.textChanged.connect(lambda _t: self._filter())
        self.since.dateChanged.connect(lambda _d: self.reload())
        self.until.dateChanged.connect(lambda _d: self.reload())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        self.model.modelReset.connect(self._show_detail)
        self.reload()

    # loading -------------------------------------------------------------------------------
    def date_range(self) -> tuple[datetime, datetime]:
        since: date = self.since.date().toPython()  # type: ignore[assignment]
        until: date = self.until.date().toPython()  # type: ignore[assignment]
        if until < since:
            since, until = until, since
        return datetime.combine(since, time()), datetime.combine(
            until + timedelta(days=1), time()
        ) - timedelta(seconds=1)

    def reload(self) -> None:
        from consent_desk.services.audit_log import read_audit

        self._generation += 1
        generation, db = self._generation, self.db
        since, until = self.date_range()
        self.count.setText("Reading the audit trail…")
        run_task(
            lambda _: read_audit(db, since=since, until=until, limit=MAX_ENTRIES),
            lambda page: self._loaded(generation, page),
            lambda exc: self._failed(generation, exc),
            receiver=self,
        )

    def _loaded(self, generation: int, page: Any) -> None:
        if generation != self._generation:
            return
        self._capped = page.matched > len(page.entries)
        self.model.set_entries(page.entries)
        self._fill(self.who, self.model.users())
        self._fill(self.kind, [(k, k) for k in self.model.kinds()])
        self._fill(self.academy, [(code, name or code) for code, name in self.model.academies()])
        self._filter()
        self.loaded.emit()

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self.count.setText("")
            show_error(self, exc, "Audit trail", retry=self.reload)

    @staticmethod
    def _fill(box: QComboBox, values: list[tuple[str, str]]) -> None:
        """(data, shown) items after the first ("Everyone"), keeping the one chosen."""
        keep = box.currentData()
        box.blockSignals(True)
        while box.count() > 1:
            box.removeItem(1)
        for data, shown in values:
            box.addItem(shown, data)
        box.setCurrentIndex(max(0, box.findData(keep)) if keep else 0)
        box.blockSignals(False)

    def _filter(self) -> None:
        self.model.set_filter(
            AuditFilter(
                self.who.currentData(),
                self.kind.currentData(),
                self.academy.currentData(),
                self.search.text(),
            )
        )
        self._show_count()

    def _show_count(self) -> None:
        shown, total = self.model.rowCount(), len(self.model.all)
        since, until = self.date_range()
        dates = f"from {since:%d/%m/%Y} to {until:%d/%m/%Y}"
        if shown != total:
            text = f"{shown:,} of {total:,} entries {dates} match"
        else:
            text = f"{total:,} entr{'y' if total == 1 else 'ies'} {dates}"
        if self._capped:
            text += f" (the latest {MAX_ENTRIES:,} only: narrow the dates to see earlier ones)"
        self.count.setText(text)
        self.export_button.setEnabled(shown > 0)

    def _show_detail(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            self.detail.clear()
            return
        e = self.model.entry(index.row())
        who = e.who if e.who == e.user else f"{e.who} (user name {e.user})"
        lines = [e.sentence, "", f"{e.at:%A %d %B %Y, %H:%M:%S} — {who}", f"Kind: {e.kind}"]
        if e.academy:
            lines.append(f"Academy: {e.academy}")
        # the fields as recorded, when they say more than the sentence does
        recorded = [p for p in recorded_changes(e.before, e.after).split("; ") if p]
        if any(part not in e.sentence for part in recorded):
            lines += ["", "As recorded:", *(f"    {part}" for part in recorded)]
        self.detail.setPlainText("\n".join(lines))

    # exporting -----------------------------------------------------------------------------
    def export(self) -> None:
        from consent_desk.services.audit_log import export_audit_xlsx

        entries = self.model.visible_entries()
        if not entries:
            return
        since, until = self.date_range()
        name = f"Audit trail {since:%Y-%m-%d} to {until:%Y-%m-%d}.xlsx"
        path, _ = save_file(
            self, FileKind.EXPORTS, "Export the audit trail", name, "Excel workbook (*.xlsx)"
        )
        if not path:
            return
        target = Path(path) if path.lower().endswith(".xlsx") else Path(path + ".xlsx")
        self.export_button.setEnabled(False)

        def done(n: int) -> None:
            self.export_button.setEnabled(True)
            self.count.setText(f"Exported {n:,} entries to {target.name}")
            self.exported.emit(str(target))

        def failed(exc: BaseException) -> None:
            self.export_button.setEnabled(True)
            show_error(self, exc, "Audit trail not exported")

        run_task(lambda _: export_audit_xlsx(entries, target), done, failed, receiver=self)
