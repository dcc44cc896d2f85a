"""Children's data on disk is readable by its owner only: the data folder, the database with
its -wal/-shm, backups, restores, upgrade backups and exports into the data folder."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from consent_desk.db.engine import Database, data_dir
from consent_desk.domain.years import AcademicYear
from consent_desk.private_files import create_private_file, private_dir, private_output
from consent_desk.services.audit_log import export_audit_xlsx, list_audit
from consent_desk.services.backup import (
    backup_before_upgrade,
    backup_dir,
    backup_to,
    daily_backup,
    restore_from,
)
from consent_desk.services.documents import (
    export_chase_list,
    export_principal_list,
    export_summary,
)
from consent_desk.services.learners import NewLearner, add_learner
from consent_desk.services.trust import add_academy, init_trust
from tests.conftest import FIXTURES, TRUST

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
YEAR = AcademicYear.current().label


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The usual desktop umask, which makes new files readable by everyone."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _modes_under(folder: Path) -> dict[str, int]:
    found = {folder.name + "/": _mode(folder)}
    for p in folder.rglob("*"):
        found[str(p.relative_to(folder)) + ("/" if p.is_dir() else "")] = _mode(p)
    return found


@pytest.mark.usefixtures("open_umask")
def test_everything_written_into_the_data_folder_is_owner_only() -> None:
    db = Database()  # the default: the embedded database in the data folder
    init_trust(db, TRUST)
    add_academy(db, "OAK", "Oakfield Primary Academy", phase="primary")
    add_learner(db, "OAK", NewLearner("Adeyemi", "Saanvi", reg_group="6Oak"), "office.a")
    home = data_dir()
    live = home / "consent-desk.sqlite3"
    assert live.with_name(live.name + "-wal").exists()  # SQLite made its WAL files itself

    taken = backup_to(db, backup_dir() / "on-demand.sqlite3")
    daily = daily_backup(db, today=date(2025, 10, 1))
    assert daily is not None
    safety = restore_from(db, taken, confirm=True)
    export_chase_list(db, "OAK", YEAR, home / "chase.csv")
    export_chase_list(db, "OAK", YEAR, home / "chase.xlsx")
    export_principal_list(db, "OAK", YEAR, home / "list.xlsx")
    export_principal_list(db, "OAK", YEAR, home / "list.pdf")
    export_summary(db, YEAR, home / "summary.xlsx")
    export_audit_xlsx(list_audit(db), home / "audit.xlsx")
    while_open = _modes_under(home)  # SQLite removes -wal/-shm when the last connection closes
    db.dispose()

    old_file = home / "old.sqlite3"  # a first-release database, upgraded at start
    old = sqlite3.connect(old_file)
    old.executescript((FIXTURES / "consent-desk-0001.sql").read_text("utf-8"))
    old.close()
    os.chmod(old_file, 0o644)  # as the first releases left their files
    old_db = Database(f"sqlite:///{old_file}")
    upgrade_copy = backup_before_upgrade(old_db)
    old_db.dispose()
    assert upgrade_copy is not None

    for made in (taken, daily, safety, upgrade_copy, home / "chase.csv", home / "summary.xlsx"):
        assert made.exists()
    modes = {**while_open, **_modes_under(home)}
    assert {"-wal" in n or "-shm" in n for n in modes} == {True, False}
    wrong = {
        name: oct(mode)
        for name, mode in modes.items()
        if mode != (0o700 if name.endswith("/") else 0o600)
    }
    assert not wrong, f"readable by others: {wrong}"


@pytest.mark.usefixtures("open_umask")
def test_an_existing_open_data_folder_and_database_are_tightened(tmp_path: Path) -> None:
    home = data_dir()
    home.mkdir(parents=True, exist_ok=True)
    os.chmod(home, 0o755)
    db = Database()
    init_trust(db, TRUST)
    db.dispose()
    live = home / "consent-desk.sqlite3"
    os.chmod(live, 0o644)
    os.chmod(home, 0o755)
    Database().dispose()  # the next start
    assert (_mode(home), _mode(live)) == (0o700, 0o600)


@pytest.mark.usefixtures("open_umask")
def test_a_database_elsewhere_gets_an_owner_only_file_but_its_folder_is_left_alone(
    tmp_path: Path,
) -> None:
    os.chmod(tmp_path, 0o755)
    db = Database(f"sqlite:///{tmp_path / 'shared' / 'cd.sqlite3'}")
    init_trust(db, TRUST)
    db.dispose()
    assert _mode(tmp_path) == 0o755  # a folder the user chose, not ours to change
    assert _mode(tmp_path / "shared") == 0o700  # made by us
    assert {_mode(p) for p in (tmp_path / "shared").iterdir()} == {0o600}


@pytest.mark.usefixtures("open_umask")
def test_a_failed_export_leaves_no_file_behind(tmp_path: Path) -> None:
    target = tmp_path / "half.xlsx"
    with pytest.raises(RuntimeError), private_output(target):
        assert _mode(target) == 0o600  # created owner-only before the writer opens it
        raise RuntimeError("disk full")
    assert not target.exists()
    assert create_private_file(target) is True and create_private_file(target) is False
    private_dir(tmp_path / "a" / "b")
    assert _mode(tmp_path / "a" / "b") == 0o700
