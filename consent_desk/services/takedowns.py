"""The take-down list: recorded publications that show a learner who may no longer appear.

It is computed when it is read: each publication's learners are judged again against what the
database holds now, so every path that changes answers — imports, paper returns, the review
queue, safeguarding flags, undone imports — is covered without hooking each one. A learner now
``not_ok``, or now under a limitation the publication was not checked against, is on the list
until someone marks it taken down; that is stored (who, when, a note,
what had changed), audited, and stays closed whatever changes later.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consent_desk.db.engine import Database
from consent_desk.db.models import (
    Academy,
    ConsentReturn,
    Learner,
    Publication,
    PublicationCheck,
    PublicationLearner,
    Takedown,
)
from consent_desk.domain.names import known_as
from consent_desk.domain.publishing import (
    LearnerVerdict,
    Verdict,
    may_no_longer_show,
    what_changed,
)
from consent_desk.domain.years import AcademicYear
from consent_desk.services import access, audit
from consent_desk.services.access import Action
from consent_desk.services.errors import NotFound, ServiceError
from consent_desk.services.publications import judge_learners
from consent_desk.services.trust import academy_by_code, purpose_labels


@dataclass(frozen=True)
class OpenTakedown:
    """A learner in a recorded publication who may no longer appear in it."""

    publication_id: int
    title: str
    published_on: date
    place: str | None
    learner_id: int
    upn: str | None
    name: str
    purpose: str
    purpose_label: str
    reason: str  # what changed: "was: consent given; now: Websites: refused"
    since: datetime

    def as_json(self) -> dict[str, object]:
        return {
            "publication_id": self.publication_id,
            "title": self.title,
            "upn": self.upn,
            "name": self.name,
            "purpose": self.purpose,
            "reason": self.reason,
            "since": self.since.isoformat(timespec="seconds"),
            "date": self.published_on.isoformat(),
            "where": self.place,
        }


def _since(session: Session, lr: Learner, year: str, after: datetime) -> datetime:
    """When the change that put the learner on the list reached Consent Desk: the latest return
    entered (or safeguarding flag set) after the publication was recorded; else the recording."""
    entered = session.scalar(
        select(func.max(ConsentReturn.entered_at)).where(
            ConsentReturn.learner_id == lr.id,
            ConsentReturn.year_label == year,
            ConsentReturn.entered_at >= after,
        )
    )
    times = [t for t in (entered, lr.safeguarding_set_at) if t is not None and t >= after]
    return max(times) if times else after


def _open_takedowns(session: Session, academy: Academy) -> list[OpenTakedown]:
    labels = purpose_labels(session)
    pubs = {
        p.id: p
        for p in session.scalars(select(Publication).where(Publication.academy_id == academy.id))
    }
    if not pubs:
        return []
    done = set(
        session.execute(
            select(Takedown.publication_id, Takedown.learner_id).where(
                Takedown.publication_id.in_(list(pubs))
            )
        ).tuples()
    )
    members = [
        m
        for m in session.scalars(
            select(PublicationLearner).where(PublicationLearner.publication_id.in_(list(pubs)))
        )
        if (m.publication_id, m.learner_id) not in done
    ]
    people = {
        lr.id: lr
        for lr in session.scalars(
            select(Learner).where(Learner.id.in_({m.learner_id for m in members}))
        )
    }
    # Judge each learner once per (year, purpose).
    by_key: dict[tuple[str, str], set[int]] = defaultdict(set)
    for m in members:
        if m.learner_id in people:
            p = pubs[m.publication_id]
            by_key[(p.year_label, p.purpose)].add(m.learner_id)
    verdicts: dict[tuple[str, str, int], LearnerVerdict] = {}
    for (year, purpose), ids in by_key.items():
        judged = judge_learners(
            session, [people[i] for i in sorted(ids)], year, purpose, labels.get(purpose, purpose)
        )
        for lid, v in judged.items():
            verdicts[(year, purpose, lid)] = v
    out: list[OpenTakedown] = []
    for m in members:
        p = pubs[m.publication_id]
        lr = people.get(m.learner_id)
        if lr is None:
            continue  # purged: nobody left to protect, and no name to show
        now = verdicts[(p.year_label, p.purpose, lr.id)]
        if not may_no_longer_show(Verdict(m.verdict), m.reason, now):
            continue
        out.append(
            OpenTakedown(
                p.id,
                p.title,
                p.published_on,
                p.place,
                lr.id,
                lr.upn,
                known_as(lr),
                p.purpose,
                labels.get(p.purpose, p.purpose),
                what_changed(Verdict(m.verdict), m.reason, now),
                _since(session, lr, p.year_label, p.recorded_at),
            )
        )
    out.sort(key=lambda t: (t.since, t.publication_id, t.name.casefold()))
    return out


def open_takedowns(db: Database, academy_code: str) -> list[OpenTakedown]:
    """The academy's take-down list: for the office, the principal and the COO."""
    with db.session() as s:
        academy = academy_by_code(s, academy_code)
        access.require(s, Action.TAKE_DOWN, academy.id)
        return _open_takedowns(s, academy)


def count_open_takedowns(session: Session, academy: Academy) -> int:
    return len(_open_takedowns(session, academy))


def takedown_done(
    db: Database, publication_id: int, note: str, learner_id: int | None = None
) -> list[OpenTakedown]:
    """Mark a publication's open take-downs (or one learner's) as taken down: who, when, note.
    Returns what was closed; refuses when there is nothing open."""
    note = " ".join((note or "").split())
    if not note:
        raise ServiceError("say what was done in a note, e.g. 'post deleted from the website'")
    with db.session() as s:
        pub = s.get(Publication, publication_id)
        if pub is None:
            raise NotFound(f"there is no publication with id {publication_id}")
        academy = s.get(Academy, pub.academy_id)
        assert academy is not None
        who = access.require(s, Action.TAKE_DOWN, academy.id)
        user = access.acting_name(who, None)[:100]
        items = [
            t
            for t in _open_takedowns(s, academy)
            if t.publication_id == publication_id
            and (learner_id is None or t.learner_id == learner_id)
        ]
        if not items:
            raise ServiceError(
                f"publication {publication_id} ('{pub.title}') has nothing to take down"
            )
        for t in items:
            s.add(
                Takedown(
                    publication_id=pub.id,
                    learner_id=t.learner_id,
                    change=t.reason,
                    done_at=audit.now(),
                    done_by=user,
                    note=note,
                )
            )
            audit.record(
                s,
                user,
                "takedown_done",
                "publication",
                pub.id,
                before={
                    "learner_id": t.learner_id,
                    "what_changed": t.reason,
                    "since": t.since.isoformat(timespec="seconds"),
                },
                after={"note": note},
            )
        return items


def counts(db: Database, year: str) -> dict[str, dict[str, int]]:
    """Per academy code: checks and publications in the year, and open take-downs."""
    with db.session() as s:
        who = access.require(s, Action.VIEW)
        seen = [a for a in s.scalars(select(Academy).order_by(Academy.code)) if who.sees(a.id)]
        return publishing_counts(s, seen, year)


def publishing_counts(
    session: Session, academies: Sequence[Academy], year: str
) -> dict[str, dict[str, int]]:
    """:func:`counts` for these academies, inside a session whose caller checked access."""
    label = AcademicYear.parse(year).label
    out: dict[str, dict[str, int]] = {}
    for a in academies:
        out[a.code] = {
            "checks": session.scalar(
                select(func.count())
                .select_from(PublicationCheck)
                .where(PublicationCheck.academy_id == a.id, PublicationCheck.year_label == label)
            )
            or 0,
            "publications": session.scalar(
                select(func.count())
                .select_from(Publication)
                .where(Publication.academy_id == a.id, Publication.year_label == label)
            )
            or 0,
            "open_takedowns": count_open_takedowns(session, a),
        }
    return out
