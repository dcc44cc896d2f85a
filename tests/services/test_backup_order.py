"""Backups are recorded only once they exist, every restore is in the audit trail (even one that
failed half-way), and copies a killed backup left behind are cleaned up."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from consent_desk.db.engine import Database
from consent_desk.services import backup
from consent_desk.services.audit_log import list_audit
from consent_desk.services.errors import ServiceError
from consent_desk.services.trust import add_academy, init_trust


@pytest.fixture
def live(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    monkeypatch.setenv("CONSENT_DESK_DATA_DIR", str(tmp_path / "data"))
    db = Database(f"sqlite:///{tmp_path / 'live.sqlite3'}")
    init_trust(db, "Trust")
    add_academy(db, "OAK", "Oakfield")
    yield db
    db.dispose()


def test_the_audit_entry_is_written_after_the_copy_and_only_if_it_worked(
    live: Database, tmp_path: Path
) -> None:
    saved = backup.backup_to(live, tmp_path / "copy.sqlite3")
    entries = list_audit(live, action="backup")
    assert [e.after for e in entries] == [{"file": str(saved)}]
    con = sqlite3.connect(saved)
    try:  # the copy was taken before its own entry was written
        sql = "SELECT count(*) FROM audit_entry WHERE action = 'backup'"
        assert con.execute(sql).fetchone()[0] == 0
    finally:
        con.close()
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    with pytest.raises(ServiceError, match="nothing was written"):
        backup.backup_to(live, blocked / "copy.sqlite3")
    assert len(list_audit(live, action="backup")) == 1


def test_stale_partial_copies_are_removed_fresh_ones_kept(live: Database, tmp_path: Path) -> None:
    folder = tmp_path / "daily"
    folder.mkdir()
    stale = folder / "consent-desk-2026-01-01.sqlite3.partial"
    fresh = folder / "consent-desk-2026-01-02-101010.sqlite3.partial"
    for f in (stale, fresh):
        f.write_bytes(b"\0" * 4096)
    hour_ago = time.time() - 3600
    os.utime(stale, (hour_ago, hour_ago))
    assert backup.daily_backup(live, folder) is not None
    assert not stale.exists() and fresh.exists()  # another desk may still be writing that one


def test_a_restore_that_fails_half_way_is_in_the_audit_trail(
    live: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = backup.backup_to(live, tmp_path / "copy.sqlite3")

    def broken_upgrade(engine: object) -> None:
        raise RuntimeError("disk I/O error")

    monkeypatch.setattr("consent_desk.migrations.upgrade", broken_upgrade)
    with pytest.raises(ServiceError) as caught:
        backup.restore_from(live, saved, confirm=True)
    message = str(caught.value)
    assert "disk I/O error" in message and "before-restore-" in message and "\n" not in message
    failed = list_audit(live, action="restore_failed")
    assert len(failed) == 1 and failed[0].after is not None
    assert failed[0].after["error"] == "disk I/O error" and failed[0].after["from"] == str(saved)


def test_a_backup_from_a_newer_version_is_refused_before_anything_changes(
    live: Database, tmp_path: Path
) -> None:
    saved = backup.backup_to(live, tmp_path / "copy.sqlite3")
    con = sqlite3.connect(saved)
    con.execute("UPDATE alembic_version SET version_num='9999'")
    con.commit()
    con.close()
    with pytest.raises(ServiceError, match="newer Consent Desk"):
        backup.restore_from(live, saved, confirm=True)
    assert not list_audit(live, action="restore") and not list_audit(live, action="restore_failed")
    assert not list(backup.backup_dir().glob("before-restore-*"))
