"""Table models of the review queue: the waiting rows, and one row's likely learners."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex

from consent_desk.gui.table_model import RowsTableModel
from consent_desk.services.review import ReviewCandidate, ReviewView

Index = QModelIndex | QPersistentModelIndex


def _dob(text: str | None) -> str:
    if not text:
        return ""
    try:
        return date.fromisoformat(text).strftime("%d/%m/%Y")
    except ValueError:
        return text


def row_name(item: ReviewView) -> str:
    d = item.data.get("learner", {})
    name = " ".join(x for x in (d.get("forename"), d.get("surname")) if x)
    return name or d.get("full_name") or "(no name given)"


def row_received(item: ReviewView) -> str:
    raw = item.data.get("received_at")
    if not raw:
        return ""
    try:
        when = datetime.fromisoformat(raw)
        return when.strftime("%d/%m/%Y" if when.time() == datetime.min.time() else "%d/%m/%Y %H:%M")
    except ValueError:
        return str(raw)


class ReviewTableModel(RowsTableModel):
    HEADERS = ("File", "Row", "Name on the row", "Born", "Group", "Why it waits")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.items: list[ReviewView] = []

    def set_items(self, items: list[ReviewView]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def item(self, row: int) -> ReviewView:
        return self.items[row]

    def row_of(self, item_id: int) -> int | None:
        return next((n for n, i in enumerate(self.items) if i.id == item_id), None)

    def _rows(self) -> list[Any]:
        return self.items

    def _text(self, item: ReviewView, column: int) -> str:
        d = item.data.get("learner", {})
        if column == 0:
            return item.file_name
        if column == 1:
            return str(item.row)
        if column == 2:
            return row_name(item)
        if column == 3:
            return _dob(d.get("dob"))
        if column == 4:
            return " ".join(str(x) for x in (d.get("reg_group"), d.get("year_group")) if x)
        if item.state != "open":
            return f"{item.state.capitalize()} — {item.reason}"
        return item.reason


class CandidateModel(RowsTableModel):
    HEADERS = ("Learner", "Group", "Born", "UPN", "Match", "Why")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.candidates: list[ReviewCandidate] = []

    def set_candidates(self, candidates: list[ReviewCandidate]) -> None:
        self.beginResetModel()
        self.candidates = sorted(candidates, key=lambda c: -c.score)
        self.endResetModel()

    def candidate(self, row: int) -> ReviewCandidate:
        return self.candidates[row]

    def _rows(self) -> list[Any]:
        return self.candidates

    def _text(self, c: ReviewCandidate, column: int) -> str:
        if column == 0:
            return c.name
        if column == 1:
            return c.reg_group or ""
        if column == 2:
            return c.dob.strftime("%d/%m/%Y") if c.dob else ""
        if column == 3:
            return c.upn or ""
        if column == 4:
            return f"{round(c.score * 100)}%"
        return c.why
