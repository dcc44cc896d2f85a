"""Import batches: what was imported, when, by whom — and undoing one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, defer

from consent_desk.db.engine import Database
from consent_desk.db.models import Academy, ConsentReturn, ImportBatch, Learner, ReviewItem
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
    undoable: bool = True  # False: a learner list imported before undo was possible

    @property
    def can_undo(self) -> bool:
        return self.undoable and self.undone_at is None


def list_batches(db: Database, academy_code: str | None = None) -> list[BatchView]:
    with db.session() as s:
        undoable = (ImportBatch.kind != "learners") | ImportBatch.undo.is_not(None)
        q = (
            select(ImportBatch, Academy.code, undoable)
            .join(Academy, Academy.id == ImportBatch.academy_id)
            .options(defer(ImportBatch.undo))  # a big list's undo data is not needed here
        )
        who = access.require(s, Action.VIEW)
        if academy_code:
            q = q.where(Academy.code == academy_code.strip().upper())
        if who.academy_ids is not None:
            q = q.where(ImportBatch.academy_id.in_(who.academy_ids))
        q = q.order_by(ImportBatch.imported_at.desc(), ImportBatch.id.desc())
        return [
            BatchView(b.id, b.kind, code, b.year_label, b.file_name, b.sheet, b.checksum,
                      b.imported_by, b.imported_at, dict(b.counts or {}), b.undone_at,
                      bool(can))
            for b, code, can in s.execute(q)
        ]


def undo_import(db: Database, batch_id: int, user: str) -> int:
    """Undo an import. A returns batch: remove every return it created (and its review rows);
    returns the count. A learner-list batch: see :func:`_undo_learners`; returns how many
    learners were put back as they were."""
    with db.session() as s:
        batch = s.get(ImportBatch, batch_id)
        if batch is None:
            raise NotFound(f"there is no import batch {batch_id}: see 'consent-desk batches'")
        user = access.acting_name(access.require(s, Action.UNDO_IMPORT, batch.academy_id), user)
        if batch.kind == "returns" and batch.year_label:
            access.require_year(s, access.actor(s), batch.year_label)
        if batch.undone_at is not None:
            raise Conflict(f"import batch {batch_id} was already undone by {batch.undone_by}")
        if batch.kind == "learners":
            return _undo_learners(s, batch, user)
        if batch.kind != "returns":
            raise ServiceError(f"import batch {batch_id} cannot be undone")
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


def _undo_learners(s: Session, batch: ImportBatch, user: str) -> int:
    """Put a learner-list import back: names and groups as they were, leavers it brought back
    left again, learners it marked as left back on roll, learners it added removed (kept but
    marked as left when returns have been recorded for them since). Each learner is audited."""
    undo = batch.undo
    if undo is None:
        raise ServiceError(
            f"import batch {batch.id} was made before learner imports could be undone: import "
            "the previous list again"
        )
    later = s.scalar(
        select(ImportBatch.file_name).where(
            ImportBatch.academy_id == batch.academy_id, ImportBatch.kind == "learners",
            ImportBatch.id > batch.id, ImportBatch.undone_at.is_(None))
    )  # fmt: skip
    if later is not None:
        raise ServiceError(
            f"a later learner list ({later}) was imported after this one: undo that one first"
        )
    today = date.today()
    touched = 0

    def learner(lid: int) -> Learner | None:
        row = s.get(Learner, lid)
        return row if row is not None and row.academy_id == batch.academy_id else None

    for key, before in undo.get("changed", {}).items():
        row = learner(int(key))
        if row is None:
            continue
        after = {k: _plain(getattr(row, k)) for k in before}
        for k, v in before.items():
            setattr(row, k, date.fromisoformat(v) if k == "dob" and v else v)
        audit.record(s, user, "undo_import", "learner", row.id, before=after, after=before)
        touched += 1
    for key, left_on in undo.get("rejoined", {}).items():
        row = learner(int(key))
        if row is None:
            continue
        row.on_roll, row.left_on = False, date.fromisoformat(left_on) if left_on else today
        audit.record(s, user, "undo_import", "learner", row.id, before={"on_roll": True},
                     after={"on_roll": False, "left_on": _plain(row.left_on)})  # fmt: skip
        touched += 1
    for lid in undo.get("left", []):
        row = learner(int(lid))
        if row is None or row.on_roll:
            continue
        row.on_roll, row.left_on = True, None
        audit.record(s, user, "undo_import", "learner", row.id, before={"on_roll": False},
                     after={"on_roll": True})  # fmt: skip
        touched += 1
    added = [int(i) for i in undo.get("added", [])]
    used: set[int] = set()
    for i in range(0, len(added), 5000):
        chunk = added[i : i + 5000]
        used |= set(s.scalars(select(ConsentReturn.learner_id).where(
            ConsentReturn.learner_id.in_(chunk))))  # fmt: skip
        used |= set(s.scalars(select(ReviewItem.resolved_learner_id).where(
            ReviewItem.resolved_learner_id.in_(chunk))))  # fmt: skip
    for lid in added:
        row = learner(lid)
        if row is None:
            continue
        if lid in used:  # their returns are kept: the learner is kept, as a leaver
            row.on_roll, row.left_on = False, today
            audit.record(s, user, "undo_import", "learner", lid, before={"on_roll": True},
                         after={"on_roll": False, "left_on": today.isoformat(),
                                "reason": "added by an undone import; has returns"})  # fmt: skip
        else:
            audit.record(s, user, "undo_import", "learner", lid,
                         before={"legal_surname": row.legal_surname,
                                 "legal_forename": row.legal_forename, "upn": row.upn},
                         after=None)  # fmt: skip
            s.delete(row)
        touched += 1
    batch.undone_at = audit.now()
    batch.undone_by = user
    audit.record(s, user, "undo_import", "import_batch", batch.id,
                 before=dict(batch.counts or {}), after={"learners_put_back": touched})
    return touched


def _plain(v: Any) -> Any:
    return v.isoformat() if isinstance(v, date) else v
