"""The wizard's sheet page reads a hostile file's sheets and preview through the same guarded
readers: a file that would abort calamine (and with it the whole app) is a one-line message."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from consent_desk.db.engine import Database
from consent_desk.gui.main_window import MainWindow
from tests.gui.conftest import DialogCatcher
from tests.gui.test_import_wizard import _choose_file, _open
from tests.importing.hostile import HOSTILE
from tests.importing.test_hostile_files import EXPECTED


@pytest.mark.parametrize(
    "case", ["far cell at XFD1048576", "ods row repeated a million times", "zip bomb"]
)
def test_the_preview_refuses_a_hostile_file_and_the_app_lives_on(
    qtbot: QtBot,
    oak_learners: Database,
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    case: str,
) -> None:
    name, make = HOSTILE[case]
    path = make(tmp_path / name)
    w = open_window(oak_learners)
    wizard = _open(w, dialogs, "returns")
    _choose_file(qtbot, wizard, path, monkeypatch)
    wizard.button(QWizard.WizardButton.NextButton).click()
    qtbot.waitUntil(lambda: wizard.sheet_page.info.text().startswith("⚠"), timeout=10000)
    text = wizard.sheet_page.info.text()
    assert EXPECTED[case] in text and "\n" not in text
    assert not wizard.sheet_page.isComplete()
