"""Files that hold children's data are readable by their owner only.

On POSIX the data folder (and the ``backups`` folder in it) is ``0700`` and every file the app
writes there — the SQLite database with its ``-wal``/``-shm``, backups, restores, upgrade
backups, exports — is ``0600``, whatever the umask. Files are *created* with that mode (never
created readable and tightened afterwards, which would leave a moment when another account
could open them). SQLite gives ``-wal``, ``-shm`` and ``-journal`` files the mode of their
database file, so creating the database file first is enough for them.

On Windows the modes mean nothing; the data folder is under ``%LOCALAPPDATA%``, which Windows
gives to its user alone, and files created there inherit that.

No Qt and no database here: every layer may use it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600
POSIX = os.name == "posix"
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) as a folder for its owner only; tighten it if it
    is already there and open to others."""
    if not path.exists():
        # mkdir's mode is masked by the umask, which can only remove bits: 0700 stays 0700 or less.
        path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    tighten(path, DIR_MODE)
    return path


def tighten(path: Path, mode: int = FILE_MODE) -> None:
    """Remove every permission of group and others from ``path`` (POSIX; quietly nothing when
    the file is missing or belongs to someone else)."""
    if not POSIX:
        return
    try:
        current = stat.S_IMODE(path.stat().st_mode)
        if current & 0o077:
            os.chmod(path, mode)
    except OSError:
        pass


def create_private_file(path: Path) -> bool:
    """Make sure ``path`` exists with mode 0600; return True if it was created here."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        tighten(path)
        return False
    try:
        if POSIX:
            os.fchmod(fd, FILE_MODE)  # the umask cannot widen it, but be explicit
    finally:
        os.close(fd)
    return True


def prepare_sqlite_file(path: Path) -> None:
    """Before SQLite opens ``path``: the file exists (empty if new: a valid empty database)
    with mode 0600, and so do any ``-wal``/``-shm`` it already has."""
    create_private_file(path)
    for suffix in SQLITE_COMPANIONS:
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            tighten(companion)


@contextmanager
def private_output(target: object) -> Iterator[None]:
    """Around writing an export to ``target``: when it is a file path, the file is created
    0600 before the writer opens it (writers open with truncation, which keeps the mode), and
    removed again if the writer fails before finishing a file it created."""
    if not isinstance(target, str | Path):
        yield
        return
    path = Path(target)
    created = create_private_file(path)
    try:
        yield
    except BaseException:
        if created:
            path.unlink(missing_ok=True)
        raise
