"""The main window: academy and year, the learners with their status, the review queue and the
dashboard, the learner panel docked on the right.

The window shows at once; the database is opened, migrated and read on a worker thread
(``start``), so a slow network database never freezes the window. Services — and therefore
SQLAlchemy — are imported only inside those workers and the dialogs that need them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from consent_desk import APP_NAME
from consent_desk.gui.actions import WindowActions
from consent_desk.gui.commands import Commands
from consent_desk.gui.context import Academy, Changes, WindowContext
from consent_desk.gui.errors import describe_error, show_error
from consent_desk.gui.learner_model import STATUS_ORDER, PreparedRows, prepare
from consent_desk.gui.learner_panel import LearnerPanel
from consent_desk.gui.learners_tab import LearnersTab
from consent_desk.gui.list_confirm import ConfirmListBanner
from consent_desk.gui.publish_commands import PublishingCommands
from consent_desk.gui.safety_commands import SafetyCommands
from consent_desk.gui.scope_memory import remember_scope, remembered_scope
from consent_desk.gui.session import Session
from consent_desk.gui.stale_sheets import StaleBanner
from consent_desk.gui.status_line import StatusText
from consent_desk.gui.takedowns import TakedownBanner
from consent_desk.gui.tasks import ProgressFn, run_task
from consent_desk.gui.theme import app_icon, status_text

if TYPE_CHECKING:
    from consent_desk.db.engine import Database
    from consent_desk.gui.dashboard import Dashboard
    from consent_desk.gui.review_screen import ReviewScreen
    from consent_desk.services.startup import StartupState

LEARNERS_TAB, REVIEW_TAB, DASHBOARD_TAB = range(3)
NEEDS_LOGIN = "needs login"  # the database has user accounts: someone logs in first
# What the start-up worker found: the database, and its state (None: a first run is needed)
Opened = tuple["Database", "StartupState | str | None"]


def _load(db: Database, code: str, year: str, labels: dict[str, str]) -> tuple[PreparedRows, int]:
    from consent_desk.services.consent import learner_statuses
    from consent_desk.services.review import waiting_count

    rows = learner_statuses(db, code, year)
    return prepare(rows, labels), waiting_count(db, code, year)


class MainWindow(QMainWindow):
    """Builds the parts, hands them the context and wires them; the learners table is its own.

    The commands live in ``commands``, ``safety``, ``publishing`` and ``session``; the actions
    (menus, toolbar, shortcuts, each with the permission it needs) in ``actions_``.
    """

    started = Signal()  # the selectors are filled
    learners_loaded = Signal()  # the table shows the chosen academy and year
    start_failed = Signal(str)
    login_requested = Signal(object)  # the LoginDialog just opened
    stale_loaded = Signal()  # the "reprint needed" banner shows the sheets as they are
    publishing_loaded = Signal()  # the take-down and confirm-the-list banners are up to date

    def __init__(self, db: Database | None = None, *, database_url: str | None = None) -> None:
        super().__init__()
        self.ctx = ctx = WindowContext(self, db)
        self.database_url = database_url
        self.settings = QSettings()
        self._generation = 0
        self._start_pending = False
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(app_icon())

        self.academy_box = QComboBox()
        self.academy_box.setAccessibleName("Academy")
        self.academy_box.setToolTip("The academy whose learners are shown (remembered)")
        self.academy_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.year_box = QComboBox()
        self.year_box.setAccessibleName("Academic year")
        self.year_box.setToolTip("The academic year whose returns are shown (remembered)")
        self.trust_label = QLabel()
        self.trust_label.setTextFormat(Qt.TextFormat.PlainText)
        self.trust_label.setAccessibleName("Trust")
        scope = QHBoxLayout()
        for text, box in (("&Academy", self.academy_box), ("Academic &year", self.year_box)):
            label = QLabel(text)
            label.setBuddy(box)
            scope.addWidget(label)
            scope.addWidget(box)
            scope.addSpacing(12)
        scope.addStretch(1)
        scope.addWidget(self.trust_label)

        self.learners = LearnersTab()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.learners, "&Learners")
        self.tabs.addTab(QWidget(), "&Review queue")
        self.tabs.addTab(QWidget(), "&Dashboard")
        self.tabs.setTabToolTip(REVIEW_TAB, "Imported rows that wait for you to choose the learner")
        self.tabs.setTabToolTip(DASHBOARD_TAB, "Returns received and statuses at a glance")
        self.review: ReviewScreen | None = None  # built when the tab is first shown
        self.dashboard: Dashboard | None = None
        # the learners table is the window's own: it reloads first when anything changes
        ctx.scope_changed.connect(self._load_learners)
        ctx.data_changed.connect(self._data_changed)
        ctx.forget.connect(self._forget)

        self.stale_banner = StaleBanner()
        self.takedown_banner = TakedownBanner()
        self.confirm_banner = ConfirmListBanner()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(scope)
        layout.addWidget(self.takedown_banner)
        layout.addWidget(self.stale_banner)
        layout.addWidget(self.confirm_banner)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self.panel = LearnerPanel(ctx)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.panel)

        self.counts_label = StatusText()  # gives way to the other texts in a narrow window
        self.counts_label.setAccessibleName("Learner counts")
        self.statusBar().addWidget(self.counts_label, 1)
        self.where_label = StatusText(elide=Qt.TextElideMode.ElideMiddle)
        self.statusBar().addPermanentWidget(self.where_label)

        self.session = Session(ctx)
        self.session.login_requested.connect(self.login_requested)
        self.commands = Commands(ctx, self.learners, self.stale_banner)
        self.commands.stale_loaded.connect(self.stale_loaded)
        self.commands.review_requested.connect(lambda: self.show_tab(REVIEW_TAB))
        self.safety = SafetyCommands(ctx)
        self.publishing = PublishingCommands(ctx, self.takedown_banner, self.confirm_banner)
        self.publishing.loaded.connect(self.publishing_loaded)
        self.actions_ = WindowActions(
            ctx,
            self.commands,
            self.safety,
            self.publishing,
            self.session,
            self.panel,
            find=self.focus_search,
            refresh=self.reload,
            show_tab=self.show_tab,
        )
        self.learners.counts_changed.connect(self._show_counts)
        self.learners.learner_selected.connect(self._learner_selected)
        self.learners.learner_activated.connect(self.enter_return_if_allowed)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.academy_box.currentIndexChanged.connect(self._scope_changed)
        self.year_box.currentIndexChanged.connect(self._scope_changed)
        self.panel.enter_return.connect(self.enter_return_if_allowed)
        self._set_busy("Opening the database…")
        self._restore_geometry()

    # starting ------------------------------------------------------------------------------
    def start_after_first_paint(self) -> None:
        """Open the database once the window has been painted: the worker's imports would
        otherwise compete with the first paint for the interpreter."""
        self._start_pending = True

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.Paint and self._start_pending:
            self._start_pending = False
            QTimer.singleShot(0, self.start)
        return handled

    def start(self) -> None:
        """Open the database (first run if it is new), then fill the selectors and load."""
        given, url = self.ctx.db, self.database_url

        def open_db(_: ProgressFn) -> Opened:
            from consent_desk.services.errors import NotInitialised
            from consent_desk.services.startup import (
                login_needed,
                open_database,
                prepare,
                startup_state,
            )

            if given is None:
                db, ready = open_database(url)
            else:
                db, ready = given, prepare(given)

            try:
                if not ready:
                    return db, None
                return db, (NEEDS_LOGIN if login_needed(db) else startup_state(db))
            except NotInitialised:  # the tables exist but no trust was ever created
                return db, None

        run_task(open_db, self._opened, self._start_failed, receiver=self)

    def _opened(self, result: Opened) -> None:
        db, state = result
        self.ctx.db = db
        if state is None:
            from consent_desk.gui.first_run import FirstRunDialog

            dialog = FirstRunDialog(db, self)
            if not dialog.exec():
                self.close()
                return
            self.ctx.db = dialog.db
            self.refresh_scope()
            if not dialog.used_samples:
                self.session.offer_first_account()
            return
        if state == NEEDS_LOGIN:
            self._set_busy("Log in to see the learners.")
            self.session.ask_login()
            return
        assert not isinstance(state, str)
        self._apply_state(state)

    def _start_failed(self, exc: BaseException) -> None:
        message = describe_error(exc)
        self._set_busy(f"Consent Desk cannot open its database. {message}")
        self.learners.show_empty(
            f"Consent Desk cannot open its database.\n\n{message}",
            [("Try again", self.start), ("Choose another database…", self.choose_database)],
        )
        self.start_failed.emit(message)
        show_error(self, exc, "Cannot open the database")

    def choose_database(self) -> None:
        """When the database cannot be opened: choose another one, then try again."""
        from consent_desk.gui.desk_settings import DATABASE_KEY
        from consent_desk.gui.settings_dialog import SettingsDialog

        def reopen() -> None:
            self.ctx.db, self.database_url = None, QSettings().value(DATABASE_KEY) or None
            self.start()

        dialog = SettingsDialog(None, parent=self)
        dialog.saved.connect(reopen)
        dialog.exec()

    def refresh_scope(self) -> None:
        """Re-read trust, academies, years and purposes (after settings or a first run)."""
        db = self.ctx.db
        if db is None:
            return

        def read(_: ProgressFn) -> StartupState:
            from consent_desk.services.startup import startup_state

            return startup_state(db)

        run_task(read, self._apply_state, self._start_failed, receiver=self)

    def _apply_state(self, state: StartupState) -> None:
        from consent_desk.db.engine import describe

        ctx = self.ctx
        assert ctx.db is not None
        ctx.trust_name = state.trust
        ctx.purpose_labels = dict(state.purposes)
        ctx.form_questions = list(state.questions)
        ctx.academies = [Academy(a.code, f"{a.name} ({a.code})") for a in state.academies]
        self.trust_label.setText(state.trust)
        self.where_label.setText(describe(ctx.db.url).split("///")[-1][-60:])
        self.where_label.setToolTip(f"Database: {describe(ctx.db.url)}")
        for box in (self.academy_box, self.year_box):
            box.blockSignals(True)
            box.clear()
        for a in ctx.academies:
            self.academy_box.addItem(a.name, a.code)
        for y in state.years:
            self.year_box.addItem(y, y)
        saved_academy, saved_year = remembered_scope(ctx.db.url)
        i = self.academy_box.findData(saved_academy) if saved_academy else -1
        self.academy_box.setCurrentIndex(max(i, 0) if self.academy_box.count() else -1)
        j = self.year_box.findData(saved_year) if saved_year else -1
        self.year_box.setCurrentIndex(j if j >= 0 else self.year_box.findData(state.current_year))
        for box in (self.academy_box, self.year_box):
            box.blockSignals(False)
        self._take_scope()
        self.actions_.set_enabled(True)
        self.session.show_session(state.has_users, state.lock_minutes, state.single_user_desk)
        self.safety.start_daily_backup()
        self.started.emit()
        ctx.scope_changed.emit()

    # the chosen academy and year -----------------------------------------------------------
    def _take_scope(self) -> None:
        """The selectors' academy and year become the context's."""
        self.ctx.academy = self.academy_box.currentData()
        self.ctx.academy_name = self.academy_box.currentText()
        self.ctx.year = self.year_box.currentData()

    def _scope_changed(self, _index: int) -> None:
        self._take_scope()
        if self.ctx.db is not None:
            remember_scope(self.ctx.db.url, self.ctx.academy, self.ctx.year)
        self.ctx.scope_changed.emit()

    def reload(self) -> None:
        """Refresh (F5): every screen reads what it shows again (changes at other desks)."""
        self.ctx.data_changed.emit(Changes.all_data())

    def _data_changed(self, changes: Changes) -> None:
        if changes.settings:
            self.refresh_scope()  # the scope is read again, and with it every screen
        elif changes.any("learners", "returns", "review"):
            self._load_learners()

    def _load_learners(self) -> None:
        """Read the learners of the chosen academy and year again (on a worker)."""
        ctx = self.ctx
        if ctx.db is None:
            return
        code, year = ctx.academy, ctx.year
        if not code or not year:
            from consent_desk.gui.roles import actor

            who = actor()
            if who is not None and who.academy_ids is not None:  # academy staff
                self.learners.show_empty(
                    f"{who.display_name}'s account has no academy yet: "
                    "ask the COO to tick yours in File → Trust and "
                    "safety → Users."
                )
            else:
                self.learners.show_empty(
                    "No academies yet. Add one in Settings → Academies.",
                    [("Settings…", lambda: self.commands.open_settings("academies"))],
                )
            self.counts_label.setText("")
            self.learners_loaded.emit()
            return
        self._generation += 1
        generation = self._generation
        keep = self.learners.current_id()
        db, labels = ctx.db, ctx.purpose_labels
        self.statusBar().showMessage(f"Loading the learners of {ctx.academy_name}…")
        run_task(
            lambda _: _load(db, code, year, labels),
            lambda result: self._loaded(generation, keep, result),
            lambda exc: self._load_failed(generation, exc),
            receiver=self,
        )

    def _loaded(self, generation: int, keep: int | None, result: tuple[PreparedRows, int]) -> None:
        if generation != self._generation:
            return  # the user chose another academy or year meanwhile
        prepared, review_count = result
        self.statusBar().clearMessage()
        self.ctx.prepared = prepared
        self.learners.set_prepared(prepared, keep=keep)
        if not prepared.rows:
            self.learners.show_empty(
                f"No learners in {self.ctx.academy_name} yet.\n\nStart by importing the "
                "learner list exported from your MIS (SIMS, Arbor, Bromcom…).",
                [("Import the learner list…", self.commands.import_learners)],
            )
        self.set_review_count(review_count)
        self._show_counts()
        if self.panel.learner_id is not None:  # show the chosen learner as they now are
            self.panel.show_learner(self.learners.current_id(), self.ctx.year)
        self.ctx.learners_shown.emit()
        self.learners_loaded.emit()

    def _load_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self.statusBar().clearMessage()
        self.learners.show_empty(describe_error(exc), [("Try again", self.reload)])
        self.learners_loaded.emit()

    def set_review_count(self, count: int) -> None:
        self.tabs.setTabText(REVIEW_TAB, f"&Review queue ({count})" if count else "&Review queue")

    def _set_busy(self, text: str) -> None:
        self.learners.show_empty(text)
        self.actions_.set_enabled(False)

    def _forget(self) -> None:
        """Nothing of the last person's view stays on screen for the next one."""
        self.learners.table.clearSelection()
        self.learners.clear_filters()  # not even what the last person searched for
        self.learners.show_empty("")
        self.actions_.set_enabled(False)

    # tabs, panel, counts -------------------------------------------------------------------
    def _tab_changed(self, index: int) -> None:
        if index == REVIEW_TAB and self.review is None and self.ctx.db is not None:
            from consent_desk.gui.review_screen import ReviewScreen

            self.review = ReviewScreen(self.ctx)
            self.review.count_changed.connect(self.set_review_count)
            self._replace_tab(REVIEW_TAB, self.review)
            self.review.reload()
        elif index == DASHBOARD_TAB and self.ctx.db is not None:
            if self.dashboard is None:
                from consent_desk.gui.dashboard import Dashboard

                self.dashboard = Dashboard(self.ctx)
                self._replace_tab(DASHBOARD_TAB, self.dashboard)
            self.dashboard.reload()

    def _replace_tab(self, index: int, widget: QWidget) -> None:
        """Put the real screen in place of the tab's placeholder (built when first shown)."""
        old = self.tabs.widget(index)
        text, tip = self.tabs.tabText(index), self.tabs.tabToolTip(index)
        self.tabs.blockSignals(True)
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, widget, text)
        self.tabs.setTabToolTip(index, tip)
        self.tabs.setCurrentIndex(index)
        self.tabs.blockSignals(False)
        if old is not None:
            old.deleteLater()

    def show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)

    def focus_search(self) -> None:
        self.show_tab(LEARNERS_TAB)
        self.learners.search.setFocus()
        self.learners.search.selectAll()

    def enter_return_if_allowed(self, learner_id: int) -> None:
        """Double-click or Enter on a learner: the paper return, if this person may enter it
        (else the status bar says why, instead of a dialog that would refuse to save)."""
        action = self.actions_.enter_return
        if action.isEnabled():
            self.commands.enter_return_for(learner_id)
        else:
            self.statusBar().showMessage(action.statusTip(), 8000)

    def _learner_selected(self, learner_id: int | None) -> None:
        self.panel.show_learner(learner_id, self.ctx.year)

    def _show_counts(self) -> None:
        m = self.learners.model
        if not m.total:
            self.counts_label.setText("")
            return
        shown = m.rowCount()
        counts = m.status_counts()
        parts = [f"{status_text(s)}: {counts.get(s, 0):,}" for s in STATUS_ORDER]
        noun = "learner" if m.total == 1 else "learners"
        self.counts_label.setText(
            f"{shown:,} of {m.total:,} {noun} shown   ·   " + "   ·   ".join(parts)
        )

    # window state --------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = self.settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 760)
        state = self.settings.value("main/state")
        if state is not None:
            self.restoreState(state)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.learners.model.set_palette(self.palette())
            self.panel.refresh_colours()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("main/geometry", self.saveGeometry())
        self.settings.setValue("main/state", self.saveState())
        self.session.end_session()
        super().closeEvent(event)
