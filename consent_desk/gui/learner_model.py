"""The learners table: a model that filters and sorts its own rows (fast over 60,000 learners)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from consent_desk.domain.listing import LearnerStatusRow
from consent_desk.domain.purposes import PURPOSE_LABELS
from consent_desk.domain.rules import Status

Index = QModelIndex | QPersistentModelIndex

COLUMNS = ("Surname", "Forename", "Year", "Group", "Status", "Refused", "Limitation", "UPN")

STATUS_COLOURS = {
    Status.NO_IMAGES: QColor("#f8d7da"),
    Status.RESTRICTED: QColor("#fff3cd"),
    Status.NOT_RETURNED: QColor("#e2e3e5"),
    Status.NO_RESTRICTION: QColor("#d1e7dd"),
}


def _cell(row: LearnerStatusRow, column: int, labels: dict[str, str]) -> str:
    if column == 0:
        return row.surname
    if column == 1:
        return row.forename
    if column == 2:
        return row.year_group or ""
    if column == 3:
        return row.reg_group or ""
    if column == 4:
        return row.status.label.upper() if row.status is Status.NO_IMAGES else row.status.label
    if column == 5:
        return ", ".join(labels.get(p, p) for p in row.refused)
    if column == 6:
        return row.limitation or ""
    return row.upn or ""


class LearnerTableModel(QAbstractTableModel):
    """All learners of an academy and year; shows the subset that passes the filter."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[LearnerStatusRow] = []
        self._rows: list[LearnerStatusRow] = []
        self._labels = dict(PURPOSE_LABELS)
        self._text = ""
        self._status: Status | None = None
        self._sort = (0, Qt.SortOrder.AscendingOrder)

    # data --------------------------------------------------------------------------------
    def set_rows(self, rows: list[LearnerStatusRow], labels: dict[str, str] | None = None) -> None:
        self.beginResetModel()
        self._all = list(rows)
        if labels:
            self._labels = labels
        self._apply()
        self.endResetModel()

    def row_at(self, index: int) -> LearnerStatusRow:
        return self._rows[index]

    def visible_rows(self) -> list[LearnerStatusRow]:
        return list(self._rows)

    # filter and sort ---------------------------------------------------------------------
    def set_filter(self, text: str = "", status: Status | None = None) -> None:
        self.beginResetModel()
        self._text = " ".join(text.split()).casefold()
        self._status = status
        self._apply()
        self.endResetModel()

    def _apply(self) -> None:
        words = self._text.split()
        status = self._status
        out = []
        for r in self._all:
            if status is not None and r.status is not status:
                continue
            if words:
                hay = f"{r.surname} {r.forename} {r.legal_forename} {r.upn or ''} " \
                      f"{r.reg_group or ''}".casefold()
                if not all(w in hay for w in words):
                    continue
            out.append(r)
        column, order = self._sort
        out.sort(key=lambda r: _cell(r, column, self._labels).casefold(),
                 reverse=order == Qt.SortOrder.DescendingOrder)
        self._rows = out

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._apply()
        self.layoutChanged.emit()

    # Qt model API ------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return _cell(row, index.column(), self._labels)
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == 4:
            return QBrush(STATUS_COLOURS[row.status])
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 4:
            return QBrush(QColor("#1f1f1f"))
        return None
