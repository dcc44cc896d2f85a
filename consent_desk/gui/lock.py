"""Locking the app after a while without input, and hiding it while nobody is logged in.

An application-wide event filter notes the time of every key press, click, wheel turn and mouse
move; a timer checks it. When the trust's "lock after" time passes with no input, every window
of the app is covered: its own widgets are *hidden* (not merely painted over, so no learner's
name is left for a screen reader or a screenshot) and its actions disabled, and a cover asks for
the same person's password — or lets someone else log in, which logs the first person out.
"""

from __future__ import annotations

import time
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from consent_desk.gui.errors import describe_error
from consent_desk.gui.login_dialog import message_label, set_message
from consent_desk.gui.tasks import run_task
from consent_desk.gui.theme import app_icon

if TYPE_CHECKING:
    from consent_desk.db.engine import Database

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


LOCKED_BY_HAND = "You locked the desk (File → Lock now, Ctrl+L)"


def idle_reason(timeout_ms: int) -> str:
    """Why an idle desk locked, in the words of the trust's setting."""
    seconds = max(1, round(timeout_ms / 1000))
    if seconds >= 60 and seconds % 60 == 0:
        minutes = seconds // 60
        return f"Locked after {minutes} minute{'s' if minutes != 1 else ''} without use"
    if seconds >= 60:
        return f"Locked after {seconds / 60:.1f} minutes without use"
    return f"Locked after {seconds} second{'s' if seconds != 1 else ''} without use"


class _PasswordEdit(QLineEdit):
    """Enter and Esc stay here: under the cover a dialog's default button must not fire."""

    submitted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submitted.emit()
            event.accept()
        elif event.key() == Qt.Key.Key_Escape:
            self.clear()
            event.accept()
        else:
            super().keyPressEvent(event)


class LockPanel(QFrame):
    """What a covered window shows: locked (password to unlock), or a plain cover."""

    unlock = Signal(str)  # the password typed
    switch_user = Signal()

    def __init__(
        self, parent: QWidget, *, title: str, text: str, interactive: bool, person: str = ""
    ) -> None:
        super().__init__(parent)
        self.setObjectName("lock-cover")
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(64, 64))
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        icon.setFixedHeight(76)
        self.title = QLabel(title)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.person = QLabel(f"<b>{escape(person)}</b>")
        self.person.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.person.setVisible(bool(person))
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        card = QFrame()  # a fixed width: word-wrapped labels then get the height they need
        card.setObjectName("lock-card")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setFixedWidth(max(min(440, parent.width() - 40), 200))
        inner = QVBoxLayout(card)
        inner.setContentsMargins(24, 20, 24, 20)
        inner.setSpacing(8)
        inner.addWidget(icon)
        inner.addWidget(self.title)
        inner.addWidget(self.person)
        inner.addWidget(self.text)
        self.password = _PasswordEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        self.password.setPlaceholderText("Your password")
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setAutoDefault(False)
        self.other_button = QPushButton("Log in as someone &else…")
        self.other_button.setAutoDefault(False)
        self.other_button.setFlat(True)
        self.other_button.setToolTip("Logs the locked-out person out; their unsaved typing is lost")
        self.message = message_label()
        if interactive:
            row = QHBoxLayout()
            row.addWidget(self.password, 1)
            row.addWidget(self.unlock_button)
            inner.addSpacing(6)
            inner.addLayout(row)
            inner.addWidget(self.message)
            inner.addWidget(self.other_button, 0, Qt.AlignmentFlag.AlignCenter)
            self.password.submitted.connect(self._unlock)
            self.unlock_button.clicked.connect(self._unlock)
            self.other_button.clicked.connect(self.switch_user.emit)
        # the card's height for its width (the centring layout would ask its plain size hint,
        # too short for the wrapped words, and squeeze the icon into the title)
        self.card, self._inner = card, inner
        self._fit_card()
        self.message.installEventFilter(self)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)

    def _fit_card(self) -> None:
        self.card.setFixedHeight(self._inner.totalHeightForWidth(self.card.width()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.message and event.type() in (QEvent.Type.Show, QEvent.Type.Hide):
            self._fit_card()  # a refusal appeared or went
        return False

    def _unlock(self) -> None:
        if not self.password.text():
            set_message(self.message, "Type your password to unlock.")
            return
        self.unlock.emit(self.password.text())

    def set_busy(self, busy: bool) -> None:
        for w in (self.password, self.unlock_button, self.other_button):
            w.setEnabled(not busy)
        if not busy:
            self.password.setFocus()


class _Cover(QObject):
    """Hides one window's widgets and actions behind a LockPanel; ``remove`` puts them back."""

    def __init__(self, window: QWidget, panel: LockPanel) -> None:
        super().__init__(window)
        self.window, self.panel = window, panel
        # (dialogs are windows of their own, each with its own cover: hiding one would end it)
        # (``children()``, not ``findChildren``: PySide6's misses docks and tool bars here)
        self.hidden = [
            c
            for c in window.children()
            if isinstance(c, QWidget) and c is not panel and c.isVisible() and not c.isWindow()
        ]
        self.disabled = [a for a in window.findChildren(QAction) if a.isEnabled()]
        self.focus = QApplication.focusWidget()
        for c in self.hidden:
            c.hide()
        for a in self.disabled:
            a.setEnabled(False)
        panel.setGeometry(window.rect())
        panel.show()
        panel.raise_()
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Resize:
            self.panel.setGeometry(self.window.rect())
        return False

    def remove(self) -> None:
        if not isValid(self) or not isValid(self.window):
            return  # the window was closed (and deleted) while covered
        self.window.removeEventFilter(self)
        self.panel.hide()
        self.panel.deleteLater()
        for c in self.hidden:
            if isValid(c):
                c.show()
        for a in self.disabled:
            if isValid(a):
                a.setEnabled(True)
        if self.focus is not None and isValid(self.focus) and self.focus.isVisible():
            self.focus.setFocus()
        self.deleteLater()


class ScreenLock(QObject):
    """The inactivity lock of one app window (and the dialogs open over it)."""

    locked = Signal()
    unlocked = Signal()
    switch_user = Signal()  # "log in as someone else": the window logs the person out

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.db: Database | None = None
        self.timeout_ms = 0  # 0: never lock
        self.is_locked = False
        self.reason = ""  # why the desk last locked, as the cover says it
        self._covers: list[_Cover] = []
        self.panel: LockPanel | None = None
        self._last_input = time.monotonic()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._check)
        self._watching = False

    # watching for input --------------------------------------------------------------------
    def start(self, db: Database, minutes: float) -> None:
        """Lock after ``minutes`` without input (0: never). Called when someone logs in."""
        self.db = db
        self.set_timeout(int(minutes * 60_000))

    def set_timeout(self, ms: int) -> None:
        self.timeout_ms = max(0, ms)
        app = QApplication.instance()
        if self.timeout_ms and not self._watching and app is not None:
            app.installEventFilter(self)
            self._watching = True
        elif not self.timeout_ms and self._watching and app is not None:
            app.removeEventFilter(self)
            self._watching = False
        self._last_input = time.monotonic()
        self._arm(self.timeout_ms)

    def stop(self) -> None:
        """Nobody is logged in: no lock (the window is covered by the login instead)."""
        self.set_timeout(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self._last_input = time.monotonic()
        return False

    def _arm(self, ms: int) -> None:
        if self.timeout_ms and not self.is_locked:
            self._timer.start(max(ms, 1))
        else:
            self._timer.stop()

    def _check(self) -> None:
        idle = (time.monotonic() - self._last_input) * 1000
        if idle >= self.timeout_ms:
            self.lock(idle_reason(self.timeout_ms))
        else:
            self._arm(int(self.timeout_ms - idle))

    # covering --------------------------------------------------------------------------------
    def lock_now(self) -> None:
        """File → Lock now (Ctrl+L): the person locked the desk themselves."""
        self.lock(LOCKED_BY_HAND)

    def lock(self, reason: str = "") -> None:
        """Cover every window until the person's password is typed; ``reason`` says why, as
        the cover shows it ("Locked after 10 minutes without use")."""
        from consent_desk.gui.roles import actor

        who = actor()
        if self.is_locked or who is None:
            return
        self.reason = reason or idle_reason(self.timeout_ms)
        self.cover(
            "Consent Desk is locked",
            f"{self.reason}, so that nobody sees learners' data while the desk is "
            "left. Type your password to go on where you were.",
            person=f"{who.display_name} ({who.role.label})",
        )
        self.is_locked = True
        self._timer.stop()
        self.locked.emit()

    def cover(self, title: str, text: str, *, interactive: bool = True, person: str = "") -> None:
        """Cover every window of the app; the one that takes input gets the password box."""
        self.uncover()
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        while (popup := app.activePopupWidget()) is not None:
            popup.close()
        target = app.activeModalWidget() or self.window
        windows = [
            w
            for w in app.topLevelWidgets()
            if w.isVisible() and isinstance(w, QMainWindow | QDialog) and w is not target
        ]
        for w in [target, *windows]:
            if w is target and interactive and (w.width() < 440 or w.height() < 380):
                w.resize(max(w.width(), 440), max(w.height(), 380))  # a small message box
            panel = LockPanel(
                w,
                title=title if w is target else "Locked",
                text=text
                if w is target
                else "Consent Desk is locked: unlock it to see this window again.",
                interactive=interactive and w is target,
                person=person if w is target else "",
            )
            if w is target:
                self.panel = panel
                panel.unlock.connect(self._try_unlock)
                panel.switch_user.connect(self.switch_user.emit)
            self._covers.append(_Cover(w, panel))
        if self.panel is not None:
            target.activateWindow()
            self.panel.password.setFocus()

    def uncover(self) -> None:
        for c in self._covers:
            c.remove()
        self._covers.clear()
        self.panel = None

    def _try_unlock(self, password: str) -> None:
        from consent_desk.gui.roles import actor

        who, db, panel = actor(), self.db, self.panel
        if who is None or db is None or panel is None:
            self.unlock()
            return
        panel.set_busy(True)

        def check(_: Any) -> Any:
            from consent_desk.services.users import authenticate

            return authenticate(db, who.username, password)

        def failed(exc: BaseException) -> None:
            if panel is self.panel:
                panel.set_busy(False)
                panel.password.clear()
                set_message(panel.message, describe_error(exc))

        run_task(check, lambda _: self.unlock(), failed, receiver=panel)

    def unlock(self) -> None:
        self.uncover()
        was_locked, self.is_locked = self.is_locked, False
        self._last_input = time.monotonic()
        self._arm(self.timeout_ms)
        if was_locked:
            self.unlocked.emit()
