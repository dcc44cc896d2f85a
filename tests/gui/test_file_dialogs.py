"""File dialogs start where a busy office expects: the first time in Downloads (imports) or
Documents (what the office saves), after that in the last folder used for that kind of file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from consent_desk.db.engine import Database
from consent_desk.gui import exports, file_dialogs
from consent_desk.gui.import_wizard import ImportWizard
from consent_desk.gui.main_window import MainWindow
from tests.gui.conftest import YEAR, DialogCatcher


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder with Documents and Downloads, as on an office PC."""
    home = tmp_path / "home"
    for sub in ("Documents", "Downloads"):
        (home / sub).mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.delenv("XDG_DOWNLOAD_DIR", raising=False)
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    return home


class Chooser:
    """Stands in for the system file dialog: notes where it opened, answers ``answer``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.opened_in: list[Path] = []
        self.answer = ""

        def pick(_parent: object, _caption: str, start: str, *_a: object, **_k: object) -> tuple:
            self.opened_in.append(Path(start))
            return self.answer, ""

        dialog = file_dialogs.QFileDialog
        monkeypatch.setattr(dialog, "getOpenFileName", pick)
        monkeypatch.setattr(dialog, "getSaveFileName", pick)


def _browse(qtbot: QtBot, w: MainWindow, dialogs: DialogCatcher, action: str) -> ImportWizard:
    dialogs.patch(ImportWizard)
    getattr(w.actions_, action).trigger()
    wizard = dialogs.last(ImportWizard)
    assert isinstance(wizard, ImportWizard)
    qtbot.mouseClick(wizard.file_page.browse_button, Qt.MouseButton.LeftButton)
    return wizard


def test_import_dialogs_start_in_downloads_then_in_the_last_folder_of_their_kind(
    qtbot: QtBot,
    home: Path,
    oak_learners: Database,
    remember_scope: Callable[..., None],
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    chooser = Chooser(monkeypatch)
    remember_scope("OAK", YEAR)
    w = open_window(oak_learners)
    _browse(qtbot, w, dialogs, "import_learners").reject()
    assert chooser.opened_in[-1] == home / "Downloads"  # first time: where e-mailed files land

    mis = tmp_path / "MIS exports"
    mis.mkdir()
    chooser.answer = str(mis / "learners.csv")
    first = _browse(qtbot, w, dialogs, "import_learners")
    assert first.file_page.file.text() == chooser.answer
    first.reject()

    chooser.answer = ""
    _browse(qtbot, w, dialogs, "import_learners").reject()
    assert chooser.opened_in[-1] == mis  # the learner list's folder is remembered
    _browse(qtbot, w, dialogs, "import_returns").reject()
    assert chooser.opened_in[-1] == home / "Downloads"  # returns keep their own folder


def test_exports_start_in_documents_then_where_the_last_export_went(
    qtbot: QtBot,
    home: Path,
    oak_learners: Database,
    remember_scope: Callable[..., None],
    open_window: Callable[..., MainWindow],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    from tests.gui.test_print_export import _Box

    monkeypatch.setattr(exports, "message_box", _Box)
    _Box.shown = []
    chooser = Chooser(monkeypatch)
    remember_scope("OAK", YEAR)
    w = open_window(oak_learners)

    w.actions_.export_chase.trigger()
    start = chooser.opened_in[-1]
    assert start.parent == home / "Documents"  # the suggested name, in Documents
    assert start.suffix  # a file name is suggested, not just a folder

    reports = tmp_path / "Reports"
    reports.mkdir()
    chooser.answer = str(reports / "chase.csv")
    w.actions_.export_chase.trigger()
    qtbot.waitUntil(lambda: (reports / "chase.csv").exists(), timeout=20000)
    qtbot.waitUntil(lambda: bool(_Box.shown), timeout=20000)

    chooser.answer = ""
    w.actions_.export_summary.trigger()
    assert chooser.opened_in[-1].parent == reports  # every export goes on from there
