"""Wizard pages 4 to 6: the dry run (what the import would do), the import itself on a worker
thread with a progress bar and Cancel, and the result."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from consent_desk.gui.errors import confirm, describe_error
from consent_desk.gui.import_wizard.report_view import ReportView
from consent_desk.gui.tasks import Cancelled, Task, run_task

if TYPE_CHECKING:
    from consent_desk.gui.import_wizard.wizard import ImportWizard

STAGES = {
    "Reading": "Reading the file",
    "Matching": "Matching rows to learners",
    "Saving": "Saving (can no longer be cancelled)",
}


def _progress_text(stage: str, done: int, total: int) -> str:
    words = STAGES.get(stage, stage)
    return f"{words}: {done:,} of {total:,}" if total else words + "…"


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Check what the import will do")
        # A commit page: once the import starts there is no going back to change it.
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Import")
        self._generation = 0
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Dry run progress")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.view = ReportView()
        self.mark_left = QCheckBox()
        self.mark_left.setToolTip(
            "Only when this file is the full list of learners on roll: "
            "learners are never deleted, only marked as left"
        )
        self.mark_left.toggled.connect(self._mark_left_changed)
        # A learner list refused as possibly another academy's: the office can say it is theirs
        self.big_change = QCheckBox()
        self.big_change.setVisible(False)
        self.big_change.toggled.connect(self._big_change_changed)
        # Returns that give no date received: the office may say the day the forms came back
        self.came_back = QCheckBox("The forms came back on")
        self.came_back.setToolTip(
            "For returns the sheet gives no date received. Without a date they count as "
            "received today, and cannot overrule a parent's other returns this year"
        )
        self.came_back.toggled.connect(self._came_back_changed)
        self.came_back_on = QDateEdit()
        self.came_back_on.setCalendarPopup(True)
        self.came_back_on.setDisplayFormat("dd/MM/yyyy")
        self.came_back_on.setAccessibleName("The day the forms came back")
        self.came_back_on.setMaximumDate(QDate.currentDate())
        self.came_back_on.setDate(QDate.currentDate())
        self.came_back_on.setEnabled(False)
        self.came_back_on.editingFinished.connect(self._came_back_date_changed)
        self.came_back_row = QWidget()
        row = QHBoxLayout(self.came_back_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.came_back)
        row.addWidget(self.came_back_on)
        row.addStretch(1)
        self.came_back_row.setVisible(False)
        self.filler = QWidget()  # keeps the progress at the top while there is no report
        self.filler.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        lay = QVBoxLayout(self)
        lay.addWidget(self.status)
        lay.addWidget(self.progress)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.filler, 1)
        lay.addWidget(self.came_back_row)
        lay.addWidget(self.mark_left)
        lay.addWidget(self.big_change)

    def initializePage(self) -> None:
        w = self.w
        self.setSubTitle(
            "Nothing has been saved yet. This is a trial run of the import on "
            f"{w.path.name if w.path else ''}."
        )
        self.mark_left.setVisible(False)
        self.came_back_row.setVisible(False)
        if w.dry_report is not None:
            self._show(w.dry_report)
            return
        self._generation += 1
        generation = self._generation
        self.view.setVisible(False)
        self.filler.setVisible(True)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.status.setText("Trying the import…")
        run_task(
            lambda progress: w.run_import(dry_run=True, progress=progress),
            lambda r: self._done(generation, r),
            lambda e: self._failed(generation, e),
            self._progress,
            receiver=self,
        )
        self.completeChanged.emit()

    def _progress(self, stage: str, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.status.setText(_progress_text(stage, done, total))

    def _done(self, generation: int, report: Any) -> None:
        if generation == self._generation:
            self.w.dry_report = report
            self._show(report)

    def _show(self, report: Any) -> None:
        self.progress.setVisible(False)
        self.status.setText("")
        self.view.setVisible(True)
        self.filler.setVisible(False)
        self.view.show_report(report, self.w.kind, dry_run=True)
        undated: int = getattr(report, "undated", 0)
        if self.w.kind == "returns" and (undated or self.w.received is not None):
            self.came_back.blockSignals(True)
            self.came_back.setChecked(self.w.received is not None)
            self.came_back.blockSignals(False)
            if (day := self.w.received) is not None:
                self.came_back_on.setDate(QDate(day.year, day.month, day.day))
            self.came_back_on.setEnabled(self.w.received is not None)
            self.came_back_row.setVisible(True)
        missing = getattr(report, "missing", 0)
        if self.w.kind == "learners" and missing:
            self.mark_left.blockSignals(True)
            self.mark_left.setChecked(self.w.mark_left)
            self.mark_left.blockSignals(False)
            self.mark_left.setText(
                f"This is the full list: mark the {missing:,} learner"
                f"{'s' if missing != 1 else ''} not in it as left"
            )
            self.mark_left.setVisible(True)
        self.completeChanged.emit()

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self.progress.setVisible(False)
        self.view.setVisible(False)
        self.status.setText(
            "⚠ " + describe_error(exc) + "\n\nGo back to correct the column "
            "mapping or choose another sheet or file."
        )
        if self.w.kind == "learners" and "another academy's list" in str(exc):
            self.big_change.blockSignals(True)
            self.big_change.setChecked(False)
            self.big_change.blockSignals(False)
            self.big_change.setText(
                f"I have checked: this is {self.w.academy}'s own list — try "
                "it again with the big change"
            )
            self.big_change.setVisible(True)
        self.completeChanged.emit()

    def _big_change_changed(self, on: bool) -> None:
        self.w.confirm_big_change = on
        if on:
            self.big_change.setVisible(False)
            self.w.dry_report = None
            self.initializePage()  # the trial run again, with the office's confirmation

    def _came_back_changed(self, on: bool) -> None:
        self.came_back_on.setEnabled(on)
        self._try_again_with(self.came_back_on.date().toPython() if on else None)

    def _came_back_date_changed(self) -> None:
        if self.came_back.isChecked():
            self._try_again_with(self.came_back_on.date().toPython())

    def _try_again_with(self, received: Any) -> None:
        """The trial run again, the undated returns dated as the office says (or not)."""
        if received == self.w.received:
            return
        self.w.received = received
        self.w.dry_report = None
        self.initializePage()

    def _mark_left_changed(self, on: bool) -> None:
        self.w.mark_left = on

    def isComplete(self) -> bool:
        return self.w.dry_report is not None

    def validatePage(self) -> bool:
        report = self.w.dry_report
        missing: int = getattr(report, "missing", 0)
        if self.w.kind == "learners" and self.w.mark_left and missing:
            return confirm(
                self,
                f"Mark {report.missing:,} learners as left?\n\nThey are not "
                "deleted: their returns and history stay, and they can come back on "
                "roll with a later list.",
                "Mark learners as left",
                yes="Mark as left",
            )
        return True


class RunPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Importing")
        self.task: Task | None = None
        self.done = False
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Import progress")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.cancel_button = QPushButton("&Cancel import")
        self.cancel_button.setToolTip("Stop: nothing of this file is saved")
        self.cancel_button.clicked.connect(self.cancel)
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.status)
        lay.addLayout(row)
        lay.addStretch(1)

    @property
    def busy(self) -> bool:
        return self.task is not None and not self.done

    def initializePage(self) -> None:
        self.done = False
        self.setSubTitle(
            f"{self.w.path.name if self.w.path else ''} is imported as one "
            "transaction: all of it, or (if cancelled) none of it."
        )
        self.status.setText("Starting…")
        self.progress.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        self.cancel_button.setVisible(True)
        w = self.w
        self.task = run_task(
            lambda progress: w.run_import(dry_run=False, progress=progress),
            self._done,
            self._failed,
            self._progress,
            receiver=self,
            commit_stages=frozenset({"Saving"}),
        )

    def _progress(self, stage: str, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.status.setText(_progress_text(stage, done, total))
        if self.task is not None and not self.task.cancellable:
            self.cancel_button.setEnabled(False)

    def cancel(self) -> None:
        if self.task is not None and self.busy and self.task.cancellable:
            self.task.cancel()
            self.status.setText("Cancelling…")
            self.cancel_button.setEnabled(False)

    def _done(self, report: Any) -> None:
        self.done = True
        self.cancel_button.setVisible(False)
        self.w.report = report
        self.w.imported.emit(report)
        self.completeChanged.emit()
        self.w.next()

    def _failed(self, exc: BaseException) -> None:
        self.done = True
        self.cancel_button.setVisible(False)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        if isinstance(exc, Cancelled):
            self.status.setText(
                "Cancelled: nothing from this file was imported. Close the "
                "wizard; you can import the file again at any time."
            )
        else:
            self.status.setText("⚠ Nothing was imported. " + describe_error(exc))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.done and self.w.report is not None


class ResultPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Imported")
        self.view = ReportView()
        self.review_button = QPushButton("Open the &review queue")
        self.review_button.clicked.connect(self._open_review)
        lay = QVBoxLayout(self)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.review_button)

    def initializePage(self) -> None:
        r = self.w.report
        undo = " It can be undone from File → Import history." if self.w.kind == "returns" else ""
        self.setSubTitle(f"{r.file} was imported (import #{r.batch_id}).{undo}")
        self.view.show_report(r, self.w.kind, dry_run=False)
        waiting = getattr(r, "review_waiting", 0)  # the queue's real count, not this file's
        self.review_button.setVisible(bool(waiting))
        rows = f"{waiting:,} row waits" if waiting == 1 else f"{waiting:,} rows wait"
        self.review_button.setText(f"Open the &review queue ({rows})")

    def _open_review(self) -> None:
        self.w.review_requested.emit()
        self.w.accept()
