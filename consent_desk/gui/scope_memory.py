"""The academy and year a desk last worked in, remembered per database: the practice database
with the sample trust and the real one each keep their own (a new database starts on its first
academy and the current academic year)."""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QSettings


def _group(database_url: str) -> str:
    """A settings group for one database (its address without a password, hashed: a path or
    a server name says nothing in the settings file and holds no characters QSettings minds)."""
    from consent_desk.db.engine import describe  # (not at the top: it loads SQLAlchemy)

    digest = hashlib.sha256(describe(database_url).encode()).hexdigest()[:16]
    return f"scope/{digest}"


def remembered_scope(database_url: str) -> tuple[str | None, str | None]:
    """(academy code, year label) last chosen on this database, each None if never chosen."""
    settings = QSettings()
    group = _group(database_url)
    academy, year = settings.value(f"{group}/academy"), settings.value(f"{group}/year")
    return (str(academy) if academy else None, str(year) if year else None)


def remember_scope(database_url: str, academy: str | None, year: str | None = None) -> None:
    settings = QSettings()
    group = _group(database_url)
    if academy:
        settings.setValue(f"{group}/academy", academy)
    if year:
        settings.setValue(f"{group}/year", year)
