""" "Reprint needed": a banner over the learners when a printed sheet of the academy and year no
longer shows what is true, and a list of those sheets with the reason and "Print again"."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from consent_desk.gui.banner import Banner
from consent_desk.gui.layouts import CardListDialog, clear_layout

if TYPE_CHECKING:
    from consent_desk.services.sheet_prints import StaleSheet


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def describe_sheet(sheet: StaleSheet) -> str:
    """``Group 4B``, ``Year 3``, ``Museum trip``, ``The whole academy``."""
    text = sheet.scope.describe()
    return text[:1].upper() + text[1:]


class StaleBanner(Banner):
    """Shown while some printed sheet needs reprinting."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "stale-banner",
            ("#fff3cd", "#e0c36c", "#523e02"),
            "Reprint needed",
            "Show and reprint…",
            "The sheets to print again, and why",
            parent,
        )

    def set_sheets(self, sheets: Sequence[StaleSheet]) -> None:
        if not sheets:
            self.hide()
            return
        names = ", ".join(escape(describe_sheet(s)) for s in sheets[:4])
        more = f" and {len(sheets) - 4} more" if len(sheets) > 4 else ""
        self.text.setText(
            f"<b>⚠ Reprint needed:</b> {_plural(len(sheets), 'printed sheet')} no longer "
            f"{'shows' if len(sheets) == 1 else 'show'} what is true ({names}{more})."
        )
        self.text.setToolTip(
            "Staff may be working from an old list: print it again and collect the old copies"
        )
        self.show()


class StaleSheetsDialog(CardListDialog):
    """The sheets to print again, each with when, by whom, why, and "Print again…"."""

    print_again = Signal(object)  # the StaleSheet

    def __init__(self, academy_name: str, year: str, parent: QWidget | None = None) -> None:
        super().__init__(
            f"Sheets to reprint — {academy_name}, {year}",
            "These restricted-learner sheets were printed or saved before a change "
            "that alters what they show — a return, a withdrawal, a safeguarding "
            "flag, a learner joining, leaving or changing group. Print them again "
            "and collect the old copies.",
            (640, 320),
            parent,
        )
        self.sheets: list[StaleSheet] = []

    def set_sheets(self, sheets: Sequence[StaleSheet]) -> None:
        self.sheets = list(sheets)
        clear_layout(self.cards)
        if not sheets:
            done = QLabel("✔ Every printed sheet of this academy and year is up to date.")
            done.setWordWrap(True)
            self.cards.addWidget(done)
            return
        for sheet in sheets:
            self.cards.addWidget(self._card(sheet))

    def _card(self, sheet: StaleSheet) -> QFrame:
        card = QFrame()
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setAccessibleName(describe_sheet(sheet))
        title = QLabel(
            f"<b>{escape(describe_sheet(sheet))}</b>"
            + ("" if sheet.scope.restricted_only else " (everyone listed)")
        )
        title.setTextFormat(Qt.TextFormat.RichText)
        file = f" as {sheet.file_name}" if sheet.file_name else ""
        when = QLabel(f"Printed {sheet.printed_at:%d/%m/%Y at %H:%M} by {sheet.printed_by}{file}")
        when.setTextFormat(Qt.TextFormat.PlainText)
        when.setWordWrap(True)
        why = QLabel(f"What changed: {sheet.reason}.")
        why.setTextFormat(Qt.TextFormat.PlainText)
        why.setWordWrap(True)
        again = QPushButton("Print &again…")
        again.setToolTip("Open the print dialog for this sheet")
        again.clicked.connect(lambda _=False, s=sheet: self.print_again.emit(s))
        text = QVBoxLayout()
        for label in (title, when, why):
            text.addWidget(label)
        lay = QHBoxLayout(card)
        lay.addLayout(text, 1)
        lay.addWidget(again, 0, Qt.AlignmentFlag.AlignVCenter)
        return card
