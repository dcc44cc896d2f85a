"""Print (or save as PDF) the restricted-learner sheet for the academy, a year group, a
registration group or the learners picked in the table (a trip, a team) — and the base shared
with the consent forms: the system print dialog, or a PDF file, written on a worker."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import date, datetime
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from PySide6.QtCore import Qt, Signal
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from consent_desk.db.engine import Database
from consent_desk.domain.sheets import SheetScope
from consent_desk.gui.errors import show_error
from consent_desk.gui.file_dialogs import FileKind, save_file
from consent_desk.gui.guide import PRINT, add_help_key
from consent_desk.gui.learners_tab import LearnersTab
from consent_desk.gui.printing import print_pdf
from consent_desk.gui.scope_box import ScopeBox
from consent_desk.gui.tasks import run_task
from consent_desk.services.documents import build_sheet

WARNING_STYLE = (
    "QLabel { background: #fff3cd; color: #523e02; border: 1px solid #e0c36c; "
    "border-radius: 4px; padding: 6px 8px; }"
)

PdfTarget = Path | BinaryIO  # a file to write, or an open binary file (the print buffer)

if TYPE_CHECKING:
    from consent_desk.services.sheet_prints import StaleSheet


def _on(at: datetime, today: date) -> str:
    """``3 Nov at 14:05`` (with the year when it is not this year's)."""
    day = f"{at.day} {at:%b}" + (f" {at.year}" if at.year != today.year else "")
    return f"{day} at {at:%H:%M}"


def reprint_text(
    this: StaleSheet | None, others: Sequence[StaleSheet], today: date | None = None
) -> str:
    """The reprint badge: why the chosen sheet (``this``, a StaleSheet, or None) is out of
    date, then the other sheets to print again, each with the day it was printed."""
    today = today or date.today()
    parts = []
    if this is not None:
        parts.append(
            f"<b>⚠ Reprint needed</b> — this sheet was printed on {_on(this.printed_at, today)} "
            f"by {escape(this.printed_by)} and no longer shows what is true: "
            f"{escape(this.reason)}."
        )
    if others:
        listed = "; ".join(
            f"{escape(s.scope.describe())}, printed on {_on(s.printed_at, today)}" for s in others
        )
        sheets = "another sheet" if len(others) == 1 else f"{len(others)} other sheets"
        lead = (
            "Also to print again" if this is not None else f"<b>⚠ Reprint needed</b> for {sheets}"
        )
        parts.append(f"{lead}: {listed}.")
    return "<br>".join(parts)


class PdfPrintDialog(QDialog):
    """Choose the learners, then Print… (system dialog) or Save as PDF…"""

    printed = Signal(int)  # pages
    saved = Signal(str)  # the PDF file
    what = "document"  # for titles and messages

    def __init__(
        self,
        db: Database,
        academy: str,
        year: str,
        learners: LearnersTab,
        *,
        whole: str,
        named_pick: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.academy, self.year = db, academy, year
        self._busy = False
        self.who = ScopeBox(learners, whole=whole, named_pick=named_pick)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.print_button = self.buttons.addButton(
            "&Print…", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.pdf_button = self.buttons.addButton(
            "Save as P&DF…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.print_button.clicked.connect(self.print_document)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout(self)
        self.body.addWidget(self.who)
        self.setMinimumWidth(560)

    def finish_layout(self) -> None:
        self.body.addWidget(self.progress)
        self.body.addWidget(self.buttons, 0, Qt.AlignmentFlag.AlignBottom)
        # Enter prints. (Made the default only now that the button is in the dialog: before,
        # the dialog did not know it and made the first button it met — Cancel — the default.)
        self.print_button.setDefault(True)

    # what each dialog prints ----------------------------------------------------------------
    def scope(self) -> SheetScope:
        return self.who.scope()

    def build(self) -> Callable[[SheetScope, PdfTarget], object]:
        """``write(scope, target)``: the PDF to a path or a binary file (on a worker)."""
        raise NotImplementedError

    def file_name(self, scope: SheetScope) -> str:
        return f"{self.what} {self.academy} {scope.describe()} {self.year}.pdf"

    # printing and saving --------------------------------------------------------------------
    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self.print_button.setEnabled(not busy)
        self.pdf_button.setEnabled(not busy)
        self.progress.setVisible(busy)
        self.progress.setRange(0, 0)
        self.progress.setFormat(text)

    def print_document(self) -> None:
        if self._busy:
            return
        scope = self.scope()
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(f"{self.what} — {scope.describe()}")
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(f"Print the {self.what.lower()}")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.printer = printer
        write = self.build()

        def work(progress: Any) -> int:
            buffer = io.BytesIO()
            write(scope, buffer)
            return print_pdf(buffer.getvalue(), printer, progress)

        def done(pages: int) -> None:
            self._set_busy(False)
            self.printed.emit(pages)
            self.accept()

        self._set_busy(True, "Printing…")
        run_task(work, done, self._failed, self._progress, receiver=self)

    def print_sheet(self) -> None:  # the name the sheet's tests and callers know
        self.print_document()

    def save_pdf(self) -> None:
        if self._busy:
            return
        scope = self.scope()
        path, _ = save_file(
            self,
            FileKind.PRINTS,
            f"Save the {self.what.lower()} as PDF",
            self.file_name(scope).replace("/", "-"),
            "PDF (*.pdf)",
        )
        if not path:
            return
        target = Path(path) if path.lower().endswith(".pdf") else Path(path + ".pdf")
        write = self.build()

        def done(_: Any) -> None:
            self._set_busy(False)
            self.saved.emit(str(target))
            self.accept()

        self._set_busy(True, "Writing the PDF…")
        run_task(lambda _: write(scope, target), done, self._failed, receiver=self)

    def _progress(self, stage: str, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"{stage}: page {min(done + 1, total)} of {total}")

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        show_error(self, exc, f"{self.what} not printed")


class PrintSheetDialog(PdfPrintDialog):
    what = "Restricted learners"

    def __init__(
        self,
        db: Database,
        academy: str,
        year: str,
        learners: LearnersTab,
        parent: QWidget | None = None,
        *,
        stale: Sequence[StaleSheet] = (),
        preset: SheetScope | None = None,
    ) -> None:
        super().__init__(
            db,
            academy,
            year,
            learners,
            parent=parent,
            named_pick=True,
            whole="The &whole academy, a section per registration group",
        )
        self.setWindowTitle("Print the restricted-learner sheet")
        add_help_key(self, PRINT)
        w = self.who
        self.whole, self.by_year, self.by_group = w.whole, w.by_year, w.by_group
        self.by_pick, self.pick_name = w.by_pick, w.pick_name
        self.year_box, self.group_box = w.year_box, w.group_box
        self.stale = list(stale)
        self.reprint_badge = QLabel()
        self.reprint_badge.setWordWrap(True)
        self.reprint_badge.setTextFormat(Qt.TextFormat.RichText)
        self.reprint_badge.setStyleSheet(WARNING_STYLE)
        self.reprint_badge.setAccessibleName("Reprint needed")
        self.reprint_badge.hide()
        self.body.insertWidget(0, self.reprint_badge)

        self.restricted_only = QCheckBox("List only learners with &restrictions (recommended)")
        self.restricted_only.setChecked(preset.restricted_only if preset else True)
        self.restricted_only.setToolTip("Untick to print everyone in the group, each marked")
        self.page_per_group = QCheckBox("Start each registration group on a &new page")
        self.page_per_group.setToolTip("So each teacher can be given their own class's page")
        note = QLabel(
            "The sheet never shows photographs or safeguarding reasons. It is "
            "confidential: collect it after the event."
        )
        note.setWordWrap(True)
        self.body.addWidget(self.restricted_only)
        self.body.addWidget(self.page_per_group)
        self.body.addWidget(note)
        self.finish_layout()
        if preset is not None:
            w.preset(preset)
        w.changed.connect(self._show_reprint)
        self.restricted_only.toggled.connect(lambda _on: self._show_reprint())
        self._show_reprint()

    def scope(self) -> SheetScope:
        return self.who.scope(
            restricted_only=self.restricted_only.isChecked(),
            page_per_group=self.page_per_group.isChecked(),
        )

    def build(self) -> Callable[[SheetScope, PdfTarget], object]:
        db, academy, year = self.db, self.academy, self.year
        return lambda scope, target: build_sheet(db, academy, year, scope, target)

    def _show_reprint(self) -> None:
        """A badge naming the sheets to print again; the chosen one's reason, if stale."""
        from consent_desk.services.sheet_prints import scope_key

        if not self.stale:
            self.reprint_badge.hide()
            return
        key = scope_key(self.scope())
        this = next((s for s in self.stale if scope_key(s.scope) == key), None)
        others = [s for s in self.stale if s is not this]
        self.reprint_badge.setText(reprint_text(this, others))
        self.reprint_badge.show()
