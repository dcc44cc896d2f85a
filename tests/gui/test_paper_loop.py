"""Closing the paper loop in the app: print pre-filled consent forms, scan a returned form's
code to find the learner at once, word the form's questions in Settings, and see which printed
sheets need reprinting after a change."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from consent_desk.db.engine import Database
from consent_desk.domain.consent_forms import POLICY_QUESTION, Wording
from consent_desk.domain.rules import Answer
from consent_desk.domain.years import AcademicYear
from consent_desk.gui import file_dialogs
from consent_desk.gui.forms_dialog import PrintFormsDialog
from consent_desk.gui.main_window import MainWindow
from consent_desk.gui.print_dialog import PrintSheetDialog
from consent_desk.gui.return_dialog import ReturnDialog
from consent_desk.gui.settings_dialog import SettingsDialog
from consent_desk.gui.stale_sheets import StaleSheetsDialog
from consent_desk.services.consent import learner_statuses
from consent_desk.services.consent_forms import form_questions
from consent_desk.services.form_codes import codes_for
from consent_desk.services.learners import NewLearner, add_learner
from consent_desk.services.returns import NewReturn, add_return
from consent_desk.services.sheet_prints import stale_sheets
from tests.gui.conftest import YEAR, DialogCatcher, shot

CODE = re.compile(r"CD2-OAK-\d{4}-\d+-[A-Z2-7]{8}")
UPN = "E873210425386"  # Harpreet Kowalski


def _row(db: Database, upn: str = UPN):  # type: ignore[no-untyped-def]
    return next(r for r in learner_statuses(db, "OAK", YEAR) if r.upn == upn)


def _code(db: Database, learner_id: int, academy: str = "OAK", year: str = YEAR) -> str:
    with db.session() as s:
        return codes_for(s, academy, year, [learner_id])[learner_id]


def _return_dialog(w: MainWindow, dialogs: DialogCatcher) -> ReturnDialog:
    dialogs.patch(ReturnDialog)
    w.actions_.enter_return.trigger()
    d = dialogs.last(ReturnDialog)
    assert isinstance(d, ReturnDialog)
    return d


def _scan(qtbot: QtBot, d: ReturnDialog, code: str) -> None:
    """A barcode scanner: the code typed fast, then Enter."""
    qtbot.keyClicks(d.picker.edit, code)
    qtbot.keyClick(d.picker.edit, Qt.Key.Key_Return)


def test_scanning_a_form_code_selects_the_learner_at_once(
    qtbot: QtBot,
    oak_learners: Database,
    remember_scope: Callable[..., None],
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
) -> None:
    remember_scope("OAK")
    w = open_window(oak_learners)
    d = _return_dialog(w, dialogs)
    row = _row(oak_learners)
    _scan(qtbot, d, _code(oak_learners, row.learner_id))
    qtbot.waitUntil(lambda: d.learner_id == row.learner_id, timeout=10000)
    assert d.card.isVisible() and "Kowalski" in d.card.text()
    assert QApplication.focusWidget() is d.grid  # next: key the ticks
    assert "Form scanned: Harpreet Kowalski" in d.feedback.text()
    shot(d, "return-dialog-after-scan")
    with qtbot.waitSignal(d.saved, timeout=10000):
        qtbot.keyClick(d.grid, "n", Qt.KeyboardModifier.ShiftModifier)  # NO on every line
        qtbot.keyClick(d.limitation, Qt.Key.Key_Return)
    assert _row(oak_learners).returns == 1
    # typed by hand, with spaces and in small letters, it works too
    code = _code(oak_learners, row.learner_id).lower().replace("-", " - ")
    _scan(qtbot, d, code)
    qtbot.waitUntil(lambda: d.learner_id == row.learner_id, timeout=10000)


def test_codes_that_cannot_be_used_are_explained_under_the_box(
    qtbot: QtBot,
    oak_learners: Database,
    remember_scope: Callable[..., None],
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
) -> None:
    hana = add_learner(oak_learners, "HGH", NewLearner("Haddad", "Hana", reg_group="10H"), "t")
    remember_scope("OAK")
    w = open_window(oak_learners)
    d = _return_dialog(w, dialogs)
    lid = _row(oak_learners).learner_id
    last_year = AcademicYear(AcademicYear.parse(YEAR).start_year - 1).label
    good = _code(oak_learners, lid)
    cases = [
        (_code(oak_learners, hana, "HGH"), "pass it to HGH's office"),
        (
            _code(oak_learners, lid, year=last_year),
            f"This form is for {last_year}; you are entering {YEAR}",
        ),
        (good[:-1] + ("A" if good[-1] != "A" else "B"), "This code is not valid"),
    ]
    for code, said in cases:
        d.picker.edit.clear()
        qtbot.keyClicks(d.picker.edit, code)
        assert "press Enter" in d.picker.message.text()  # a code, not a name
        qtbot.keyClick(d.picker.edit, Qt.Key.Key_Return)
        qtbot.waitUntil(partial(lambda said: said in d.picker.message.text(), said), timeout=10000)
        assert d.learner_id is None and d.picker.isVisible()
        assert d.picker.edit.selectedText() == d.picker.edit.text()  # the next scan replaces it
    assert not any(isinstance(x, type(d)) and x is not d for x in QApplication.topLevelWidgets())
    shot(d, "return-dialog-other-academy")


def test_print_consent_forms_to_pdf_and_scan_one_back(
    qtbot: QtBot,
    oak_learners: Database,
    remember_scope: Callable[..., None],
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    remember_scope("OAK")
    w = open_window(oak_learners)
    group = _row(oak_learners).reg_group
    w.learners.group_box.setCurrentIndex(w.learners.group_box.findData(group))
    dialogs.patch(PrintFormsDialog)
    w.actions_.print_forms.trigger()
    d = dialogs.last(PrintFormsDialog)
    assert isinstance(d, PrintFormsDialog)
    assert d.who.by_group.isChecked() and d.scope().value == group
    assert not d.who.pick_name.isVisibleTo(d)  # forms need no group title
    shot(d, "forms-print-dialog")
    monkeypatch.setattr(
        file_dialogs.QFileDialog,
        "getSaveFileName",
        lambda *a, **k: (str(tmp_path / "forms"), "PDF (*.pdf)"),
    )
    with qtbot.waitSignal(d.saved, timeout=30000) as saved:
        qtbot.mouseClick(d.pdf_button, Qt.MouseButton.LeftButton)
    assert saved.args == [str(tmp_path / "forms.pdf")]
    in_group = [r for r in learner_statuses(oak_learners, "OAK", YEAR) if r.reg_group == group]
    pages = PdfReader(str(tmp_path / "forms.pdf")).pages
    assert len(pages) == len(in_group) == d.stats.learners
    page = next(t for t in (p.extract_text() for p in pages) if "Harpreet" in t and "Kowalski" in t)
    assert POLICY_QUESTION.split(" the academy")[0] in page
    code = CODE.search(page.replace("\n", ""))
    assert code is not None
    r = _return_dialog(w, dialogs)
    _scan(qtbot, r, code.group(0))
    qtbot.waitUntil(lambda: r.learner_id == _row(oak_learners).learner_id, timeout=10000)


def test_the_form_questions_are_worded_in_settings(
    qtbot: QtBot,
    sqlite_db: Database,
    remember_scope: Callable[..., None],
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
) -> None:
    remember_scope("OAK")
    w = open_window(sqlite_db)
    dialogs.patch(SettingsDialog)
    w.actions_.settings.trigger()
    d = dialogs.last(SettingsDialog)
    assert isinstance(d, SettingsDialog)
    qtbot.waitUntil(lambda: bool(d.questions.rows), timeout=10000)
    d.tabs.setCurrentWidget(d.questions)
    press = d.questions.rows["press"]
    assert press.text().startswith(POLICY_QUESTION) and not press.reset.isEnabled()
    press.edit.setPlainText("May the local newspaper print photographs of your child?")
    assert press.reset.isEnabled() and "Your trust's wording" in press.state.text()
    # a consent question left as an objection would make YES mean "I object": said at once
    assert press.problem.isVisibleTo(d) and "asks for consent" in press.problem.text()
    press.wording.setCurrentIndex(press.wording.findData(Wording.CONSENT))
    assert not press.problem.isVisibleTo(d)
    assert "YES = “I consent”" in press.wording.currentText()
    shot(d, "settings-form-questions")
    with qtbot.waitSignal(d.saved, timeout=10000):
        d.save()
    asked = {q.key: q for q in form_questions(sqlite_db)}
    assert asked["press"].custom and asked["press"].question.startswith("May the local")
    assert asked["press"].wording is Wording.CONSENT
    assert not asked["website"].custom
    # and back to the policy's wording
    w.actions_.settings.trigger()
    d = dialogs.last(SettingsDialog)
    assert isinstance(d, SettingsDialog)
    qtbot.waitUntil(lambda: bool(d.questions.rows), timeout=10000)
    qtbot.mouseClick(d.questions.rows["press"].reset, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(d.saved, timeout=10000):
        d.save()
    press_now = {q.key: q for q in form_questions(sqlite_db)}["press"]
    assert not press_now.custom and press_now.wording is Wording.OBJECTION


def test_a_sheet_needs_reprinting_after_a_withdrawal_until_printed_again(
    qtbot: QtBot,
    oak_learners: Database,
    remember_scope: Callable[..., None],
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    row = _row(oak_learners)
    add_return(
        oak_learners,
        NewReturn(
            row.learner_id,
            YEAR,
            dict.fromkeys(
                ("internal", "website", "social_media", "print", "press", "video"), Answer.CONSENT
            ),
            datetime(2026, 9, 10, 9, 0),
            "Mum",
        ),
        "office",
    )
    remember_scope("OAK")
    w = open_window(oak_learners)
    saved_to = iter([tmp_path / "first.pdf", tmp_path / "again.pdf"])
    monkeypatch.setattr(
        file_dialogs.QFileDialog,
        "getSaveFileName",
        lambda *a, **k: (str(next(saved_to)), "PDF (*.pdf)"),
    )
    # the group's sheet is printed (saved as PDF) …
    w.learners.group_box.setCurrentIndex(w.learners.group_box.findData(row.reg_group))
    dialogs.patch(PrintSheetDialog)
    w.actions_.print_sheet.trigger()
    d = dialogs.last(PrintSheetDialog)
    assert isinstance(d, PrintSheetDialog) and not d.reprint_badge.isVisibleTo(d)
    with qtbot.waitSignal(d.saved, timeout=30000):
        qtbot.mouseClick(d.pdf_button, Qt.MouseButton.LeftButton)
    assert stale_sheets(oak_learners, "OAK", YEAR) == [] and not w.stale_banner.isVisible()
    # … then Mum withdraws consent for the press: that sheet, and only it, is out of date
    add_return(
        oak_learners,
        NewReturn(
            row.learner_id, YEAR, {"press": Answer.REFUSE}, datetime(2026, 10, 1, 9, 0), "Mum"
        ),
        "office",
    )
    w.reload()
    qtbot.waitUntil(w.stale_banner.isVisible, timeout=10000)
    assert w.stale_banner.isVisible() and f"(Group {row.reg_group})" in w.stale_banner.text.text()
    [stale] = w.commands.stale
    assert stale.scope.value == row.reg_group and "Harpreet Kowalski" in stale.reason
    shot(w, "stale-banner")
    dialogs.patch(StaleSheetsDialog)
    qtbot.mouseClick(w.stale_banner.button, Qt.MouseButton.LeftButton)
    listing = dialogs.last(StaleSheetsDialog)
    assert isinstance(listing, StaleSheetsDialog) and listing.sheets == [stale]
    shot(listing, "stale-sheets")
    again = listing.findChildren(type(w.stale_banner.button))
    print_again = next(b for b in again if b.text() == "Print &again…")
    qtbot.mouseClick(print_again, Qt.MouseButton.LeftButton)
    reprint = dialogs.last(PrintSheetDialog)
    assert isinstance(reprint, PrintSheetDialog) and reprint is not d
    assert reprint.scope().kind == "reg_group" and reprint.scope().value == row.reg_group
    assert reprint.reprint_badge.isVisibleTo(reprint)
    printed = stale.printed_at
    on = f"printed on {printed.day} {printed:%b}"
    assert f"this sheet was {on}" in reprint.reprint_badge.text()
    assert "Harpreet Kowalski is now on the sheet" in reprint.reprint_badge.text()
    shot(reprint, "print-dialog-reprint-badge")
    qtbot.mouseClick(reprint.whole, Qt.MouseButton.LeftButton)  # another sheet chosen: the
    badge = reprint.reprint_badge.text()  # badge names the stale one, in plain words
    assert f"Reprint needed</b> for another sheet: group {row.reg_group}, {on}" in badge
    assert "of date" not in badge
    shot(reprint, "print-dialog-reprint-other-sheet")
    qtbot.mouseClick(reprint.by_group, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(reprint.saved, timeout=30000):
        qtbot.mouseClick(reprint.pdf_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not w.stale_banner.isVisible(), timeout=10000)
    assert w.commands.stale == []
    assert stale_sheets(oak_learners, "OAK", YEAR) == []
    qtbot.waitUntil(lambda: not listing.sheets, timeout=5000)  # the list follows
