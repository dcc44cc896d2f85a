"""Honest LearnerStatusRows: every row is the real rules' verdict on hand-made returns."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from consent_desk.domain.listing import AcademyInfo, LearnerStatusRow, ReportContext
from consent_desk.domain.purposes import PURPOSE_KEYS
from consent_desk.domain.rules import Answer, ReturnFacts, assess, on_restriction_list

_ids = itertools.count(1)
_T0 = datetime(2025, 9, 10, 9, 0)

OAK = AcademyInfo(id=1, code="OAK", name="Oakfield Primary Academy", principal="Mrs A Head")
HILL = AcademyInfo(id=2, code="HILL", name="Hillgate Academy", principal="Mr B Boss")


def context(treat_non_returns: bool = True) -> ReportContext:
    return ReportContext(
        trust_name="Northern Lights Learning Trust",
        year="2025/26",
        printed_by="Jo Office",
        printed_at=datetime(2025, 11, 25, 14, 3),
        treat_non_returns_as_restricted=treat_non_returns,
    )


def ret(
    *,
    refuse: Sequence[str] = (),
    unanswered: Sequence[str] = (),
    limitation: str | None = None,
    who: str = "email:parent@example.org",
    days: int = 0,
) -> ReturnFacts:
    """One return: every purpose consented except those refused or left unanswered."""
    answers = {}
    for key in PURPOSE_KEYS:
        if key in refuse:
            answers[key] = Answer.REFUSE
        elif key in unanswered:
            answers[key] = Answer.UNANSWERED
        else:
            answers[key] = Answer.CONSENT
    return ReturnFacts(who, _T0 + timedelta(days=days), answers, limitation, next(_ids))


def learner(
    surname: str,
    forename: str,
    returns: Sequence[ReturnFacts] = (),
    *,
    safeguarding: bool = False,
    on_roll: bool = True,
    reg_group: str | None = "7A",
    year_group: str | None = "7",
    academy: AcademyInfo = OAK,
    legal_forename: str | None = None,
    legal_surname: str | None = None,
    upn: str | None = None,
    adno: str | None = None,
    treat_non_returns: bool = True,
) -> LearnerStatusRow:
    lid = next(_ids)
    verdict = assess(list(returns), PURPOSE_KEYS, safeguarding)
    return LearnerStatusRow(
        learner_id=lid,
        academy_code=academy.code,
        upn=upn if upn is not None else f"A{lid:012d}",
        adno=adno if adno is not None else f"{lid:06d}",
        surname=surname,
        forename=forename,
        legal_surname=legal_surname or surname,
        legal_forename=legal_forename or forename,
        dob=date(2013, 1, 1) + timedelta(days=lid % 365),
        year_group=year_group,
        reg_group=reg_group,
        on_roll=on_roll,
        status=verdict.status,
        refused=tuple(verdict.refused),
        unanswered=tuple(verdict.unanswered),
        limitation=verdict.limitation,
        safeguarding=safeguarding,
        returns=verdict.returns,
        on_restriction_list=on_restriction_list(verdict.status, on_roll, treat_non_returns),
        first_returned=min((r.received_at.date() for r in returns), default=None),
    )
