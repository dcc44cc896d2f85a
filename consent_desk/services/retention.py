"""Retention: leavers' data is purged once the trust's retention period has passed.

The purge is previewed first, and its audit entry records counts, never names. Audit entries
about a purged learner keep what was done and when, but lose the names and details they held.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import delete, select, update

from consent_desk.db.engine import Database
from consent_desk.db.models import Academy, AuditEntry, ConsentReturn, Learner, ReviewItem, Trust
from consent_desk.services import access, audit
from consent_desk.services.access import Action
from consent_desk.services.errors import ServiceError
from consent_desk.services.trust import require_trust


@dataclass
class PurgePlan:
    cutoff: date  # learners who left before this day are purged
    retention_years: int
    learners: int = 0
    returns: int = 0
    review_items: int = 0
    by_academy: dict[str, int] = field(default_factory=dict)

    def describe(self) -> str:
        if not self.learners:
            return f"no learner left before {self.cutoff:%d/%m/%Y}: nothing to purge"
        each = ", ".join(f"{code}: {n}" for code, n in sorted(self.by_academy.items()))
        return (
            f"{self.learners} learner(s) who left before {self.cutoff:%d/%m/%Y} "
            f"({each}), with {self.returns} return(s) and {self.review_items} review row(s)"
        )


def _cutoff(years: int, today: date) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _plan(s, today: date) -> tuple[PurgePlan, list[int]]:  # type: ignore[no-untyped-def]
    trust: Trust = require_trust(s)
    if trust.retention_years < 1:
        raise ServiceError("the retention period must be at least one year: check Settings")
    plan = PurgePlan(_cutoff(trust.retention_years, today), trust.retention_years)
    rows = s.execute(
        select(Learner.id, Academy.code)
        .join(Academy, Academy.id == Learner.academy_id)
        .where(~Learner.on_roll, Learner.left_on.is_not(None), Learner.left_on < plan.cutoff)
    ).all()
    ids = [i for i, _ in rows]
    for _, code in rows:
        plan.by_academy[code] = plan.by_academy.get(code, 0) + 1
    plan.learners = len(ids)
    for i in range(0, len(ids), 1000):
        chunk = ids[i : i + 1000]
        plan.returns += len(
            s.scalars(select(ConsentReturn.id).where(ConsentReturn.learner_id.in_(chunk))).all()
        )
        plan.review_items += len(
            s.scalars(select(ReviewItem.id).where(ReviewItem.resolved_learner_id.in_(chunk))).all()
        )
    return plan, ids


def purge_preview(db: Database, today: date | None = None) -> PurgePlan:
    with db.session() as s:
        access.require(s, Action.PURGE)
        return _plan(s, today or date.today())[0]


def purge_leavers(
    db: Database, user: str | None = None, *, confirm: bool = False, today: date | None = None
) -> PurgePlan:
    """Delete leavers past the retention period, with their returns and review rows."""
    if not confirm:
        raise ServiceError(
            "purging deletes learners for good: look at the preview, then "
            "confirm (--yes on the command line)"
        )
    with db.session() as s:
        who = access.require(s, Action.PURGE)
        plan, ids = _plan(s, today or date.today())
        for i in range(0, len(ids), 1000):
            chunk = ids[i : i + 1000]
            s.execute(delete(ReviewItem).where(ReviewItem.resolved_learner_id.in_(chunk)))
            s.execute(delete(ConsentReturn).where(ConsentReturn.learner_id.in_(chunk)))
            s.execute(
                update(AuditEntry)
                .where(
                    AuditEntry.entity == "learner",
                    AuditEntry.entity_id.in_([str(x) for x in chunk]),
                )
                .values(before=None, after={"purged": True})
            )
            s.execute(  # the names entries were written with go too: counts, never names
                update(AuditEntry)
                .where(AuditEntry.learner_id.in_(chunk))
                .values(learner_name=None, learner_group=None)
            )
            s.execute(delete(Learner).where(Learner.id.in_(chunk)))
        audit.record(
            s,
            access.acting_name(who, user),
            "purge",
            "learners",
            None,
            after={
                "learners": plan.learners,
                "returns": plan.returns,
                "review_items": plan.review_items,
                "left_before": plan.cutoff.isoformat(),
                "by_academy": plan.by_academy,
            },
        )
        return plan
