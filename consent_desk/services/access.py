"""Who is acting, logging in, and the checks every service makes (the roles and what each may do
are declared in ``domain.roles``).

One person works in one process (a desk's app, or one CLI command), so the logged-in user is
held for the process (``set_actor``), and every service that reads or changes data calls
``require`` in its own session. A database with no users yet works as before: the operating-system
account acts with every permission (that is how a trust starts, before it creates accounts).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

# The roles, the actions and who may do what are declared in domain.roles; re-exported here
from consent_desk.domain.roles import PERMISSIONS as PERMISSIONS
from consent_desk.domain.roles import Action as Action
from consent_desk.domain.roles import Role as Role
from consent_desk.services.errors import PermissionDenied


@dataclass(frozen=True)
class Actor:
    """The person acting. ``academy_ids`` None means every academy (the COO)."""

    username: str
    display_name: str
    role: Role
    academy_ids: frozenset[int] | None = None
    system: bool = False  # the OS account on a database that has no users yet

    def can(self, action: Action, academy_id: int | None = None) -> bool:
        if action not in PERMISSIONS[self.role]:
            return False
        return academy_id is None or self.academy_ids is None or academy_id in self.academy_ids

    def sees(self, academy_id: int) -> bool:
        return self.academy_ids is None or academy_id in self.academy_ids


_lock = threading.Lock()
_actor: Actor | None = None


def set_actor(actor: Actor | None) -> None:
    """The person logged in to this process (None: logged out)."""
    global _actor
    with _lock:
        _actor = actor


def current_actor_or_none() -> Actor | None:
    return _actor


def system_actor() -> Actor:
    from consent_desk.services.audit import current_user_name

    name = current_user_name()
    return Actor(name, name, Role.COO, None, system=True)


def users_exist(session: Session) -> bool:
    from consent_desk.db.models import User

    return bool(session.scalar(select(func.count()).select_from(User).where(User.active)))


def actor(session: Session) -> Actor:
    """Who is acting in this session: the logged-in user, or the OS account while no users
    exist. Refuses when users exist and nobody has logged in."""
    current = _actor
    if current is not None and not current.system:
        return current
    if users_exist(session):
        raise PermissionDenied(
            "log in first: this database has user accounts "
            "(on the command line give --user NAME and the password)"
        )
    return current or system_actor()


def require(session: Session, action: Action, academy_id: int | None = None) -> Actor:
    """The actor, if they may do ``action`` (in ``academy_id``); else PermissionDenied."""
    who = actor(session)
    if action not in PERMISSIONS[who.role]:
        raise PermissionDenied(
            f"{who.display_name} ({who.role.label}) may not {action.value}: "
            "ask a principal or the COO"
        )
    if academy_id is not None and not who.sees(academy_id):
        raise PermissionDenied(
            f"{who.display_name} does not work in that academy: ask the COO for access"
        )
    return who


def require_year(session: Session, who: Actor, year_label: str) -> None:
    """Earlier academic years are read-only except for the COO."""
    from consent_desk.domain.years import AcademicYear

    if AcademicYear.parse(year_label) < AcademicYear.current() and not who.can(
        Action.EDIT_PAST_YEARS
    ):
        raise PermissionDenied(
            f"{year_label} is an earlier academic year and is read-only: "
            "ask the COO if it really must change"
        )


def acting_name(who: Actor, fallback: str | None) -> str:
    """The name an audit entry records: the logged-in user, else what the caller gave."""
    if not who.system:
        return who.username
    return fallback or who.username
