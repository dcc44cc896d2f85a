""" "Reprint needed": every restricted-learner sheet printed or saved is recorded with a
fingerprint of what it shows; when a later change alters what that sheet would show — a new
return, a withdrawal, a safeguarding flag, a learner joining, leaving or changing group — the
sheet is stale until the same scope is printed again.

The fingerprint covers, for each learner on the sheet in order: the group heading, the learner's
id, the name and group shown, status, refused and unanswered purposes and the limitation —
exactly what the roster prints about them, and nothing it does not (a return that changes
nothing on paper does not ask for a reprint).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from consent_desk.db.engine import Database
from consent_desk.db.models import Academy, SheetPrint
from consent_desk.domain.listing import LearnerStatusRow, ReportContext
from consent_desk.domain.rules import Status
from consent_desk.domain.sheets import ScopeKind, SheetScope
from consent_desk.domain.years import AcademicYear
from consent_desk.outputs.common import Target, status_mark
from consent_desk.services import access, audit
from consent_desk.services.access import Action, Actor
from consent_desk.services.listing import Groups, report_context, sheet_groups
from consent_desk.services.trust import academy_by_code

MAX_REASONS = 4


@dataclass(frozen=True)
class SheetContent:
    """What a sheet shows, reduced to a fingerprint and a short hash per learner."""

    fingerprint: str
    # learner id -> [status, hash of what may not be done, hash of the name and group shown]
    entries: dict[str, list[str]]


def _digest(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sheet_content(groups: Groups, ctx: ReportContext, restricted_only: bool) -> SheetContent:
    """The fingerprint of the sheet ``build_roster`` prints for ``groups``."""
    from consent_desk.outputs.roster import learner_name, roster_learners

    lines: list[object] = []
    entries: dict[str, list[str]] = {}
    for name, rows in groups:
        lines.append(["group", name])
        for r in roster_learners(rows, ctx, restricted_only=restricted_only):
            what = [r.status.value, list(r.refused), list(r.unanswered), r.limitation or ""]
            shown = [name, learner_name(r), r.reg_group or ""]
            lines.append([r.learner_id, *what, *shown])
            entries[str(r.learner_id)] = [r.status.value, _digest(what)[:16], _digest(shown)[:16]]
    return SheetContent(_digest(lines), entries)


def _file_name(target: Target | None) -> str | None:
    if isinstance(target, str | Path):
        return Path(target).name[:500]
    name = getattr(target, "name", None)
    return Path(name).name[:500] if isinstance(name, str) else None


def record_print(
    session: Session,
    academy: Academy,
    who: Actor,
    scope: SheetScope,
    groups: Groups,
    ctx: ReportContext,
    target: Target | None = None,
) -> int:
    """Record, in the session that read the sheet's rows, that the sheet for ``scope`` showing
    ``groups`` was printed or saved now by ``who`` (whom the caller has checked may print)."""
    content = sheet_content(groups, ctx, scope.restricted_only)
    label = AcademicYear.parse(ctx.year).label
    row = SheetPrint(
        academy_id=academy.id,
        year_label=label,
        scope_kind=scope.kind,
        scope_value=(scope.title if scope.kind == "learners" else scope.value)[:200],
        learner_ids=sorted(scope.learner_ids) if scope.kind == "learners" else None,
        restricted_only=scope.restricted_only,
        printed_at=audit.now(),
        printed_by=access.acting_name(who, None)[:100],
        fingerprint=content.fingerprint,
        entries=content.entries,
        file_name=_file_name(target),
    )
    session.add(row)
    session.flush()
    return row.id


@dataclass(frozen=True)
class StaleSheet:
    """The latest print of a scope, which no longer shows what is true."""

    scope: SheetScope
    printed_at: datetime
    printed_by: str
    reason: str
    print_id: int
    file_name: str | None = None

    @property
    def group(self) -> str:
        """The year or registration group, the hand-picked group's title, or "" (academy)."""
        return self.scope.title if self.scope.kind == "learners" else self.scope.value

    def as_json(self) -> dict[str, object]:
        doc: dict[str, object] = {
            "scope": self.scope.kind,
            "group": self.group,
            "description": self.scope.describe(),
            "restricted_only": self.scope.restricted_only,
            "printed_at": self.printed_at.isoformat(timespec="seconds"),
            "printed_by": self.printed_by,
            "reason": self.reason,
        }
        if self.scope.kind == "learners":
            doc["learner_ids"] = list(self.scope.learner_ids)
        if self.file_name:
            doc["file_name"] = self.file_name
        return doc


def _scope_of(p: SheetPrint) -> SheetScope:
    if p.scope_kind == "learners":
        return SheetScope(
            "learners",
            learner_ids=tuple(p.learner_ids or ()),
            title=p.scope_value,
            restricted_only=p.restricted_only,
        )
    kind = p.scope_kind if p.scope_kind in ("academy", "year_group", "reg_group") else "academy"
    return SheetScope(cast(ScopeKind, kind), p.scope_value, restricted_only=p.restricted_only)


def scope_key(scope: SheetScope) -> tuple[object, ...]:
    """What makes two prints the same sheet (so the later one replaces the earlier)."""
    from consent_desk.importing.values import normalise_year_group

    if scope.kind == "learners":
        value: object = tuple(sorted(scope.learner_ids))
    elif scope.kind == "year_group":
        value = (normalise_year_group(scope.value) or scope.value.strip()).casefold()
    else:
        value = scope.value.strip().casefold()
    return (scope.kind, value, scope.restricted_only)


def latest_prints(db: Database, academy_code: str, year: str) -> list[SheetPrint]:
    """The latest print of each distinct scope of an academy and year, oldest first."""
    label = AcademicYear.parse(year).label
    with db.session() as s:
        academy = academy_by_code(s, academy_code)
        access.require(s, Action.VIEW, academy.id)
        prints = s.scalars(
            select(SheetPrint)
            .where(SheetPrint.academy_id == academy.id, SheetPrint.year_label == label)
            .order_by(SheetPrint.printed_at, SheetPrint.id)
        ).all()
    latest: dict[tuple[object, ...], SheetPrint] = {}
    for p in prints:
        key = scope_key(_scope_of(p))
        latest.pop(key, None)
        latest[key] = p
    return list(latest.values())


def stale_sheets(db: Database, academy_code: str, year: str) -> list[StaleSheet]:
    """The sheets of an academy and year whose latest print no longer shows what is true, with
    a short reason; printing the same scope again clears it."""
    from consent_desk.services.consent import learner_statuses

    label = AcademicYear.parse(year).label
    prints = latest_prints(db, academy_code, label)
    if not prints:
        return []
    ctx, _ = report_context(db, label)
    everyone = learner_statuses(db, academy_code, label, include_left=True)
    on_roll = [r for r in everyone if r.on_roll]
    by_id = {r.learner_id: r for r in everyone}
    stale: list[StaleSheet] = []
    for p in prints:
        scope = _scope_of(p)
        groups = sheet_groups(on_roll, scope)
        content = sheet_content(groups, ctx, scope.restricted_only)
        if content.fingerprint == p.fingerprint:
            continue
        in_scope = {r.learner_id for _, rows in groups for r in rows}
        reason = explain_change(p.entries or {}, content.entries, by_id, in_scope)
        stale.append(StaleSheet(scope, p.printed_at, p.printed_by, reason, p.id, p.file_name))
    return stale


def explain_change(
    old: dict[str, list[str]],
    new: dict[str, list[str]],
    by_id: dict[int, LearnerStatusRow],
    in_scope: set[int],
) -> str:
    """Why a sheet needs reprinting, in a line: ``Ben Brown is now NO IMAGES; …``."""

    def name(lid: str) -> str:
        r = by_id.get(int(lid))
        return r.display_name if r else "a learner no longer in the records"

    def mark(status: str) -> str:
        return status_mark(Status(status))

    parts: list[str] = []
    for lid, entry in new.items():
        if lid not in old:
            parts.append(f"{name(lid)} is now on the sheet ({mark(entry[0])})")
        elif entry[0] != old[lid][0]:
            parts.append(f"{name(lid)} is now {mark(entry[0])}")
        elif entry[1] != old[lid][1]:
            parts.append(f"what may not be done for {name(lid)} has changed")
        elif entry[2] != old[lid][2]:
            parts.append(f"{name(lid)}'s name or group has changed")
    for lid in old:
        if lid in new:
            continue
        r = by_id.get(int(lid))
        if r is None:
            parts.append("a learner on the sheet is no longer in the records")
        elif not r.on_roll:
            parts.append(f"{r.display_name} has left")
        elif r.learner_id not in in_scope:
            moved = f" (now {r.reg_group})" if r.reg_group else ""
            parts.append(f"{r.display_name} is no longer in this group{moved}")
        else:
            parts.append(f"{r.display_name} no longer has restrictions")
    if not parts:
        return "the groups on the sheet have changed"
    if not in_scope:
        parts.insert(0, "nobody on roll is in this group any more")
    more = len(parts) - MAX_REASONS
    shown = "; ".join(parts[:MAX_REASONS])
    return f"{shown}; and {more} more" if more > 0 else shown
