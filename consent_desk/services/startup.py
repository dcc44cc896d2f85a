"""Opening the database when the desktop app starts, and what the window needs to show first.

:func:`open_database` (or :func:`prepare`, for a database already open) is THE start-up step
that migrates: a database made by an older Consent Desk is backed up (SQLite) and upgraded there,
once, before anything reads it. Reading the start-up state or asking whether a login is needed
never changes the database. (The command line does not migrate on its own: ``consent-desk init``
upgrades, and every other command refuses an out-of-date database with that advice.)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from consent_desk.db.engine import (
    Database,
    DatabaseUrlError,
    describe,
    resolve_url,
    sqlite_path,
)
from consent_desk.domain.consent_forms import FormQuestion
from consent_desk.domain.listing import AcademyInfo
from consent_desk.domain.years import AcademicYear
from consent_desk.services import access
from consent_desk.services.errors import ServiceError, explain_database_error
from consent_desk.services.trust import get_settings, require_trust
from consent_desk.services.trust import purposes as trust_purposes

NEWER_VERSION = "this database was made by a newer Consent Desk: install the newer version"


def schema_is_current(db: Database) -> bool:
    """True when the database is at the newest migration, checked without loading Alembic."""
    from consent_desk.migrations import schema_state

    try:
        return schema_state(db.engine) == "current"
    except SQLAlchemyError:
        return False


def prepare(db: Database) -> bool:
    """The start-up step: bring an existing database's schema up to date (an SQLite file is
    backed up first), and say whether it has been set up (False: a new, empty database, for
    the first-run screen). Refuses a database made by a newer version."""
    from consent_desk.migrations import is_initialised, schema_state
    from consent_desk.services.backup import upgrade_schema

    if not is_initialised(db.engine):
        return False
    state = schema_state(db.engine)
    if state == "ahead":
        raise ServiceError(NEWER_VERSION)
    if state != "current":
        upgrade_schema(db)
    return True


def open_database(url: str | None) -> tuple[Database, bool]:
    """The database at ``url`` (or the default), brought up to date by :func:`prepare`, and
    whether it has been set up yet."""
    db = Database(url)
    try:
        return db, prepare(db)
    except (SQLAlchemyError, ServiceError):
        db.dispose()
        raise


@dataclass(frozen=True)
class StartupState:
    trust: str
    academies: list[AcademyInfo]
    years: list[str]
    current_year: str
    purposes: dict[str, str]
    questions: list[FormQuestion] = field(default_factory=list)  # as the form asks them
    lock_minutes: int = 10  # lock the window after this long without input (users exist)
    has_users: bool = False  # accounts exist: everyone logs in
    single_user_desk: bool = False  # no accounts, and the COO chose that knowingly


def startup_state(db: Database) -> StartupState:
    """What the main window needs to show its selectors (read only: see :func:`prepare`)."""
    from consent_desk.services.consent_forms import questions_in
    from consent_desk.services.trust import list_academies, years_in_use

    settings = get_settings(db)
    current = AcademicYear.current()
    # forms for next year come in the summer; last year's stragglers in the autumn
    around = {AcademicYear(current.start_year + d).label for d in (-1, 0, 1)}
    years = sorted(set(years_in_use(db)) | around, reverse=True)
    with db.session() as s:
        questions = list(questions_in(s))
        has_users = access.users_exist(s)
    return StartupState(
        settings.name,
        list_academies(db),
        years,
        current.label,
        trust_purposes(db),
        questions,
        lock_minutes=settings.inactivity_lock_minutes,
        has_users=has_users,
        single_user_desk=settings.single_user_desk,
    )


def login_needed(db: Database) -> bool:
    """Whether the database has accounts and nobody in this process is logged in yet (the
    window asks for a user name and password first)."""
    who = access.current_actor_or_none()
    if who is not None and not who.system:
        return False
    with db.session() as s:
        return access.users_exist(s)


# --- choosing a database (Settings → Database) ---------------------------------------------------


@dataclass(frozen=True)
class ConnectionCheck:
    url: str  # with the password hidden
    server: str  # e.g. "SQLite 3.45.1" or "PostgreSQL 16.2"
    trust: str | None  # the trust in that database, None for a new/empty one
    exists: bool = True  # False: an SQLite file that would be created

    @property
    def message(self) -> str:
        if not self.exists:
            return f"No database there yet: Consent Desk will create one ({self.server})."
        if self.trust is None:
            return f"Connected ({self.server}). The database is empty: it will be set up."
        return f"Connected ({self.server}). Database of {self.trust}."


def check_connection(url: str) -> ConnectionCheck:
    """Connect to ``url`` and say what is there. Raises ``ServiceError`` with a one-line reason."""
    from consent_desk.migrations import is_initialised

    try:
        resolved = resolve_url(url)
        shown = describe(resolved)
        path = sqlite_path(resolved)
        if path is not None and not path.exists():
            return ConnectionCheck(shown, "SQLite", None, exists=False)
        db = Database(resolved, create=False)
    except DatabaseUrlError as exc:
        raise ServiceError(str(exc)) from None
    try:
        with db.engine.connect() as conn:
            if db.is_sqlite:
                server = "SQLite " + str(conn.execute(text("select sqlite_version()")).scalar())
            else:
                raw = str(conn.execute(text("show server_version")).scalar())
                server = "PostgreSQL " + raw.split()[0]
        trust = None
        if is_initialised(db.engine):
            with db.session() as s:
                trust = require_trust(s).name
        return ConnectionCheck(shown, server, trust)
    except ServiceError:
        return ConnectionCheck(shown, "connected", None)
    except SQLAlchemyError as exc:  # worded by the one error policy
        raise ServiceError(f"cannot connect to {shown}: {explain_database_error(exc)}") from None
    finally:
        db.dispose()
