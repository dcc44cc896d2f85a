"""The counting behind the COO summary and the dashboard (PRODUCT.md "Outputs"): per academy,
learners on roll, returns received, each status, refusals per purpose, the restriction list and
the publishing counts; the trust's totals; and returns received week by week.

Pure counting over detached rows: the summary workbook and PDF (``consent_desk.outputs.summary``)
and the GUI dashboard both count here, so the screen and the printed summary never disagree, and
counting needs no PDF library.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from consent_desk.domain.listing import AcademyInfo, LearnerStatusRow
from consent_desk.domain.purposes import PURPOSE_KEYS
from consent_desk.domain.rules import Status, on_restriction_list
from consent_desk.domain.years import AcademicYear

#: The order statuses are counted, listed and charted in: most restrictive first.
STATUS_ORDER: tuple[Status, ...] = (
    Status.NO_IMAGES,
    Status.RESTRICTED,
    Status.NOT_RETURNED,
    Status.NO_RESTRICTION,
)

#: Per academy code: its ``checks``, ``publications`` and ``open_takedowns`` for the year.
PublishingCounts = Mapping[str, Mapping[str, int]]


@dataclass(frozen=True)
class AcademySummary:
    """The counts of one academy (or, for the totals, of the whole trust) for one year.

    Every count is of learners on roll. ``returns_received`` counts learners with at least one
    return: a learner flagged ``NO IMAGES`` for safeguarding whose parents have sent nothing is
    ``no_images`` by status but still outstanding.
    """

    code: str
    name: str
    on_roll: int = 0
    returns_received: int = 0
    status_counts: Mapping[Status, int] = field(default_factory=dict)
    refusals: Mapping[str, int] = field(default_factory=dict)  # purpose key -> learners
    on_list: int = 0  # learners on the restriction list
    # "Can I use this photo?": checks made and publications recorded in the year, and
    # published items now on the take-down list.
    checks: int = 0
    publications: int = 0
    open_takedowns: int = 0

    @property
    def outstanding(self) -> int:
        return self.on_roll - self.returns_received

    @property
    def received_fraction(self) -> float | None:
        """Returns received as a fraction of learners on roll (``None`` with nobody on roll)."""
        return self.returns_received / self.on_roll if self.on_roll else None

    def status(self, status: Status) -> int:
        return self.status_counts.get(status, 0)


def summarise_academy(
    academy: AcademyInfo,
    rows: Sequence[LearnerStatusRow],
    purposes: Sequence[str] = PURPOSE_KEYS,
    *,
    treat_non_returns_as_restricted: bool = True,
) -> AcademySummary:
    """The counts of one academy (or of any group of its learners) from its status rows."""
    statuses = dict.fromkeys(STATUS_ORDER, 0)
    refusals = dict.fromkeys(purposes, 0)
    on_roll = received = listed = 0
    for row in rows:
        if not row.on_roll:
            continue
        on_roll += 1
        if row.returns > 0:
            received += 1
        statuses[row.status] += 1
        for key in row.refused:
            if key in refusals:
                refusals[key] += 1
        if on_restriction_list(row.status, True, treat_non_returns_as_restricted):
            listed += 1
    return AcademySummary(academy.code, academy.name, on_roll, received, statuses, refusals, listed)


def summarise(
    academies: Sequence[tuple[AcademyInfo, Sequence[LearnerStatusRow]]],
    purposes: Sequence[str] = PURPOSE_KEYS,
    *,
    treat_non_returns_as_restricted: bool = True,
    publishing: PublishingCounts | None = None,
) -> list[AcademySummary]:
    """One :class:`AcademySummary` per academy, in the order given; ``publishing`` gives per
    academy code its ``checks``, ``publications`` and ``open_takedowns``."""
    out = []
    for academy, rows in academies:
        a = summarise_academy(
            academy, rows, purposes, treat_non_returns_as_restricted=treat_non_returns_as_restricted
        )
        counts = (publishing or {}).get(academy.code, {})
        out.append(
            replace(
                a,
                checks=counts.get("checks", 0),
                publications=counts.get("publications", 0),
                open_takedowns=counts.get("open_takedowns", 0),
            )
        )
    return out


def total(
    summaries: Sequence[AcademySummary], purposes: Sequence[str] = PURPOSE_KEYS
) -> AcademySummary:
    """The trust's totals: the sum of every academy's counts."""
    statuses = {s: sum(a.status(s) for a in summaries) for s in STATUS_ORDER}
    refusals = {p: sum(a.refusals.get(p, 0) for a in summaries) for p in purposes}
    return AcademySummary(
        code="",
        name=f"Total ({len(summaries)} academies)",
        on_roll=sum(a.on_roll for a in summaries),
        returns_received=sum(a.returns_received for a in summaries),
        status_counts=statuses,
        refusals=refusals,
        on_list=sum(a.on_list for a in summaries),
        checks=sum(a.checks for a in summaries),
        publications=sum(a.publications for a in summaries),
        open_takedowns=sum(a.open_takedowns for a in summaries),
    )


@dataclass(frozen=True)
class WeekCount:
    """Learners on roll whose first return of the year came in one week (Monday to Sunday; the
    first week starts on 1 September)."""

    starts: date
    returned: int

    @property
    def label(self) -> str:
        return f"w/c {self.starts.day} {self.starts:%b}"


def returns_by_week(rows: Sequence[LearnerStatusRow], year: str, today: date) -> list[WeekCount]:
    """Returns received over time: per week from 1 September to this week (or to the year's end
    for a past year; one week for a year not yet begun). A learner counts once, in the week of
    their first return; one that came before 1 September counts in the first week."""
    ay = AcademicYear.parse(year)
    last = min(max(today, ay.starts_on), ay.ends_on)
    first_monday = ay.starts_on - timedelta(days=ay.starts_on.weekday())
    weeks = (last - first_monday).days // 7 + 1
    counts = [0] * weeks
    for row in rows:
        if row.on_roll and row.returns > 0 and row.first_returned is not None:
            index = (row.first_returned - first_monday).days // 7
            counts[min(max(index, 0), weeks - 1)] += 1
    return [
        WeekCount(max(first_monday + timedelta(weeks=i), ay.starts_on), n)
        for i, n in enumerate(counts)
    ]
