"""Settings → Academies: the trust's academies; add one, correct one (name, phase, principal,
and its code while nothing uses it), remove one that has no learners (the COO)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from consent_desk.db.engine import Database
from consent_desk.gui.errors import confirm, show_error
from consent_desk.gui.field_problems import GENERAL, FieldProblems
from consent_desk.gui.tasks import run_task
from consent_desk.services.errors import ServiceError
from consent_desk.services.trust import PHASES

if TYPE_CHECKING:
    from consent_desk.domain.listing import AcademyInfo


def _phase_box() -> QComboBox:
    box = QComboBox()
    box.addItem("—", None)
    for p in PHASES:
        box.addItem(p.capitalize(), p)
    box.setAccessibleName("Phase")
    return box


def _line(placeholder: str, name: str, max_length: int = 200) -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setAccessibleName(name)
    edit.setMaxLength(max_length)
    return edit


def academy_line(a: AcademyInfo) -> str:
    """One academy as the list shows it: "OAK — Oakfield Primary (primary, principal …)"."""
    extra = ", ".join(
        x for x in (a.phase, f"principal {a.principal}" if a.principal else None) if x
    )
    return f"{a.code} — {a.name}" + (f" ({extra})" if extra else "")


class AcademiesTab(QWidget):
    changed = Signal()  # an academy was added, corrected or removed

    def __init__(self, db: Database | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.academies: list[AcademyInfo] = []
        lay = QVBoxLayout(self)
        self.academy_list = QListWidget()
        self.academy_list.setAccessibleName("Academies")
        self.academy_list.itemDoubleClicked.connect(lambda _item: self.edit_selected())
        self.academy_list.currentRowChanged.connect(lambda _row: self._selection())
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.setToolTip("Correct the academy's name, phase or principal")
        self.remove_button = QPushButton("Remo&ve…")
        self.remove_button.setToolTip("Remove an academy added by mistake (one with no learners)")
        for b in (self.edit_button, self.remove_button):
            b.setAutoDefault(False)
            b.setEnabled(False)
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        row = QHBoxLayout()
        row.addWidget(self.edit_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        lay.addWidget(self.academy_list, 1)
        lay.addLayout(row)

        box = QGroupBox("Add an academy")
        form = QFormLayout(box)
        self.new_code = _line("e.g. HGH", "New academy's code", 20)
        self.new_name = _line("e.g. Hillgate High Academy", "New academy's name")
        self.new_phase = _phase_box()
        self.new_principal = _line("optional", "New academy's principal")
        self.add_button = add = QPushButton("A&dd academy")
        add.setAutoDefault(False)
        add.clicked.connect(self._add_academy)
        self.add_problems = FieldProblems(form)
        form.addRow("Code:", self.new_code)
        self.add_problems.add("code", self.new_code)
        form.addRow("Name:", self.new_name)
        self.add_problems.add("name", self.new_name)
        form.addRow("Phase:", self.new_phase)
        form.addRow("Principal:", self.new_principal)
        form.addRow("", add)
        self.add_problems.add(GENERAL, add)
        lay.addWidget(box)

    def show_academies(self, academies: list[AcademyInfo], select: str | None = None) -> None:
        self.academies = list(academies)
        self.academy_list.clear()
        for a in academies:
            item = QListWidgetItem(academy_line(a))
            item.setData(Qt.ItemDataRole.UserRole, a.code)
            self.academy_list.addItem(item)
            if a.code == select:
                self.academy_list.setCurrentItem(item)
        self._selection()

    def selected(self) -> AcademyInfo | None:
        row = self.academy_list.currentRow()
        return self.academies[row] if 0 <= row < len(self.academies) else None

    def _selection(self) -> None:
        chosen = self.selected() is not None
        self.edit_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    def _reload(self, select: str | None = None) -> None:
        from consent_desk.services.trust import list_academies

        db = self.db
        if db is None:
            return
        run_task(
            lambda _: list_academies(db),
            lambda academies: self._reloaded(academies, select),
            lambda exc: show_error(self, exc),
            receiver=self,
        )

    def _reloaded(self, academies: list[Any], select: str | None) -> None:
        self.show_academies(academies, select)
        self.changed.emit()

    # adding --------------------------------------------------------------------------------
    def _add_academy(self) -> None:
        from consent_desk.services.audit import current_user_name
        from consent_desk.services.trust import add_academy

        db, user = self.db, current_user_name()
        if db is None:
            return
        code, name = self.new_code.text(), self.new_name.text()
        phase = self.new_phase.currentData()
        principal = self.new_principal.text().strip() or None
        self.add_problems.clear()

        def work(_: Any) -> str:
            return add_academy(db, code, name, principal=principal, phase=phase, user=user).code

        def done(added: str) -> None:
            for edit in (self.new_code, self.new_name, self.new_principal):
                edit.clear()
            self.new_phase.setCurrentIndex(0)
            self._reload(select=added)

        run_task(work, done, self.add_problems.show_error, receiver=self)

    # correcting ----------------------------------------------------------------------------
    def edit_selected(self) -> None:
        a = self.selected()
        if a is None or self.db is None:
            return
        dialog = AcademyDialog(self.db, a, parent=self)
        self.edit_dialog = dialog
        dialog.accepted.connect(lambda: self._reload(select=dialog.saved_code))
        dialog.exec()

    def remove_selected(self) -> None:
        from consent_desk.services.academies import academy_uses

        a, db = self.selected(), self.db
        if a is None or db is None:
            return
        run_task(
            lambda _: academy_uses(db, a.code),
            self._ask_remove,
            lambda exc: show_error(self, exc, "Academy not removed"),
            receiver=self,
        )

    def _ask_remove(self, uses: Any) -> None:
        from consent_desk.services.academies import remove_academy

        refused = uses.removal_refused()
        if refused:
            show_error(self, ServiceError(refused), "This academy cannot be removed")
            return
        staff = f" {', '.join(uses.staff)} will no longer work in it." if uses.staff else ""
        if not confirm(
            self,
            f"Remove {uses.name} ({uses.code})?",
            "Remove an academy",
            yes="&Remove",
            details=f"It has no learners and nothing refers to it.{staff} "
            "The audit trail keeps a record of it.",
        ):
            return
        db, code = self.db, uses.code
        assert db is not None
        run_task(
            lambda _: remove_academy(db, code),
            lambda _: self._reload(),
            lambda exc: show_error(self, exc, "Academy not removed"),
            receiver=self,
        )


class AcademyDialog(QDialog):
    """Correct one academy. The code can be changed only while nothing uses it; the dialog
    asks the services which is the case and says so."""

    uses_loaded = Signal()

    def __init__(self, db: Database, academy: AcademyInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.academy = db, academy
        self.saved_code = academy.code
        self.setWindowTitle(f"Edit {academy.name}")
        self.code = _line("e.g. OAK", "Academy code", 20)
        self.code.setText(academy.code)
        self.code.setEnabled(False)  # until the services say nothing uses it
        self.code_note = QLabel("Checking whether the code is in use…")
        self.code_note.setWordWrap(True)
        self.name = _line("e.g. Oakfield Primary Academy", "Academy name")
        self.name.setText(academy.name)
        self.phase = _phase_box()
        self.phase.setCurrentIndex(max(self.phase.findData(academy.phase), 0))
        self.principal = _line("optional", "Principal")
        self.principal.setText(academy.principal or "")
        form = QFormLayout()
        self.problems = FieldProblems(form)
        form.addRow("&Code:", self.code)
        form.addRow("", self.code_note)
        self.problems.add("code", self.code)
        form.addRow("&Name:", self.name)
        self.problems.add("name", self.name)
        form.addRow("&Phase:", self.phase)
        self.problems.add("phase", self.phase)
        form.addRow("P&rincipal:", self.principal)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.addButton("&Save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.problems.add(GENERAL, self.save_button)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self.name.setFocus()
        self.name.selectAll()
        from consent_desk.services.academies import academy_uses

        code = academy.code
        run_task(lambda _: academy_uses(db, code), self._uses, self._no_uses, receiver=self)

    def _uses(self, uses: Any) -> None:
        refused = uses.code_refused()
        self.code.setEnabled(refused is None)
        self.code_note.setText(
            "Nothing uses this code yet, so it can still be corrected."
            if refused is None
            else f"The code stays {uses.code}: it is already used by {uses.described()}."
        )
        self.uses_loaded.emit()

    def _no_uses(self, exc: BaseException) -> None:
        self.code_note.setText("The code cannot be changed just now.")
        self.problems.show_error(exc)
        self.uses_loaded.emit()

    def save(self) -> None:
        from consent_desk.services.academies import edit_academy

        a, db = self.academy, self.db
        changes: dict[str, Any] = {}
        if self.code.isEnabled() and self.code.text().strip().upper() != a.code:
            changes["new_code"] = self.code.text()
        if " ".join(self.name.text().split()) != a.name:
            changes["name"] = self.name.text()
        if self.phase.currentData() != a.phase:
            changes["phase"] = self.phase.currentData()
        if (" ".join(self.principal.text().split()) or None) != a.principal:
            changes["principal"] = self.principal.text()
        if not changes:
            self.accept()
            return
        self.problems.clear()
        self.save_button.setEnabled(False)
        run_task(
            lambda _: edit_academy(db, a.code, **changes).code,
            self._saved,
            self._refused,
            receiver=self,
        )

    def _saved(self, code: str) -> None:
        self.saved_code = code
        self.save_button.setEnabled(True)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.problems.show_error(exc)
        self.save_button.setDefault(True)
