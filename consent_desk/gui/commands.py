"""The main window's everyday commands: entering and importing returns, printing, exporting,
the sheets that need reprinting, settings and About. Each opens its dialog (imported when first
used, so the window starts without loading spreadsheet or PDF libraries) and, when the dialog
changed something, says what on the context: the screens showing it refresh themselves."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Signal
from shiboken6 import isValid

from consent_desk import APP_NAME, __version__
from consent_desk.gui.context import Changes, WindowContext
from consent_desk.gui.tasks import ProgressFn, run_task
from consent_desk.gui.theme import app_icon

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from consent_desk.gui.learners_tab import LearnersTab
    from consent_desk.gui.stale_sheets import StaleBanner, StaleSheetsDialog
    from consent_desk.services.documents import SheetScope
    from consent_desk.services.sheet_prints import StaleSheet


class _PrintingDialog(Protocol):
    @property
    def printed(self) -> SignalInstance: ...  # pages
    @property
    def saved(self) -> SignalInstance: ...  # path


class Commands(QObject):
    """One method per user command; given the context, the learners table (whose chosen
    learners a sheet or a return starts from) and the "reprint needed" banner."""

    stale_loaded = Signal()  # the "reprint needed" banner shows the sheets as they are
    review_requested = Signal()  # the import wizard's "show me the review queue"

    def __init__(
        self, ctx: WindowContext, learners: LearnersTab, stale_banner: StaleBanner
    ) -> None:
        super().__init__(ctx)
        self.ctx, self.learners, self.stale_banner = ctx, learners, stale_banner
        self.stale: list[StaleSheet] = []  # printed sheets that need reprinting
        self.stale_dialog: StaleSheetsDialog | None = None
        self._stale_generation = 0
        stale_banner.show_requested.connect(self.show_stale_sheets)
        ctx.scope_changed.connect(self.refresh_stale)
        ctx.data_changed.connect(self._data_changed)
        ctx.forget.connect(self._forget)

    def _data_changed(self, changes: Changes) -> None:
        if changes.any("learners", "returns", "sheets"):
            self.refresh_stale()

    def _forget(self) -> None:
        self.stale = []
        self.stale_banner.set_sheets([])

    # entering and importing ----------------------------------------------------------------
    def enter_return(self) -> None:
        self.enter_return_for(self.learners.current_id())

    def enter_return_for(self, learner_id: int | None) -> None:
        from consent_desk.gui.return_dialog import ReturnDialog

        ctx = self.ctx
        if ctx.db is None or not ctx.academy or not ctx.year or ctx.prepared is None:
            return
        dialog = ReturnDialog(
            ctx.db,
            ctx.prepared,
            ctx.year,
            ctx.form_questions,
            parent=ctx.window,
            academy=ctx.academy,
        )
        if learner_id is not None:
            dialog.pick_learner(learner_id)
        dialog.saved.connect(lambda _lid: ctx.changed(returns=True))

        # after each save the table reloads: the dialog then finds learners as they now are
        def refresh() -> None:
            if isValid(dialog) and dialog.isVisible() and ctx.prepared is not None:
                dialog.set_prepared(ctx.prepared)

        def forget(_: int) -> None:
            if isValid(ctx):
                ctx.learners_shown.disconnect(refresh)

        ctx.learners_shown.connect(refresh)
        dialog.finished.connect(forget)
        dialog.exec()

    def import_returns(self) -> None:
        self._import("returns")

    def import_learners(self) -> None:
        self._import("learners")

    def _import(self, kind: str) -> None:
        from consent_desk.gui.import_wizard import ImportWizard

        ctx = self.ctx
        if ctx.db is None or not ctx.academy:
            return
        academies = [(a.code, a.name) for a in ctx.academies]
        wizard = ImportWizard(
            ctx.db, kind, academies, ctx.academy, ctx.year or "", parent=ctx.window
        )
        wizard.imported.connect(lambda report: self._imported(kind, report))
        wizard.review_requested.connect(self.review_requested)
        wizard.exec()

    def _imported(self, kind: str, report: object) -> None:
        from consent_desk.gui.status_after import say_after_reload

        waiting = getattr(report, "review_waiting", 0)  # the queue's count, as its tab shows
        if waiting:
            rows = "1 row waits" if waiting == 1 else f"{waiting:,} rows wait"
            say_after_reload(self.ctx, f"Imported. {rows} in the review queue")
        if kind == "learners":
            self.ctx.changed(learners=True, review=True)
        else:
            self.ctx.changed(returns=True, review=True)

    def import_history(self) -> None:
        from consent_desk.gui.history_dialog import ImportHistoryDialog

        ctx = self.ctx
        if ctx.db is None or not ctx.academy:
            return
        dialog = ImportHistoryDialog(ctx.db, ctx.academy, ctx.academy_name, parent=ctx.window)
        dialog.undone.connect(lambda: ctx.changed(learners=True, returns=True, review=True))
        dialog.exec()

    # printing and exporting ----------------------------------------------------------------
    def print_sheet(self, preset: SheetScope | None = None) -> None:
        """The restricted-learner sheet; ``preset`` the scope of a sheet to print again."""
        from consent_desk.gui.print_dialog import PrintSheetDialog

        ctx = self.ctx
        if ctx.db is None or not ctx.academy or not ctx.year:
            return
        dialog = PrintSheetDialog(
            ctx.db,
            ctx.academy,
            ctx.year,
            self.learners,
            parent=ctx.window,
            stale=self.stale,
            preset=preset,
        )
        self._after_printing(dialog, "The sheet")
        dialog.printed.connect(lambda _pages: ctx.changed(sheets=True))
        dialog.saved.connect(lambda _path: ctx.changed(sheets=True))
        dialog.exec()

    def print_forms(self) -> None:
        from consent_desk.gui.forms_dialog import PrintFormsDialog

        ctx = self.ctx
        if ctx.db is None or not ctx.academy or not ctx.year:
            return
        dialog = PrintFormsDialog(ctx.db, ctx.academy, ctx.year, self.learners, parent=ctx.window)
        self._after_printing(dialog, "The consent forms")
        dialog.exec()

    def _after_printing(self, dialog: _PrintingDialog, what: str) -> None:
        say = self.ctx.say
        dialog.printed.connect(
            lambda pages: say(
                f"{what} went to the printer ({pages} page{'s' if pages != 1 else ''})", 8000
            )
        )
        dialog.saved.connect(lambda path: say(f"{what} saved as {path}", 8000))

    def export_principal_list(self) -> None:
        from consent_desk.gui.exports import export_principal_list

        ctx = self.ctx
        if ctx.db is not None and ctx.academy and ctx.year:
            export_principal_list(ctx.window, ctx.db, ctx.academy, ctx.year)

    def export_summary(self) -> None:
        from consent_desk.gui.exports import export_summary

        ctx = self.ctx
        if ctx.db is not None and ctx.year:
            export_summary(ctx.window, ctx.db, ctx.year)

    def export_chase_list(self) -> None:
        from consent_desk.gui.exports import export_chase_list

        ctx = self.ctx
        if ctx.db is not None and ctx.academy and ctx.year:
            export_chase_list(ctx.window, ctx.db, ctx.academy, ctx.year)

    # "reprint needed" ----------------------------------------------------------------------
    def refresh_stale(self) -> None:
        """Which printed sheets of the academy and year no longer show what is true."""
        db, code, year = self.ctx.db, self.ctx.academy, self.ctx.year
        if db is None or not code or not year:
            return
        self._stale_generation += 1
        generation = self._stale_generation

        def read(_: ProgressFn) -> list[StaleSheet]:
            from consent_desk.services.sheet_prints import stale_sheets

            return stale_sheets(db, code, year)

        def shown(sheets: list[StaleSheet]) -> None:
            if generation != self._stale_generation:
                return  # a later check is on its way (or another academy or year was chosen)
            self.stale = sheets
            self.stale_banner.set_sheets(sheets)
            dialog = self.stale_dialog
            if dialog is not None and isValid(dialog) and dialog.isVisible():
                dialog.set_sheets(sheets)
            self.stale_loaded.emit()

        def failed(exc: BaseException) -> None:
            from consent_desk.gui.errors import describe_error

            if generation != self._stale_generation:
                return
            self.stale_banner.set_sheets([])
            self.ctx.say(f"Cannot check the printed sheets: {describe_error(exc)}", 10000)
            self.stale_loaded.emit()

        run_task(read, shown, failed, receiver=self)

    def show_stale_sheets(self) -> None:
        from consent_desk.gui.stale_sheets import StaleSheetsDialog

        ctx = self.ctx
        if ctx.db is None or not ctx.academy or not ctx.year:
            return
        dialog = StaleSheetsDialog(ctx.academy_name, ctx.year, parent=ctx.window)
        dialog.set_sheets(self.stale)
        dialog.print_again.connect(lambda sheet: self.print_sheet(sheet.scope))
        self.stale_dialog = dialog
        self.refresh_stale()
        dialog.exec()

    # settings, help ------------------------------------------------------------------------
    def open_settings(self, tab: str | None = None) -> None:
        """Settings, on ``tab`` (see SettingsDialog.TABS) when a hint names one."""
        from consent_desk.gui.settings_dialog import SettingsDialog

        ctx = self.ctx
        if ctx.db is None:
            return
        dialog = SettingsDialog(ctx.db, parent=ctx.window, tab=tab)
        dialog.saved.connect(lambda: ctx.changed(settings=True))
        dialog.academies_changed.connect(lambda: ctx.changed(settings=True))
        dialog.exec()

    def about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self.ctx.window)
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
