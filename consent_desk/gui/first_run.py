"""First run: set up the trust and its first academy, or try the app with sample data (loaded
into a separate database through the same import services an office uses).

The trust and its first academy are saved together or not at all; a refused field says why
right under it, in words; *Create and start* stays the button Enter presses, and *Quit* (or
Escape, or closing the window) asks first once something has been typed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from consent_desk import APP_NAME
from consent_desk.db.engine import Database, data_dir
from consent_desk.gui.errors import confirm, show_error
from consent_desk.gui.field_problems import GENERAL, FieldProblems
from consent_desk.gui.scope_memory import remember_scope
from consent_desk.gui.tasks import run_task
from consent_desk.gui.theme import app_icon
from consent_desk.services.audit import current_user_name
from consent_desk.services.samples import find_samples_dir, load_sample_data
from consent_desk.services.trust import PHASES, set_up_trust

SAMPLE_FILE = "consent-desk-sample.sqlite3"


class FirstRunDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db  # the database to use afterwards (the sample one, if chosen)
        self.used_samples = False  # the practice database with sample data was chosen
        self.setWindowTitle(f"Welcome to {APP_NAME}")
        self._busy = False

        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(56, 56))
        welcome = QLabel(
            f"<h2>Welcome to {APP_NAME}</h2><p>Every year parents and carers say whether the "
            "academy may use photographs and video of their child. Consent Desk keeps those "
            "answers and prints who must not be photographed.</p>"
        )
        welcome.setWordWrap(True)
        head = QHBoxLayout()
        head.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(welcome, 1)

        self.trust = QLineEdit()
        self.trust.setPlaceholderText("e.g. Learning without Limits Academy Trust")
        self.trust.setAccessibleName("Trust name")
        self.code = QLineEdit()
        self.code.setPlaceholderText("e.g. OAK")
        self.code.setMaxLength(20)
        self.code.setAccessibleName("Academy code")
        self.code.setToolTip(
            "A short code for the academy: letters A–Z and digits, e.g. OAK. It is printed "
            "on its forms and sheets"
        )
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. Oakfield Primary Academy")
        self.name.setAccessibleName("Academy name")
        self.phase = QComboBox()
        self.phase.addItem("—", None)
        for p in PHASES:
            self.phase.addItem(p.capitalize(), p)
        self.phase.setAccessibleName("Phase")
        self.principal = QLineEdit()
        self.principal.setPlaceholderText("optional")
        self.principal.setAccessibleName("Principal")
        setup = QGroupBox("Set up your trust")
        self.form = form = QFormLayout(setup)
        self.problems = FieldProblems(form)
        for key, label, field in (
            ("trust", "&Trust name:", self.trust),
            ("code", "First academy &code:", self.code),
            ("name", "Academy &name:", self.name),
            ("phase", "&Phase:", self.phase),
        ):
            form.addRow(label, field)
            self.problems.add(key, field)
        form.addRow("P&rincipal:", self.principal)
        self.create_button = QPushButton("&Create and start")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.create_trust)
        form.addRow("", self.create_button)
        self.problems.add(GENERAL, self.create_button)  # a problem about no one field
        more = QLabel("You can add more academies later in Settings → Academies.")
        more.setEnabled(False)
        form.addRow("", more)
        sample = QGroupBox("Or try it first")
        sl = QVBoxLayout(sample)
        text = QLabel(
            "Loads two made-up academies with their learner lists and a year of "
            "returns into a separate practice database, so you can try every screen. "
            "Your real database stays empty."
        )
        text.setWordWrap(True)
        self.sample_button = QPushButton("Try it with &sample data")
        self.sample_button.setAutoDefault(False)
        self.sample_button.clicked.connect(self.load_samples)
        self.samples = find_samples_dir()
        if self.samples is None:
            self.sample_button.setEnabled(False)
            self.sample_button.setToolTip("The sample files are not installed with this copy")
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.progress_label = QLabel()
        self.progress_label.setVisible(False)
        sl.addWidget(text)
        sl.addWidget(self.sample_button, 0, Qt.AlignmentFlag.AlignLeft)
        sl.addWidget(self.progress_label)
        sl.addWidget(self.progress)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.quit_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.quit_button.setText("Quit")
        # Enter always means "Create and start": Quit never becomes the default button, even
        # when it has the focus.
        self.quit_button.setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(head)
        lay.addWidget(setup)
        lay.addWidget(sample)
        lay.addWidget(buttons)
        self.setMinimumWidth(580)
        self.trust.setFocus()

    def typed_anything(self) -> bool:
        return any(e.text().strip() for e in (self.trust, self.code, self.name, self.principal))

    def reject(self) -> None:
        """Quit, Escape or closing the window: asks first when something has been typed."""
        if self._busy:
            return
        if self.typed_anything() and not confirm(
            self,
            "Quit without setting up?",
            "Quit Consent Desk?",
            yes="&Quit",
            details="What you typed is not saved; the welcome opens again next time.",
        ):
            self.create_button.setDefault(True)
            return
        super().reject()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for w in (
            self.create_button,
            self.sample_button,
            self.quit_button,
            self.trust,
            self.code,
            self.name,
            self.phase,
            self.principal,
        ):
            w.setEnabled(not busy)
        if self.samples is None:
            self.sample_button.setEnabled(False)

    def create_trust(self) -> None:
        if self._busy:
            return
        db, user = self.db, current_user_name()
        trust, code, name = self.trust.text(), self.code.text(), self.name.text()
        phase, principal = self.phase.currentData(), self.principal.text().strip() or None
        self.problems.clear()

        def work(_: Any) -> str:
            set_up_trust(db, trust, code, name, principal=principal, phase=phase, user=user)
            return code.strip().upper()

        self._set_busy(True)
        run_task(work, self._created, self._setup_failed, receiver=self)

    def _created(self, code: str) -> None:
        remember_scope(self.db.url, code)
        self._set_busy(False)
        self.accept()

    def _setup_failed(self, exc: BaseException) -> None:
        """Nothing was saved: the problem is shown under its field (or under the button)."""
        self._set_busy(False)
        self.problems.show_error(exc)
        self.create_button.setDefault(True)

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.progress.setVisible(False)
        self.progress_label.setVisible(False)
        show_error(self, exc, "The sample data was not loaded")
        self.create_button.setDefault(True)

    def load_samples(self) -> None:
        if self._busy or self.samples is None:
            return
        path = data_dir() / SAMPLE_FILE
        samples, user = self.samples, current_user_name()

        def work(progress: Any) -> Any:
            path.unlink(missing_ok=True)
            for extra in ("-wal", "-shm"):
                path.with_name(path.name + extra).unlink(missing_ok=True)
            db = Database(f"sqlite:///{path}")
            return db, load_sample_data(db, samples, user, progress)

        self._set_busy(True)
        self.progress.setVisible(True)
        self.progress_label.setVisible(True)
        self.progress.setRange(0, 0)
        run_task(work, self._samples_loaded, self._failed, self._progress, receiver=self)

    def _progress(self, stage: str, done: int, total: int) -> None:
        self.progress_label.setText(stage + "…")
        if stage.startswith("Importing") or stage == "Done":
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(done)

    def _samples_loaded(self, result: tuple[Database, Any]) -> None:
        old = self.db
        self.db, loaded = result
        self.used_samples = True
        if old is not self.db:
            old.dispose()
        remember_scope(self.db.url, loaded.academies[0], loaded.year)
        self._set_busy(False)
        self.accept()
