"""The audit trail as a table: filters (who, action, what, free text) and sorting done on its
own rows, so typing in the search box answers at once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from consent_desk.gui.table_model import RowsTableModel

Index = QModelIndex | QPersistentModelIndex
WHEN, WHO, ACTION, WHAT, CHANGE = range(5)
HEADERS = ("When", "Who", "Action", "What", "Change")


def words(key: str) -> str:
    """``login_failed`` → ``login failed``."""
    return key.replace("_", " ")


def what(entry: Any) -> str:
    return words(entry.entity) + (f" #{entry.entity_id}" if entry.entity_id else "")


@dataclass(frozen=True)
class AuditFilter:
    user: str | None = None
    action: str | None = None
    entity: str | None = None
    text: str = ""

    def matches(self, e: Any, hay: str) -> bool:
        if self.user and e.user != self.user:
            return False
        if self.action and e.action != self.action:
            return False
        if self.entity and e.entity != self.entity:
            return False
        return all(w in hay for w in self.text.casefold().split())


class AuditTableModel(RowsTableModel):
    """AuditView rows (``consent_desk.services.audit_log``), newest first unless sorted."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.all: list[Any] = []
        self._hay: list[str] = []
        self.shown: list[int] = []  # indexes into ``all``
        self.filter = AuditFilter()
        self._sort: tuple[int, Qt.SortOrder] = (WHEN, Qt.SortOrder.DescendingOrder)

    # the rows ------------------------------------------------------------------------------
    def set_entries(self, entries: list[Any]) -> None:
        self.beginResetModel()
        self.all = list(entries)
        self._hay = [
            " ".join(
                (f"{e.at:%d/%m/%Y %H:%M}", e.user, words(e.action), what(e), e.change)
            ).casefold()
            for e in self.all
        ]
        self._apply()
        self.endResetModel()

    def set_filter(self, flt: AuditFilter) -> None:
        if flt == self.filter:
            return
        self.beginResetModel()
        self.filter = flt
        self._apply()
        self.endResetModel()

    def _apply(self) -> None:
        flt = self.filter
        shown = [i for i, e in enumerate(self.all) if flt.matches(e, self._hay[i])]
        column, order = self._sort
        shown.sort(
            key=lambda i: self._key(self.all[i], column),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        self.shown = shown

    @staticmethod
    def _key(e: Any, column: int) -> Any:
        if column == WHEN:
            return (e.at, e.id)
        return ((e.user, words(e.action), what(e), e.change)[column - 1].casefold(), e.at)

    def entry(self, row: int) -> Any:
        return self.all[self.shown[row]]

    def visible_entries(self) -> list[Any]:
        return [self.all[i] for i in self.shown]

    def users(self) -> list[str]:
        return sorted({e.user for e in self.all}, key=str.casefold)

    def actions(self) -> list[str]:
        return sorted({e.action for e in self.all})

    def entities(self) -> list[str]:
        return sorted({e.entity for e in self.all})

    # Qt's side -----------------------------------------------------------------------------
    HEADERS = HEADERS

    def _rows(self) -> list[Any]:
        return self.shown

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.shown):
            return None
        e = self.entry(index.row())
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == WHEN:
                return f"{e.at:%d/%m/%Y %H:%M}"
            return (e.user, words(e.action), what(e), e.change)[column - 1]
        if role == Qt.ItemDataRole.ToolTipRole and column == CHANGE and e.change:
            return e.change
        if role == Qt.ItemDataRole.UserRole:
            return e.id
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(HEADERS):
            return
        self.layoutAboutToBeChanged.emit()
        old = {pos: i for pos, i in enumerate(self.shown)}
        self._sort = (column, order)
        self._apply()
        new_pos = {i: pos for pos, i in enumerate(self.shown)}
        for persistent in self.persistentIndexList():
            if persistent.isValid():
                row = new_pos[old[persistent.row()]]
                self.changePersistentIndex(persistent, self.index(row, persistent.column()))
        self.layoutChanged.emit()
