"""The Users screen (COO): every account with its role and academies; add a user, set a new
password, change a user's role or academies, disable or enable an account."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from consent_desk.db.engine import Database
from consent_desk.gui.errors import show_error
from consent_desk.gui.table_model import RowsTableModel
from consent_desk.gui.tasks import run_task
from consent_desk.gui.user_forms import (
    AcademiesDialog,
    AddUserDialog,
    PasswordDialog,
    RoleDialog,
)

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("User name", "Name", "Role", "Academies", "Account")


class UsersModel(RowsTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []  # UserView

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    HEADERS = HEADERS

    def _rows(self) -> list[Any]:
        return self.rows

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        u = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                u.username,
                u.display_name,
                u.role.label,
                "All (trust-wide)" if u.role.trust_wide else ", ".join(u.academies),
                _state(u),
            )[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and not u.active:
            return QPalette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        return None


def _state(u: Any) -> str:
    if not u.active:
        return "Disabled"
    return "Locked" if u.locked else "Active"  # too many failed logins: Unlock


class UsersDialog(QDialog):
    loaded = Signal()
    first_account = Signal()  # the first account was made: from now on everyone logs in

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.academies: list[Any] = []
        self.setWindowTitle("Users")
        intro = QLabel(
            "Each person logs in with their own account. Office staff, teachers "
            "and principals see only the academies ticked for them; the COO sees "
            "every academy and alone manages users, settings and backups."
        )
        intro.setWordWrap(True)
        self.model = UsersModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Users")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for col, width in enumerate((130, 170, 110)):
            self.table.setColumnWidth(col, width)
        self.empty = QLabel(
            "No accounts yet: anyone at this computer can use Consent Desk. "
            "The first account must be the COO's."
        )
        self.empty.setWordWrap(True)
        self.empty.hide()
        self.add_button = QPushButton("&Add user…")
        self.password_button = QPushButton("Set a new &password…")
        self.role_button = QPushButton("&Role…")
        self.role_button.setToolTip(
            "Change what this person may do (recorded in the audit trail; the last COO stays COO)"
        )
        self.academies_button = QPushButton("A&cademies…")
        self.active_button = QPushButton("&Disable")
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setToolTip(
            "Let a person locked out by too many failed logins try "
            "again (recorded in the audit trail)"
        )
        for b in (
            self.password_button,
            self.role_button,
            self.academies_button,
            self.active_button,
            self.unlock_button,
        ):
            b.setEnabled(False)
        self.unlock_button.clicked.connect(self.unlock)
        self.add_button.clicked.connect(self.add_user)
        self.password_button.clicked.connect(self.new_password)
        self.role_button.clicked.connect(self.change_role)
        self.academies_button.clicked.connect(self.change_academies)
        self.active_button.clicked.connect(self.toggle_active)
        row = QHBoxLayout()
        for b in (self.add_button, self.password_button, self.role_button, self.academies_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.unlock_button)
        row.addWidget(self.active_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.empty)
        lay.addLayout(row)
        lay.addWidget(buttons)
        self.resize(760, 420)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection())
        self.reload()

    def reload(self, select: str | None = None) -> None:
        db = self.db

        def read(_: Any) -> Any:
            from consent_desk.services.trust import list_academies
            from consent_desk.services.users import list_users

            return list_users(db), list_academies(db)

        run_task(
            read,
            lambda r: self._show(r[0], r[1], select),
            lambda exc: show_error(self, exc, "Users"),
            receiver=self,
        )

    def _show(self, users: list[Any], academies: list[Any], select: str | None) -> None:
        self.academies = academies
        self.model.set_rows(users)
        self.empty.setVisible(not users)
        self.table.setVisible(bool(users))
        for i, u in enumerate(users):
            if u.username == select:
                self.table.selectRow(i)
        self._selection()
        self.loaded.emit()

    def selected(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def _selection(self) -> None:
        u = self.selected()
        for b in (self.password_button, self.role_button, self.active_button):
            b.setEnabled(u is not None)
        self.academies_button.setEnabled(u is not None and not u.role.trust_wide)
        self.active_button.setText("&Enable" if u is not None and not u.active else "&Disable")
        self.unlock_button.setEnabled(u is not None and u.locked)

    # commands ------------------------------------------------------------------------------
    def add_user(self) -> None:
        first = not self.model.rows
        dialog = AddUserDialog(self.db, self.academies, first=first, parent=self)
        self.add_dialog = dialog

        def added() -> None:
            self.reload(select=dialog.username.text().strip().lower())
            if first:
                self.first_account.emit()

        dialog.accepted.connect(added)
        dialog.exec()

    def new_password(self) -> None:
        u = self.selected()
        if u is not None:
            dialog = PasswordDialog(self.db, u.username, parent=self)
            self.password_dialog = dialog
            dialog.exec()

    def change_role(self) -> None:
        u = self.selected()
        if u is None:
            return
        dialog = RoleDialog(self.db, u, self.academies, parent=self)
        self.role_dialog = dialog
        dialog.accepted.connect(lambda: self.reload(select=u.username))
        dialog.exec()

    def change_academies(self) -> None:
        u = self.selected()
        if u is None:
            return
        dialog = AcademiesDialog(self.db, u.username, self.academies, u.academies, parent=self)
        self.academies_dialog = dialog
        dialog.accepted.connect(lambda: self.reload(select=u.username))
        dialog.exec()

    def toggle_active(self) -> None:
        u = self.selected()
        if u is None:
            return
        db, name, active = self.db, u.username, not u.active

        def work(_: Any) -> None:
            from consent_desk.services.users import set_active

            set_active(db, name, active)

        run_task(
            work,
            lambda _: self.reload(select=name),
            lambda exc: show_error(self, exc, "Account not changed"),
            receiver=self,
        )

    def unlock(self) -> None:
        u = self.selected()
        if u is None or not u.locked:
            return
        db, name = self.db, u.username

        def work(_: Any) -> None:
            from consent_desk.services.users import unlock_user

            unlock_user(db, name)

        run_task(
            work,
            lambda _: self.reload(select=name),
            lambda exc: show_error(self, exc, "Account not unlocked"),
            receiver=self,
        )
