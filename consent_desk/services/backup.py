"""Backups of the embedded SQLite database: on demand, daily (keeping the last N), and restore.

PostgreSQL is backed up by the server's own tools (``pg_dump``/``pg_restore``, see README).
The SQLite online backup API copies a consistent snapshot while the app is running.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select

from consent_desk.db.engine import Database, data_dir, ensure_parent, sqlite_path
from consent_desk.db.models import AuditEntry, Trust
from consent_desk.domain.settings import BACKUPS_TO_KEEP
from consent_desk.private_files import create_private_file, prepare_sqlite_file
from consent_desk.services import access, audit
from consent_desk.services.access import Action
from consent_desk.services.errors import ServiceError

PREFIX = "consent-desk-"
SUFFIX = ".sqlite3"


def backup_dir() -> Path:
    return data_dir() / "backups"


def _require_sqlite(db: Database) -> Path:
    path = sqlite_path(db.url)
    if path is None:
        raise ServiceError(
            "this database is on a PostgreSQL server: back it up with pg_dump on the server "
            "(see the README, 'Backups')"
        )
    return path


PARTIAL = ".partial"
STALE_PARTIAL_SECONDS = 15 * 60  # a copy still being written touches its file far more often


def remove_stale_partials(folder: Path | None = None, *, now: float | None = None) -> list[Path]:
    """Delete the ``.partial`` copies a killed backup left behind (untouched for a while, so
    never one another desk is still writing); return what was removed."""
    folder = folder or backup_dir()
    if not folder.is_dir():
        return []
    now = time.time() if now is None else now
    removed: list[Path] = []
    for partial in folder.glob(f"*{PARTIAL}"):
        try:
            if now - partial.stat().st_mtime > STALE_PARTIAL_SECONDS:
                partial.unlink()
                removed.append(partial)
        except OSError:  # gone already, or not ours to delete: leave it
            continue
    return removed


def _copy(source: sqlite3.Connection, dest_path: Path) -> None:
    """Write a consistent copy of ``source`` to ``dest_path`` via a temporary file, so a failure
    (a full disk) never leaves a half-written backup under the real name."""
    partial = dest_path.with_name(dest_path.name + PARTIAL)
    try:
        ensure_parent(dest_path)
        remove_stale_partials(dest_path.parent)
        partial.unlink(missing_ok=True)
        create_private_file(partial)  # 0600 from the start: the copy holds every child's data
        target = sqlite3.connect(partial)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
        partial.replace(dest_path)
    except (sqlite3.Error, OSError) as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise ServiceError(
            f"the backup to {dest_path} failed ({exc}): nothing was written; "
            "check there is space on the disk and that you may write there"
        ) from None


def _copy_database(db: Database, dest: Path) -> None:
    raw = db.engine.raw_connection()
    try:
        _copy(raw.driver_connection, dest)  # type: ignore[arg-type]
    finally:
        raw.close()


def backup_to(db: Database, dest: str | Path, user: str | None = None) -> Path:
    """An online backup of the SQLite database to ``dest`` (a chosen file). The audit entry is
    written once the copy is there: a backup that failed is never recorded as made."""
    dest = Path(dest)
    with db.session() as s:
        who = access.require(s, Action.BACKUP)
        _require_sqlite(db)
        name = access.acting_name(who, user)
    _copy_database(db, dest)
    with db.session() as s:
        audit.record(s, name, "backup", "database", None, after={"file": str(dest)})
    return dest


def list_backups(folder: Path | None = None) -> list[Path]:
    folder = folder or backup_dir()
    return sorted(folder.glob(f"{PREFIX}*{SUFFIX}"), reverse=True) if folder.exists() else []


def daily_backup(
    db: Database, folder: Path | None = None, today: date | None = None
) -> Path | None:
    """Today's automatic backup, if there is none yet; older ones beyond the trust's
    ``backups_to_keep`` are removed. Does nothing for PostgreSQL."""
    path = sqlite_path(db.url)
    if path is None or not path.exists():
        return None
    folder = folder or backup_dir()
    today = today or date.today()
    dest = folder / f"{PREFIX}{today.isoformat()}{SUFFIX}"
    if dest.exists():
        return None
    with db.session() as s:
        keep = s.scalar(select(Trust.backups_to_keep)) or BACKUPS_TO_KEEP.default
    _copy_database(db, dest)
    who = access.current_actor_or_none() or access.system_actor()
    with db.session() as s:  # so the desk can say when this database was last copied
        after = {"file": str(dest), "automatic": True}
        audit.record(s, access.acting_name(who, None), "backup", "database", None, after=after)
    for old in list_backups(folder)[keep:]:
        old.unlink(missing_ok=True)
    return dest


# What the audit trail records that changes nothing a backup holds.
NOT_A_CHANGE = frozenset(
    {"backup", "login", "login_failed", "view_safeguarding_reason", "restore_failed"}
)


@dataclass(frozen=True)
class BackupStatus:
    """When this database was last backed up, and how much was done in it since."""

    last: datetime | None  # None: never (as far as its audit trail knows)
    file: str | None  # where that copy went
    changes_since: int  # audit entries that changed something after it

    @property
    def up_to_date(self) -> bool:
        return self.last is not None and self.changes_since == 0


def backup_status(db: Database) -> BackupStatus:
    """The newest backup of *this* database (automatic or made by hand: each is in its audit
    trail) and how many changes were recorded after it — never "up to date" when the data
    changed after the copy was made."""
    with db.session() as s:
        newest = s.execute(
            select(AuditEntry.id, AuditEntry.at, AuditEntry.after)
            .where(AuditEntry.action == "backup", AuditEntry.entity == "database")
            .order_by(AuditEntry.id.desc())
            .limit(1)
        ).first()
        changed = select(func.count()).select_from(AuditEntry)
        changed = changed.where(AuditEntry.action.not_in(NOT_A_CHANGE))
        if newest is not None:  # (entries are numbered in order; their times are to the second)
            changed = changed.where(AuditEntry.id > newest.id)
        changes = int(s.scalar(changed) or 0)
    if newest is None:
        return BackupStatus(None, None, changes)
    file = (newest.after or {}).get("file")
    return BackupStatus(newest.at, str(file) if file else None, changes)


def _check_backup_file(source: Path) -> None:
    from consent_desk.migrations import known_revisions

    if not source.is_file():
        raise ServiceError(f"{source}: no such file")
    try:
        con = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
            ok = con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            revision = (
                con.execute("SELECT version_num FROM alembic_version").fetchone()
                if "alembic_version" in tables
                else None
            )
        finally:
            con.close()
    except sqlite3.DatabaseError:
        raise ServiceError(f"{source.name} is not a Consent Desk backup (not a database)") from None
    if not {"trust", "learner", "alembic_version"} <= tables:
        raise ServiceError(f"{source.name} is not a Consent Desk backup")
    if not ok:
        raise ServiceError(f"{source.name} is damaged (integrity check failed): choose another")
    if revision is None or revision[0] not in known_revisions():
        raise ServiceError(f"{source.name} was made by a newer Consent Desk: install the newer "
                           "version to restore it")  # fmt: skip


def restore_from(
    db: Database, source: str | Path, user: str | None = None, confirm: bool = False
) -> Path:
    """Replace the database with a backup. The current state is backed up first (the returned
    path), so a restore can itself be undone. Every restore that replaced anything is in the
    audit trail of the database it leaves: ``restore``, or ``restore_failed`` with why."""
    path = _require_sqlite(db)
    source = Path(source)
    if not confirm:
        raise ServiceError(
            "restoring replaces everything in the database: confirm it (--yes on the command line)"
        )
    _check_backup_file(source)
    with db.session() as s:
        who = access.require(s, Action.BACKUP)
        name = access.acting_name(who, user)
    stamp = datetime.now().strftime("%Y-%m-%d-%H%M%S")
    safety = backup_dir() / f"before-restore-{stamp}{SUFFIX}"
    backup_to(db, safety, user=name)
    what = {"from": str(source), "previous_state_saved_as": str(safety)}
    db.engine.dispose()
    try:
        prepare_sqlite_file(path)
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            target = sqlite3.connect(path)
            try:
                src.backup(target)
            finally:
                target.close()
        finally:
            src.close()
        from consent_desk.migrations import upgrade

        upgrade(db.engine)
    except Exception as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        try:
            with db.session() as s:
                audit.record(
                    s, name, "restore_failed", "database", None, after={**what, "error": reason}
                )
        except Exception:  # the database is unusable: the safety copy is what remains
            pass
        raise ServiceError(
            f"the restore from {source.name} failed ({reason}): put the previous state back "
            f"by restoring {safety}"
        ) from exc
    with db.session() as s:
        audit.record(s, name, "restore", "database", None, after=what)
    return safety


def backup_before_upgrade(db: Database) -> Path | None:
    """A copy of an SQLite database whose schema is about to be migrated (None if not needed)."""
    from consent_desk.migrations import current_revision, schema_state

    path = sqlite_path(db.url)
    if path is None or not path.exists() or schema_state(db.engine) != "behind":
        return None
    stamp = datetime.now().strftime("%Y-%m-%d-%H%M%S")
    dest = backup_dir() / f"before-upgrade-from-{current_revision(db.engine)}-{stamp}{SUFFIX}"
    _copy_database(db, dest)
    return dest


def upgrade_schema(db: Database) -> Path | None:
    """Bring the schema up to this version's, after backing up an SQLite file that needs it
    (the backup's path, else None). Called by the start-up step and by creating the trust."""
    from consent_desk.migrations import upgrade

    saved = backup_before_upgrade(db)
    upgrade(db.engine)
    return saved
