"""The Users screen (COO) and the audit trail viewer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from consent_desk.db.engine import Database
from consent_desk.domain.audit_words import fold
from consent_desk.gui import file_dialogs
from consent_desk.gui.audit_dialog import AuditDialog
from consent_desk.gui.audit_model import AuditFilter, AuditTableModel
from consent_desk.gui.main_window import MainWindow
from consent_desk.gui.user_forms import AddUserDialog, PasswordDialog
from consent_desk.gui.users_dialog import UsersDialog
from consent_desk.services import access
from consent_desk.services.access import Role
from consent_desk.services.audit_log import AuditView
from consent_desk.services.users import authenticate, list_users
from tests.gui.conftest import PASSWORD, YEAR, DialogCatcher, shot


def _users(w: MainWindow, dialogs: DialogCatcher, qtbot: QtBot) -> UsersDialog:
    dialogs.patch(UsersDialog)
    w.actions_.users.trigger()
    d = dialogs.last(UsersDialog)
    assert isinstance(d, UsersDialog)
    qtbot.waitUntil(lambda: d.model.rowCount() > 0, timeout=10000)
    return d


def test_the_coo_adds_a_user_sets_a_password_and_disables_an_account(
    qtbot: QtBot,
    accounts: Database,
    remember_scope: Callable[..., None],
    login_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
) -> None:
    remember_scope("OAK", YEAR)
    w = login_window(accounts, "ann.coo")
    d = _users(w, dialogs, qtbot)
    assert d.model.rowCount() == 4
    assert d.model.index(0, 0).data() == "ann.coo"
    assert d.model.index(0, 3).data() == "All (trust-wide)"
    shot(d, "users")
    dialogs.patch(AddUserDialog)
    qtbot.mouseClick(d.add_button, Qt.MouseButton.LeftButton)
    add = dialogs.last(AddUserDialog)
    assert isinstance(add, AddUserDialog)
    qtbot.keyClicks(add.username, "hgh.office")
    qtbot.keyClicks(add.display_name, "Hana Hillgate")
    add.role.setCurrentIndex(add.role.findData("office"))
    qtbot.keyClicks(add.password, "hillgate office 1")
    qtbot.keyClicks(add.repeat, "hillgate office 1")
    qtbot.mouseClick(add.ok, Qt.MouseButton.LeftButton)
    assert "Tick the academies" in add.message.text() and add.isVisible()
    add.academies.tick("HGH")
    shot(add, "users-add")
    with qtbot.waitSignal(d.loaded, timeout=10000):
        qtbot.mouseClick(add.ok, Qt.MouseButton.LeftButton)
    made = {u.username: u for u in list_users(accounts)}["hgh.office"]
    assert made.role is Role.OFFICE and made.academies == ("HGH",) and made.active
    chosen = d.selected()
    assert chosen is not None and chosen.username == "hgh.office"  # the new account is chosen
    # a new password
    dialogs.patch(PasswordDialog)
    qtbot.mouseClick(d.password_button, Qt.MouseButton.LeftButton)
    pw = dialogs.last(PasswordDialog)
    assert isinstance(pw, PasswordDialog)
    qtbot.keyClicks(pw.password, "a brand new one")
    qtbot.keyClicks(pw.repeat, "a brand new one")
    with qtbot.waitSignal(pw.accepted, timeout=10000):
        qtbot.keyClick(pw.repeat, Qt.Key.Key_Return)
    assert authenticate(accounts, "hgh.office", "a brand new one").username == "hgh.office"
    # disable, then enable
    with qtbot.waitSignal(d.loaded, timeout=10000):
        qtbot.mouseClick(d.active_button, Qt.MouseButton.LeftButton)
    assert not {u.username: u for u in list_users(accounts)}["hgh.office"].active
    chosen = d.selected()
    assert chosen is not None and chosen.username == "hgh.office"
    assert d.active_button.text() == "&Enable"
    with qtbot.waitSignal(d.loaded, timeout=10000):
        qtbot.mouseClick(d.active_button, Qt.MouseButton.LeftButton)
    assert {u.username: u for u in list_users(accounts)}["hgh.office"].active


def test_the_first_account_is_the_coos_and_logs_in(
    qtbot: QtBot,
    oak_learners: Database,
    remember_scope: Callable[..., None],
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
) -> None:
    remember_scope("OAK", YEAR)
    w = open_window(oak_learners)
    dialogs.patch(UsersDialog)
    w.actions_.users.trigger()
    d = dialogs.last(UsersDialog)
    assert isinstance(d, UsersDialog)
    qtbot.waitUntil(lambda: d.empty.isVisibleTo(d), timeout=10000)
    dialogs.patch(AddUserDialog)
    qtbot.mouseClick(d.add_button, Qt.MouseButton.LeftButton)
    add = dialogs.last(AddUserDialog)
    assert isinstance(add, AddUserDialog)
    assert add.role.currentData() == "coo" and not add.role.isEnabled()
    qtbot.keyClicks(add.username, "jo.smith")
    qtbot.keyClicks(add.display_name, "Jo Smith")
    qtbot.keyClicks(add.password, "a long passphrase")
    qtbot.keyClicks(add.repeat, "a long passphrase")
    with qtbot.waitSignal(w.learners_loaded, timeout=10000):
        qtbot.mouseClick(add.ok, Qt.MouseButton.LeftButton)
    who = access.current_actor_or_none()
    assert who is not None and who.username == "jo.smith"
    assert "Jo Smith (COO)" in w.windowTitle() and w.session.lock.timeout_ms > 0


def _entry(
    i: int, user: str, who: str, kind: str, minutes: int, sentence: str, academy: str = ""
) -> AuditView:
    return AuditView(
        i,
        datetime(2026, 3, 2, 9, 0) + timedelta(minutes=minutes),
        user,
        "x",
        "y",
        str(i),
        None,
        None,
        sentence=sentence,
        who=who,
        kind=kind,
        academy_code=academy or None,
        haystack=fold(f"{sentence} {who} {user}"),
    )


def test_the_audit_model_passes_the_model_tester(qtmodeltester: object) -> None:
    model = AuditTableModel()
    model.set_entries(
        [
            _entry(1, "ann", "Ann Cole", "Learner added", 1, "Learner added: Zoë Brown", "OAK"),
            _entry(2, "bob", "Bob Hart", "Settings changed", 2, "Trust renamed: X → Y"),
            _entry(3, "ann", "Ann Cole", "Failed login", 3, "Failed login as Ann Cole"),
        ]
    )
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    model.sort(1, Qt.SortOrder.AscendingOrder)
    assert [model.index(r, 1).data() for r in range(3)] == ["Ann Cole", "Ann Cole", "Bob Hart"]
    model.set_filter(AuditFilter(text="zoe BROWN"))  # accents and case ignored
    assert model.rowCount() == 1 and model.index(0, 3).data() == "Learner added: Zoë Brown"
    model.set_filter(AuditFilter(kind="Failed login"))
    assert model.index(0, 2).data() == "Failed login" and model.rowCount() == 1
    model.set_filter(AuditFilter(academy="oak"))
    assert model.rowCount() == 1 and model.entry(0).id == 1
    assert model.users() == [("ann", "Ann Cole"), ("bob", "Bob Hart")]
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_the_audit_viewer_filters_and_exports(
    qtbot: QtBot,
    accounts: Database,
    remember_scope: Callable[..., None],
    login_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    remember_scope("OAK", YEAR)
    w = login_window(accounts, "ann.coo")
    dialogs.patch(AuditDialog)
    w.actions_.audit.trigger()
    d = dialogs.last(AuditDialog)
    assert isinstance(d, AuditDialog)
    qtbot.waitUntil(lambda: d.model.rowCount() > 0, timeout=10000)
    total = d.model.rowCount()
    assert {"ann.coo", "test.office"} <= {u for u, _ in d.model.users()}
    d.who.setCurrentIndex(d.who.findData("ann.coo"))
    assert d.who.currentText() == "Ann Coleman"  # people by their names
    assert 0 < d.model.rowCount() < total
    assert all(d.model.index(r, 1).data() == "Ann Coleman" for r in range(d.model.rowCount()))
    d.who.setCurrentIndex(0)
    d.kind.setCurrentIndex(d.kind.findData("User added"))
    qtbot.keyClicks(d.search, "tess")  # the teacher's account, by her name
    rows = [d.model.entry(r) for r in range(d.model.rowCount())]
    assert [e.sentence for e in rows] == [
        "User added: Tess Teacher (oak.teacher), teacher, academies Oakfield Primary Academy"
    ]
    d.table.selectRow(0)
    assert d.detail.toPlainText().startswith(rows[0].sentence)
    assert "1 of" in d.count.text() and "match" in d.count.text()
    shot(d, "audit-viewer")
    target = tmp_path / "audit"
    monkeypatch.setattr(
        file_dialogs.QFileDialog,
        "getSaveFileName",
        lambda *a, **k: (str(target), "Excel workbook (*.xlsx)"),
    )
    with qtbot.waitSignal(d.exported, timeout=10000) as exported:
        qtbot.mouseClick(d.export_button, Qt.MouseButton.LeftButton)
    assert exported.args == [str(tmp_path / "audit.xlsx")]
    ws = load_workbook(tmp_path / "audit.xlsx").active
    assert ws is not None and ws.max_row == len(rows) + 1  # the entries shown, and a header
    # a date range before anything happened shows nothing
    with qtbot.waitSignal(d.loaded, timeout=10000):
        d.until.setDate(d.until.date().addYears(-5))
    with qtbot.waitSignal(d.loaded, timeout=10000):
        d.since.setDate(d.until.date().addDays(-1))
    assert d.model.rowCount() == 0 and not d.export_button.isEnabled()


def test_the_coo_sees_a_locked_account_and_unlocks_it(
    qtbot: QtBot,
    accounts: Database,
    remember_scope: Callable[..., None],
    login_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
) -> None:
    from consent_desk.db.models import User

    with accounts.session() as s:  # as after too many failed logins
        s.query(User).filter(User.username == "oak.office").update(
            {"locked_at": datetime(2026, 1, 5, 9, 0), "failed_logins": 10}
        )
    remember_scope("OAK", YEAR)
    w = login_window(accounts, "ann.coo")
    d = _users(w, dialogs, qtbot)
    row = next(i for i, u in enumerate(d.model.rows) if u.username == "oak.office")
    assert d.model.index(row, 4).data() == "Locked"
    d.table.selectRow(row)
    assert d.unlock_button.isEnabled()
    shot(d, "users-locked")
    with qtbot.waitSignal(d.loaded, timeout=10000):
        qtbot.mouseClick(d.unlock_button, Qt.MouseButton.LeftButton)
    assert d.model.index(row, 4).data() == "Active" and not d.unlock_button.isEnabled()
    assert authenticate(accounts, "oak.office", PASSWORD).username == "oak.office"
