"""The dashboard: returns received by registration group (or by academy for the whole trust),
the status breakdown and refusals per use, and what is still outstanding.

The counting is the COO summary's (:func:`consent_desk.outputs.summary.summarise_academy`), so
the screen and the printed summary never disagree.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from consent_desk.gui.bar_chart import Bar, BarChart
from consent_desk.gui.errors import show_error
from consent_desk.gui.layouts import clear_layout
from consent_desk.gui.learner_model import STATUS_ORDER, natural_key, year_key
from consent_desk.gui.plain_text import plain_label
from consent_desk.gui.tasks import run_task
from consent_desk.gui.theme import status_colours, status_text

if TYPE_CHECKING:
    from consent_desk.gui.main_window import MainWindow

ACADEMY, TRUST = "academy", "trust"


@dataclass(frozen=True)
class DashboardData:
    scope: str
    title: str
    total: Any  # AcademySummary
    parts: list[Any]  # AcademySummary per registration group, or per academy


def dashboard_data(
    db: Any, scope: str, academy: str, year: str, labels: dict[str, str]
) -> DashboardData:
    from consent_desk.domain.listing import AcademyInfo
    from consent_desk.outputs.summary import summarise_academy, total
    from consent_desk.services.consent import learner_statuses
    from consent_desk.services.trust import get_settings, list_academies

    treat = get_settings(db).treat_non_returns_as_restricted
    purposes = list(labels)

    def summary(info: Any, rows: Any) -> Any:
        return summarise_academy(info, rows, purposes, treat_non_returns_as_restricted=treat)

    if scope == TRUST:
        academies = list_academies(db)
        parts = [summary(a, learner_statuses(db, a.code, year)) for a in academies]
        return DashboardData(scope, "All academies", total(parts, purposes), parts)
    info = next(a for a in list_academies(db) if a.code == academy)
    rows = learner_statuses(db, academy, year)
    groups: dict[str, list[Any]] = defaultdict(list)
    for r in rows:
        groups[r.reg_group or "(no group)"].append(r)
    # Reception's groups first, then Year 1's…: the order the office thinks in
    order = sorted(groups, key=lambda g: (year_key(groups[g][0].year_group), natural_key(g)))
    parts = [summary(AcademyInfo(0, name, name), groups[name]) for name in order]
    return DashboardData(scope, info.name, summary(info, rows), parts)


class Dashboard(QWidget):
    loaded = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.w = window
        self._generation = 0
        self.data: DashboardData | None = None
        self.scope = QComboBox()
        self.scope.addItem("This academy, by registration group", ACADEMY)
        self.scope.addItem("Whole trust, by academy", TRUST)
        self.scope.setAccessibleName("Dashboard scope")
        self.scope.currentIndexChanged.connect(lambda _: self.reload())
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.headline.setTextFormat(Qt.TextFormat.RichText)
        self.headline.setAccessibleName("Returns received")

        self.progress_box = QGroupBox("Returns received")
        self.progress_grid = QGridLayout()
        self.progress_grid.setColumnStretch(1, 1)
        inner = QWidget()
        inner.setLayout(self.progress_grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        QVBoxLayout(self.progress_box).addWidget(scroll)

        self.status_chart = BarChart("Status breakdown")
        self.refusal_chart = BarChart("Refusals by use")
        status_box = QGroupBox("Status of learners on roll")
        QVBoxLayout(status_box).addWidget(self.status_chart)
        refusal_box = QGroupBox("Refusals by use (learners)")
        QVBoxLayout(refusal_box).addWidget(self.refusal_chart)
        right = QVBoxLayout()
        right.addWidget(status_box)
        right.addWidget(refusal_box)
        right.addStretch(1)

        top = QHBoxLayout()
        top.addWidget(self.headline, 1)
        top.addWidget(self.scope, 0, Qt.AlignmentFlag.AlignTop)
        body = QHBoxLayout()
        body.addWidget(self.progress_box, 3)
        body.addLayout(right, 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 0)
        lay.addLayout(top)
        lay.addLayout(body, 1)

    def reload(self) -> None:
        db, code, year = self.w.db, self.w.academy, self.w.year
        if db is None or not code or not year:
            return
        self._generation += 1
        generation, scope, labels = (
            self._generation,
            self.scope.currentData(),
            dict(self.w.purpose_labels),
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
            f"<span style='font-size:large'><b>{escape(data.title)}</b>, {self.w.year}</span><br>"
            f"Returns received from <b>{t.returns_received:,}</b> of {t.on_roll:,} learners on "
            f"roll{pct} · <b>{t.outstanding:,} outstanding</b> · {t.on_list:,} on the "
            "restriction list"
        )
        self.progress_box.setTitle(
            "Returns received by registration group"
            if data.scope == ACADEMY
            else "Returns received by academy"
        )
        self._fill_progress(data.parts)
        colours = status_colours(self.palette())
        self.status_chart.set_bars(
            [Bar(status_text(s), t.status(s), colours[s][0], colours[s][1]) for s in STATUS_ORDER],
            total=t.on_roll,
        )
        labels = self.w.purpose_labels
        self.refusal_chart.set_bars(
            [Bar(labels.get(k, k), t.refusals.get(k, 0)) for k in labels], total=t.on_roll
        )
        self.loaded.emit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.data is not None:
            self._show(self._generation, self.data)  # status colours for light or dark

    def _fill_progress(self, parts: list[Any]) -> None:
        grid = self.progress_grid
        clear_layout(grid)
        if not parts:
            grid.addWidget(QLabel("No learners on roll."), 0, 0)
        for row, part in enumerate(parts):
            name = plain_label(
                part.name
                if self.data and self.data.scope == ACADEMY
                else f"{part.name} ({part.code})"
            )
            bar = QProgressBar()
            bar.setRange(0, max(part.on_roll, 1))
            bar.setValue(part.returns_received)
            bar.setFormat("%p%")
            bar.setAccessibleName(
                f"{part.name}: {part.returns_received} of {part.on_roll} returned"
            )
            bar.setToolTip(
                f"{part.returns_received} of {part.on_roll} returned, "
                f"{part.outstanding} outstanding"
            )
            counts = QLabel(
                f"{part.returns_received} of {part.on_roll}"
                + (f" · {part.outstanding} to chase" if part.outstanding else " ✔")
            )
            grid.addWidget(name, row, 0)
            grid.addWidget(bar, row, 1)
            grid.addWidget(counts, row, 2)
        grid.setRowStretch(len(parts) + 1, 1)
