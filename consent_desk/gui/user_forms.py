"""The small forms of the Users screen: a new account, a new password, a user's academies."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from consent_desk.db.engine import Database
from consent_desk.domain.roles import Role
from consent_desk.gui.errors import describe_error
from consent_desk.gui.login_dialog import message_label, password_problem, set_message
from consent_desk.gui.tasks import run_task


def role_help_label() -> QLabel:
    """What a role may do, under the role box: room for two lines whatever the role, so the
    form does not squeeze it when the academies are hidden (for the COO)."""
    label = QLabel()
    label.setWordWrap(True)
    label.setEnabled(False)
    label.setMinimumHeight(label.fontMetrics().lineSpacing() * 2 + 4)
    return label


class AcademyChecklist(QListWidget):
    """Tick the academies a person works in."""

    def __init__(self, academies: Sequence[Any], ticked: Sequence[str] = ()) -> None:
        super().__init__()
        self.setAccessibleName("Academies")
        for a in academies:
            item = QListWidgetItem(f"{a.name} ({a.code})")
            item.setData(Qt.ItemDataRole.UserRole, a.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if a.code in ticked else Qt.CheckState.Unchecked
            )
            self.addItem(item)
        rows = max(2, min(len(academies), 6))
        self.setFixedHeight(
            self.sizeHintForRow(0) * rows + 2 * self.frameWidth() + 4 if academies else 48
        )

    def codes(self) -> list[str]:
        return [
            self.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        ]

    def tick(self, code: str) -> None:
        for i in range(self.count()):
            if self.item(i).data(Qt.ItemDataRole.UserRole) == code:
                self.item(i).setCheckState(Qt.CheckState.Checked)


class _Form(QDialog):
    """A form with an inline message and OK/Cancel; ``work`` runs on a worker when OK."""

    def __init__(self, title: str, ok_text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.message = message_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)
        self.ok.clicked.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.result_value: Any = None
        lay = QVBoxLayout(self)
        self.top = QVBoxLayout()
        lay.addLayout(self.top)
        lay.addLayout(self.form)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)
        self.setMinimumWidth(480)

    def problem(self) -> str:
        return ""

    def work(self) -> Callable[[Any], Any]:
        raise NotImplementedError

    def submit(self) -> None:
        problem = self.problem()
        if problem:
            set_message(self.message, problem)
            return
        set_message(self.message, "")
        self.ok.setEnabled(False)
        run_task(self.work(), self._done, self._failed, receiver=self)

    def _done(self, value: Any) -> None:
        self.result_value = value
        self.ok.setEnabled(True)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.ok.setEnabled(True)
        set_message(self.message, describe_error(exc))


def _password(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(name)
    return edit


class AddUserDialog(_Form):
    """A new account. The first account of a trust is the COO's (and logs in at once)."""

    def __init__(
        self,
        db: Database,
        academies: Sequence[Any],
        *,
        first: bool = False,
        academy: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Add a user", "&Add user", parent)
        self.db, self.first = db, first
        self.username = QLineEdit()
        self.username.setPlaceholderText("one word, e.g. j.smith")
        self.username.setAccessibleName("User name")
        self.display_name = QLineEdit()
        self.display_name.setPlaceholderText("e.g. Jo Smith")
        self.display_name.setAccessibleName("Full name")
        self.role = QComboBox()
        self.role.setAccessibleName("Role")
        for r in Role:
            self.role.addItem(r.label, r.value)
        self.role_help = role_help_label()
        self.academies = AcademyChecklist(academies, [academy] if academy else [])
        self.academies_label = QLabel("&Works in:")
        self.academies_label.setBuddy(self.academies)
        self.password = _password("Password")
        self.password.setPlaceholderText("at least 8 characters")
        self.repeat = _password("Repeat the password")
        self.form.addRow("&User name:", self.username)
        self.form.addRow("&Full name:", self.display_name)
        self.form.addRow("&Role:", self.role)
        self.form.addRow("", self.role_help)
        self.form.addRow(self.academies_label, self.academies)
        self.form.addRow("&Password:", self.password)
        self.form.addRow("R&epeat:", self.repeat)
        if first:
            note = QLabel(
                "This is the first account, so it is the COO's. From now on "
                "everyone logs in; you are logged in as this account at once."
            )
            note.setWordWrap(True)
            self.top.addWidget(note)
            self.role.setCurrentIndex(self.role.findData(Role.COO.value))
            self.role.setEnabled(False)
        self.role.currentIndexChanged.connect(self._role_changed)
        self.academies.itemChanged.connect(lambda _item: set_message(self.message, ""))
        self._role_changed()
        self.username.setFocus()

    def _role_changed(self, _index: int = 0) -> None:
        role = Role(self.role.currentData())
        self.role_help.setText(role.help)
        every = role.trust_wide
        self.academies.setVisible(not every)
        self.academies_label.setVisible(not every)
        self.adjustSize()

    def problem(self) -> str:
        if not self.username.text().strip():
            self.username.setFocus()
            return "Give a user name: one word, e.g. j.smith."
        if not Role(self.role.currentData()).trust_wide and not self.academies.codes():
            return "Tick the academies this person works in."
        return password_problem(self.password.text(), self.repeat.text())

    def work(self) -> Callable[[Any], Any]:
        from consent_desk.gui.login_dialog import create_first_account
        from consent_desk.services.users import create_user

        db, first = self.db, self.first
        name, full = self.username.text(), self.display_name.text()
        role, password = self.role.currentData(), self.password.text()
        codes = [] if Role(role).trust_wide else self.academies.codes()
        if first:
            return lambda _: create_first_account(db, name, full, password)
        return lambda _: create_user(db, name, full, role, password, codes)


class PasswordDialog(_Form):
    def __init__(self, db: Database, username: str, parent: QWidget | None = None) -> None:
        super().__init__(f"New password for {username}", "&Set password", parent)
        self.db, self.username = db, username
        note = QLabel(
            f"Tell {username} the new password in person, and ask them to change "
            "it the next time they log in."
        )
        note.setWordWrap(True)
        note.setTextFormat(Qt.TextFormat.PlainText)
        self.top.addWidget(note)
        self.password = _password("New password")
        self.password.setPlaceholderText("at least 8 characters")
        self.repeat = _password("Repeat the new password")
        self.form.addRow("&New password:", self.password)
        self.form.addRow("&Repeat:", self.repeat)
        self.password.setFocus()

    def problem(self) -> str:
        return password_problem(self.password.text(), self.repeat.text())

    def work(self) -> Callable[[Any], Any]:
        from consent_desk.services.users import set_password

        db, name, password = self.db, self.username, self.password.text()
        return lambda _: set_password(db, name, password)


class AcademiesDialog(_Form):
    def __init__(
        self,
        db: Database,
        username: str,
        academies: Sequence[Any],
        ticked: Sequence[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"Academies of {username}", "&Save", parent)
        self.db, self.username = db, username
        self.academies = AcademyChecklist(academies, ticked)
        self.form.addRow("Works in:", self.academies)

    def problem(self) -> str:
        return "" if self.academies.codes() else "Tick at least one academy."

    def work(self) -> Callable[[Any], Any]:
        from consent_desk.services.users import set_academies

        db, name, codes = self.db, self.username, self.academies.codes()
        return lambda _: set_academies(db, name, codes)


class RoleDialog(_Form):
    """Change a person's role (audited). Academy staff keep their academies unless changed;
    the COO works in every academy; the last COO stays COO."""

    def __init__(
        self, db: Database, user: Any, academies: Sequence[Any], parent: QWidget | None = None
    ) -> None:
        from consent_desk.services.access import Role

        super().__init__(f"Role of {user.display_name}", "&Change role", parent)
        self.db, self.username, self.before = db, user.username, user.role.value
        self.role = QComboBox()
        self.role.setAccessibleName("Role")
        for r in Role:
            self.role.addItem(r.label, r.value)
        self.role.setCurrentIndex(self.role.findData(user.role.value))
        self.role_help = role_help_label()
        self.academies = AcademyChecklist(academies, user.academies)
        self.academies_label = QLabel("&Works in:")
        self.academies_label.setBuddy(self.academies)
        note = QLabel(
            f"At present {user.display_name} ({user.username}) is {user.role.label}. A "
            "change is recorded in the audit trail and applies the next time they log in."
        )
        note.setWordWrap(True)
        note.setTextFormat(Qt.TextFormat.PlainText)
        self.top.addWidget(note)
        self.form.addRow("&Role:", self.role)
        self.form.addRow("", self.role_help)
        self.form.addRow(self.academies_label, self.academies)
        self.role.currentIndexChanged.connect(self._role_changed)
        self.academies.itemChanged.connect(lambda _item: set_message(self.message, ""))
        self._role_changed()
        self.role.setFocus()
        from consent_desk.gui.roles import actor

        me = actor()
        self.own = me is not None and not me.system and me.username == user.username
        if self.own:  # the services refuse it too; say so before anything is chosen
            set_message(self.message, "You cannot change your own role: ask another COO.")
            for w in (self.role, self.academies, self.ok):
                w.setEnabled(False)
            self.adjustSize()

    def _role_changed(self, _index: int = 0) -> None:
        role = Role(self.role.currentData())
        self.role_help.setText(role.help)
        every = role.trust_wide
        self.academies.setVisible(not every)
        self.academies_label.setVisible(not every)
        if not getattr(self, "own", False):
            set_message(self.message, "")
        self.adjustSize()

    def problem(self) -> str:
        if not Role(self.role.currentData()).trust_wide and not self.academies.codes():
            return "Tick the academies this person works in."
        return ""

    def work(self) -> Callable[[Any], Any]:
        from consent_desk.services.users import set_role

        db, name, role = self.db, self.username, self.role.currentData()
        codes = [] if Role(role).trust_wide else self.academies.codes()
        return lambda _: set_role(db, name, role, codes)
