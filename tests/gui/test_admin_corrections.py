"""Admin that can be corrected (issue 16), driven as the COO would: an academy's details edited
(its code only while nothing uses it), an academy with no learners removed (one with learners
refused, saying how many), a person's role changed — each recorded in the audit trail."""

from __future__ import annotations

import csv
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget
from pytestqt.qtbot import QtBot

from consent_desk.db.engine import Database
from consent_desk.gui import settings_academies
from consent_desk.gui.main_window import MainWindow
from consent_desk.gui.settings_academies import AcademyDialog
from consent_desk.gui.settings_dialog import SettingsDialog
from consent_desk.gui.user_forms import RoleDialog
from consent_desk.gui.users_dialog import UsersDialog
from consent_desk.services.access import Role
from consent_desk.services.trust import list_academies
from consent_desk.services.users import list_users
from tests.conftest import SAMPLES
from tests.gui.conftest import YEAR, DialogCatcher, audit_trail, shot

# every row of the sample learner list is a learner of Oakfield
OAK_LEARNERS = len(
    list(
        csv.DictReader(
            (SAMPLES / "oakfield-learners-sims.csv").read_text(encoding="utf-8-sig").splitlines()
        )
    )
)


def _academies_tab(
    qtbot: QtBot, w: MainWindow, dialogs: DialogCatcher
) -> tuple[SettingsDialog, settings_academies.AcademiesTab]:
    dialogs.patch(SettingsDialog)
    w.actions_.settings.trigger()
    d = dialogs.last(SettingsDialog)
    assert isinstance(d, SettingsDialog)
    qtbot.waitUntil(lambda: d.original is not None, timeout=10000)
    d.tabs.setCurrentWidget(d.academies)
    return d, d.academies


def _choose(qtbot: QtBot, listing: QListWidget, code: str) -> None:
    """Click the academy's line in the list."""
    [row] = [
        i for i in range(listing.count()) if listing.item(i).data(Qt.ItemDataRole.UserRole) == code
    ]
    rect = listing.visualItemRect(listing.item(row))
    qtbot.mouseClick(listing.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert listing.currentRow() == row


def test_the_coo_corrects_an_unused_academy_code_and_name(
    qtbot: QtBot,
    oak_learners: Database,
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
) -> None:
    w = open_window(oak_learners)
    d, tab = _academies_tab(qtbot, w, dialogs)
    _choose(qtbot, tab.academy_list, "HGH")
    dialogs.patch(AcademyDialog)
    qtbot.mouseClick(tab.edit_button, Qt.MouseButton.LeftButton)
    e = dialogs.last(AcademyDialog)
    assert isinstance(e, AcademyDialog)
    qtbot.waitUntil(lambda: e.code.isEnabled(), timeout=10000)  # nothing uses HGH yet
    assert "can still be corrected" in e.code_note.text()
    shot(e, "academy-edit")
    # a name left empty is refused under the name, nothing saved
    e.name.selectAll()
    qtbot.keyClick(e.name, Qt.Key.Key_Delete)
    qtbot.keyClick(e.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(e.problems.text("name")), timeout=10000)
    assert e.problems.text("name").startswith("The academy needs a name") and e.isVisible()
    qtbot.keyClicks(e.name, "Hillgate High School")
    assert not e.problems.text("name")  # typing clears it
    e.code.selectAll()
    qtbot.keyClicks(e.code, "hgs")
    e.phase.setFocus()
    qtbot.keyClicks(e.phase, "all")  # typing picks "All-through"
    assert e.phase.currentData() == "all-through"
    with qtbot.waitSignal(d.academies_changed, timeout=10000):
        qtbot.keyClick(e.principal, Qt.Key.Key_Return)
    got = {a.code: a for a in list_academies(oak_learners)}
    assert set(got) == {"OAK", "HGS"}
    assert (got["HGS"].name, got["HGS"].phase) == ("Hillgate High School", "all-through")
    chosen = tab.selected()
    assert chosen is not None and chosen.code == "HGS"
    assert "HGS — Hillgate High School (all-through)" in tab.academy_list.currentItem().text()
    assert audit_trail(oak_learners, "academy")[-1][1] == "update"
    # the window's academy box follows
    qtbot.waitUntil(lambda: w.academy_box.findData("HGS") >= 0, timeout=10000)


def test_a_used_code_stays_and_the_dialog_says_why(
    qtbot: QtBot,
    oak_learners: Database,
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
) -> None:
    w = open_window(oak_learners)
    _, tab = _academies_tab(qtbot, w, dialogs)
    _choose(qtbot, tab.academy_list, "OAK")
    dialogs.patch(AcademyDialog)
    listing = tab.academy_list
    rect = listing.visualItemRect(listing.currentItem())
    qtbot.mouseDClick(listing.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    e = dialogs.last(AcademyDialog)
    assert isinstance(e, AcademyDialog)
    # (the check may be done before a wait for its signal could begin: wait for its words)
    qtbot.waitUntil(lambda: not e.code_note.text().startswith("Checking"), timeout=10000)
    assert not e.code.isEnabled()
    assert f"already used by {OAK_LEARNERS} learners" in e.code_note.text()
    e.principal.setFocus()
    qtbot.keyClicks(e.principal, "Mrs Okafor")
    with qtbot.waitSignal(e.accepted, timeout=10000):
        qtbot.keyClick(e.principal, Qt.Key.Key_Return)
    [oak] = [a for a in list_academies(oak_learners) if a.code == "OAK"]
    assert oak.principal == "Mrs Okafor"


def test_an_empty_academy_is_removed_and_one_with_learners_is_refused(
    qtbot: QtBot,
    oak_learners: Database,
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []
    refused: list[str] = []

    def confirm(_parent: object, text: str, *args: object, **kwargs: object) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(settings_academies, "confirm", confirm)
    monkeypatch.setattr(
        settings_academies,
        "show_error",
        lambda _p, exc, title=None, **k: refused.append(str(exc)),
    )
    w = open_window(oak_learners)
    d, tab = _academies_tab(qtbot, w, dialogs)
    _choose(qtbot, tab.academy_list, "OAK")
    qtbot.mouseClick(tab.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(refused), timeout=10000)
    assert f"has {OAK_LEARNERS} learners, so it cannot be removed" in refused[0]
    assert "edit it instead" in refused[0] and asked == []
    _choose(qtbot, tab.academy_list, "HGH")
    with qtbot.waitSignal(d.academies_changed, timeout=10000):
        qtbot.mouseClick(tab.remove_button, Qt.MouseButton.LeftButton)
    assert asked == ["Remove Hillgate High Academy (HGH)?"]
    assert [a.code for a in list_academies(oak_learners)] == ["OAK"]
    assert tab.academy_list.count() == 1
    assert audit_trail(oak_learners, "academy")[-1][1] == "delete"


def _users(qtbot: QtBot, w: MainWindow, dialogs: DialogCatcher) -> UsersDialog:
    dialogs.patch(UsersDialog)
    w.actions_.users.trigger()
    d = dialogs.last(UsersDialog)
    assert isinstance(d, UsersDialog)
    qtbot.waitUntil(lambda: d.model.rowCount() > 0, timeout=10000)
    return d


def _select_user(qtbot: QtBot, d: UsersDialog, username: str) -> None:
    [row] = [i for i, u in enumerate(d.model.rows) if u.username == username]
    rect = d.table.visualRect(d.model.index(row, 0))
    qtbot.mouseClick(d.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    chosen = d.selected()
    assert chosen is not None and chosen.username == username


def test_the_coo_changes_a_role_and_cannot_demote_themself(
    qtbot: QtBot,
    accounts: Database,
    remember_scope: Callable[..., None],
    login_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
) -> None:
    remember_scope("OAK", YEAR)
    w = login_window(accounts, "ann.coo")
    d = _users(qtbot, w, dialogs)
    _select_user(qtbot, d, "oak.teacher")
    dialogs.patch(RoleDialog)
    qtbot.mouseClick(d.role_button, Qt.MouseButton.LeftButton)
    r = dialogs.last(RoleDialog)
    assert isinstance(r, RoleDialog)
    assert r.role.currentData() == "teacher" and r.academies.codes() == ["OAK"]
    r.role.setCurrentIndex(r.role.findData("principal"))
    shot(r, "users-role")
    with qtbot.waitSignal(d.loaded, timeout=10000):
        qtbot.keyClick(r.role, Qt.Key.Key_Return)
    tess = {u.username: u for u in list_users(accounts)}["oak.teacher"]
    assert (tess.role, tess.academies) == (Role.PRINCIPAL, ("OAK",))
    chosen = d.selected()
    assert chosen is not None and chosen.username == "oak.teacher"
    assert d.model.index(d.model.rows.index(chosen), 2).data() == "Principal"
    assert audit_trail(accounts, "user")[-1] == ("ann.coo", "role", "user")
    # Ann's own role: the form says at once that it cannot change, and Enter changes nothing
    _select_user(qtbot, d, "ann.coo")
    qtbot.mouseClick(d.role_button, Qt.MouseButton.LeftButton)
    mine = dialogs.last(RoleDialog)
    assert isinstance(mine, RoleDialog) and mine is not r
    assert mine.message.isVisible()
    assert "cannot change your own role" in mine.message.text()
    assert not mine.ok.isEnabled() and not mine.role.isEnabled()
    qtbot.keyClick(mine, Qt.Key.Key_Return)
    assert mine.isVisible()
    assert {u.username: u for u in list_users(accounts)}["ann.coo"].role is Role.COO
    assert audit_trail(accounts, "user")[-1] == ("ann.coo", "role", "user")  # nothing new
