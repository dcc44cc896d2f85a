"""Learners: adding one by hand, leaving, the safeguarding flag."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from consent_desk.db.engine import Database
from consent_desk.db.models import Learner
from consent_desk.services import audit
from consent_desk.services.errors import AlreadyExists, Conflict, NotFound, ServiceError
from consent_desk.services.trust import academy_by_code


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
        if new.upn and s.scalars(select(Learner.id).where(Learner.upn == new.upn)).first():
            raise AlreadyExists(f"a learner with UPN {new.upn} already exists in the trust")
        lr = Learner(academy_id=academy.id, on_roll=True, **new.__dict__)
        s.add(lr)
        s.flush()
        audit.record(s, user, "create", "learner", lr.id, after=_snapshot(lr))
        return lr.id


def get_learner(session: Session, learner_id: int) -> Learner:
    lr = session.get(Learner, learner_id)
    if lr is None:
        raise NotFound(f"there is no learner with id {learner_id}")
    return lr


def learner_by_upn(session: Session, upn: str) -> Learner:
    lr = session.scalars(select(Learner).where(Learner.upn == upn.strip().upper())).first()
    if lr is None:
        raise NotFound(f"there is no learner with UPN {upn}")
    return lr


def set_safeguarding(
    db: Database,
    learner_id: int,
    flag: bool,
    reason: str | None,
    user: str,
    expected_version: int | None = None,
) -> None:
    """Set or clear "no images — safeguarding". The reason is never printed on any sheet."""
    if flag and not (reason or "").strip():
        raise ServiceError("give a reason for the safeguarding flag (only principals see it)")
    try:
        with db.session() as s:
            lr = get_learner(s, learner_id)
            if expected_version is not None and lr.version != expected_version:
                raise Conflict(_conflict_message(lr))
            before = {"flag": lr.safeguarding_flag}
            lr.safeguarding_flag = flag
            lr.safeguarding_reason = reason.strip() if flag and reason else None
            lr.safeguarding_set_by = user if flag else None
            lr.safeguarding_set_at = audit.now() if flag else None
            # The reason is kept out of the audit entry's text on purpose: it is sensitive.
            audit.record(
                s, user, "safeguarding", "learner", lr.id, before=before, after={"flag": flag}
            )
    except StaleDataError:
        raise Conflict(
            "someone else changed this learner while you were editing: reload and try again"
        ) from None


def _conflict_message(lr: Learner) -> str:
    return (
        f"{lr.legal_forename} {lr.legal_surname} was changed by someone else after you "
        "opened it: reload to see their change, then make yours again"
    )


def mark_left(db: Database, learner_id: int, user: str, left_on: date | None = None) -> None:
    with db.session() as s:
        lr = get_learner(s, learner_id)
        before = _snapshot(lr)
        lr.on_roll = False
        lr.left_on = left_on or date.today()
        audit.record(s, user, "left", "learner", lr.id, before=before, after=_snapshot(lr))
