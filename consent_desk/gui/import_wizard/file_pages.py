"""Wizard pages 1 and 2: choose the file (and what it is), then the sheet with a preview that
shows which row holds the column headings."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from consent_desk.domain.years import AcademicYear
from consent_desk.gui.errors import describe_error
from consent_desk.gui.file_dialogs import FileKind, open_file
from consent_desk.gui.tasks import run_task

if TYPE_CHECKING:
    from consent_desk.gui.import_wizard.wizard import ImportWizard

FILE_FILTER = "Spreadsheets (*.xlsx *.xlsm *.xls *.ods *.csv *.tsv *.txt);;All files (*)"
PREVIEW_ROWS = 25


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Choose the file to import")
        self.setSubTitle(
            "A spreadsheet exported from the MIS, Microsoft Forms or Google Forms, "
            "or typed up in the office (.xlsx, .ods, .csv)."
        )
        self.setAcceptDrops(True)
        self.learners = QRadioButton(
            "The &learner list exported from the MIS (SIMS, Arbor, Bromcom…)"
        )
        self.returns = QRadioButton(
            "&Returns: parents' answers (a forms export or a typed-up sheet)"
        )
        (self.returns if wizard.kind == "returns" else self.learners).setChecked(True)
        self.academy = QComboBox()
        self.academy.setAccessibleName("Academy")
        for code, text in wizard.academies:
            self.academy.addItem(text, code)
        self.academy.setCurrentIndex(max(0, self.academy.findData(wizard.academy)))
        self.year = QComboBox()
        self.year.setAccessibleName("Academic year")
        try:
            start = AcademicYear.parse(wizard.year).start_year
        except ValueError:
            start = AcademicYear.current().start_year
        for y in (start + 1, start, start - 1):
            self.year.addItem(AcademicYear(y).label, AcademicYear(y).label)
        self.year.setCurrentIndex(1)
        self.file = QLineEdit()
        self.file.setPlaceholderText("Choose a file, or drop it here")
        self.file.setAccessibleName("File to import")
        self.browse_button = QPushButton("&Browse…")
        self.browse_button.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.file, 1)
        row.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow("What it is:", self.learners)
        form.addRow("", self.returns)
        form.addRow("&Academy:", self.academy)
        form.addRow("Academic &year:", self.year)
        file_label = QLabel("&File:")
        file_label.setBuddy(self.file)
        form.addRow(file_label, row)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addStretch(1)
        self.file.textChanged.connect(lambda _: self.completeChanged.emit())
        self.returns.toggled.connect(lambda on: self.year.setEnabled(on))
        self.year.setEnabled(self.returns.isChecked())
        self.registerField("file*", self.file)

    def browse(self) -> None:
        kind = FileKind.RETURNS if self.w.kind == "returns" else FileKind.LEARNERS
        path = open_file(
            self, kind, "Choose the file to import", FILE_FILTER, current=self.file.text()
        )
        if path:
            self.file.setText(path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = [u for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            self.file.setText(urls[0].toLocalFile())

    def isComplete(self) -> bool:
        text = self.file.text().strip()
        return bool(text) and Path(text).expanduser().is_file()

    def validatePage(self) -> bool:
        w = self.w
        path = Path(self.file.text().strip()).expanduser()
        kind = "returns" if self.returns.isChecked() else "learners"
        if (path, kind, self.academy.currentData()) != (w.path, w.kind, w.academy):
            w.table = w.mapping = w.dry_report = None
            w.sheet = w.received = None
        w.path, w.academy = path, self.academy.currentData()
        w.kind = "returns" if kind == "returns" else "learners"
        w.year = self.year.currentData()
        w.setWindowTitle(f"Import the {w.kind_words} — {self.academy.currentText()}")
        return True


class SheetPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Check the sheet and its headings")
        self._generation = 0
        self.sheet = QComboBox()
        self.sheet.setAccessibleName("Sheet")
        self.sheet_label = QLabel("&Sheet:")
        self.sheet_label.setBuddy(self.sheet)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setAccessibleName("What was found")
        self.preview = QTableWidget()
        self.preview.setAccessibleName("Preview of the first rows")
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setWordWrap(False)
        top = QHBoxLayout()
        top.addWidget(self.sheet_label)
        top.addWidget(self.sheet, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.info)
        lay.addWidget(self.preview, 1)
        self.sheet.currentIndexChanged.connect(lambda _: self._load())

    def initializePage(self) -> None:
        from consent_desk.importing.readers import sheet_names

        w = self.w
        self.setSubTitle(
            f"{w.path.name if w.path else ''}: the row in bold holds the column "
            "headings; rows above it are skipped."
        )
        self.sheet.blockSignals(True)
        self.sheet.clear()
        try:
            names = sheet_names(w.path) if w.path else []
        except Exception as exc:  # an unreadable file: said on the page, not a traceback
            names = []
            self._failed(self._generation, exc)
        for n in names:
            self.sheet.addItem(n, n)
        self.sheet.setCurrentIndex(max(0, self.sheet.findData(w.sheet)))
        self.sheet.blockSignals(False)
        self.sheet.setVisible(bool(names))
        self.sheet_label.setVisible(bool(names))
        if w.table is None or w.table.sheet != (self.sheet.currentData() or None):
            self._load()
        else:
            self.completeChanged.emit()

    def _load(self) -> None:
        from consent_desk.importing.readers import preview_rows, read_table

        w = self.w
        sheet = self.sheet.currentData()
        path = w.path
        if path is None:
            return
        w.table = w.mapping = w.dry_report = None
        w.sheet = sheet
        self._generation += 1
        generation = self._generation
        self.info.setText("Reading the file…")
        self.preview.clear()
        self.completeChanged.emit()

        def work(progress: Any) -> Any:
            return (
                read_table(path, sheet, progress=lambda d, t: progress("Reading", d, t)),
                preview_rows(path, sheet, PREVIEW_ROWS),
            )

        run_task(
            work,
            lambda r: self._loaded(generation, *r),
            lambda exc: self._failed(generation, exc),
            receiver=self,
        )

    def _loaded(self, generation: int, table: Any, rows: list[list[str]]) -> None:
        if generation != self._generation:
            return
        self.w.table = table
        self.w.sheet = table.sheet
        n = len(table.rows)
        text = (
            f"Row {table.header_row} holds the column headings; {n:,} row"
            f"{'s' if n != 1 else ''} of data below it."
        )
        if table.warnings:
            text += " " + " ".join(table.warnings[:3])
        self.info.setText(text)
        width = max([len(r) for r in rows] + [len(table.headers)])
        self.preview.setRowCount(len(rows))
        self.preview.setColumnCount(width)
        from consent_desk.importing.readers import column_letter

        self.preview.setHorizontalHeaderLabels([column_letter(i) for i in range(width)])
        self.preview.setVerticalHeaderLabels([str(i + 1) for i in range(len(rows))])
        bold = QFont(self.font())
        bold.setBold(True)
        for r, cells in enumerate(rows):
            for c, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if r + 1 == table.header_row:
                    item.setFont(bold)
                elif r + 1 < table.header_row:
                    item.setForeground(self.palette().placeholderText())
                self.preview.setItem(r, c, item)
        for c in range(width):
            self.preview.setColumnWidth(c, 140)
        self.completeChanged.emit()

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self.info.setText("⚠ " + describe_error(exc))
            self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.w.table is not None


__all__ = ["FilePage", "Qt", "SheetPage"]
