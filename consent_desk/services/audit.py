"""The audit log: who changed what, when, before and after."""

from __future__ import annotations

import getpass
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from consent_desk.db.models import AuditEntry, ImportBatch, Learner, Publication, ReviewItem
from consent_desk.domain.audit_words import learner_of
from consent_desk.domain.names import learner_name


def current_user_name() -> str:
    """Who is acting when no one has logged in: the operating-system account."""
    name = os.environ.get("CONSENT_DESK_USER")
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # no login name in some service environments
        return "unknown"


def now() -> datetime:
    return datetime.now().replace(microsecond=0)


@dataclass(frozen=True)
class Subject:
    """The learner an entry is about, as they are named when it is written."""

    learner_id: int
    name: str
    group: str | None
    academy_id: int | None


def subject_of(row: Learner | Mapping[str, Any]) -> Subject:
    """A learner (or a learner's row read with Core) as an entry's subject."""

    def get(k: str) -> Any:
        return row.get(k) if isinstance(row, Mapping) else getattr(row, k)

    name = learner_name(
        get("legal_forename"),
        get("legal_surname"),
        get("preferred_forename"),
        get("preferred_surname"),
    )
    return Subject(get("id"), name, get("reg_group") or get("year_group"), get("academy_id"))


def _academy_of(session: Session, entity: str, entity_id: object) -> int | None:
    if entity_id is None or not str(entity_id).isdigit():
        return None
    key = int(str(entity_id))
    if entity == "academy":
        return key
    kinds: dict[str, Any] = {
        "import_batch": ImportBatch,
        "review_item": ReviewItem,
        "publication": Publication,
    }
    if entity in kinds:
        row = session.get(kinds[entity], key)
        return row.academy_id if row is not None else None
    return None


def record(
    session: Session,
    user: str,
    action: str,
    entity: str,
    entity_id: object = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    subject: Subject | None = None,
) -> None:
    """One entry. The learner it is about (found from the entry unless ``subject`` says) is
    kept with it by name, so the trail still says who it was after a rename or removal."""
    eid = None if entity_id is None else str(entity_id)
    if subject is None:
        lid = learner_of(entity, eid, before, after)
        lr = session.get(Learner, lid) if lid is not None else None
        subject = subject_of(lr) if lr is not None else None
    academy_id = subject.academy_id if subject else _academy_of(session, entity, entity_id)
    session.add(
        AuditEntry(
            at=now(),
            user=user,
            action=action,
            entity=entity,
            entity_id=eid,
            before=before,
            after=after,
            learner_id=subject.learner_id if subject else None,
            learner_name=subject.name[:300] if subject else None,
            learner_group=(subject.group or "")[:40] or None if subject else None,
            academy_id=academy_id,
        )
    )
