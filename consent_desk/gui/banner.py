"""A coloured banner over the learners: a line of text and one button that opens the details
("reprint needed", "take down", "please confirm the list")."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class Banner(QFrame):
    """Hidden until its owner sets the text; ``show_requested`` when the button is clicked."""

    show_requested = Signal()

    def __init__(self, name: str, colours: tuple[str, str, str], what: str, button: str,
                 tip: str = "", parent: QWidget | None = None) -> None:  # fmt: skip
        """``colours``: background, border and text; ``what`` names the banner for a screen
        reader; ``button`` and ``tip`` are the button's text and tooltip."""
        super().__init__(parent)
        background, border, text = colours
        self.setObjectName(name)
        self.setStyleSheet(
            f"#{name} {{ background: {background}; border: 1px solid {border}; "
            f"border-radius: 4px; }} #{name} QLabel {{ color: {text}; }}"
        )
        self.text = QLabel()
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setAccessibleName(what)
        self.button = QPushButton(button)
        if tip:
            self.button.setToolTip(tip)
        self.button.clicked.connect(self.show_requested.emit)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(10, 6, 6, 6)
        lay.addWidget(self.text, 1)
        lay.addWidget(self.button)
        self.hide()
