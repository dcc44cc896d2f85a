"""Small read and write helpers the desktop app needs on top of the other services.

Plain functions over :class:`Database`, one session each, returning detached dataclasses — the
same habits as the rest of ``consent_desk.services`` (and, like them, no Qt here).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.exc import SQLAlchemyError

from consent_desk.db.engine import (
    Database,
    DatabaseUrlError,
    describe,
    resolve_url,
    sqlite_path,
)
from consent_desk.db.models import ImportBatch, Purpose
from consent_desk.domain.rules import Answer, Status, assess
from consent_desk.domain.years import AcademicYear
from consent_desk.services import access, audit
from consent_desk.services.access import Action
from consent_desk.services.consent import returns_by_learner
from consent_desk.services.errors import ServiceError
from consent_desk.services.learners import get_learner
from consent_desk.services.learners import safeguarding_reason as safeguarding_reason
from consent_desk.services.trust import (
    academy_by_code,
    get_settings,
    purpose_labels,
    require_trust,
)
from consent_desk.services.trust import purposes as trust_purposes

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class LearnerDetail:
    """Everything the learner panel shows — never the safeguarding reason."""

    learner_id: int
    academy_code: str
    upn: str | None
    adno: str | None
    legal_surname: str
    legal_forename: str
    preferred_surname: str | None
    preferred_forename: str | None
    dob: date | None
    year_group: str | None
    reg_group: str | None
    on_roll: bool
    left_on: date | None
    version: int  # for set_safeguarding(expected_version=...)
    safeguarding: bool
    safeguarding_set_by: str | None
    safeguarding_set_at: datetime | None
    year: str
    status: Status
    answers: dict[str, Answer]  # effective answer per purpose, in the trust's order
    limitation: str | None
    returns: int
    purpose_labels: dict[str, str] = field(default_factory=dict)

    @property
    def display_name(self) -> str:
        return (
            f"{self.preferred_forename or self.legal_forename} "
            f"{self.preferred_surname or self.legal_surname}"
        )


def learner_detail(db: Database, learner_id: int, year: str) -> LearnerDetail:
    """One learner's details and consent position for ``year``."""
    label = AcademicYear.parse(year).label
    with db.session() as s:
        lr = get_learner(s, learner_id)
        labels = purpose_labels(s)
        facts = returns_by_learner(s, [lr.id], label).get(lr.id, [])
        c = assess(facts, list(labels), safeguarding=lr.safeguarding_flag)
        return LearnerDetail(
            learner_id=lr.id,
            academy_code=lr.academy.code,
            upn=lr.upn,
            adno=lr.adno,
            legal_surname=lr.legal_surname,
            legal_forename=lr.legal_forename,
            preferred_surname=lr.preferred_surname,
            preferred_forename=lr.preferred_forename,
            dob=lr.dob,
            year_group=lr.year_group,
            reg_group=lr.reg_group,
            on_roll=lr.on_roll,
            left_on=lr.left_on,
            version=lr.version,
            safeguarding=lr.safeguarding_flag,
            safeguarding_set_by=lr.safeguarding_set_by,
            safeguarding_set_at=lr.safeguarding_set_at,
            year=label,
            status=c.status,
            answers=dict(c.answers),
            limitation=c.limitation,
            returns=c.returns,
            purpose_labels=labels,
        )


def set_purpose_labels(db: Database, labels: Mapping[str, str], user: str) -> dict[str, str]:
    """Rename purposes (keys never change meaning). A blank label is refused."""
    with db.session() as s:
        require_trust(s)
        user = access.acting_name(access.require(s, Action.CHANGE_SETTINGS), user)
        rows = {p.key: p for p in s.scalars(select(Purpose))}
        before: dict[str, str] = {}
        after: dict[str, str] = {}
        for key, label in labels.items():
            if key not in rows:
                raise ServiceError(f"there is no purpose '{key}'")
            clean = " ".join((label or "").split())
            if not clean:
                raise ServiceError(f"the purpose '{rows[key].label}' needs a label")
            if rows[key].label != clean:
                before[key], after[key] = rows[key].label, clean
                rows[key].label = clean
        if after:
            audit.record(s, user, "update", "purpose_labels", None, before=before, after=after)
        return purpose_labels(s)


def last_mapping(db: Database, academy_code: str, kind: str) -> dict[str, Any] | None:
    """The column mapping of the academy's latest (not undone) import of this kind, as JSON
    (for someone who may import that kind into that academy)."""
    with db.session() as s:
        academy = academy_by_code(s, academy_code)
        needed = Action.EDIT_LEARNERS if kind == "learners" else Action.ENTER_RETURNS
        access.require(s, needed, academy.id)
        q = (
            select(ImportBatch.mapping)
            .where(
                ImportBatch.academy_id == academy.id,
                ImportBatch.kind == kind,
                ImportBatch.undone_at.is_(None),
                ImportBatch.mapping.is_not(None),
            )
            .order_by(ImportBatch.imported_at.desc(), ImportBatch.id.desc())
            .limit(1)
        )
        found = s.scalars(q).first()
        return dict(found) if found else None


# --- the database connection -------------------------------------------------------------------


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
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()
        raise ServiceError(
            f"cannot connect to {shown}: {reason[0] if reason else type(exc).__name__}"
        ) from None
    finally:
        db.dispose()


# --- sample data -------------------------------------------------------------------------------

SAMPLE_TRUST = "Sample Trust (made-up learners)"


def find_samples_dir() -> Path | None:
    """The bundled sample files (in the frozen app, or beside the package in a checkout)."""
    from consent_desk.paths import find_resource

    found = find_resource("resources/samples/expected.json")
    return found.parent if found is not None else None


@dataclass(frozen=True)
class SampleLoad:
    academies: list[str]
    year: str
    learners: int
    returns: int
    needs_review: int


def load_sample_data(
    db: Database, samples: Path, user: str, progress: Progress | None = None
) -> SampleLoad:
    """A new trust with the sample academies, their learner lists and their returns imported —
    through the same import services an office uses."""
    from consent_desk.services.imports import import_returns
    from consent_desk.services.learner_import import import_learners
    from consent_desk.services.trust import add_academy, init_trust, list_academies

    plan = json.loads((samples / "expected.json").read_text(encoding="utf-8"))
    year = str(plan["year"])
    init_trust(db, SAMPLE_TRUST, user=user)
    have = {a.code for a in list_academies(db)}
    for code, info in plan["academies"].items():
        if code not in have:
            add_academy(db, code, info["name"], phase=info.get("phase"), user=user)
    files = plan["files"]
    learners = returns = review = 0
    for n, f in enumerate(files):
        if progress:
            progress(f"Importing {f['file']}", n, len(files))
        path = samples / f["file"]
        if f["kind"] == "learners":
            lr = import_learners(db, path, f["academy"], user=user)
            learners += lr.added
        else:
            rr = import_returns(db, path, f["academy"], year, user=user)
            returns += rr.imported
            review += len(rr.needs_review)
    if progress:
        progress("Done", len(files), len(files))
    return SampleLoad(list(plan["academies"]), year, learners, returns, review)


# --- opening the app ---------------------------------------------------------------------------


def open_database(url: str | None) -> tuple[Database, bool]:
    """The database at ``url`` (or the default) and whether it has been set up yet."""
    from consent_desk.migrations import is_initialised

    db = Database(url)
    try:
        return db, is_initialised(db.engine)
    except SQLAlchemyError:
        db.dispose()
        raise


@dataclass(frozen=True)
class StartupState:
    trust: str
    academies: list[Any]  # AcademyInfo
    years: list[str]
    current_year: str
    purposes: dict[str, str]
    questions: list[Any] = field(default_factory=list)  # FormQuestion, as the form asks them
    lock_minutes: int = 10  # lock the window after this long without input (users exist)
    has_users: bool = False  # accounts exist: everyone logs in
    single_user_desk: bool = False  # no accounts, and the COO chose that knowingly


def schema_is_current(db: Database) -> bool:
    """True when the database is at the newest migration, checked without loading Alembic."""
    from consent_desk.migrations import schema_state

    try:
        return schema_state(db.engine) == "current"
    except SQLAlchemyError:
        return False


def startup_state(db: Database) -> StartupState:
    """Bring the schema up to date, then what the main window needs to show its selectors."""
    from consent_desk.services.trust import init_trust, list_academies, years_in_use

    settings = get_settings(db) if schema_is_current(db) else init_trust(db, "")
    current = AcademicYear.current()
    # forms for next year come in the summer; last year's stragglers in the autumn
    around = {AcademicYear(current.start_year + d).label for d in (-1, 0, 1)}
    years = sorted(set(years_in_use(db)) | around, reverse=True)
    return StartupState(
        settings.name,
        list_academies(db),
        years,
        current.label,
        trust_purposes(db),
        _form_questions(db),
        lock_minutes=settings.inactivity_lock_minutes,
        has_users=_has_users(db),
        single_user_desk=settings.single_user_desk,
    )


def _form_questions(db: Database) -> list[Any]:
    from consent_desk.services.consent_forms import questions_in

    with db.session() as s:
        return list(questions_in(s))


def _has_users(db: Database) -> bool:
    with db.session() as s:
        return access.users_exist(s)


def login_needed(db: Database) -> bool:
    """Bring the schema up to date; then whether the database has accounts and nobody in this
    process is logged in yet (the window asks for a user name and password first)."""
    from consent_desk.services.trust import init_trust

    if not schema_is_current(db):
        init_trust(db, "")
    who = access.current_actor_or_none()
    return (who is None or who.system) and _has_users(db)


def open_review_count(db: Database, academy_code: str, year: str) -> int:
    """How many imported rows of this academy and year wait for a person (what the review
    screen lists: :func:`~consent_desk.services.review.waiting_count`)."""
    from consent_desk.services.review import waiting_count

    return waiting_count(db, academy_code, year)
