"""The Learners tab: search-as-you-type, filters by status, year group and registration group,
and the table of learners with their status for the chosen year."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QItemSelection, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from consent_desk.domain.groups import year_group_text
from consent_desk.domain.rules import Status
from consent_desk.gui.cut_text import CutTextDelegate
from consent_desk.gui.layouts import clear_layout
from consent_desk.gui.learner_model import (
    COLUMNS,
    FORENAME,
    GROUP,
    LIMITATION,
    REFUSED,
    STATUS,
    SURNAME,
    UPN,
    YEAR,
    LearnerTableModel,
    PreparedRows,
)
from consent_desk.gui.theme import status_text

ALL = "__all__"
# Columns sized to what they hold, up to this many average characters: a longer name is cut
# (its tooltip and the learner panel show it), so Refused and Limitation keep their room.
_MOST_CHARS = {SURNAME: 17, FORENAME: 14, YEAR: 4, GROUP: 9, UPN: 20}
_REFUSED_SHARE = 0.4  # at most this share of the room left for Refused and Limitation
_LIMITATION_SHARE = 0.3  # names are shown whole if Limitation still has this share of the width
_PAD = 14  # a cell's margins
_HEADER_PAD = 30  # a header's margins and its sort arrow


class LearnersTab(QWidget):
    learner_selected = Signal(object)  # learner id or None
    learner_activated = Signal(int)  # double-click / Enter: open the learner
    counts_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = LearnerTableModel(self)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search by name, UPN or group…  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search learners")
        self.search.setToolTip(
            "Type part of a name, a UPN, an admission number or a group. "
            "Several words must all match, in any order."
        )
        self.status_box = QComboBox()
        self.status_box.setAccessibleName("Status filter")
        self.status_box.setToolTip("Show only learners with this status")
        self.status_box.addItem("All statuses", ALL)
        for s in Status:
            self.status_box.addItem(status_text(s), s.value)
        self.year_box = QComboBox()
        self.year_box.setAccessibleName("Year group filter")
        self.year_box.setToolTip("Show only this year group")
        self.group_box = QComboBox()
        self.group_box.setAccessibleName("Registration group filter")
        self.group_box.setToolTip("Show only this registration (tutor) group")
        self.group_box.setMinimumContentsLength(8)
        self.clear_button = QPushButton("Clear filters")
        self.clear_button.setToolTip("Show every learner again (Esc in the search box)")
        self._fill_year_groups([])
        self._fill_reg_groups([])

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Learners")
        self.table.setAccessibleDescription(
            "Choose a learner to see their answers and returns in the learner panel; "
            "double-click or press Enter to type in a paper return for them"
        )
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(SURNAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        vh = self.table.verticalHeader()
        vh.setVisible(False)
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.fontMetrics().height() + 10)
        hh = self.table.horizontalHeader()
        hh.setStretchLastSection(False)
        hh.setHighlightSections(False)
        hh.setMinimumSectionSize(40)
        hh.setSectionResizeMode(LIMITATION, QHeaderView.ResizeMode.Stretch)
        # a refusal or limitation too long for its column is cut at a word, marked "more"
        self.cut_text = CutTextDelegate(self.table)
        for column in (REFUSED, LIMITATION):
            self.table.setItemDelegateForColumn(column, self.cut_text)
        self._fixed_widths: dict[int, int] = {}  # the short columns when room is short
        self._full_widths: dict[int, int] = {}  # and when they can show every text whole
        self._refused_width = 0
        self.table.viewport().installEventFilter(self)
        self.fit_columns(recompute=True)

        self.empty = QLabel()
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty_buttons = QHBoxLayout()  # what to do about it, e.g. "Import the list…"
        empty_page = QWidget()
        ev = QVBoxLayout(empty_page)
        ev.addStretch(1)
        ev.addWidget(self.empty)
        ev.addLayout(self.empty_buttons)
        ev.addStretch(2)
        self.no_match = QLabel("No learner matches the search and filters.")
        self.no_match.setTextFormat(Qt.TextFormat.PlainText)
        self.no_match.setAlignment(Qt.AlignmentFlag.AlignCenter)
        no_match_clear = QPushButton("Clear filters")
        no_match_clear.clicked.connect(self.clear_filters)
        no_match_page = QWidget()
        nv = QVBoxLayout(no_match_page)
        nv.addStretch(1)
        nv.addWidget(self.no_match)
        nv.addWidget(no_match_clear, 0, Qt.AlignmentFlag.AlignHCenter)
        nv.addStretch(2)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(empty_page)
        self.stack.addWidget(no_match_page)

        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        for text, box in (
            ("&Status", self.status_box),
            ("Y&ear group", self.year_box),
            ("&Group", self.group_box),
        ):
            label = QLabel(text)
            label.setBuddy(box)
            bar.addSpacing(10)
            bar.addWidget(label)
            bar.addWidget(box)
        bar.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        self.setTabOrder(self.search, self.status_box)
        self.setTabOrder(self.status_box, self.year_box)
        self.setTabOrder(self.year_box, self.group_box)
        self.setTabOrder(self.group_box, self.clear_button)
        self.setTabOrder(self.clear_button, self.table)

        self.search.textChanged.connect(lambda text: self._refilter(text=text))
        self.status_box.currentIndexChanged.connect(lambda _: self._refilter())
        self.year_box.currentIndexChanged.connect(self._year_changed)
        self.group_box.currentIndexChanged.connect(lambda _: self._refilter())
        self.clear_button.clicked.connect(self.clear_filters)
        self.search.returnPressed.connect(self._focus_first_row)
        self._selected: int | None = None
        self._keep: int | None = None
        self._resetting = False
        self.model.modelAboutToBeReset.connect(self._about_to_reset)
        self.model.modelReset.connect(self._was_reset)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.activated.connect(self._activated)

    # rows ----------------------------------------------------------------------------------
    def set_prepared(self, prepared: PreparedRows, *, keep: int | None = None) -> None:
        self._blocking(True)
        self._fill_year_groups(prepared.year_groups)
        self._fill_reg_groups(prepared.reg_groups)
        self._blocking(False)
        self.model.set_prepared(prepared)
        self.fit_columns(recompute=True)
        self._refilter()
        if keep is not None:
            self.select_learner(keep)

    # column widths -------------------------------------------------------------------------
    def fit_columns(self, *, recompute: bool = False) -> None:
        """Size the columns to the rows and the width the table has (on every resize): the
        short columns to what they hold (long names cut when room is short), Refused to its
        longest text up to 40% of the room left, and Limitation to the rest. Nothing scrolls
        sideways at 1280 pixels with the learner panel open."""
        if recompute or not self._fixed_widths:
            self._measure()
        width = self.table.viewport().width()
        widths = self._fixed_widths
        spare = width - sum(self._full_widths.values()) - self._refused_width
        if spare >= width * _LIMITATION_SHARE:  # room enough for whole names too
            widths = self._full_widths
        for column, w in widths.items():
            if self.table.columnWidth(column) != w:
                self.table.setColumnWidth(column, w)
        room = width - sum(widths.values())
        refused = min(self._refused_width, int(room * _REFUSED_SHARE))
        self.table.setColumnWidth(REFUSED, max(refused, self._header_width(REFUSED)))

    def _header_width(self, column: int) -> int:
        metrics = self.table.horizontalHeader().fontMetrics()
        return metrics.horizontalAdvance(COLUMNS[column]) + _HEADER_PAD

    def _measure(self) -> None:
        """The widths the rows need (the longest text of each column, within bounds)."""
        metrics = self.table.fontMetrics()
        average = metrics.averageCharWidth()
        p = self.model.prepared
        texts = {
            SURNAME: [r.surname for r in p.rows],
            FORENAME: [r.forename for r in p.rows],
            YEAR: p.years,
            GROUP: p.groups,
            UPN: [r.upn or "" for r in p.rows],
        }
        widths, full = {}, {}
        for column, values in texts.items():
            most = _MOST_CHARS[column] * average
            longest = max(values, key=len, default="")
            need = max(self._header_width(column), metrics.horizontalAdvance(longest) + _PAD)
            widths[column], full[column] = min(need, max(most, self._header_width(column))), need
        bold = QFont(self.table.font())
        bold.setBold(True)
        bold_metrics = QFontMetrics(bold)
        widths[STATUS] = full[STATUS] = max(
            self._header_width(STATUS),
            *(bold_metrics.horizontalAdvance(status_text(s)) + _PAD for s in Status),
        )
        self._fixed_widths = dict(sorted(widths.items()))
        self._full_widths = dict(sorted(full.items()))
        self._refused_width = (
            max((metrics.horizontalAdvance(t) for t in p.refused_texts), default=0) + _PAD
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return super().eventFilter(watched, event)

    def show_empty(
        self, text: str, actions: Sequence[tuple[str, Callable[[], object]]] = ()
    ) -> None:
        """Instead of the table: why there is nothing to show, and buttons to act on it."""
        self.empty.setText(text)
        clear_layout(self.empty_buttons)
        self.empty_buttons.addStretch(1)
        for label, slot in actions:
            button = QPushButton(label)
            button.clicked.connect(lambda _=False, s=slot: s())
            self.empty_buttons.addWidget(button)
        self.empty_buttons.addStretch(1)
        self.stack.setCurrentIndex(1)

    def select_learner(self, learner_id: int) -> bool:
        row = self.model.row_of(learner_id)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.row_at(r).learner_id for r in rows]

    def current_id(self) -> int | None:
        ids = self.selected_ids()
        return ids[0] if len(ids) == 1 else None

    # filters -------------------------------------------------------------------------------
    def clear_filters(self) -> None:
        self._blocking(True)
        self.search.clear()
        self.status_box.setCurrentIndex(0)
        self.year_box.setCurrentIndex(0)
        self._fill_reg_groups(self.model.prepared.reg_groups)
        self.group_box.setCurrentIndex(0)
        self._blocking(False)
        self._refilter()

    def _blocking(self, block: bool) -> None:
        for w in (self.search, self.status_box, self.year_box, self.group_box):
            w.blockSignals(block)

    def _fill_year_groups(self, years: list[str]) -> None:
        keep = self.year_box.currentData()
        self.year_box.clear()
        self.year_box.addItem("All years", ALL)
        for y in years:
            self.year_box.addItem(year_group_text(y), y)
        self.year_box.setCurrentIndex(max(0, self.year_box.findData(keep)))

    def _fill_reg_groups(self, groups: list[str]) -> None:
        keep = self.group_box.currentData()
        self.group_box.clear()
        self.group_box.addItem("All groups", ALL)
        for g in groups:
            self.group_box.addItem(g, g)
        self.group_box.setCurrentIndex(max(0, self.group_box.findData(keep)))

    def _year_changed(self, _index: int) -> None:
        year = self.year_box.currentData()
        p = self.model.prepared
        if year == ALL:
            groups = p.reg_groups
        else:
            wanted = {g for y, g in zip(p.years, p.groups, strict=True) if y == year}
            groups = [g for g in p.reg_groups if g in wanted]
        self.group_box.blockSignals(True)
        self._fill_reg_groups(groups)
        self.group_box.blockSignals(False)
        self._refilter()

    def _refilter(self, text: str | None = None) -> None:
        status = self.status_box.currentData()
        year = self.year_box.currentData()
        group = self.group_box.currentData()
        self.model.set_filter(
            text=self.search.text() if text is None else text,
            status=None if status in (None, ALL) else Status(status),
            year_group=None if year in (None, ALL) else year,
            reg_group=None if group in (None, ALL) else group,
        )
        if self.model.total:
            self.stack.setCurrentIndex(0 if self.model.rowCount() else 2)
            words = self.search.text().strip()
            self.no_match.setText(
                f"No learner matches “{words}” with these filters."
                if words
                else "No learner matches these filters."
            )
        self.counts_changed.emit()

    def filters_active(self) -> bool:
        f = self.model.filter
        return bool(f.words or f.status or f.year_group or f.reg_group)

    def scope_text(self) -> str:
        """What is shown, in words (for print dialogs): "Year 4", "group 4B", ..."""
        f = self.model.filter
        bits = []
        if f.reg_group:
            bits.append(f"group {f.reg_group}")
        elif f.year_group:
            bits.append(f"Year {f.year_group}" if f.year_group.isdigit() else f.year_group)
        return ", ".join(bits)

    # selection -----------------------------------------------------------------------------
    def _focus_first_row(self) -> None:
        if self.model.rowCount():
            self.table.setFocus()
            if not self.table.selectionModel().hasSelection():
                self.table.selectRow(0)

    def _selection_changed(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        if not self._resetting:
            self._emit_selected(self.current_id())

    def _emit_selected(self, learner_id: int | None) -> None:
        if learner_id != self._selected:
            self._selected = learner_id
            self.learner_selected.emit(learner_id)

    def _about_to_reset(self) -> None:
        """Filtering and sorting reset the model: remember who was chosen…"""
        self._resetting = True
        self._keep = self.current_id()

    def _was_reset(self) -> None:
        """…and choose them again if they are still shown (the panel is not reloaded)."""
        keep, self._keep = self._keep, None
        if keep is not None:
            self.select_learner(keep)
        self._resetting = False
        self._emit_selected(self.current_id())

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.learner_activated.emit(self.model.row_at(index.row()).learner_id)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and self.filters_active():
            self.clear_filters()
            self.search.setFocus()
            return
        super().keyPressEvent(event)
