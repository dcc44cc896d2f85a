"""The dashboard's table: one row per academy (or registration group) and a totals row — learners
on roll, returns received, each status and the refusals per use — with headers that wrap, so
every column fits beside the learner panel at 1280 pixels."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionHeader,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from consent_desk.domain.rules import Status
from consent_desk.gui.learner_model import STATUS_ORDER
from consent_desk.gui.theme import status_text

if TYPE_CHECKING:
    from consent_desk.outputs.summary import AcademySummary

Index = QModelIndex | QPersistentModelIndex
NAME, LEARNERS, RETURNED = 0, 1, 2
FRACTION_ROLE = Qt.ItemDataRole.UserRole + 1  # the returned column: received / on roll
GROUP_ROLE = Qt.ItemDataRole.UserRole + 2  # a header's group title, written once across them
REFUSED = "Refused by parents or carers"


@dataclass(frozen=True)
class SummaryColumn:
    header: str
    value: Callable[[AcademySummary], int]
    tip: str
    status: Status | None = None
    group: str = ""


def summary_columns(purpose_labels: dict[str, str]) -> list[SummaryColumn]:
    def refused(key: str) -> Callable[[Any], int]:
        return lambda a: int(a.refusals.get(key, 0))

    def counted(s: Status) -> Callable[[Any], int]:
        return lambda a: int(a.status(s))

    return [
        SummaryColumn("Learners", lambda a: int(a.on_roll), "Learners on roll"),
        SummaryColumn(
            "Returned",
            lambda a: int(a.returns_received),
            "Learners with at least one return this year",
        ),
        *(
            SummaryColumn(status_text(s), counted(s), f"Learners whose status is {s.label}", s)
            for s in STATUS_ORDER
        ),
        *(
            SummaryColumn(
                label, refused(key), f"Learners whose parents refused: {label}", group=REFUSED
            )
            for key, label in purpose_labels.items()
        ),
    ]


class SummaryModel(QAbstractTableModel):
    """Rows are AcademySummary (the parts, then the total, shown in bold)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[Any] = []
        self.total: Any = None
        self.columns: list[SummaryColumn] = summary_columns({})
        self.name_header = "Academy"
        self.colours: dict[Status, tuple[QColor, QColor]] = {}

    def set_summaries(
        self,
        parts: Sequence[AcademySummary],
        total: AcademySummary,
        purpose_labels: dict[str, str],
        name_header: str,
        colours: dict[Status, tuple[QColor, QColor]],
    ) -> None:
        self.beginResetModel()
        self.parts, self.total = list(parts), total
        self.columns = summary_columns(purpose_labels)
        self.name_header, self.colours = name_header, colours
        self.endResetModel()

    def _rows(self) -> list[Any]:
        return [*self.parts, self.total] if self.total is not None and self.parts else []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows())

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 1 + len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        column = self.columns[section - 1] if section else None
        if role == Qt.ItemDataRole.DisplayRole:
            return column.header if column else self.name_header
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tip if column else None
        if role == GROUP_ROLE:
            return column.group if column else ""
        if column is not None and column.status in self.colours:
            fill, text = self.colours[column.status]
            if role == Qt.ItemDataRole.BackgroundRole:
                return fill
            if role == Qt.ItemDataRole.ForegroundRole:
                return text
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        rows = self._rows()
        if not index.isValid() or index.row() >= len(rows):
            return None
        a, col = rows[index.row()], index.column()
        is_total = index.row() == len(rows) - 1
        if role == Qt.ItemDataRole.DisplayRole:
            if col == NAME:
                if is_total:
                    return "Total"
                return f"{a.name} ({a.code})" if a.code else a.name
            value = self.columns[col - 1].value(a)
            if col == RETURNED:
                pct = f" ({round(100 * a.received_fraction)}%)" if a.on_roll else ""
                return f"{value:,}{pct}"
            return f"{value:,}"
        if role == FRACTION_ROLE and col == RETURNED:
            return a.received_fraction or 0.0
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == NAME:
                return f"{a.name}: every learner on roll" if is_total else a.name
            if col == RETURNED:
                return (
                    f"{a.returns_received:,} of {a.on_roll:,} returned, "
                    f"{a.outstanding:,} outstanding"
                )
            value = self.columns[col - 1].value(a)
            share = f" ({round(100 * value / a.on_roll)}%)" if a.on_roll else ""
            return f"{self.columns[col - 1].tip}: {value:,} of {a.on_roll:,}{share}"
        if role == Qt.ItemDataRole.TextAlignmentRole and col != NAME:
            return int(Qt.AlignmentFlag.AlignCenter)  # under the centred titles
        if role == Qt.ItemDataRole.FontRole and is_total:
            font = QFont()
            font.setBold(True)
            return font
        return None


class WrappingHeader(QHeaderView):
    """A horizontal header whose titles wrap at spaces, tinted like the statuses they count."""

    PAD = 5

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sectionResized.connect(lambda *_: self.updateGeometry())

    def _text(self, logical: int) -> str:
        model = self.model()
        return str(model.headerData(logical, self.orientation()) or "") if model else ""

    def word_width(self, logical: int) -> int:
        """The width of the title's longest word: the narrowest the column can be."""
        fm = self.fontMetrics()
        words = self._text(logical).split() or [""]
        return max(fm.horizontalAdvance(w) for w in words) + 2 * self.PAD + 4

    def sectionSizeFromContents(self, logical: int) -> QSize:
        size = super().sectionSizeFromContents(logical)
        width = max(10, self.sectionSize(logical) - 2 * self.PAD)
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        fm = self.fontMetrics()
        rect = fm.boundingRect(QRect(0, 0, width, 1000), int(flags), self._text(logical))
        band = fm.height() + self.PAD if self._group(logical) else 0
        return QSize(size.width(), max(size.height(), rect.height() + 2 * self.PAD + band))

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        tallest = max([self.sectionSizeFromContents(i).height() for i in range(self.count())] + [0])
        return QSize(hint.width(), max(hint.height(), tallest))

    def paintSection(self, painter: QPainter, rect: QRect, logical: int) -> None:
        opt = QStyleOptionHeader()
        self.initStyleOption(opt)
        opt.rect = rect
        opt.section = logical
        opt.text = ""
        self.style().drawControl(QStyle.ControlElement.CE_Header, opt, painter, self)
        model = self.model()
        if model is None:
            return
        orientation = self.orientation()
        fill = model.headerData(logical, orientation, Qt.ItemDataRole.BackgroundRole)
        colour = model.headerData(logical, orientation, Qt.ItemDataRole.ForegroundRole)
        painter.save()
        if isinstance(fill, QColor):
            painter.fillRect(rect.adjusted(2, 2, -2, -2), fill)
        text_pen = self.palette().color(QPalette.ColorRole.ButtonText)
        group = self._group(logical)
        body = QRect(rect)
        if group:
            band = self.fontMetrics().height() + self.PAD
            body.setTop(rect.top() + band)
            span = self._group_span(group)
            painter.setClipRect(rect)  # each section writes its share of the one title
            painter.setPen(text_pen)
            painter.drawText(
                QRect(span.left(), rect.top(), span.width(), band),
                int(Qt.AlignmentFlag.AlignCenter),
                group,
            )
            painter.setPen(self.palette().color(QPalette.ColorRole.Mid))
            painter.drawLine(rect.left(), body.top() - 1, rect.right(), body.top() - 1)
        painter.setPen(colour if isinstance(colour, QColor) else text_pen)
        painter.drawText(
            body.adjusted(self.PAD, self.PAD // 2, -self.PAD, -self.PAD // 2),
            int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
            self._text(logical),
        )
        painter.restore()

    def _group(self, logical: int) -> str:
        model = self.model()
        return str(model.headerData(logical, self.orientation(), GROUP_ROLE) or "") if model else ""

    def _group_span(self, group: str) -> QRect:
        """Where the sections of ``group`` are, together, in the header's coordinates."""
        sections = [i for i in range(self.count()) if self._group(i) == group]
        left = self.sectionViewportPosition(sections[0])
        right = self.sectionViewportPosition(sections[-1]) + self.sectionSize(sections[-1])
        return QRect(left, 0, right - left, self.height())


class ReturnedDelegate(QStyledItemDelegate):
    """Returns received as a bar filled to the share of learners on roll, its number on it."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        bar = QStyleOptionProgressBar()
        bar.rect = option.rect.adjusted(3, 3, -3, -3)
        bar.minimum, bar.maximum = 0, 1000
        bar.progress = round(1000 * float(index.data(FRACTION_ROLE) or 0.0))
        bar.text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        bar.textVisible = True
        bar.textAlignment = Qt.AlignmentFlag.AlignCenter
        bar.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Horizontal
        bar.palette = option.palette
        bar.fontMetrics = option.fontMetrics
        widget = option.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            painter.save()
            if index.data(Qt.ItemDataRole.FontRole) is not None:
                painter.setFont(index.data(Qt.ItemDataRole.FontRole))
            style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, widget)
            painter.restore()


class SummaryTable(QTableView):
    """As tall as its rows (no empty table below a short list), scrolling when they do not fit."""

    def __init__(self) -> None:
        super().__init__()
        self.model_ = SummaryModel()
        self.setModel(self.model_)
        self.setHorizontalHeader(WrappingHeader(self))
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.verticalHeader().setMinimumSectionSize(self.fontMetrics().height() + 10)
        self.setItemDelegateForColumn(RETURNED, ReturnedDelegate(self))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        self._widths: dict[int, int] = {}  # the width each column needs
        self._name_room = 0  # the names' full length
        self.horizontalHeader().setMinimumSectionSize(40)
        self.model_.modelReset.connect(self.fit_columns)
        # the wrapped header and the rows settle their heights after a reset: ask again
        self.horizontalHeader().geometriesChanged.connect(self.updateGeometry)
        self.verticalHeader().sectionResized.connect(lambda *_: self.updateGeometry())

    def fit_columns(self) -> None:
        header = self.horizontalHeader()
        assert isinstance(header, WrappingHeader)
        fm = self.fontMetrics()
        bold = QFont(self.font())
        bold.setBold(True)
        bold_fm = QFontMetrics(bold)
        rows = range(self.model_.rowCount())
        for col in range(1, self.model_.columnCount()):
            texts = [str(self.model_.index(r, col).data() or "") for r in rows]
            widest = max([bold_fm.horizontalAdvance(t) for t in texts] + [0])
            widest += 28 if col == RETURNED else 14  # the bar's frame around its number
            self._widths[col] = max(header.word_width(col), widest)
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Fixed)
        names = [str(self.model_.index(r, NAME).data() or "") for r in rows]
        longest = max([bold_fm.horizontalAdvance(n) for n in names] + [0])
        # a long name may wrap onto two lines, but no word of it is cut
        words = max([fm.horizontalAdvance(w) for n in names for w in n.split()] + [0])
        self._widths[NAME] = max(header.word_width(NAME), words + 16, min(longest + 16, 140))
        self._name_room = max(self._widths[NAME], longest + 24)
        self._fit_columns_to_width()
        self.updateGeometry()

    def _fit_columns_to_width(self) -> None:
        """Each column as wide as it needs; room to spare goes first to the names (up to their
        full length), then evenly to the numbers, so a wide window does not push the numbers
        far from the names. Too narrow a window scrolls sideways, never cutting a number."""
        header = self.horizontalHeader()
        count = self.model_.columnCount()
        if count == 0 or len(self._widths) < count:
            return
        spare = self.viewport().width() - sum(self._widths[c] for c in range(count))
        name = self._widths[NAME] + max(0, min(spare, self._name_room - self._widths[NAME]))
        spare -= name - self._widths[NAME]
        each, extra = divmod(max(0, spare), count - 1) if count > 1 else (0, 0)
        header.resizeSection(NAME, name)
        for col in range(1, count):
            header.resizeSection(col, self._widths[col] + each + (1 if col <= extra else 0))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns_to_width()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        rows = self.model_.rowCount()
        height = self.horizontalHeader().sizeHint().height() + 2 * self.frameWidth()
        height += sum(
            self.rowHeight(r) or self.verticalHeader().defaultSectionSize() for r in range(rows)
        )
        if self.horizontalScrollBar().isVisible():
            height += self.horizontalScrollBar().sizeHint().height()
        return QSize(hint.width(), height + 2)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        per_row = self.verticalHeader().defaultSectionSize()
        height = self.horizontalHeader().sizeHint().height() + 3 * per_row + 2 * self.frameWidth()
        return QSize(hint.width(), min(height, self.sizeHint().height()))
