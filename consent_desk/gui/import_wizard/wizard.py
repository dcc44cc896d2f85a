"""The wizard and what its pages share: the file, the sheet, the table read from it, the
corrected column mapping, and the two runs of the import service (dry run, then for real)."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget, QWizard

from consent_desk.db.engine import Database
from consent_desk.gui.guide import IMPORT, add_help_key, open_guide
from consent_desk.importing.mapping import MappingKind
from consent_desk.services.audit import current_user_name

if TYPE_CHECKING:
    from consent_desk.gui.tasks import ProgressFn
    from consent_desk.services.imports import ImportReport
    from consent_desk.services.learner_import import LearnerImportReport

KINDS = {"learners": "learner list", "returns": "returns"}


class ImportWizard(QWizard):
    imported = Signal(object)  # the import's report
    review_requested = Signal()

    FILE, SHEET, MAPPING, PREVIEW, RUN, RESULT = range(6)

    def __init__(
        self,
        db: Database,
        kind: str,
        academies: list[tuple[str, str]],
        academy: str,
        year: str,
        parent: QWidget | None = None,
    ) -> None:
        from consent_desk.gui.import_wizard.file_pages import FilePage, SheetPage
        from consent_desk.gui.import_wizard.mapping_page import MappingPage
        from consent_desk.gui.import_wizard.run_pages import PreviewPage, ResultPage, RunPage

        super().__init__(parent)
        self.db = db
        self.kind: MappingKind = "returns" if kind == "returns" else "learners"
        self.academies = academies
        self.academy = academy
        self.year = year
        self.path: Path | None = None
        self.sheet: str | None = None
        self.table: Any = None  # importing.readers.Table
        self.mapping: Any = None  # importing.mapping.ColumnMapping
        self.mapping_note = ""
        self.mark_left = False
        self.confirm_big_change = False  # the office says a list that changes a lot is theirs
        self.received: date | None = None  # the day the forms came back, for undated returns
        self.dry_report: Any = None
        self.report: Any = None
        self._tmp = tempfile.TemporaryDirectory(prefix="consent-desk-")
        self.setWindowTitle("Import")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.IndependentPages, False)
        self.setOption(QWizard.WizardOption.HaveHelpButton, True)  # Alt+H, and F1
        self.helpRequested.connect(lambda: open_guide(self, IMPORT))
        add_help_key(self, IMPORT)
        self.file_page = FilePage(self)
        self.sheet_page = SheetPage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.run_page = RunPage(self)
        self.result_page = ResultPage(self)
        for pid, page in (
            (self.FILE, self.file_page),
            (self.SHEET, self.sheet_page),
            (self.MAPPING, self.mapping_page),
            (self.PREVIEW, self.preview_page),
            (self.RUN, self.run_page),
            (self.RESULT, self.result_page),
        ):
            self.setPage(pid, page)
        self.setStartId(self.FILE)
        # wide enough for the mapping's columns and their examples; within a 1280x720 screen
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        width, height = 1200, 660
        if screen is not None and screen.width() > 0:
            width, height = min(width, screen.width() - 40), min(height, screen.height() - 40)
        self.resize(width, height)
        self.finished.connect(lambda _: self._tmp.cleanup())

    @property
    def kind_words(self) -> str:
        return KINDS[self.kind]

    def mapping_file(self) -> Path | None:
        """The user's corrected mapping, as the file the import services take."""
        if self.mapping is None:
            return None
        path = Path(self._tmp.name) / "mapping.json"
        if self.table is not None:
            self.mapping.title = self.table.title  # the sheet the person confirmed it on
        self.mapping.save(path)
        return path

    def run_import(
        self, *, dry_run: bool, progress: ProgressFn | None = None
    ) -> ImportReport | LearnerImportReport:
        """The import service, for a dry run or for real (called on a worker thread)."""
        assert self.path is not None
        common: dict[str, Any] = {
            "sheet": self.sheet,
            "mapping_file": self.mapping_file(),
            "dry_run": dry_run,
            "user": current_user_name(),
            "progress": progress,
        }
        if self.kind == "returns":
            from consent_desk.services.imports import import_returns

            return import_returns(
                self.db, self.path, self.academy, self.year, received=self.received, **common
            )
        from consent_desk.services.learner_import import import_learners

        return import_learners(
            self.db,
            self.path,
            self.academy,
            mark_missing_left=self.mark_left,
            confirm_big_change=self.confirm_big_change,
            **common,
        )

    def reject(self) -> None:
        if self.run_page.busy:
            self.run_page.cancel()
            return
        super().reject()
