"""The documents the app prints and exports: the services' rows handed to the output builders.

Used by the CLI and by the app (on worker threads): no Qt here, and no rule either — who is
listed and how is decided by ``consent_desk.outputs``. Each function opens its own sessions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from consent_desk.db.engine import Database
from consent_desk.domain.groups import ordered_groups, year_key
from consent_desk.domain.listing import AcademyInfo, LearnerStatusRow, ReportContext
from consent_desk.private_files import private_output
from consent_desk.services.audit import current_user_name
from consent_desk.services.consent import filter_group, learner_statuses
from consent_desk.services.errors import NotFound
from consent_desk.services.trust import get_settings, list_academies, purposes

ScopeKind = Literal["academy", "year_group", "reg_group", "learners"]


@dataclass(frozen=True)
class SheetScope:
    """Which learners a restricted-learner sheet covers."""

    kind: ScopeKind
    value: str = ""  # the year group or registration group
    learner_ids: tuple[int, ...] = ()  # a hand-picked group (a trip, a team)
    title: str = ""  # the hand-picked group's name
    restricted_only: bool = True
    page_per_group: bool = False

    def describe(self) -> str:
        if self.kind == "year_group":
            return f"Year {self.value}" if self.value.isdigit() else self.value
        if self.kind == "reg_group":
            return f"group {self.value}"
        if self.kind == "learners":
            return self.title or f"{len(self.learner_ids)} chosen learners"
        return "the whole academy"


def _printed_by() -> str:
    """Who prints: the logged-in person's name, else the operating-system account."""
    from consent_desk.services.access import current_actor_or_none

    who = current_actor_or_none()
    return who.display_name if who is not None and not who.system else current_user_name()


def report_context(db: Database, year: str, user: str | None = None) -> tuple[ReportContext, Any]:
    settings = get_settings(db)
    ctx = ReportContext(
        trust_name=settings.name,
        year=year,
        printed_by=user or _printed_by(),
        printed_at=datetime.now().replace(microsecond=0),
        purpose_labels=purposes(db),
        treat_non_returns_as_restricted=settings.treat_non_returns_as_restricted,
    )
    return ctx, settings


def academy_info(db: Database, code: str) -> AcademyInfo:
    for a in list_academies(db):
        if a.code == code:
            return a
    raise NotFound(f"there is no academy with code '{code}'")


def logo_of(settings: Any) -> str | None:
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
    if sheet_groups(rows, scope) and any(g for _, g in sheet_groups(rows, scope)):
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


def build_sheet(db: Database, academy: str, year: str, scope: SheetScope, target: Any) -> Any:
    """Write the restricted-learner sheet (PDF) to ``target``; return the roster's stats.

    Every sheet printed or saved through here is recorded with a fingerprint of what it shows,
    so that a later change to its learners says "reprint needed" (see ``sheet_prints``).
    """
    from consent_desk.outputs.roster import build_roster
    from consent_desk.services.sheet_prints import may_print, record_print

    may_print(db, academy)
    ctx, settings = report_context(db, year)
    rows = learner_statuses(db, academy, year)
    check_scope(rows, scope, academy)
    groups = sheet_groups(rows, scope)
    info = academy_info(db, academy)
    with private_output(target):
        stats = build_roster(
            target,
            ctx,
            info,
            groups,
            restricted_only=scope.restricted_only,
            page_per_group=scope.page_per_group,
            logo_path=logo_of(settings),
        )
    record_print(db, academy, year, scope, groups, ctx, target)
    return stats


def export_principal_list(db: Database, academy: str, year: str, target: Path) -> int:
    """Write the Principal's list (.xlsx or .pdf); return how many learners it lists."""
    from consent_desk.outputs.principal_list import (
        build_principal_list_pdf,
        build_principal_list_xlsx,
        restriction_list,
    )

    ctx, settings = report_context(db, year)
    rows = learner_statuses(db, academy, year)
    info = academy_info(db, academy)
    with private_output(target):
        if target.suffix.lower() == ".pdf":
            build_principal_list_pdf(target, ctx, info, rows, logo_path=logo_of(settings))
            return len(restriction_list(rows, ctx))
        return build_principal_list_xlsx(target, ctx, info, rows)


def export_summary(db: Database, year: str, target: Path) -> int:
    from consent_desk.outputs.summary import build_summary_pdf, build_summary_xlsx
    from consent_desk.services.takedowns import counts

    ctx, settings = report_context(db, year)
    academies = [(a, learner_statuses(db, a.code, year)) for a in list_academies(db)]
    publishing = counts(db, year)
    with private_output(target):
        if target.suffix.lower() == ".pdf":
            return len(
                build_summary_pdf(
                    target, ctx, academies, logo_path=logo_of(settings), publishing=publishing
                )
            )
        return len(build_summary_xlsx(target, ctx, academies, publishing=publishing))


def export_chase_list(db: Database, academy: str, year: str, target: Path) -> int:
    from consent_desk.outputs.chase import build_chase_csv, build_chase_xlsx

    rows = learner_statuses(db, academy, year)
    with private_output(target):
        if target.suffix.lower() == ".csv":
            return build_chase_csv(target, rows)
        return build_chase_xlsx(target, rows)


def learner_ids_for_upns(db: Database, academy: str, upns: Sequence[str]) -> list[int]:
    """The learners of a hand-picked group, by UPN; each must be on roll at the academy."""
    from sqlalchemy import select

    from consent_desk.db.models import Learner
    from consent_desk.services.trust import academy_by_code

    wanted = [u.strip().upper() for u in upns if u.strip()]
    from consent_desk.services import access
    from consent_desk.services.access import Action

    with db.session() as s:
        a = academy_by_code(s, academy)
        access.require(s, Action.VIEW, a.id)
        # (Not dict(result): a Result has .keys(), so dict() would read it as a mapping.)
        found = {
            upn: lid
            for upn, lid in s.execute(
                select(Learner.upn, Learner.id).where(
                    Learner.academy_id == a.id, Learner.on_roll, Learner.upn.in_(wanted)
                )
            )
        }
    missing = [u for u in wanted if u not in found]
    if missing:
        raise NotFound(f"not learners on roll at {academy.upper()}: {', '.join(missing)}")
    return [found[u] for u in wanted]
