""" "Take down": a banner over the learners (like "reprint needed") while a recorded publication
shows a learner who may no longer appear in it, and the list with "Mark taken down…"."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from consent_desk.gui.banner import Banner
from consent_desk.gui.layouts import CardListDialog, clear_layout

if TYPE_CHECKING:
    from consent_desk.services.takedowns import OpenTakedown


class TakedownBanner(Banner):
    """Shown while something published must be taken down."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "takedown-banner",
            ("#f8d7da", "#e4a1a8", "#58151c"),
            "Take down",
            "Show the take-down list…",
            "What to take down, which child, what changed, since when",
            parent,
        )

    def set_items(self, items: Sequence[OpenTakedown]) -> None:
        if not items:
            self.hide()
            return
        titles = list(dict.fromkeys(t.title for t in items))
        names = ", ".join(f"“{escape(t)}”" for t in titles[:3])
        more = f" and {len(titles) - 3} more" if len(titles) > 3 else ""
        n = len(titles)
        self.text.setText(
            f"<b>✖ Take down:</b> {n} published item{'s' if n != 1 else ''} "
            f"{'show' if n != 1 else 'shows'} a learner whose parent no longer agrees "
            f"({names}{more})."
        )
        self.show()


class TakedownsDialog(CardListDialog):
    """The academy's take-down list, one card per learner in a publication."""

    done_requested = Signal(object, str)  # the OpenTakedown, the note

    def __init__(self, academy_name: str, parent: QWidget | None = None) -> None:
        super().__init__(
            f"Take-down list — {academy_name}",
            "Each of these was checked and published, and since then a parent or "
            "carer has withdrawn consent (or the learner is now NO IMAGES). Take "
            "the photo or video down — or edit the child out — then mark it here.",
            (700, 380),
            parent,
        )
        self.items: list[OpenTakedown] = []

    def set_items(self, items: Sequence[OpenTakedown]) -> None:
        self.items = list(items)
        clear_layout(self.cards)
        if not items:
            done = QLabel(
                "✔ Nothing to take down: every recorded publication may still show its learners."
            )
            done.setWordWrap(True)
            self.cards.addWidget(done)
            return
        for item in items:
            self.cards.addWidget(self._card(item))

    def _card(self, t: OpenTakedown) -> QFrame:
        card = QFrame()
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setAccessibleName(f"{t.title}: {t.name}")
        title = QLabel(f"<b>{escape(t.title)}</b> — {escape(t.name)}")
        title.setTextFormat(Qt.TextFormat.RichText)
        where = f" · {t.place}" if t.place else ""
        what = QLabel(f"Published {t.published_on:%d/%m/%Y} for {t.purpose_label}{where}")
        why = QLabel(f"What changed: {t.reason}")
        since = QLabel(f"Since {t.since:%d/%m/%Y at %H:%M}")
        for label in (what, why, since):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
        button = QPushButton("Mark &taken down…")
        button.setToolTip("Record that it was taken down (who and when are recorded)")
        button.clicked.connect(lambda _=False, item=t: self._ask_note(item))
        text = QVBoxLayout()
        for label in (title, what, why, since):
            text.addWidget(label)
        lay = QHBoxLayout(card)
        lay.addLayout(text, 1)
        lay.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        return card

    def _ask_note(self, item: OpenTakedown) -> None:
        note, ok = QInputDialog.getText(
            self,
            "Taken down",
            f"What was done about “{item.title}” ({item.name})?",
            QLineEdit.EchoMode.Normal,
            "Removed from the page",
        )
        if ok and note.strip():
            self.done_requested.emit(item, note.strip())
