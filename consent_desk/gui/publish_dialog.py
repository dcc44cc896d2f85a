""" "Can I use this photo?": pick the learners in a photo or video (type names and press Enter,
add a group, or scan form codes), choose where it will be used, see each learner's verdict and
the whole check in one line; then record it as published. No image is ever asked for or kept."""

from __future__ import annotations

from contextlib import suppress
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QSettings, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from consent_desk.domain.publishing import Verdict
from consent_desk.domain.rules import Status
from consent_desk.gui.learner_picker import LearnerPicker
from consent_desk.gui.tasks import run_task
from consent_desk.gui.theme import status_colours

if TYPE_CHECKING:
    from consent_desk.db.engine import Database
    from consent_desk.gui.learner_model import PreparedRows

# Verdicts wear the colours of the statuses they resemble.
_LOOKS_LIKE = {
    Verdict.OK: Status.NO_RESTRICTION,
    Verdict.CHECK_LIMITATION: Status.RESTRICTED,
    Verdict.NOT_OK: Status.NO_IMAGES,
}
_MARK = {Verdict.OK: "✔", Verdict.CHECK_LIMITATION: "⚠", Verdict.NOT_OK: "✖"}
_SUMMARY_STYLE = {
    Verdict.OK: "background: #badbcc; color: #0a3622;",
    Verdict.CHECK_LIMITATION: "background: #ffe69c; color: #523e02;",
    Verdict.NOT_OK: "background: #f5c2c7; color: #58151c;",
}
COLUMNS = ("Learner", "Group", "Verdict", "Why")
REFUSED = "It cannot be recorded"
NOT_RECORDED = "Not recorded"


class PublishCheckDialog(QDialog):
    """Check a photo's learners for a purpose and record it as a publication."""

    checked = Signal()  # the verdicts shown are those of the learners and purpose chosen
    recorded = Signal(int)  # the new publication's id

    def __init__(
        self,
        db: Database,
        academy_code: str,
        academy_name: str,
        year: str,
        prepared: PreparedRows,
        purpose_labels: dict[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.academy_code, self.year = db, academy_code, year
        self.prepared = prepared
        self.ids: list[int] = []
        self.result: Any = None  # the CheckResult shown
        self._generation = 0
        self._counted = True  # nothing to count yet
        self.setWindowTitle(f"Can I use this photo? — {academy_name}, {year}")

        intro = QLabel(
            "Add everyone who can be seen in the photo or video: type part of a "
            "name and press <b>Enter</b>, scan their form codes, or add a whole "
            "group. Consent Desk never asks for the image."
        )
        intro.setWordWrap(True)
        self.purpose = QComboBox()
        self.purpose.setAccessibleName("Where it will be used")
        for key, label in purpose_labels.items():
            self.purpose.addItem(label, key)
        saved = QSettings().value("publish/purpose")
        i = self.purpose.findData(saved) if saved else -1
        self.purpose.setCurrentIndex(max(i, self.purpose.findData("website"), 0))
        self.group = QComboBox()
        self.group.setAccessibleName("Group")
        groups = sorted({r.reg_group for r in prepared.rows if r.reg_group}, key=str.casefold)
        self.group.addItems(groups)
        self.add_group = QPushButton("Add the &group")
        self.add_group.setToolTip("Add every learner on roll in this registration group")
        self.add_group.setEnabled(bool(groups))
        self.picker = LearnerPicker(codes=True)
        self.picker.set_prepared(prepared)
        self.picker.list.setMinimumHeight(self.fontMetrics().height() * 5)
        self.picker.list.setMaximumHeight(self.fontMetrics().height() * 6)

        top = QFormLayout()
        use_label = QLabel("&Used for:")
        use_label.setBuddy(self.purpose)
        group_row = QHBoxLayout()
        group_row.addWidget(self.group, 1)
        group_row.addWidget(self.add_group)
        group_label = QLabel("Or a &whole group:")
        group_label.setBuddy(self.group)
        find_label = QLabel("&Find a learner:")
        find_label.setBuddy(self.picker.edit)
        top.addRow(use_label, self.purpose)
        top.addRow(find_label, self.picker)
        top.addRow(group_label, group_row)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("Learners in the photo")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setWordWrap(True)
        head = self.table.horizontalHeader()
        for col in range(3):
            head.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.remove = QPushButton("&Remove")
        self.remove.setToolTip("Take the chosen learner out of the check (Delete)")
        self.remove.clicked.connect(self._remove_current)
        QShortcut(
            QKeySequence(QKeySequence.StandardKey.Delete),
            self.table,
            self._remove_current,
            context=Qt.ShortcutContext.WidgetShortcut,
        )
        self.summary = QLabel("Add the learners who appear in the photo.")
        self.summary.setAccessibleName("Verdict for the whole photo")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setStyleSheet("padding: 8px; font-weight: bold; border-radius: 4px;")
        photo = QGroupBox("In the photo")
        photo_lay = QVBoxLayout(photo)
        photo_lay.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(self.remove, 0, Qt.AlignmentFlag.AlignTop)
        photo_lay.addLayout(row)

        self.title = QLineEdit()
        self.title.setPlaceholderText("e.g. Sports day relay")
        self.title.setAccessibleName("Title")
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.date.setAccessibleName("Published on")
        self.where = QLineEdit()
        self.where.setPlaceholderText("a page address, or e.g. spring newsletter")
        self.where.setAccessibleName("Where")
        self.record = QPushButton("Record as &published")
        self.record.setToolTip("Add it to the academy's register of publications (Ctrl+Enter)")
        self.record.setEnabled(False)
        self.record.clicked.connect(self._record)
        QShortcut(QKeySequence("Ctrl+Return"), self, self._record_if_enabled)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(self.fontMetrics().height() * 2 + 4)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAccessibleName("What happened")
        register = QGroupBox("Record it as published")
        form = QFormLayout()
        title_label = QLabel("&Title:")
        title_label.setBuddy(self.title)
        where_label = QLabel("W&here:")
        where_label.setBuddy(self.where)
        date_label = QLabel("&Date:")
        date_label.setBuddy(self.date)
        form.addRow(title_label, self.title)
        dw = QHBoxLayout()
        dw.addWidget(self.date)
        dw.addSpacing(12)
        dw.addWidget(where_label)
        dw.addWidget(self.where, 1)
        form.addRow(date_label, dw)
        rec = QHBoxLayout()
        rec.addWidget(self.message, 1)
        rec.addWidget(self.record, 0, Qt.AlignmentFlag.AlignTop)
        box = QVBoxLayout(register)
        box.addLayout(form)
        box.addLayout(rec)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(top)
        lay.addWidget(photo, 1)
        lay.addWidget(register)
        lay.addWidget(buttons)
        self.resize(840, 760)

        self.picker.picked.connect(self.add_learner)
        self.picker.code_entered.connect(self._code)
        self.add_group.clicked.connect(self._add_group)
        self.purpose.currentIndexChanged.connect(self._purpose_changed)
        self.title.textChanged.connect(lambda _t: self._enable_record())
        self.picker.edit.setFocus()

    # choosing learners --------------------------------------------------------------------
    def add_learner(self, learner_id: int) -> None:
        if learner_id not in self.ids:
            self.ids.append(learner_id)
            self._recheck()
        self.picker.reset()
        self.picker.edit.setFocus()

    def _add_group(self) -> None:
        group = self.group.currentText().casefold()
        added = [
            r.learner_id
            for r in self.prepared.rows
            if (r.reg_group or "").casefold() == group and r.learner_id not in self.ids
        ]
        self.ids.extend(added)
        self._recheck()
        self.picker.edit.setFocus()

    def _code(self, code: str) -> None:
        from consent_desk.gui.errors import describe_error
        from consent_desk.services.form_codes import resolve_code

        try:
            lid = resolve_code(self.db, code, self.academy_code, self.year)
        except Exception as exc:  # a mistyped or foreign code: said under the box, not a popup
            self.picker.set_message(describe_error(exc), problem=True)
            self.picker.edit.selectAll()
            return
        self.add_learner(lid)

    def _remove_current(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.ids):
            del self.ids[row]
            self._recheck()

    def _purpose_changed(self, _i: int) -> None:
        QSettings().setValue("publish/purpose", self.purpose.currentData())
        self._recheck()

    # the verdicts -------------------------------------------------------------------------
    def _recheck(self) -> None:
        self._generation += 1
        generation = self._generation
        self.record.setEnabled(False)
        if not self.ids:
            self._show(None)
            return
        db, code, year, purpose, ids = (
            self.db,
            self.academy_code,
            self.year,
            self.purpose.currentData(),
            list(self.ids),
        )

        def work(_: Any) -> Any:
            from consent_desk.services.publications import check

            return check(db, code, year, purpose, ids, count=False)

        def done(result: Any) -> None:
            if generation == self._generation:
                self._show(result)

        def failed(exc: BaseException) -> None:
            from consent_desk.gui.errors import describe_error

            if generation == self._generation:
                self.summary.setText(f"Cannot check: {describe_error(exc)}")
                self.checked.emit()

        run_task(work, done, failed, receiver=self)

    def _show(self, result: Any) -> None:
        self.result = result
        if result is not None:
            self._counted = False
        rows = result.learners if result is not None else []
        self.table.setRowCount(len(rows))
        dark = status_colours(self.palette())
        for i, c in enumerate(rows):
            bg, fg = dark[_LOOKS_LIKE[c.verdict]]
            cells = (c.name, c.reg_group or "", f"{_MARK[c.verdict]} {c.verdict.label}", c.reason)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if col == 2:
                    item.setBackground(QColor(bg))
                    item.setForeground(QColor(fg))
                self.table.setItem(i, col, item)
        self.table.resizeRowsToContents()
        if result is None:
            self.summary.setText("Add the learners who appear in the photo.")
            self.summary.setStyleSheet("padding: 8px; font-weight: bold;")
        else:
            worst = (
                Verdict.NOT_OK
                if result.not_ok
                else Verdict.CHECK_LIMITATION
                if not result.all_ok
                else Verdict.OK
            )
            self.summary.setText(f"{_MARK[worst]} {result.summary[:1].upper()}{result.summary[1:]}")
            self.summary.setStyleSheet(
                "padding: 8px; font-weight: bold; border-radius: 4px; " + _SUMMARY_STYLE[worst]
            )
        self._enable_record()
        self.checked.emit()

    def _enable_record(self) -> None:
        ok = self.result is not None and self.result.may_publish
        self.record.setEnabled(ok and bool(self.title.text().strip()))
        if self.result is not None and not self.result.may_publish:
            self.record.setToolTip(
                "Not while a learner in it may not appear: remove or obscure "
                "them, take them out of the check, and check again"
            )
            self.message.setStyleSheet("color: #842029;")
            if self.message.text().startswith(NOT_RECORDED):
                return  # keep saying why the recording just failed
            self.message.setText(
                f"{REFUSED} while a learner in it may not appear: "
                "remove or obscure them in the image, then take them out "
                "here (Delete)."
            )
            return
        if self.message.text().startswith((REFUSED, NOT_RECORDED)):
            self.message.clear()
        if not self.title.text().strip():
            self.record.setToolTip("Give it a title first")
        else:
            self.record.setToolTip("Add it to the academy's register of publications (Ctrl+Enter)")

    # recording ----------------------------------------------------------------------------
    def _record_if_enabled(self) -> None:
        if self.record.isEnabled():
            self._record()

    def _record(self) -> None:
        from consent_desk.gui.errors import describe_error
        from consent_desk.services.publications import count_check, publish

        if self.result is None:
            return
        d = self.date.date()
        title = self.title.text().strip()
        try:
            pid = publish(
                self.db,
                self.academy_code,
                self.year,
                self.result.purpose,
                title,
                date(d.year(), d.month(), d.day()),
                list(self.ids),
                place=self.where.text(),
            )
            if not self._counted:
                count_check(self.db, self.result)
                self._counted = True
        except Exception as exc:
            text = describe_error(exc)
            self.message.setText(
                text if text.startswith(NOT_RECORDED) else f"{NOT_RECORDED}: {text}"
            )
            self.message.setStyleSheet("color: #842029;")
            self._recheck()
            return
        self.message.setStyleSheet("")
        self.message.setText(
            f"✔ Recorded “{title}” ({len(self.ids)} learners) as "
            f"publication {pid}. Add the next photo's learners."
        )
        self.ids = []
        self.title.clear()
        self.where.clear()
        self._show(None)
        self.recorded.emit(pid)
        self.picker.edit.setFocus()

    def done(self, r: int) -> None:
        """Closing after a check that was not recorded still counts the check."""
        if self.result is not None and not self._counted:
            from consent_desk.services.publications import count_check

            with suppress(Exception):  # counting must never stop the dialog closing
                count_check(self.db, self.result)
            self._counted = True
        super().done(r)
