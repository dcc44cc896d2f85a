"""Staff know the list (policy 10.3): a banner asks a member of staff to read and confirm the
academy's restriction list — the first time, and again whenever it changes, showing what
changed since their last confirmation."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from consent_desk.gui.banner import Banner

if TYPE_CHECKING:
    from consent_desk.services.acknowledgements import ListState


class ConfirmListBanner(Banner):
    """Shown while the logged-in person has not confirmed the current list."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "confirm-banner",
            ("#cfe2ff", "#9ec5fe", "#052c65"),
            "Confirm the restriction list",
            "Read and confirm…",
            parent=parent,
        )

    def set_state(self, state: ListState | None) -> None:
        if state is None or not state.needs_confirmation:
            self.hide()
            return
        if state.last_confirmed_at is None:
            self.text.setText(
                f"<b>Policy 10.3:</b> please read {escape(state.academy_name)}'s "
                f"restriction list ({len(state.rows)} learners) and confirm you "
                "know it."
            )
        else:
            n = len(state.changes)
            self.text.setText(
                f"<b>The restriction list has changed</b> since you confirmed it on "
                f"{state.last_confirmed_at:%d/%m/%Y} ({n} change"
                f"{'s' if n != 1 else ''}): please read what changed and "
                "confirm again."
            )
        self.show()


class ConfirmListDialog(QDialog):
    """What changed since the last confirmation (if any), the whole list, and "I have read it"."""

    confirmed = Signal(str)  # the fingerprint of the version read

    def __init__(self, state: ListState, parent: QWidget | None = None) -> None:
        from consent_desk.domain.rules import Status
        from consent_desk.services.acknowledgements import describe_row

        super().__init__(parent)
        self.state = state
        self.setWindowTitle(f"Restriction list — {state.academy_name}, {state.year}")
        lay = QVBoxLayout(self)
        head = QLabel(
            "Staff must know the names of the learners on this list (policy 10.3). "
            "Publishing an image against a parent's instruction is a disciplinary "
            "offence."
        )
        head.setWordWrap(True)
        lay.addWidget(head)
        self.changes = QListWidget()
        self.changes.setAccessibleName("What changed")
        if state.last_confirmed_at is not None and state.changes:
            label = QLabel(
                f"<b>What changed since you confirmed it on "
                f"{state.last_confirmed_at:%d/%m/%Y at %H:%M}:</b>"
            )
            lay.addWidget(label)
            self.changes.addItems(state.changes)
            self.changes.setMaximumHeight(self.fontMetrics().height() * 8)
            lay.addWidget(self.changes)
        else:
            self.changes.hide()
        lay.addWidget(QLabel(f"<b>The list now ({len(state.rows)} learners):</b>"))
        self.table = QTableWidget(len(state.rows), 3)
        self.table.setHorizontalHeaderLabels(("Learner", "Group", "What may not be done"))
        self.table.setAccessibleName("The restriction list")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        head_view = self.table.horizontalHeader()
        head_view.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        head_view.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        head_view.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        order = {Status.NO_IMAGES: 0, Status.RESTRICTED: 1, Status.NOT_RETURNED: 2}
        rows = sorted(state.rows, key=lambda r: (order.get(r.status, 3), r.sort_key))
        for i, r in enumerate(rows):
            for col, text in enumerate(
                (f"{r.surname}, {r.forename}", r.reg_group or "", describe_row(r, state.labels))
            ):
                self.table.setItem(i, col, QTableWidgetItem(text))
        lay.addWidget(self.table, 1)
        buttons = QDialogButtonBox()
        self.confirm = buttons.addButton(
            "I have &read the list", QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton("&Later", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._confirm)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(720, 560)

    def _confirm(self) -> None:
        self.confirmed.emit(self.state.fingerprint)
        self.accept()
