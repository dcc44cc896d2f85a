"""Settings: the trust (name, logo, non-return policy, retention, lock, backups), purpose
labels, the consent form's questions, academies, and this desk's database (SQLite file or
PostgreSQL server, with "Test connection"). Only the COO changes the trust's settings; anyone
may choose this desk's database."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from consent_desk.db.engine import Database
from consent_desk.domain import settings
from consent_desk.gui.desk_settings import DATABASE_KEY
from consent_desk.gui.errors import show_error, show_info
from consent_desk.gui.file_dialogs import FileKind, open_file
from consent_desk.gui.roles import may, why_not
from consent_desk.gui.settings_academies import AcademiesTab
from consent_desk.gui.settings_database import DatabaseTab
from consent_desk.gui.settings_questions import FormQuestionsTab
from consent_desk.gui.tasks import run_task
from consent_desk.services.access import Action
from consent_desk.services.audit import current_user_name
from consent_desk.services.consent_forms import (
    form_questions,
    policy_questions,
    set_form_questions,
)
from consent_desk.services.errors import ServiceError
from consent_desk.services.trust import (
    get_settings,
    list_academies,
    purposes,
    set_purpose_labels,
    update_settings,
)

LOGO_FILTER = "Images (*.png *.jpg *.jpeg)"


def _spin(setting: settings.Count, suffix: str) -> QSpinBox:
    """A number box with the setting's bounds, name and help (from ``domain.settings``)."""
    spin = QSpinBox()
    spin.setRange(setting.minimum, setting.maximum)
    spin.setSuffix(suffix)
    spin.setAccessibleName(setting.label)
    spin.setToolTip(setting.help)
    spin.setMaximumWidth(260)
    return spin


def password_kept_text(where: str) -> str:
    if where == "keyring":
        return (
            "The server's password is kept in this computer's keyring for your Windows, "
            "macOS or Linux account; the settings keep the address without it."
        )
    return (
        f"This computer has no keyring, so the server's password is kept in PostgreSQL's "
        f"own password file, {where}, readable by your account only; the settings keep "
        "the address without it."
    )


class SettingsDialog(DatabaseTab, QDialog):
    loaded = Signal()
    saved = Signal()
    academies_changed = Signal()

    TABS = ("trust", "purposes", "questions", "academies", "database")

    def __init__(
        self, db: Database | None, parent: QWidget | None = None, tab: str | None = None
    ) -> None:
        """``db`` None: the database cannot be opened, so only the Database tab is offered.
        ``tab`` (one of TABS) is the tab it opens on, e.g. where a hint sent the person."""
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("Settings" if db is not None else "Choose the database")
        self.original: Any = None
        self.original_labels: dict[str, str] = {}
        self.tabs = QTabWidget()
        self.may_change = may(Action.CHANGE_SETTINGS)
        self.questions = FormQuestionsTab()
        self.academies = AcademiesTab(db)
        self.academies.changed.connect(self.academies_changed)
        if db is not None:
            trust_pages = [
                (self._trust_tab(), "&Trust"),
                (self._purposes_tab(), "&Purposes"),
                (self.questions, "&Form questions"),
                (self.academies, "&Academies"),
            ]
            for page, title in trust_pages:
                self.tabs.addTab(page, title)
                page.setEnabled(self.may_change)
        self.database_tab = self._database_tab()
        self.tabs.addTab(self.database_tab, "Data&base")
        if tab is not None and db is not None:
            self.tabs.setCurrentIndex(self.TABS.index(tab))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
        lay = QVBoxLayout(self)
        if db is not None and not self.may_change:
            note = QLabel(
                f"{why_not(Action.CHANGE_SETTINGS)}: the trust's settings are shown "
                "read-only. You can choose this desk's database (Database tab)."
            )
            note.setWordWrap(True)
            lay.addWidget(note)
        lay.addWidget(self.tabs)
        lay.addWidget(self.buttons)
        self.resize(640, 560)
        if db is None:
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(True)
            return
        run_task(
            lambda _: (
                get_settings(db),
                purposes(db),
                list_academies(db),
                form_questions(db),
                policy_questions(db),
            ),
            self._loaded,
            lambda exc: show_error(self, exc),
            receiver=self,
        )

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
        self.non_returns = QCheckBox(settings.TREAT_NON_RETURNS_AS_RESTRICTED.label)
        self.non_returns.setToolTip(settings.TREAT_NON_RETURNS_AS_RESTRICTED.help)
        self.retention = _spin(settings.RETENTION_YEARS, " years after leaving")
        form.addRow("Trust &name:", self.trust_name)
        form.addRow("Logo:", logo_row)
        form.addRow("Non-returns:", self.non_returns)
        form.addRow("&Keep leavers' data:", self.retention)
        self.lock_minutes = _spin(settings.INACTIVITY_LOCK_MINUTES, " minutes without use")
        self.backups = _spin(settings.BACKUPS_TO_KEEP, " daily backups")
        form.addRow("&Lock after:", self.lock_minutes)
        form.addRow("Keep the last:", self.backups)
        return w

    def _purposes_tab(self) -> QWidget:
        w = QWidget()
        self.purpose_form = QFormLayout(w)
        note = QLabel(
            "The uses of images parents answer for. You can rename them to match your "
            "form; their meaning stays the same."
        )
        note.setWordWrap(True)
        self.purpose_form.addRow(note)
        self.purpose_edits: dict[str, QLineEdit] = {}
        return w

    # loading -------------------------------------------------------------------------------
    def _loaded(self, result: tuple[Any, dict[str, str], list[Any], Any, Any]) -> None:
        current, labels, academies, questions, policy = result
        self.original, self.original_labels = current, labels
        self.trust_name.setText(current.name)
        self._set_logo(current.logo_path or "")
        self.non_returns.setChecked(current.treat_non_returns_as_restricted)
        self.retention.setValue(current.retention_years)
        self.lock_minutes.setValue(current.inactivity_lock_minutes)
        self.backups.setValue(current.backups_to_keep)
        self.questions.load(questions, policy)
        for key, label in labels.items():
            edit = QLineEdit(label)
            edit.setAccessibleName(f"Label for {key}")
            edit.setToolTip(f"Purpose key: {key} (never changes)")
            self.purpose_edits[key] = edit
            self.purpose_form.addRow(f"{key.replace('_', ' ').capitalize()}:", edit)
        self.academies.show_academies(academies)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(True)
        self.loaded.emit()

    # trust ---------------------------------------------------------------------------------
    def _choose_logo(self) -> None:
        path = open_file(self, FileKind.LOGOS, "Choose the trust's logo", LOGO_FILTER)
        if path:
            self._set_logo(path)

    def _set_logo(self, path: str) -> None:
        self.logo_path = path
        pix = QPixmap(path) if path else QPixmap()
        if pix.isNull():
            self.logo.setPixmap(QPixmap())
            self.logo.setText("No logo" if not path else "Cannot show this image")
        else:
            self.logo.setPixmap(
                pix.scaled(
                    160,
                    60,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )

    # saving --------------------------------------------------------------------------------
    def changes(self) -> dict[str, object]:
        o = self.original
        new = {
            settings.TRUST_NAME.key: " ".join(self.trust_name.text().split()),
            settings.LOGO_PATH.key: self.logo_path or None,
            settings.TREAT_NON_RETURNS_AS_RESTRICTED.key: self.non_returns.isChecked(),
            settings.RETENTION_YEARS.key: self.retention.value(),
            settings.INACTIVITY_LOCK_MINUTES.key: self.lock_minutes.value(),
            settings.BACKUPS_TO_KEEP.key: self.backups.value(),
        }
        if not self.may_change:
            return {}
        return {k: v for k, v in new.items() if o is not None and getattr(o, k) != v}

    def save(self) -> None:
        if self.original is None and self.db is not None:
            return
        changes = self.changes() if self.db is not None else {}
        labels = {
            k: e.text()
            for k, e in getattr(self, "purpose_edits", {}).items()
            if e.text() != self.original_labels.get(k) and self.may_change
        }
        questions = self.questions.changes() if self.may_change else {}
        wordings = self.questions.wording_changes() if self.may_change else {}
        if "name" in changes and not changes["name"]:
            show_error(self, ServiceError("give the trust a name"), "Settings not saved")
            return
        url = self.chosen_url()
        if (self.db_sqlite.isChecked() or self.db_postgres.isChecked()) and not url:
            self.tabs.setCurrentWidget(self.database_tab)
            self.test_result.setText("✘ Give the database file or the server's address.")
            return
        db, user = self.db, current_user_name()

        def work(_: Any) -> Any:
            from consent_desk.db.passwords import has_password, store_password

            # A typed password goes to the keyring (or libpq's password file), never into
            # this desk's settings file.
            kept = store_password(url) if url and has_password(url) else None
            if db is None:
                return kept
            if changes:
                update_settings(db, user, **changes)
            if labels:
                set_purpose_labels(db, labels, user)
            if questions or wordings:
                set_form_questions(db, questions, user, wordings)
            return kept

        def done(kept: Any) -> None:
            settings = QSettings()
            before = settings.value(DATABASE_KEY)
            saved = kept.url if kept is not None else url
            if kept is not None:
                self.pg_url.setText(saved)
                show_info(self, password_kept_text(kept.where), "Password kept safely")
            if saved:
                settings.setValue(DATABASE_KEY, saved)  # never with a password (see work)
            else:
                settings.remove(DATABASE_KEY)
            if (before or None) != saved and self.db is not None:
                show_info(
                    self,
                    "Consent Desk will use the new database the next time it starts.",
                    "Database changed",
                )
            self.saved.emit()
            self.accept()

        self.buttons.setEnabled(False)
        run_task(work, done, self._save_failed, receiver=self)

    def _save_failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        show_error(self, exc, "Settings not saved")
