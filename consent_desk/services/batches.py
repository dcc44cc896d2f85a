"""Import batches: what was imported, when, by whom — and undoing one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update

from consent_desk.db.engine import Database
from consent_desk.db.models import Academy, ConsentReturn, ImportBatch, ReviewItem
from consent_desk.services import access, audit
from consent_desk.services.access import Action
from consent_desk.services.errors import Conflict, NotFound, ServiceError


@dataclass(frozen=True)
class BatchView:
    id: int
    kind: str
    academy: str
    year: str | None
    file_name: str
    sheet: str | None
    checksum: str
    imported_by: str
    imported_at: datetime
    counts: dict[str, Any]
    undone_at: datetime | None


def list_batches(db: Database, academy_code: str | None = None) -> list[BatchView]:
    with db.session() as s:
        q = select(ImportBatch, Academy.code).join(Academy, Academy.id == ImportBatch.academy_id)
        who = access.require(s, Action.VIEW)
        if academy_code:
            q = q.where(Academy.code == academy_code.strip().upper())
        if who.academy_ids is not None:
            q = q.where(ImportBatch.academy_id.in_(who.academy_ids))
        q = q.order_by(ImportBatch.imported_at.desc(), ImportBatch.id.desc())
        return [
            BatchView(b.id, b.kind, code, b.year_label, b.file_name, b.sheet, b.checksum,
                      b.imported_by, b.imported_at, dict(b.counts or {}), b.undone_at)
            for b, code in s.execute(q)
        ]


def undo_import(db: Database, batch_id: int, user: str) -> int:
    """Remove every return a returns batch created (and its review rows). Returns the count."""
    with db.session() as s:
        batch = s.get(ImportBatch, batch_id)
        if batch is None:
            raise NotFound(f"there is no import batch {batch_id}: see 'consent-desk batches'")
        user = access.acting_name(access.require(s, Action.UNDO_IMPORT, batch.academy_id), user)
        if batch.kind == "returns" and batch.year_label:
            access.require_year(s, access.actor(s), batch.year_label)
        if batch.undone_at is not None:
            raise Conflict(f"import batch {batch_id} was already undone by {batch.undone_by}")
        if batch.kind != "returns":
            raise ServiceError(
                "a learner-list import cannot be undone: import the previous list again"
            )
        s.execute(update(ReviewItem).where(ReviewItem.batch_id == batch_id)
                  .values(return_id=None))
        removed = len(s.scalars(
            delete(ConsentReturn).where(ConsentReturn.batch_id == batch_id)
            .returning(ConsentReturn.id)
        ).all())
        s.execute(delete(ReviewItem).where(ReviewItem.batch_id == batch_id))
        batch.undone_at = audit.now()
        batch.undone_by = user
        audit.record(s, user, "undo_import", "import_batch", batch.id,
                     before=dict(batch.counts or {}), after={"removed_returns": removed})
        return int(removed or 0)
