"""Reading the audit trail: filters, and an .xlsx export. Principals see their academies only."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from consent_desk.db.engine import Database
from consent_desk.db.models import AuditEntry, ConsentReturn, ImportBatch, Learner, ReviewItem
from consent_desk.private_files import private_output
from consent_desk.services import access
from consent_desk.services.access import Action


@dataclass(frozen=True)
class AuditView:
    id: int
    at: datetime
    user: str
    action: str
    entity: str
    entity_id: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @property
    def change(self) -> str:
        """The change in words: ``field: before → after`` where both sides are known."""
        b, a = self.before or {}, self.after or {}
        keys = list(dict.fromkeys([*b, *a]))
        parts = []
        for k in keys:
            if k in b and k in a:
                if b[k] != a[k]:
                    parts.append(f"{k}: {b[k]} → {a[k]}")
            elif k in a:
                parts.append(f"{k}: {a[k]}")
            else:
                parts.append(f"{k} was {b[k]}")
        return "; ".join(parts)


def _in_academies(
    s: Session, academy_ids: frozenset[int], entries: list[AuditEntry]
) -> list[AuditEntry]:
    """Only the entries about learners, returns, imports and review rows of these academies."""

    def ids(entity: str) -> list[int]:
        return [
            int(e.entity_id)
            for e in entries
            if e.entity == entity and e.entity_id and e.entity_id.isdigit()
        ]

    allowed: set[tuple[str, str]] = set()
    checks = [
        ("learner", Learner.id, Learner.academy_id),
        ("import_batch", ImportBatch.id, ImportBatch.academy_id),
        ("review_item", ReviewItem.id, ReviewItem.academy_id),
    ]
    for entity, id_col, academy_col in checks:
        wanted = ids(entity)
        if wanted:
            for (i,) in s.execute(
                select(id_col).where(id_col.in_(wanted), academy_col.in_(academy_ids))
            ):
                allowed.add((entity, str(i)))
    wanted = ids("return")
    if wanted:
        q = (
            select(ConsentReturn.id)
            .join(Learner, Learner.id == ConsentReturn.learner_id)
            .where(ConsentReturn.id.in_(wanted), Learner.academy_id.in_(academy_ids))
        )
        allowed.update(("return", str(i)) for (i,) in s.execute(q))
    return [e for e in entries if (e.entity, e.entity_id or "") in allowed]


def list_audit(
    db: Database,
    *,
    user: str | None = None,
    action: str | None = None,
    entity: str | None = None,
    entity_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 2000,
) -> list[AuditView]:
    """Newest first."""
    with db.session() as s:
        who = access.require(s, Action.VIEW_AUDIT)
        q = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        if user:
            q = q.where(AuditEntry.user == user)
        if action:
            q = q.where(AuditEntry.action == action)
        if entity:
            q = q.where(AuditEntry.entity == entity)
        if entity_id:
            q = q.where(AuditEntry.entity_id == str(entity_id))
        if since:
            q = q.where(AuditEntry.at >= since)
        if until:
            q = q.where(AuditEntry.at <= until)
        entries = list(s.scalars(q.limit(limit)))
        if who.academy_ids is not None:
            entries = _in_academies(s, who.academy_ids, entries)
        return [
            AuditView(e.id, e.at, e.user, e.action, e.entity, e.entity_id, e.before, e.after)
            for e in entries
        ]


AUDIT_SHEET = "Audit trail"


def export_audit_xlsx(entries: list[AuditView], target: Path) -> int:
    """The entries as an ``.xlsx`` (owner-only file). User names are whatever someone typed at
    the login box: written through the safe cell writer, they are text, never formulas."""
    from consent_desk.outputs.xlsxdoc import Column, new_workbook, save_workbook, write_table

    columns = (
        Column("When", number_format="dd/mm/yyyy hh:mm", min_width=17, max_width=19),
        Column("Who", max_width=16),
        Column("Action", max_width=18),
        Column("What", max_width=14),
        Column("Id", max_width=8),
        Column("Change", max_width=60),
        Column("Before", max_width=40),
        Column("After", max_width=40),
    )
    rows = [
        [
            e.at,
            e.user,
            e.action,
            e.entity,
            e.entity_id,
            e.change,
            json.dumps(e.before, ensure_ascii=False) if e.before else None,
            json.dumps(e.after, ensure_ascii=False) if e.after else None,
        ]
        for e in entries
    ]
    wb = new_workbook()
    write_table(wb, AUDIT_SHEET, columns, rows)
    with private_output(target):
        save_workbook(wb, target)
    return len(entries)
