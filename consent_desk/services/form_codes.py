"""The learner codes on consent forms: making them, and turning a scanned or typed code back
into the learner, for the paper-return entry ("scan-in").

A barcode scanner types the code like a keyboard followed by Enter; a person can type the same
characters from under the barcode. ``resolve_code`` forgives spaces and case, and refuses, with a
sentence the office can act on, a code from another academy or year, a code whose check letters
are wrong (a slip of the finger or a made-up code), and a learner who is no longer on roll.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from consent_desk.db.engine import Database
from consent_desk.db.models import Academy, Learner
from consent_desk.domain.consent_forms import (
    check_is_valid,
    format_code,
    looks_like_code,
    normalise_code,
    parse_code,
)
from consent_desk.domain.names import known_as
from consent_desk.domain.years import AcademicYear
from consent_desk.services import access
from consent_desk.services.access import Action
from consent_desk.services.errors import ServiceError
from consent_desk.services.trust import academy_by_code

__all__ = [
    "FormCodeError",
    "codes_for",
    "looks_like_code",
    "make_code",
    "resolve_code",
]

INVALID = "this code is not valid: type the learner's name instead"
OLD_FORM = (
    "this form was printed by an earlier version of Consent Desk, whose codes cannot be "
    "checked any more: type the learner's name instead"
)


class FormCodeError(ServiceError):
    """A form code that cannot be used here. ``reason`` says why, for a program:
    ``not_a_code``, ``invalid``, ``other_academy``, ``other_year``, ``left``."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def make_code(session: Session, learner: Learner, year: str) -> str:
    """The code printed on ``learner``'s form for academic ``year`` (e.g. ``2025/26``)."""
    academy = session.get(Academy, learner.academy_id)
    assert academy is not None  # a learner's academy is a foreign key
    access.require(session, Action.PRINT, academy.id)
    return format_code(academy.code, AcademicYear.parse(year).start_year, learner.id)


def codes_for(
    session: Session, academy_code: str, year: str, learner_ids: Iterable[int]
) -> dict[int, str]:
    """The codes of many learners of one academy at once (for a class's forms)."""
    academy = academy_by_code(session, academy_code)
    access.require(session, Action.PRINT, academy.id)
    start = AcademicYear.parse(year).start_year
    code = academy.code
    return {lid: format_code(code, start, lid) for lid in learner_ids}


def resolve_code(db: Database, code: str, academy_code: str, year: str) -> int:
    """The id of the learner whose form carries ``code``, for entering ``year``'s returns at
    ``academy_code``. Raises :class:`FormCodeError` (one line, for the user) when the code
    is not a form code, is mistyped or forged, belongs to another academy or year, or names a
    learner no longer on roll; ``PermissionDenied`` when the user may not see the academy."""
    wanted_year = AcademicYear.parse(year)
    with db.session() as s:
        academy = academy_by_code(s, academy_code)
        access.require(s, Action.VIEW, academy.id)
        parsed = parse_code(code)
        if parsed is None:
            shown = normalise_code(code)[:40] or "(nothing)"
            raise FormCodeError(
                f"'{shown}' is not a consent form code: type the learner's name instead",
                "not_a_code",
            )
        if parsed.is_old:
            raise FormCodeError(OLD_FORM, "invalid")
        if not check_is_valid(parsed):
            raise FormCodeError(INVALID, "invalid")
        if parsed.academy != academy.code:
            raise FormCodeError(
                f"this form is for a learner at {parsed.academy}, not {academy.code}: "
                f"pass it to {parsed.academy}'s office",
                "other_academy",
            )
        if parsed.year_start != wanted_year.start_year:
            raise FormCodeError(
                f"this form is for {parsed.year_label}; you are entering "
                f"{wanted_year.label} returns",
                "other_year",
            )
        learner = s.scalars(
            select(Learner).where(Learner.id == parsed.learner_id, Learner.academy_id == academy.id)
        ).first()
        if learner is None:  # purged since the form was printed
            raise FormCodeError(
                f"the learner on this form is no longer in the records of {academy.code}: "
                "type the learner's name to check",
                "left",
            )
        if not learner.on_roll:
            name = known_as(learner)
            when = f" on {learner.left_on:%d/%m/%Y}" if learner.left_on else ""
            raise FormCodeError(
                f"this form is for {name}, who left {academy.code}{when}: "
                "the return is not entered (check with the office if they have come back)",
                "left",
            )
        return learner.id
