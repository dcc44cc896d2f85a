"""The import wizard driven as a user would: learners, then returns, from the sample files."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QPushButton, QWizard
from pytestqt.qtbot import QtBot

from consent_desk.db.engine import Database
from consent_desk.gui import file_dialogs
from consent_desk.gui.import_wizard import ImportWizard
from consent_desk.gui.main_window import MainWindow
from consent_desk.importing.headers import ColumnRole
from consent_desk.services.batches import list_batches
from consent_desk.services.consent import learner_statuses
from consent_desk.services.review import list_reviews
from tests.conftest import SAMPLES
from tests.gui.conftest import SAMPLE_YEAR, DialogCatcher, shot

EXPECTED = json.loads((SAMPLES / "expected.json").read_text())


def _open(w: MainWindow, dialogs: DialogCatcher, kind: str) -> ImportWizard:
    dialogs.patch(ImportWizard)
    (w.actions_.import_returns if kind == "returns" else w.actions_.import_learners).trigger()
    wizard = dialogs.last(ImportWizard)
    assert isinstance(wizard, ImportWizard)
    return wizard


def _next(qtbot: QtBot, wizard: ImportWizard, expect: int, timeout: int = 20000) -> None:
    page = wizard.currentPage()
    qtbot.waitUntil(page.isComplete, timeout=timeout)
    which = (
        QWizard.WizardButton.CommitButton
        if page.isCommitPage()
        else QWizard.WizardButton.NextButton
    )
    button = wizard.button(which)
    assert button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentId() == expect, timeout=timeout)


def _choose_file(
    qtbot: QtBot,
    wizard: ImportWizard,
    path: Path,
    monkeypatch: pytest.MonkeyPatch,
    year: str = SAMPLE_YEAR,
) -> None:
    page = wizard.file_page
    if page.year.isEnabled():
        page.year.setCurrentIndex(page.year.findData(year))
        assert page.year.currentData() == year
    monkeypatch.setattr(
        file_dialogs.QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), "Spreadsheets")
    )
    qtbot.mouseClick(page.browse_button, Qt.MouseButton.LeftButton)
    assert page.file.text() == str(path)


def _at_mapping(
    qtbot: QtBot,
    w: MainWindow,
    dialogs: DialogCatcher,
    sheet: Path,
    monkeypatch: pytest.MonkeyPatch,
    columns: int,
) -> ImportWizard:
    """The returns wizard opened on ``sheet`` and taken to its mapping page, every one of the
    sheet's ``columns`` read."""
    wizard = _open(w, dialogs, "returns")
    _choose_file(qtbot, wizard, sheet, monkeypatch)
    _next(qtbot, wizard, ImportWizard.SHEET)
    _next(qtbot, wizard, ImportWizard.MAPPING)
    qtbot.waitUntil(
        lambda: wizard.mapping is not None and wizard.mapping_page.table.rowCount() == columns,
        timeout=10000,
    )
    return wizard


def _run_to_result(qtbot: QtBot, wizard: ImportWizard) -> Any:
    _next(qtbot, wizard, ImportWizard.SHEET)
    _next(qtbot, wizard, ImportWizard.MAPPING)
    _next(qtbot, wizard, ImportWizard.PREVIEW)
    qtbot.waitUntil(wizard.preview_page.isComplete, timeout=20000)
    with qtbot.waitSignal(wizard.imported, timeout=30000) as imported:
        _next(qtbot, wizard, ImportWizard.RUN)
    qtbot.waitUntil(lambda: wizard.currentId() == ImportWizard.RESULT, timeout=10000)
    return imported.args[0]


def test_import_learners_then_returns_end_to_end(
    qtbot: QtBot,
    sqlite_db: Database,
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    remember_scope: Callable[..., None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    remember_scope("OAK", SAMPLE_YEAR)
    w = open_window(sqlite_db)
    assert w.learners.stack.currentIndex() == 1  # "no learners yet: import the list"

    wizard = _open(w, dialogs, "learners")
    assert wizard.file_page.learners.isChecked()
    _choose_file(qtbot, wizard, SAMPLES / "oakfield-learners-sims.csv", monkeypatch)
    with qtbot.waitSignal(w.learners_loaded, timeout=20000):
        report = _run_to_result(qtbot, wizard)
    assert report.added == 372 and not report.errors
    assert "372 new learners" in wizard.result_page.view.summary.text()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert len(learner_statuses(sqlite_db, "OAK", SAMPLE_YEAR)) == 372
    assert w.learners.model.total == 372  # the window shows them

    wizard = _open(w, dialogs, "returns")
    assert wizard.file_page.returns.isChecked()
    _choose_file(qtbot, wizard, SAMPLES / "oakfield-returns-typed.xlsx", monkeypatch)
    _next(qtbot, wizard, ImportWizard.SHEET)
    qtbot.waitUntil(wizard.sheet_page.isComplete, timeout=20000)
    assert "holds the column headings" in wizard.sheet_page.info.text()
    _next(qtbot, wizard, ImportWizard.MAPPING)
    qtbot.waitUntil(wizard.mapping_page.isComplete, timeout=10000)
    roles = {c.role for c in wizard.mapping.columns}
    assert ColumnRole.PURPOSE in roles or ColumnRole.TICK_LIST in roles
    _next(qtbot, wizard, ImportWizard.PREVIEW)
    qtbot.waitUntil(wizard.preview_page.isComplete, timeout=20000)
    dry = wizard.dry_report
    assert dry.dry_run and [r["row"] for r in dry.needs_review] == [308]
    assert all(r.returns == 0 for r in learner_statuses(sqlite_db, "OAK", SAMPLE_YEAR))
    with qtbot.waitSignal(wizard.imported, timeout=30000) as imported:
        _next(qtbot, wizard, ImportWizard.RUN)
    qtbot.waitUntil(lambda: wizard.currentId() == ImportWizard.RESULT, timeout=10000)
    report = imported.args[0]
    assert report.imported == dry.imported and report.imported + 1 == report.rows
    assert wizard.result_page.review_button.isVisibleTo(wizard.result_page)

    # the database holds exactly what expected.json says
    got = {r.upn: r for r in learner_statuses(sqlite_db, "OAK", SAMPLE_YEAR)}
    for upn, want in EXPECTED["academies"]["OAK"]["learners"].items():
        assert got[upn].status.value == want["status"], upn
        assert sorted(got[upn].refused) == sorted(want["refused"]), upn
    assert [r.row for r in list_reviews(sqlite_db, "OAK", SAMPLE_YEAR)] == [308]
    with qtbot.waitSignal(w.learners_loaded, timeout=10000):
        pass
    assert "Review queue (1)" in w.tabs.tabText(1).replace("&", "")
    # "Open the review queue" takes the user there
    wizard.result_page.review_button.click()
    qtbot.waitUntil(lambda: w.tabs.currentIndex() == 1)
    # and next year's import starts from this mapping (kept with the batch)
    assert list_batches(sqlite_db, "OAK")[0].kind == "returns"


def test_a_corrected_mapping_is_what_gets_imported(
    qtbot: QtBot,
    oak_learners: Database,
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    remember_scope: Callable[..., None],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A column whose heading says nothing ("Q3") is mapped by hand to the press purpose,
    phrased as an objection: "Yes" there means the parent refuses the press."""
    sheet = tmp_path / "typed.csv"
    sheet.write_text(
        "UPN,Surname,Forename,All uses,Q3\n"
        "E873210425386,Kowalski,Harpreet,Yes,Yes\n"
        "U873210425387,Evans,Ivy,Yes,No\n",
        encoding="utf-8",
    )
    remember_scope("OAK", SAMPLE_YEAR)
    w = open_window(oak_learners)
    wizard = _at_mapping(qtbot, w, dialogs, sheet, monkeypatch, 5)
    # Yes/No under a heading that names no purpose: unsure, and the wizard waits for a person
    assert {c.header for c in wizard.mapping.unsure} == {"Q3", "All uses"}
    assert not wizard.mapping_page.isComplete()
    assert "⚠" in wizard.mapping_page.note.text() and "Q3" in wizard.mapping_page.note.text()
    wizard.mapping_page.set_column("Q3", ColumnRole.PURPOSE, "press", objection=True)
    q3 = next(c for c in wizard.mapping.columns if c.header == "Q3")
    assert (q3.role, q3.purpose, q3.objection) == (ColumnRole.PURPOSE, "press", True)
    assert not wizard.mapping_page.isComplete()  # "All uses" still waits
    wizard.mapping_page.set_column("All uses", ColumnRole.OVERALL)
    assert wizard.mapping_page.isComplete()
    _next(qtbot, wizard, ImportWizard.PREVIEW)
    qtbot.waitUntil(wizard.preview_page.isComplete, timeout=20000)
    with qtbot.waitSignal(wizard.imported, timeout=30000):
        _next(qtbot, wizard, ImportWizard.RUN)
    got = {r.upn: r for r in learner_statuses(oak_learners, "OAK", SAMPLE_YEAR)}
    assert got["E873210425386"].refused == ("press",)
    assert got["U873210425387"].refused == ()
    assert got["U873210425387"].status.value == "no_restriction"

    # Next year's file: the wizard starts from the corrected mapping, and it can be saved
    wizard.button(QWizard.WizardButton.FinishButton).click()
    again = _open(w, dialogs, "returns")
    _choose_file(qtbot, again, sheet, monkeypatch)
    _next(qtbot, again, ImportWizard.SHEET)
    _next(qtbot, again, ImportWizard.MAPPING)
    qtbot.waitUntil(again.mapping_page.isComplete, timeout=10000)
    assert "last import" in again.mapping_page.note.text()
    q3 = next(c for c in again.mapping.columns if c.header == "Q3")
    assert (q3.role, q3.purpose, q3.objection) == (ColumnRole.PURPOSE, "press", True)
    saved = tmp_path / "oak-returns-mapping.json"
    monkeypatch.setattr(
        file_dialogs.QFileDialog, "getSaveFileName", lambda *a, **k: (str(saved), "")
    )
    qtbot.mouseClick(again.mapping_page.save_button, Qt.MouseButton.LeftButton)
    assert json.loads(saved.read_text())["columns"][4]["purposes"] == ["press"]
    again.mapping_page.guess_again()
    q3 = next(c for c in again.mapping.columns if c.header == "Q3")
    assert q3.role is ColumnRole.PURPOSE and q3.purposes == () and not q3.sure
    monkeypatch.setattr(
        file_dialogs.QFileDialog, "getOpenFileName", lambda *a, **k: (str(saved), "")
    )
    qtbot.mouseClick(again.mapping_page.load_button, Qt.MouseButton.LeftButton)
    assert next(c for c in again.mapping.columns if c.header == "Q3").purpose == "press"


def test_cancel_during_the_import_changes_nothing(
    qtbot: QtBot,
    oak_learners: Database,
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    remember_scope: Callable[..., None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    remember_scope("OAK", SAMPLE_YEAR)
    w = open_window(oak_learners)
    wizard = _open(w, dialogs, "returns")
    _choose_file(qtbot, wizard, SAMPLES / "oakfield-returns-typed.xlsx", monkeypatch)
    _next(qtbot, wizard, ImportWizard.SHEET)
    _next(qtbot, wizard, ImportWizard.MAPPING)
    _next(qtbot, wizard, ImportWizard.PREVIEW)
    qtbot.waitUntil(wizard.preview_page.isComplete, timeout=20000)

    started, go_on = threading.Event(), threading.Event()
    real = wizard.run_import

    def slow_import(*, dry_run: bool, progress: Any = None) -> Any:
        started.set()
        go_on.wait(10)  # the user presses Cancel while the file is being read
        return real(dry_run=dry_run, progress=progress)

    monkeypatch.setattr(wizard, "run_import", slow_import)
    assert wizard.button(QWizard.WizardButton.CommitButton).text().replace("&", "") == "Import"
    wizard.button(QWizard.WizardButton.CommitButton).click()
    qtbot.waitUntil(lambda: wizard.currentId() == ImportWizard.RUN)
    assert started.wait(10)
    qtbot.mouseClick(wizard.run_page.cancel_button, Qt.MouseButton.LeftButton)
    go_on.set()
    qtbot.waitUntil(lambda: wizard.run_page.done, timeout=20000)
    assert "Cancelled" in wizard.run_page.status.text()
    assert wizard.currentId() == ImportWizard.RUN and wizard.report is None
    assert not wizard.button(QWizard.WizardButton.BackButton).isEnabled()
    assert all(r.returns == 0 for r in learner_statuses(oak_learners, "OAK", SAMPLE_YEAR))
    assert [b.kind for b in list_batches(oak_learners, "OAK")] == ["learners"]


def test_a_bad_file_is_a_message_not_a_traceback(
    qtbot: QtBot,
    oak_learners: Database,
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bad = tmp_path / "returns.xlsx"
    bad.write_bytes(b"this is not a spreadsheet")
    w = open_window(oak_learners)
    wizard = _open(w, dialogs, "returns")
    _choose_file(qtbot, wizard, bad, monkeypatch)
    wizard.button(QWizard.WizardButton.NextButton).click()
    qtbot.waitUntil(lambda: wizard.sheet_page.info.text().startswith("⚠"), timeout=10000)
    assert "returns.xlsx" in wizard.sheet_page.info.text()
    assert "Traceback" not in wizard.sheet_page.info.text()
    assert not wizard.sheet_page.isComplete()


def test_an_unsure_mark_waits_for_a_person_and_the_trial_run_reads_back(
    qtbot: QtBot,
    oak_learners: Database,
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    remember_scope: Callable[..., None],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """'✗' alone in a column could be a tick or a cross: the wizard will not go on until a
    person says which; the trial run then shows each value with what it is read as, and the
    statuses the import would give (PRODUCT.md: read back before saving)."""
    sheet = tmp_path / "typed.csv"
    sheet.write_text(
        "UPN,Surname,Forename,Website,Press\n"
        "E873210425386,Kowalski,Harpreet,✗,✗\n"
        "U873210425387,Evans,Ivy,,✗\n",
        encoding="utf-8",
    )
    remember_scope("OAK", SAMPLE_YEAR)
    w = open_window(oak_learners)
    wizard = _at_mapping(qtbot, w, dialogs, sheet, monkeypatch, 5)
    page = wizard.mapping_page
    assert {c.header for c in wizard.mapping.unsure} == {"Website", "Press"}
    assert not page.isComplete()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    page.set_column("Website", ColumnRole.PURPOSE, "website")  # a correction alone is not enough
    assert not page.isComplete()
    page.confirm_column("Website", "no")  # the office says: a cross means No
    page.confirm_column("Press", "no")
    assert page.isComplete()
    _next(qtbot, wizard, ImportWizard.PREVIEW)
    qtbot.waitUntil(wizard.preview_page.isComplete, timeout=20000)
    report = wizard.dry_report
    website = next(c for c in report.columns if c["header"] == "Website")
    assert [(v["value"], v["answers"], v["rows"]) for v in website["values"]] == [
        ("", {}, 1),
        ("✗", {"website": "refuse"}, 1),
    ]
    # Harpreet refused both answered purposes, the rest unanswered: restricted; Ivy likewise
    assert report.projected["restricted"] == 2 and report.projected["no_restriction"] == 0
    tabs = wizard.preview_page.view.tabs
    assert tabs.tabText(0).startswith("How the answers were read")
    assert "After this import" in wizard.preview_page.view.summary.text()


def test_last_year_s_column_and_us_dates_wait_for_a_person_in_the_wizard(
    qtbot: QtBot,
    oak_learners: Database,
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    remember_scope: Callable[..., None],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The wizard knows the year being imported: a column headed with another year is asked
    about, and so are dates that can only be month first, quoting the file's own dates."""
    start = int(SAMPLE_YEAR[:4])
    before = f"{start - 1}/{start % 100:02d}"
    sheet = tmp_path / "typed.csv"
    sheet.write_text(
        f"UPN,Surname,Forename,Date returned,Website ({before}),Website\n"
        f"E873210425386,Kowalski,Harpreet,9/20/{start} 10:00,Yes,\n"
        f"U873210425387,Evans,Ivy,9/12/{start} 10:00,Yes,Yes\n",
        encoding="utf-8",
    )
    remember_scope("OAK", SAMPLE_YEAR)
    w = open_window(oak_learners)
    wizard = _at_mapping(qtbot, w, dialogs, sheet, monkeypatch, 6)
    page = wizard.mapping_page
    unsure = {c.header: c.why for c in wizard.mapping.unsure}
    assert set(unsure) == {"Date returned", f"Website ({before})"}
    assert f"not {SAMPLE_YEAR}" in unsure[f"Website ({before})"]
    assert f"'9/20/{start} 10:00'" in unsure["Date returned"]
    shot(wizard, "wizard-last-year-and-us-dates")
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    page.confirm_column("Date returned", "month")
    page.set_column(f"Website ({before})", ColumnRole.IGNORE)
    assert page.isComplete()


def test_a_saved_mapping_loaded_on_a_sheet_whose_question_turned_round_is_asked_about(
    qtbot: QtBot,
    oak_learners: Database,
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    remember_scope: Callable[..., None],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A mapping confirmed on "Tick each use you agree to" (x = ticked), loaded in the wizard on
    a sheet headed "Tick each use you do NOT want": its answer columns wait for a person."""
    sheet = tmp_path / "ticks.csv"
    sheet.write_text(
        "Tick each use you do NOT want us to make of the photo,,,\n\n"
        "UPN,Surname,Forename,Website\n"
        "E873210425386,Kowalski,Harpreet,x\n",
        encoding="utf-8",
    )
    saved = tmp_path / "ticks.json"
    saved.write_text(json.dumps({
        "format": "consent-desk-column-mapping", "version": 2, "kind": "returns",
        "title": "Tick each use you agree to",
        "columns": [
            {"header": "UPN", "role": "upn"}, {"header": "Surname", "role": "surname"},
            {"header": "Forename", "role": "forename"},
            {"header": "Website", "role": "purpose", "purposes": ["website"],
             "objection": False, "values": {"x": "yes"}, "ticks": True},
        ],
    }), encoding="utf-8")  # fmt: skip
    remember_scope("OAK", SAMPLE_YEAR)
    w = open_window(oak_learners)
    wizard = _at_mapping(qtbot, w, dialogs, sheet, monkeypatch, 4)
    page = wizard.mapping_page
    monkeypatch.setattr(
        "consent_desk.gui.import_wizard.mapping_page.open_file", lambda *a, **k: str(saved)
    )
    page.load_mapping()
    unsure = {c.header: c.why for c in wizard.mapping.unsure}
    assert set(unsure) == {"Website"} and "title has changed" in unsure["Website"]
    assert not page.isComplete()


def test_a_learner_list_that_changes_a_lot_can_be_confirmed_in_the_wizard(
    qtbot: QtBot,
    oak_learners: Database,
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    remember_scope: Callable[..., None],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A list that recognises none of Oakfield's learners may be another academy's: the trial
    run refuses it, and the office can say it has checked, then import it."""
    sheet = tmp_path / "new-intake.csv"
    sheet.write_text("UPN,Legal Surname,Legal Forename,DOB,Year,Reg Group\n"
                     + "".join(f",Newcomer{i},Pat,0{i}/09/2021,R,RAsh\n" for i in range(1, 6)),
                     encoding="utf-8")  # fmt: skip
    remember_scope("OAK", SAMPLE_YEAR)
    w = open_window(oak_learners)
    wizard = _open(w, dialogs, "learners")
    _choose_file(qtbot, wizard, sheet, monkeypatch)
    _next(qtbot, wizard, ImportWizard.SHEET)
    _next(qtbot, wizard, ImportWizard.MAPPING)
    _next(qtbot, wizard, ImportWizard.PREVIEW)
    page = wizard.preview_page
    qtbot.waitUntil(lambda: page.big_change.isVisible(), timeout=20000)
    assert "another academy's list" in page.status.text() and not page.isComplete()
    page.big_change.setChecked(True)
    qtbot.waitUntil(page.isComplete, timeout=20000)
    assert wizard.dry_report.added == 5
    with qtbot.waitSignal(wizard.imported, timeout=30000):
        _next(qtbot, wizard, ImportWizard.RUN)
    assert len(learner_statuses(oak_learners, "OAK", SAMPLE_YEAR)) == 372 + 5


@pytest.mark.parametrize("kind", ["returns", "learners"])
def test_a_pdf_renamed_xlsx_is_said_to_be_a_pdf(
    qtbot: QtBot,
    oak_learners: Database,
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
) -> None:
    pdf = tmp_path / "consent forms.xlsx"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n")
    w = open_window(oak_learners)
    wizard = _open(w, dialogs, kind)
    _choose_file(qtbot, wizard, pdf, monkeypatch)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    info = wizard.sheet_page.info
    qtbot.waitUntil(lambda: info.text().startswith("⚠"), timeout=10000)
    assert "not a spreadsheet (it looks like a PDF document)" in info.text()
    assert "header" not in info.text()
    assert not wizard.sheet_page.isComplete()


def test_an_option_the_reading_is_unsure_of_is_said_once_in_the_wizard(
    qtbot: QtBot,
    oak_learners: Database,
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    remember_scope: Callable[..., None],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A form's own option "School website (no names)" names a use and a condition: its rows
    would wait for a person. The office says once, in the list of options, that a tick of it is
    for the website; the import then reads every such row so, and a saved mapping keeps it."""
    sheet = tmp_path / "form.csv"
    sheet.write_text(
        "Photo consent form,,,,\n\n"
        "UPN,Surname,Forename,Date returned,Tick the uses you agree to\n"
        'E873210425386,Kowalski,Harpreet,05/09/2025,"School website (no names), Displays"\n'
        'U873210425387,Evans,Ivy,05/09/2025,"Displays"\n',
        encoding="utf-8",
    )
    remember_scope("OAK", SAMPLE_YEAR)
    w = open_window(oak_learners)
    wizard = _at_mapping(qtbot, w, dialogs, sheet, monkeypatch, 5)
    page = wizard.mapping_page
    options = page.options
    texts = [item.text() if (item := options.item(r, 0)) else "" for r in range(options.rowCount())]
    row = texts.index("School website (no names)")

    def becomes() -> QPushButton:
        button = options.cellWidget(row, 1)
        assert isinstance(button, QPushButton)
        return button

    button = becomes()
    assert "wait" in button.text()
    shot(wizard, "wizard-option-unsure")
    (website,) = [a for a in button.menu().actions() if a.data() == "website"]
    website.setChecked(True)
    # the note above the options no longer says that nothing names the website
    qtbot.waitUntil(lambda: "Websites" not in page.options_note.text())
    assert "Websites" in becomes().text()
    shot(wizard, "wizard-option-said")
    (ticks,) = wizard.mapping.by_role(ColumnRole.TICK_LIST)
    assert ticks.options == (("School website (no names)", ("website",)),)
    saved = tmp_path / "form.json"
    monkeypatch.setattr(
        "consent_desk.gui.import_wizard.mapping_page.save_file", lambda *a, **k: (str(saved), "")
    )
    page.save_mapping()
    mapping = json.loads(saved.read_text())
    (kept,) = [c for c in mapping["columns"] if c["role"] == "tick_list"]
    assert kept["options"] == {"School website (no names)": ["website"]}
    # the question's title is kept with it, though a person changed the mapping
    assert mapping["title"] == "Photo consent form"
    _next(qtbot, wizard, ImportWizard.PREVIEW)
    qtbot.waitUntil(wizard.preview_page.isComplete, timeout=20000)
    assert wizard.dry_report.needs_review == []
    with qtbot.waitSignal(wizard.imported, timeout=30000):
        _next(qtbot, wizard, ImportWizard.RUN)
    got = {r.upn: r for r in learner_statuses(oak_learners, "OAK", SAMPLE_YEAR)}
    assert list_reviews(oak_learners, "OAK", SAMPLE_YEAR) == []
    harpreet = got["E873210425386"]
    assert "website" not in harpreet.refused and "internal" not in harpreet.refused
    assert "website" in got["U873210425387"].refused


def test_a_do_you_mind_question_and_a_key_in_a_heading_wait_for_a_person_in_the_wizard(
    qtbot: QtBot,
    oak_learners: Database,
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    remember_scope: Callable[..., None],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """ "Do you mind…?" (Yes: the parent minds) and "(1 = consent, 0 = refuse)" in a heading
    are asked about with the reading the words give; confirmed as shown, a Yes to minding and
    a 0 are refusals."""
    mind = "Do you mind us using photos on the website?"
    keyed = "Social media (1 = consent, 0 = refuse)"
    sheet = tmp_path / "typed.csv"
    sheet.write_text(
        f'UPN,Surname,Forename,Date returned,"{mind}","{keyed}"\n'
        "E873210425386,Kowalski,Harpreet,05/09/2025,Yes,0\n"
        "U873210425387,Evans,Ivy,05/09/2025,No,1\n",
        encoding="utf-8",
    )
    remember_scope("OAK", SAMPLE_YEAR)
    w = open_window(oak_learners)
    wizard = _at_mapping(qtbot, w, dialogs, sheet, monkeypatch, 6)
    page = wizard.mapping_page
    unsure = {c.header: c.why for c in wizard.mapping.unsure}
    assert set(unsure) == {mind, keyed}
    assert "a Yes is read as objecting" in unsure[mind]
    assert "key to the marks" in unsure[keyed]
    shot(wizard, "wizard-mind-and-key")
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    page.confirm_column(mind)
    page.confirm_column(keyed)
    assert page.isComplete()
    _next(qtbot, wizard, ImportWizard.PREVIEW)
    qtbot.waitUntil(wizard.preview_page.isComplete, timeout=20000)
    with qtbot.waitSignal(wizard.imported, timeout=30000):
        _next(qtbot, wizard, ImportWizard.RUN)
    got = {r.upn: r for r in learner_statuses(oak_learners, "OAK", SAMPLE_YEAR)}
    assert set(got["E873210425386"].refused) == {"website", "social_media"}
    assert not {"website", "social_media"} & set(got["U873210425387"].refused)


def test_the_day_undated_forms_came_back_can_be_given_in_the_wizard(
    qtbot: QtBot,
    oak_learners: Database,
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    remember_scope: Callable[..., None],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """September's refusal is dated; October's change of mind is a typed sheet with no date
    column. Undated, it could not overrule the refusal (the trial run says why); given the day
    the forms came back, it is the later return and counts."""
    from consent_desk.services.imports import import_returns

    september = tmp_path / "september.csv"
    september.write_text(
        "UPN,Surname,Forename,Date returned,Website\n"
        "E873210425386,Kowalski,Harpreet,05/09/2025,No\n",
        encoding="utf-8",
    )
    import_returns(oak_learners, september, "OAK", SAMPLE_YEAR)
    october = tmp_path / "october.csv"
    october.write_text(
        "UPN,Surname,Forename,Website\nE873210425386,Kowalski,Harpreet,Yes\n", encoding="utf-8"
    )
    remember_scope("OAK", SAMPLE_YEAR)
    w = open_window(oak_learners)
    wizard = _at_mapping(qtbot, w, dialogs, october, monkeypatch, 4)
    _next(qtbot, wizard, ImportWizard.PREVIEW)
    page = wizard.preview_page
    qtbot.waitUntil(page.isComplete, timeout=20000)
    assert wizard.dry_report.undated == 1 and page.came_back_row.isVisible()
    assert any("no date received" in m["message"] for m in wizard.dry_report.warnings)
    assert wizard.dry_report.projected_changes == 0
    shot(wizard, "wizard-undated-forms")
    page.came_back_on.setDate(QDate(2025, 10, 6))
    page.came_back.setChecked(True)
    qtbot.waitUntil(page.isComplete, timeout=20000)
    assert wizard.dry_report.undated == 0 and wizard.dry_report.projected_changes == 1
    assert page.came_back.isChecked() and page.came_back_row.isVisible()
    shot(wizard, "wizard-forms-came-back-on")
    with qtbot.waitSignal(wizard.imported, timeout=30000):
        _next(qtbot, wizard, ImportWizard.RUN)
    got = {r.upn: r for r in learner_statuses(oak_learners, "OAK", SAMPLE_YEAR)}
    assert "website" not in got["E873210425386"].refused


def test_a_use_offered_as_several_options_is_said_and_read_back_in_the_wizard(
    qtbot: QtBot,
    oak_learners: Database,
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    remember_scope: Callable[..., None],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Facebook, Twitter/X and Instagram are all social media: the mapping page says a parent
    who ticks only some of them agrees to it only on those terms, and the trial run shows, for
    "Twitter/X" alone, which were left unticked (round 9: it read as consent to all of it)."""
    from tests.importing.conftest import write_xlsx

    options = ["School website", "Facebook", "Twitter/X", "Instagram", "Newsletters"]
    heading = "I give consent for my child's photograph to be used in (tick all that apply)"
    learners = [("E873210425386", "Harpreet", "Kowalski"), ("U873210425387", "Ivy", "Evans"),
                ("H873210425388", "Frankie", "Brown")]  # fmt: skip
    rows: list[list[object]] = [["Timestamp", "UPN", "Forename", "Surname", heading]]
    for i, (upn, forename, surname) in enumerate(learners):
        ticked = "Twitter/X" if i == 0 else ", ".join(options)
        rows.append([f"0{i + 2}/09/2025 10:00", upn, forename, surname, ticked])
    sheet = write_xlsx(tmp_path / "forms.xlsx", rows, sheet="Form responses 1")
    remember_scope("OAK", SAMPLE_YEAR)
    w = open_window(oak_learners)
    wizard = _at_mapping(qtbot, w, dialogs, sheet, monkeypatch, 5)
    note = wizard.mapping_page.options_note.text()
    assert "Social media as 3" in note and "only on those terms" in note, note
    shot(wizard, "wizard-options-in-part")
    _next(qtbot, wizard, ImportWizard.PREVIEW)
    qtbot.waitUntil(wizard.preview_page.isComplete, timeout=20000)
    (column,) = [c for c in wizard.dry_report.columns if c["header"] == heading]
    reads = {v["value"]: v["reads_as"] for v in column["values"]}
    assert "only ‘Twitter/X’ ticked, not ‘Facebook’ or ‘Instagram’" in reads["Twitter/X"], reads
    # (no option names displays, press or video: not ticked, so refused, on every row)
    assert wizard.dry_report.projected["restricted"] == 3
    shot(wizard, "wizard-preview-in-part")
