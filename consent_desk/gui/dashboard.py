"""The dashboard: per academy (for the COO) or per registration group (for an academy), the
learners on roll, returns received, each status and the refusals per use, in one table with a
totals row; the status breakdown and refusals as charts; and returns received week by week.

:func:`~consent_desk.domain.summary.summarise_academy` and
:func:`~consent_desk.domain.summary.returns_by_week` do the counting for the COO summary too, so
the screen and the printed summary never disagree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from consent_desk.domain.groups import ordered_groups
from consent_desk.gui.bar_chart import Bar, BarChart, Column, ColumnChart
from consent_desk.gui.context import Changes, WindowContext
from consent_desk.gui.dashboard_table import SummaryTable
from consent_desk.gui.errors import show_error
from consent_desk.gui.learner_model import STATUS_ORDER
from consent_desk.gui.roles import actor
from consent_desk.gui.tasks import run_task
from consent_desk.gui.theme import status_colours, status_text

if TYPE_CHECKING:
    from consent_desk.db.engine import Database
    from consent_desk.domain.listing import LearnerStatusRow
    from consent_desk.domain.summary import AcademySummary, WeekCount

ACADEMY, TRUST = "academy", "trust"
TALL = 700  # from this height the two bar charts stand one above the other


@dataclass(frozen=True)
class DashboardData:
    scope: str
    title: str
    total: AcademySummary
    parts: list[AcademySummary]  # per registration group, or per academy
    weeks: list[WeekCount]  # learners whose first return came that week


def dashboard_data(
    db: Database,
    scope: str,
    academy: str,
    year: str,
    labels: dict[str, str],
    today: date | None = None,
) -> DashboardData:
    from consent_desk.domain.listing import AcademyInfo
    from consent_desk.domain.summary import returns_by_week, summarise_academy, total
    from consent_desk.services.consent import learner_statuses
    from consent_desk.services.trust import get_settings, list_academies

    treat = get_settings(db).treat_non_returns_as_restricted
    purposes = list(labels)
    today = today or date.today()

    def summary(info: AcademyInfo, rows: Sequence[LearnerStatusRow]) -> AcademySummary:
        return summarise_academy(info, rows, purposes, treat_non_returns_as_restricted=treat)

    if scope == TRUST:
        academies = list_academies(db)
        every = [(a, learner_statuses(db, a.code, year)) for a in academies]
        parts = [summary(a, rows) for a, rows in every]
        weeks = returns_by_week([r for _, rows in every for r in rows], year, today)
        title = "All academies" if len(academies) != 1 else academies[0].name
        return DashboardData(scope, title, total(parts, purposes), parts, weeks)
    info = next(a for a in list_academies(db) if a.code == academy)
    rows = learner_statuses(db, academy, year)
    groups: dict[str, list[LearnerStatusRow]] = defaultdict(list)
    for r in rows:
        groups[r.reg_group or ""].append(r)
    # Reception's groups first, then Year 1's…, no group last: the order on paper too
    order = ordered_groups({g: members[0].year_group for g, members in groups.items()})
    parts = [summary(AcademyInfo(0, "", g or "(no group)"), groups[g]) for g in order]
    weeks = returns_by_week(rows, year, today)
    return DashboardData(scope, info.name, summary(info, rows), parts, weeks)


def week_columns(weeks: list[WeekCount]) -> list[Column]:
    """A column per week; the month is written under the first week that starts in it."""
    out = []
    for i, w in enumerate(weeks):
        new_month = i == 0 or w.starts.month != weeks[i - 1].starts.month
        out.append(Column(w.label, w.returned, f"{w.starts:%b}" if new_month else ""))
    return out


class Dashboard(QWidget):
    loaded = Signal()

    def __init__(self, ctx: WindowContext) -> None:
        super().__init__()
        self.ctx = ctx
        ctx.scope_changed.connect(self._refresh_if_shown)
        ctx.data_changed.connect(self._data_changed)
        self._generation = 0
        self.data: DashboardData | None = None
        self.scope = QComboBox()
        self.scope.setAccessibleName("Dashboard scope")
        self.scope.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.scope.currentIndexChanged.connect(lambda _: self.reload())
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.headline.setTextFormat(Qt.TextFormat.RichText)
        self.headline.setAccessibleName("Returns received")

        self.table = SummaryTable()
        self.table.setAccessibleName("Statuses and refusals")

        self.status_chart = BarChart("Status breakdown")
        self.refusal_chart = BarChart("Refusals by use")
        self.week_chart = ColumnChart("Returns received week by week", "learners")
        self.week_note = QLabel()
        self.week_note.setWordWrap(True)
        self.week_note.setAccessibleName("Returns received lately")
        self.status_box = QGroupBox("Status of learners on roll")
        QVBoxLayout(self.status_box).addWidget(self.status_chart)
        self.refusal_box = QGroupBox("Refusals by use (learners)")
        QVBoxLayout(self.refusal_box).addWidget(self.refusal_chart)
        self.week_box = QGroupBox("Returns received, week by week")
        week_layout = QVBoxLayout(self.week_box)
        week_layout.addWidget(self.week_chart, 1)
        week_layout.addWidget(self.week_note)
        self.charts = QGridLayout()
        self._tall: bool | None = None
        self._arrange(False)

        top = QHBoxLayout()
        top.addWidget(self.headline, 1)
        top.addWidget(self.scope, 0, Qt.AlignmentFlag.AlignTop)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 0)
        lay.addLayout(top)
        lay.addWidget(self.table)
        lay.addLayout(self.charts, 1)

    def _arrange(self, tall: bool) -> None:
        """Short window: the three charts side by side. Tall: the bar charts one above the
        other beside the weeks, so neither leaves half the panel empty."""
        if tall == self._tall:
            return
        self._tall = tall
        for box in (self.status_box, self.refusal_box, self.week_box):
            self.charts.removeWidget(box)
        for c in range(3):
            self.charts.setColumnStretch(c, 0)
        for r in range(2):
            self.charts.setRowStretch(r, 0)
        if tall:  # each bar chart as tall as its number of bars asks
            self.charts.setRowStretch(0, len(STATUS_ORDER))
            self.charts.setRowStretch(1, max(1, len(self.ctx.purpose_labels)))
            self.charts.addWidget(self.status_box, 0, 0)
            self.charts.addWidget(self.refusal_box, 1, 0)
            self.charts.addWidget(self.week_box, 0, 1, 2, 1)
            self.charts.setColumnStretch(0, 2)
            self.charts.setColumnStretch(1, 3)
        else:
            self.charts.addWidget(self.status_box, 0, 0)
            self.charts.addWidget(self.refusal_box, 0, 1)
            self.charts.addWidget(self.week_box, 0, 2)
            self.charts.setColumnStretch(2, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(event.size().height() >= TALL)
        super().resizeEvent(event)

    def _offer_scopes(self) -> None:
        """The COO starts on the whole trust, by academy; anyone else (and a desk without
        accounts) on the academy chosen, by registration group; "by academy" is offered to
        whoever sees several academies."""
        who = actor()
        every_academy = who is None or who.academy_ids is None
        several = len(self.ctx.academies) > 1
        offers = [(ACADEMY, "This academy, by registration group")]
        if several:
            offers.append(
                (TRUST, "Whole trust, by academy" if every_academy else "My academies, by academy")
            )
        if [self.scope.itemData(i) for i in range(self.scope.count())] == [k for k, _ in offers]:
            return
        self.scope.blockSignals(True)
        self.scope.clear()
        for key, text in offers:
            self.scope.addItem(text, key)
        coo = who is not None and who.academy_ids is None
        self.scope.setCurrentIndex(1 if coo and several else 0)
        self.scope.blockSignals(False)

    def _data_changed(self, changes: Changes) -> None:
        if changes.any("learners", "returns", "review"):
            self._refresh_if_shown()

    def _refresh_if_shown(self) -> None:
        """Read again now if the tab is showing; else when it is next shown."""
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        db, code, year = self.ctx.db, self.ctx.academy, self.ctx.year
        if db is None or not code or not year:
            return
        self._offer_scopes()
        self._generation += 1
        generation, scope, labels = (
            self._generation,
            self.scope.currentData(),
            dict(self.ctx.purpose_labels),
        )
        self.headline.setText("Counting…")
        run_task(
            lambda _: dashboard_data(db, scope, code, year, labels),
            lambda data: self._show(generation, data),
            lambda exc: show_error(self, exc),
            receiver=self,
        )

    def _show(self, generation: int, data: DashboardData) -> None:
        if generation != self._generation:
            return
        self.data = data
        t = data.total
        pct = f" ({round(100 * t.received_fraction)}%)" if t.received_fraction is not None else ""
        self.headline.setText(
            f"<span style='font-size:large'><b>{escape(data.title)}</b>, {self.ctx.year}</span><br>"
            f"Returns received from <b>{t.returns_received:,}</b> of {t.on_roll:,} learners on "
            f"roll{pct} · <b>{t.outstanding:,} outstanding</b> · {t.on_list:,} on the "
            "restriction list"
        )
        colours = status_colours(self.palette())
        labels = dict(self.ctx.purpose_labels)
        by = "Academy" if data.scope == TRUST else "Registration group"
        self.table.model_.set_summaries(data.parts, t, labels, by, colours)
        self.status_chart.set_bars(
            [Bar(status_text(s), t.status(s), colours[s][0], colours[s][1]) for s in STATUS_ORDER],
            total=t.on_roll,
        )
        self.refusal_chart.set_bars(
            [Bar(labels.get(k, k), t.refusals.get(k, 0)) for k in labels], total=t.on_roll
        )
        self.week_chart.set_columns(week_columns(data.weeks))
        self.week_note.setText(self._week_note(data.weeks))
        self.loaded.emit()

    @staticmethod
    def _week_note(weeks: list[Any], today: date | None = None) -> str:
        """The busiest week, and this week's count while the year is under way."""
        if not weeks:
            return ""
        today = today or date.today()
        busiest = max(weeks, key=lambda w: w.returned)
        parts = []
        if 0 <= (today - weeks[-1].starts).days < 7:
            parts.append(f"This week: {weeks[-1].returned:,}")
        if busiest.returned:
            parts.append(f"busiest: {busiest.label}, {busiest.returned:,}")
        parts.append("each learner counted in the week of their first return")
        text = " · ".join(parts)
        return text[0].upper() + text[1:]

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.data is not None:
            self._show(self._generation, self.data)  # status colours for light or dark
