""" "Which learners": the whole academy, a year group, a registration group or the learners
selected in the table — shared by the restricted-learner sheet and the consent forms."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from consent_desk.domain.groups import year_group_text
from consent_desk.domain.sheets import SheetScope
from consent_desk.gui.learners_tab import LearnersTab


class ScopeBox(QGroupBox):
    changed = Signal()

    def __init__(
        self, learners: LearnersTab, *, whole: str, named_pick: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__("Which learners", parent)
        prepared = learners.model.prepared
        chosen = learners.selected_ids()
        flt = learners.model.filter
        self.chosen = tuple(chosen)
        # one learner chosen in the table: the sheet is their group's, or just theirs
        row = learners.model.row_of(chosen[0]) if len(chosen) == 1 else None
        only = learners.model.row_at(row) if row is not None else None
        self.only_name = only.display_name if only is not None else ""
        self.whole = QRadioButton(whole)
        self.by_year = QRadioButton("&Year group:")
        self.by_group = QRadioButton("&Registration group:")
        suffix = ", as a group called:" if named_pick else ""
        if len(chosen) > 1:
            picked = f"The {len(chosen)} learners &selected in the table{suffix}"
        elif only is not None:
            titled = ", under the title:" if named_pick else ""
            picked = f"Only {only.display_name}, &selected in the table{titled}"
        else:
            picked = f"The learners &selected in the table{suffix}"
        self.by_pick = QRadioButton(picked)
        self.year_box = QComboBox()
        self.year_box.setAccessibleName("Year group")
        for y in prepared.year_groups:
            self.year_box.addItem(year_group_text(y), y)
        self.group_box = QComboBox()
        self.group_box.setAccessibleName("Registration group")
        for g in prepared.reg_groups:
            self.group_box.addItem(g, g)
        self.pick_name = QLineEdit()
        self.pick_name.setPlaceholderText("e.g. Museum trip, 14 March")
        self.pick_name.setAccessibleName("Name of the chosen group")
        self.pick_name.setVisible(named_pick)
        group = QButtonGroup(self)
        for b in (self.whole, self.by_year, self.by_group, self.by_pick):
            group.addButton(b)
        group.buttonToggled.connect(lambda _b, on: self.changed.emit() if on else None)
        self.by_pick.setEnabled(bool(chosen))
        self.pick_name.setEnabled(bool(chosen))
        if only is not None:
            self.pick_name.setPlaceholderText(only.display_name)
        if not chosen:
            tip = "Select learners in the table first (Ctrl+click or Shift+click for several)"
            self.by_pick.setToolTip(tip)
            self.pick_name.setToolTip(tip)
        self.year_box.activated.connect(lambda _: self.by_year.setChecked(True))
        self.group_box.activated.connect(lambda _: self.by_group.setChecked(True))
        self.year_box.currentIndexChanged.connect(lambda _: self.changed.emit())
        self.group_box.currentIndexChanged.connect(lambda _: self.changed.emit())
        self.pick_name.textEdited.connect(lambda _: self.by_pick.setChecked(True))
        if only is not None:  # the group boxes follow the learner selected
            self.year_box.setCurrentIndex(max(0, self.year_box.findData(only.year_group)))
            self.group_box.setCurrentIndex(max(0, self.group_box.findData(only.reg_group)))
        if len(chosen) > 1:
            self.by_pick.setChecked(True)
        elif only is not None and only.reg_group:
            self.by_group.setChecked(True)
        elif only is not None and only.year_group:
            self.by_year.setChecked(True)
        elif flt.reg_group:
            self.by_group.setChecked(True)
            self.group_box.setCurrentIndex(max(0, self.group_box.findData(flt.reg_group)))
        elif flt.year_group:
            self.by_year.setChecked(True)
            self.year_box.setCurrentIndex(max(0, self.year_box.findData(flt.year_group)))
        else:
            self.whole.setChecked(True)
        grid = QGridLayout(self)
        grid.addWidget(self.whole, 0, 0, 1, 2)
        grid.addWidget(self.by_year, 1, 0)
        grid.addWidget(self.year_box, 1, 1)
        grid.addWidget(self.by_group, 2, 0)
        grid.addWidget(self.group_box, 2, 1)
        grid.addWidget(self.by_pick, 3, 0, 1, 2)
        grid.addWidget(self.pick_name, 4, 0, 1, 2)
        grid.setColumnStretch(1, 1)

    def preset(self, scope: SheetScope) -> None:
        """Choose ``scope`` (a sheet to print again)."""
        if scope.kind == "year_group":
            i = self.year_box.findData(scope.value)
            if i >= 0:
                self.year_box.setCurrentIndex(i)
                self.by_year.setChecked(True)
        elif scope.kind == "reg_group":
            i = self.group_box.findData(scope.value)
            if i >= 0:
                self.group_box.setCurrentIndex(i)
                self.by_group.setChecked(True)
        elif scope.kind == "learners":
            self.chosen = tuple(scope.learner_ids)
            self.by_pick.setText(
                f"The {len(self.chosen)} learners of the earlier sheet, as a group called:"
            )
            self.by_pick.setEnabled(True)
            self.pick_name.setEnabled(True)
            self.pick_name.setText(scope.title)
            self.by_pick.setChecked(True)
        else:
            self.whole.setChecked(True)

    def scope(self, *, restricted_only: bool = True, page_per_group: bool = False) -> SheetScope:
        only, paged = restricted_only, page_per_group
        if self.by_year.isChecked() and self.year_box.currentData():
            return SheetScope(
                "year_group",
                self.year_box.currentData(),
                restricted_only=only,
                page_per_group=paged,
            )
        if self.by_group.isChecked() and self.group_box.currentData():
            return SheetScope(
                "reg_group",
                self.group_box.currentData(),
                restricted_only=only,
                page_per_group=paged,
            )
        if self.by_pick.isChecked() and self.chosen:
            return SheetScope(
                "learners",
                learner_ids=self.chosen,
                title=self.pick_name.text().strip() or self.only_name or "Chosen learners",
                restricted_only=only,
                page_per_group=paged,
            )
        return SheetScope("academy", restricted_only=only, page_per_group=paged)
