"""The audit trail viewer in people's words, driven as a user would: open it from the menu,
type a child's name (without its accents) in the search box, choose an academy and a kind with
the keyboard, read the entry in full, export what is shown — and a principal sees only their
academy's entries. ``consent-desk audit`` prints the same sentences."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from consent_desk.db.engine import Database
from consent_desk.db.models import Learner
from consent_desk.domain.rules import Answer
from consent_desk.domain.years import AcademicYear
from consent_desk.gui import file_dialogs
from consent_desk.gui.audit_dialog import AuditDialog
from consent_desk.gui.main_window import MainWindow
from consent_desk.services.access import set_actor
from consent_desk.services.learners import NewLearner, add_learner, update_learner
from consent_desk.services.returns import NewReturn, add_return
from consent_desk.services.users import authenticate
from tests.gui.conftest import PASSWORD, YEAR, DialogCatcher, shot

OAK = "Oakfield Primary Academy"
HGH = "Hillgate High Academy"


def _as(db: Database, username: str) -> None:
    set_actor(authenticate(db, username, PASSWORD))


@pytest.fixture
def trail(accounts: Database) -> Database:
    """Harpreet Kowalski's parent refuses Websites in a second return, then the office corrects
    her surname; Hillgate gets a learner Zoë Brontë."""
    db = accounts
    with db.session() as s:
        lid = s.scalars(select(Learner.id).where(Learner.upn == "E873210425386")).one()
        version = s.get_one(Learner, lid).version
    start = AcademicYear.current().start_year
    _as(db, "oak.office")
    for day, website in ((10, Answer.CONSENT), (12, Answer.REFUSE)):
        answers = {"website": website, "press": Answer.CONSENT}
        add_return(
            db, NewReturn(lid, YEAR, answers, datetime(start, 9, day, 9), "Ola Kowalska"), "x"
        )
    update_learner(
        db, lid, {"legal_surname": "Kowalska", "preferred_surname": "Kowalska"}, "x", version
    )
    _as(db, "ann.coo")
    add_learner(db, "HGH", NewLearner("Brontë", "Zoë", reg_group="10H"), "x")
    set_actor(None)
    return db


def _open(w: MainWindow, dialogs: DialogCatcher, qtbot: QtBot) -> AuditDialog:
    dialogs.patch(AuditDialog)
    w.actions_.audit.trigger()
    d = dialogs.last(AuditDialog)
    assert isinstance(d, AuditDialog)
    qtbot.waitUntil(lambda: d.model.rowCount() > 0, timeout=10000)
    d.activateWindow()
    qtbot.waitUntil(d.isActiveWindow, timeout=5000)
    return d


def _sentences(d: AuditDialog) -> list[str]:
    return [d.model.index(r, 3).data() for r in range(d.model.rowCount())]


def _search(qtbot: QtBot, d: AuditDialog, text: str) -> None:
    qtbot.keyClick(d, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # &Search
    assert d.search.hasFocus()
    qtbot.keyClick(d.search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(d.search, Qt.Key.Key_Backspace)
    qtbot.keyClicks(d.search, text)


def test_the_coo_finds_a_child_by_name_and_reads_what_changed(
    qtbot: QtBot,
    trail: Database,
    remember_scope: Callable[..., None],
    login_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    remember_scope("OAK", YEAR)
    w = login_window(trail, "ann.coo")
    d = _open(w, dialogs, qtbot)
    _search(qtbot, d, "harpreet kowalska")  # today's name finds the entries made before
    said = _sentences(d)
    harpreet = f"Harpreet Kowalski (RAsh, {OAK})"  # as she was named when it was written
    recorded = [s for s in said if s.startswith(f"Return recorded for {harpreet} for {YEAR} (")]
    assert len(recorded) == 2
    changed = next(s for s in recorded if "→" in s)
    assert changed.endswith(": Websites: consent → refused; the rest as before")
    first = next(s for s in recorded if s != changed)
    assert first.endswith(
        ": Websites: consent; Press: consent; "
        "no answer for Displays in the academy, Social media, Print, Video"
    )
    assert f"Harpreet Kowalska (RAsh, {OAK}): legal surname: Kowalski → Kowalska; " in said[0]
    assert {d.model.index(r, 1).data() for r in range(d.model.rowCount())} == {"Olu Office"}
    assert f"{len(said)} of" in d.count.text() and "match" in d.count.text()
    # the entry in full: the sentence first, then who and when
    d.table.setFocus()
    qtbot.keyClick(d.table, Qt.Key.Key_Home)
    assert d.detail.toPlainText().startswith(d.model.entry(0).sentence)
    assert "Olu Office (user name oak.office)" in d.detail.toPlainText()
    shot(d, "audit-search-name")

    # accents and case do not matter; another academy, by the keyboard
    _search(qtbot, d, "ZOE BRONTE")
    assert _sentences(d) == [f"Learner added: Zoë Brontë (10H, {HGH})"]
    _search(qtbot, d, "")
    qtbot.keyClick(d, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # Aca&demy
    assert d.academy.hasFocus()
    qtbot.keyClicks(d.academy, "Hill")
    assert d.academy.currentText() == HGH
    assert d.model.rowCount() and all(e.academy == HGH for e in d.model.visible_entries())
    qtbot.keyClick(d, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)  # &Kind
    assert d.kind.hasFocus()
    qtbot.keyClicks(d.kind, "Learner")  # the first kind so named (a space would open the list)
    assert d.kind.currentText() == "Learner added"
    assert _sentences(d) == [f"Learner added: Zoë Brontë (10H, {HGH})"]
    shot(d, "audit-academy-kind")

    # the export says what the table says
    d.academy.setCurrentIndex(0)
    d.kind.setCurrentIndex(0)
    _search(qtbot, d, "kowalsk")
    shown = _sentences(d)
    target = tmp_path / "trail.xlsx"
    monkeypatch.setattr(
        file_dialogs.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "")
    )
    with qtbot.waitSignal(d.exported, timeout=10000):
        qtbot.mouseClick(d.export_button, Qt.MouseButton.LeftButton)
    ws = load_workbook(target).active
    assert ws is not None and ws.cell(1, 6).value == "What happened"
    assert [r[5] for r in ws.iter_rows(min_row=2, values_only=True)] == shown

    # the command line prints the same sentences, newest first
    from consent_desk.cli.main import main

    monkeypatch.setenv("CONSENT_DESK_PASSWORD", PASSWORD)
    args = ["--database", str(trail.url), "--user", "ann.coo", "audit", "--search", "kowalsk"]
    capsys = _Capture(monkeypatch)
    assert main(args) == 0
    set_actor(None)
    lines = [line.split("\t") for line in capsys.out().splitlines()]
    by_time = sorted(d.model.visible_entries(), key=lambda e: (e.at, e.id), reverse=True)
    assert [line[3] for line in lines] == [e.sentence for e in by_time]
    assert {line[1] for line in lines} == {"Olu Office"}  # who, by name


class _Capture:
    """stdout of the command, without pytest's capsys (which Qt tests leave alone)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import io
        import sys

        self.buffer = io.StringIO()
        monkeypatch.setattr(sys, "stdout", self.buffer)

    def out(self) -> str:
        return self.buffer.getvalue()


def test_a_principal_finds_only_their_academys_learners(
    qtbot: QtBot,
    trail: Database,
    remember_scope: Callable[..., None],
    login_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
) -> None:
    remember_scope("OAK", YEAR)
    w = login_window(trail, "oak.principal")
    d = _open(w, dialogs, qtbot)
    assert {e.academy for e in d.model.all} == {OAK}
    assert [d.academy.itemText(i) for i in range(d.academy.count())] == ["Every academy", OAK]
    _search(qtbot, d, "bronte")  # Hillgate's learner is not hers to see
    assert d.model.rowCount() == 0 and not d.export_button.isEnabled()
    assert d.count.text().startswith("0 of")
    _search(qtbot, d, "kowalska")
    assert d.model.rowCount() == 3
