"""Settings: the trust (name, logo, non-return policy, retention), purpose labels, academies, and
this desk's database (SQLite file or PostgreSQL server, with "Test connection")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from consent_desk.db.engine import Database, default_database_url
from consent_desk.gui.app import DATABASE_KEY
from consent_desk.gui.errors import describe_error, show_error, show_info
from consent_desk.gui.tasks import run_task
from consent_desk.services.audit import current_user_name
from consent_desk.services.errors import ServiceError
from consent_desk.services.gui_support import check_connection, set_purpose_labels
from consent_desk.services.trust import (
    PHASES,
    add_academy,
    get_settings,
    list_academies,
    purposes,
    update_settings,
)

LOGO_FILTER = "Images (*.png *.jpg *.jpeg)"


class SettingsDialog(QDialog):
    loaded = Signal()
    saved = Signal()
    academies_changed = Signal()

    def __init__(self, db: Database | None, parent: QWidget | None = None) -> None:
        """``db`` None: the database cannot be opened, so only the Database tab is offered."""
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("Settings" if db is not None else "Choose the database")
        self.original: Any = None
        self.original_labels: dict[str, str] = {}
        self.tabs = QTabWidget()
        if db is not None:
            self.tabs.addTab(self._trust_tab(), "&Trust")
            self.tabs.addTab(self._purposes_tab(), "&Purposes")
            self.tabs.addTab(self._academies_tab(), "&Academies")
        self.database_tab = self._database_tab()
        self.tabs.addTab(self.database_tab, "Data&base")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)
        lay.addWidget(self.buttons)
        self.resize(600, 480)
        if db is None:
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(True)
            return
        run_task(lambda _: (get_settings(db), purposes(db), list_academies(db)),
                 self._loaded, lambda exc: show_error(self, exc), receiver=self)

    # tabs ----------------------------------------------------------------------------------
    def _trust_tab(self) -> QWidget:
        w = QWidget()
        form = QFormLayout(w)
        self.trust_name = QLineEdit()
        self.trust_name.setAccessibleName("Trust name")
        self.logo_path = ""
        self.logo = QLabel("No logo")
        self.logo.setMinimumSize(160, 60)
        self.logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo.setAccessibleName("Logo preview")
        choose = QPushButton("&Choose…")
        choose.setToolTip("A PNG or JPEG printed at the top of every sheet and export")
        choose.clicked.connect(self._choose_logo)
        remove = QPushButton("&Remove")
        remove.clicked.connect(lambda: self._set_logo(""))
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo)
        logo_row.addWidget(choose)
        logo_row.addWidget(remove)
        logo_row.addStretch(1)
        self.non_returns = QCheckBox("Treat learners with no return as restricted")
        self.non_returns.setToolTip(
            "Recommended: until a parent or carer has answered, do not use images of the "
            "learner. They appear on the restriction list and the sheets as NO RETURN YET.")
        self.retention = QSpinBox()
        self.retention.setRange(1, 50)
        self.retention.setSuffix(" years after leaving")
        self.retention.setAccessibleName("Retention")
        self.retention.setToolTip("How long the data of learners who left is kept")
        form.addRow("Trust &name:", self.trust_name)
        form.addRow("Logo:", logo_row)
        form.addRow("Non-returns:", self.non_returns)
        form.addRow("&Keep leavers' data:", self.retention)
        return w

    def _purposes_tab(self) -> QWidget:
        w = QWidget()
        self.purpose_form = QFormLayout(w)
        note = QLabel("The uses of images parents answer for. You can rename them to match your "
                      "form; their meaning stays the same.")
        note.setWordWrap(True)
        self.purpose_form.addRow(note)
        self.purpose_edits: dict[str, QLineEdit] = {}
        return w

    def _academies_tab(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        self.academy_list = QListWidget()
        self.academy_list.setAccessibleName("Academies")
        lay.addWidget(self.academy_list)
        box = QGroupBox("Add an academy")
        form = QFormLayout(box)
        self.new_code = QLineEdit()
        self.new_code.setMaxLength(20)
        self.new_code.setPlaceholderText("e.g. HGH")
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText("e.g. Hillgate High Academy")
        self.new_phase = QComboBox()
        self.new_phase.addItem("—", None)
        for p in PHASES:
            self.new_phase.addItem(p.capitalize(), p)
        self.new_principal = QLineEdit()
        self.new_principal.setPlaceholderText("optional")
        self.add_button = add = QPushButton("A&dd academy")
        add.setAutoDefault(False)
        add.clicked.connect(self._add_academy)
        form.addRow("Code:", self.new_code)
        form.addRow("Name:", self.new_name)
        form.addRow("Phase:", self.new_phase)
        form.addRow("Principal:", self.new_principal)
        form.addRow("", add)
        lay.addWidget(box)
        return w

    def _database_tab(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        note = QLabel("Where this desk keeps its data. Every desk of a trust with several "
                      "offices points at one PostgreSQL server. A change takes effect the next "
                      "time Consent Desk starts.")
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
        self.test_result.setWordWrap(True)
        self.test_result.setAccessibleName("Connection test result")
        file_row = QHBoxLayout()
        file_row.addWidget(self.sqlite_path, 1)
        file_row.addWidget(browse)
        lay.addWidget(note)
        from consent_desk.db.engine import describe

        now = QLabel(f"In use now: {describe(self.db.url)}" if self.db is not None
                     else "The database chosen now cannot be opened.")
        now.setWordWrap(True)
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

    # loading -------------------------------------------------------------------------------
    def _loaded(self, result: tuple[Any, dict[str, str], list[Any]]) -> None:
        settings, labels, academies = result
        self.original, self.original_labels = settings, labels
        self.trust_name.setText(settings.name)
        self._set_logo(settings.logo_path or "")
        self.non_returns.setChecked(settings.treat_non_returns_as_restricted)
        self.retention.setValue(settings.retention_years)
        for key, label in labels.items():
            edit = QLineEdit(label)
            edit.setAccessibleName(f"Label for {key}")
            edit.setToolTip(f"Purpose key: {key} (never changes)")
            self.purpose_edits[key] = edit
            self.purpose_form.addRow(f"{key.replace('_', ' ').capitalize()}:", edit)
        self._show_academies(academies)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(True)
        self.loaded.emit()

    def _show_academies(self, academies: list[Any]) -> None:
        self.academy_list.clear()
        for a in academies:
            extra = ", ".join(x for x in (a.phase, f"principal {a.principal}"
                                          if a.principal else None) if x)
            self.academy_list.addItem(f"{a.code} — {a.name}" + (f" ({extra})" if extra else ""))

    # trust ---------------------------------------------------------------------------------
    def _choose_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose the trust's logo", "", LOGO_FILTER)
        if path:
            self._set_logo(path)

    def _set_logo(self, path: str) -> None:
        self.logo_path = path
        pix = QPixmap(path) if path else QPixmap()
        if pix.isNull():
            self.logo.setPixmap(QPixmap())
            self.logo.setText("No logo" if not path else "Cannot show this image")
        else:
            self.logo.setPixmap(pix.scaled(160, 60, Qt.AspectRatioMode.KeepAspectRatio,
                                           Qt.TransformationMode.SmoothTransformation))

    def _add_academy(self) -> None:
        db, user = self.db, current_user_name()
        if db is None:
            return
        code, name = self.new_code.text(), self.new_name.text()
        phase, principal = self.new_phase.currentData(), self.new_principal.text().strip() or None

        def work(_: Any) -> Any:
            add_academy(db, code, name, principal=principal, phase=phase, user=user)
            return list_academies(db)

        def done(academies: list[Any]) -> None:
            self._show_academies(academies)
            for edit in (self.new_code, self.new_name, self.new_principal):
                edit.clear()
            self.academies_changed.emit()

        run_task(work, done, lambda exc: show_error(self, exc, "Academy not added"),
                 receiver=self)

    # database ------------------------------------------------------------------------------
    def _browse_sqlite(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Choose or create a database file", self.sqlite_path.text(),
            "SQLite database (*.sqlite3 *.db)", options=QFileDialog.Option.DontConfirmOverwrite)
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

        run_task(lambda _: check_connection(url), done, failed, receiver=self)

    # saving --------------------------------------------------------------------------------
    def changes(self) -> dict[str, Any]:
        o = self.original
        new = {"name": " ".join(self.trust_name.text().split()),
               "logo_path": self.logo_path or None,
               "treat_non_returns_as_restricted": self.non_returns.isChecked(),
               "retention_years": self.retention.value()}
        return {k: v for k, v in new.items() if o is not None and getattr(o, k) != v}

    def save(self) -> None:
        if self.original is None and self.db is not None:
            return
        changes = self.changes() if self.db is not None else {}
        labels = {k: e.text() for k, e in getattr(self, "purpose_edits", {}).items()
                  if e.text() != self.original_labels.get(k)}
        if "name" in changes and not changes["name"]:
            show_error(self, ServiceError("give the trust a name"), "Settings not saved")
            return
        url = self.chosen_url()
        if (self.db_sqlite.isChecked() or self.db_postgres.isChecked()) and not url:
            self.tabs.setCurrentWidget(self.database_tab)
            self.test_result.setText("✘ Give the database file or the server's address.")
            return
        db, user = self.db, current_user_name()

        def work(_: Any) -> None:
            if db is None:
                return
            if changes:
                update_settings(db, user, **changes)
            if labels:
                set_purpose_labels(db, labels, user)

        def done(_: object) -> None:
            settings = QSettings()
            before = settings.value(DATABASE_KEY)
            if url:
                settings.setValue(DATABASE_KEY, url)
            else:
                settings.remove(DATABASE_KEY)
            if (before or None) != url and self.db is not None:
                show_info(self, "Consent Desk will use the new database the next time it "
                          "starts.", "Database changed")
            self.saved.emit()
            self.accept()

        self.buttons.setEnabled(False)
        run_task(work, done, self._save_failed, receiver=self)

    def _save_failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        show_error(self, exc, "Settings not saved")
