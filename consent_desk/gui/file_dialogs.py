"""Every file dialog of the app: it starts in the last folder used for that kind of file.

The first time, a kind starts in Downloads (the files an office imports arrive by e-mail or
from the MIS's website) or Documents (what the office saves); a kind may name a better first
place (the automatic backups' folder for a restore). The folders are remembered in QSettings,
as UI state, per kind: choosing a mapping file does not move where the returns are looked for.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget


class FileKind(StrEnum):
    RETURNS = "returns"  # returns to import (a form's export, a spreadsheet)
    LEARNERS = "learners"  # the MIS's learner list
    EXPORTS = "exports"  # lists, summaries, chase lists, the audit trail
    PRINTS = "prints"  # sheets and forms saved as PDF
    BACKUPS = "backups"
    MAPPINGS = "mappings"  # saved column mappings
    LOGOS = "logos"
    DATABASES = "databases"  # a SQLite database file


IMPORTS = frozenset({FileKind.RETURNS, FileKind.LEARNERS})


def _key(kind: FileKind) -> str:
    return f"folders/{kind.value}"


def first_folder(kind: FileKind) -> Path:
    """Where a kind starts before anything was chosen: Downloads for imports, else Documents
    (the home folder where the platform has neither)."""
    where = (
        QStandardPaths.StandardLocation.DownloadLocation
        if kind in IMPORTS
        else QStandardPaths.StandardLocation.DocumentsLocation
    )
    found = QStandardPaths.writableLocation(where)
    if found and Path(found).is_dir():
        return Path(found)
    return Path.home()


def start_folder(kind: FileKind, first: Path | None = None) -> Path:
    """The last folder used for ``kind`` if it is still there; else ``first`` (if it exists),
    else :func:`first_folder`."""
    saved = QSettings().value(_key(kind))
    if isinstance(saved, str) and saved and Path(saved).is_dir():
        return Path(saved)
    if first is not None and first.is_dir():
        return first
    return first_folder(kind)


def remember(kind: FileKind, path: str | Path) -> None:
    """``path`` (a file or a folder) was chosen: its folder is where ``kind`` starts next."""
    chosen = Path(path)
    folder = chosen if chosen.is_dir() else chosen.parent
    QSettings().setValue(_key(kind), str(folder))


def _start(kind: FileKind, name: str, first: Path | None) -> str:
    given = Path(name) if name else None
    if given is not None and given.is_absolute():  # the field already names a file: its place
        if given.parent.is_dir():
            return str(given)
        given = Path(given.name)
    folder = start_folder(kind, first)
    return str(folder / given) if given is not None else str(folder)


def open_file(
    parent: QWidget | None,
    kind: FileKind,
    caption: str,
    filters: str,
    *,
    current: str = "",
    first: Path | None = None,
) -> str:
    """The file chosen to open ("" if cancelled); ``current`` a path already typed."""
    path, _ = QFileDialog.getOpenFileName(parent, caption, _start(kind, current, first), filters)
    if path:
        remember(kind, path)
    return path


def save_file(
    parent: QWidget | None,
    kind: FileKind,
    caption: str,
    name: str,
    filters: str,
    *,
    first: Path | None = None,
    options: QFileDialog.Option | None = None,
) -> tuple[str, str]:
    """The file to save as and the filter chosen (``("", "")`` if cancelled); ``name`` the
    suggested file name (or a full path already typed)."""
    start = _start(kind, name, first)
    if options is None:
        path, chosen = QFileDialog.getSaveFileName(parent, caption, start, filters)
    else:
        path, chosen = QFileDialog.getSaveFileName(parent, caption, start, filters, options=options)
    if path:
        remember(kind, path)
    return path, chosen
