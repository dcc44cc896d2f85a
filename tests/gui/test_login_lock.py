"""Logging in, logging out, switching user, the COO's account after the first run, and the lock
after a while without input — which hides learners' data until the same password is typed."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from consent_desk.db.engine import Database
from consent_desk.gui.first_run import FirstRunDialog
from consent_desk.gui.main_window import MainWindow
from consent_desk.gui.return_dialog import ReturnDialog
from consent_desk.services.access import Role, current_actor_or_none
from consent_desk.services.users import any_users
from tests.gui.conftest import PASSWORD, YEAR, DialogCatcher, audit_trail, log_in, shot


def _start(qtbot: QtBot, db: Database) -> MainWindow:
    w = MainWindow(db)
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignal(w.login_requested, timeout=20000):
        w.start()
    return w


def test_a_wrong_password_is_refused_in_the_dialog_then_the_right_one_logs_in(
    qtbot: QtBot, accounts: Database, remember_scope: Callable[..., None]
) -> None:
    remember_scope("OAK")
    w = _start(qtbot, accounts)
    d = w.session.login
    assert d is not None and d.isVisible()
    assert w.learners.model.total == 0  # nothing is read before someone logs in
    assert QApplication.focusWidget() is d.username  # nobody logged in at this desk yet
    qtbot.keyClicks(d.username, "oak.office")
    qtbot.keyClick(d.username, Qt.Key.Key_Tab)
    qtbot.keyClicks(d.password, "not my password")
    qtbot.keyClick(d.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: d.message.isVisibleTo(d), timeout=10000)
    assert "Wrong user name or password" in d.message.text()
    assert d.isVisible() and d.password.text() == "" and current_actor_or_none() is None
    shot(d, "login-refused")
    log_in(qtbot, w, "oak.office")
    who = current_actor_or_none()
    assert who is not None and who.username == "oak.office" and who.role is Role.OFFICE
    assert "Olu Office (Office staff)" in w.windowTitle()
    assert w.session.user_label.text() == "Logged in as Olu Office (Office staff)"
    assert w.learners.model.total > 300
    assert w.actions_.log_out.isVisible() and w.actions_.switch_user.isVisible()
    actions = [(user, action) for user, action, _ in audit_trail(accounts, "user")]
    assert ("oak.office", "login_failed") in actions and ("oak.office", "login") in actions


def test_the_next_login_offers_the_last_user_name(
    qtbot: QtBot, accounts: Database, login_window: Callable[..., MainWindow]
) -> None:
    w = login_window(accounts, "oak.teacher")
    w.close()
    again = _start(qtbot, accounts)
    assert again.session.login is not None and again.session.login.username.text() == "oak.teacher"
    assert QApplication.focusWidget() is again.session.login.password
    shot(again.session.login, "login")


def test_quit_at_the_login_closes_the_window(qtbot: QtBot, accounts: Database) -> None:
    w = _start(qtbot, accounts)
    assert w.session.login is not None
    w.session.login.cancel_button.click()
    qtbot.waitUntil(lambda: not w.isVisible(), timeout=5000)


def test_a_database_without_accounts_asks_nobody_to_log_in(
    qtbot: QtBot,
    oak_learners: Database,
    remember_scope: Callable[..., None],
    open_window: Callable[..., MainWindow],
) -> None:
    remember_scope("OAK")
    w = open_window(oak_learners)
    assert w.session.login is None and not w.actions_.log_out.isVisible()
    assert w.session.lock.timeout_ms == 0 and not w.session.user_label.isVisible()
    assert w.actions_.enter_return.isEnabled() and w.actions_.users.isEnabled()


def test_after_the_first_run_the_coo_account_is_offered(
    qtbot: QtBot, tmp_path: Path, open_window: Callable[..., MainWindow], dialogs: DialogCatcher
) -> None:
    db = Database(f"sqlite:///{tmp_path / 'new.sqlite3'}")

    def exec_(dialog: FirstRunDialog) -> int:
        dialog.open()
        qtbot.keyClicks(dialog.trust, "Riverside Learning Trust")
        qtbot.keyClicks(dialog.code, "riv")
        qtbot.keyClicks(dialog.name, "Riverside Primary")
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.result() == 1, timeout=30000)
        return 1

    dialogs.monkeypatch.setattr(FirstRunDialog, "exec", exec_)
    w = open_window(db)
    offer = w.session.coo_offer
    assert offer is not None
    assert offer.isVisible() and not any_users(db)
    shot(offer, "first-run-coo-account")
    qtbot.keyClicks(offer.username, "Jo.Smith")
    qtbot.keyClicks(offer.display_name, "Jo Smith")
    qtbot.keyClicks(offer.password, "short")
    qtbot.keyClicks(offer.repeat, "short")
    qtbot.keyClick(offer.repeat, Qt.Key.Key_Return)
    assert "at least 8 characters" in offer.message.text() and offer.isVisible()
    for edit in (offer.password, offer.repeat):
        edit.clear()
        qtbot.keyClicks(edit, "a long passphrase")
    with qtbot.waitSignal(w.learners_loaded, timeout=20000):
        qtbot.keyClick(offer.repeat, Qt.Key.Key_Return)
    who = current_actor_or_none()
    assert who is not None and who.username == "jo.smith" and who.role is Role.COO
    assert any_users(db) and "Jo Smith (COO)" in w.windowTitle()
    assert w.session.lock.timeout_ms == 10 * 60_000  # the trust's default: 10 minutes
    db.dispose()


def test_not_now_keeps_the_database_without_accounts(
    qtbot: QtBot, tmp_path: Path, open_window: Callable[..., MainWindow], dialogs: DialogCatcher
) -> None:
    db = Database(f"sqlite:///{tmp_path / 'new.sqlite3'}")

    def exec_(dialog: FirstRunDialog) -> int:
        dialog.open()
        qtbot.keyClicks(dialog.trust, "Riverside Learning Trust")
        qtbot.keyClicks(dialog.code, "riv")
        qtbot.keyClicks(dialog.name, "Riverside Primary")
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.result() == 1, timeout=30000)
        return 1

    dialogs.monkeypatch.setattr(FirstRunDialog, "exec", exec_)
    w = open_window(db)
    offer = w.session.coo_offer
    assert offer is not None
    qtbot.keyClick(offer, Qt.Key.Key_Escape)
    assert not offer.isVisible() and not any_users(db)
    assert w.actions_.import_learners.isEnabled()
    db.dispose()


def _hidden(w: MainWindow) -> bool:
    """No learner data on screen: the table, the panel and the menus are hidden."""
    return not any(
        x.isVisible() for x in (w.learners, w.panel, w.menuBar(), w.tabs, w.actions_.toolbar)
    )


def test_the_window_locks_after_a_while_without_input_and_unlocks_with_the_password(
    qtbot: QtBot,
    accounts: Database,
    remember_scope: Callable[..., None],
    login_window: Callable[..., MainWindow],
) -> None:
    remember_scope("OAK")
    w = login_window(accounts, "oak.office")
    assert w.session.lock.timeout_ms == 10 * 60_000
    w.session.lock.set_timeout(300)  # a short wait for the test
    qtbot.keyClicks(w.learners.search, "kow")  # typing keeps it open…
    assert not w.session.lock.is_locked
    with qtbot.waitSignal(w.session.lock.locked, timeout=5000):  # …then nobody touches it
        pass
    assert _hidden(w)
    assert not w.actions_.enter_return.isEnabled() and not w.actions_.print_sheet.isEnabled()
    panel = w.session.lock.panel
    assert panel is not None and panel.isVisible()
    assert "Olu Office (Office staff)" in panel.person.text()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.password, timeout=5000)
    shot(w, "lock-screen")
    qtbot.keyClicks(panel.password, "wrong password")
    qtbot.keyClick(panel.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.message.isVisibleTo(panel), timeout=10000)
    assert w.session.lock.is_locked and _hidden(w)
    assert "Wrong user name or password" in panel.message.text()
    shot(w, "lock-screen-refused")
    with qtbot.waitSignal(w.session.lock.unlocked, timeout=10000):
        qtbot.keyClicks(panel.password, PASSWORD)
        qtbot.keyClick(panel.password, Qt.Key.Key_Return)
    assert w.learners.isVisible() and w.panel.isVisible() and w.menuBar().isVisible()
    assert w.actions_.enter_return.isEnabled()
    assert w.learners.search.text() == "kow"  # where they were
    who = current_actor_or_none()
    assert who is not None and who.username == "oak.office"


def test_the_lock_also_covers_a_dialog_that_was_open(
    qtbot: QtBot,
    accounts: Database,
    remember_scope: Callable[..., None],
    login_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
) -> None:
    remember_scope("OAK")
    w = login_window(accounts, "oak.office")
    dialogs.patch(ReturnDialog)
    w.actions_.enter_return.trigger()
    d = dialogs.last(ReturnDialog)
    assert isinstance(d, ReturnDialog)
    qtbot.keyClicks(d.picker.edit, "kowalski harp")
    qtbot.keyClick(d.picker.edit, Qt.Key.Key_Return)
    assert d.card.isVisible() and "Kowalski" in d.card.text()
    w.session.lock.set_timeout(200)
    with qtbot.waitSignal(w.session.lock.locked, timeout=5000):
        pass
    assert d.isVisible() and not d.card.isVisible() and not d.grid.isVisible()
    assert _hidden(w)
    panel = w.session.lock.panel
    assert panel is not None and panel.window() is d  # the password is asked where input goes
    shot(d, "lock-over-dialog")
    qtbot.keyClicks(panel.password, PASSWORD)
    with qtbot.waitSignal(w.session.lock.unlocked, timeout=10000):
        qtbot.keyClick(panel.password, Qt.Key.Key_Return)  # never the dialog's "Save"
    assert d.isVisible() and d.card.isVisible() and d.learner_id is not None
    assert all(r.returns == 0 for r in w.learners.model.all_rows())


def test_someone_else_logs_in_at_the_lock_screen(
    qtbot: QtBot,
    accounts: Database,
    remember_scope: Callable[..., None],
    login_window: Callable[..., MainWindow],
) -> None:
    remember_scope("OAK")
    w = login_window(accounts, "oak.office")
    w.actions_.lock_now.trigger()  # Ctrl+L
    assert w.session.lock.is_locked and w.session.lock.panel is not None
    qtbot.mouseClick(w.session.lock.panel.other_button, Qt.MouseButton.LeftButton)
    assert current_actor_or_none() is None and w.session.login is not None and _hidden(w)
    assert "Olu Office (Office staff) has logged out" in w.session.login.intro.text()
    log_in(qtbot, w, "oak.teacher")
    assert not w.session.lock.is_locked and w.learners.isVisible()
    assert "Tess Teacher (Teacher)" in w.windowTitle()
    assert not w.actions_.enter_return.isEnabled()


def test_log_out_and_switch_user_from_the_menu(
    qtbot: QtBot,
    accounts: Database,
    remember_scope: Callable[..., None],
    login_window: Callable[..., MainWindow],
) -> None:
    remember_scope("OAK", YEAR)
    w = login_window(accounts, "oak.teacher")
    w.actions_.switch_user.trigger()
    assert w.session.login is not None and w.session.login.cancel_button.text() == "Cancel"
    w.session.login.cancel_button.click()  # Cancel: the teacher stays
    assert current_actor_or_none() is not None and w.learners.isVisible()
    w.actions_.switch_user.trigger()
    log_in(qtbot, w, "ann.coo")
    assert "Ann Coleman (COO)" in w.windowTitle() and w.actions_.users.isEnabled()
    w.actions_.log_out.trigger()
    assert current_actor_or_none() is None and _hidden(w)
    assert w.session.login is not None and w.session.login.isVisible()
    log_in(qtbot, w, "oak.office")
    assert w.learners.isVisible() and "Olu Office" in w.windowTitle()


def test_the_login_box_waits_longer_after_each_refusal_whatever_the_name(
    qtbot: QtBot, accounts: Database
) -> None:
    from consent_desk.gui.login_dialog import LoginDialog
    from consent_desk.services.users import login_delay

    d = LoginDialog(accounts, username="")
    qtbot.addWidget(d)
    d.show()
    for n, name in enumerate(("nobody.here", "oak.office", "someone.else"), start=1):
        d.username.setText(name)
        d.password.setText("not the password")
        d.log_in()
        qtbot.waitUntil(partial(lambda n: d.failures == n, n), timeout=20000)
    assert login_delay(3) > 0
    assert not d.login_button.isEnabled() and d.login_button.text().startswith("Wait ")
    d.log_in()  # ignored while waiting
    assert d.failures == 3
    d._waited()
    assert d.login_button.isEnabled()


def test_a_desk_without_accounts_says_so_until_the_coo_decides(
    qtbot: QtBot, oak_learners: Database, open_window: Callable[..., MainWindow]
) -> None:
    from consent_desk.gui.login_dialog import CreateCooDialog
    from consent_desk.services.audit_log import list_audit
    from consent_desk.services.trust import get_settings

    w = open_window(oak_learners)
    assert w.session.no_accounts.isVisibleTo(w)
    assert w.session.no_accounts.text().startswith("⚠ No user accounts")
    assert "safeguarding" in w.session.no_accounts.toolTip()
    shot(w, "no-accounts")
    qtbot.mouseClick(w.session.no_accounts, Qt.MouseButton.LeftButton)
    d = w.session.coo_offer
    assert isinstance(d, CreateCooDialog) and d.isVisible()
    shot(d, "no-accounts-offer")
    with qtbot.waitSignal(w.learners_loaded, timeout=20000):
        qtbot.mouseClick(d.single_button, Qt.MouseButton.LeftButton)
    assert get_settings(oak_learners).single_user_desk
    assert w.session.no_accounts.isVisibleTo(w) and w.session.no_accounts.text().startswith(
        "Single-user desk"
    )
    chosen = list_audit(oak_learners, entity="trust", action="update")
    assert chosen and chosen[0].after == {"single_user_desk": True}


def test_with_accounts_the_warning_goes(
    qtbot: QtBot, accounts: Database, login_window: Callable[..., MainWindow]
) -> None:
    w = login_window(accounts, "ann.coo")
    assert not w.session.no_accounts.isVisibleTo(w)


def test_the_lock_screen_says_why_the_desk_locked(
    qtbot: QtBot,
    accounts: Database,
    remember_scope: Callable[..., None],
    login_window: Callable[..., MainWindow],
) -> None:
    from consent_desk.gui.lock import idle_reason

    remember_scope("OAK")
    w = login_window(accounts, "oak.office")
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=5000)
    with qtbot.waitSignal(w.session.lock.locked, timeout=5000):
        qtbot.keyClick(w.learners.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    panel = w.session.lock.panel
    assert panel is not None
    said = panel.text.text()
    assert "You locked the desk" in said and "Ctrl+L" in said
    assert "without use" not in said  # nobody waited: the person pressed Ctrl+L
    shot(w, "lock-screen-ctrl-l")
    with qtbot.waitSignal(w.session.lock.unlocked, timeout=10000):
        qtbot.keyClicks(panel.password, PASSWORD)
        qtbot.keyClick(panel.password, Qt.Key.Key_Return)

    w.session.lock.set_timeout(1000)  # the trust's "lock after", shortened for the test
    with qtbot.waitSignal(w.session.lock.locked, timeout=5000):
        pass
    panel = w.session.lock.panel
    assert panel is not None
    assert "Locked after 1 second without use" in panel.text.text()
    assert "You locked" not in panel.text.text()
    # the trust's default setting, in the same words
    assert idle_reason(10 * 60_000) == "Locked after 10 minutes without use"
