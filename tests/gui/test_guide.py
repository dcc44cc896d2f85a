"""The built-in guide: F1 and Help → Guide open it; F1 in a dialog opens the section about that
dialog; it says what PRODUCT.md says each status means and who may do what."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from consent_desk.db.engine import Database
from consent_desk.gui import return_dialog
from consent_desk.gui.guide import GuideWindow, guide_html, roles_table, sections
from consent_desk.gui.import_wizard import ImportWizard
from consent_desk.gui.main_window import MainWindow
from consent_desk.gui.print_dialog import PrintSheetDialog
from consent_desk.gui.return_dialog import ReturnDialog
from tests.gui.conftest import SAMPLE_YEAR, DialogCatcher

# The sections issue 16 asks for, by the words a reader looks for in the contents.
ASKED = {
    "statuses": "status",
    "import": "import",
    "key-a-form": "paper form",
    "print": "print",
    "roles": "who may do what",
}


def _plain(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _section_text(html: str, anchor: str) -> str:
    start = html.index(f'<a name="{anchor}">')
    following = html.find("<h2>", start)
    return _plain(html[start : following if following > 0 else len(html)])


def test_the_guide_has_every_section_the_issue_names() -> None:
    html = guide_html([("Ctrl+N", "Enter a paper return")])
    found = {s.anchor: s.title.lower() for s in sections(html)}
    for anchor, words in ASKED.items():
        assert anchor in found and words in found[anchor], (anchor, found)
    assert not re.search(r"\{\w+\}", html), "a placeholder was left unfilled"


def test_the_statuses_are_explained_as_product_md_defines_them() -> None:
    text = _section_text(guide_html(), "statuses")
    # PRODUCT.md "Status per learner and year", in the words the table shows
    no_images = text[text.index("NO IMAGES") : text.index("Restricted")]
    assert "safeguarding flag" in no_images and "refused every use" in no_images
    no_restriction = text[text.index("No restriction") : text.index("Not returned")]
    assert "every use" in no_restriction and "no limitation" in no_restriction
    assert "No form has come back" in text
    restricted = text[text.index("Restricted") : text.index("No restriction")]
    assert "refused" in restricted and "unanswered" in restricted and "limitation" in restricted
    # the more restrictive answer wins; the non-return setting and where it is changed
    assert "any of them refuses a use, that use is refused" in text
    assert "Treat learners with no return as restricted" in text
    assert "on the restriction list" in text


def _matrix(table: str) -> dict[str, list[str]]:
    rows = re.findall(r"<tr><td>([^<]+)</td>((?:<td align='center'>[^<]+</td>)+)</tr>", table)
    return {what: re.findall(r">([^<]+)</td>", cells) for what, cells in rows}


def test_who_may_do_what_follows_the_roles() -> None:
    table = roles_table()
    for label in ("Office staff", "Teacher", "Principal", "COO"):
        assert f"<th>{label}</th>" in table
    # columns: office, teacher, principal, COO (the order of the roles)
    m = _matrix(table)
    # PRODUCT.md: a teacher prints the sheet but cannot change data
    assert m["Print and export sheets and lists"] == ["✔", "✔", "✔", "✔"]
    assert m["Enter or import returns"] == ["✔", "—", "✔", "✔"]
    # the principal sets "no images — safeguarding" and sees its reason; office staff do not
    assert m["Set or clear the safeguarding flag"] == ["—", "—", "✔", "✔"]
    assert m["See the safeguarding reason"] == ["—", "—", "✔", "✔"]
    # settings and users are the COO's
    assert m["Manage users"] == ["—", "—", "—", "✔"]


def _guide(qtbot: QtBot) -> GuideWindow:
    def shown() -> GuideWindow:
        found = [
            g
            for g in QApplication.topLevelWidgets()
            if isinstance(g, GuideWindow) and g.isVisible()
        ]
        assert found
        return found[-1]

    qtbot.waitUntil(lambda: bool(shown()), timeout=5000)
    return shown()


def _top_line(guide: GuideWindow) -> str:
    """The line at the top of the page as the reader sees it."""
    QApplication.processEvents()
    return guide.browser.cursorForPosition(QPoint(30, 16)).block().text()


def test_f1_opens_the_guide_and_the_contents_go_to_a_section(
    qtbot: QtBot, sqlite_db: Database, open_window: Callable[..., MainWindow]
) -> None:
    w = open_window(sqlite_db)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    qtbot.keyClick(w.learners, Qt.Key.Key_F1)
    guide = _guide(qtbot)
    assert guide.parent() is w
    titles = [guide.contents.item(i).text() for i in range(guide.contents.count())]
    roles = titles.index("Who may do what")
    item = guide.contents.item(roles)
    qtbot.mouseClick(
        guide.contents.viewport(),
        Qt.MouseButton.LeftButton,
        pos=guide.contents.visualItemRect(item).center(),
    )
    assert guide.section == "roles"
    assert _top_line(guide) == "Who may do what"
    # the keys section lists the menus' own shortcuts, F1 among them
    assert "F1" in guide.browser.toPlainText() and "Enter a paper return" in (
        guide.browser.toPlainText()
    )


def test_the_help_menu_opens_the_guide(
    qtbot: QtBot, sqlite_db: Database, open_window: Callable[..., MainWindow]
) -> None:
    w = open_window(sqlite_db)
    help_menu = next(a.menu() for a in w.menuBar().actions() if a.text() == "&Help")
    assert isinstance(help_menu, QMenu)
    guide_action = next(a for a in help_menu.actions() if a.text() == "&Guide")
    assert guide_action.isEnabled()
    guide_action.trigger()
    guide = _guide(qtbot)
    qtbot.keyClicks(guide.find_box, "limitation")
    qtbot.keyClick(guide.find_box, Qt.Key.Key_Return)
    assert guide.browser.textCursor().selectedText().lower() == "limitation"
    assert guide.not_found.text() == ""
    guide.find_box.clear()
    qtbot.keyClicks(guide.find_box, "zebra crossing")
    qtbot.keyClick(guide.find_box, Qt.Key.Key_Return)
    assert guide.not_found.text() == "Not in the guide"
    qtbot.keyClick(guide.browser, Qt.Key.Key_Escape)  # closes like any window
    assert not guide.isVisible()


@pytest.fixture
def oak_window(
    oak_learners: Database,
    remember_scope: Callable[..., None],
    open_window: Callable[..., MainWindow],
) -> MainWindow:
    remember_scope("OAK", SAMPLE_YEAR)
    return open_window(oak_learners)


def test_f1_in_the_import_wizard_opens_the_import_section(
    qtbot: QtBot, oak_window: MainWindow, dialogs: DialogCatcher
) -> None:
    dialogs.patch(ImportWizard)
    oak_window.actions_.import_returns.trigger()
    wizard = dialogs.last(ImportWizard)
    assert isinstance(wizard, ImportWizard)
    qtbot.keyClick(wizard.currentPage(), Qt.Key.Key_F1)
    guide = _guide(qtbot)
    assert guide.parent() is wizard  # a modal wizard must not block its own help
    assert guide.section == "import"
    assert _top_line(guide) == "Importing a spreadsheet"
    guide.close()
    qtbot.mouseClick(wizard.button(wizard.WizardButton.HelpButton), Qt.MouseButton.LeftButton)
    assert _guide(qtbot).section == "import"


def test_f1_while_typing_in_a_form_opens_that_section(
    qtbot: QtBot, oak_window: MainWindow, dialogs: DialogCatcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(return_dialog, "confirm", lambda *a, **k: True)
    dialogs.patch(ReturnDialog)
    oak_window.actions_.enter_return.trigger()
    d = dialogs.last(ReturnDialog)
    assert isinstance(d, ReturnDialog)
    qtbot.keyClick(QApplication.focusWidget() or d, Qt.Key.Key_F1)
    guide = _guide(qtbot)
    assert guide.section == "key-a-form"
    assert _top_line(guide) == "Typing in a paper form"


def test_f1_in_the_print_dialog_opens_the_printing_section(
    qtbot: QtBot, oak_window: MainWindow, dialogs: DialogCatcher
) -> None:
    dialogs.patch(PrintSheetDialog)
    oak_window.actions_.print_sheet.trigger()
    d = dialogs.last(PrintSheetDialog)
    assert isinstance(d, PrintSheetDialog)
    qtbot.keyClick(d.print_button, Qt.Key.Key_F1)
    guide = _guide(qtbot)
    assert guide.section == "print"
    assert _top_line(guide) == "Printing a restricted-learner sheet"
