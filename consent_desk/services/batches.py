"""Import batches: what was imported, when, by whom — and undoing one.

A return belongs to the import that created it (``ConsentReturn.batch_id``) and to every later
import that contained it again (counted "already there"; ``BatchReturn``); the same for review
rows (``BatchReview``). Undoing an import removes only what no other active import holds: the
rest passes to the earliest import still holding it, so undoing week 1 after a cumulative
week-2 export leaves exactly what week 2 alone would have given — with the review decisions
people made on those rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session, defer

from consent_desk.db.engine import Database
from consent_desk.db.models import (
    Academy,
    BatchReturn,
    BatchReview,
    ConsentReturn,
    ImportBatch,
    Learner,
    ReviewItem,
)
from consent_desk.services import access, audit
from consent_desk.services.access import Action
from consent_desk.services.errors import Conflict, NotFound, ServiceError
from consent_desk.services.learners import stamp
from consent_desk.services.trust import academy_by_code


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
            BatchView(
                b.id,
                b.kind,
                code,
                b.year_label,
                b.file_name,
                b.sheet,
                b.checksum,
                b.imported_by,
                b.imported_at,
                dict(b.counts or {}),
                b.undone_at,
                bool(can),
            )
            for b, code, can in s.execute(q)
        ]


def hold_existing(
    session: Session,
    batch: ImportBatch,
    fingerprints: Sequence[str],
    review_keys: Sequence[str],
    review_key: Callable[[dict[str, Any]], str],
) -> None:
    """Record that ``batch`` also holds the returns (by fingerprint) and review rows (by
    ``review_key`` of their data) that were there before it and that its file contained.

    A weekly cumulative export holds tens of thousands of earlier rows: the academy's returns
    for the year are read once (id and fingerprint) and the links written in bulk on the
    import's own connection."""
    from consent_desk.services.import_store import Driver

    if fingerprints:
        db = Driver(session)
        rows = db.rows(
            "SELECT r.fingerprint, r.id FROM consent_return r JOIN learner l "
            f"ON l.id = r.learner_id WHERE l.academy_id = {db.mark} "
            f"AND r.year_label = {db.mark}",
            (batch.academy_id, batch.year_label),
        )
        ids = dict(rows)
        held = sorted({ids[fp] for fp in fingerprints if fp in ids})
        db.insert("batch_return", ("batch_id", "return_id"), [(batch.id, i) for i in held])
    if review_keys:
        keys = set(review_keys)
        items = session.execute(
            select(ReviewItem.id, ReviewItem.data).where(
                ReviewItem.academy_id == batch.academy_id,
                ReviewItem.year_label == batch.year_label,
                ReviewItem.batch_id != batch.id,
            )
        )
        found = sorted({item_id for item_id, data in items if review_key(data) in keys})
        if found:
            session.execute(
                insert(BatchReview), [{"batch_id": batch.id, "review_item_id": i} for i in found]
            )


@dataclass(frozen=True)
class UndoPlan:
    """What undoing an import does: what it removes, and what stays because another active
    import holds it too."""

    batch_id: int
    removes_returns: int
    keeps_returns: int  # another active import holds them: they pass to it
    removes_reviews: int
    keeps_reviews: int
    removes_decided: int  # review rows someone dismissed, removed with it
    kept_by_person: int = 0  # rows a person resolved: they and their returns stay

    def describe(self) -> str:
        text = (
            f"removes {_n(self.removes_returns, 'answer')} (returns) and "
            f"{_n(self.removes_reviews, 'review row')}"
        )
        if self.removes_decided:
            text += f", {self.removes_decided} of them already dismissed by a person"
        if self.kept_by_person:
            text += (
                f"; {_n(self.kept_by_person, 'answer')} a person recorded by resolving a "
                "review row stay"
            )
        if self.keeps_returns or self.keeps_reviews:
            text += (
                f"; {_n(self.keeps_returns, 'return')} and "
                f"{_n(self.keeps_reviews, 'review row')} stay because another import "
                "holds them too"
            )
        return text


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@dataclass
class _Undo:
    plan: UndoPlan
    pass_returns: dict[int, int]  # return id -> the import it passes to
    pass_reviews: dict[int, int]  # review row id -> the import it passes to
    remove_returns: list[int]
    remove_reviews: list[int]


def _first_holders(session: Session, batch_id: int) -> tuple[dict[int, int], dict[int, int]]:
    """For each return and review row of the batch that another active import also holds,
    the earliest such import: ``(returns, review rows)``, id -> import id."""
    returns = session.execute(
        select(BatchReturn.return_id, func.min(BatchReturn.batch_id))
        .join(ConsentReturn, ConsentReturn.id == BatchReturn.return_id)
        .join(ImportBatch, ImportBatch.id == BatchReturn.batch_id)
        .where(
            ConsentReturn.batch_id == batch_id,
            BatchReturn.batch_id != batch_id,
            ImportBatch.undone_at.is_(None),
        )
        .group_by(BatchReturn.return_id)
    )
    reviews = session.execute(
        select(BatchReview.review_item_id, func.min(BatchReview.batch_id))
        .join(ReviewItem, ReviewItem.id == BatchReview.review_item_id)
        .join(ImportBatch, ImportBatch.id == BatchReview.batch_id)
        .where(
            ReviewItem.batch_id == batch_id,
            BatchReview.batch_id != batch_id,
            ImportBatch.undone_at.is_(None),
        )
        .group_by(BatchReview.review_item_id)
    )
    return ({int(i): int(b) for i, b in returns}, {int(i): int(b) for i, b in reviews})


def _plan(session: Session, batch: ImportBatch) -> _Undo:
    returns = list(
        session.scalars(select(ConsentReturn.id).where(ConsentReturn.batch_id == batch.id))
    )
    reviews = session.execute(
        select(ReviewItem.id, ReviewItem.state, ReviewItem.return_id).where(
            ReviewItem.batch_id == batch.id
        )
    ).all()
    pass_returns, pass_reviews = _first_holders(session, batch.id)
    owned = set(returns)
    for item_id, _, return_id in reviews:
        # a row someone resolved goes with its return to the import that still holds the row
        if item_id in pass_reviews and return_id in owned and return_id not in pass_returns:
            pass_returns[return_id] = pass_reviews[item_id]
    # A row a person resolved recorded the parent's answer for the child they chose: undoing
    # the import that brought the row in does not take that decision back (issue 12).
    by_person = {item_id: return_id for item_id, state, return_id in reviews
                 if state == "resolved" and item_id not in pass_reviews}  # fmt: skip
    # ... nor when the row stayed with an import undone before while its return passed to this
    # one (a re-import held the return, not the row): a person's answer is never undone with
    # an import
    resolved = set(session.scalars(
        select(ReviewItem.return_id)
        .join(ConsentReturn, ConsentReturn.id == ReviewItem.return_id)
        .where(ConsentReturn.batch_id == batch.id, ReviewItem.state == "resolved")
    ))  # fmt: skip
    kept = {r for r in (*by_person.values(), *resolved) if r in owned and r not in pass_returns}
    remove_returns = [r for r in returns if r not in pass_returns and r not in kept]
    remove_reviews = [r.id for r in reviews if r.id not in pass_reviews and r.id not in by_person]
    decided = sum(1 for r in reviews if r.id not in pass_reviews and r.id not in by_person
                  and r.state != "open")  # fmt: skip
    plan = UndoPlan(
        batch.id,
        len(remove_returns),
        len(pass_returns),
        len(remove_reviews),
        len(pass_reviews),
        decided,
        len(kept),
    )
    return _Undo(plan, pass_returns, pass_reviews, remove_returns, remove_reviews)


def _undoable(session: Session, batch_id: int) -> tuple[ImportBatch, Any]:
    batch = session.get(ImportBatch, batch_id)
    if batch is None:
        raise NotFound(f"there is no import batch {batch_id}: see 'consent-desk batches'")
    who = access.require(session, Action.UNDO_IMPORT, batch.academy_id)
    if batch.kind == "returns" and batch.year_label:
        access.require_year(session, who, batch.year_label)
    if batch.undone_at is not None:
        raise Conflict(f"import batch {batch_id} was already undone by {batch.undone_by}")
    if batch.kind != "returns":
        raise ServiceError("a learner-list import cannot be undone: import the previous list again")
    return batch, who


_CHUNK = 500  # ids to a statement


def _pass_on(session: Session, owned: Any, link: Any, linked: Any, owners: dict[int, int]) -> None:
    """Rows pass to the import that also held them: it now owns them (no longer a link)."""
    by_owner: dict[int, list[int]] = {}
    for row_id, owner in owners.items():
        by_owner.setdefault(owner, []).append(row_id)
    for owner, ids in by_owner.items():
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            session.execute(update(owned).where(owned.id.in_(chunk)).values(batch_id=owner))
            session.execute(delete(link).where(link.batch_id == owner, linked.in_(chunk)))


def plan_undo(db: Database, batch_id: int) -> UndoPlan:
    """What undoing an import would remove and what would stay (for the confirmation)."""
    with db.session() as s:
        batch, _ = _undoable(s, batch_id)
        return _plan(s, batch).plan


def undo_import(db: Database, batch_id: int, user: str) -> int:
    """Undo an import. A returns batch: remove the returns and review rows that no other active
    import holds (those another import holds pass to it); returns the count of returns removed.
    A learner-list batch: see :func:`_undo_learners`; returns how many learners were put back
    as they were."""
    with db.session() as s:
        batch = s.get(ImportBatch, batch_id)
        if batch is not None and batch.kind == "learners":
            who = access.require(s, Action.UNDO_IMPORT, batch.academy_id)
            if batch.undone_at is not None:
                raise Conflict(f"import batch {batch_id} was already undone by "
                               f"{batch.undone_by}")  # fmt: skip
            return _undo_learners(s, batch, access.acting_name(who, user))
        batch, who = _undoable(s, batch_id)
        user = access.acting_name(who, user)
        undo = _plan(s, batch)
        _pass_on(s, ConsentReturn, BatchReturn, BatchReturn.return_id, undo.pass_returns)
        _pass_on(s, ReviewItem, BatchReview, BatchReview.review_item_id, undo.pass_reviews)
        # what this import held of others' stays theirs
        s.execute(delete(BatchReturn).where(BatchReturn.batch_id == batch.id))
        s.execute(delete(BatchReview).where(BatchReview.batch_id == batch.id))
        chunk = _CHUNK
        for start in range(0, len(undo.remove_returns), chunk):
            ids = undo.remove_returns[start : start + chunk]
            s.execute(
                update(ReviewItem).where(ReviewItem.return_id.in_(ids)).values(return_id=None)
            )
            s.execute(delete(BatchReturn).where(BatchReturn.return_id.in_(ids)))
            s.execute(delete(ConsentReturn).where(ConsentReturn.id.in_(ids)))
        for start in range(0, len(undo.remove_reviews), chunk):
            ids = undo.remove_reviews[start : start + chunk]
            s.execute(delete(BatchReview).where(BatchReview.review_item_id.in_(ids)))
            s.execute(delete(ReviewItem).where(ReviewItem.id.in_(ids)))
        batch.undone_at = audit.now()
        batch.undone_by = user
        p = undo.plan
        audit.record(
            s,
            user,
            "undo_import",
            "import_batch",
            batch.id,
            before=dict(batch.counts or {}),
            after={
                "removed_returns": p.removes_returns,
                "kept_returns": p.keeps_returns,
                "removed_review_rows": p.removes_reviews,
                "kept_review_rows": p.keeps_reviews,
            },
        )
        return p.removes_returns


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
        stamp(row, user)
        audit.record(s, user, "undo_import", "learner", row.id, before=after, after=before)
        touched += 1
    for key, left_on in undo.get("rejoined", {}).items():
        row = learner(int(key))
        if row is None:
            continue
        row.on_roll, row.left_on = False, date.fromisoformat(left_on) if left_on else today
        stamp(row, user)
        audit.record(s, user, "undo_import", "learner", row.id, before={"on_roll": True},
                     after={"on_roll": False, "left_on": _plain(row.left_on)})  # fmt: skip
        touched += 1
    for lid in undo.get("left", []):
        row = learner(int(lid))
        if row is None or row.on_roll:
            continue
        row.on_roll, row.left_on = True, None
        stamp(row, user)
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
            stamp(row, user)
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
    audit.record(
        s,
        user,
        "undo_import",
        "import_batch",
        batch.id,
        before=dict(batch.counts or {}),
        after={"learners_put_back": touched},
    )
    return touched


def _plain(v: Any) -> Any:
    return v.isoformat() if isinstance(v, date) else v


def last_mapping(db: Database, academy_code: str, kind: str) -> dict[str, Any] | None:
    """The column mapping of the academy's latest (not undone) import of this kind, as JSON
    (for someone who may import that kind into that academy)."""
    with db.session() as s:
        academy = academy_by_code(s, academy_code)
        needed = Action.EDIT_LEARNERS if kind == "learners" else Action.ENTER_RETURNS
        access.require(s, needed, academy.id)
        q = (
            select(ImportBatch.mapping)
            .where(
                ImportBatch.academy_id == academy.id,
                ImportBatch.kind == kind,
                ImportBatch.undone_at.is_(None),
                ImportBatch.mapping.is_not(None),
            )
            .order_by(ImportBatch.imported_at.desc(), ImportBatch.id.desc())
            .limit(1)
        )
        found = s.scalars(q).first()
        return dict(found) if found else None
