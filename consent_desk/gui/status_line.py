"""Status-bar text that gives way: shortened with "…" when the bar is narrow (the whole text in
its tooltip), so the bar's texts never run into each other at 1200 pixels."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

_LEAST = 60  # pixels: room for a few characters and the "…"


class StatusText(QLabel):
    """A one-line plain-text label that may be narrower than its text: it then shows the
    text shortened with "…" (``elide``: at the end, or in the middle for a path) and its
    tooltip shows it whole."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        elide: Qt.TextElideMode = Qt.TextElideMode.ElideRight,
    ) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._elide = elide
        self._tip = ""

    def setText(self, text: str) -> None:
        super().setText(text)
        self._update_tip()

    def setToolTip(self, tip: str) -> None:
        self._tip = tip
        self._update_tip()

    def shown_text(self) -> str:
        """The text as drawn in the label's present width."""
        room = self.contentsRect().width()
        return self.fontMetrics().elidedText(self.text(), self._elide, max(room, 0))

    def _update_tip(self) -> None:
        cut = self.shown_text() != self.text()
        whole = f"{self.text()}\n{self._tip}" if self._tip else self.text()
        super().setToolTip(whole if cut else self._tip)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), _LEAST), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_tip()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        align = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        painter.drawText(self.contentsRect(), int(align.value), self.shown_text())
