"""Consent returns: entering one, listing a learner's history. Never overwritten."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from consent_desk.db.engine import Database
from consent_desk.db.models import ConsentReturn, Respondent
from consent_desk.domain.consent_forms import describe_answers
from consent_desk.domain.rules import UNKNOWN_RESPONDENT, Answer, key_email, respondent_key
from consent_desk.domain.years import AcademicYear
from consent_desk.services import access, audit
from consent_desk.services.access import Action
from consent_desk.services.errors import Conflict, NotFound, ServiceError
from consent_desk.services.learners import get_learner
from consent_desk.services.trust import ensure_year, purpose_labels

METHODS = ("paper", "form", "email", "phone")


@dataclass(frozen=True)
class NewReturn:
    learner_id: int
    year: str
    answers: Mapping[str, Answer]
    received_at: datetime
    respondent_name: str | None = None
    respondent_email: str | None = None
    relationship: str | None = None
    method: str = "paper"
    limitation: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class ReturnView:
    id: int
    year: str
    respondent: str
    relationship: str | None
    received_at: datetime
    method: str
    entered_by: str
    entered_at: datetime
    answers: dict[str, Answer]
    limitation: str | None
    notes: str | None
    batch_id: int | None
    extra: dict[str, object] = field(default_factory=dict)
    respondent_id: int = 0
    voided_at: datetime | None = None
    voided_by: str | None = None
    void_reason: str | None = None

    @property
    def void(self) -> bool:
        return self.voided_at is not None


def latest_of_each(returns: list[ReturnView]) -> set[int]:
    """The ids of each respondent's latest return that counts (not void): what the rules use.
    ``returns`` newest first, as :func:`returns_for` gives them."""
    seen: set[int] = set()
    out: set[int] = set()
    for r in returns:
        if r.void or r.respondent_id in seen:
            continue
        seen.add(r.respondent_id)
        out.add(r.id)
    return out


def fingerprint(
    learner_id: int,
    year: str,
    respondent: str,
    received_at: datetime,
    answers: Mapping[str, str],
    limitation: str | None,
) -> str:
    """What makes two returns the same one (a file imported twice gives the same prints).

    The SHA-256 of ``json.dumps([learner_id, year, respondent, received_at to the minute,
    sorted(answers.items()), limitation stripped], ensure_ascii=False)``. Prints are stored, so
    this text must never change. It is built by :class:`Fingerprints`, which an import uses for
    its 60,000 rows."""
    return Fingerprints(year)(learner_id, respondent, received_at, answers, limitation)


class Fingerprints:
    """:func:`fingerprint` for the returns of one year. The text is built without ``json.dumps``
    (strings through json's own escaping, each distinct set of answers rendered once), and the
    parts that repeat from row to row in an import (the year, the time received, the
    limitation) are written once each: several times quicker. A naive date-time, an ``int``
    learner and ``str`` texts take this road; anything else is the definition word for word."""

    def __init__(self, year: str) -> None:
        self.year = year
        self._year = f", {_json_str(year)}, " if type(year) is str else None
        self._times: dict[datetime, str] = {}
        self._limits: dict[str | None, str] = {}

    def __call__(
        self,
        learner_id: int,
        respondent: str,
        received_at: datetime,
        answers: Mapping[str, str],
        limitation: str | None,
    ) -> str:
        shown = (
            _answers_json(answers)
            if self._year is not None
            and type(learner_id) is int
            and type(respondent) is str
            and type(received_at) is datetime
            and received_at.tzinfo is None  # equal aware times may be written differently
            and (limitation is None or type(limitation) is str)
            else None
        )
        if shown is None:  # anything unusual: the definition word for word
            text = json.dumps(
                [
                    learner_id,
                    self.year,
                    respondent,
                    received_at.isoformat(timespec="minutes"),
                    sorted(answers.items()),
                    (limitation or "").strip(),
                ],
                ensure_ascii=False,
            )
        else:
            when = self._times.get(received_at)
            if when is None:
                when = self._times[received_at] = _json_str(received_at.isoformat("T", "minutes"))
            limit = self._limits.get(limitation)
            if limit is None:
                limit = self._limits[limitation] = _json_str((limitation or "").strip())
            text = f"[{learner_id}{self._year}{_json_str(respondent)}, {when}, {shown}, {limit}]"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


# How json.dumps(..., ensure_ascii=False) writes a string (quotes and escapes), and the JSON of
# each set of answers met: an import meets only a few hundred.
_json_str: Callable[[str], str] = json.encoder.encode_basestring
_ANSWERS_JSON: dict[tuple[tuple[str, str], ...], str] = {}


def _answers_json(answers: Mapping[str, str]) -> str | None:
    """``json.dumps(sorted(answers.items()), ensure_ascii=False)``, remembered; None when the
    answers cannot be remembered (not hashable)."""
    key = tuple(answers.items())
    try:
        return _ANSWERS_JSON[key]
    except KeyError:
        if len(_ANSWERS_JSON) > 4096:
            _ANSWERS_JSON.clear()
        shown = _ANSWERS_JSON[key] = json.dumps(sorted(key), ensure_ascii=False)
        return shown
    except TypeError:
        return None


def respondent_id(
    session: Session,
    name: str | None,
    email: str | None,
    cache: dict[str, int] | None = None,
    relationship: str | None = None,
) -> tuple[int, str]:
    """The respondent's row id (created when new) and key (a learner answering for themself,
    by ``relationship``, is a respondent of their own)."""
    key = respondent_key(email, name, relationship)
    if cache is not None and key in cache:
        return cache[key], key
    rid = session.scalars(select(Respondent.id).where(Respondent.key == key)).first()
    if rid is None:
        r = Respondent(
            key=key,
            name=(" ".join(name.split()) if name else None) if key != UNKNOWN_RESPONDENT else None,
            email=key_email(key),
        )
        session.add(r)
        session.flush()
        rid = r.id
    if cache is not None:
        cache[key] = rid
    return rid, key


def add_return(db: Database, new: NewReturn, user: str) -> int:
    """Record one return (typed in from paper, an e-mail, a phone call)."""
    year = AcademicYear.parse(new.year)
    if new.method not in METHODS:
        raise ServiceError(f"'{new.method}' is not a way of returning: use {', '.join(METHODS)}")
    with db.session() as s:
        lr = get_learner(s, new.learner_id, Action.ENTER_RETURNS)
        who = access.actor(s)
        access.require_year(s, who, year.label)
        user = access.acting_name(who, user)
        purposes = list(purpose_labels(s))
        unknown = set(new.answers) - set(purposes)
        if unknown:
            raise ServiceError(f"unknown purpose(s): {', '.join(sorted(unknown))}")
        answers = {p: Answer(new.answers.get(p, Answer.UNANSWERED)).value for p in purposes}
        ensure_year(s, year)
        rid, key = respondent_id(
            s, new.respondent_name, new.respondent_email, relationship=new.relationship
        )
        received = new.received_at.replace(microsecond=0)
        # the same parent's return this one follows, if any: the trail says what changed
        earlier = s.scalars(
            select(ConsentReturn.answers)
            .where(
                ConsentReturn.learner_id == lr.id,
                ConsentReturn.year_label == year.label,
                ConsentReturn.respondent_id == rid,
                ConsentReturn.voided_at.is_(None),
                ConsentReturn.received_at <= received,
            )
            .order_by(ConsentReturn.received_at.desc(), ConsentReturn.id.desc())
            .limit(1)
        ).first()
        ret = ConsentReturn(
            learner_id=lr.id,
            year_label=year.label,
            respondent_id=rid,
            relationship_to_learner=new.relationship,
            received_at=received,
            method=new.method,
            entered_by=user,
            entered_at=audit.now(),
            answers=answers,
            limitation=(new.limitation or "").strip() or None,
            notes=(new.notes or "").strip() or None,
            fingerprint=fingerprint(lr.id, year.label, key, received, answers, new.limitation),
        )
        s.add(ret)
        s.flush()
        audit.record(
            s,
            user,
            "create",
            "return",
            ret.id,
            before={"answers": earlier} if earlier is not None else None,
            after={
                "learner_id": lr.id,
                "year": year.label,
                "answers": answers,
                "limitation": ret.limitation,
                "method": new.method,
            },
        )
        return ret.id


def returns_for(db: Database, learner_id: int, year: str | None = None) -> list[ReturnView]:
    """A learner's returns, newest first, with who sent them."""
    with db.session() as s:
        get_learner(s, learner_id)  # may this user see the learner?
        q = (
            select(ConsentReturn, Respondent)
            .join(Respondent, Respondent.id == ConsentReturn.respondent_id)
            .where(ConsentReturn.learner_id == learner_id)
        )
        if year:
            q = q.where(ConsentReturn.year_label == AcademicYear.parse(year).label)
        q = q.order_by(ConsentReturn.received_at.desc(), ConsentReturn.id.desc())
        out = []
        for ret, resp in s.execute(q):
            who = resp.name or resp.email or "Unknown respondent"
            if resp.name and resp.email:
                who = f"{resp.name} <{resp.email}>"
            out.append(
                ReturnView(
                    id=ret.id,
                    year=ret.year_label,
                    respondent=who,
                    relationship=ret.relationship_to_learner,
                    received_at=ret.received_at,
                    method=ret.method,
                    entered_by=ret.entered_by,
                    entered_at=ret.entered_at,
                    answers={k: Answer(v) for k, v in ret.answers.items()},
                    limitation=ret.limitation,
                    notes=ret.notes,
                    batch_id=ret.batch_id,
                    respondent_id=ret.respondent_id,
                    voided_at=ret.voided_at,
                    voided_by=ret.voided_by,
                    void_reason=ret.void_reason,
                )
            )
        return out


def reading_of(db: Database, return_id: int) -> str:
    """What a recorded return says, in the parent's terms ("objects to Websites only"), with
    its limitation: for a person to check what was recorded."""
    with db.session() as s:
        ret = s.get(ConsentReturn, return_id)
        if ret is None:
            raise NotFound(f"there is no return {return_id}")
        get_learner(s, ret.learner_id)  # may this user see the learner?
        said = describe_answers({k: Answer(v) for k, v in ret.answers.items()},
                                purpose_labels(s))  # fmt: skip
        return f'{said}, with the limitation "{ret.limitation}"' if ret.limitation else said


def void_return(db: Database, return_id: int, reason: str, user: str) -> None:
    """Mark a return entered in error as void: it stays in the history with who, when and why,
    and the rules ignore it. Needs the right to enter returns for the learner's academy (and,
    for an earlier year, the COO's right to change it). Audited."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ServiceError("say why the return is void (e.g. 'keyed for the wrong child')")
    with db.session() as s:
        ret = s.get(ConsentReturn, return_id)
        if ret is None:
            raise NotFound(f"there is no return {return_id}")
        get_learner(s, ret.learner_id, Action.ENTER_RETURNS)
        who = access.actor(s)
        access.require_year(s, who, ret.year_label)
        user = access.acting_name(who, user)
        void_in(s, ret, reason, user)


def void_in(session: Session, ret: ConsentReturn, reason: str, user: str) -> None:
    """Void ``ret`` in an open session (the caller has checked the rights)."""
    if ret.voided_at is not None:
        raise Conflict(
            f"this return was already voided by {ret.voided_by} on {ret.voided_at:%d/%m/%Y}"
        )
    ret.voided_at = audit.now()
    ret.voided_by = user
    ret.void_reason = reason
    audit.record(
        session,
        user,
        "void",
        "return",
        ret.id,
        before={"voided": False},
        after={
            "voided": True,
            "reason": reason,
            "learner_id": ret.learner_id,
            "year": ret.year_label,
        },
    )
