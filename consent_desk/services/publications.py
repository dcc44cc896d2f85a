""""Can I use this photo?": checks, the register of what was published, and the take-down list.

No image is ever stored: a publication is its title, date, purpose, where, who checked it, and
its learners with the verdict each had when it was recorded.

The take-down list is computed when it is read: each publication's learners are judged again
against what the database holds now (every path that changes answers — imports, paper returns,
review, safeguarding flags, undone imports — is covered without hooking each one). A learner now
``not_ok`` is on the list until someone marks it taken down; that is stored (who, when, note,
what had changed), audited, and stays closed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, or_, select
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
from consent_desk.domain.publishing import (
    LearnerVerdict,
    Verdict,
    may_publish,
    overall,
    verdict_for,
    what_changed,
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
        return {"upn": self.upn, "name": self.name, "verdict": self.verdict.value,
                "reason": self.reason, "learner_id": self.learner_id,
                "reg_group": self.reg_group}


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
        return {"academy": self.academy_code, "year": self.year, "purpose": self.purpose,
                "summary": self.summary, "learners": [c.as_json() for c in self.learners]}


def _name(lr: Learner) -> str:
    forename = lr.preferred_forename or lr.legal_forename
    return f"{forename} {lr.preferred_surname or lr.legal_surname}"


def _purpose(session: Session, purpose: str) -> tuple[str, str]:
    labels = purpose_labels(session)
    key = (purpose or "").strip().lower()
    if key not in labels:
        raise ServiceError(f"'{purpose}' is not one of the trust's purposes: use one of "
                           + ", ".join(labels))
    return key, labels[key]


def _judge(
    session: Session, learners: Sequence[Learner], year: str, purpose: str, label: str
) -> dict[int, LearnerVerdict]:
    treat = require_trust(session).treat_non_returns_as_restricted
    keys = list(purpose_labels(session))
    if purpose not in keys:  # a use the trust no longer asks about: still judged by its answers
        keys.append(purpose)
    facts = returns_by_learner(session, [lr.id for lr in learners], year)
    return {
        lr.id: verdict_for(assess(facts.get(lr.id, []), keys, safeguarding=lr.safeguarding_flag),
                           purpose, treat, label)
        for lr in learners
    }


def _learners(session: Session, academy: Academy, learner_ids: Sequence[int]) -> list[Learner]:
    ids = list(dict.fromkeys(learner_ids))
    if not ids:
        raise ServiceError("choose the learners who appear in the photo or video")
    found = {lr.id: lr for lr in session.scalars(
        select(Learner).where(Learner.id.in_(ids), Learner.academy_id == academy.id))}
    missing = [i for i in ids if i not in found]
    if missing:
        raise NotFound(f"no learner of {academy.code} with id {missing[0]}")
    return [found[i] for i in ids]


def _check(session: Session, academy: Academy, year: str, purpose: str,
           learner_ids: Sequence[int]) -> tuple[CheckResult, list[Learner]]:
    key, label = _purpose(session, purpose)
    learners = _learners(session, academy, learner_ids)
    verdicts = _judge(session, learners, year, key, label)
    rows = [CheckedLearner(lr.id, lr.upn, _name(lr), lr.reg_group, verdicts[lr.id].verdict,
                           verdicts[lr.id].reason) for lr in learners]
    return CheckResult(academy.code, year, key, label, rows), learners


def check(db: Database, academy_code: str, year: str, purpose: str,
          learner_ids: Sequence[int], *, count: bool = True) -> CheckResult:
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
    session.add(PublicationCheck(academy_id=academy.id, year_label=result.year,
                                 purpose=result.purpose, checked_at=audit.now(),
                                 checked_by=user[:100], learners=len(result.learners),
                                 not_ok=len(result.not_ok)))


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
            lid = s.scalar(select(Learner.id).where(
                Learner.academy_id == academy.id, or_(Learner.upn == u, Learner.adno == u)))
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
        rows = s.execute(select(Learner.id, Learner.reg_group, Learner.year_group).where(
            Learner.academy_id == academy.id, Learner.on_roll)).all()
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
            raise PublishRefused(f"not recorded: may not appear: {names} — remove or obscure "
                                 "them and check again")
        user = access.acting_name(who, None)[:100]
        pub = Publication(academy_id=academy.id, year_label=label, purpose=result.purpose,
                          title=title[:200], published_on=published_on,
                          place=" ".join((place or "").split())[:500] or None,
                          checked_by=user, recorded_at=audit.now())
        s.add(pub)
        s.flush()
        for c in result.learners:
            s.add(PublicationLearner(publication_id=pub.id, learner_id=c.learner_id,
                                     verdict=c.verdict.value, reason=c.reason))
        audit.record(s, user, "publish", "publication", pub.id, after={
            "academy": academy.code, "year": label, "purpose": result.purpose, "title": pub.title,
            "published_on": published_on.isoformat(), "where": pub.place,
            "learners": [c.learner_id for c in result.learners],
            "limitations": [c.learner_id for c in result.learners
                            if c.verdict is Verdict.CHECK_LIMITATION]})
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
        return {"id": self.id, "academy": self.academy_code, "year": self.year,
                "purpose": self.purpose, "title": self.title,
                "date": self.published_on.isoformat(), "where": self.place,
                "checked_by": self.checked_by,
                "recorded_at": self.recorded_at.isoformat(timespec="seconds"),
                "learners": [{"upn": p.upn, "name": p.name, "verdict": p.verdict.value,
                              "reason": p.reason} for p in self.learners]}


def list_publications(db: Database, academy_code: str, year: str | None = None,
                      search: str | None = None) -> list[PublicationInfo]:
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
        pubs = list(s.scalars(q.order_by(Publication.published_on.desc(),
                                         Publication.id.desc())))
        members: dict[int, list[PublicationLearner]] = defaultdict(list)
        if pubs:
            for m in s.scalars(select(PublicationLearner).where(
                    PublicationLearner.publication_id.in_([p.id for p in pubs]))):
                members[m.publication_id].append(m)
        ids = {m.learner_id for ms in members.values() for m in ms}
        people = {lr.id: lr for lr in s.scalars(select(Learner).where(Learner.id.in_(ids)))}
    out: list[PublicationInfo] = []
    for p in pubs:
        learners = []
        for m in members[p.id]:
            lr = people.get(m.learner_id)
            learners.append(PublishedLearner(m.learner_id, lr.upn if lr else None,
                                             _name(lr) if lr else GONE, Verdict(m.verdict),
                                             m.reason))
        learners.sort(key=lambda x: x.name.casefold())
        out.append(PublicationInfo(p.id, academy.code, p.year_label, p.purpose,
                                   labels.get(p.purpose, p.purpose), p.title, p.published_on,
                                   p.place, p.checked_by, p.recorded_at, learners))
    words = (search or "").casefold().split()
    if words:
        def hay(i: PublicationInfo) -> str:
            bits = [i.title, i.place or "", i.purpose, i.purpose_label, i.checked_by,
                    i.published_on.isoformat()]
            bits += [f"{x.name} {x.upn or ''}" for x in i.learners]
            return " ".join(bits).casefold()
        out = [i for i in out if all(w in hay(i) for w in words)]
    return out


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
        return {"publication_id": self.publication_id, "title": self.title, "upn": self.upn,
                "name": self.name, "purpose": self.purpose, "reason": self.reason,
                "since": self.since.isoformat(timespec="seconds"),
                "date": self.published_on.isoformat(), "where": self.place}


def _since(session: Session, lr: Learner, year: str, after: datetime) -> datetime:
    """When the change that put the learner on the list reached Consent Desk: the latest return
    entered (or safeguarding flag set) after the publication was recorded; else the recording."""
    entered = session.scalar(select(func.max(ConsentReturn.entered_at)).where(
        ConsentReturn.learner_id == lr.id, ConsentReturn.year_label == year,
        ConsentReturn.entered_at >= after))
    times = [t for t in (entered, lr.safeguarding_set_at) if t is not None and t >= after]
    return max(times) if times else after


def _open_takedowns(session: Session, academy: Academy) -> list[OpenTakedown]:
    labels = purpose_labels(session)
    pubs = {p.id: p for p in session.scalars(
        select(Publication).where(Publication.academy_id == academy.id))}
    if not pubs:
        return []
    done = set(session.execute(select(Takedown.publication_id, Takedown.learner_id).where(
        Takedown.publication_id.in_(list(pubs)))).tuples())
    members = [m for m in session.scalars(select(PublicationLearner).where(
        PublicationLearner.publication_id.in_(list(pubs))))
        if (m.publication_id, m.learner_id) not in done]
    people = {lr.id: lr for lr in session.scalars(select(Learner).where(
        Learner.id.in_({m.learner_id for m in members})))}
    # Judge each learner once per (year, purpose).
    by_key: dict[tuple[str, str], set[int]] = defaultdict(set)
    for m in members:
        if m.learner_id in people:
            p = pubs[m.publication_id]
            by_key[(p.year_label, p.purpose)].add(m.learner_id)
    verdicts: dict[tuple[str, str, int], LearnerVerdict] = {}
    for (year, purpose), ids in by_key.items():
        judged = _judge(session, [people[i] for i in sorted(ids)], year, purpose,
                        labels.get(purpose, purpose))
        for lid, v in judged.items():
            verdicts[(year, purpose, lid)] = v
    out: list[OpenTakedown] = []
    for m in members:
        p = pubs[m.publication_id]
        lr = people.get(m.learner_id)
        if lr is None:
            continue  # purged: nobody left to protect, and no name to show
        now = verdicts[(p.year_label, p.purpose, lr.id)]
        if now.verdict is not Verdict.NOT_OK:
            continue
        out.append(OpenTakedown(
            p.id, p.title, p.published_on, p.place, lr.id, lr.upn, _name(lr), p.purpose,
            labels.get(p.purpose, p.purpose),
            what_changed(Verdict(m.verdict), m.reason, now),
            _since(session, lr, p.year_label, p.recorded_at)))
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


def takedown_done(db: Database, publication_id: int, note: str,
                  learner_id: int | None = None) -> list[OpenTakedown]:
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
        items = [t for t in _open_takedowns(s, academy) if t.publication_id == publication_id
                 and (learner_id is None or t.learner_id == learner_id)]
        if not items:
            raise ServiceError(f"publication {publication_id} ('{pub.title}') has nothing to "
                               "take down")
        for t in items:
            s.add(Takedown(publication_id=pub.id, learner_id=t.learner_id, change=t.reason,
                           done_at=audit.now(), done_by=user, note=note))
            audit.record(s, user, "takedown_done", "publication", pub.id, before={
                "learner_id": t.learner_id, "what_changed": t.reason,
                "since": t.since.isoformat(timespec="seconds")}, after={"note": note})
        return items


def counts(db: Database, year: str) -> dict[str, dict[str, int]]:
    """Per academy code: checks and publications in the year, and open take-downs."""
    label = AcademicYear.parse(year).label
    with db.session() as s:
        who = access.require(s, Action.VIEW)
        out: dict[str, dict[str, int]] = {}
        for a in s.scalars(select(Academy).order_by(Academy.code)):
            if not who.sees(a.id):
                continue
            out[a.code] = {
                "checks": s.scalar(select(func.count()).select_from(PublicationCheck).where(
                    PublicationCheck.academy_id == a.id,
                    PublicationCheck.year_label == label)) or 0,
                "publications": s.scalar(select(func.count()).select_from(Publication).where(
                    Publication.academy_id == a.id, Publication.year_label == label)) or 0,
                "open_takedowns": count_open_takedowns(s, a),
            }
        return out
