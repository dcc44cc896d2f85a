"""Small charts painted with QPainter (QtCharts is not in PySide6-Essentials): horizontal bars,
and columns over time.

Every bar carries its label and its number as text, so the chart never relies on colour; the
columns' numbers are in their tooltips and the accessible description, and above each column
when there is room.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

GROW = 1.8  # a chart given more height than it needs makes its bars up to this much thicker


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
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

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
        natural = self._row_height()
        h = min(natural * GROW, max(natural, (self.height() - 4) / max(1, len(self.bars))))
        for i, b in enumerate(self.bars):
            top = 2 + i * h
            p.setPen(text)
            p.drawText(
                QRectF(0, top, label_w - 8, h),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                b.label,
            )
            thick = min(h - 8, (natural - 8) * GROW)
            rect = QRectF(label_w, top + (h - thick) / 2, bar_w, thick)
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


@dataclass(frozen=True)
class Column:
    label: str  # what the column is, e.g. "w/c 8 Sep"
    value: int
    axis: str = ""  # written under the column (e.g. the month where one begins), or ""


class ColumnChart(QWidget):
    """Columns left to right, e.g. returns received week by week; a column's number is written
    above it when it fits, and is always in its tooltip."""

    def __init__(self, name: str, unit: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns: list[Column] = []
        self.unit = unit
        self.setAccessibleName(name)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_columns(self, columns: list[Column]) -> None:
        self.columns = columns
        self.setAccessibleDescription("; ".join(f"{c.label}: {c.value:,}" for c in columns))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, 8 * self.fontMetrics().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(240, 6 * self.fontMetrics().height())

    def _plot(self) -> QRectF:
        fm = self.fontMetrics()
        return QRectF(2, fm.height() + 6, self.width() - 4, self.height() - 2 * fm.height() - 12)

    def _slot(self) -> float:
        return self._plot().width() / max(1, len(self.columns))

    def column_at(self, x: float) -> int | None:
        if not self.columns:
            return None
        i = int((x - self._plot().left()) // self._slot())
        return i if 0 <= i < len(self.columns) else None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            i = self.column_at(event.pos().x())
            if i is None:
                QToolTip.hideText()
            else:
                c = self.columns[i]
                QToolTip.showText(event.globalPos(), f"{c.label}: {c.value:,} {self.unit}", self)
            return True
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = self.fontMetrics()
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        axis_pen = pal.color(QPalette.ColorRole.Mid)
        plot, slot = self._plot(), self._slot()
        biggest = max([c.value for c in self.columns] + [1])
        gap = min(6.0, slot * 0.25)
        free_from = plot.left()  # where the next month's name may start without overlapping
        for i, c in enumerate(self.columns):
            x = plot.left() + i * slot
            height = plot.height() * c.value / biggest
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(pal.color(QPalette.ColorRole.Highlight))
            if height > 0:
                p.drawRoundedRect(
                    QRectF(x + gap / 2, plot.bottom() - height, slot - gap, height), 2, 2
                )
            number = f"{c.value:,}"
            p.setPen(text)
            if c.value and fm.horizontalAdvance(number) + 2 <= slot:
                p.drawText(
                    QRectF(x, plot.bottom() - height - fm.height() - 2, slot, fm.height()),
                    Qt.AlignmentFlag.AlignCenter,
                    number,
                )
            if c.axis and x >= free_from:
                free_from = x + fm.horizontalAdvance(c.axis) + 8
                p.setPen(axis_pen)
                p.drawLine(round(x), round(plot.bottom()), round(x), round(plot.bottom() + 4))
                p.setPen(text)
                p.drawText(
                    QRectF(x + 2, plot.bottom() + 4, fm.horizontalAdvance(c.axis) + 4, fm.height()),
                    Qt.AlignmentFlag.AlignLeft,
                    c.axis,
                )
        p.setPen(axis_pen)
        p.drawLine(
            round(plot.left()), round(plot.bottom()), round(plot.right()), round(plot.bottom())
        )
        p.end()
