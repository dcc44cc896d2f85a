"""A PostgreSQL server's password, kept out of the settings file and the process list.

A URL typed with a password (``postgresql://consent:SECRET@db/consent``) is split: the URL
without the password is what a desk saves and shows; the password goes to

1. the operating system's keyring (Windows Credential Manager, macOS Keychain, the Secret
   Service on Linux) through the ``keyring`` library, when the machine has one; it is read
   back when connecting and handed to the driver directly (never in a URL or a command line);
2. otherwise libpq's own password file (``PGPASSFILE``, else ``~/.pgpass``, or
   ``%APPDATA%\\postgresql\\pgpass.conf`` on Windows), owner-only, which libpq reads itself.

Never in clear anywhere else. No Qt here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from consent_desk.private_files import FILE_MODE, POSIX

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

SERVICE = "Consent Desk (PostgreSQL)"


@dataclass(frozen=True)
class StoredPassword:
    url: str  # the URL to save and use: no password in it
    where: str  # "keyring", the password file's path, or "" (there was no password)


def split_password(url: str) -> tuple[str, str | None]:
    """The URL without its password, and the password (None when it had none)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.password is None:
        return url, None
    password = str(parsed.password)
    bare: URL = parsed._replace(password=None)  # (set() treats None as "unchanged")
    return bare.render_as_string(hide_password=False), password


def has_password(url: str | None) -> bool:
    """Whether a database URL carries a password (checked without loading SQLAlchemy: every
    command and the app's start ask this first)."""
    if not url or "://" not in url or "@" not in url:
        return False
    from urllib.parse import urlsplit

    try:
        return urlsplit(url).password is not None
    except ValueError:
        return False


def account(url: str) -> str:
    """The keyring's name for a server login: ``user@host:port/database``."""
    from sqlalchemy.engine import make_url

    p = make_url(url)
    return f"{p.username or ''}@{p.host or 'localhost'}:{p.port or 5432}/{p.database or ''}"


def keyring_available() -> bool:
    """Whether this machine has a real keyring (not keyring's 'fail' or plain-text ones)."""
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
    except Exception:
        return False
    if isinstance(backend, fail.Keyring):
        return False
    name = type(backend).__module__ + "." + type(backend).__name__
    return "PlaintextKeyring" not in name and "null" not in name.lower()


def pgpass_path() -> Path:
    """libpq's password file for this user."""
    given = os.environ.get("PGPASSFILE")
    if given:
        return Path(given).expanduser()
    if os.name == "nt":
        return Path(os.environ.get("APPDATA", str(Path.home()))) / "postgresql" / "pgpass.conf"
    return Path.home() / ".pgpass"


def _pgpass_field(text: str) -> str:
    return text.replace("\\", "\\\\").replace(":", "\\:")


def write_pgpass(url: str, password: str, path: Path | None = None) -> Path:
    """Add (or replace) the line for this server login in libpq's password file, which stays
    readable by its owner only (libpq ignores a file others can read)."""
    from sqlalchemy.engine import make_url

    p = make_url(url)
    path = path or pgpass_path()
    key = ":".join(
        _pgpass_field(x)
        for x in (p.host or "localhost", str(p.port or 5432), p.database or "*", p.username or "*")
    )
    lines = []
    if path.exists():
        lines = [ln for ln in path.read_text("utf-8").splitlines() if not ln.startswith(key + ":")]
    lines.append(f"{key}:{_pgpass_field(password)}")
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    if POSIX:
        os.chmod(partial, FILE_MODE)
    partial.replace(path)
    return path


def store_password(url: str) -> StoredPassword:
    """Take the password out of ``url`` and keep it safely; the URL to save instead."""
    bare, password = split_password(url)
    if password is None:
        return StoredPassword(url, "")
    if keyring_available():
        import keyring

        keyring.set_password(SERVICE, account(bare), password)
        return StoredPassword(bare, "keyring")
    return StoredPassword(bare, str(write_pgpass(bare, password)))


def stored_password(url: str) -> str | None:
    """The keyring's password for this server login (None: none there, or no keyring —
    then libpq looks in its password file by itself)."""
    if not keyring_available():
        return None
    try:
        import keyring

        return keyring.get_password(SERVICE, account(url))
    except Exception:  # a locked or broken keyring: let libpq try its password file
        return None
