"""Print (or save as PDF) pre-filled consent forms: one page per learner on roll, with the
learner's names and groups filled in and a code that the paper-return entry scans back."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QLabel, QWidget

from consent_desk.db.engine import Database
from consent_desk.domain.sheets import SheetScope
from consent_desk.gui.learners_tab import LearnersTab
from consent_desk.gui.print_dialog import PdfPrintDialog

if TYPE_CHECKING:
    from consent_desk.gui.print_dialog import PdfTarget
    from consent_desk.services.consent_forms import FormStats


class PrintFormsDialog(PdfPrintDialog):
    what = "Consent forms"

    def __init__(
        self,
        db: Database,
        academy: str,
        year: str,
        learners: LearnersTab,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            db,
            academy,
            year,
            learners,
            parent=parent,
            named_pick=False,
            whole="Every learner on roll in the &academy, by registration group",
        )
        self.setWindowTitle(f"Print consent forms — {year}")
        self.stats: Any = None
        note = QLabel(
            f"One A4 page per learner for {year}: their names, group and year filled in, "
            "a tick box per use of images in your trust's wording (Settings → Form "
            "questions), and a code. When the form comes back, scan or type the code in "
            "“Enter a paper return” to find the learner at once. The code does not show the "
            "UPN."
        )
        note.setWordWrap(True)
        self.body.addWidget(note)
        self.finish_layout()
        self.print_button.setToolTip("Print the forms on a printer (double-sided is fine)")
        self.pdf_button.setToolTip("Save the forms as one PDF, to print or e-mail later")

    def build(self) -> Callable[[SheetScope, PdfTarget], object]:
        from consent_desk.services.consent_forms import build_forms

        db, academy, year = self.db, self.academy, self.year

        def write(scope: SheetScope, target: PdfTarget) -> FormStats:
            self.stats = build_forms(db, academy, year, scope, target)
            return self.stats

        return write
