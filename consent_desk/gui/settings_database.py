"""Settings → Database: where this desk keeps its data — the embedded database, an SQLite file,
or a PostgreSQL server — with "Test connection". Any user may change it (it is this desk's)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from consent_desk.db.engine import default_database_url
from consent_desk.gui.desk_settings import DATABASE_KEY
from consent_desk.gui.errors import describe_error
from consent_desk.gui.file_dialogs import FileKind, save_file
from consent_desk.gui.tasks import run_task
from consent_desk.services.startup import check_connection

if TYPE_CHECKING:
    from consent_desk.db.engine import Database


class DatabaseTab:
    """Mixed into :class:`SettingsDialog`: the Database tab and its connection test."""

    db: Database | None

    def _database_tab(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        note = QLabel(
            "Where this desk keeps its data. Every desk of a trust with several "
            "offices points at one PostgreSQL server. A change takes effect the next "
            "time Consent Desk starts."
        )
        note.setWordWrap(True)
        self.db_default = QRadioButton("The embedded database on this computer")
        self.db_sqlite = QRadioButton("An SQLite database file:")
        self.db_postgres = QRadioButton("A PostgreSQL server:")
        self.sqlite_path = QLineEdit()
        self.sqlite_path.setAccessibleName("SQLite file")
        browse = QPushButton("Bro&wse…")
        browse.setAutoDefault(False)
        browse.clicked.connect(self._browse_sqlite)
        self.pg_url = QLineEdit()
        self.pg_url.setPlaceholderText("postgresql://user:password@server/consent")
        self.pg_url.setAccessibleName("PostgreSQL URL")
        self.test_button = QPushButton("&Test connection")
        self.test_button.setAutoDefault(False)
        self.test_button.clicked.connect(self.test_connection)
        self.test_result = QLabel()
        self.test_result.setTextFormat(Qt.TextFormat.PlainText)
        self.test_result.setWordWrap(True)
        self.test_result.setAccessibleName("Connection test result")
        file_row = QHBoxLayout()
        file_row.addWidget(self.sqlite_path, 1)
        file_row.addWidget(browse)
        lay.addWidget(note)
        from consent_desk.db.engine import describe

        now = QLabel(
            f"In use now: {describe(self.db.url)}"
            if self.db is not None
            else "The database chosen now cannot be opened."
        )
        now.setWordWrap(True)
        now.setTextFormat(Qt.TextFormat.PlainText)
        now.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        now.setAccessibleName("Database in use")
        lay.addWidget(now)
        lay.addWidget(self.db_default)
        lay.addWidget(self.db_sqlite)
        lay.addLayout(file_row)
        lay.addWidget(self.db_postgres)
        lay.addWidget(self.pg_url)
        lay.addWidget(self.test_button, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(self.test_result)
        lay.addStretch(1)
        saved = str(QSettings().value(DATABASE_KEY) or "")
        if saved.startswith("postgres"):
            self.db_postgres.setChecked(True)
            self.pg_url.setText(saved)
        elif saved.startswith("sqlite"):
            self.db_sqlite.setChecked(True)
            self.sqlite_path.setText(saved.removeprefix("sqlite:///"))
        else:
            self.db_default.setChecked(True)
        self.db_default.setToolTip(default_database_url().removeprefix("sqlite:///"))
        return w

    # database ------------------------------------------------------------------------------
    def _browse_sqlite(self) -> None:
        path, _ = save_file(
            self._dialog(),
            FileKind.DATABASES,
            "Choose or create a database file",
            self.sqlite_path.text(),
            "SQLite database (*.sqlite3 *.db)",
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.sqlite_path.setText(path)
            self.db_sqlite.setChecked(True)

    def chosen_url(self) -> str | None:
        if self.db_postgres.isChecked():
            return self.pg_url.text().strip() or None
        if self.db_sqlite.isChecked():
            path = self.sqlite_path.text().strip()
            return f"sqlite:///{Path(path).expanduser()}" if path else None
        return None

    def test_connection(self) -> None:
        url = self.chosen_url() or default_database_url()
        self.test_result.setText("Connecting…")
        self.test_button.setEnabled(False)

        def done(check: Any) -> None:
            self.test_button.setEnabled(True)
            self.test_result.setText("✔ " + check.message)

        def failed(exc: BaseException) -> None:
            self.test_button.setEnabled(True)
            self.test_result.setText("✘ " + describe_error(exc))

        run_task(lambda _: check_connection(url), done, failed, receiver=self._dialog())

    def _dialog(self) -> Any:
        return self
