"""Plain records passed between the readers, the mapper, the matcher and the import services.

An import makes one of most of these per row (60,000 for a big file): they have ``__slots__``,
and the learners the matcher sees are named tuples, which are built and kept the cheapest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from consent_desk.domain.rules import Answer


class ImportFileError(Exception):
    """A file that cannot be imported. ``str(err)`` is one line naming the file and the problem
    and saying what to do."""


class MappingIncomplete(ImportFileError):
    """No column was found for something an import needs (the learner's identity, the
    answers): a person can say which column holds it by correcting the mapping."""


@dataclass(slots=True)
class LearnerDetails:
    """What one row of a returns file says about the learner it is for."""

    upn: str | None = None
    adno: str | None = None  # normalised: digits without leading zeros, e.g. "1516"
    surname: str | None = None
    forename: str | None = None
    full_name: str | None = None  # when the file has one column for the whole name
    dob: date | None = None
    reg_group: str | None = None
    year_group: str | None = None


@dataclass(slots=True)
class ParsedReturn:
    """One row of a returns file, interpreted through the column mapping."""

    row: int  # the spreadsheet's own 1-based row number
    learner: LearnerDetails
    answers: dict[str, Answer]
    respondent_name: str | None = None
    respondent_email: str | None = None
    relationship: str | None = None
    received_at: datetime | None = None
    limitation: str | None = None
    notes: str | None = None
    warnings: list[str] = field(default_factory=list)
    # Why this row cannot be taken as read (a date that is not day-first, a cell that is not an
    # answer): it waits for review with its cells, never dropped. An unread answer counts as a
    # refusal of what it answers meanwhile.
    problems: list[str] = field(default_factory=list)
    cells: dict[str, str] | None = None  # the row as the file has it (only for rows with problems)
    form_year: str | None = None  # the academic year the form says it is for ("2024/25")
    # a return only because "Form returned?" says the form came back: nothing on it is answered
    marked_back: bool = False


@dataclass
class ParsedLearner:
    """One row of a learner list from the MIS."""

    row: int
    upn: str | None
    adno: str | None
    legal_surname: str
    legal_forename: str
    preferred_forename: str | None = None
    preferred_surname: str | None = None
    dob: date | None = None
    year_group: str | None = None
    reg_group: str | None = None


class LearnerRecord(NamedTuple):
    """A learner already in the database, as the matcher sees it (immutable)."""

    id: int
    upn: str | None
    adno: str | None
    legal_surname: str
    legal_forename: str
    preferred_forename: str | None = None
    preferred_surname: str | None = None
    dob: date | None = None
    year_group: str | None = None
    reg_group: str | None = None
    on_roll: bool = True


@dataclass(frozen=True)
class RowProblem:
    """A row that could not be read (bad value) — reported with row and column."""

    row: int
    column: str | None
    message: str


@dataclass(frozen=True)
class Candidate:
    learner_id: int
    score: float  # 0..1, higher is likelier
    why: str  # e.g. "same surname and date of birth, forename differs"


@dataclass(slots=True)
class MatchResult:
    """The matcher's verdict on one row: a learner, or a reason to wait for review."""

    learner_id: int | None
    method: str | None = None  # "upn", "adno", "name_dob", "name_group"
    reason: str | None = None  # why it needs review (None when matched)
    candidates: list[Candidate] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
