"""Printing the restricted-learner sheet through the print path, saving it as PDF, exports."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from consent_desk.db.engine import Database
from consent_desk.gui import exports, file_dialogs, print_dialog
from consent_desk.gui.main_window import MainWindow
from consent_desk.gui.print_dialog import PrintSheetDialog
from consent_desk.services.consent import learner_statuses, restriction_list
from consent_desk.services.imports import import_returns
from tests.conftest import SAMPLES
from tests.gui.conftest import SAMPLE_YEAR, DialogCatcher


@pytest.fixture
def oakfield(oak_learners: Database) -> Database:
    import_returns(oak_learners, SAMPLES / "oakfield-returns-typed.xlsx", "OAK", SAMPLE_YEAR)
    return oak_learners


def _window(
    remember: Callable[..., None], open_window: Callable[..., MainWindow], db: Database
) -> MainWindow:
    remember("OAK", SAMPLE_YEAR)
    return open_window(db)


def _print_dialog(w: MainWindow, dialogs: DialogCatcher) -> PrintSheetDialog:
    dialogs.patch(PrintSheetDialog)
    w.actions_.print_sheet.trigger()  # Ctrl+P
    d = dialogs.last(PrintSheetDialog)
    assert isinstance(d, PrintSheetDialog)
    return d


def test_print_a_group_sheet_through_the_printer(
    qtbot: QtBot,
    oakfield: Database,
    remember_scope: Callable[..., None],
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "printed.pdf"
    chosen: list[QPrinter] = []

    class PrintDialogToFile:
        """The system print dialog, with "Print to file" chosen."""

        def __init__(self, printer: QPrinter, parent: object = None) -> None:
            self.printer = printer

        def setWindowTitle(self, title: str) -> None:
            pass

        def exec(self) -> int:
            self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            self.printer.setOutputFileName(str(out))
            chosen.append(self.printer)
            return int(QDialog.DialogCode.Accepted.value)

    monkeypatch.setattr(print_dialog, "QPrintDialog", PrintDialogToFile)
    w = _window(remember_scope, open_window, oakfield)
    w.learners.group_box.setCurrentIndex(w.learners.group_box.findData("3Oak"))
    d = _print_dialog(w, dialogs)
    assert d.by_group.isChecked() and d.scope().value == "3Oak"  # the filtered group
    with qtbot.waitSignal(d.printed, timeout=30000) as printed:
        qtbot.mouseClick(d.print_button, Qt.MouseButton.LeftButton)
    assert chosen and out.exists()
    pages = PdfReader(str(out)).pages
    assert len(pages) == printed.args[0] >= 1
    listed = restriction_list(oakfield, "OAK", SAMPLE_YEAR, group="3Oak")
    assert listed, "the sample group has restricted learners"


def test_save_the_sheet_as_pdf(
    qtbot: QtBot,
    oakfield: Database,
    remember_scope: Callable[..., None],
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    w = _window(remember_scope, open_window, oakfield)
    w.learners.group_box.setCurrentIndex(w.learners.group_box.findData("3Oak"))
    d = _print_dialog(w, dialogs)
    target = tmp_path / "sheet"
    monkeypatch.setattr(
        file_dialogs.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF (*.pdf)")
    )
    with qtbot.waitSignal(d.saved, timeout=30000):
        qtbot.mouseClick(d.pdf_button, Qt.MouseButton.LeftButton)
    text = "".join(p.extract_text() for p in PdfReader(str(tmp_path / "sheet.pdf")).pages)
    listed = restriction_list(oakfield, "OAK", SAMPLE_YEAR, group="3Oak")
    for r in listed:
        assert r.surname in text
    assert "NO IMAGES" in text
    others = {
        r.surname for r in learner_statuses(oakfield, "OAK", SAMPLE_YEAR) if r.reg_group != "3Oak"
    } - {r.surname for r in listed}
    assert not any(f"\n{s} " in text for s in list(others)[:5])


def test_hand_picked_learners(
    qtbot: QtBot,
    oakfield: Database,
    remember_scope: Callable[..., None],
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    w = _window(remember_scope, open_window, oakfield)
    w.learners.status_box.setCurrentIndex(w.learners.status_box.findData("no_images"))
    w.learners.table.selectRow(0)
    qtbot.keyClick(w.learners.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    picked = w.learners.selected_ids()
    assert len(picked) == 2
    d = _print_dialog(w, dialogs)
    assert d.by_pick.isChecked()
    qtbot.keyClicks(d.pick_name, "Museum trip")
    scope = d.scope()
    assert scope.kind == "learners" and set(scope.learner_ids) == set(picked)
    monkeypatch.setattr(
        file_dialogs.QFileDialog,
        "getSaveFileName",
        lambda *a, **k: (str(tmp_path / "trip.pdf"), "PDF (*.pdf)"),
    )
    with qtbot.waitSignal(d.saved, timeout=30000):
        qtbot.mouseClick(d.pdf_button, Qt.MouseButton.LeftButton)
    text = "".join(p.extract_text() for p in PdfReader(str(tmp_path / "trip.pdf")).pages)
    assert "Museum trip" in text


class _Box:
    """message_box stand-in: records the text, presses Close."""

    shown: list[str] = []
    Icon = exports.QMessageBox.Icon
    StandardButton = exports.QMessageBox.StandardButton
    ButtonRole = exports.QMessageBox.ButtonRole

    def __init__(self, icon: Any, title: str, text: str, *args: Any) -> None:
        _Box.shown.append(text)

    def addButton(self, *args: Any) -> object:
        return object()

    def exec(self) -> int:
        return 0

    def clickedButton(self) -> None:
        return None


@pytest.mark.parametrize("suffix", [".xlsx", ".pdf"])
def test_export_the_principals_list(
    qtbot: QtBot,
    oakfield: Database,
    remember_scope: Callable[..., None],
    open_window: Callable[..., MainWindow],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    suffix: str,
) -> None:
    w = _window(remember_scope, open_window, oakfield)
    target = tmp_path / f"list{suffix}"
    monkeypatch.setattr(
        file_dialogs.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "")
    )
    monkeypatch.setattr(exports, "message_box", _Box)
    _Box.shown = []
    w.actions_.export_list.trigger()  # Ctrl+E
    qtbot.waitUntil(lambda: bool(_Box.shown), timeout=30000)
    listed = restriction_list(oakfield, "OAK", SAMPLE_YEAR)
    assert f"has {len(listed)} learners" in _Box.shown[0]
    assert target.exists()
    if suffix == ".xlsx":
        ws = load_workbook(target).active
        values = [c for row in ws.iter_rows(values_only=True) for c in row if c]
        assert all(r.upn in values for r in listed)


def test_export_the_chase_list_and_summary(
    qtbot: QtBot,
    oakfield: Database,
    remember_scope: Callable[..., None],
    open_window: Callable[..., MainWindow],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    w = _window(remember_scope, open_window, oakfield)
    monkeypatch.setattr(exports, "message_box", _Box)
    chase = tmp_path / "chase.csv"
    monkeypatch.setattr(
        file_dialogs.QFileDialog, "getSaveFileName", lambda *a, **k: (str(chase), "")
    )
    _Box.shown = []
    w.actions_.export_chase.trigger()
    qtbot.waitUntil(lambda: bool(_Box.shown), timeout=30000)
    outstanding = [r for r in learner_statuses(oakfield, "OAK", SAMPLE_YEAR) if r.returns == 0]
    assert f"{len(outstanding)} learners have no return" in _Box.shown[0]
    lines = chase.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == len(outstanding) + 1
    summary = tmp_path / "summary.xlsx"
    monkeypatch.setattr(
        file_dialogs.QFileDialog, "getSaveFileName", lambda *a, **k: (str(summary), "")
    )
    _Box.shown = []
    w.actions_.export_summary.trigger()
    qtbot.waitUntil(lambda: bool(_Box.shown), timeout=30000)
    assert "2 academies" in _Box.shown[0]
    assert "Summary" in load_workbook(summary).sheetnames


def test_the_sheet_follows_the_learner_selected_and_enter_prints(
    qtbot: QtBot,
    oakfield: Database,
    remember_scope: Callable[..., None],
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []

    class SystemPrintDialog:  # the system's dialog: noted, then cancelled
        def __init__(self, printer: QPrinter, parent: object = None) -> None:
            pass

        def setWindowTitle(self, title: str) -> None:
            asked.append(title)

        def exec(self) -> int:
            return int(QDialog.DialogCode.Rejected.value)

    monkeypatch.setattr(print_dialog, "QPrintDialog", SystemPrintDialog)
    w = _window(remember_scope, open_window, oakfield)
    w.learners.table.setFocus()
    w.learners.table.selectRow(5)  # one learner, as a click in the table chooses them
    learner = w.learners.model.row_at(5)
    d = _print_dialog(w, dialogs)
    assert d.by_group.isChecked() and d.group_box.currentData() == learner.reg_group
    assert d.year_box.currentData() == learner.year_group
    pick = d.by_pick.text().replace("&", "")
    assert learner.display_name in pick and "learners" not in pick  # one: their name
    assert d.by_pick.isEnabled()
    d.by_pick.click()
    assert d.scope().kind == "learners" and d.scope().learner_ids == (learner.learner_id,)
    assert d.print_button.isDefault()
    qtbot.keyClick(d.pick_name, Qt.Key.Key_Return)  # Enter does the dialog's action
    assert asked == ["Print the restricted learners"]
    assert d.isVisible()  # the system dialog was cancelled: nothing printed, still here
    d.reject()

    w.learners.table.selectRow(0)  # three learners selected
    for _ in range(2):
        qtbot.keyClick(w.learners.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    d = _print_dialog(w, dialogs)
    assert d.by_pick.isChecked()
    assert d.by_pick.text().replace("&", "").startswith("The 3 learners selected in the table")
    d.reject()
