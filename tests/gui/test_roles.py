"""Role-aware screens: what a person may not do is disabled with a tooltip saying why — and
the services still refuse it when it is forced."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from consent_desk.db.engine import Database
from consent_desk.gui import learner_panel, return_dialog
from consent_desk.gui.main_window import MainWindow
from consent_desk.gui.return_dialog import ReturnDialog
from consent_desk.gui.settings_dialog import SettingsDialog
from consent_desk.services import access
from consent_desk.services.learners import set_safeguarding
from consent_desk.services.users import authenticate
from tests.gui.conftest import PASSWORD, SAMPLE_YEAR, YEAR, DialogCatcher

UPN = "E873210425386"  # Harpreet Kowalski, Oakfield


def _show(qtbot: QtBot, w: MainWindow, upn: str = UPN) -> learner_panel.LearnerPanel:
    with qtbot.waitSignal(w.panel.loaded, timeout=10000):
        qtbot.keyClicks(w.learners.search, upn)
        qtbot.keyClick(w.learners.search, Qt.Key.Key_Return)
    assert w.panel.detail is not None and w.panel.detail.upn == upn
    return w.panel


def _flag(db: Database, upn: str = UPN) -> int:
    """Flag the learner as the COO would (then log out again)."""
    from consent_desk.services.consent import learner_statuses

    access.set_actor(authenticate(db, "ann.coo", PASSWORD))
    lid = next(r.learner_id for r in learner_statuses(db, "OAK", YEAR) if r.upn == upn)
    set_safeguarding(db, lid, True, "court order", "ann.coo")
    access.set_actor(None)
    return lid


def test_a_teacher_sees_what_they_may_not_do_disabled_with_the_reason(
    qtbot: QtBot,
    accounts: Database,
    remember_scope: Callable[..., None],
    login_window: Callable[..., MainWindow],
) -> None:
    _flag(accounts)
    remember_scope("OAK", YEAR)
    w = login_window(accounts, "oak.teacher")
    a = w.actions_
    for action in (
        a.enter_return,
        a.import_returns,
        a.import_learners,
        a.users,
        a.audit,
        a.backup_now,
        a.restore,
        a.purge,
    ):
        assert not action.isEnabled(), action.text()
    for action in (a.print_sheet, a.print_forms, a.export_list, a.find, a.settings):
        assert action.isEnabled(), action.text()
    assert (
        "Only office staff, a principal or the COO may enter or import returns"
        in a.enter_return.toolTip()
    )
    assert "Only the COO may manage users" in a.users.toolTip()
    panel = _show(qtbot, w)
    assert not panel.flag_button.isEnabled() and not panel.safeguarding_action.isEnabled()
    assert "Only a principal or the COO may set or clear" in panel.flag_button.toolTip()
    assert not panel.show_reason.isVisibleTo(panel)  # flagged, but not for a teacher's eyes
    assert not panel.new_return.isEnabled()
    w.learners.learner_activated.emit(panel.detail.learner_id)  # a double-click on the row
    assert "Only office staff" in w.statusBar().currentMessage()


def test_forced_past_the_disabled_button_the_service_still_refuses(
    qtbot: QtBot,
    accounts: Database,
    remember_scope: Callable[..., None],
    login_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    remember_scope("OAK", YEAR)
    w = login_window(accounts, "oak.teacher")
    shown: list[str] = []
    monkeypatch.setattr(
        return_dialog, "show_error", lambda parent, exc, title=None, **k: shown.append(str(exc))
    )
    dialogs.patch(ReturnDialog)
    panel = _show(qtbot, w)
    w.enter_return_for(panel.detail.learner_id)  # as if the disabled Ctrl+N were pressed
    d = dialogs.last(ReturnDialog)
    assert isinstance(d, ReturnDialog)
    qtbot.keyClick(d.grid, "a")
    qtbot.keyClick(d.limitation, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert "Tess Teacher (Teacher) may not enter or import returns" in shown[0]
    assert all(r.returns == 0 for r in w.learners.model.all_rows())
    flag_errors: list[str] = []
    monkeypatch.setattr(
        learner_panel,
        "show_error",
        lambda parent, exc, title=None, **k: flag_errors.append(str(exc)),
    )
    monkeypatch.setattr(learner_panel, "confirm", lambda *a, **k: True)
    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("why", True))
    panel.change_safeguarding()
    qtbot.waitUntil(lambda: bool(flag_errors), timeout=10000)
    assert "may not set or clear the safeguarding flag" in flag_errors[0]


def test_show_reason_is_for_the_principal_and_the_coo_only(
    qtbot: QtBot,
    accounts: Database,
    remember_scope: Callable[..., None],
    login_window: Callable[..., MainWindow],
) -> None:
    _flag(accounts)
    remember_scope("OAK", YEAR)
    w = login_window(accounts, "oak.office")
    panel = _show(qtbot, w)
    assert panel.detail.safeguarding and not panel.show_reason.isVisibleTo(panel)
    assert not panel.flag_button.isEnabled()
    w.actions_.switch_user.trigger()
    from tests.gui.conftest import log_in

    log_in(qtbot, w, "oak.principal")
    panel = _show(qtbot, w)
    assert panel.show_reason.isVisibleTo(panel) and panel.flag_button.isEnabled()
    qtbot.mouseClick(panel.show_reason, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.reason.isVisibleTo(panel), timeout=10000)
    assert "court order" in panel.reason.text()
    assert w.actions_.audit.isEnabled() and not w.actions_.users.isEnabled()


def test_an_earlier_year_is_read_only_except_for_the_coo(
    qtbot: QtBot,
    accounts: Database,
    remember_scope: Callable[..., None],
    login_window: Callable[..., MainWindow],
) -> None:
    assert SAMPLE_YEAR < YEAR
    remember_scope("OAK", SAMPLE_YEAR)
    w = login_window(accounts, "oak.office")
    assert not w.actions_.enter_return.isEnabled()
    assert f"{SAMPLE_YEAR} is an earlier academic year" in w.actions_.enter_return.toolTip()
    assert w.actions_.import_learners.isEnabled()  # learner lists are not per year
    with qtbot.waitSignal(w.learners_loaded, timeout=10000):
        w.year_box.setCurrentIndex(w.year_box.findData(YEAR))
    assert w.actions_.enter_return.isEnabled()
    assert "earlier academic year" not in w.actions_.enter_return.toolTip()


def test_settings_are_read_only_except_for_the_coo(
    qtbot: QtBot,
    accounts: Database,
    remember_scope: Callable[..., None],
    login_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
) -> None:
    remember_scope("OAK", YEAR)
    w = login_window(accounts, "oak.principal")
    dialogs.patch(SettingsDialog)
    w.actions_.settings.trigger()
    d = dialogs.last(SettingsDialog)
    assert isinstance(d, SettingsDialog)
    qtbot.waitUntil(lambda: d.original is not None, timeout=10000)
    assert not d.trust_name.isEnabled() and not d.questions.isEnabled()
    assert d.database_tab.isEnabled()
    d.trust_name.setText("Renamed")  # even if it were typed in, nothing is sent
    assert d.changes() == {}


def test_each_role_is_named_and_explained_alike_on_screen_and_on_the_command_line(
    qtbot: QtBot, sqlite_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    from consent_desk.cli.main import main
    from consent_desk.domain.roles import ROLES, Action, who_may
    from consent_desk.gui.roles import why_not
    from consent_desk.gui.user_forms import AddUserDialog

    with pytest.raises(SystemExit):
        main(["user", "add", "--help"])
    cli_help = " ".join(capsys.readouterr().out.split())
    form = AddUserDialog(sqlite_db, [])
    qtbot.addWidget(form)
    form.show()
    assert [form.role.itemData(i) for i in range(form.role.count())] == [
        r.role.value for r in ROLES
    ]
    for info in ROLES:
        form.role.setCurrentIndex(form.role.findData(info.role.value))
        assert form.role.currentText() == info.label
        assert form.role_help.text() == info.help
        assert form.academies.isHidden() == info.trust_wide  # the COO works in every academy
        assert f"{info.role.value}: {info.help}" in cli_help
    # a teacher told why not names the roles that may, in the same words
    access.set_actor(access.Actor("t", "T", access.Role.TEACHER, frozenset()))
    try:
        assert why_not(Action.ENTER_RETURNS) == (
            "Only office staff, a principal or the COO may enter or import returns"
        )
        assert who_may(Action.MANAGE_USERS) == ["the COO"]
    finally:
        access.set_actor(None)
