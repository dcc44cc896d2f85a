"""Who is at the desk: logging in at start, logging out, switching user, the inactivity lock,
and the actions offered to the logged-in person's role.

A database without user accounts works as before: nobody logs in and nothing locks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QPushButton

from consent_desk.gui.context import WindowContext
from consent_desk.gui.lock import ScreenLock
from consent_desk.gui.roles import actor, who_text
from consent_desk.gui.window_title import academy_text, window_title

if TYPE_CHECKING:
    from consent_desk.gui.login_dialog import CreateCooDialog, LoginDialog

NO_ACCOUNTS_TIP = (
    "This database has no user accounts, so everyone who uses this computer "
    "acts with every right — including safeguarding flags and their reasons."
)


class Session(QObject):
    """The person at the desk, for one window: its lock, its login dialog, the status-bar
    notes saying who is logged in (or that nobody needs to). When the person changes it says
    so on the context (``people_changed``, ``forget``); the actions and screens re-gate."""

    login_requested = Signal(object)  # the LoginDialog just opened

    def __init__(self, ctx: WindowContext) -> None:
        super().__init__(ctx)
        self.ctx = ctx
        window = ctx.window
        self.lock = ScreenLock(window)
        self.lock.switch_user.connect(self.log_out)
        ctx.scope_changed.connect(self.show_title)  # the title names the academy and year
        self.login: LoginDialog | None = None
        self.coo_offer: CreateCooDialog | None = None
        self.user_label = QLabel()
        self.user_label.setTextFormat(Qt.TextFormat.PlainText)
        self.user_label.setAccessibleName("Logged in as")
        window.statusBar().addPermanentWidget(self.user_label)
        # Without accounts everyone at this computer acts with every right: say so, always.
        self.no_accounts = QPushButton()
        self.no_accounts.setFlat(True)
        self.no_accounts.setAccessibleName("No user accounts")
        self.no_accounts.setStyleSheet("QPushButton { color: #9a3412; font-weight: bold; }")
        self.no_accounts.clicked.connect(self.offer_first_account)
        self.no_accounts.hide()
        window.statusBar().addPermanentWidget(self.no_accounts)

    def _read_again(self) -> None:
        """Trust, academies and years read again: what the person may see may differ."""
        self.ctx.changed(settings=True)

    # logging in and out ----------------------------------------------------------------------
    def ask_login(
        self,
        then: Callable[[], object] | None = None,
        *,
        intro: str = "",
        cancel_text: str = "Quit",
        on_cancel: Callable[[], object] | None = None,
    ) -> LoginDialog:
        """The login dialog (window-modal, not blocking); ``then`` once someone logged in
        (by default: read everything again for them)."""
        from consent_desk.gui.login_dialog import LoginDialog

        assert self.ctx.db is not None
        window = self.ctx.window
        dialog = LoginDialog(self.ctx.db, window, intro=intro, cancel_text=cancel_text)
        self.login = dialog
        dialog.logged_in.connect(lambda _who: self._logged_in(then or self._read_again))
        dialog.rejected.connect(on_cancel or window.close)
        self.login_requested.emit(dialog)
        dialog.open()
        return dialog

    def _logged_in(self, then: Callable[[], object]) -> None:
        self.login = None
        self.lock.uncover()
        self.ctx.has_users = True
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
        self.ctx.forget.emit()
        self.lock.cover("Nobody is logged in", "Log in to see learners' data.", interactive=False)
        self.ask_login(intro=(f"{name} has logged out. " if name else "") + "Log in to go on.")

    def end_session(self) -> None:
        """The window closes: whoever was logged in is logged out, the lock stops watching."""
        from consent_desk.services.access import set_actor

        if actor() is not None:
            set_actor(None)
        self.lock.stop()

    def switch_user(self) -> None:
        """File → Switch user: another person logs in; Cancel keeps the present one."""

        def switched() -> None:
            self.ctx.forget.emit()  # nothing of the last person's view stays on screen
            self._read_again()

        self.ask_login(
            switched,
            cancel_text="Cancel",
            on_cancel=lambda: None,
            intro=f"{who_text()} is logged in now. Log in as someone else:",
        )

    def offer_first_account(self) -> None:
        """After the first run: offer to create the COO's account."""
        from consent_desk.gui.login_dialog import CreateCooDialog

        assert self.ctx.db is not None
        dialog = CreateCooDialog(self.ctx.db, self.ctx.window)
        dialog.created.connect(lambda _who: self._read_again())
        dialog.single_user.connect(self._read_again)
        self.coo_offer = dialog
        dialog.open()

    # what the window shows about the person ----------------------------------------------------
    def show_session(
        self, has_users: bool, lock_minutes: int, single_user_desk: bool = False
    ) -> None:
        """After (re)loading: the title, the status bar, the lock and the role's actions."""
        ctx = self.ctx
        ctx.has_users = has_users
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
        if has_users and actor() is not None and ctx.db is not None:
            self.lock.start(ctx.db, lock_minutes)
        else:
            self.lock.stop()
        ctx.people_changed.emit()

    def show_title(self) -> None:
        """The academy and year shown, who is at the desk, then the app's name."""
        ctx = self.ctx
        academy = academy_text(ctx.academy_name, ctx.academy)
        ctx.window.setWindowTitle(window_title(academy, ctx.year, who_text(), trust=ctx.trust_name))
