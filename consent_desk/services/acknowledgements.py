"""Staff know the list (policy 10.3): each member of staff with an account confirms they have read
the current restriction list of their academies; a changed list asks again, showing what changed
since their last confirmation; the principal sees who has not confirmed the current list.

A version of the list is its fingerprint: per learner on it, what the list says about them (name,
group, status, refused and unanswered purposes, limitation). Never a safeguarding reason.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from consent_desk.db.engine import Database
from consent_desk.db.models import Academy, ListAcknowledgement, User, UserAcademy
from consent_desk.domain.listing import LearnerStatusRow
from consent_desk.domain.rules import Status
from consent_desk.domain.years import AcademicYear
from consent_desk.services import access, audit
from consent_desk.services.access import Action, Role
from consent_desk.services.consent import status_rows
from consent_desk.services.errors import Conflict
from consent_desk.services.trust import academy_by_code, purpose_labels

MAX_CHANGES = 30


def _digest(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def list_entries(rows: Sequence[LearnerStatusRow]) -> tuple[str, dict[str, list[str]]]:
    """The fingerprint of a restriction list and, per learner id, [status, hash of what may not
    be done, hash of the name and group shown]."""
    entries: dict[str, list[str]] = {}
    for r in rows:
        what = [r.status.value, list(r.refused), list(r.unanswered), r.limitation or ""]
        shown = [r.display_name, r.reg_group or ""]
        entries[str(r.learner_id)] = [r.status.value, _digest(what)[:16], _digest(shown)[:16]]
    return _digest(sorted(entries.items())), entries


def describe_row(r: LearnerStatusRow, labels: dict[str, str]) -> str:
    """What the list says about a learner: ``NO IMAGES``, ``refused: Websites; limitation: …``."""
    if r.status is Status.NO_IMAGES:
        return "NO IMAGES"
    if r.status is Status.NOT_RETURNED:
        return "no return yet"
    bits = []
    if r.refused:
        bits.append("refused: " + ", ".join(labels.get(k, k) for k in r.refused))
    if r.unanswered:
        bits.append("not answered: " + ", ".join(labels.get(k, k) for k in r.unanswered))
    if r.limitation:
        bits.append(f"limitation: {r.limitation}")
    return "; ".join(bits) or r.status.label


def what_changed(
    old: dict[str, list[str]],
    rows: Sequence[LearnerStatusRow],
    everyone: dict[int, LearnerStatusRow],
    labels: dict[str, str],
) -> list[str]:
    """Lines saying how the list changed since ``old`` was confirmed."""
    out: list[str] = []
    _, new = list_entries(rows)
    for r in rows:
        lid = str(r.learner_id)
        if lid not in old:
            out.append(
                f"{r.display_name} ({r.reg_group or 'no group'}) is now on the list: "
                f"{describe_row(r, labels)}"
            )
        elif new[lid][:2] != old[lid][:2]:
            out.append(f"{r.display_name}: now {describe_row(r, labels)}")
        elif new[lid][2] != old[lid][2]:
            out.append(f"{r.display_name}: name or group changed (now {r.reg_group or '-'})")
    for lid in old:
        if lid in new:
            continue
        gone = everyone.get(int(lid))
        if gone is None:
            out.append("a learner is no longer in the records")
        elif not gone.on_roll:
            out.append(f"{gone.display_name} has left")
        else:
            out.append(f"{gone.display_name} is no longer on the list")
    if len(out) > MAX_CHANGES:
        out = [*out[:MAX_CHANGES], f"and {len(out) - MAX_CHANGES} more changes"]
    return out


@dataclass(frozen=True)
class ListState:
    """The current restriction list of an academy and year, and the acting person's position."""

    academy_code: str
    academy_name: str
    year: str
    fingerprint: str
    rows: list[LearnerStatusRow]
    labels: dict[str, str]
    username: str
    last_confirmed_at: datetime | None = None
    confirmed_current: bool = False
    changes: list[str] = field(default_factory=list)  # since the last confirmation

    @property
    def version(self) -> str:
        return self.fingerprint[:8]

    @property
    def needs_confirmation(self) -> bool:
        return not self.confirmed_current


def _latest(
    session: Session, academy_id: int, year: str, username: str | None = None
) -> dict[str, ListAcknowledgement]:
    q = select(ListAcknowledgement).where(
        ListAcknowledgement.academy_id == academy_id, ListAcknowledgement.year_label == year
    )
    if username is not None:
        q = q.where(ListAcknowledgement.username == username)
    latest: dict[str, ListAcknowledgement] = {}
    for a in session.scalars(
        q.order_by(ListAcknowledgement.acknowledged_at, ListAcknowledgement.id)
    ):
        latest[a.username] = a
    return latest


def _state(session: Session, academy: Academy, year: str, username: str) -> ListState:
    everyone = status_rows(session, academy.code, year, include_left=True)
    rows = [r for r in everyone if r.on_restriction_list]
    fingerprint, _ = list_entries(rows)
    labels = purpose_labels(session)
    last = _latest(session, academy.id, year, username).get(username)
    if last is None:
        return ListState(academy.code, academy.name, year, fingerprint, rows, labels, username)
    changes = (
        []
        if last.fingerprint == fingerprint
        else what_changed(last.entries or {}, rows, {r.learner_id: r for r in everyone}, labels)
    )
    return ListState(
        academy.code,
        academy.name,
        year,
        fingerprint,
        rows,
        labels,
        username,
        last.acknowledged_at,
        last.fingerprint == fingerprint,
        changes,
    )


def _year(year: str | None) -> str:
    return AcademicYear.parse(year).label if year else AcademicYear.current().label


def list_state(db: Database, academy_code: str, year: str | None = None) -> ListState:
    """The current list and whether the acting person has confirmed it (and what changed)."""
    with db.session() as s:
        academy = academy_by_code(s, academy_code)
        who = access.require(s, Action.VIEW, academy.id)
        return _state(s, academy, _year(year), access.acting_name(who, None))


def acknowledge(
    db: Database, academy_code: str, year: str | None = None, fingerprint: str | None = None
) -> ListState:
    """Confirm having read the current list. With ``fingerprint`` (the version the person was
    shown), refused when the list changed meanwhile: they must read the new one."""
    label = _year(year)
    with db.session() as s:
        academy = academy_by_code(s, academy_code)
        who = access.require(s, Action.VIEW, academy.id)
        user = access.acting_name(who, None)[:100]
        state = _state(s, academy, label, user)
        if fingerprint is not None and fingerprint != state.fingerprint:
            raise Conflict(
                "the restriction list changed while you were reading it: "
                "read the new list, then confirm again"
            )
        _, entries = list_entries(state.rows)
        now = audit.now()
        s.add(
            ListAcknowledgement(
                username=user,
                academy_id=academy.id,
                year_label=label,
                fingerprint=state.fingerprint,
                entries=entries,
                acknowledged_at=now,
            )
        )
        audit.record(
            s,
            user,
            "acknowledge_list",
            "academy",
            academy.id,
            after={"year": label, "version": state.version, "learners_on_list": len(state.rows)},
        )
        return ListState(
            academy.code,
            academy.name,
            label,
            state.fingerprint,
            state.rows,
            state.labels,
            user,
            now,
            True,
            [],
        )


@dataclass(frozen=True)
class StaffConfirmation:
    username: str
    display_name: str
    role: str
    version: str | None  # the version they last confirmed (None: never)
    confirmed_at: datetime | None
    current: bool

    def as_json(self) -> dict[str, object]:
        return {
            "username": self.username,
            "name": self.display_name,
            "role": self.role,
            "version": self.version,
            "current": self.current,
            "confirmed_at": (
                self.confirmed_at.isoformat(timespec="seconds") if self.confirmed_at else None
            ),
        }


def acknowledgements(
    db: Database, academy_code: str, year: str | None = None
) -> tuple[str, list[StaffConfirmation]]:
    """The current version of the list, and each member of the academy's staff with an account
    (and anyone else who confirmed it): which version they last confirmed, if any."""
    label = _year(year)
    with db.session() as s:
        academy = academy_by_code(s, academy_code)
        access.require(s, Action.SEE_ACKNOWLEDGEMENTS, academy.id)
        rows = [r for r in status_rows(s, academy.code, label) if r.on_restriction_list]
        fingerprint, _ = list_entries(rows)
        latest = _latest(s, academy.id, label)
        staff = {
            u.username: u
            for u in s.scalars(
                select(User)
                .join(UserAcademy, UserAcademy.user_id == User.id)
                .where(UserAcademy.academy_id == academy.id, User.active)
            )
        }
        for name in latest:
            if name not in staff:
                u = s.scalars(select(User).where(User.username == name)).first()
                if u is not None:
                    staff[name] = u
    out: list[StaffConfirmation] = []
    for name in sorted(set(staff) | set(latest)):
        u = staff.get(name)
        a = latest.get(name)
        out.append(
            StaffConfirmation(
                name,
                u.display_name if u else name,
                Role(u.role).label if u else "no account",
                a.fingerprint[:8] if a else None,
                a.acknowledged_at if a else None,
                a is not None and a.fingerprint == fingerprint,
            )
        )
    out.sort(key=lambda c: (c.current, c.display_name.casefold()))
    return fingerprint[:8], out
