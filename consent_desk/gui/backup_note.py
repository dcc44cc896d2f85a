"""The backup note in the status bar, worded from what is true: when this database was last
copied and how many changes were recorded after that copy (never "✓" when there were)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from consent_desk.services.backup import BackupStatus

BACK_UP_HOW = "To back up now: File → Trust and safety → Back up now…"


def _when(at: datetime, now: datetime) -> str:
    if at.date() == now.date():
        return f"{at:%H:%M}"
    if (now.date() - at.date()).days == 1:
        return f"yesterday {at:%H:%M}"
    if at.year == now.year:
        return f"{at.day} {at:%b} {at:%H:%M}"
    return f"{at.day} {at:%b %Y}"


def backup_note(status: BackupStatus, now: datetime | None = None) -> tuple[str, str]:
    """The status bar's words and their tooltip for a
    :class:`~consent_desk.services.backup.BackupStatus`."""
    now = now or datetime.now()
    if status.last is None:
        return (
            "⚠ Never backed up",
            "This database has no backup yet: a broken disk would lose everything. " + BACK_UP_HOW,
        )
    when = _when(status.last, now)
    copy = Path(status.file) if status.file else None
    where = f"\n\nThe copy: {copy.name} (in {copy.parent})" if copy is not None else ""
    on = f"{status.last:%A %d %B %Y at %H:%M}"
    if status.changes_since == 0:
        return f"✓ Backed up {when}", f"Backed up on {on}; nothing has changed since.{where}"
    n = status.changes_since
    changes = f"{n:,} change{'s' if n != 1 else ''}"
    mark = "" if status.last.date() == now.date() else "⚠ "
    return (
        f"{mark}Last backup {when} · {changes} since",
        f"The last backup was made on {on}. {changes} (returns, imports, flags, settings…) "
        f"{'was' if n == 1 else 'were'} made after it and {'is' if n == 1 else 'are'} in no "
        "backup yet: the next automatic backup is made "
        f"when the app is first opened tomorrow. {BACK_UP_HOW}{where}",
    )
