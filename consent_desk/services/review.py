"""The review queue: imported rows that wait for a person to choose the learner."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from consent_desk.db.engine import Database
from consent_desk.db.models import Academy, ConsentReturn, ImportBatch, Learner, ReviewItem
from consent_desk.domain.consent_forms import describe_answers
from consent_desk.domain.names import known_as
from consent_desk.domain.rules import Answer
from consent_desk.domain.years import AcademicYear
from consent_desk.services import access, audit
from consent_desk.services.access import Action
from consent_desk.services.errors import Conflict, NotFound, ServiceError
from consent_desk.services.learners import learner_in_academy
from consent_desk.services.returns import fingerprint, respondent_id
from consent_desk.services.trust import academy_by_code, purpose_labels


@dataclass(frozen=True)
class ReviewCandidate:
    learner_id: int
    name: str
    upn: str | None
    dob: date | None
    reg_group: str | None
    score: float
    why: str


@dataclass(frozen=True)
class ReviewView:
    id: int
    academy: str
    year: str
    file_name: str
    row: int
    reason: str
    state: str
    data: dict[str, Any]
    candidates: list[ReviewCandidate]
    decided_by: str | None
    dismiss_reason: str | None
    sheet: str | None = None  # the workbook's sheet the row is on (None for a CSV file)

    @property
    def where(self) -> str:
        """Where the row is: ``returns.xlsx, sheet 'Year 7', row 5``."""
        sheet = f", sheet '{self.sheet}'" if self.sheet else ""
        return f"{self.file_name}{sheet}, row {self.row}"

    @property
    def summary(self) -> str:
        d = self.data.get("learner", {})
        name = (
            " ".join(x for x in (d.get("forename"), d.get("surname")) if x)
            or d.get("full_name")
            or "(no name)"
        )
        bits = [name]
        if d.get("dob"):
            bits.append(f"born {date.fromisoformat(d['dob']):%d/%m/%Y}")
        if d.get("reg_group"):
            bits.append(str(d["reg_group"]))
        return ", ".join(bits)


def in_queue(
    academy_id: int | None, year_label: str | None, state: str | None = "open"
) -> list[ColumnElement[bool]]:
    """Which review rows the review screen lists — the one place that says it, so the count on
    the tab, after an import and in the CLI is the count of the rows a person sees."""
    where: list[ColumnElement[bool]] = []
    if academy_id is not None:
        where.append(ReviewItem.academy_id == academy_id)
    if year_label:
        where.append(ReviewItem.year_label == year_label)
    if state:
        where.append(ReviewItem.state == state)
    return where


def count_waiting(session: Session, academy_id: int, year_label: str) -> int:
    """How many rows of an academy and year wait in the review queue (inside a session)."""
    q = select(func.count()).select_from(ReviewItem).where(*in_queue(academy_id, year_label))
    return int(session.scalar(q) or 0)


def waiting_count(db: Database, academy_code: str, year: str) -> int:
    """How many imported rows of this academy and year wait for a person: the rows the review
    screen lists."""
    with db.session() as s:
        academy = academy_by_code(s, academy_code)
        access.require(s, Action.VIEW, academy.id)
        return count_waiting(s, academy.id, AcademicYear.parse(year).label)


def list_reviews(
    db: Database,
    academy_code: str | None = None,
    year: str | None = None,
    state: str | None = "open",
) -> list[ReviewView]:
    with db.session() as s:
        q = (
            select(ReviewItem, ImportBatch.file_name, Academy.code, ImportBatch.sheet)
            .join(ImportBatch, ImportBatch.id == ReviewItem.batch_id)
            .join(Academy, Academy.id == ReviewItem.academy_id)
        )
        who = access.require(s, Action.VIEW)
        academy_id = None
        if academy_code:
            academy_id = academy_by_code(s, academy_code).id
            access.require(s, Action.VIEW, academy_id)
        elif who.academy_ids is not None:
            q = q.where(ReviewItem.academy_id.in_(who.academy_ids))
        label = AcademicYear.parse(year).label if year else None
        q = q.where(*in_queue(academy_id, label, state))
        q = q.order_by(ReviewItem.batch_id, ReviewItem.source_row)
        items = s.execute(q).all()
        ids = {c["learner_id"] for item, _, _, _ in items for c in item.candidates}
        learners = {lr.id: lr for lr in s.scalars(select(Learner).where(Learner.id.in_(ids)))}
        out = []
        for item, file_name, code, sheet in items:
            cands = []
            for c in item.candidates:
                lr = learners.get(c["learner_id"])
                if lr is None:
                    continue
                cands.append(
                    ReviewCandidate(
                        learner_id=lr.id,
                        name=known_as(lr),
                        upn=lr.upn,
                        dob=lr.dob,
                        reg_group=lr.reg_group,
                        score=float(c.get("score", 0)),
                        why=str(c.get("why", "")),
                    )
                )
            out.append(
                ReviewView(
                    id=item.id,
                    academy=code,
                    year=item.year_label,
                    file_name=file_name,
                    row=item.source_row,
                    reason=item.reason,
                    state=item.state,
                    data=item.data,
                    candidates=cands,
                    decided_by=item.decided_by,
                    dismiss_reason=item.dismiss_reason,
                    sheet=sheet,
                )
            )
        return out


def _decide(
    session: Session, item_id: int, user: str | None, *states: str
) -> tuple[ReviewItem, str]:
    """The review row a person decides on, after the one check every decision passes: the
    right to resolve rows of its academy, and its year not an earlier, read-only one (COO
    excepted) — resolve, dismiss and reopen alike. ``states``: the states it may be in."""
    item = session.get(ReviewItem, item_id)
    if item is None:
        raise NotFound(f"there is no review item {item_id}: see 'consent-desk review list'")
    who = access.require(session, Action.RESOLVE_REVIEW, item.academy_id)
    access.require_year(session, who, item.year_label)
    if item.state not in states:
        raise Conflict(
            f"review item {item_id} was already {item.state} by {item.decided_by or 'someone'}"
            if item.state != "open"
            else f"review item {item_id} is open: nothing to reopen"
        )
    return item, access.acting_name(who, user)


def _answers_said(said: Mapping[str, str], purposes: list[str]) -> dict[str, str]:
    """What a person recorded for a row, checked: purpose (or ``all``) -> answer. ``all`` is
    applied first, whatever the order given, so a purpose named beside it keeps its answer."""
    out: dict[str, str] = {}
    for purpose, answer in sorted(said.items(), key=lambda item: item[0] != "all"):
        keys = purposes if purpose == "all" else [purpose]
        if purpose != "all" and purpose not in purposes:
            raise ServiceError(
                f"'{purpose}' is not one of the trust's purposes: use {', '.join(purposes)} or all"
            )
        if answer not in (a.value for a in Answer):
            raise ServiceError(f"'{answer}' is not an answer: use consent, refuse or unanswered")
        out.update(dict.fromkeys(keys, answer))
    return out


@dataclass(frozen=True)
class Resolved:
    """A review row resolved: the return recorded, and the learner's status before and after
    it, as a person reads it (``NO IMAGES`` → ``Restricted``), for the person to see what the
    decision changed."""

    return_id: int
    learner: str
    before: str
    after: str

    @property
    def change(self) -> str:
        """``No restriction → No images``, or ``still Restricted``."""
        return (
            f"still {self.after}" if self.before == self.after else f"{self.before} → {self.after}"
        )


def _status_of(session: Session, learner: Learner, year: str) -> str:
    from consent_desk.services.consent import academy_rows, status_says

    academy = session.get(Academy, learner.academy_id)
    assert academy is not None
    rows = academy_rows(session, academy, year, include_left=True, learner_ids=[learner.id])
    return status_says(rows[0], purpose_labels(session))


def resolve(
    db: Database,
    item_id: int,
    user: str,
    *,
    learner_id: int | None = None,
    learner_upn: str | None = None,
    answers: Mapping[str, str] | None = None,
    limitation: str | None = None,
) -> Resolved:
    """Create the row's return for the chosen learner: the return, and what it changed.

    ``answers`` (purpose key, or ``all``, -> ``consent``/``refuse``/``unanswered``) and
    ``limitation`` ("" for none) are what the person who read the row records the parent meant,
    where the row's reading is not (a cell that could not be read counts as a refusal); the
    purposes not given keep the row's reading."""
    with db.session() as s:
        item, user = _decide(s, item_id, user, "open")
        if learner_upn:
            learner = learner_in_academy(s, learner_upn, item.academy_id)
        elif learner_id is not None:
            found = s.get(Learner, learner_id)
            if found is None:
                raise NotFound(f"there is no learner with id {learner_id}")
            learner = found
        else:
            raise ServiceError("choose the learner: give --learner UPN (or admission number)")
        if learner.academy_id != item.academy_id:
            raise ServiceError(
                "that learner is in another academy: choose one of this academy's learners"
            )
        before = _status_of(s, learner, item.year_label)
        d = item.data
        purposes = list(purpose_labels(s))
        read = {k: Answer(d["answers"].get(k, "unanswered")).value for k in purposes}
        if answers:
            read.update(_answers_said(answers, purposes))
        limit = d.get("limitation") if limitation is None else (limitation.strip() or None)
        rid, key = respondent_id(
            s,
            d.get("respondent_name"),
            d.get("respondent_email"),
            relationship=d.get("relationship"),
        )
        entered = audit.now()
        # no date received: stored as received when entered (rules.undated)
        received = datetime.fromisoformat(d["received_at"]) if d.get("received_at") else entered
        when_fp = (
            received
            if d.get("received_at")
            else datetime(AcademicYear.parse(item.year_label).start_year, 9, 1)
        )
        fp = fingerprint(learner.id, item.year_label, key, when_fp, read, limit)
        ret = s.scalars(
            select(ConsentReturn).where(
                ConsentReturn.learner_id == learner.id,
                ConsentReturn.year_label == item.year_label,
                ConsentReturn.fingerprint == fp,
            )
        ).first()
        if ret is None:
            ret = ConsentReturn(
                learner_id=learner.id,
                year_label=item.year_label,
                respondent_id=rid,
                relationship_to_learner=d.get("relationship"),
                received_at=received,
                method="form" if d.get("respondent_email") else "import",
                entered_by=user,
                entered_at=entered,
                batch_id=item.batch_id,
                source_row=item.source_row,
                answers=read,
                limitation=limit,
                notes=d.get("notes"),
                fingerprint=fp,
            )
            s.add(ret)
            s.flush()
        elif ret.voided_at is not None:
            # the same row resolved to the same learner again (after a reopen): the same
            # return, counted again
            audit.record(
                s,
                user,
                "restore",
                "return",
                ret.id,
                before={"voided": True, "reason": ret.void_reason},
                after={"voided": False, "review_item": item.id},
            )
            ret.voided_at = ret.voided_by = ret.void_reason = None
        item.state = "resolved"
        item.resolved_learner_id = learner.id
        item.return_id = ret.id
        item.decided_by = user
        item.decided_at = audit.now()
        audit.record(
            s,
            user,
            "resolve",
            "review_item",
            item.id,
            before={"state": "open"},
            after={"state": "resolved", "learner_id": learner.id, "return_id": ret.id},
        )
        s.flush()
        return Resolved(ret.id, known_as(learner), before, _status_of(s, learner, item.year_label))


def dismiss(db: Database, item_id: int, reason: str, user: str) -> None:
    if not reason.strip():
        raise ServiceError("say why the row is dismissed (e.g. 'child not at this academy')")
    with db.session() as s:
        item, user = _decide(s, item_id, user, "open")
        item.state = "dismissed"
        item.dismiss_reason = reason.strip()
        item.decided_by = user
        item.decided_at = audit.now()
        audit.record(
            s,
            user,
            "dismiss",
            "review_item",
            item.id,
            before={"state": "open"},
            after={"state": "dismissed", "reason": reason.strip()},
        )


def reopen(db: Database, item_id: int, reason: str, user: str) -> int | None:
    """Put a dismissed or resolved row back in the queue. A resolved row's return — the one
    its resolution created — is voided (kept in the history, ignored by the rules): the row
    waits to be resolved again. Returns the id of the return voided, if any. Audited."""
    from consent_desk.services.returns import void_in

    reason = " ".join((reason or "").split())
    if not reason:
        raise ServiceError("say why the row is reopened (e.g. 'resolved to the wrong child')")
    with db.session() as s:
        item, user = _decide(s, item_id, user, "resolved", "dismissed")
        before = {
            "state": item.state,
            "learner_id": item.resolved_learner_id,
            "return_id": item.return_id,
            "dismiss_reason": item.dismiss_reason,
        }
        voided = None
        ret = s.get(ConsentReturn, item.return_id) if item.return_id else None
        if (
            ret is not None
            and ret.voided_at is None
            and ret.batch_id == item.batch_id
            and ret.source_row == item.source_row
        ):  # created by resolving this row
            void_in(s, ret, f"review row {item.id} reopened: {reason}", user)
            voided = ret.id
        item.state = "open"
        item.resolved_learner_id = None
        item.return_id = None
        item.decided_by = None
        item.decided_at = None
        item.dismiss_reason = None
        audit.record(
            s,
            user,
            "reopen",
            "review_item",
            item.id,
            before=before,
            after={"state": "open", "reason": reason, "voided_return": voided},
        )
        return voided


def dismiss_warning(
    item: ReviewView, labels: dict[str, str], now_says: str | None = None
) -> str | None:
    """What dismissing this row means for the child, in plain words, when its answers refuse
    anything (None when they refuse nothing): the parent's objection is then recorded nowhere.
    ``now_says``: what the likeliest child's line on the restriction list says now."""
    answers = {
        k: Answer(v)
        for k, v in (item.data.get("answers") or {}).items()
        if v in {a.value for a in Answer}
    }
    refused = [labels.get(k, k) for k, a in answers.items() if a is Answer.REFUSE]
    if not refused:
        return None
    said = describe_answers(answers, labels)
    then = now_says or (
        "a child with no other return shows “NO RETURN” (or is not listed "
        "at all while non-returns are not treated as restricted)"
    )
    return (
        f"This form ({item.summary}) says the parent {said}. If it is dismissed, that "
        f"objection is recorded nowhere and the list stays as it is — {then} — so images "
        "of the child could be used against this parent's wishes. Dismiss only a form "
        "that is not about a child of this academy."
    )


def list_line(db: Database, academy_code: str, year: str, learner_id: int) -> str:
    """What a learner's line on the restriction list says now, in the sheet's words."""
    from consent_desk.domain.rules import Status
    from consent_desk.services.consent import status_rows
    from consent_desk.services.trust import get_settings

    with db.session() as s:
        [row] = status_rows(s, academy_code, year, learner_ids=[learner_id])
        labels = purpose_labels(s)
    treat = get_settings(db).treat_non_returns_as_restricted
    name = row.display_name
    if row.status is Status.NO_IMAGES:
        return f"{name}: “NO IMAGES”"
    if row.status is Status.NOT_RETURNED:
        return (
            f"{name}: “NO RETURN”"
            if treat
            else f"{name}: not on the list at all (non-returns are not treated as restricted)"
        )
    if row.status is Status.NO_RESTRICTION:
        return f"{name}: not on the list at all — every use allowed"
    bits = [f"no {labels.get(k, k)}" for k in row.refused]
    if row.limitation:
        bits.append(f"“{row.limitation}”")
    return f"{name}: " + (", ".join(bits) or "restricted (some uses unanswered)")
