"""'Can I use this photo?' at the desk: a teacher checks a photo's learners by typing names,
sees the verdicts and records it; the take-down banner appears after a withdrawal and is
cleared from its list; a teacher is asked to confirm a changed restriction list."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from itertools import count

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QPushButton
from pytestqt.qtbot import QtBot

from consent_desk.db.engine import Database
from consent_desk.domain.rules import Answer
from consent_desk.gui.list_confirm import ConfirmListDialog
from consent_desk.gui.main_window import MainWindow
from consent_desk.gui.publish_dialog import PublishCheckDialog
from consent_desk.gui.takedowns import TakedownsDialog
from consent_desk.services import access
from consent_desk.services.users import authenticate
from tests.gui.conftest import PASSWORD, YEAR, DialogCatcher, audit_trail, item_text, shot
from tests.rule_cases import C, R, but, every

IVY, FRANKIE, OSCAR = "U873210425387", "H873210425388", "X873210425389"
_minutes = count(1)


@contextmanager
def as_coo(db: Database) -> Iterator[None]:
    """Do something as the COO at another desk; whoever was logged in here stays."""
    here = access.current_actor_or_none()
    access.set_actor(authenticate(db, "ann.coo", PASSWORD))
    try:
        yield
    finally:
        access.set_actor(here)


def learner_id(db: Database, upn: str) -> int:
    from consent_desk.services.consent import learner_statuses

    with as_coo(db):
        return next(r.learner_id for r in learner_statuses(db, "OAK", YEAR) if r.upn == upn)


def give(
    db: Database,
    upn: str,
    answers: dict[str, Answer],
    who: str = "mum",
    limitation: str | None = None,
) -> None:
    from consent_desk.services.returns import NewReturn, add_return

    lid = learner_id(db, upn)
    when = datetime.now().replace(second=0, microsecond=0) - timedelta(days=2)
    with as_coo(db):
        add_return(
            db,
            NewReturn(
                lid,
                YEAR,
                answers,
                when + timedelta(minutes=next(_minutes)),
                respondent_name=who,
                limitation=limitation,
            ),
            "office",
        )


def add_by_typing(qtbot: QtBot, d: PublishCheckDialog, text: str) -> None:
    with qtbot.waitSignal(d.checked, timeout=10000):
        qtbot.keyClicks(d.picker.edit, text)
        qtbot.keyClick(d.picker.edit, Qt.Key.Key_Return)


def table(d: PublishCheckDialog) -> list[tuple[str, str, str]]:
    t = d.table
    return [
        (item_text(t, r, 0), item_text(t, r, 2), item_text(t, r, 3)) for r in range(t.rowCount())
    ]


def test_a_teacher_checks_a_photo_by_typing_names_and_records_it(
    qtbot: QtBot,
    accounts: Database,
    remember_scope: Callable[..., None],
    login_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
) -> None:
    from consent_desk.services.publications import list_publications
    from consent_desk.services.takedowns import counts

    give(accounts, IVY, every(C))
    give(accounts, FRANKIE, but(C, website=R))
    give(accounts, OSCAR, every(C), limitation="First name only")
    remember_scope("OAK", YEAR)
    w = login_window(accounts, "oak.teacher")
    assert w.actions_.check_photo.isEnabled()
    dialogs.patch(PublishCheckDialog)
    w.actions_.check_photo.trigger()
    d = dialogs.last(PublishCheckDialog)
    assert isinstance(d, PublishCheckDialog)
    assert d.picker.edit.hasFocus()
    d.purpose.setCurrentIndex(d.purpose.findData("website"))

    add_by_typing(qtbot, d, "ivy ev")
    add_by_typing(qtbot, d, "frankie")
    add_by_typing(qtbot, d, "hussain osc")
    assert table(d) == [
        ("Ivy Evans", "✔ May appear", "consent given"),
        ("Frankie Brown", "✖ May not appear", "Websites: refused"),
        ("Oscar Hussain", "⚠ Only as the parent's limitation says", "limitation: First name only"),
    ]
    assert d.summary.text() == "✖ Remove or obscure: Frankie Brown"
    qtbot.keyClicks(d.title, "Reception sports day")
    assert not d.record.isEnabled()
    shot(d, "publish-check-refused")

    d.table.setFocus()
    d.table.selectRow(1)
    with qtbot.waitSignal(d.checked, timeout=10000):
        qtbot.keyClick(d.table, Qt.Key.Key_Delete)
    assert [r[0] for r in table(d)] == ["Ivy Evans", "Oscar Hussain"]
    assert d.summary.text() == "⚠ OK to publish only as the limitations say: Oscar Hussain"
    qtbot.keyClicks(d.where, "https://oakfield.example/news/sports-day")
    assert d.record.isEnabled()
    shot(d, "publish-check-ok")
    with qtbot.waitSignal(d.recorded, timeout=10000) as recorded:
        qtbot.keyClick(d.title, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "as publication" in d.message.text()
    assert d.table.rowCount() == 0 and d.title.text() == ""
    shot(d, "publish-recorded")
    d.reject()

    with as_coo(accounts):
        (pub,) = list_publications(accounts, "OAK", YEAR)
        assert pub.id == recorded.args[0]
        assert (pub.title, pub.purpose, pub.checked_by) == (
            "Reception sports day",
            "website",
            "oak.teacher",
        )
        assert [x.name for x in pub.learners] == ["Ivy Evans", "Oscar Hussain"]
        assert counts(accounts, YEAR)["OAK"] == {
            "checks": 1,
            "publications": 1,
            "open_takedowns": 0,
        }
    assert ("oak.teacher", "publish", "publication") in audit_trail(accounts)


def test_the_takedown_banner_appears_after_a_withdrawal(
    qtbot: QtBot,
    accounts: Database,
    remember_scope: Callable[..., None],
    login_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from datetime import date

    from consent_desk.services.publications import publish

    give(accounts, IVY, every(C))
    give(accounts, FRANKIE, every(C))
    ids = [learner_id(accounts, IVY), learner_id(accounts, FRANKIE)]
    with as_coo(accounts):
        publish(
            accounts,
            "OAK",
            YEAR,
            "website",
            "Harvest festival",
            date.today(),
            ids,
            place="https://oakfield.example/harvest",
        )
    remember_scope("OAK", YEAR)
    w = login_window(accounts, "oak.office")
    qtbot.waitUntil(lambda: w.publishing.list_state is not None, timeout=10000)
    assert not w.takedown_banner.isVisible()

    give(accounts, FRANKIE, but(C, website=R), who="dad")  # a carer withdraws, at another desk
    with qtbot.waitSignal(w.publishing_loaded, timeout=10000):
        w.reload()
    assert w.takedown_banner.isVisible()
    assert "“Harvest festival”" in w.takedown_banner.text.text()
    shot(w, "takedown-banner")

    dialogs.patch(TakedownsDialog)
    with qtbot.waitSignal(w.publishing_loaded, timeout=10000):
        qtbot.mouseClick(w.takedown_banner.button, Qt.MouseButton.LeftButton)
    t = dialogs.last(TakedownsDialog)
    assert isinstance(t, TakedownsDialog)
    ((item),) = t.items
    assert (item.title, item.name) == ("Harvest festival", "Frankie Brown")
    assert item.reason == "was: consent given; now: Websites: refused"
    shot(t, "takedown-list")
    monkeypatch.setattr(
        QInputDialog, "getText", lambda *a, **k: ("Photo removed from the harvest page", True)
    )
    button = next(b for b in t.findChildren(QPushButton) if "taken down" in b.text())
    with qtbot.waitSignal(w.publishing_loaded, timeout=10000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not w.takedown_banner.isVisible()
    assert t.items == []
    assert ("oak.office", "takedown_done", "publication") in audit_trail(accounts)


def test_a_teacher_is_not_shown_the_takedown_list(
    qtbot: QtBot,
    accounts: Database,
    remember_scope: Callable[..., None],
    login_window: Callable[..., MainWindow],
) -> None:
    remember_scope("OAK", YEAR)
    w = login_window(accounts, "oak.teacher")
    qtbot.waitUntil(lambda: w.publishing.list_state is not None, timeout=10000)
    assert not w.actions_.takedowns.isEnabled()
    assert not w.takedown_banner.isVisible()


def test_a_teacher_is_asked_to_confirm_a_changed_list(
    qtbot: QtBot,
    accounts: Database,
    remember_scope: Callable[..., None],
    login_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
) -> None:
    give(accounts, IVY, every(C))
    give(accounts, FRANKIE, every(R))
    remember_scope("OAK", YEAR)
    w = login_window(accounts, "oak.teacher")
    qtbot.waitUntil(lambda: w.publishing.list_state is not None, timeout=10000)
    assert w.confirm_banner.isVisible()
    assert "please read" in w.confirm_banner.text.text()

    dialogs.patch(ConfirmListDialog)
    qtbot.mouseClick(w.confirm_banner.button, Qt.MouseButton.LeftButton)
    d = dialogs.last(ConfirmListDialog)
    assert isinstance(d, ConfirmListDialog)
    assert d.changes.isHidden()  # the first time: the whole list, no changes
    names = [item_text(d.table, r, 0) for r in range(d.table.rowCount())]
    assert "Brown, Frankie" in names and "Evans, Ivy" not in names
    with qtbot.waitSignal(w.publishing_loaded, timeout=10000):
        qtbot.mouseClick(d.confirm, Qt.MouseButton.LeftButton)
    assert not w.confirm_banner.isVisible()

    give(accounts, IVY, but(C, social_media=R), who="dad")  # the list changes
    with qtbot.waitSignal(w.publishing_loaded, timeout=10000):
        w.reload()
    assert w.confirm_banner.isVisible()
    assert "has changed</b> since you confirmed it" in w.confirm_banner.text.text()
    shot(w, "confirm-banner")
    qtbot.mouseClick(w.confirm_banner.button, Qt.MouseButton.LeftButton)
    d = dialogs.last(ConfirmListDialog)
    assert isinstance(d, ConfirmListDialog)
    changes = [d.changes.item(i).text() for i in range(d.changes.count())]
    assert changes == ["Ivy Evans (RAsh) is now on the list: refused: Social media"]
    shot(d, "confirm-list-changed")
    with qtbot.waitSignal(w.publishing_loaded, timeout=10000):
        qtbot.mouseClick(d.confirm, Qt.MouseButton.LeftButton)
    assert not w.confirm_banner.isVisible()
    assert [a for a in audit_trail(accounts) if a[1] == "acknowledge_list"] == [
        ("oak.teacher", "acknowledge_list", "academy")
    ] * 2


def test_the_register_is_searchable_and_the_principal_sees_who_has_not_confirmed(
    qtbot: QtBot,
    accounts: Database,
    remember_scope: Callable[..., None],
    login_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
) -> None:
    from datetime import date

    from consent_desk.gui.publications_dialog import ConfirmationsDialog, PublicationsDialog
    from consent_desk.services.acknowledgements import acknowledge
    from consent_desk.services.publications import publish

    give(accounts, IVY, every(C))
    give(accounts, OSCAR, every(C))
    with as_coo(accounts):
        publish(
            accounts,
            "OAK",
            YEAR,
            "website",
            "Harvest festival",
            date(2026, 10, 3),
            [learner_id(accounts, IVY)],
            place="https://oakfield.example/harvest",
        )
        publish(
            accounts,
            "OAK",
            YEAR,
            "print",
            "Autumn newsletter",
            date(2026, 11, 20),
            [learner_id(accounts, IVY), learner_id(accounts, OSCAR)],
            place="autumn newsletter",
        )
    access.set_actor(authenticate(accounts, "oak.teacher", PASSWORD))
    acknowledge(accounts, "OAK")
    access.set_actor(None)

    remember_scope("OAK", YEAR)
    w = login_window(accounts, "oak.principal")
    dialogs.patch(PublicationsDialog)
    w.actions_.publications.trigger()
    d = dialogs.last(PublicationsDialog)
    assert isinstance(d, PublicationsDialog)
    qtbot.waitUntil(lambda: d.table.rowCount() == 2, timeout=10000)
    assert [item_text(d.table, r, 1) for r in range(2)] == [
        "Autumn newsletter",
        "Harvest festival",
    ]
    with qtbot.waitSignal(d.loaded, timeout=10000):
        qtbot.keyClicks(d.search, "oscar")
    assert d.table.rowCount() == 1 and item_text(d.table, 0, 4) == "Ivy Evans, Oscar Hussain"
    assert d.count.text() == "1 publication found"
    shot(d, "publications-register")
    d.reject()

    assert w.actions_.confirmations.isEnabled()
    dialogs.patch(ConfirmationsDialog)
    w.actions_.confirmations.trigger()
    c = dialogs.last(ConfirmationsDialog)
    assert isinstance(c, ConfirmationsDialog)
    rows = {item_text(c.table, r, 0): item_text(c.table, r, 2) for r in range(c.table.rowCount())}
    assert rows == {
        "Tess Teacher": "✔ Yes",
        "Olu Office": "✖ No — never",
        "Priya Principal": "✖ No — never",
    }
    shot(c, "confirmations")


def test_scanning_form_codes_adds_learners_and_a_group_adds_everyone(
    qtbot: QtBot,
    accounts: Database,
    remember_scope: Callable[..., None],
    login_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
) -> None:
    from consent_desk.services.form_codes import codes_for

    ivy = learner_id(accounts, IVY)
    with as_coo(accounts), accounts.session() as s:
        code = codes_for(s, "OAK", YEAR, [ivy])[ivy]
    give(accounts, IVY, every(C))
    remember_scope("OAK", YEAR)
    w = login_window(accounts, "oak.teacher")
    dialogs.patch(PublishCheckDialog)
    w.actions_.check_photo.trigger()
    d = dialogs.last(PublishCheckDialog)
    assert isinstance(d, PublishCheckDialog)
    d.purpose.setCurrentIndex(d.purpose.findData("print"))
    add_by_typing(qtbot, d, code)  # a scanner types the code, then Enter
    assert table(d) == [("Ivy Evans", "✔ May appear", "consent given")]
    assert d.summary.text() == "✔ OK to publish"
    qtbot.keyClicks(d.picker.edit, code[:-1] + ("A" if code[-1] != "A" else "B"))
    qtbot.keyClick(d.picker.edit, Qt.Key.Key_Return)
    assert "not valid" in d.picker.message.text()
    assert d.ids == [ivy]

    d.group.setCurrentIndex(d.group.findText("RAsh"))
    with qtbot.waitSignal(d.checked, timeout=10000):
        qtbot.mouseClick(d.add_group, Qt.MouseButton.LeftButton)
    rash = [r for r in w.learners.model.prepared.rows if r.reg_group == "RAsh"]
    assert len(d.ids) == len(rash) > 1 and d.ids[0] == ivy  # Ivy is not added twice
    assert d.summary.text().startswith("✖ Remove or obscure: ")  # the others have no return


def test_a_withdrawal_between_check_and_record_is_caught(
    qtbot: QtBot,
    accounts: Database,
    remember_scope: Callable[..., None],
    login_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
) -> None:
    from consent_desk.services.publications import list_publications

    give(accounts, IVY, every(C))
    remember_scope("OAK", YEAR)
    w = login_window(accounts, "oak.teacher")
    dialogs.patch(PublishCheckDialog)
    w.actions_.check_photo.trigger()
    d = dialogs.last(PublishCheckDialog)
    assert isinstance(d, PublishCheckDialog)
    d.purpose.setCurrentIndex(d.purpose.findData("social_media"))
    add_by_typing(qtbot, d, "ivy evans")
    qtbot.keyClicks(d.title, "Book week")
    assert d.summary.text() == "✔ OK to publish" and d.record.isEnabled()

    give(accounts, IVY, but(C, social_media=R), who="dad")  # at another desk, meanwhile
    with qtbot.waitSignal(d.checked, timeout=10000):
        qtbot.mouseClick(d.record, Qt.MouseButton.LeftButton)
    assert d.message.text() == (
        "Not recorded: may not appear: Ivy Evans (Social media: "
        "refused) — remove or obscure them and check again."
    )
    assert table(d) == [("Ivy Evans", "✖ May not appear", "Social media: refused")]
    assert not d.record.isEnabled()
    with as_coo(accounts):
        assert list_publications(accounts, "OAK") == []
