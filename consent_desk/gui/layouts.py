"""Small layout helpers shared by the screens."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QLayout,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)


def clear_layout(layout: QLayout) -> None:
    """Remove and delete every widget of ``layout``."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.deleteLater()


class CardListDialog(QDialog):
    """A dialog that explains itself in a line or two, then lists cards (one per sheet, item…)
    in a scrolling column, with Close: ``self.cards`` is the column to fill."""

    def __init__(
        self, title: str, intro: str, size: tuple[int, int], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        explained = QLabel(intro)
        explained.setWordWrap(True)
        self.cards = QVBoxLayout()
        inner = QWidget()
        outer = QVBoxLayout(inner)
        outer.addLayout(self.cards)
        outer.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(explained)
        lay.addWidget(scroll, 1)
        lay.addWidget(buttons)
        self.resize(*size)
