"""GUI fixtures: a plain SQLite database per test, settings kept in tmp_path, windows opened
the way the app opens them."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialog, QTableWidget
from pytestqt.qtbot import QtBot

from consent_desk.db.engine import Database
from consent_desk.domain.years import AcademicYear
from consent_desk.gui.app import configure_application
from consent_desk.gui.main_window import MainWindow
from consent_desk.gui.tasks import wait_for_tasks
from tests.conftest import SAMPLES, TRUST

YEAR = AcademicYear.current().label  # what the window shows by default
SAMPLE_YEAR = json.loads((SAMPLES / "expected.json").read_text())["year"]
GUI_DIR = Path(__file__).resolve().parent
# The offscreen platform cannot pass a window's size limits on; real platforms can.
OFFSCREEN_ONLY = "This plugin does not support propagateSizeHints"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if GUI_DIR in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_ONLY))


@pytest.fixture(autouse=True)
def _private_qsettings(qapp: QApplication, tmp_path: Path) -> Iterator[None]:
    """QSettings go to an INI file under tmp_path, never the real user's configuration."""
    configure_application(qapp)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings")
    )
    yield
    assert wait_for_tasks(30000), "a background task did not finish"
    from consent_desk.services.access import set_actor

    set_actor(None)  # nobody stays logged in for the next test


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Database]:
    """A trust with academies OAK and HGH, no learners."""
    from consent_desk.services.trust import add_academy, init_trust

    db = Database(f"sqlite:///{tmp_path / 'gui.sqlite3'}")
    init_trust(db, TRUST)
    add_academy(db, "OAK", "Oakfield Primary Academy", phase="primary")
    add_academy(db, "HGH", "Hillgate High Academy", phase="secondary")
    try:
        yield db
    finally:
        wait_for_tasks()
        db.dispose()


@pytest.fixture
def oak_learners(sqlite_db: Database) -> Database:
    """``sqlite_db`` with Oakfield's learner list imported from the sample file."""
    from consent_desk.services.learner_import import import_learners

    report = import_learners(sqlite_db, SAMPLES / "oakfield-learners-sims.csv", "OAK")
    assert report.added and not report.errors
    return sqlite_db


@pytest.fixture
def remember_scope(sqlite_db: Database) -> Callable[[str, str], None]:
    """Remember an academy and year for ``sqlite_db``, as a window that chose them would."""
    from consent_desk.gui.scope_memory import remember_scope as remember_for

    def remember(academy: str, year: str = YEAR) -> None:
        remember_for(sqlite_db.url, academy, year)
        QSettings().sync()

    return remember


D = TypeVar("D", bound=QDialog)


def item_text(table: QTableWidget, row: int, column: int) -> str:
    """The text of a table cell that must be there."""
    item = table.item(row, column)
    assert item is not None, f"no cell at row {row}, column {column}"
    return item.text()


class DialogCatcher:
    """Makes ``exec()`` of the patched dialog classes open them without blocking, so the test
    can drive them as a user would; ``last(cls)`` is the latest one opened."""

    def __init__(self, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
        self.qtbot, self.monkeypatch = qtbot, monkeypatch
        self.opened: list[QDialog] = []

    def patch(self, cls: type) -> None:
        catcher = self

        def exec_(dialog: QDialog) -> int:
            catcher.opened.append(dialog)
            assert isinstance(dialog, QDialog)
            catcher.qtbot.addWidget(dialog)
            dialog.open()
            catcher.qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
            return 0

        self.monkeypatch.setattr(cls, "exec", exec_)

    def last(self, cls: type[D]) -> D:
        found = [d for d in self.opened if isinstance(d, cls)]
        assert found, f"no {cls.__name__} was opened"
        return found[-1]


@pytest.fixture
def dialogs(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> DialogCatcher:
    return DialogCatcher(qtbot, monkeypatch)


@pytest.fixture
def open_window(qtbot: QtBot) -> Callable[..., MainWindow]:
    """Open the main window on a database and wait until it shows its learners."""

    def open_(db: Database | None = None, **kwargs: object) -> MainWindow:
        w = MainWindow(db, **kwargs)  # type: ignore[arg-type]
        qtbot.addWidget(w)
        w.show()
        with qtbot.waitSignal(w.learners_loaded, timeout=20000):
            w.start()
        return w

    return open_


# --- accounts, logging in, screenshots ----------------------------------------------------------

PASSWORD = "correct horse 42"
ACCOUNTS = {  # user name: (display name, role, academies)
    "ann.coo": ("Ann Coleman", "coo", []),
    "oak.office": ("Olu Office", "office", ["OAK"]),
    "oak.teacher": ("Tess Teacher", "teacher", ["OAK"]),
    "oak.principal": ("Priya Principal", "principal", ["OAK"]),
}


@pytest.fixture
def accounts(oak_learners: Database) -> Database:
    """``oak_learners`` with an account for each role (all with PASSWORD); nobody logged in."""
    from consent_desk.services.access import set_actor
    from consent_desk.services.users import authenticate, create_user

    for username, (name, role, academies) in ACCOUNTS.items():
        create_user(oak_learners, username, name, role, PASSWORD, academies)
        if role == "coo":
            set_actor(authenticate(oak_learners, username, PASSWORD))
    set_actor(None)
    return oak_learners


@pytest.fixture
def login_window(qtbot: QtBot) -> Callable[..., MainWindow]:
    """Open the main window on a database with accounts and log in as a user would."""

    def open_(db: Database, username: str, password: str = PASSWORD) -> MainWindow:
        w = MainWindow(db)
        qtbot.addWidget(w)
        w.show()
        with qtbot.waitSignal(w.login_requested, timeout=20000):
            w.start()
        assert w.session.login is not None
        log_in(qtbot, w, username, password)
        return w

    return open_


def log_in(qtbot: QtBot, w: MainWindow, username: str, password: str = PASSWORD) -> None:
    """Type the user name and password in the open login dialog and press Enter."""
    from PySide6.QtCore import Qt

    d = w.session.login
    assert d is not None and d.isVisible()
    d.username.clear()
    qtbot.keyClicks(d.username, username)
    qtbot.keyClicks(d.password, password)
    with qtbot.waitSignal(w.learners_loaded, timeout=20000):
        qtbot.keyClick(d.password, Qt.Key.Key_Return)


def shot(widget: object, name: str) -> None:
    """Save an offscreen grab to $CONSENT_DESK_SHOTS/NAME.png (to look at), if that is set."""
    import os

    folder = os.environ.get("CONSENT_DESK_SHOTS")
    if not folder:
        return
    QApplication.processEvents()
    Path(folder).mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(Path(folder) / f"{name}.png"))  # type: ignore[attr-defined]


def audit_trail(db: Database, entity: str | None = None) -> list[tuple[str, str, str]]:
    """(user, action, entity) of every audit entry, oldest first — read without logging in."""
    from sqlalchemy import select

    from consent_desk.db.models import AuditEntry

    with db.session() as s:
        q = select(AuditEntry).order_by(AuditEntry.id)
        if entity:
            q = q.where(AuditEntry.entity == entity)
        return [(e.user, e.action, e.entity) for e in s.scalars(q)]
