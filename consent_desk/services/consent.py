"""Each learner's consent position for a year: the rules applied to what the database holds."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from consent_desk.db.engine import Database
from consent_desk.db.models import Academy, ConsentReturn, Learner
from consent_desk.domain.listing import LearnerStatusRow
from consent_desk.domain.rules import Answer, ReturnFacts, assess, on_restriction_list, undated
from consent_desk.domain.years import AcademicYear
from consent_desk.services import access
from consent_desk.services.access import Action
from consent_desk.services.errors import PermissionDenied
from consent_desk.services.trust import academy_by_code, purpose_labels, require_trust


def _answers(raw: dict[str, str]) -> dict[str, Answer]:
    out: dict[str, Answer] = {}
    for k, v in raw.items():
        try:
            out[k] = Answer(v)
        except ValueError:
            out[k] = Answer.UNANSWERED
    return out


def returns_by_learner(
    session: Session, learner_ids: Sequence[int] | None, year: str, academy_id: int | None = None
) -> dict[int, list[ReturnFacts]]:
    """The rules' view of every return for these learners (or a whole academy) in a year.
    The actor must see the academy, or every learner's academy."""
    if academy_id is not None:
        access.require(session, Action.VIEW, academy_id)
    elif learner_ids is not None:
        ids = list(learner_ids)
        for (aid,) in session.execute(
            select(Learner.academy_id).where(Learner.id.in_(ids)).distinct()
        ):
            access.require(session, Action.VIEW, aid)
    elif access.actor(session).academy_ids is not None:
        raise PermissionDenied("only the COO reads every academy's returns at once")
    q = select(
        ConsentReturn.learner_id,
        ConsentReturn.respondent_id,
        ConsentReturn.received_at,
        ConsentReturn.id,
        ConsentReturn.answers,
        ConsentReturn.limitation,
        ConsentReturn.entered_at,
        ConsentReturn.batch_id,
    ).where(ConsentReturn.year_label == year, ConsentReturn.voided_at.is_(None))  # void: ignored
    if academy_id is not None:
        q = q.join(Learner, Learner.id == ConsentReturn.learner_id).where(
            Learner.academy_id == academy_id
        )
    elif learner_ids is not None:
        q = q.where(ConsentReturn.learner_id.in_(list(learner_ids)))
    out: dict[int, list[ReturnFacts]] = defaultdict(list)
    for (
        learner_id,
        respondent_id,
        received_at,
        rid,
        answers,
        limitation,
        entered_at,
        batch,
    ) in session.execute(q):
        out[learner_id].append(
            ReturnFacts(
                respondent=str(respondent_id),
                received_at=received_at,
                answers=_answers(answers),
                limitation=limitation,
                sequence=rid,
                dated=not undated(received_at, entered_at, batch is not None),
            )
        )
    return out


def status_rows(
    session: Session,
    academy_code: str,
    year: str,
    *,
    include_left: bool = False,
    learner_ids: Sequence[int] | None = None,
) -> list[LearnerStatusRow]:
    """Every learner of the academy (on roll unless ``include_left``) with the rules applied."""
    academy = academy_by_code(session, academy_code)
    access.require(session, Action.VIEW, academy.id)
    return academy_rows(session, academy, year, include_left=include_left, learner_ids=learner_ids)


def academy_rows(
    session: Session,
    academy: Academy,
    year: str,
    *,
    include_left: bool = False,
    learner_ids: Sequence[int] | None = None,
) -> list[LearnerStatusRow]:
    """:func:`status_rows` for a caller that has already checked, in this session, that the
    user may see (or print) this academy's learners."""
    trust = require_trust(session)
    year = AcademicYear.parse(year).label
    purposes = list(purpose_labels(session))
    q = select(Learner).where(Learner.academy_id == academy.id)
    if not include_left:
        q = q.where(Learner.on_roll)
    if learner_ids is not None:
        q = q.where(Learner.id.in_(list(learner_ids)))
    learners = list(session.scalars(q))
    if learner_ids is None:
        facts = returns_by_learner(session, None, year, academy_id=academy.id)
    else:
        facts = returns_by_learner(session, [lr.id for lr in learners], year)
    treat = trust.treat_non_returns_as_restricted
    rows = [_row(lr, academy.code, facts.get(lr.id, []), purposes, treat) for lr in learners]
    rows.sort(key=lambda r: (r.sort_key, r.learner_id))
    return rows


def _row(
    lr: Learner,
    academy_code: str,
    facts: list[ReturnFacts],
    purposes: list[str],
    treat_non_returns: bool,
) -> LearnerStatusRow:
    c = assess(facts, purposes, safeguarding=lr.safeguarding_flag)
    first = min((f.received_at for f in facts), default=None)
    return LearnerStatusRow(
        learner_id=lr.id,
        academy_code=academy_code,
        upn=lr.upn,
        adno=lr.adno,
        surname=lr.preferred_surname or lr.legal_surname,
        forename=lr.preferred_forename or lr.legal_forename,
        legal_surname=lr.legal_surname,
        legal_forename=lr.legal_forename,
        dob=lr.dob,
        year_group=lr.year_group,
        reg_group=lr.reg_group,
        on_roll=lr.on_roll,
        status=c.status,
        refused=tuple(c.refused),
        unanswered=tuple(c.unanswered),
        limitation=c.limitation,
        safeguarding=lr.safeguarding_flag,
        returns=c.returns,
        on_restriction_list=on_restriction_list(c.status, lr.on_roll, treat_non_returns),
        first_returned=first.date() if first is not None else None,
    )


def learner_statuses(
    db: Database, academy_code: str, year: str, *, include_left: bool = False
) -> list[LearnerStatusRow]:
    with db.session() as s:
        return status_rows(s, academy_code, year, include_left=include_left)


def restriction_list(
    db: Database,
    academy_code: str,
    year: str,
    *,
    group: str | None = None,
    year_group: str | None = None,
) -> list[LearnerStatusRow]:
    """The Principal's list: learners on roll who are restricted (per the rules and setting)."""
    rows = [r for r in learner_statuses(db, academy_code, year) if r.on_restriction_list]
    return filter_group(rows, group=group, year_group=year_group)


def filter_group(
    rows: list[LearnerStatusRow], *, group: str | None = None, year_group: str | None = None
) -> list[LearnerStatusRow]:
    if group:
        g = group.strip().casefold()
        rows = [r for r in rows if (r.reg_group or "").casefold() == g]
    if year_group:
        from consent_desk.importing.values import normalise_year_group

        y = (normalise_year_group(year_group) or year_group.strip()).casefold()
        rows = [r for r in rows if (r.year_group or "").casefold() == y]
    return rows


def status_says(row: LearnerStatusRow, labels: dict[str, str]) -> str:
    """A learner's status as a person reads it: ``Restricted: refuses Websites, Press``."""
    says = row.status.label
    if row.refused and row.status.value == "restricted":
        says += ": refuses " + ", ".join(labels.get(k, k) for k in row.refused)
    if row.limitation:
        says += " (with a limitation)"
    return says


def as_json(row: LearnerStatusRow) -> dict[str, object]:
    """The ``restrictions --json`` shape of a learner."""
    return {
        "upn": row.upn,
        "adno": row.adno,
        "surname": row.surname,
        "forename": row.forename,
        "legal_surname": row.legal_surname,
        "legal_forename": row.legal_forename,
        "year_group": row.year_group,
        "reg_group": row.reg_group,
        "status": row.status.value,
        "refused": list(row.refused),
        "unanswered": list(row.unanswered),
        "limitation": row.limitation,
        "no_images_flag": row.safeguarding,
        "returns": row.returns,
    }
