"""A small horizontal bar chart painted with QPainter (QtCharts is not in PySide6-Essentials).

Every bar carries its label and its number as text, so the chart never relies on colour.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    colour: QColor | None = None  # None: the palette's highlight colour
    outline: QColor | None = None


class BarChart(QWidget):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[Bar] = []
        self.total = 0
        self.setAccessibleName(name)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_bars(self, bars: list[Bar], total: int | None = None) -> None:
        self.bars = bars
        self.total = total if total is not None else sum(b.value for b in bars)
        self.setAccessibleDescription("; ".join(f"{b.label}: {self._value_text(b)}" for b in bars))
        self.setToolTip("\n".join(f"{b.label}: {self._value_text(b)}" for b in bars))
        self.updateGeometry()
        self.update()

    def _value_text(self, bar: Bar) -> str:
        if self.total:
            return f"{bar.value:,} ({round(100 * bar.value / self.total)}%)"
        return f"{bar.value:,}"

    def _row_height(self) -> int:
        return self.fontMetrics().height() + 12

    def sizeHint(self) -> QSize:
        return QSize(360, max(1, len(self.bars)) * self._row_height() + 4)

    def minimumSizeHint(self) -> QSize:
        return QSize(240, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = self.fontMetrics()
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        track = pal.color(QPalette.ColorRole.Mid)
        track.setAlpha(60)
        label_w = max([fm.horizontalAdvance(b.label) for b in self.bars] + [0]) + 12
        value_w = max([fm.horizontalAdvance(self._value_text(b)) for b in self.bars] + [0]) + 12
        bar_w = max(20.0, self.width() - label_w - value_w - 4)
        biggest = max([b.value for b in self.bars] + [1])
        scale = self.total if self.total else biggest
        h = self._row_height()
        for i, b in enumerate(self.bars):
            top = 2 + i * h
            p.setPen(text)
            p.drawText(
                QRectF(0, top, label_w - 8, h),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                b.label,
            )
            rect = QRectF(label_w, top + 4, bar_w, h - 8)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(track)
            p.drawRoundedRect(rect, 3, 3)
            fill = QRectF(rect)
            fill.setWidth(bar_w * (b.value / scale) if scale else 0)
            colour = b.colour or pal.color(QPalette.ColorRole.Highlight)
            p.setBrush(colour)
            if b.outline is not None:
                p.setPen(b.outline)
            if fill.width() > 0:
                p.drawRoundedRect(fill, 3, 3)
            p.setPen(text)
            p.drawText(
                QRectF(label_w + bar_w + 8, top, value_w, h),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                self._value_text(b),
            )
        p.end()
