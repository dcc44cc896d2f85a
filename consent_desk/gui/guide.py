"""The built-in guide (Help → Guide, F1): one short page for office staff, teachers, principals
and the COO, shipped with the app (``consent_desk/resources/guide/guide.html``) and read offline.

The page's status words, the photo-check verdicts, the "who may do what" table and the keyboard
shortcuts are filled in from the app itself, so the guide cannot say something the app does not.
F1 in a dialog opens the section about that dialog (:func:`add_help_key`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMenuBar,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from consent_desk.domain.publishing import Verdict
from consent_desk.domain.rules import Status
from consent_desk.gui.theme import status_text
from consent_desk.paths import resource_path

GUIDE_FILE = "consent_desk/resources/guide/guide.html"

# The sections other screens open the guide at.
STATUSES, IMPORT, KEY_A_FORM, PRINT, PHOTO_CHECK, ROLES, KEYS = (
    "statuses",
    "import",
    "key-a-form",
    "print",
    "photo-check",
    "roles",
    "keys",
)

_HEADING = re.compile(r'<h2><a name="([\w-]+)"></a>(.*?)</h2>')


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str


@cache
def guide_source() -> str:
    return resource_path(GUIDE_FILE).read_text(encoding="utf-8")


def sections(html: str) -> list[Section]:
    """The guide's sections, in order, read from its headings."""
    return [Section(m.group(1), m.group(2)) for m in _HEADING.finditer(html)]


def roles_table() -> str:
    """Who may do what, from the roles' one declaration (``domain.roles``), whose permissions
    every service checks."""
    from consent_desk.domain.roles import PERMISSIONS, Action, Role

    roles = list(Role)
    said = "".join(
        f"<tr><td valign='top'><b>{escape(r.label)}</b></td><td>{escape(r.help)}</td></tr>"
        for r in roles
    )
    head = "".join(f"<th>{escape(r.label)}</th>" for r in roles)
    rows = "".join(
        f"<tr><td>{escape(a.value[0].upper() + a.value[1:])}</td>"
        + "".join(f"<td align='center'>{'✔' if a in PERMISSIONS[r] else '—'}</td>" for r in roles)
        + "</tr>"
        for a in Action
    )
    return (
        f"<table cellpadding='4'>{said}</table>"
        "<p>In detail (✔ may, — may not):</p>"
        f"<table border='1' cellspacing='0' cellpadding='4'><tr><th align='left'>To…</th>{head}"
        f"</tr>{rows}</table>"
    )


def menu_shortcuts(menubar: QMenuBar | None) -> list[tuple[str, str]]:
    """(keys, what they do) for every menu command that has a shortcut, in menu order."""
    out: list[tuple[str, str]] = []

    def walk(actions: list[QAction]) -> None:
        for a in actions:
            menu = a.menu()
            if isinstance(menu, QMenu):
                walk(menu.actions())
                continue
            keys = a.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if keys and (keys, a.text()) not in out:
                out.append((keys, a.text()))

    if menubar is not None:
        walk(menubar.actions())
    return [(k, t.replace("&", "").rstrip("…")) for k, t in out]


def keys_table(shortcuts: list[tuple[str, str]]) -> str:
    if not shortcuts:
        return "<p>Every command is in the menus; press Alt to reach them by keyboard.</p>"
    rows = "".join(
        f"<tr><td><b>{escape(k)}</b></td><td>{escape(t)}</td></tr>" for k, t in shortcuts
    )
    return f"<table cellpadding='3'>{rows}</table>"


def guide_html(shortcuts: list[tuple[str, str]] | None = None) -> str:
    """The guide with the app's own words, roles and shortcuts filled in."""
    fill = {
        **{s.value: status_text(s) for s in Status},
        **{v.value: v.label for v in Verdict},
        "not_ok_lower": Verdict.NOT_OK.label.lower(),
        "roles": roles_table(),
        "keys": keys_table(shortcuts or []),
    }
    html = guide_source()
    for key, text in fill.items():
        html = html.replace("{" + key + "}", text)
    return html


class GuideWindow(QDialog):
    """The guide: a contents list beside the page, and a box to find a word in it."""

    def __init__(self, shortcuts: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Consent Desk guide")
        self.setModal(False)
        html = guide_html(shortcuts)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("Guide")
        self.browser.setOpenLinks(False)  # offline: the page has no links out
        self.browser.setHtml(html)
        self.browser.document().setDocumentMargin(12)
        self.contents = QListWidget()
        self.contents.setAccessibleName("Contents")
        for s in sections(html):
            item = QListWidgetItem(s.title)
            item.setData(Qt.ItemDataRole.UserRole, s.anchor)
            self.contents.addItem(item)
        self.contents.setMaximumWidth(self.contents.sizeHintForColumn(0) + 24)
        self.contents.currentItemChanged.connect(self._go_to)
        self.find_box = QLineEdit()
        self.find_box.setPlaceholderText("Find in the guide (Enter: next)")
        self.find_box.setAccessibleName("Find in the guide")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.returnPressed.connect(self.find_next)
        QShortcut(QKeySequence.StandardKey.Find, self, self.find_box.setFocus)
        self.not_found = QLabel()
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        contents_label = QLabel("&Contents")
        contents_label.setBuddy(self.contents)
        left.addWidget(contents_label)
        left.addWidget(self.contents, 1)
        side = QWidget()
        side.setLayout(left)
        split = QSplitter()
        split.addWidget(side)
        split.addWidget(self.browser)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        finder = QHBoxLayout()
        finder.addWidget(self.find_box, 1)
        finder.addWidget(self.not_found)
        lay = QVBoxLayout(self)
        lay.addLayout(finder)
        lay.addWidget(split, 1)
        screen = (parent.screen() if parent else None) or QApplication.primaryScreen()
        room = screen.availableGeometry()
        self.resize(min(960, room.width() - 80), min(700, room.height() - 80))

    def _go_to(self, item: QListWidgetItem | None, _old: object = None) -> None:
        if item is not None:
            self.browser.scrollToAnchor(item.data(Qt.ItemDataRole.UserRole))

    def show_section(self, anchor: str | None) -> None:
        for i in range(self.contents.count()):
            item = self.contents.item(i)
            if anchor is not None and item.data(Qt.ItemDataRole.UserRole) == anchor:
                self.contents.setCurrentItem(item)
                self._go_to(item)  # again, if it was already the current one
        if self.isVisible():  # open already, perhaps behind the main window
            self.raise_()
        self.show()
        self.activateWindow()
        self.browser.setFocus()

    @property
    def section(self) -> str | None:
        item = self.contents.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def find_next(self) -> None:
        text = self.find_box.text().strip()
        if not text:
            return
        found = self.browser.find(text)
        if not found:  # from the top again
            cursor = self.browser.textCursor()
            cursor.movePosition(cursor.MoveOperation.Start)
            self.browser.setTextCursor(cursor)
            found = self.browser.find(text)
        self.not_found.setText("" if found else "Not in the guide")


def open_guide(parent: QWidget, section: str | None = None) -> GuideWindow:
    """Show the guide at ``section``. While a dialog is open (the import wizard, a paper
    return…) the guide belongs to it, so the dialog does not block it."""
    owner = QApplication.activeModalWidget() or parent.window()
    guide = owner.findChild(GuideWindow, options=Qt.FindChildOption.FindDirectChildrenOnly)
    if guide is None:
        main: QWidget | None = parent
        while main is not None and not isinstance(main, QMainWindow):
            main = main.parentWidget()
        bar = main.menuBar() if isinstance(main, QMainWindow) else None
        guide = GuideWindow(menu_shortcuts(bar), owner)
    guide.show_section(section)
    return guide


def help_keys() -> QKeySequence:
    """The platform's help key (F1; on a Mac Ctrl+?), or F1 where the platform has none."""
    keys = QKeySequence(QKeySequence.StandardKey.HelpContents)
    return QKeySequence("F1") if keys.isEmpty() else keys


def add_help_key(dialog: QWidget, section: str) -> QShortcut:
    """F1 in ``dialog`` opens the guide at ``section``."""
    return QShortcut(help_keys(), dialog, lambda: open_guide(dialog, section))
