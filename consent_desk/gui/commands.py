"""What the main window's actions do: each opens its dialog (imported when first used, so the
window starts without loading spreadsheet or PDF libraries)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shiboken6 import isValid

from consent_desk import APP_NAME, __version__
from consent_desk.gui.tasks import run_task
from consent_desk.gui.theme import app_icon

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStatusBar

    from consent_desk.db.engine import Database
    from consent_desk.gui.learners_tab import LearnersTab


class WindowCommands:
    """Mixed into :class:`MainWindow`; every method is one user command."""

    db: Database | None
    learners: LearnersTab
    purpose_labels: dict[str, str]
    form_questions: list[Any]  # FormQuestion: as the printed form asks them
    trust_name: str
    stale: list[Any]

    if TYPE_CHECKING:

        @property
        def academy(self) -> str | None: ...
        @property
        def year(self) -> str | None: ...
        def academy_name(self) -> str: ...
        def reload(self) -> None: ...
        def refresh_scope(self) -> None: ...
        def statusBar(self) -> QStatusBar: ...
        def show_tab(self, index: int) -> None: ...

    # entering and importing ----------------------------------------------------------------
    def enter_return(self) -> None:
        self.enter_return_for(self.learners.current_id())

    def enter_return_if_allowed(self, learner_id: int) -> None:
        """Double-click or Enter on a learner: the paper return, if this person may enter it
        (else the status bar says why, instead of a dialog that would refuse to save)."""
        action = self._qt_self().actions_.enter_return
        if action.isEnabled():
            self.enter_return_for(learner_id)
        else:
            self.statusBar().showMessage(action.statusTip(), 8000)

    def enter_return_for(self, learner_id: int | None) -> None:
        from consent_desk.gui.return_dialog import ReturnDialog

        if self.db is None or not self.academy or not self.year:
            return
        dialog = ReturnDialog(
            self.db,
            self.learners.model.prepared,
            self.year,
            self.form_questions,
            parent=self._qt_self(),
            academy=self.academy,
        )
        if learner_id is not None:
            dialog.pick_learner(learner_id)
        dialog.saved.connect(lambda _lid: self.reload())
        # after each save the window reloads: the dialog then finds learners as they now are
        window = self._qt_self()

        def refresh() -> None:
            if isValid(dialog) and dialog.isVisible():
                dialog.set_prepared(self.learners.model.prepared)

        def forget(_: int) -> None:
            if isValid(window):
                window.learners_loaded.disconnect(refresh)

        window.learners_loaded.connect(refresh)
        dialog.finished.connect(forget)
        dialog.exec()

    def import_returns(self) -> None:
        self._import("returns")

    def import_learners(self) -> None:
        self._import("learners")

    def _import(self, kind: str) -> None:
        from consent_desk.gui.import_wizard import ImportWizard

        if self.db is None or not self.academy:
            return
        wizard = ImportWizard(
            self.db, kind, self._academies(), self.academy, self.year or "", parent=self._qt_self()
        )
        wizard.imported.connect(self._imported)
        wizard.review_requested.connect(lambda: self.show_tab(1))
        wizard.exec()

    def _imported(self, report: Any) -> None:
        from consent_desk.gui.status_after import say_after_reload

        waiting = getattr(report, "review_waiting", 0)  # the queue's count, as its tab shows
        if waiting:
            rows = "1 row waits" if waiting == 1 else f"{waiting:,} rows wait"
            say_after_reload(self, f"Imported. {rows} in the review queue")
        self.reload()

    def import_history(self) -> None:
        from consent_desk.gui.history_dialog import ImportHistoryDialog

        if self.db is None or not self.academy:
            return
        dialog = ImportHistoryDialog(
            self.db, self.academy, self.academy_name(), parent=self._qt_self()
        )
        dialog.undone.connect(self.reload)
        dialog.exec()

    # printing and exporting ----------------------------------------------------------------
    def print_sheet(self, preset: Any = None) -> None:
        """The restricted-learner sheet; ``preset`` a SheetScope to print again."""
        from consent_desk.gui.print_dialog import PrintSheetDialog

        if self.db is None or not self.academy or not self.year:
            return
        dialog = PrintSheetDialog(
            self.db,
            self.academy,
            self.year,
            self.learners,
            parent=self._qt_self(),
            stale=self.stale,
            preset=preset,
        )
        self._after_printing(dialog, "The sheet")
        dialog.printed.connect(lambda _pages: self.refresh_stale())
        dialog.saved.connect(lambda _path: self.refresh_stale())
        dialog.exec()

    def print_forms(self) -> None:
        from consent_desk.gui.forms_dialog import PrintFormsDialog

        if self.db is None or not self.academy or not self.year:
            return
        dialog = PrintFormsDialog(
            self.db, self.academy, self.year, self.learners, parent=self._qt_self()
        )
        self._after_printing(dialog, "The consent forms")
        dialog.exec()

    def _after_printing(self, dialog: Any, what: str) -> None:
        bar = self.statusBar()
        dialog.printed.connect(
            lambda pages: bar.showMessage(
                f"{what} went to the printer ({pages} page{'s' if pages != 1 else ''})", 8000
            )
        )
        dialog.saved.connect(lambda path: bar.showMessage(f"{what} saved as {path}", 8000))

    # "reprint needed" ----------------------------------------------------------------------
    def refresh_stale(self) -> None:
        """Which printed sheets of the academy and year no longer show what is true."""
        db, code, year = self.db, self.academy, self.year
        if db is None or not code or not year:
            return
        window = self._qt_self()
        window.stale_generation = generation = getattr(window, "stale_generation", 0) + 1

        def read(_: Any) -> Any:
            from consent_desk.services.sheet_prints import stale_sheets

            return stale_sheets(db, code, year)

        def shown(sheets: list[Any]) -> None:
            if generation != window.stale_generation:
                return  # a later check is on its way (or another academy or year was chosen)
            self.stale = sheets
            window.stale_banner.set_sheets(sheets)
            dialog = getattr(window, "stale_dialog", None)
            if dialog is not None and isValid(dialog) and dialog.isVisible():
                dialog.set_sheets(sheets)
            window.stale_loaded.emit()

        def failed(exc: BaseException) -> None:
            from consent_desk.gui.errors import describe_error

            if generation != window.stale_generation:
                return
            window.stale_banner.set_sheets([])
            self.statusBar().showMessage(
                f"Cannot check the printed sheets: {describe_error(exc)}", 10000
            )
            window.stale_loaded.emit()

        run_task(read, shown, failed, receiver=window)

    def show_stale_sheets(self) -> None:
        from consent_desk.gui.stale_sheets import StaleSheetsDialog

        if self.db is None or not self.academy or not self.year:
            return
        window = self._qt_self()
        dialog = StaleSheetsDialog(self.academy_name(), self.year, parent=window)
        dialog.set_sheets(self.stale)
        dialog.print_again.connect(lambda sheet: self.print_sheet(sheet.scope))
        window.stale_dialog = dialog
        self.refresh_stale()
        dialog.exec()

    def export_principal_list(self) -> None:
        from consent_desk.gui.exports import export_principal_list

        if self.db is not None and self.academy and self.year:
            export_principal_list(self._qt_self(), self.db, self.academy, self.year)

    def export_summary(self) -> None:
        from consent_desk.gui.exports import export_summary

        if self.db is not None and self.year:
            export_summary(self._qt_self(), self.db, self.year)

    def export_chase_list(self) -> None:
        from consent_desk.gui.exports import export_chase_list

        if self.db is not None and self.academy and self.year:
            export_chase_list(self._qt_self(), self.db, self.academy, self.year)

    # settings, help ------------------------------------------------------------------------
    def open_settings(self, tab: str | None = None) -> None:
        """Settings, on ``tab`` (see SettingsDialog.TABS) when a hint names one."""
        from consent_desk.gui.settings_dialog import SettingsDialog

        if self.db is None:
            return
        dialog = SettingsDialog(self.db, parent=self._qt_self(), tab=tab)
        dialog.saved.connect(self.refresh_scope)
        dialog.academies_changed.connect(self.refresh_scope)
        dialog.exec()

    def choose_database(self) -> None:
        """When the database cannot be opened: choose another one, then try again."""
        from consent_desk.gui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(None, parent=self._qt_self())
        dialog.saved.connect(self._reopen)
        dialog.exec()

    def _reopen(self) -> None:
        from PySide6.QtCore import QSettings

        from consent_desk.gui.desk_settings import DATABASE_KEY

        window = self._qt_self()
        window.db, window.database_url = None, QSettings().value(DATABASE_KEY) or None
        window.start()

    def focus_search(self) -> None:
        self.show_tab(0)
        self.learners.search.setFocus()
        self.learners.search.selectAll()

    def about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self._qt_self())
        box.setWindowTitle(f"About {APP_NAME}")
        box.setIconPixmap(app_icon().pixmap(64, 64))
        box.setText(
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>Photo and video consent for the academies of a trust: who may be "
            "photographed, for what, this year.</p>"
        )
        keys = "".join(
            f"<tr><td><b>{k}</b>&nbsp;&nbsp;</td><td>{v}</td></tr>"
            for k, v in (
                ("Ctrl+N", "enter a paper return (Y/N, A = all yes, O = objects to all)"),
                ("Ctrl+F", "find a learner"),
                ("Ctrl+I", "import returns"),
                ("Ctrl+P", "print the restricted-learner sheet"),
                ("Ctrl+Shift+P", "print pre-filled consent forms"),
                ("Ctrl+L", "lock the window (when people log in)"),
                ("Ctrl+1 / 2 / 3", "learners, review queue, dashboard"),
                ("F5", "refresh"),
                ("F9", "show or hide the learner panel"),
            )
        )
        box.setInformativeText(
            f"<p>Keyboard:</p><table>{keys}</table><p>Confidential: contains personal data of "
            "children. No photographs of learners are stored or printed.</p>"
        )
        box.exec()

    # helpers -------------------------------------------------------------------------------
    def _qt_self(self) -> Any:
        return self

    def _academies(self) -> list[tuple[str, str]]:
        box = self._qt_self().academy_box
        return [(box.itemData(i), box.itemText(i)) for i in range(box.count())]
