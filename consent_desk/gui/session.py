"""Who is at the desk: logging in at start, logging out, switching user, the inactivity lock,
and the actions offered to the logged-in person's role.

A database without user accounts works as before: nobody logs in and nothing locks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QPushButton

from consent_desk.gui.lock import ScreenLock
from consent_desk.gui.roles import Gate, actor, may, who_text
from consent_desk.gui.window_title import academy_text, window_title

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QStatusBar

    from consent_desk.db.engine import Database
    from consent_desk.gui.actions import WindowActions
    from consent_desk.gui.learner_panel import LearnerPanel
    from consent_desk.gui.learners_tab import LearnersTab
    from consent_desk.gui.login_dialog import LoginDialog
    from consent_desk.gui.stale_sheets import StaleBanner

NO_ACCOUNTS_TIP = (
    "This database has no user accounts, so everyone who uses this computer "
    "acts with every right — including safeguarding flags and their reasons."
)


class WindowSession:
    """Mixed into :class:`MainWindow`."""

    db: Database | None
    trust_name: str
    actions_: WindowActions
    learners: LearnersTab
    panel: LearnerPanel
    review: Any
    stale: list[Any]
    stale_banner: StaleBanner
    login_requested: SignalInstance

    if TYPE_CHECKING:

        @property
        def year(self) -> str | None: ...
        def statusBar(self) -> QStatusBar: ...
        def setWindowTitle(self, title: str) -> None: ...
        def refresh_scope(self) -> None: ...
        def close(self) -> bool: ...
        def forget_publishing(self) -> None: ...

    def _init_session(self) -> None:
        window: Any = self
        self.has_users = False
        self.lock = ScreenLock(window)
        self.lock.switch_user.connect(self.log_out)
        self.gate = Gate()
        self.login: LoginDialog | None = None
        self.user_label = QLabel()
        self.user_label.setTextFormat(Qt.TextFormat.PlainText)
        self.user_label.setAccessibleName("Logged in as")
        self.statusBar().addPermanentWidget(self.user_label)
        # Without accounts everyone at this computer acts with every right: say so, always.
        self.no_accounts = QPushButton()
        self.no_accounts.setFlat(True)
        self.no_accounts.setAccessibleName("No user accounts")
        self.no_accounts.setStyleSheet("QPushButton { color: #9a3412; font-weight: bold; }")
        self.no_accounts.clicked.connect(self.offer_first_account)
        self.no_accounts.hide()
        self.statusBar().addPermanentWidget(self.no_accounts)

    # logging in and out ----------------------------------------------------------------------
    def ask_login(
        self,
        then: Callable[[], object],
        *,
        intro: str = "",
        cancel_text: str = "Quit",
        on_cancel: Callable[[], object] | None = None,
    ) -> LoginDialog:
        """The login dialog (window-modal, not blocking); ``then`` once someone logged in."""
        from consent_desk.gui.login_dialog import LoginDialog

        assert self.db is not None
        dialog = LoginDialog(self.db, self._window(), intro=intro, cancel_text=cancel_text)
        self.login = dialog
        dialog.logged_in.connect(lambda _who: self._logged_in(then))
        dialog.rejected.connect(on_cancel or self.close)
        self.login_requested.emit(dialog)
        dialog.open()
        return dialog

    def _logged_in(self, then: Callable[[], object]) -> None:
        self.login = None
        self.lock.uncover()
        self.has_users = True
        then()

    def log_out(self) -> None:
        """Log the person out (File → Log out, or "someone else" on the lock screen): their
        dialogs close, the window is covered until the next person logs in."""
        from consent_desk.services.access import set_actor

        name = who_text()
        set_actor(None)
        self.lock.stop()
        self.lock.uncover()
        self.lock.is_locked = False
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QDialog) and w.isVisible():
                # a dialog that would ask "close without saving?" closes without asking
                getattr(w, "discard", w.reject)()
        self._forget_data()
        self.lock.cover("Nobody is logged in", "Log in to see learners' data.", interactive=False)
        self.ask_login(
            self.refresh_scope,
            intro=(f"{name} has logged out. " if name else "") + "Log in to go on.",
        )

    def end_session(self) -> None:
        """The window closes: whoever was logged in is logged out, the lock stops watching."""
        from consent_desk.services.access import set_actor

        if actor() is not None:
            set_actor(None)
        self.lock.stop()

    def switch_user(self) -> None:
        """File → Switch user: another person logs in; Cancel keeps the present one."""

        def switched() -> None:
            self._forget_data()
            self.refresh_scope()

        self.ask_login(
            switched,
            cancel_text="Cancel",
            on_cancel=lambda: None,
            intro=f"{who_text()} is logged in now. Log in as someone else:",
        )

    def _forget_data(self) -> None:
        """Nothing of the last person's view stays on screen for the next one."""
        self.learners.table.clearSelection()
        self.learners.clear_filters()  # not even what the last person searched for
        self.panel.show_learner(None, None)
        self.learners.show_empty("")
        self.stale = []
        self.stale_banner.set_sheets([])
        self.forget_publishing()
        self.actions_.set_enabled(False)

    def offer_first_account(self) -> None:
        """After the first run: offer to create the COO's account."""
        from consent_desk.gui.login_dialog import CreateCooDialog

        assert self.db is not None
        dialog = CreateCooDialog(self.db, self._window())
        dialog.created.connect(lambda _who: self.refresh_scope())
        dialog.single_user.connect(self.refresh_scope)
        self.coo_offer = dialog
        dialog.open()

    # what the window shows about the person ----------------------------------------------------
    def show_session(
        self, has_users: bool, lock_minutes: int, single_user_desk: bool = False
    ) -> None:
        """After (re)loading: the title, the status bar, the lock and the role's actions."""
        self.has_users = has_users
        self.no_accounts.setVisible(not has_users)
        if single_user_desk:
            self.no_accounts.setText("Single-user desk: no accounts")
            self.no_accounts.setToolTip(
                NO_ACCOUNTS_TIP + " The COO chose this; click to "
                "create the COO's account after all."
            )
        else:
            # short enough for the status bar of a 1280-pixel window; the tooltip says the rest
            self.no_accounts.setText("⚠ No user accounts — set them up…")
            self.no_accounts.setToolTip(NO_ACCOUNTS_TIP + " Click to create the COO's account.")
        who = who_text()
        self.show_title()
        self.user_label.setText(f"Logged in as {who}" if who else "")
        self.user_label.setVisible(bool(who))
        for a in (self.actions_.log_out, self.actions_.switch_user, self.actions_.lock_now):
            a.setVisible(has_users)
            a.setEnabled(has_users)
        if has_users and actor() is not None and self.db is not None:
            self.lock.start(self.db, lock_minutes)
        else:
            self.lock.stop()
        self.apply_role()

    def show_title(self) -> None:
        """The academy and year shown, who is at the desk, then the app's name."""
        w: Any = self
        academy = academy_text(w.academy_box.currentText(), w.academy)
        self.setWindowTitle(window_title(academy, self.year, who_text(), trust=self.trust_name))

    def apply_role(self) -> None:
        """Disable what the person may not do, with a tooltip saying why."""
        from consent_desk.domain.years import AcademicYear
        from consent_desk.services.access import Action

        a, gate = self.actions_, self.gate
        if self.db is None:
            return
        past = ""
        year = self.year
        if (
            year
            and actor() is not None
            and not may(Action.EDIT_PAST_YEARS)
            and AcademicYear.parse(year) < AcademicYear.current()
        ):
            past = f"{year} is an earlier academic year: it is read-only (the COO may change it)"
        gate.action(a.enter_return, Action.ENTER_RETURNS, past)
        gate.action(a.import_returns, Action.ENTER_RETURNS, past)
        gate.action(a.import_learners, Action.EDIT_LEARNERS)
        for x in (a.print_sheet, a.print_forms, a.export_list, a.export_summary, a.export_chase):
            gate.action(x, Action.PRINT)
        gate.action(a.check_photo, Action.CHECK_PUBLICATION)
        gate.action(a.takedowns, Action.TAKE_DOWN)
        gate.action(a.confirmations, Action.SEE_ACKNOWLEDGEMENTS)
        gate.action(a.users, Action.MANAGE_USERS)
        gate.action(a.audit, Action.VIEW_AUDIT)
        gate.action(a.backup_now, Action.BACKUP)
        gate.action(a.restore, Action.BACKUP)
        gate.action(a.purge, Action.PURGE)
        self.panel.apply_role()
        if self.review is not None:
            self.review.apply_role()

    def _window(self) -> Any:
        return self
