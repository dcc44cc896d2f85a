"""Wizard page 3: what each column holds, as a table the user can correct — the role, the
purposes an answer column answers for, its polarity ("Yes" means consent, or "Yes" means refuse),
and how sure the reading is. A column read as *unsure* (a mark that could be a tick or a cross, a
heading that names no purpose, a "Name" that could be the parent's or the child's) is marked ⚠
and the wizard does not go on until a person has confirmed or corrected it.

A learner list holds no answers: its page shows no purpose or polarity columns. A tick-all-that-
apply column of a returns file has its options listed below the table, each with the purpose
it became ("‘Class photos’ → Displays in the academy")."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import replace
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from consent_desk.gui.errors import describe_error, show_error
from consent_desk.gui.file_dialogs import FileKind, open_file, save_file
from consent_desk.gui.tasks import run_task
from consent_desk.importing.answer_cells import option_key
from consent_desk.importing.answers import CROSSES, Choice
from consent_desk.importing.columns import (
    TickOption,
    describe_tick_options,
    offered_parts,
    tick_list_options,
    uses_never_ticked,
)
from consent_desk.importing.headers import ANSWER_ROLES, LEARNER_ROLES, ColumnRole
from consent_desk.importing.mapping import (
    ROLE_LABELS,
    ColumnMapping,
    ColumnSpec,
    guess_mapping,
    title_doubt,
    with_answers_unsure,
)
from consent_desk.importing.readers import column_values

if TYPE_CHECKING:
    from consent_desk.gui.import_wizard.wizard import ImportWizard
    from consent_desk.importing.readers import Table

COLUMN, EXAMPLES, ROLE, PURPOSE, MEANING, READING = range(6)
HEADERS = (
    "Column",
    "Examples from the file",
    "Holds",
    "Purposes",
    "“Yes” / ticked means",
    "Reading",
)
MAPPING_FILTER = "Column mapping (*.json)"
OPTION_HEADERS = ("Option ticked in the file", "Becomes", "Rows")
OPTION, BECOMES, ROWS = range(3)


def _shown(v: Any) -> str:
    if isinstance(v, datetime):
        return v.strftime("%d/%m/%Y" if v.time() == datetime.min.time() else "%d/%m/%Y %H:%M")
    if isinstance(v, date):
        return v.strftime("%d/%m/%Y")
    return " ".join(str(v).split()) if v is not None else ""


def examples(table: Table, index: int, n: int = 3) -> str:
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
        self.labels: dict[str, str] = {}  # the trust's purposes, read when the page opens
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
        # the examples take what is left: at 1200 pixels still a few of them
        for col, width in ((COLUMN, 200), (ROLE, 190), (PURPOSE, 150), (MEANING, 135),
                           (READING, 210)):  # fmt: skip
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
        self.options_box = QGroupBox("How the tick list reads")
        self.options_note = QLabel()
        self.options_note.setWordWrap(True)
        self.options_note.setTextFormat(Qt.TextFormat.PlainText)
        self.options = QTableWidget(0, len(OPTION_HEADERS))
        self.options.setHorizontalHeaderLabels(OPTION_HEADERS)
        self.options.setAccessibleName("Tick-list options and the purpose each became")
        self.options.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.options.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.options.verticalHeader().setVisible(False)
        self.options.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.options.setWordWrap(False)
        oh = self.options.horizontalHeader()
        oh.setSectionResizeMode(BECOMES, QHeaderView.ResizeMode.Stretch)
        oh.setSectionResizeMode(ROWS, QHeaderView.ResizeMode.ResizeToContents)
        ol = QVBoxLayout(self.options_box)
        ol.addWidget(self.options_note)
        ol.addWidget(self.options, 1)
        self.options_box.hide()
        # the columns above, a tick list's options below: the office drags the line between
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.table)
        self.split.addWidget(self.options_box)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)
        lay = QVBoxLayout(self)
        lay.addWidget(self.note)
        lay.addWidget(self.split, 1)
        lay.addLayout(buttons)

    # building the mapping ------------------------------------------------------------------
    def initializePage(self) -> None:
        w = self.w
        learners = w.kind == "learners"
        # a learner list holds no answers: no purposes, no polarity to show
        self.table.setColumnHidden(PURPOSE, learners)
        self.table.setColumnHidden(MEANING, learners)
        self.setSubTitle(
            "Correct any column that was read wrong. Columns marked ⚠ must be "
            "confirmed before the import can go on."
            if learners
            else "Correct any column that was read wrong. Answer columns show which "
            "purposes they answer and whether “Yes” means consent or refusal. "
            "Columns marked ⚠ must be confirmed before the import can go on."
        )
        if w.mapping is not None:
            self._fill()
            return
        db, academy, kind = w.db, w.academy, w.kind

        def work(_: Any) -> Any:
            from consent_desk.services.batches import last_mapping
            from consent_desk.services.trust import purposes

            return purposes(db), last_mapping(db, academy, kind)

        self.note.setText("Looking for the mapping of the last import…")
        self.table.setRowCount(0)
        self.completeChanged.emit()
        run_task(work, self._start, self._not_started, receiver=self)

    def _not_started(self, exc: BaseException) -> None:
        # Without the trust's purposes no column can be read right: say so, map nothing.
        self.note.setText(
            f"Could not read the trust's purposes: {describe_error(exc)}. Press Back, then "
            "Next to try again."
        )
        self.completeChanged.emit()

    def _start(self, result: tuple[dict[str, str], dict[str, Any] | None]) -> None:
        from consent_desk.importing.records import ImportFileError

        self.labels, saved = result
        w = self.w
        headers, name = w.table.headers, w.path.name if w.path else "the file"
        values = column_values(w.table)
        w.mapping = guess_mapping(headers, w.kind, values, self.labels, w.year, w.table.title)
        w.mapping_note = "Read from the headings and the values in each column."
        if saved:
            try:
                w.mapping = _checked_title(
                    ColumnMapping.from_json(saved).applied_to(
                        headers, name, values, self.labels, w.year
                    ),
                    w.table,
                )
                w.mapping_note = "Starting from the mapping of this academy's last import."
            except (ImportFileError, ValueError):
                w.mapping_note = (
                    "The last import's mapping does not fit this file, so the "
                    "columns were guessed from their headings."
                )
        self._fill()

    def guess_again(self) -> None:
        w = self.w
        w.mapping = guess_mapping(
            w.table.headers, w.kind, column_values(w.table), self.labels, w.year, w.table.title
        )
        w.mapping_note = "Read from the headings and the values in each column."
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
                item.setToolTip(
                    f"{spec.header}\nNot recognised: ignored unless you say what it holds."
                )
            self.table.setItem(row, COLUMN, item)
            ex = QTableWidgetItem(examples(w.table, spec.index))
            ex.setToolTip(ex.text())
            self.table.setItem(row, EXAMPLES, ex)
            role = QComboBox()
            role.setAccessibleName(f"What column {spec.header} holds")
            for r in self._roles():
                role.addItem(_role_text(r), r.value)
            role.setCurrentIndex(max(0, role.findData(spec.role.value)))
            purpose = self._purpose_button(row, spec)
            meaning = QComboBox()
            meaning.setAccessibleName(f"Polarity of column {spec.header}")
            meaning.addItem("—", None)
            meaning.addItem("consent", False)
            meaning.addItem("refuse (objects)", True)
            meaning.setCurrentIndex(
                0 if spec.role not in ANSWER_ROLES else 2 if spec.objection else 1
            )
            for combo in (role, meaning):
                combo.currentIndexChanged.connect(lambda _i, r=row: self._changed(r))
            self.table.setCellWidget(row, ROLE, role)
            self.table.setCellWidget(row, PURPOSE, purpose)
            self.table.setCellWidget(row, MEANING, meaning)
            self._show_reading(row, spec)
            self._enable(row)
        self._filling = False
        self._show_note(unknown)
        self._show_options()
        self.completeChanged.emit()

    def _show_note(self, unknown: int = 0) -> None:
        m = self.w.mapping
        note = self.w.mapping_note
        if unknown:
            note += (
                f" {unknown} column{'s were' if unknown > 1 else ' was'} not recognised: "
                "they are ignored unless you choose what they hold."
            )
        unsure = m.unsure if m is not None else []
        if unsure:
            note += "\nConfirm or correct these columns before going on:"
            note += "".join(f"\n⚠ {_short(c.header)} — {c.why}" for c in unsure)
        self.note.setText(note)

    def tick_options(self) -> list[tuple[str, list[TickOption]]]:
        """(header, its options) for each tick-list column of the mapping."""
        m = self.w.mapping
        if m is None or self.w.kind != "returns":
            return []
        values = column_values(self.w.table)
        return [
            (spec.header, tick_list_options(spec, values(spec.index), self.labels))
            for spec in m.columns
            if spec.role is ColumnRole.TICK_LIST
        ]

    def _show_options(self) -> None:
        """The options of each tick-list column, with the purpose each became."""
        lists = self.tick_options()
        self.options_box.setVisible(bool(lists))
        self.options.setRowCount(0)
        notes = []
        specs = {c.header: c for c in self.w.mapping.columns} if lists else {}
        values = column_values(self.w.table)
        for header, options in lists:
            spec = specs[header]
            ticked, unticked = (
                ("objects to it", "no objection (consent)")
                if spec.objection
                else ("consents to it", "refused")
            )
            line = (
                f"‘{_short(header)}’: ticking a use means the parent {ticked}; "
                f"a use not ticked is {unticked}."
            )
            never = [self.labels[k] for k in uses_never_ticked(options, self.labels)]
            if never:
                them = "it" if len(never) == 1 else "them"
                line += (
                    f" No option in the file names {', '.join(never)}: every row reads "
                    f"{them} as not ticked ({unticked})."
                )
            parts = offered_parts(spec, values(spec.index), self.labels)
            if parts:
                offered = ", ".join(f"{self.labels.get(k, k)} as {len(o)}"
                                    for k, o in parts.items())  # fmt: skip
                line += (
                    f" Some uses are offered as several options ({offered}): a parent who ticks "
                    "only some of a use's options agrees to it only on those terms, written as "
                    "the limitation."
                )
            notes.append(line)
            if len(lists) > 1:
                self._option_row(f"— {_short(header)} —", "", "")
            for o in options:
                self._option_row(o.text, o.becomes(self.labels), f"{o.rows:,}")
                if o.choice in (Choice.UNSURE, Choice.CONFIRMED):
                    button = self._option_button(header, o)
                    self.options.setCellWidget(self.options.rowCount() - 1, BECOMES, button)
            row = next(i for i, c in enumerate(self.w.mapping.columns) if c.header == header)
            reading = self.table.cellWidget(row, READING)
            if reading is not None:
                reading.setToolTip(describe_tick_options(options, self.labels) or spec.why)
        self.options_note.setText("\n".join(notes))
        # each option next to what it became, however wide the window
        self.options.resizeColumnToContents(OPTION)
        most = int(self.options.viewport().width() * 0.6)
        if most > 0 and self.options.columnWidth(OPTION) > most:
            self.options.setColumnWidth(OPTION, most)

    def _option_button(self, header: str, option: TickOption) -> QPushButton:
        """For an option the usual reading cannot be sure of ("School website (no names)"): the
        uses a tick of it is for, as the office says (a menu of check boxes). Until one is
        chosen, the rows that tick it wait for a person."""
        keys = option.purposes if option.choice is Choice.CONFIRMED else ()
        button = self._purposes_menu(keys, partial(self._option_chosen, header, option.text))
        button.setAccessibleName(f"Uses a tick of ‘{option.text}’ is for")
        self._option_text(button)
        return button

    @staticmethod
    def _option_text(button: QPushButton) -> None:
        chosen = [a.text() for a in button.menu().actions() if a.isChecked()]
        if chosen:
            button.setText(f"a tick of {', '.join(chosen)} (as you said)")
            button.setToolTip("Every row that ticks this option is read so")
        else:
            button.setText("⚠ rows wait for a person — choose the uses it is for…")
            button.setToolTip(
                "If this is one of the form's own options, choose the uses a tick of it is "
                "for; if it is a parent's own words, leave it: those rows wait for a person"
            )

    def _option_chosen(self, header: str, option: str, button: QPushButton) -> None:
        keys = tuple(a.data() for a in button.menu().actions() if a.isChecked())
        row = next(i for i, c in enumerate(self.w.mapping.columns) if c.header == header)
        spec = self.w.mapping.columns[row]
        kept = [(text, k) for text, k in spec.options if option_key(text) != option_key(option)]
        if keys:
            kept.append((option, keys))
        self._replace(row, replace(spec, options=tuple(kept)))
        self._option_text(button)
        # the notes above the options (uses no option names) read again, once the menu is shut
        QTimer.singleShot(0, self._show_options)

    def _option_row(self, option: str, becomes: str, rows: str) -> None:
        n = self.options.rowCount()
        self.options.insertRow(n)
        for column, text in ((OPTION, option), (BECOMES, becomes), (ROWS, rows)):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            self.options.setItem(n, column, item)

    def isComplete(self) -> bool:
        return self.w.mapping is not None and not self.w.mapping.unsure

    # purposes and readings -------------------------------------------------------------------
    def _purpose_button(self, row: int, spec: ColumnSpec) -> QPushButton:
        """The purposes an answer column is for: a button with a menu of check boxes (a
        statement may cover several purposes)."""
        button = self._purposes_menu(spec.purposes, lambda _button: self._changed(row))
        button.setAccessibleName(f"Purposes of column {spec.header}")
        self._purpose_text(button)
        return button

    def _purposes_menu(
        self, chosen: Collection[str], toggled: Callable[[QPushButton], None]
    ) -> QPushButton:
        """A button with a menu of the trust's purposes as check boxes (``chosen`` checked);
        ``toggled(button)`` on every change."""
        button = QPushButton()
        menu = QMenu(button)
        for key, label in self.labels.items():
            action = QAction(label, menu)
            action.setCheckable(True)
            action.setChecked(key in chosen)
            action.setData(key)
            action.toggled.connect(lambda _on, b=button: toggled(b))
            menu.addAction(action)
        button.setMenu(menu)
        return button

    def chosen_purposes(self, row: int) -> tuple[str, ...]:
        button = self.table.cellWidget(row, PURPOSE)
        assert isinstance(button, QPushButton)
        return tuple(a.data() for a in button.menu().actions() if a.isChecked())

    def _purpose_text(self, button: QPushButton) -> None:
        chosen = [a.text() for a in button.menu().actions() if a.isChecked()]
        button.setText(", ".join(chosen) if chosen else "—")
        button.setToolTip(", ".join(chosen) if chosen else "No purpose chosen")

    @staticmethod
    def _undecided_marks(spec: ColumnSpec) -> list[str]:
        """Marks read as a refusal only because no one has said yet if they are ticks."""
        return [k for k, v in spec.values if k in CROSSES and v == "refuse"]

    def _show_reading(self, row: int, spec: ColumnSpec) -> None:
        if spec.sure:
            label = QLabel("✓ sure" if spec.role is not ColumnRole.IGNORE or spec.why else "")
            label.setToolTip(spec.why or "Read from the heading")
            label.setAccessibleName(f"Reading of column {spec.header}")
            self.table.setCellWidget(row, READING, label)
            return
        box = QComboBox()
        box.setAccessibleName(f"Confirm the reading of column {spec.header}")
        box.setToolTip(spec.why)
        marks = self._undecided_marks(spec)
        if spec.role in (ColumnRole.DOB, ColumnRole.RECEIVED_AT):
            box.addItem("⚠ Day first or month first?", None)
            box.addItem("Day first (28/04/2017)", "day")
            box.addItem("Month first (04/28/2017, US)", "month")
        elif marks:
            shown = " ".join(f"‘{k}’" for k in marks)
            box.addItem(f"⚠ Is {shown} a tick or a cross?", None)
            box.addItem(f"{shown} is a tick: Yes", "yes")
            box.addItem(f"{shown} is a cross: No", "no")
        else:
            box.addItem("⚠ Confirm this reading", None)
            box.addItem("✓ Confirmed as shown", "confirmed")
        box.currentIndexChanged.connect(lambda _i, r=row: self._confirm(r))
        self.table.setCellWidget(row, READING, box)

    def _confirm(self, row: int) -> None:
        if self._filling:
            return
        box = self.table.cellWidget(row, READING)
        assert isinstance(box, QComboBox)
        choice = box.currentData()
        if choice is None:
            return
        spec = self.w.mapping.columns[row]
        if choice in ("day", "month"):
            spec = replace(spec, month_first=choice == "month")
        elif choice in ("yes", "no"):
            marks = dict(spec.values)
            for k in self._undecided_marks(spec):
                marks[k] = choice
            spec = replace(spec, values=tuple(sorted(marks.items())), ticks=choice == "yes")
        self._replace(row, replace(spec, sure=True, why=f"confirmed by you ({spec.why})"))
        self._show_reading(row, self.w.mapping.columns[row])
        self._show_note()
        self.completeChanged.emit()

    def _replace(self, row: int, spec: ColumnSpec) -> None:
        columns = list(self.w.mapping.columns)
        columns[row] = spec
        self.w.mapping = ColumnMapping(self.w.mapping.kind, columns, self.w.mapping.title)
        self.w.dry_report = None

    def combos(self, row: int) -> tuple[QComboBox, QPushButton, QComboBox]:
        return (
            self.table.cellWidget(row, ROLE),
            self.table.cellWidget(row, PURPOSE),  # type: ignore[return-value]
            self.table.cellWidget(row, MEANING),
        )

    def _enable(self, row: int) -> None:
        """Purposes and polarity only where they mean something; "—" elsewhere."""
        role, purpose, meaning = self.combos(row)
        r = ColumnRole(role.currentData())
        purpose.setEnabled(r is ColumnRole.PURPOSE)
        if r is not ColumnRole.PURPOSE:
            purpose.setText("—")
        else:
            self._purpose_text(purpose)
        meaning.blockSignals(True)
        if r not in ANSWER_ROLES:
            meaning.setCurrentIndex(0)
        elif meaning.currentIndex() == 0:
            meaning.setCurrentIndex(1)
        meaning.setEnabled(r in ANSWER_ROLES)
        meaning.blockSignals(False)

    def _changed(self, row: int) -> None:
        """A person corrected the column: their reading is sure — except for marks nobody has
        said are ticks or crosses (see ``_show_reading``)."""
        if self._filling:
            return
        self._enable(row)
        role, _purpose, meaning = self.combos(row)
        r = ColumnRole(role.currentData())
        spec = self.w.mapping.columns[row]
        answer = r in ANSWER_ROLES and spec.role in ANSWER_ROLES
        chosen = self.chosen_purposes(row) if r is ColumnRole.PURPOSE else ()
        still_unsure = answer and bool(self._undecided_marks(spec))
        no_purpose = r is ColumnRole.PURPOSE and not chosen
        why = (spec.why if still_unsure else "choose the purposes it answers for" if no_purpose
               else "set by you")  # fmt: skip
        new = replace(spec, role=r, purposes=chosen,
                      objection=bool(meaning.currentData()) and r in ANSWER_ROLES,
                      recognised=True, values=spec.values if answer else (),
                      ticks=spec.ticks and answer, sure=not (still_unsure or no_purpose),
                      options=spec.options if r is ColumnRole.TICK_LIST else (),
                      why=why)  # fmt: skip
        self._replace(row, new)
        item = self.table.item(row, COLUMN)
        if item is not None:
            item.setText(f"{_letter(spec.index)}: {spec.header}")
        self._filling = True
        self._show_reading(row, new)
        self._filling = False
        self._show_note()
        self._show_options()
        self.completeChanged.emit()

    def set_column(
        self,
        header: str,
        role: ColumnRole,
        purpose: str | tuple[str, ...] | None = None,
        objection: bool = False,
    ) -> None:
        """Correct one column as a user would with its controls."""
        row = next(i for i, c in enumerate(self.w.mapping.columns) if c.header == header)
        role_box, purpose_button, meaning_box = self.combos(row)
        role_box.setCurrentIndex(role_box.findData(role.value))
        if purpose:
            wanted = (purpose,) if isinstance(purpose, str) else purpose
            for action in purpose_button.menu().actions():
                if action.isChecked() != (action.data() in wanted):
                    action.setChecked(action.data() in wanted)
        meaning_box.setCurrentIndex(meaning_box.findData(objection))

    def confirm_column(self, header: str, choice: str = "confirmed") -> None:
        """Confirm an unsure reading as a user would ("yes"/"no" for a tick-or-cross mark)."""
        row = next(i for i, c in enumerate(self.w.mapping.columns) if c.header == header)
        box = self.table.cellWidget(row, READING)
        assert isinstance(box, QComboBox)
        box.setCurrentIndex(box.findData(choice))

    # files ---------------------------------------------------------------------------------
    def save_mapping(self) -> None:
        path, _ = save_file(
            self,
            FileKind.MAPPINGS,
            "Save the column mapping",
            f"{self.w.academy} {self.w.kind} mapping.json",
            MAPPING_FILTER,
        )
        if path:
            try:
                if self.w.table is not None:
                    self.w.mapping.title = self.w.table.title
                self.w.mapping.save(path if path.endswith(".json") else path + ".json")
            except OSError as exc:
                show_error(self, exc, "Mapping not saved")

    def load_mapping(self) -> None:
        from consent_desk.importing.records import ImportFileError

        path = open_file(self, FileKind.MAPPINGS, "Load a saved column mapping", MAPPING_FILTER)
        if not path:
            return
        w = self.w
        try:
            mapping = ColumnMapping.load(path, w.table.headers, w.path.name if w.path else "",
                                         column_values(w.table), self.labels, w.year)  # fmt: skip
        except ImportFileError as exc:
            self.note.setText("⚠ " + describe_error(exc))
            return
        w.mapping, w.mapping_note = (
            _checked_title(mapping, w.table),
            f"Loaded from {Path(path).name}.",
        )
        w.dry_report = None
        self._fill()


def _checked_title(mapping: ColumnMapping, table: Any) -> ColumnMapping:
    """A saved mapping to start from: its answer columns to be confirmed again when this sheet's
    title is not the one it was saved for (the question may be asked the other way round)."""
    doubt = title_doubt(mapping, table.title)
    return with_answers_unsure(mapping, doubt) if doubt else mapping


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _letter(index: int) -> str:
    from consent_desk.importing.readers import column_letter

    return column_letter(index)
