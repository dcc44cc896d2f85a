"""The main window: academy and year, the learners with their status."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from consent_desk import APP_NAME
from consent_desk.db.engine import Database
from consent_desk.domain.rules import Status
from consent_desk.domain.years import AcademicYear
from consent_desk.gui.learner_model import LearnerTableModel
from consent_desk.services.consent import learner_statuses
from consent_desk.services.trust import get_settings, list_academies, years_in_use


class MainWindow(QMainWindow):
    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db
        self.settings = QSettings()
        trust = get_settings(db)
        self.setWindowTitle(f"{APP_NAME} — {trust.name}")

        self.academy_box = QComboBox()
        self.academy_box.setAccessibleName("Academy")
        self.year_box = QComboBox()
        self.year_box.setAccessibleName("Academic year")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search by name, UPN or group…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search learners")
        self.status_box = QComboBox()
        self.status_box.setAccessibleName("Status filter")
        self.status_box.addItem("All statuses", None)
        for s in Status:
            self.status_box.addItem(s.label, s)

        self.model = LearnerTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)

        bar = QHBoxLayout()
        for label, w in (("&Academy", self.academy_box), ("&Year", self.year_box)):
            lab = QLabel(label)
            lab.setBuddy(w)
            bar.addWidget(lab)
            bar.addWidget(w)
        bar.addSpacing(12)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.status_box)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(bar)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        self.setCentralWidget(central)

        self._fill_selectors()
        self.academy_box.currentIndexChanged.connect(self.reload)
        self.year_box.currentIndexChanged.connect(self.reload)
        self.search.textChanged.connect(self._filter)
        self.status_box.currentIndexChanged.connect(self._filter)
        self.reload()
        geometry = self.settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1100, 700)

    def _fill_selectors(self) -> None:
        for a in list_academies(self.db):
            self.academy_box.addItem(f"{a.name} ({a.code})", a.code)
        current = AcademicYear.current().label
        years = sorted(set(years_in_use(self.db)) | {current}, reverse=True)
        for y in years:
            self.year_box.addItem(y, y)
        self.year_box.setCurrentIndex(years.index(current))
        saved = self.settings.value("main/academy")
        if saved:
            i = self.academy_box.findData(saved)
            if i >= 0:
                self.academy_box.setCurrentIndex(i)

    def reload(self) -> None:
        code = self.academy_box.currentData()
        year = self.year_box.currentData()
        if not code:
            self.model.set_rows([])
            self.empty.setText("No academies yet. Add one with “consent-desk academy add”.")
            self.empty.show()
            self.table.hide()
            return
        self.settings.setValue("main/academy", code)
        rows = learner_statuses(self.db, code, year)
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)
        self.empty.setText("No learners in this academy yet: import the learner list from the MIS.")
        self.table.setVisible(bool(rows))
        self._filter()

    def _filter(self) -> None:
        self.model.set_filter(self.search.text(), self.status_box.currentData())
        shown = self.model.rowCount()
        self.statusBar().showMessage(f"{shown} learner{'s' if shown != 1 else ''} shown")

    def closeEvent(self, event) -> None:
        self.settings.setValue("main/geometry", self.saveGeometry())
        super().closeEvent(event)
