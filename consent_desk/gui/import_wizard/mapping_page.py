"""Wizard page 3: what each column holds, as a table the user can correct — the role, the purpose
of an answer column, and its polarity ("Yes" means consent, or "Yes" means refuse)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from consent_desk.domain.purposes import PURPOSE_LABELS
from consent_desk.gui.errors import describe_error, show_error
from consent_desk.gui.tasks import run_task
from consent_desk.importing.headers import LEARNER_ROLES, ColumnRole
from consent_desk.importing.mapping import ROLE_LABELS, ColumnMapping, guess_mapping

if TYPE_CHECKING:
    from consent_desk.gui.import_wizard.wizard import ImportWizard

COLUMN, EXAMPLES, ROLE, PURPOSE, MEANING = range(5)
HEADERS = ("Column", "Examples from the file", "Holds", "Purpose", "“Yes” / ticked means")
ANSWER_ROLES = (ColumnRole.PURPOSE, ColumnRole.TICK_LIST, ColumnRole.OVERALL)
MAPPING_FILTER = "Column mapping (*.json)"


def _shown(v: Any) -> str:
    if isinstance(v, datetime):
        return v.strftime("%d/%m/%Y" if v.time() == datetime.min.time() else "%d/%m/%Y %H:%M")
    if isinstance(v, date):
        return v.strftime("%d/%m/%Y")
    return " ".join(str(v).split()) if v is not None else ""


def examples(table: Any, index: int, n: int = 3) -> str:
    seen: list[str] = []
    for _row, cells in table.rows:
        v = cells[index] if index < len(cells) else None
        text = _shown(v)
        if text and text not in seen:
            seen.append(text if len(text) <= 40 else text[:39] + "…")
            if len(seen) == n:
                break
    return " · ".join(seen)


def _role_text(role: ColumnRole) -> str:
    text = ROLE_LABELS[role]
    return text[0].upper() + text[1:]


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("What each column holds")
        self.labels = dict(PURPOSE_LABELS)
        self._filling = False
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setAccessibleName("About this mapping")
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setAccessibleName("Column mapping")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(EXAMPLES, QHeaderView.ResizeMode.Stretch)
        for col, width in ((COLUMN, 250), (ROLE, 200), (PURPOSE, 170), (MEANING, 150)):
            self.table.setColumnWidth(col, width)
        self.load_button = load = QPushButton("&Load a saved mapping…")
        load.setToolTip("Use a mapping saved from an earlier import (a .json file)")
        load.clicked.connect(self.load_mapping)
        self.save_button = save = QPushButton("Sa&ve mapping as…")
        save.setToolTip("Keep this mapping in a file to share or to use next year")
        save.clicked.connect(self.save_mapping)
        guess = QPushButton("&Guess from the headings")
        guess.setToolTip("Forget the corrections and guess every column from its heading again")
        guess.clicked.connect(self.guess_again)
        buttons = QHBoxLayout()
        buttons.addWidget(guess)
        buttons.addStretch(1)
        buttons.addWidget(load)
        buttons.addWidget(save)
        lay = QVBoxLayout(self)
        lay.addWidget(self.note)
        lay.addWidget(self.table, 1)
        lay.addLayout(buttons)

    # building the mapping ------------------------------------------------------------------
    def initializePage(self) -> None:
        w = self.w
        self.setSubTitle("Correct any column that was guessed wrong. Answer columns show which "
                         "purpose they answer and whether “Yes” means consent or refusal. "
                         "The next import for this academy starts from this mapping.")
        if w.mapping is not None:
            self._fill()
            return
        db, academy, kind = w.db, w.academy, w.kind

        def work(_: Any) -> Any:
            from consent_desk.services.gui_support import last_mapping
            from consent_desk.services.trust import purposes

            return purposes(db), last_mapping(db, academy, kind)

        self.note.setText("Looking for the mapping of the last import…")
        self.table.setRowCount(0)
        self.completeChanged.emit()
        run_task(work, self._start, lambda exc: self._start((self.labels, None)),
                 receiver=self)

    def _start(self, result: tuple[dict[str, str], dict[str, Any] | None]) -> None:
        from consent_desk.importing.records import ImportFileError

        self.labels, saved = result
        w = self.w
        headers, name = w.table.headers, w.path.name if w.path else "the file"
        w.mapping, w.mapping_note = guess_mapping(headers, w.kind), "Guessed from the headings."
        if saved:
            try:
                w.mapping = ColumnMapping.from_json(saved).applied_to(headers, name)
                w.mapping_note = "Starting from the mapping of this academy's last import."
            except (ImportFileError, ValueError):
                w.mapping_note = ("The last import's mapping does not fit this file, so the "
                                  "columns were guessed from their headings.")
        self._fill()

    def guess_again(self) -> None:
        w = self.w
        w.mapping = guess_mapping(w.table.headers, w.kind)
        w.mapping_note = "Guessed from the headings."
        w.dry_report = None
        self._fill()

    def _roles(self) -> list[ColumnRole]:
        if self.w.kind == "learners":
            return [r for r in ColumnRole if r in LEARNER_ROLES or r is ColumnRole.IGNORE]
        return list(ColumnRole)

    def _fill(self) -> None:
        w, m = self.w, self.w.mapping
        self._filling = True
        self.table.setRowCount(len(m.columns))
        unknown = 0
        for row, spec in enumerate(m.columns):
            item = QTableWidgetItem(f"{_letter(spec.index)}: {spec.header}")
            item.setToolTip(spec.header)
            if not spec.recognised:
                unknown += 1
                item.setText("⚠ " + item.text())
                item.setToolTip(f"{spec.header}\nNot recognised: ignored unless you say what it "
                                "holds.")
            self.table.setItem(row, COLUMN, item)
            ex = QTableWidgetItem(examples(w.table, spec.index))
            ex.setToolTip(ex.text())
            self.table.setItem(row, EXAMPLES, ex)
            role = QComboBox()
            role.setAccessibleName(f"What column {spec.header} holds")
            for r in self._roles():
                role.addItem(_role_text(r), r.value)
            role.setCurrentIndex(max(0, role.findData(spec.role.value)))
            purpose = QComboBox()
            purpose.setAccessibleName(f"Purpose of column {spec.header}")
            purpose.addItem("—", None)
            for key, label in self.labels.items():
                purpose.addItem(label, key)
            purpose.setCurrentIndex(max(0, purpose.findData(spec.purpose)))
            meaning = QComboBox()
            meaning.setAccessibleName(f"Polarity of column {spec.header}")
            meaning.addItem("—", None)
            meaning.addItem("consent", False)
            meaning.addItem("refuse (objection)", True)
            meaning.setCurrentIndex(
                0 if spec.role not in ANSWER_ROLES else 2 if spec.objection else 1)
            for combo in (role, purpose, meaning):
                combo.currentIndexChanged.connect(lambda _i, r=row: self._changed(r))
            self.table.setCellWidget(row, ROLE, role)
            self.table.setCellWidget(row, PURPOSE, purpose)
            self.table.setCellWidget(row, MEANING, meaning)
            self._enable(row)
        self._filling = False
        note = w.mapping_note
        if unknown:
            note += (f" {unknown} column{'s were' if unknown > 1 else ' was'} not recognised "
                     "(⚠): they are ignored unless you choose what they hold.")
        self.note.setText(note)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.w.mapping is not None

    def combos(self, row: int) -> tuple[QComboBox, QComboBox, QComboBox]:
        return (self.table.cellWidget(row, ROLE), self.table.cellWidget(row, PURPOSE),  # type: ignore[return-value]
                self.table.cellWidget(row, MEANING))

    def _enable(self, row: int) -> None:
        """Purpose and polarity only where they mean something; "—" elsewhere."""
        role, purpose, meaning = self.combos(row)
        r = ColumnRole(role.currentData())
        for combo, applies, default in ((purpose, r is ColumnRole.PURPOSE, 1),
                                        (meaning, r in ANSWER_ROLES, 1)):
            combo.blockSignals(True)
            if not applies:
                combo.setCurrentIndex(0)
            elif combo.currentIndex() == 0:
                combo.setCurrentIndex(default)
            combo.setEnabled(applies)
            combo.blockSignals(False)

    def _changed(self, row: int) -> None:
        if self._filling:
            return
        self._enable(row)
        role, purpose, meaning = self.combos(row)
        r = ColumnRole(role.currentData())
        spec = self.w.mapping.columns[row]
        new = replace(spec, role=r, purpose=purpose.currentData() if r is ColumnRole.PURPOSE
                      else None, objection=bool(meaning.currentData()) and r in ANSWER_ROLES,
                      recognised=True)
        columns = list(self.w.mapping.columns)
        columns[row] = new
        self.w.mapping = ColumnMapping(self.w.mapping.kind, columns)
        self.w.dry_report = None
        item = self.table.item(row, COLUMN)
        if item is not None:
            item.setText(f"{_letter(spec.index)}: {spec.header}")

    def set_column(self, header: str, role: ColumnRole, purpose: str | None = None,
                   objection: bool = False) -> None:
        """Correct one column as a user would with its combo boxes."""
        row = next(i for i, c in enumerate(self.w.mapping.columns) if c.header == header)
        role_box, purpose_box, meaning_box = self.combos(row)
        role_box.setCurrentIndex(role_box.findData(role.value))
        if purpose:
            purpose_box.setCurrentIndex(purpose_box.findData(purpose))
        meaning_box.setCurrentIndex(meaning_box.findData(objection))

    # files ---------------------------------------------------------------------------------
    def save_mapping(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save the column mapping",
                                              f"{self.w.academy} {self.w.kind} mapping.json",
                                              MAPPING_FILTER)
        if path:
            try:
                self.w.mapping.save(path if path.endswith(".json") else path + ".json")
            except OSError as exc:
                show_error(self, exc, "Mapping not saved")

    def load_mapping(self) -> None:
        from consent_desk.importing.records import ImportFileError

        path, _ = QFileDialog.getOpenFileName(self, "Load a saved column mapping", "",
                                              MAPPING_FILTER)
        if not path:
            return
        w = self.w
        try:
            mapping = ColumnMapping.load(path, w.table.headers, w.path.name if w.path else "")
        except ImportFileError as exc:
            self.note.setText("⚠ " + describe_error(exc))
            return
        w.mapping, w.mapping_note = mapping, f"Loaded from {Path(path).name}."
        w.dry_report = None
        self._fill()


def _letter(index: int) -> str:
    from consent_desk.importing.readers import column_letter

    return column_letter(index)
