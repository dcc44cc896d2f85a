"""Plain, detached rows that services hand to the CLI, the GUI and the output builders."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from consent_desk.domain.purposes import PURPOSE_LABELS
from consent_desk.domain.rules import Status
from consent_desk.domain.settings import TREAT_NON_RETURNS_AS_RESTRICTED


@dataclass(frozen=True)
class AcademyInfo:
    id: int
    code: str
    name: str
    principal: str | None = None
    phase: str | None = None


@dataclass(frozen=True)
class LearnerStatusRow:
    """One learner's consent position for one academic year (never a safeguarding reason)."""

    learner_id: int
    academy_code: str
    upn: str | None
    adno: str | None
    surname: str  # the name to show: preferred surname if any, else legal
    forename: str  # preferred forename if any, else legal
    legal_surname: str
    legal_forename: str
    dob: date | None
    year_group: str | None
    reg_group: str | None
    on_roll: bool
    status: Status
    refused: tuple[str, ...]  # purpose keys, in the trust's purpose order
    unanswered: tuple[str, ...]
    limitation: str | None
    safeguarding: bool
    returns: int
    on_restriction_list: bool
    first_returned: date | None = None  # the day the first (not voided) return of the year came

    @property
    def display_name(self) -> str:
        return f"{self.forename} {self.surname}"

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.surname.casefold(), self.forename.casefold())


@dataclass(frozen=True)
class ReportContext:
    """Header facts for every printed or exported document."""

    trust_name: str
    year: str  # "2025/26"
    printed_by: str
    printed_at: datetime
    purpose_labels: dict[str, str] = field(default_factory=lambda: dict(PURPOSE_LABELS))
    treat_non_returns_as_restricted: bool = TREAT_NON_RETURNS_AS_RESTRICTED.default
