"""The audit log: who changed what, when, before and after."""

from __future__ import annotations

import getpass
import os
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from consent_desk.db.models import AuditEntry


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


def record(
    session: Session,
    user: str,
    action: str,
    entity: str,
    entity_id: object = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    session.add(
        AuditEntry(
            at=now(),
            user=user,
            action=action,
            entity=entity,
            entity_id=None if entity_id is None else str(entity_id),
            before=before,
            after=after,
        )
    )
