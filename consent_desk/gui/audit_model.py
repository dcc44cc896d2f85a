"""The audit trail as a table: each entry as a sentence (made in ``domain.audit_words``), with
filters (who, kind, academy, a learner's or user's name) and sorting done on its own rows, so
typing in the search box answers at once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from consent_desk.gui.table_model import RowsTableModel

if TYPE_CHECKING:
    from consent_desk.services.audit_log import AuditView

Index = QModelIndex | QPersistentModelIndex
WHEN, WHO, KIND, CHANGE = range(4)
HEADERS = ("When", "Who", "Kind", "What happened")


@dataclass(frozen=True)
class AuditFilter:
    user: str | None = None  # a user name
    kind: str | None = None
    academy: str | None = None  # a code
    text: str = ""  # a learner's or user's name, words of the entry

    def matches(self, e: AuditView) -> bool:
        """``e`` is an ``AuditView``: the service's own matching rule, so the app, the CLI and
        the export find the same entries."""
        if self.user and e.user != self.user:
            return False
        return bool(e.matches(self.text, self.academy, self.kind))


class AuditTableModel(RowsTableModel):
    """AuditView rows (``consent_desk.services.audit_log``), newest first unless sorted."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.all: list[AuditView] = []
        self.shown: list[int] = []  # indexes into ``all``
        self.filter = AuditFilter()
        self._sort: tuple[int, Qt.SortOrder] = (WHEN, Qt.SortOrder.DescendingOrder)

    # the rows ------------------------------------------------------------------------------
    def set_entries(self, entries: list[AuditView]) -> None:
        self.beginResetModel()
        self.all = list(entries)
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
        shown = [i for i, e in enumerate(self.all) if flt.matches(e)]
        column, order = self._sort
        shown.sort(
            key=lambda i: self._key(self.all[i], column),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        self.shown = shown

    @staticmethod
    def _key(e: AuditView, column: int) -> tuple[object, ...]:
        if column == WHEN:
            return (e.at, e.id)
        return ((e.who, e.kind, e.sentence)[column - 1].casefold(), e.at)

    def entry(self, row: int) -> AuditView:
        return self.all[self.shown[row]]

    def visible_entries(self) -> list[AuditView]:
        return [self.all[i] for i in self.shown]

    def users(self) -> list[tuple[str, str]]:
        """(user name, display name) of everyone in the entries, by display name."""
        seen = {e.user: e.who or e.user for e in self.all}
        return sorted(seen.items(), key=lambda u: (u[1].casefold(), u[0]))

    def kinds(self) -> list[str]:
        return sorted({e.kind for e in self.all}, key=str.casefold)

    def academies(self) -> list[tuple[str, str]]:
        """(code, name) of the academies the entries belong to, by name."""
        seen = {e.academy_code: e.academy or e.academy_code for e in self.all if e.academy_code}
        return sorted(seen.items(), key=lambda a: (a[1] or a[0]).casefold())

    # Qt's side -----------------------------------------------------------------------------
    HEADERS = HEADERS

    def _rows(self) -> list[int]:
        return self.shown

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.shown):
            return None
        e = self.entry(index.row())
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == WHEN:
                return f"{e.at:%d/%m/%Y %H:%M}"
            return (e.who, e.kind, e.sentence)[column - 1]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == CHANGE and e.sentence:
                return e.sentence
            if column == WHO and e.who != e.user:
                return f"{e.who} (user name {e.user})"
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
