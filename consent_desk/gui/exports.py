"""Exports: the Principal's restriction list, the COO summary, the chase list — a file chosen by
the user, written on a worker thread behind a busy indicator."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from consent_desk.db.engine import Database
from consent_desk.gui.errors import show_error
from consent_desk.gui.file_dialogs import FileKind, save_file
from consent_desk.gui.plain_text import message_box
from consent_desk.gui.tasks import run_task
from consent_desk.services import documents

XLSX, PDF, CSV = "Excel workbook (*.xlsx)", "PDF (*.pdf)", "CSV for a mail merge (*.csv)"


class ExportJob(QObject):
    """One export: ask for the file, write it off the GUI thread, say where it went."""

    finished = Signal(str)  # the file written

    def __init__(
        self,
        parent: QWidget,
        title: str,
        name: str,
        filters: list[str],
        write: Callable[[Path], int],
        describe: Callable[[int], str],
    ) -> None:
        super().__init__(parent)
        self.parent_widget, self.title, self.name = parent, title, name
        self.filters, self.write, self.describe = filters, write, describe

    def start(self) -> bool:
        path, chosen = save_file(
            self.parent_widget, FileKind.EXPORTS, self.title, self.name, ";;".join(self.filters)
        )
        if not path:
            return False
        target = Path(path)
        suffix = chosen[chosen.find("*") + 1 : chosen.find(")")] if "*" in chosen else ""
        if target.suffix.lower() not in (".xlsx", ".pdf", ".csv") and suffix:
            target = target.with_name(target.name + suffix)
        busy = QProgressDialog(f"Writing {target.name}…", "", 0, 0, self.parent_widget)
        busy.setWindowTitle(self.title)
        busy.setCancelButton(None)
        busy.setWindowModality(Qt.WindowModality.WindowModal)
        busy.setMinimumDuration(300)
        self.busy = busy

        def done(result: int) -> None:
            busy.close()
            self.finished.emit(str(target))
            box = message_box(
                QMessageBox.Icon.Information,
                self.title,
                f"{self.describe(result)}\n\nSaved as {target}",
                QMessageBox.StandardButton.Close,
                self.parent_widget,
            )
            open_button = box.addButton("&Open it", QMessageBox.ButtonRole.ActionRole)
            box.exec()
            if box.clickedButton() is open_button:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))

        def failed(exc: BaseException) -> None:
            busy.close()
            show_error(self.parent_widget, exc, f"{self.title}: not saved")

        run_task(lambda _: self.write(target), done, failed, receiver=self)
        return True


def _name(*parts: str) -> str:
    return " ".join(p for p in parts if p).replace("/", "-")


def export_principal_list(parent: QWidget, db: Database, academy: str, year: str) -> ExportJob:
    job = ExportJob(
        parent,
        "Export the Principal's list",
        _name("Restriction list", academy, year) + ".xlsx",
        [XLSX, PDF],
        lambda t: documents.export_principal_list(db, academy, year, t),
        lambda n: f"The restriction list has {n} learner{'s' if n != 1 else ''}.",
    )
    job.start()
    return job


def export_summary(parent: QWidget, db: Database, year: str) -> ExportJob:
    job = ExportJob(
        parent,
        "Export the trust summary",
        _name("Trust summary", year) + ".xlsx",
        [XLSX, PDF],
        lambda t: documents.export_summary(db, year, t),
        lambda n: f"The summary covers {n} academies.",
    )
    job.start()
    return job


def export_chase_list(parent: QWidget, db: Database, academy: str, year: str) -> ExportJob:
    job = ExportJob(
        parent,
        "Export the chase list",
        _name("Chase list", academy, year) + ".csv",
        [CSV, XLSX],
        lambda t: documents.export_chase_list(db, academy, year, t),
        lambda n: f"{n} learners have no return yet.",
    )
    job.start()
    return job
