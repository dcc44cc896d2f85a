"""Table cells whose text can be longer than their column: never cut silently.

A cell whose model gives shorter ways to say the same (``SHORT_FORMS_ROLE``: "Every use but
Video", "Websites, Press +2 more") shows the longest that fits. Otherwise a refusal or a limitation
that does not fit is shown up to a word, then "…" and a *more* mark in the link colour, so a
teacher sees at a glance that there is more to read. The whole text is in the cell's tooltip and
in the learner panel when the row is chosen.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

MORE = "more"
# A model's shorter ways to say a cell's text, the most telling first (see the module's doc).
SHORT_FORMS_ROLE = Qt.ItemDataRole.UserRole + 2
_GAP = 6  # pixels between the cut text and the mark


def cut_to_width(text: str, metrics: QFontMetrics, width: int) -> str:
    """``text`` shortened to ``width`` pixels at a word's end where it can be, ending "…"."""
    if metrics.horizontalAdvance(text) <= width:
        return text
    elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
    head = elided.rstrip("…").rstrip()
    if " " in head:
        words = head.rsplit(" ", 1)[0].rstrip(" ,;:")
        if len(words) * 2 >= len(head):  # a word's end not too far back
            head = words
    return f"{head}…" if head else "…"


class CutTextDelegate(QStyledItemDelegate):
    """Draws a cell's text; when it does not fit, the cut text and a *more* mark."""

    def _margin(self, option: QStyleOptionViewItem) -> int:
        style = option.widget.style() if option.widget is not None else QApplication.style()
        return style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, option, option.widget) + 1

    def shown(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> tuple[str, bool]:
        """(the text the cell shows, whether it is cut) for a cell drawn in ``option.rect``."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = " ".join(opt.text.split())
        metrics = opt.fontMetrics
        room = opt.rect.width() - 2 * self._margin(opt)
        if metrics.horizontalAdvance(text) <= room:
            return text, False
        for short in index.data(SHORT_FORMS_ROLE) or ():
            if metrics.horizontalAdvance(short) <= room:
                return short, False
        room -= metrics.horizontalAdvance(MORE) + _GAP
        return cut_to_width(text, metrics, max(room, 0)), True

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        text, cut = self.shown(option, index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        if not cut:
            opt.text = text
            widget = opt.widget
            style = widget.style() if widget is not None else QApplication.style()
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
            return
        opt.text = ""  # the style draws the background, selection and focus; we the words
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = (
            QPalette.ColorGroup.Normal
            if opt.state & QStyle.StateFlag.State_Active
            else QPalette.ColorGroup.Inactive
        )
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        margin = self._margin(opt)
        rect = opt.rect.adjusted(margin, 0, -margin, 0)
        metrics = opt.fontMetrics
        mark_width = metrics.horizontalAdvance(MORE)
        painter.save()
        painter.setFont(opt.font)
        painter.setPen(opt.palette.color(group, role))
        align = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        painter.drawText(rect.adjusted(0, 0, -(mark_width + _GAP), 0), align, text)
        mark = QRect(rect.right() - mark_width + 1, rect.top(), mark_width, rect.height())
        font = opt.font
        font.setUnderline(True)
        painter.setFont(font)
        if not selected:
            painter.setPen(opt.palette.color(group, QPalette.ColorRole.Link))
        painter.drawText(mark, align, MORE)
        painter.restore()
