"""The trust, its settings, its academies and its purposes."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import Session

from consent_desk.db.engine import Database
from consent_desk.db.models import AcademicYearRow, Academy, Purpose, Trust
from consent_desk.domain import settings
from consent_desk.domain.listing import AcademyInfo
from consent_desk.domain.years import AcademicYear
from consent_desk.services import access, audit
from consent_desk.services.access import Action
from consent_desk.services.errors import (
    AlreadyExists,
    FieldError,
    NotFound,
    NotInitialised,
    ServiceError,
)

PHASES = ("primary", "secondary", "all-through")


@dataclass(frozen=True)
class TrustSettings:
    """The trust's settings as they are now (each declared, with its default, in
    ``domain.settings``)."""

    name: str
    treat_non_returns_as_restricted: bool = settings.TREAT_NON_RETURNS_AS_RESTRICTED.default
    retention_years: int = settings.RETENTION_YEARS.default
    inactivity_lock_minutes: int = settings.INACTIVITY_LOCK_MINUTES.default
    logo_path: str | None = settings.LOGO_PATH.default
    backups_to_keep: int = settings.BACKUPS_TO_KEEP.default
    single_user_desk: bool = settings.SINGLE_USER_DESK.default  # no accounts, chosen knowingly


def init_trust(db: Database, name: str, user: str | None = None) -> TrustSettings:
    """Create or migrate the schema, and create the trust if there is none yet."""
    from consent_desk.services.backup import upgrade_schema

    name = " ".join((name or "").split())
    upgrade_schema(db)
    with db.session() as s:
        trust = s.scalars(select(Trust)).first()
        if trust is None:
            trust = _create_trust(s, trust_name(name), user)
        elif name and trust.name != name:
            user = access.acting_name(access.require(s, Action.CHANGE_SETTINGS), user)
            before = trust.name
            trust.name = name
            audit.record(
                s,
                user or audit.current_user_name(),
                "rename",
                "trust",
                trust.id,
                before={"name": before},
                after={"name": name},
            )
        return settings_of(trust)


def trust_name(name: str) -> str:
    """The trust's name with its spaces tidied; refused when there is none."""
    tidy = " ".join((name or "").split())
    if not tidy:
        raise FieldError("trust", "the trust needs a name, e.g. Riverside Learning Trust")
    return tidy


def _create_trust(s: Session, name: str, user: str | None) -> Trust:
    trust = Trust(**settings.defaults(), name=name, created_at=audit.now())
    s.add(trust)
    s.flush()
    audit.record(
        s, user or audit.current_user_name(), "create", "trust", trust.id, after={"name": name}
    )
    return trust


def set_up_trust(
    db: Database,
    name: str,
    code: str,
    academy_name: str,
    principal: str | None = None,
    phase: str | None = None,
    user: str | None = None,
) -> TrustSettings:
    """The welcome's set-up: the trust and its first academy, saved together or not at all.

    Every field is checked before anything is written (the first refusal names its field);
    the schema is then made, and the trust and the academy are created in one transaction.
    A database whose trust was saved without an academy (by an earlier version) gets the
    academy, and the name typed now."""
    from consent_desk.services.backup import upgrade_schema

    tidy = trust_name(name)
    fields = academy_fields(code, academy_name, principal, phase)
    upgrade_schema(db)
    with db.session() as s:
        trust = s.scalars(select(Trust)).first()
        if trust is None:
            trust = _create_trust(s, tidy, user)
        elif s.scalars(select(Academy.id)).first() is not None:
            raise AlreadyExists(
                f"this database is already set up for {trust.name}: open it, and add "
                "academies in Settings → Academies"
            )
        else:
            trust.name = tidy
        _create_academy(s, fields, user or audit.current_user_name())
        return settings_of(trust)


def settings_of(trust: Trust) -> TrustSettings:
    """The trust row's settings, detached (inside a session that has read the trust)."""
    return TrustSettings(**{s.key: getattr(trust, s.key) for s in settings.SETTINGS})


def require_trust(session: Session) -> Trust:
    try:
        trust = session.scalars(select(Trust)).first()
    except (OperationalError, ProgrammingError) as exc:
        if not _is_missing_table(exc):
            raise
        session.rollback()
        trust = None
    if trust is None:
        raise NotInitialised(
            "this database has no trust yet: run 'consent-desk init --trust NAME' first"
        )
    return trust


def _is_missing_table(exc: Exception) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return "no such table" in text or ("relation" in text and "does not exist" in text)


def get_settings(db: Database) -> TrustSettings:
    with db.session() as s:
        return settings_of(require_trust(s))


def update_settings(db: Database, user: str, **changes: object) -> TrustSettings:
    """Change settings (keys and allowed values as declared in ``domain.settings``)."""
    try:
        changes = settings.checked(changes)
    except settings.SettingError as err:
        raise ServiceError(str(err)) from None
    with db.session() as s:
        trust = require_trust(s)
        user = access.acting_name(access.require(s, Action.CHANGE_SETTINGS), user)
        before = {k: getattr(trust, k) for k in changes}
        for k, v in changes.items():
            setattr(trust, k, v)
        audit.record(s, user, "update", "trust", trust.id, before=before, after=dict(changes))
        return settings_of(trust)


def purpose_labels(session: Session) -> dict[str, str]:
    """Active purposes in the trust's order: key -> label."""
    rows = session.execute(
        select(Purpose.key, Purpose.label).where(Purpose.active).order_by(Purpose.position)
    )
    return {k: label for k, label in rows}


def purposes(db: Database) -> dict[str, str]:
    """The trust's active purposes, key -> label, in order."""
    with db.session() as s:
        require_trust(s)
        return purpose_labels(s)


def ensure_year(session: Session, year: AcademicYear) -> None:
    """The academic year's row, created if it is not there yet.

    In September the first imports and paper returns of a new year arrive together: each may
    find no row and try to add one. ``INSERT … ON CONFLICT DO NOTHING`` (SQLite and PostgreSQL)
    lets every one of them through, and the year is made once."""
    if session.scalars(select(AcademicYearRow).where(AcademicYearRow.label == year.label)).first():
        return
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql as module
    else:  # (the PostgreSQL dialect is loaded only where it is used: 20 ms at every start)
        from sqlalchemy.dialects import sqlite as module  # type: ignore[no-redef]
    values = {"label": year.label, "starts_on": year.starts_on, "ends_on": year.ends_on}
    statement = module.insert(AcademicYearRow).values(**values)
    session.execute(statement.on_conflict_do_nothing(index_elements=["label"]))


def years_in_use(db: Database) -> list[str]:
    with db.session() as s:
        return list(s.scalars(select(AcademicYearRow.label).order_by(AcademicYearRow.label)))


def academy_info_of(a: Academy) -> AcademyInfo:
    """An academy row as the detached :class:`AcademyInfo` the outputs print."""
    """An academy row as the detached :class:`AcademyInfo` the outputs print."""
    return AcademyInfo(id=a.id, code=a.code, name=a.name, principal=a.principal, phase=a.phase)


_ACADEMY_CODE = re.compile(r"[A-Z0-9]{1,20}")


def normalise_code(code: str) -> str:
    """An academy code in capitals: 1 to 20 of the letters A–Z and digits 0–9 only, so a code
    that looks like another (Cyrillic "ОАК" and "OAK") or that a form's barcode cannot carry
    ("ÖAK") is never made."""
    c = (code or "").strip()
    if not c:
        raise FieldError(
            "code",
            "the academy needs a short code: 1 to 20 of the letters A to Z and the digits "
            "0 to 9, e.g. OAK",
        )
    if not c.isascii() or not _ACADEMY_CODE.fullmatch(c.upper()):
        raise FieldError(
            "code",
            f"{code!r} is not an academy code: use 1 to 20 of the letters A to Z and the "
            "digits 0 to 9 (no accents, spaces or other alphabets), e.g. OAK",
        )
    return c.upper()


@dataclass(frozen=True)
class AcademyFields:
    """An academy's details, checked and tidied."""

    code: str
    name: str
    principal: str | None
    phase: str | None


def academy_name(name: str) -> str:
    tidy = " ".join((name or "").split())
    if not tidy:
        raise FieldError("name", "the academy needs a name, e.g. Oakfield Primary Academy")
    return tidy


def academy_phase(phase: str | None) -> str | None:
    if phase is not None and phase not in PHASES:
        raise FieldError("phase", f"phase '{phase}' is not one of: {', '.join(PHASES)}")
    return phase


def academy_fields(
    code: str, name: str, principal: str | None = None, phase: str | None = None
) -> AcademyFields:
    """Check an academy's details; the first refusal is a FieldError naming its field."""
    return AcademyFields(
        normalise_code(code),
        academy_name(name),
        " ".join((principal or "").split()) or None,
        academy_phase(phase),
    )


def _create_academy(s: Session, fields: AcademyFields, user: str) -> Academy:
    if s.scalars(select(Academy).where(Academy.code == fields.code)).first():
        raise FieldError("code", f"academy {fields.code} already exists: choose another code")
    a = Academy(code=fields.code, name=fields.name, principal=fields.principal, phase=fields.phase)
    s.add(a)
    s.flush()
    audit.record(
        s,
        user,
        "create",
        "academy",
        a.id,
        after={
            "code": fields.code,
            "name": fields.name,
            "principal": fields.principal,
            "phase": fields.phase,
        },
    )
    return a


def add_academy(
    db: Database,
    code: str,
    name: str,
    principal: str | None = None,
    phase: str | None = None,
    user: str | None = None,
) -> AcademyInfo:
    fields = academy_fields(code, name, principal, phase)
    with db.session() as s:
        require_trust(s)
        user = access.acting_name(access.require(s, Action.CHANGE_SETTINGS), user)
        return academy_info_of(_create_academy(s, fields, user or audit.current_user_name()))


def list_academies(db: Database) -> list[AcademyInfo]:
    with db.session() as s:
        require_trust(s)
        who = access.require(s, Action.VIEW)
        return [
            academy_info_of(a)
            for a in s.scalars(select(Academy).order_by(Academy.name))
            if who.sees(a.id)
        ]


def academy_by_code(session: Session, code: str) -> Academy:
    require_trust(session)
    c = (code or "").strip().upper()
    a = session.scalars(select(Academy).where(Academy.code == c)).first()
    if a is None:
        known = ", ".join(session.scalars(select(Academy.code).order_by(Academy.code)))
        hint = f"known academies: {known}" if known else "add one with 'consent-desk academy add'"
        raise NotFound(f"there is no academy with code '{code}' ({hint})")
    return a


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
