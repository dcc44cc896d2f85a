"""What every printed document starts from: the report context (trust, year, who prints, the
purposes' labels) and the groups of learners a sheet's scope covers.

Shared by ``documents`` (sheets, lists, the summary), ``sheet_prints`` (reprint needed) and
``consent_forms`` (pre-filled forms), each inside its own single session.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from consent_desk.db.engine import Database
from consent_desk.domain.groups import ordered_groups, year_key
from consent_desk.domain.listing import LearnerStatusRow, ReportContext
from consent_desk.domain.sheets import SheetScope
from consent_desk.domain.years import AcademicYear
from consent_desk.services.access import current_actor_or_none
from consent_desk.services.audit import current_user_name
from consent_desk.services.consent import filter_group
from consent_desk.services.errors import NotFound
from consent_desk.services.trust import TrustSettings, purpose_labels, require_trust, settings_of

#: A sheet's learners: (heading, learners) per group, in order.
Groups = Sequence[tuple[str, Sequence[LearnerStatusRow]]]


def printed_by() -> str:
    """Who prints: the logged-in person's name, else the operating-system account."""
    who = current_actor_or_none()
    return who.display_name if who is not None and not who.system else current_user_name()


def context_in(
    session: Session, year: str, user: str | None = None
) -> tuple[ReportContext, TrustSettings]:
    """The report context for ``year`` and the trust's settings, read in ``session``."""
    settings = settings_of(require_trust(session))
    ctx = ReportContext(
        trust_name=settings.name,
        year=AcademicYear.parse(year).label,
        printed_by=user or printed_by(),
        printed_at=datetime.now().replace(microsecond=0),
        purpose_labels=purpose_labels(session),
        treat_non_returns_as_restricted=settings.treat_non_returns_as_restricted,
    )
    return ctx, settings


def report_context(
    db: Database, year: str, user: str | None = None
) -> tuple[ReportContext, TrustSettings]:
    """:func:`context_in` in a session of its own."""
    with db.session() as s:
        return context_in(s, year, user)


def logo_of(settings: TrustSettings) -> str | None:
    """The trust's logo file, when it is set and still there."""
    path = settings.logo_path
    return path if path and Path(path).is_file() else None


def _by_reg_group(rows: Sequence[LearnerStatusRow]) -> list[tuple[str, list[LearnerStatusRow]]]:
    """The rows by registration group, in the order the learners table lists the groups."""
    groups: dict[str, list[LearnerStatusRow]] = defaultdict(list)
    for r in rows:
        groups[r.reg_group or ""].append(r)
    order = ordered_groups({g: members[0].year_group for g, members in groups.items()})
    return [(g or "No group", groups[g]) for g in order]


def sheet_groups(
    rows: Sequence[LearnerStatusRow], scope: SheetScope
) -> list[tuple[str, list[LearnerStatusRow]]]:
    """The learners ``scope`` covers, as (heading, learners) per registration group."""
    if scope.kind == "learners":
        wanted = set(scope.learner_ids)
        return [(scope.title or "Chosen learners", [r for r in rows if r.learner_id in wanted])]
    if scope.kind == "reg_group":
        return [(scope.value, filter_group(list(rows), group=scope.value))]
    if scope.kind == "year_group":
        return _by_reg_group(filter_group(list(rows), year_group=scope.value))
    return _by_reg_group(rows)


def check_scope(rows: Sequence[LearnerStatusRow], scope: SheetScope, academy: str) -> None:
    """A group that has nobody on roll is a typing slip: say which groups there are."""
    if scope.kind not in ("reg_group", "year_group") or not rows:
        return
    if any(g for _, g in sheet_groups(rows, scope)):
        return
    if scope.kind == "reg_group":
        known = ordered_groups({r.reg_group: r.year_group for r in rows if r.reg_group})
        raise NotFound(
            f"no learner on roll at {academy.upper()} is in group '{scope.value}' "
            f"(groups: {', '.join(known)})"
        )
    years = sorted({r.year_group for r in rows if r.year_group}, key=year_key)
    raise NotFound(
        f"no learner on roll at {academy.upper()} is in year '{scope.value}' "
        f"(years: {', '.join(years)})"
    )
