"""Where the data lives and how to reach it: SQLite (WAL) by default, PostgreSQL by URL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from consent_desk.private_files import prepare_sqlite_file, private_dir

ENV_DATABASE = "CONSENT_DESK_DATABASE"
DATA_FILE_NAME = "consent-desk.sqlite3"


class DatabaseUrlError(ValueError):
    pass


class DatabaseMissing(DatabaseUrlError):
    pass


def data_dir() -> Path:
    """The platform's per-user data directory (overridable with CONSENT_DESK_DATA_DIR)."""
    override = os.environ.get("CONSENT_DESK_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("ConsentDesk", "ConsentDesk"))


def ensure_parent(path: Path) -> None:
    """Make the folder that will hold ``path``: the data folder and every folder in it are for
    their owner only (created so, and tightened if an older version left them open); a folder
    elsewhere that does not exist yet is created for its owner only too."""
    folder = path.parent
    home = data_dir()
    try:
        inside = folder.resolve().is_relative_to(home.resolve())
    except OSError:
        inside = False
    if inside:
        private_dir(home)
        for part in reversed([folder, *folder.parents]):
            if part.resolve().is_relative_to(home.resolve()) and part.resolve() != home.resolve():
                private_dir(part)
    elif not folder.exists():
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / DATA_FILE_NAME}"


def resolve_url(url: str | None = None) -> str:
    """The database URL to use: the argument, else $CONSENT_DESK_DATABASE, else the default.

    ``postgresql://`` and ``postgres://`` mean PostgreSQL through psycopg 3.
    """
    raw = url or os.environ.get(ENV_DATABASE) or default_database_url()
    if raw.startswith("postgres://"):
        raw = "postgresql://" + raw[len("postgres://") :]
    if raw.startswith("postgresql://"):
        raw = "postgresql+psycopg://" + raw[len("postgresql://") :]
    try:
        parsed = make_url(raw)
    except ArgumentError:
        raise DatabaseUrlError(
            f"'{raw}' is not a database URL: use sqlite:///PATH or postgresql://user@host/db"
        ) from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise DatabaseUrlError(
            f"'{parsed.get_backend_name()}' databases are not supported: "
            "use sqlite:///PATH or postgresql://user@host/db"
        )
    return raw


def sqlite_path(url: str) -> Path | None:
    """The file of an SQLite URL (None for PostgreSQL or an in-memory database)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:" or parsed.database.startswith("file:"):
        return None
    return Path(parsed.database).expanduser()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


# Set in a pooled connection's ``info`` while its foreign-key checks are off (see
# ``foreign_key_checks_off``): they are turned back on before the pool lends it again.
_CHECKS_OFF = "consent_desk.foreign_key_checks_off"


def _sqlite_checkin(dbapi_connection: Any, record: Any) -> None:
    # The pool has already rolled back whatever was left open, so the pragma takes effect.
    if record.info.pop(_CHECKS_OFF, False) and dbapi_connection is not None:
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()


def foreign_key_checks_off(connection: Connection) -> bool:
    """SQLite: turn off the foreign-key checks of ``connection`` until it goes back to the pool
    (then they are on again, before anything else can use it). Only for a transaction that
    writes rows whose references it has just read or written itself (a returns import: 60,000
    returns each naming a learner, a respondent and the batch), where the checks cost a third
    of the writing and cannot fail. SQLite allows the change only before the transaction
    begins: False (checks stay on) when it has begun, or on PostgreSQL."""
    if connection.dialect.name != "sqlite":
        return False
    pooled = connection.connection
    dbapi = pooled.dbapi_connection
    if dbapi is None or dbapi.in_transaction:
        return False
    pooled.info[_CHECKS_OFF] = True
    cur = dbapi.cursor()
    try:
        cur.execute("PRAGMA foreign_keys=OFF")
    finally:
        cur.close()
    return True


def make_engine(url: str | None = None) -> Engine:
    resolved = resolve_url(url)
    parsed = make_url(resolved)
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_path(resolved)
        if path is not None:
            ensure_parent(path)
            prepare_sqlite_file(path)  # 0600 before SQLite creates it (and its -wal/-shm)
        kwargs["connect_args"] = {"timeout": 10}
    else:
        kwargs["pool_pre_ping"] = True
        kwargs["connect_args"] = postgres_connect_args(resolved)
    engine = create_engine(resolved, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "checkin", _sqlite_checkin)
    return engine


def postgres_connect_args(url: str) -> dict[str, str | int]:
    """The driver's arguments: a password kept in the keyring goes straight to the driver
    (never into a URL or a command line); without one, libpq reads its password file."""
    from consent_desk.db.passwords import stored_password

    args: dict[str, str | int] = {"connect_timeout": 10}
    if make_url(url).password is None:
        password = stored_password(url)
        if password is not None:
            args["password"] = password
    return args


def describe(url: str) -> str:
    """A URL safe to show: the password hidden."""
    return make_url(resolve_url(url)).render_as_string(hide_password=True)


class Database:
    """An engine and its session factory. One session per user action (``with db.session()``)."""

    def __init__(self, url: str | None = None, *, create: bool = True) -> None:
        self.url = resolve_url(url)
        path = sqlite_path(self.url)
        if not create and path is not None and not path.exists():
            raise DatabaseMissing(
                f"there is no database at {path}: run 'consent-desk init --trust NAME' first"
            )
        self.engine = make_engine(self.url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def session(self, *, commit: bool = True) -> Iterator[Session]:
        """One transaction: committed when the block ends normally, rolled back otherwise.
        ``commit=False`` rolls back even then (a dry run: do everything, keep nothing)."""
        with self._sessions() as s:
            try:
                yield s
                if commit:
                    s.commit()
                else:
                    s.rollback()
            except BaseException:
                s.rollback()
                raise

    def dispose(self) -> None:
        self.engine.dispose()
