"""Learners: adding one by hand, leaving, the safeguarding flag — with the concurrent-edit guard."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from consent_desk.db.engine import Database
from consent_desk.db.models import Learner
from consent_desk.domain.names import known_as
from consent_desk.domain.rules import Answer, Status, assess
from consent_desk.domain.years import AcademicYear
from consent_desk.services import access, audit
from consent_desk.services.access import Action
from consent_desk.services.errors import AlreadyExists, Conflict, NotFound, ServiceError
from consent_desk.services.trust import academy_by_code, purpose_labels


@dataclass(frozen=True)
class NewLearner:
    legal_surname: str
    legal_forename: str
    upn: str | None = None
    adno: str | None = None
    preferred_forename: str | None = None
    preferred_surname: str | None = None
    dob: date | None = None
    year_group: str | None = None
    reg_group: str | None = None


def _snapshot(lr: Learner) -> dict[str, object]:
    return {
        "upn": lr.upn,
        "adno": lr.adno,
        "legal_surname": lr.legal_surname,
        "legal_forename": lr.legal_forename,
        "preferred_forename": lr.preferred_forename,
        "preferred_surname": lr.preferred_surname,
        "dob": lr.dob.isoformat() if lr.dob else None,
        "year_group": lr.year_group,
        "reg_group": lr.reg_group,
        "on_roll": lr.on_roll,
    }


def add_learner(db: Database, academy_code: str, new: NewLearner, user: str) -> int:
    if not new.legal_surname.strip() or not new.legal_forename.strip():
        raise ServiceError("a learner needs a surname and a forename")
    with db.session() as s:
        academy = academy_by_code(s, academy_code)
        user = access.acting_name(access.require(s, Action.EDIT_LEARNERS, academy.id), user)
        if new.upn and s.scalars(select(Learner.id).where(Learner.upn == new.upn)).first():
            raise AlreadyExists(f"a learner with UPN {new.upn} already exists in the trust")
        lr = Learner(
            academy_id=academy.id,
            on_roll=True,
            **change_stamp(user),
            **new.__dict__,
        )
        s.add(lr)
        s.flush()
        audit.record(s, user, "create", "learner", lr.id, after=_snapshot(lr))
        return lr.id


def get_learner(session: Session, learner_id: int, action: Action = Action.VIEW) -> Learner:
    """A learner the actor may ``action``; NotFound for one they may not see."""
    lr = session.get(Learner, learner_id)
    if lr is None:
        raise NotFound(f"there is no learner with id {learner_id}")
    access.require(session, action, lr.academy_id)
    return lr


def _with_upn(session: Session, upn: str) -> Learner | None:
    return session.scalars(select(Learner).where(Learner.upn == upn.strip().upper())).first()


def learner_by_upn(session: Session, upn: str) -> Learner:
    lr = _with_upn(session, upn)
    if lr is None:
        raise NotFound(f"there is no learner with UPN {upn}")
    access.require(session, Action.VIEW, lr.academy_id)
    return lr


def learner_in_academy(session: Session, ref: str, academy_id: int) -> Learner:
    """The learner a person names by UPN, or by admission number in the academy (a learner
    imported without a UPN has only that)."""
    from consent_desk.importing.values import normalise_adno

    lr = _with_upn(session, ref)
    if lr is None and (adno := normalise_adno(ref)):
        lr = session.scalars(
            select(Learner).where(Learner.academy_id == academy_id, Learner.adno == adno)
        ).first()
    if lr is None:
        raise NotFound(f"there is no learner with UPN or admission number {ref}")
    access.require(session, Action.VIEW, lr.academy_id)
    return lr


def conflict_message(lr: Learner) -> str:
    who = lr.updated_by or "someone else"
    when = f" at {lr.updated_at:%H:%M on %d/%m/%Y}" if lr.updated_at else ""
    return (
        f"{lr.legal_forename} {lr.legal_surname} was changed by {who}{when} after you opened "
        "it — reload to see their change, then make yours again"
    )


def _guard(lr: Learner, expected_version: int | None) -> None:
    if expected_version is not None and lr.version != expected_version:
        raise Conflict(conflict_message(lr))


def change_stamp(user: str) -> dict[str, object]:
    """Who changed a learner, and when: the one stamp every change of a learner carries (hand
    edits, the safeguarding flag, leaving, learner-list imports and their undo), so a desk whose
    save is refused is told who made the change it missed (see ``conflict_message``)."""
    return {"updated_by": user, "updated_at": audit.now()}


def stamp(lr: Learner, user: str) -> None:
    """Put ``change_stamp`` on a loaded learner (its version is bumped when it is saved)."""
    for name, value in change_stamp(user).items():
        setattr(lr, name, value)


def set_safeguarding(
    db: Database,
    learner_id: int,
    flag: bool,
    reason: str | None,
    user: str,
    expected_version: int | None = None,
) -> None:
    """Set or clear "no images — safeguarding". The reason is never printed on any sheet.

    ``expected_version`` is the learner's version when the user opened it: if someone else saved
    the learner since, the change is refused with who and when, never silently overwritten.
    """
    if flag and not (reason or "").strip():
        raise ServiceError("give a reason for the safeguarding flag (only principals see it)")
    try:
        with db.session() as s:
            lr = get_learner(s, learner_id, Action.SET_SAFEGUARDING)
            user = access.acting_name(access.actor(s), user)
            _guard(lr, expected_version)
            before = {"flag": lr.safeguarding_flag}
            lr.safeguarding_flag = flag
            lr.safeguarding_reason = reason.strip() if flag and reason else None
            lr.safeguarding_set_by = user if flag else None
            lr.safeguarding_set_at = audit.now() if flag else None
            stamp(lr, user)
            # The reason is kept out of the audit entry on purpose: it is sensitive.
            audit.record(
                s, user, "safeguarding", "learner", lr.id, before=before, after={"flag": flag}
            )
    except StaleDataError:
        with db.session() as s:
            raise Conflict(conflict_message(get_learner(s, learner_id))) from None


def mark_left(
    db: Database,
    learner_id: int,
    user: str,
    left_on: date | None = None,
    expected_version: int | None = None,
) -> None:
    try:
        with db.session() as s:
            lr = get_learner(s, learner_id, Action.EDIT_LEARNERS)
            user = access.acting_name(access.actor(s), user)
            _guard(lr, expected_version)
            before = _snapshot(lr)
            lr.on_roll = False
            lr.left_on = left_on or date.today()
            stamp(lr, user)
            after = _snapshot(lr) | {"left_on": lr.left_on.isoformat()}
            audit.record(s, user, "left", "learner", lr.id, before=before, after=after)
    except StaleDataError:
        with db.session() as s:
            raise Conflict(conflict_message(get_learner(s, learner_id))) from None


def update_learner(
    db: Database,
    learner_id: int,
    changes: dict[str, object],
    user: str,
    expected_version: int,
) -> int:
    """Change a learner's names or groups by hand. Returns the new version."""
    allowed = {
        "legal_surname",
        "legal_forename",
        "preferred_surname",
        "preferred_forename",
        "dob",
        "year_group",
        "reg_group",
        "adno",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise ServiceError(f"these learner details cannot be changed here: {sorted(unknown)}")
    try:
        with db.session() as s:
            lr = get_learner(s, learner_id, Action.EDIT_LEARNERS)
            user = access.acting_name(access.actor(s), user)
            _guard(lr, expected_version)
            before = _snapshot(lr)
            for k, v in changes.items():
                setattr(lr, k, v)
            stamp(lr, user)
            s.flush()
            audit.record(s, user, "update", "learner", lr.id, before=before, after=_snapshot(lr))
            return lr.version
    except StaleDataError:
        with db.session() as s:
            raise Conflict(conflict_message(get_learner(s, learner_id))) from None


def safeguarding_reason(db: Database, learner_id: int, user: str) -> str | None:
    """The reason for a learner's safeguarding flag: principals and the COO only. Every
    viewing is in the audit log."""
    with db.session() as s:
        lr = get_learner(s, learner_id, Action.SEE_SAFEGUARDING_REASON)
        user = access.acting_name(access.actor(s), user)
        audit.record(s, user, "view_safeguarding_reason", "learner", lr.id)
        return lr.safeguarding_reason if lr.safeguarding_flag else None


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
        return known_as(self)


def learner_detail(db: Database, learner_id: int, year: str) -> LearnerDetail:
    """One learner's details and consent position for ``year``."""
    label = AcademicYear.parse(year).label
    from consent_desk.services.consent import returns_by_learner

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
