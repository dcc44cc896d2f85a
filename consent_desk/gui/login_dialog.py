"""Logging in: the login dialog (user name and password), and the offer after the first run to
create the COO's account — from then on everyone logs in."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from consent_desk import APP_NAME
from consent_desk.gui.errors import describe_error
from consent_desk.gui.tasks import run_task
from consent_desk.gui.theme import PROBLEM_STYLE, app_icon

if TYPE_CHECKING:  # (the window starts without SQLAlchemy: it is loaded behind it)
    from consent_desk.db.engine import Database
    from consent_desk.services.access import Actor

LAST_USER_KEY = "login/last_user"  # this desk's last user name, offered next time (QSettings)


def message_label() -> QLabel:
    """An inline message under a form: a refusal or what to do next (hidden when empty)."""
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAccessibleName("Message")
    label.setStyleSheet(PROBLEM_STYLE)
    label.hide()
    return label


def set_message(label: QLabel, text: str) -> None:
    """Show ``text`` in the message label ("" hides it); the window grows to fit it."""
    label.setText(text)
    label.setVisible(bool(text))
    window = label.window()
    if text and window is not None and window.isVisible():
        hint = window.sizeHint()
        if hint.height() > window.height():
            window.resize(window.width(), hint.height())


def _heading(title: str, text: str) -> tuple[QHBoxLayout, QLabel]:
    icon = QLabel()
    icon.setPixmap(app_icon().pixmap(48, 48))
    words = QLabel(f"<h3 style='margin:0'>{title}</h3><p>{text}</p>")
    words.setWordWrap(True)
    words.setTextFormat(Qt.TextFormat.RichText)
    head = QHBoxLayout()
    head.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
    head.addSpacing(8)
    head.addWidget(words, 1)
    return head, words


def _layout(dialog: QDialog, head: QHBoxLayout, form: QFormLayout, *below: QWidget) -> QVBoxLayout:
    """The heading, then the form and its messages lined up under the heading's words."""
    lay = QVBoxLayout(dialog)
    lay.addLayout(head)
    body = QVBoxLayout()
    body.setContentsMargins(56, 6, 0, 0)  # the icon's width and the gap after it
    body.addLayout(form)
    for w in below:
        body.addWidget(w)
    lay.addLayout(body)
    return lay


def _password_edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(name)
    return edit


class LoginDialog(QDialog):
    """User name and password. Enter logs in; a refusal is said in the dialog, never a popup."""

    logged_in = Signal(object)  # the Actor, already set for this process

    def __init__(
        self,
        db: Database,
        parent: QWidget | None = None,
        *,
        intro: str = "",
        cancel_text: str = "Quit",
        username: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self._busy = False
        self.failures = 0  # refusals in a row at this dialog
        self.setWindowTitle(f"Log in — {APP_NAME}")
        self.setAccessibleName("Log in")
        head, self.intro = _heading(
            "Log in to Consent Desk",
            intro
            or (
                "This database holds children's personal data: each person logs in with their "
                "own account."
            ),
        )
        self.username = QLineEdit()
        self.username.setAccessibleName("User name")
        self.username.setPlaceholderText("e.g. j.smith")
        self.password = _password_edit("Password")
        form = QFormLayout()
        form.addRow("&User name:", self.username)
        form.addRow("&Password:", self.password)
        self.message = message_label()
        self.buttons = QDialogButtonBox()
        self.login_button = self.buttons.addButton(
            "&Log in", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.login_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(
            cancel_text, QDialogButtonBox.ButtonRole.RejectRole
        )
        self.cancel_button.setAutoDefault(False)
        self.login_button.clicked.connect(self.log_in)
        self.cancel_button.clicked.connect(self.reject)
        hint = QLabel(
            "Forgotten your password? The COO can set a new one in File → Trust and safety → Users."
        )
        hint.setWordWrap(True)
        hint.setEnabled(False)
        lay = _layout(self, head, form, self.message, hint)
        lay.addWidget(self.buttons)
        self.setMinimumWidth(460)
        known = username if username is not None else str(QSettings().value(LAST_USER_KEY) or "")
        self.username.setText(known)
        (self.password if known else self.username).setFocus()

    def log_in(self) -> None:
        if self._busy:
            return
        name, password = self.username.text().strip(), self.password.text()
        if not name:
            set_message(self.message, "Type your user name.")
            self.username.setFocus()
            return
        if not password:
            set_message(self.message, "Type your password.")
            self.password.setFocus()
            return
        self._set_busy(True)
        set_message(self.message, "")
        db = self.db

        def check(_: Any) -> Any:
            from consent_desk.services.users import authenticate

            return authenticate(db, name, password)

        run_task(check, self._accepted, self._refused, receiver=self)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for w in (self.login_button, self.username, self.password):
            w.setEnabled(not busy)
        self.login_button.setText("Checking…" if busy else "&Log in")

    def _accepted(self, who: Any) -> None:
        from consent_desk.services.access import set_actor

        self._set_busy(False)
        set_actor(who)
        QSettings().setValue(LAST_USER_KEY, who.username)
        self.logged_in.emit(who)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        from consent_desk.services.users import login_delay

        self._set_busy(False)
        set_message(self.message, describe_error(exc))
        self.password.clear()
        self.password.setFocus()
        # This desk waits longer after each failure in a row, whatever name was typed (so the
        # wait tells nobody whether a name is an account); the accounts wait in the database.
        self.failures += 1
        wait = login_delay(self.failures)
        if wait:
            self._busy = True
            self.login_button.setEnabled(False)
            self.login_button.setText(f"Wait {wait} s")
            QTimer.singleShot(wait * 1000, self._waited)

    def _waited(self) -> None:
        self._busy = False
        self.login_button.setEnabled(True)
        self.login_button.setText("&Log in")


class CreateCooDialog(QDialog):
    """After the first run: the COO's account (then everyone logs in). "Not now" keeps the
    database without accounts, working as before."""

    created = Signal(object)  # the Actor, logged in
    single_user = Signal()  # the COO chose, knowingly, a desk without accounts

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._busy = False
        self.setWindowTitle("Create the COO's account")
        head, _words = _heading(
            "Who may see this data?",
            (
                "Create the COO's account now, and everyone will log in with their own name: the "
                "COO then adds office staff, teachers and principals in File → Trust and safety → "
                "Users, each seeing only their academies. Until an account exists, anyone using "
                "this computer acts with every right, safeguarding flags included. Choose "
                "'Single-user desk' only if one person alone ever uses this computer's account."
            ),
        )
        self.username = QLineEdit()
        self.username.setPlaceholderText("one word, e.g. j.smith")
        self.username.setAccessibleName("User name")
        self.display_name = QLineEdit()
        self.display_name.setPlaceholderText("e.g. Jo Smith")
        self.display_name.setAccessibleName("Full name")
        self.password = _password_edit("Password")
        self.password.setPlaceholderText("at least 8 characters")
        self.repeat = _password_edit("Repeat the password")
        form = QFormLayout()
        form.addRow("&User name:", self.username)
        form.addRow("&Full name:", self.display_name)
        form.addRow("&Password:", self.password)
        form.addRow("&Repeat password:", self.repeat)
        self.message = message_label()
        self.buttons = QDialogButtonBox()
        self.create_button = self.buttons.addButton(
            "&Create the account and log in", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.create_button.setDefault(True)
        later = self.buttons.addButton("&Not now", QDialogButtonBox.ButtonRole.RejectRole)
        later.setToolTip("You can create it later in File → Trust and safety → Users")
        later.setAutoDefault(False)
        self.single_button = self.buttons.addButton(
            "&Single-user desk", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.single_button.setToolTip(
            "Only one person ever uses Consent Desk on this computer, and it is locked to them: "
            "work without accounts and stop asking (recorded in the audit trail)"
        )
        self.single_button.setAutoDefault(False)
        self.create_button.clicked.connect(self.create_account)
        later.clicked.connect(self.reject)
        self.single_button.clicked.connect(self.choose_single_user)
        lay = _layout(self, head, form, self.message)
        lay.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self.username.setFocus()

    def create_account(self) -> None:
        if self._busy:
            return
        problem = password_problem(self.password.text(), self.repeat.text())
        if problem:
            set_message(self.message, problem)
            self.password.setFocus()
            return
        self._busy = True
        self.create_button.setEnabled(False)
        db, name = self.db, self.username.text()
        full, password = self.display_name.text(), self.password.text()
        run_task(
            lambda _: create_first_account(db, name, full, password),
            self._created,
            self._failed,
            receiver=self,
        )

    def _created(self, who: Any) -> None:
        self._busy = False
        self.created.emit(who)
        self.accept()

    def choose_single_user(self) -> None:
        if self._busy:
            return
        self._busy = True
        db = self.db

        def work(_: Any) -> None:
            from consent_desk.services.audit import current_user_name
            from consent_desk.services.trust import update_settings

            update_settings(db, current_user_name(), single_user_desk=True)

        def done(_: Any) -> None:
            self._busy = False
            self.single_user.emit()
            self.reject()

        run_task(work, done, self._failed, receiver=self)

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.create_button.setEnabled(True)
        set_message(self.message, describe_error(exc))


def password_problem(password: str, repeat: str) -> str:
    """What is wrong with a new password typed twice ("" if nothing)."""
    from consent_desk.services.users import MIN_PASSWORD

    if len(password) < MIN_PASSWORD:
        return f"A password needs at least {MIN_PASSWORD} characters."
    if password != repeat:
        return "The two passwords differ: type the same password twice."
    return ""


def create_first_account(db: Database, username: str, display_name: str, password: str) -> Actor:
    """The trust's first account (the COO's), logged in at once (on a worker thread)."""
    from consent_desk.services.access import Role, set_actor
    from consent_desk.services.users import authenticate, create_user

    create_user(db, username, display_name, Role.COO, password)
    who = authenticate(db, username, password)
    set_actor(who)
    return who


def make_button(text: str, tip: str = "") -> QPushButton:
    button = QPushButton(text)
    button.setAutoDefault(False)
    if tip:
        button.setToolTip(tip)
    return button
