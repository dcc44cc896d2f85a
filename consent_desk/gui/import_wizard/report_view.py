"""An import report shown to a person: the counts in words, then the rows that need attention
with their spreadsheet row numbers."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from consent_desk.services.imports import ImportReport
from consent_desk.services.learner_import import LearnerImportReport


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def summary_html(report: ImportReport | LearnerImportReport, kind: str, *, dry_run: bool) -> str:
    will = "will be" if dry_run else "were"
    source = f"{escape(report.file)}" + (f", sheet “{escape(report.sheet)}”" if report.sheet
                                         else "")  # fmt: skip
    if isinstance(report, ImportReport):
        lines = [
            f"<b>{_n(report.rows, 'row')}</b> read from {source}",
            f"<b>{_n(report.imported, 'new return')}</b> {will} added",
            f"{_n(report.duplicates, 'row')} already imported before (not added again)",
            f"<b>{_n(len(report.needs_review), 'row')}</b> "
            f"{'needs' if len(report.needs_review) == 1 else 'need'} a person to decide (no "
            "single learner matches, a cell cannot be read, or the row contradicts itself: "
            "“Needs review” says why; nothing is guessed); the review queue "
            f"{'will hold' if dry_run else 'now holds'} "
            f"<b>{_n(getattr(report, 'review_waiting', 0), 'row')}</b> (a row decided before "
            "is not asked again)",
        ]
        if report.errors:
            lines.append(f"{_n(len(report.errors), 'row')} with errors {will} left out: fix "
                         "them in the spreadsheet and import it again")  # fmt: skip
        if undated := report.undated:
            lines.append(
                f"<b>{_n(undated, 'return')}</b> {'gives' if undated == 1 else 'give'} no date "
                "received: counted as received today, so not able to overrule a "
                "parent's other returns this year (the most restrictive counts) — if the forms "
                "came back on one day, "
                + (
                    "give it below"
                    if dry_run
                    else "undo this import and import the file again, giving that day"
                )
            )
        if report.unanswered_purposes:
            lines.append(
                "<b>No column answers</b> "
                + escape(", ".join(report.unanswered_purposes))
                + ": every return counts it as not answered (restricted)"
            )
        p = report.projected
        if p is not None:
            change = _n(report.projected_changes or 0, "learner")
            lines.append(
                f"<b>After this import</b>: {_n(p['no_images'], 'learner')} NO IMAGES, "
                f"{p['restricted']:,} restricted, {p['no_restriction']:,} with no restriction, "
                f"{p['not_returned']:,} with no return yet ({change} change)"
            )
    else:
        lines = [
            f"<b>{_n(report.rows, 'row')}</b> read from {source}",
            f"<b>{_n(report.added, 'new learner')}</b> {will} added",
            f"{_n(report.updated, 'learner')} {will} updated (names or groups changed)",
            f"{_n(report.unchanged, 'learner')} unchanged",
        ]
        if report.rejoined:
            lines.append(f"{_n(report.rejoined, 'learner')} back on roll")
        if report.missing:
            left = f"{will} marked as left" if report.marked_left else "they stay on roll"
            lines.append(f"{_n(report.missing, 'learner')} on roll but not in this file: {left}")
        lines.append(f"{_n(len(report.errors), 'row')} with errors {will} left out")
    if report.warnings:
        lines.append(_n(len(report.warnings), "warning"))
    return "<br>".join(lines)


class ReportView(QWidget):
    """Counts in words, then tabs of rows: review, errors, warnings (and learner changes)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Import summary")
        self.tabs = QTabWidget()
        self.filler = QWidget()  # keeps the summary at the top when there are no tables
        self.filler.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.summary)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.filler, 1)

    def show_report(
        self, report: ImportReport | LearnerImportReport, kind: str, *, dry_run: bool
    ) -> None:
        self.summary.setText(summary_html(report, kind, dry_run=dry_run))
        self.tabs.clear()
        if isinstance(report, ImportReport):
            read = [(c["header"], v["value"] or "(blank)", f"{v['rows']:,}", v["reads_as"])
                    for c in report.columns for v in c["values"]]  # fmt: skip
            if read:
                self._add("How the answers were read", ("Column", "Value", "Rows", "Read as"),
                          read, first_width=260)  # fmt: skip
                table = self.tabs.widget(self.tabs.count() - 1)
                assert isinstance(table, QTableWidget)
                table.setColumnWidth(2, 60)
                # what each value is read as is the point of the page: shown whole, wrapped
                # (a few hundred rows at most: a column's distinct values)
                table.setWordWrap(True)
                table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        if isinstance(report, ImportReport) and report.needs_review:
            self._add(
                "Needs review",
                ("Row", "Why"),
                [(r["row"], r["reason"]) for r in report.needs_review],
            )
        if isinstance(report, ImportReport) and report.projected_changed_learners:
            shown = report.projected_changed_learners
            title = ("Who changes" if len(shown) == report.projected_changes
                     else f"Who changes (first {len(shown)})")  # fmt: skip
            self._add(title, ("Learner", "Group", "Now", "After the import"),
                      [(c["name"], c["group"], c["before"], c["after"]) for c in shown],
                      first_width=200)  # fmt: skip
        if report.errors:
            self._add(
                "Errors",
                ("Row", "Column", "Problem"),
                [(e["row"], e.get("column") or "", e["message"]) for e in report.errors],
            )
        if report.warnings:
            self._add(
                "Warnings",
                ("Row", "Warning"),
                [(x.get("row", ""), x.get("message", "")) for x in report.warnings],
            )
        if isinstance(report, LearnerImportReport) and report.changes:
            more = report.added + report.updated + report.rejoined > len(report.changes)
            self._add(
                "First changes" if more else "Changes",
                ("Row", "Change", "Detail"),
                [(c["row"], c["change"], c["detail"]) for c in report.changes],
            )
        if report.unknown_columns:
            self._add("Ignored columns", ("Column",), [(c,) for c in report.unknown_columns])
        self.tabs.setVisible(self.tabs.count() > 0)
        self.filler.setVisible(self.tabs.count() == 0)

    def _add(
        self,
        title: str,
        headers: tuple[str, ...],
        rows: list[tuple[Any, ...]],
        first_width: int = 60,
    ) -> None:
        t = QTableWidget(len(rows), len(headers))
        t.setHorizontalHeaderLabels(headers)
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.verticalHeader().setVisible(False)
        t.setAccessibleName(title)
        t.setWordWrap(False)
        for r, values in enumerate(rows):
            for c, v in enumerate(values):
                item = QTableWidgetItem(str(v))
                item.setToolTip(str(v))
                t.setItem(r, c, item)
        t.horizontalHeader().setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
        if len(headers) > 1:
            t.setColumnWidth(0, first_width)
        if len(headers) > 2:
            t.setColumnWidth(1, 160)
        self.tabs.addTab(t, f"{title} ({len(rows):,})")
