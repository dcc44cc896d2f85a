"""The import wizard's mapping page shows what applies (issue 16): a learner list has no purpose
or polarity columns; a tick-all-that-apply column shows each option of the file with the purpose
it became. Driven as a user would: the file chosen with Browse…, Next, the combo boxes by keys.

Expected readings come from PRODUCT.md's purposes and rules (in a consent-phrased tick list a
use not ticked is refused; in an objection-phrased one, not ticked is no objection).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QTableWidget
from pytestqt.qtbot import QtBot

from consent_desk.db.engine import Database
from consent_desk.gui.import_wizard import ImportWizard
from consent_desk.gui.import_wizard.mapping_page import (
    BECOMES,
    COLUMN,
    MEANING,
    OPTION,
    PURPOSE,
    READING,
    ROLE,
    ROWS,
    MappingPage,
)
from consent_desk.gui.main_window import MainWindow
from tests.conftest import SAMPLES
from tests.gui.conftest import DialogCatcher, item_text, shot
from tests.gui.test_import_wizard import _choose_file, _next, _open

MS_FORMS_LIST = (
    "Please tick all the ways in which you are happy for photographs and video of your child "
    "to be used"
)


def _to_mapping(
    qtbot: QtBot,
    w: MainWindow,
    dialogs: DialogCatcher,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
    path: Path,
) -> MappingPage:
    wizard = _open(w, dialogs, kind)
    _choose_file(qtbot, wizard, path, monkeypatch)
    _next(qtbot, wizard, ImportWizard.SHEET)
    _next(qtbot, wizard, ImportWizard.MAPPING)
    page = wizard.mapping_page
    qtbot.waitUntil(lambda: wizard.mapping is not None and page.table.rowCount() > 0)
    return page


def _options(page: MappingPage) -> dict[str, tuple[str, str]]:
    t = page.options
    return {
        item_text(t, r, OPTION): (item_text(t, r, BECOMES), item_text(t, r, ROWS))
        for r in range(t.rowCount())
    }


def _row_of(page: MappingPage, header: str) -> int:
    return next(i for i, c in enumerate(page.w.mapping.columns) if c.header == header)


def test_a_learner_list_shows_no_purpose_or_polarity_columns(
    qtbot: QtBot,
    sqlite_db: Database,
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    remember_scope: Callable[..., None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    remember_scope("HGH")
    w = open_window(sqlite_db)
    page = _to_mapping(qtbot, w, dialogs, monkeypatch, "learners",
                       SAMPLES / "hillgate-learners-bromcom.xlsx")  # fmt: skip
    table = page.table
    headers = [table.horizontalHeaderItem(c) for c in range(table.columnCount())]
    shown = [
        h.text() for c, h in enumerate(headers) if h is not None and not table.isColumnHidden(c)
    ]
    assert shown == ["Column", "Examples from the file", "Holds", "Reading"]
    assert table.isColumnHidden(PURPOSE) and table.isColumnHidden(MEANING)
    assert not page.options_box.isVisibleTo(page)
    assert "purposes" not in page.subTitle() and "“Yes”" not in page.subTitle()
    # what a column of a learner list may hold: learner details, nothing about answers
    role = table.cellWidget(0, ROLE)
    assert isinstance(role, QComboBox)
    offered = {role.itemText(i) for i in range(role.count())}
    assert "Learner's surname" in offered and "Ignored" in offered
    assert not offered & {"Tick list of purposes", "Answer for chosen purposes", "Overall answer"}
    shot(page.wizard(), "mapping-learner-list")


def test_a_tick_list_shows_each_option_with_the_purpose_it_became(
    qtbot: QtBot,
    sqlite_db: Database,
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    remember_scope: Callable[..., None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    remember_scope("HGH")
    w = open_window(sqlite_db)
    page = _to_mapping(qtbot, w, dialogs, monkeypatch, "returns",
                       SAMPLES / "hillgate-returns-msforms.xlsx")  # fmt: skip
    assert not page.table.isColumnHidden(PURPOSE) and not page.table.isColumnHidden(MEANING)
    assert page.options_box.isVisibleTo(page)
    options = _options(page)
    becomes = {option: became for option, (became, _rows) in options.items()}
    assert becomes == {
        "Displays around the academy": "Displays in the academy",
        "The academy and trust websites": "Websites",
        "Academy social media (Facebook, X, Instagram, YouTube)": "Social media",
        "Newsletters and the prospectus": "Print",
        "Local newspapers and media": "Press",
        "Video recordings and livestreams of events": "Video",
        "I do not consent to any of these": "refuses every use",
    }
    assert all(int(rows.replace(",", "")) > 0 for _b, rows in options.values())
    note = page.options_note.text()
    assert "ticking a use means the parent consents to it; a use not ticked is refused" in note
    row = _row_of(page, MS_FORMS_LIST)
    reading = page.table.cellWidget(row, READING)
    assert "‘The academy and trust websites’ → Websites" in reading.toolTip()
    shot(page.wizard(), "mapping-tick-list")

    # the office says ticking means objecting: the page says so at once
    meaning = page.table.cellWidget(row, MEANING)
    assert isinstance(meaning, QComboBox) and meaning.currentText() == "consent"
    meaning.setFocus()
    qtbot.keyClick(meaning, Qt.Key.Key_Down)
    assert meaning.currentText() == "refuse (objects)"
    note = page.options_note.text()
    assert "ticking a use means the parent objects to it" in note
    assert "a use not ticked is no objection (consent)" in note
    # …and a column that is not a tick list has no options to show
    role = page.table.cellWidget(row, ROLE)
    assert isinstance(role, QComboBox)
    role.setFocus()
    role.setCurrentIndex(role.findText("Ignored"))
    assert not page.options_box.isVisibleTo(page)
    assert item_text(page.table, row, COLUMN).startswith("K: ")


def test_options_that_are_not_uses_and_uses_no_option_names_are_pointed_out(
    qtbot: QtBot,
    sqlite_db: Database,
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    remember_scope: Callable[..., None],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    path = tmp_path / "typed returns.csv"
    path.write_text(
        "Surname,Forename,Date of birth,Date received,Please tick the uses you are happy with\n"
        'Adams,Amy,03/09/2015,10/09/2025,"The school website;Displays in school;Class photos"\n'
        "Brown,Ben,04/10/2015,10/09/2025,The school website\n"
        "Chen,Leo,05/11/2015,11/09/2025,Local newspapers\n",
        encoding="utf-8",
    )
    remember_scope("HGH")
    w = open_window(sqlite_db)
    page = _to_mapping(qtbot, w, dialogs, monkeypatch, "returns", path)
    assert _options(page) == {
        "The school website": ("Websites", "2"),
        "Displays in school": ("Displays in the academy", "1"),
        "Local newspapers": ("Press", "1"),
        "Class photos": ("not one of the uses: kept as the parent's limitation", "1"),
    }
    assert (
        "No option in the file names Social media, Print, Video: every row reads them as "
        "not ticked (refused)." in page.options_note.text()
    )


def test_a_form_returned_column_is_shown_as_whether_the_form_came_back(
    qtbot: QtBot,
    sqlite_db: Database,
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    remember_scope: Callable[..., None],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """An office sheet's "Form returned?" (Y: the form came back, even unanswered) is read as
    such, sure, and is one of the readings a person can choose for any column."""
    remember_scope("HGH")
    path = tmp_path / "office.csv"
    path.write_text("Forename,Surname,DOB,Form returned?,Website\n"
                    "Amelia,Smith,28/04/2017,Y,\nNoah,Evans,14/02/2016,N,Yes\n",
                    encoding="utf-8")  # fmt: skip
    w = open_window(sqlite_db)
    page = _to_mapping(qtbot, w, dialogs, monkeypatch, "returns", path)
    row = _row_of(page, "Form returned?")
    role = page.table.cellWidget(row, ROLE)
    assert isinstance(role, QComboBox) and role.currentText() == "Form came back (Y/N)"
    assert (
        "one marked as come back with nothing answered is a return with every use unanswered"
        in page.table.cellWidget(row, READING).toolTip()
    )
    website = page.table.cellWidget(_row_of(page, "Website"), ROLE)
    assert isinstance(website, QComboBox)
    assert "Form came back (Y/N)" in {website.itemText(i) for i in range(website.count())}
    shot(page.wizard(), "mapping-form-returned")

    # the trial run reads each mark back
    wizard = page.wizard()
    assert isinstance(wizard, ImportWizard)
    _next(qtbot, wizard, ImportWizard.PREVIEW)
    qtbot.waitUntil(wizard.preview_page.isComplete, timeout=20000)
    tabs = wizard.preview_page.view.tabs
    read = tabs.widget(0)
    assert isinstance(read, QTableWidget)
    assert tabs.tabText(0).startswith("How the answers were read")
    rows = {(item_text(read, r, 0), item_text(read, r, 1)): item_text(read, r, 3)
            for r in range(read.rowCount())}  # fmt: skip
    assert rows[("Form returned?", "Y")] == "came back: a return, even with nothing answered"
    shot(wizard, "preview-form-returned")
