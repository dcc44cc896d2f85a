"""Print (or save as PDF) the restricted-learner sheet for the academy, a year group, a
registration group or the learners picked in the table (a trip, a team)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QProgressBar,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from consent_desk.db.engine import Database
from consent_desk.gui.errors import show_error
from consent_desk.gui.learner_model import year_group_text
from consent_desk.gui.learners_tab import LearnersTab
from consent_desk.gui.printing import print_pdf
from consent_desk.gui.tasks import run_task
from consent_desk.services.documents import SheetScope, build_sheet


class PrintSheetDialog(QDialog):
    printed = Signal(int)  # pages
    saved = Signal(str)  # the PDF file

    def __init__(self, db: Database, academy: str, year: str, learners: LearnersTab,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.academy, self.year = db, academy, year
        self.setWindowTitle("Print the restricted-learner sheet")
        self._busy = False
        prepared = learners.model.prepared
        chosen = learners.selected_ids()
        flt = learners.model.filter

        self.whole = QRadioButton("The &whole academy, a section per registration group")
        self.by_year = QRadioButton("&Year group:")
        self.by_group = QRadioButton("&Registration group:")
        picked = (f"The {len(chosen)} learners &selected in the table, as a group called:"
                  if len(chosen) > 1 else "Learners &selected in the table (select several "
                  "with Ctrl+click first), as a group called:")
        self.by_pick = QRadioButton(picked)
        self.year_box = QComboBox()
        for y in prepared.year_groups:
            self.year_box.addItem(year_group_text(y), y)
        self.group_box = QComboBox()
        for g in prepared.reg_groups:
            self.group_box.addItem(g, g)
        self.pick_name = QLineEdit()
        self.pick_name.setPlaceholderText("e.g. Museum trip, 14 March")
        self.pick_name.setAccessibleName("Name of the chosen group")
        self.chosen = tuple(chosen)
        group = QButtonGroup(self)
        for b in (self.whole, self.by_year, self.by_group, self.by_pick):
            group.addButton(b)
        self.by_pick.setEnabled(len(chosen) > 1)
        if not chosen or len(chosen) == 1:
            self.by_pick.setToolTip("Select several learners in the table first (Ctrl+click)")
        self.year_box.activated.connect(lambda _: self.by_year.setChecked(True))
        self.group_box.activated.connect(lambda _: self.by_group.setChecked(True))
        self.pick_name.textEdited.connect(lambda _: self.by_pick.setChecked(True))
        if len(chosen) > 1:
            self.by_pick.setChecked(True)
        elif flt.reg_group:
            self.by_group.setChecked(True)
            self.group_box.setCurrentIndex(max(0, self.group_box.findData(flt.reg_group)))
        elif flt.year_group:
            self.by_year.setChecked(True)
            self.year_box.setCurrentIndex(max(0, self.year_box.findData(flt.year_group)))
        else:
            self.whole.setChecked(True)
        who = QGroupBox("Which learners")
        grid = QGridLayout(who)
        grid.addWidget(self.whole, 0, 0, 1, 2)
        grid.addWidget(self.by_year, 1, 0)
        grid.addWidget(self.year_box, 1, 1)
        grid.addWidget(self.by_group, 2, 0)
        grid.addWidget(self.group_box, 2, 1)
        grid.addWidget(self.by_pick, 3, 0, 1, 2)
        grid.addWidget(self.pick_name, 4, 0, 1, 2)
        grid.setColumnStretch(1, 1)

        self.restricted_only = QCheckBox("List only learners with &restrictions (recommended)")
        self.restricted_only.setChecked(True)
        self.restricted_only.setToolTip("Untick to print everyone in the group, each marked")
        self.page_per_group = QCheckBox("Start each registration group on a &new page")
        self.page_per_group.setToolTip("So each teacher can be given their own class's page")
        note = QLabel("The sheet never shows photographs or safeguarding reasons. It is "
                      "confidential: collect it after the event.")
        note.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setVisible(False)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.print_button = self.buttons.addButton("&Print…",
                                                   QDialogButtonBox.ButtonRole.AcceptRole)
        self.print_button.setDefault(True)
        self.pdf_button = self.buttons.addButton("Save as P&DF…",
                                                 QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.clicked.connect(self.print_sheet)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(who)
        lay.addWidget(self.restricted_only)
        lay.addWidget(self.page_per_group)
        lay.addWidget(note)
        lay.addWidget(self.progress)
        lay.addWidget(self.buttons, 0, Qt.AlignmentFlag.AlignBottom)
        self.setMinimumWidth(540)

    def scope(self) -> SheetScope:
        only, paged = self.restricted_only.isChecked(), self.page_per_group.isChecked()
        if self.by_year.isChecked() and self.year_box.currentData():
            return SheetScope("year_group", self.year_box.currentData(), restricted_only=only,
                              page_per_group=paged)
        if self.by_group.isChecked() and self.group_box.currentData():
            return SheetScope("reg_group", self.group_box.currentData(), restricted_only=only,
                              page_per_group=paged)
        if self.by_pick.isChecked() and self.chosen:
            return SheetScope("learners", learner_ids=self.chosen,
                              title=self.pick_name.text().strip() or "Chosen learners",
                              restricted_only=only, page_per_group=paged)
        return SheetScope("academy", restricted_only=only, page_per_group=paged)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self.print_button.setEnabled(not busy)
        self.pdf_button.setEnabled(not busy)
        self.progress.setVisible(busy)
        self.progress.setRange(0, 0)
        self.progress.setFormat(text)

    def print_sheet(self) -> None:
        if self._busy:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(f"Restricted learners — {self.scope().describe()}")
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print the restricted-learner sheet")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.printer = printer
        db, academy, year, scope = self.db, self.academy, self.year, self.scope()

        def work(progress: Any) -> int:
            buffer = io.BytesIO()
            build_sheet(db, academy, year, scope, buffer)
            return print_pdf(buffer.getvalue(), printer, progress)

        def done(pages: int) -> None:
            self._set_busy(False)
            self.printed.emit(pages)
            self.accept()

        self._set_busy(True, "Printing…")
        run_task(work, done, self._failed, self._progress, receiver=self)

    def save_pdf(self) -> None:
        if self._busy:
            return
        scope = self.scope()
        name = f"Restricted learners {self.academy} {scope.describe()} {self.year}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, "Save the sheet as PDF",
                                              name.replace("/", "-"), "PDF (*.pdf)")
        if not path:
            return
        target = Path(path) if path.lower().endswith(".pdf") else Path(path + ".pdf")
        db, academy, year = self.db, self.academy, self.year

        def done(_: Any) -> None:
            self._set_busy(False)
            self.saved.emit(str(target))
            self.accept()

        self._set_busy(True, "Writing the PDF…")
        run_task(lambda _: build_sheet(db, academy, year, scope, target), done, self._failed,
                 receiver=self)

    def _progress(self, stage: str, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"{stage}: page {min(done + 1, total)} of {total}")

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        show_error(self, exc, "Sheet not printed")
