""" "Can I use this photo?": checks and the register of what was published.

No image is ever stored: a publication is its title, date, purpose, where, who checked it, and
its learners with the verdict each had when it was recorded. The take-down list built on it is in
``services/takedowns.py``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from consent_desk.db.engine import Database
from consent_desk.db.models import (
    Academy,
    Learner,
    Publication,
    PublicationCheck,
    PublicationLearner,
)
from consent_desk.domain.names import known_as
from consent_desk.domain.publishing import (
    LearnerVerdict,
    Verdict,
    may_publish,
    overall,
    verdict_for,
)
from consent_desk.domain.rules import assess
from consent_desk.domain.years import AcademicYear
from consent_desk.services import access, audit
from consent_desk.services.access import Action
from consent_desk.services.consent import returns_by_learner
from consent_desk.services.errors import NotFound, ServiceError
from consent_desk.services.trust import academy_by_code, purpose_labels, require_trust

GONE = "a learner no longer in the records"


@dataclass(frozen=True)
class CheckedLearner:
    learner_id: int
    upn: str | None
    name: str
    reg_group: str | None
    verdict: Verdict
    reason: str

    def as_json(self) -> dict[str, object]:
        return {
            "upn": self.upn,
            "name": self.name,
            "verdict": self.verdict.value,
            "reason": self.reason,
            "learner_id": self.learner_id,
            "reg_group": self.reg_group,
        }


@dataclass(frozen=True)
class CheckResult:
    academy_code: str
    year: str
    purpose: str
    purpose_label: str
    learners: list[CheckedLearner]

    @property
    def summary(self) -> str:
        """The whole check in one line: "OK to publish" or "remove or obscure: …"."""
        return overall((c.name, c.verdict) for c in self.learners)

    @property
    def all_ok(self) -> bool:
        return bool(self.learners) and all(c.verdict is Verdict.OK for c in self.learners)

    @property
    def may_publish(self) -> bool:
        return may_publish([c.verdict for c in self.learners])

    @property
    def not_ok(self) -> list[CheckedLearner]:
        return [c for c in self.learners if c.verdict is Verdict.NOT_OK]

    def as_json(self) -> dict[str, object]:
        return {
            "academy": self.academy_code,
            "year": self.year,
            "purpose": self.purpose,
            "summary": self.summary,
            "learners": [c.as_json() for c in self.learners],
        }


def _purpose(session: Session, purpose: str) -> tuple[str, str]:
    labels = purpose_labels(session)
    key = (purpose or "").strip().lower()
    if key not in labels:
        raise ServiceError(
            f"'{purpose}' is not one of the trust's purposes: use one of " + ", ".join(labels)
        )
    return key, labels[key]


def judge_learners(
    session: Session, learners: Sequence[Learner], year: str, purpose: str, label: str
) -> dict[int, LearnerVerdict]:
    """Each learner's verdict for an image used for ``purpose`` in ``year``, by learner id."""
    treat = require_trust(session).treat_non_returns_as_restricted
    keys = list(purpose_labels(session))
    if purpose not in keys:  # a use the trust no longer asks about: still judged by its answers
        keys.append(purpose)
    facts = returns_by_learner(session, [lr.id for lr in learners], year)
    return {
        lr.id: verdict_for(
            assess(facts.get(lr.id, []), keys, safeguarding=lr.safeguarding_flag),
            purpose,
            treat,
            label,
        )
        for lr in learners
    }


def _learners(session: Session, academy: Academy, learner_ids: Sequence[int]) -> list[Learner]:
    ids = list(dict.fromkeys(learner_ids))
    if not ids:
        raise ServiceError("choose the learners who appear in the photo or video")
    found = {
        lr.id: lr
        for lr in session.scalars(
            select(Learner).where(Learner.id.in_(ids), Learner.academy_id == academy.id)
        )
    }
    missing = [i for i in ids if i not in found]
    if missing:
        raise NotFound(f"no learner of {academy.code} with id {missing[0]}")
    return [found[i] for i in ids]


def _check(
    session: Session, academy: Academy, year: str, purpose: str, learner_ids: Sequence[int]
) -> tuple[CheckResult, list[Learner]]:
    key, label = _purpose(session, purpose)
    learners = _learners(session, academy, learner_ids)
    verdicts = judge_learners(session, learners, year, key, label)
    rows = [
        CheckedLearner(
            lr.id,
            lr.upn,
            known_as(lr),
            lr.reg_group,
            verdicts[lr.id].verdict,
            verdicts[lr.id].reason,
        )
        for lr in learners
    ]
    return CheckResult(academy.code, year, key, label, rows), learners


def check(
    db: Database,
    academy_code: str,
    year: str,
    purpose: str,
    learner_ids: Sequence[int],
    *,
    count: bool = True,
) -> CheckResult:
    """Each learner's verdict for an image used for ``purpose``. The check is counted (for the
    COO summary) unless ``count`` is off: the desktop app shows verdicts as learners are picked
    and counts the check once (``count_check``)."""
    label = AcademicYear.parse(year).label
    with db.session() as s:
        academy = academy_by_code(s, academy_code)
        who = access.require(s, Action.CHECK_PUBLICATION, academy.id)
        result, _ = _check(s, academy, label, purpose, learner_ids)
        if count:
            _count(s, academy, result, access.acting_name(who, None))
        return result


def _count(session: Session, academy: Academy, result: CheckResult, user: str) -> None:
    session.add(
        PublicationCheck(
            academy_id=academy.id,
            year_label=result.year,
            purpose=result.purpose,
            checked_at=audit.now(),
            checked_by=user[:100],
            learners=len(result.learners),
            not_ok=len(result.not_ok),
        )
    )


def count_check(db: Database, result: CheckResult) -> None:
    """Count a check whose verdicts were shown (once per photo, however many learners were
    added and removed on the way)."""
    with db.session() as s:
        academy = academy_by_code(s, result.academy_code)
        who = access.require(s, Action.CHECK_PUBLICATION, academy.id)
        _count(s, academy, result, access.acting_name(who, None))


def learners_by_upn(db: Database, academy_code: str, upns: Sequence[str]) -> list[int]:
    """The ids of the academy's learners with these UPNs (or admission numbers), in order."""
    wanted = [u.strip().upper() for u in upns if u.strip()]
    if not wanted:
        raise ServiceError("give the learners' UPNs, separated by commas")
    with db.session() as s:
        academy = academy_by_code(s, academy_code)
        access.require(s, Action.VIEW, academy.id)
        out: list[int] = []
        for u in wanted:
            lid = s.scalar(
                select(Learner.id).where(
                    Learner.academy_id == academy.id, or_(Learner.upn == u, Learner.adno == u)
                )
            )
            if lid is None:
                raise NotFound(f"{academy.code} has no learner with UPN {u}")
            out.append(lid)
        return out


def learners_in_group(db: Database, academy_code: str, group: str) -> list[int]:
    """The learners on roll in a registration group (or, failing that, a year group)."""
    g = (group or "").strip().casefold()
    with db.session() as s:
        academy = academy_by_code(s, academy_code)
        access.require(s, Action.VIEW, academy.id)
        rows = s.execute(
            select(Learner.id, Learner.reg_group, Learner.year_group).where(
                Learner.academy_id == academy.id, Learner.on_roll
            )
        ).all()
    ids = [i for i, reg, _ in rows if (reg or "").casefold() == g]
    if not ids:
        ids = [i for i, _, yg in rows if (yg or "").casefold() in (g, g.removeprefix("year "))]
    if not ids:
        raise NotFound(f"{academy_code.upper()} has no learners on roll in group '{group}'")
    return ids


class PublishRefused(ServiceError):
    """A learner in the item may not appear: nothing was recorded."""


def publish(
    db: Database,
    academy_code: str,
    year: str,
    purpose: str,
    title: str,
    published_on: date,
    learner_ids: Sequence[int],
    place: str | None = None,
) -> int:
    """Record a checked photo or video as published; refused when any learner is ``not_ok``."""
    label = AcademicYear.parse(year).label
    title = " ".join((title or "").split())
    if not title:
        raise ServiceError("give the publication a title (what it is, e.g. 'Sports day relay')")
    with db.session() as s:
        academy = academy_by_code(s, academy_code)
        who = access.require(s, Action.CHECK_PUBLICATION, academy.id)
        result, _ = _check(s, academy, label, purpose, learner_ids)
        if not result.may_publish:
            names = ", ".join(f"{c.name} ({c.reason})" for c in result.not_ok)
            raise PublishRefused(
                f"not recorded: may not appear: {names} — remove or obscure them and check again"
            )
        user = access.acting_name(who, None)[:100]
        pub = Publication(
            academy_id=academy.id,
            year_label=label,
            purpose=result.purpose,
            title=title[:200],
            published_on=published_on,
            place=" ".join((place or "").split())[:500] or None,
            checked_by=user,
            recorded_at=audit.now(),
        )
        s.add(pub)
        s.flush()
        for c in result.learners:
            s.add(
                PublicationLearner(
                    publication_id=pub.id,
                    learner_id=c.learner_id,
                    verdict=c.verdict.value,
                    reason=c.reason,
                )
            )
        audit.record(
            s,
            user,
            "publish",
            "publication",
            pub.id,
            after={
                "academy": academy.code,
                "year": label,
                "purpose": result.purpose,
                "title": pub.title,
                "published_on": published_on.isoformat(),
                "where": pub.place,
                "learners": [c.learner_id for c in result.learners],
                "limitations": [
                    c.learner_id for c in result.learners if c.verdict is Verdict.CHECK_LIMITATION
                ],
            },
        )
        return pub.id


@dataclass(frozen=True)
class PublishedLearner:
    learner_id: int
    upn: str | None
    name: str
    verdict: Verdict  # when recorded
    reason: str


@dataclass(frozen=True)
class PublicationInfo:
    id: int
    academy_code: str
    year: str
    purpose: str
    purpose_label: str
    title: str
    published_on: date
    place: str | None
    checked_by: str
    recorded_at: datetime
    learners: list[PublishedLearner] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "academy": self.academy_code,
            "year": self.year,
            "purpose": self.purpose,
            "title": self.title,
            "date": self.published_on.isoformat(),
            "where": self.place,
            "checked_by": self.checked_by,
            "recorded_at": self.recorded_at.isoformat(timespec="seconds"),
            "learners": [
                {"upn": p.upn, "name": p.name, "verdict": p.verdict.value, "reason": p.reason}
                for p in self.learners
            ],
        }


def list_publications(
    db: Database, academy_code: str, year: str | None = None, search: str | None = None
) -> list[PublicationInfo]:
    """The academy's register, newest first; ``search`` matches the title, where, purpose,
    who checked, or a learner's name or UPN (any order of words)."""
    label = AcademicYear.parse(year).label if year else None
    with db.session() as s:
        academy = academy_by_code(s, academy_code)
        access.require(s, Action.VIEW, academy.id)
        labels = purpose_labels(s)
        q = select(Publication).where(Publication.academy_id == academy.id)
        if label:
            q = q.where(Publication.year_label == label)
        pubs = list(s.scalars(q.order_by(Publication.published_on.desc(), Publication.id.desc())))
        members: dict[int, list[PublicationLearner]] = defaultdict(list)
        if pubs:
            for m in s.scalars(
                select(PublicationLearner).where(
                    PublicationLearner.publication_id.in_([p.id for p in pubs])
                )
            ):
                members[m.publication_id].append(m)
        ids = {m.learner_id for ms in members.values() for m in ms}
        people = {lr.id: lr for lr in s.scalars(select(Learner).where(Learner.id.in_(ids)))}
    out: list[PublicationInfo] = []
    for p in pubs:
        learners = []
        for m in members[p.id]:
            lr = people.get(m.learner_id)
            learners.append(
                PublishedLearner(
                    m.learner_id,
                    lr.upn if lr else None,
                    known_as(lr) if lr else GONE,
                    Verdict(m.verdict),
                    m.reason,
                )
            )
        learners.sort(key=lambda x: x.name.casefold())
        out.append(
            PublicationInfo(
                p.id,
                academy.code,
                p.year_label,
                p.purpose,
                labels.get(p.purpose, p.purpose),
                p.title,
                p.published_on,
                p.place,
                p.checked_by,
                p.recorded_at,
                learners,
            )
        )
    words = (search or "").casefold().split()
    if words:

        def hay(i: PublicationInfo) -> str:
            bits = [
                i.title,
                i.place or "",
                i.purpose,
                i.purpose_label,
                i.checked_by,
                i.published_on.isoformat(),
            ]
            bits += [f"{x.name} {x.upn or ''}" for x in i.learners]
            return " ".join(bits).casefold()

        out = [i for i in out if all(w in hay(i) for w in words)]
    return out
