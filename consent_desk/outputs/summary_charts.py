"""Charts for the COO summary PDF (reportlab graphics, vector only): returns progress and status
breakdown per academy, side by side, as many pages as a large trust needs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.platypus import Flowable, PageBreak, Paragraph

from consent_desk.domain.rules import Status
from consent_desk.domain.summary import STATUS_ORDER
from consent_desk.outputs.common import status_words
from consent_desk.outputs.pdfstyle import fit_text, fonts, styles

if TYPE_CHECKING:
    from consent_desk.domain.summary import AcademySummary

# Colour-blind-safe (Okabe-Ito) and distinct in lightness when printed in grey.
STATUS_COLOURS: dict[Status, colors.Color] = {
    Status.NO_IMAGES: colors.HexColor("#222222"),
    Status.RESTRICTED: colors.HexColor("#E69F00"),
    Status.NOT_RETURNED: colors.HexColor("#BBBBBB"),
    Status.NO_RESTRICTION: colors.HexColor("#009E73"),
}
PROGRESS_COLOUR = colors.HexColor("#0072B2")
BAND = 15.0  # points per academy, at least
MAX_BAND = 24.0
LABEL_WIDTH = 150.0
LABEL_SIZE = 8
_TOP = 48.0  # title and legend
_BOTTOM = 24.0  # value axis labels
_HEADING = 30.0


def academies_per_page(height: float) -> int:
    return max(5, int((height - _HEADING - _TOP - _BOTTOM) // BAND))


def _percent(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0


def _label(a: AcademySummary) -> str:
    return fit_text(f"{a.code} {a.name}".strip(), fonts().regular, LABEL_SIZE, LABEL_WIDTH - 8)


def _chart(x: float, width: float, height: float, names: list[str]) -> HorizontalBarChart:
    f = fonts()
    chart = HorizontalBarChart()
    chart.x, chart.y = x + LABEL_WIDTH, _BOTTOM
    chart.width, chart.height = width - LABEL_WIDTH - 28, height - _TOP - _BOTTOM
    chart.categoryAxis.categoryNames = names
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.labels.fontName = f.regular
    chart.categoryAxis.labels.fontSize = LABEL_SIZE
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.valueAxis.labels.fontName = f.regular
    chart.valueAxis.labels.fontSize = LABEL_SIZE
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.Color(0.8, 0.8, 0.8)
    chart.valueAxis.gridStrokeWidth = 0.4
    chart.barSpacing = 0
    chart.groupSpacing = 3
    return chart


def _title(x: float, y: float, text: str) -> String:
    return String(x, y, text, fontName=fonts().bold, fontSize=10)


def progress_and_status(
    chunk: Sequence[AcademySummary], width: float, band: float = BAND
) -> Drawing:
    """Two charts side by side for ``chunk``: returns received %, and statuses as % of roll."""
    f = fonts()
    rows = list(reversed(chunk))  # bar charts draw upwards: put the first academy on top
    names = [_label(a) for a in rows]
    height = len(rows) * band + _TOP + _BOTTOM
    half = width / 2
    drawing = Drawing(width, height)

    progress = _chart(0, half - 12, height, names)
    progress.data = [[_percent(a.returns_received, a.on_roll) for a in rows]]
    progress.bars[0].fillColor = PROGRESS_COLOUR
    progress.bars[0].strokeColor = None
    progress.barLabelFormat = "%.0f%%"
    progress.barLabels.boxAnchor = "w"
    progress.barLabels.dx = 3
    progress.barLabels.fontName = f.regular
    progress.barLabels.fontSize = LABEL_SIZE
    drawing.add(progress)
    drawing.add(_title(0, height - 12, "Returns received (% of learners on roll)"))

    status = _chart(half, half, height, names)
    status.categoryAxis.style = "stacked"
    status.data = [[_percent(a.status(s), a.on_roll) for a in rows] for s in STATUS_ORDER]
    for i, s in enumerate(STATUS_ORDER):
        status.bars[i].fillColor = STATUS_COLOURS[s]
        status.bars[i].strokeColor = colors.white
        status.bars[i].strokeWidth = 0.3
    drawing.add(status)
    drawing.add(_title(half, height - 12, "Status (% of learners on roll)"))
    legend = Legend()
    legend.x, legend.y = half + 8, height - 26
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 92
    legend.dx = legend.dy = 8
    legend.fontName, legend.fontSize = f.regular, LABEL_SIZE
    legend.colorNamePairs = [(STATUS_COLOURS[s], status_words(s)) for s in STATUS_ORDER]
    drawing.add(legend)
    return drawing


def chart_pages(summaries: Sequence[AcademySummary], width: float, height: float) -> list[Flowable]:
    """Chart pages for every academy: as many academies per page as stay readable."""
    most = academies_per_page(height)
    pages = -(-len(summaries) // most)
    per_page = -(-len(summaries) // max(pages, 1))  # balanced: 50 -> 17 + 17 + 16
    chunks = [summaries[i : i + per_page] for i in range(0, len(summaries), per_page)]
    story: list[Flowable] = []
    for n, chunk in enumerate(chunks):
        if n:
            story.append(PageBreak())
        first = n * per_page + 1
        span = f" — academies {first}–{first + len(chunk) - 1} of {len(summaries)}"
        heading = "Returns and status by academy" + (span if len(chunks) > 1 else "")
        story.append(Paragraph(heading, styles().heading))
        room = (height - _HEADING - _TOP - _BOTTOM) / per_page
        story.append(progress_and_status(chunk, width, min(MAX_BAND, room)))
    return story
