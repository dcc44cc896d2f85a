"""The register of what was published (per academy and year, searchable), and — for the
principal — who has confirmed the current restriction list."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from consent_desk.gui.tasks import run_task

if TYPE_CHECKING:
    from consent_desk.db.engine import Database
    from consent_desk.services.acknowledgements import StaffConfirmation


def _table(headers: tuple[str, ...], name: str, stretch: int) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setAccessibleName(name)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.verticalHeader().hide()
    t.verticalHeader().setDefaultSectionSize(t.fontMetrics().height() + 8)
    head = t.horizontalHeader()
    for col in range(len(headers)):
        head.setSectionResizeMode(
            col,
            QHeaderView.ResizeMode.Stretch
            if col == stretch
            else QHeaderView.ResizeMode.ResizeToContents,
        )
    return t


def _fill(t: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    t.setRowCount(len(rows))
    for i, row in enumerate(rows):
        for col, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            t.setItem(i, col, item)


class PublicationsDialog(QDialog):
    """What was published this year, newest first; type to search."""

    loaded = Signal()
    COLUMNS = ("Date", "Title", "Used for", "Where", "Learners", "Checked by")

    def __init__(
        self,
        db: Database,
        academy_code: str,
        academy_name: str,
        year: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.academy_code, self.year = db, academy_code, year
        self._generation = 0
        self.items: list[Any] = []
        self.setWindowTitle(f"Publications — {academy_name}, {year}")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search by title, where, use, date or a learner's name…")
        self.search.setAccessibleName("Search the publications")
        self.search.setClearButtonEnabled(True)
        self.count = QLabel()
        self.table = _table(self.COLUMNS, "Publications", 4)
        self.table.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.search)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.count)
        lay.addWidget(buttons)
        self.resize(900, 460)
        self.search.textChanged.connect(lambda _t: self.reload())
        self.search.setFocus()
        self.reload()

    def reload(self) -> None:
        self._generation += 1
        generation = self._generation
        db, code, year, text = self.db, self.academy_code, self.year, self.search.text()

        def read(_: Any) -> Any:
            from consent_desk.services.publications import list_publications

            return list_publications(db, code, year, text)

        def shown(items: list[Any]) -> None:
            if generation != self._generation:
                return
            self.items = items
            _fill(
                self.table,
                [
                    (
                        f"{p.published_on:%d/%m/%Y}",
                        p.title,
                        p.purpose_label,
                        p.place or "",
                        ", ".join(x.name for x in p.learners),
                        p.checked_by,
                    )
                    for p in items
                ],
            )
            self.table.resizeRowsToContents()
            n = len(items)
            self.count.setText(
                f"{n} publication{'s' if n != 1 else ''}"
                + (" found" if text.strip() else " recorded this year")
            )
            self.loaded.emit()

        def failed(exc: BaseException) -> None:
            from consent_desk.gui.errors import describe_error

            if generation == self._generation:
                self.count.setText(f"Cannot read the publications: {describe_error(exc)}")
                self.loaded.emit()

        run_task(read, shown, failed, receiver=self)


class ConfirmationsDialog(QDialog):
    """Who has confirmed the current restriction list, and who has not (policy 10.3)."""

    COLUMNS = ("Name", "Role", "Confirmed the current list?", "Last confirmed")

    def __init__(
        self,
        academy_name: str,
        version: str,
        staff: list[StaffConfirmation],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Who has confirmed the restriction list — {academy_name}")
        missing = [c for c in staff if not c.current]
        head = QLabel(
            f"<b>{len(missing)} of {len(staff)}</b> members of staff have not confirmed the "
            f"current list (version {version}). Staff are asked again whenever it changes."
            if missing
            else f"Everyone has confirmed the current list (version {version})."
        )
        head.setTextFormat(Qt.TextFormat.RichText)
        head.setWordWrap(True)
        self.table = _table(self.COLUMNS, "Staff confirmations", 2)
        _fill(
            self.table,
            [
                (
                    c.display_name,
                    c.role,
                    "✔ Yes"
                    if c.current
                    else ("✖ No — an earlier version" if c.version else "✖ No — never"),
                    f"{c.confirmed_at:%d/%m/%Y %H:%M}" if c.confirmed_at else "—",
                )
                for c in staff
            ],
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(head)
        lay.addWidget(self.table, 1)
        lay.addWidget(buttons)
        self.resize(640, 360)
