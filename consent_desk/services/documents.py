"""The documents the app prints and exports: the services' rows handed to the output builders.

Used by the CLI and by the app (on worker threads): no Qt here, and no rule either — who is
listed and how is decided by ``consent_desk.outputs``.

Each document is read in ONE session (one transaction: its rows, the trust's words and the
record of a printed sheet agree with each other), and the right to have it is checked ONCE, in
that session, before anything is read: ``Action.PRINT`` ("print and export sheets and lists")
for the academy it is about. PRODUCT.md gives teachers the sheet, principals the list and the
academy report, and the COO the trust summary; the summary of a principal (or anyone else who
may print) holds only the academies they may print, and the COO's holds every academy.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from consent_desk.db.engine import Database
from consent_desk.db.models import Academy, Learner
from consent_desk.domain.listing import AcademyInfo, LearnerStatusRow
from consent_desk.domain.sheets import SheetScope
from consent_desk.outputs.common import Target
from consent_desk.private_files import private_output
from consent_desk.services import access
from consent_desk.services.access import Action, Actor
from consent_desk.services.consent import academy_rows
from consent_desk.services.errors import NotFound
from consent_desk.services.listing import check_scope, context_in, logo_of, sheet_groups
from consent_desk.services.sheet_prints import record_print
from consent_desk.services.trust import academy_by_code, academy_info_of, require_trust

if TYPE_CHECKING:
    from consent_desk.outputs.roster import RosterStats


def _printable(session: Session, academy_code: str) -> tuple[Academy, Actor]:
    """The academy, if the user may print and export its sheets and lists (the one check)."""
    academy = academy_by_code(session, academy_code)
    return academy, access.require(session, Action.PRINT, academy.id)


def build_sheet(
    db: Database, academy: str, year: str, scope: SheetScope, target: Target
) -> RosterStats:
    """Write the restricted-learner sheet (PDF) to ``target``; return the roster's stats.

    Every sheet printed or saved through here is recorded with a fingerprint of what it shows,
    so that a later change to its learners says "reprint needed" (see ``sheet_prints``).
    """
    from consent_desk.outputs.roster import build_roster

    with db.session() as s:
        a, who = _printable(s, academy)
        ctx, settings = context_in(s, year)
        rows = academy_rows(s, a, ctx.year)
        check_scope(rows, scope, academy)
        groups = sheet_groups(rows, scope)
        with private_output(target):
            stats = build_roster(
                target,
                ctx,
                academy_info_of(a),
                groups,
                restricted_only=scope.restricted_only,
                page_per_group=scope.page_per_group,
                logo_path=logo_of(settings),
            )
        record_print(s, a, who, scope, groups, ctx, target)
        return stats


def export_principal_list(db: Database, academy: str, year: str, target: Path) -> int:
    """Write the Principal's list (.xlsx or .pdf); return how many learners it lists."""
    from consent_desk.outputs.principal_list import (
        build_principal_list_pdf,
        build_principal_list_xlsx,
        restriction_list,
    )

    with db.session() as s:
        a, _ = _printable(s, academy)
        ctx, settings = context_in(s, year)
        rows = academy_rows(s, a, ctx.year)
        info = academy_info_of(a)
        with private_output(target):
            if target.suffix.lower() == ".pdf":
                build_principal_list_pdf(target, ctx, info, rows, logo_path=logo_of(settings))
                return len(restriction_list(rows, ctx))
            return build_principal_list_xlsx(target, ctx, info, rows)


def export_summary(db: Database, year: str, target: Path) -> int:
    """Write the trust summary (.xlsx or .pdf) of the academies the user may print; return how
    many academies it covers."""
    from consent_desk.outputs.summary import build_summary_pdf, build_summary_xlsx
    from consent_desk.services.takedowns import publishing_counts

    with db.session() as s:
        require_trust(s)
        who = access.require(s, Action.PRINT)
        ctx, settings = context_in(s, year)
        mine = [
            a
            for a in s.scalars(select(Academy).order_by(Academy.name))
            if who.can(Action.PRINT, a.id)
        ]
        academies: list[tuple[AcademyInfo, Sequence[LearnerStatusRow]]] = [
            (academy_info_of(a), academy_rows(s, a, ctx.year)) for a in mine
        ]
        publishing = publishing_counts(s, mine, ctx.year)
        with private_output(target):
            if target.suffix.lower() == ".pdf":
                return len(
                    build_summary_pdf(
                        target, ctx, academies, logo_path=logo_of(settings), publishing=publishing
                    )
                )
            return len(build_summary_xlsx(target, ctx, academies, publishing=publishing))


def export_chase_list(db: Database, academy: str, year: str, target: Path) -> int:
    """Write the chase list of outstanding returns (.csv or .xlsx); return how many it lists."""
    from consent_desk.outputs.chase import build_chase_csv, build_chase_xlsx

    with db.session() as s:
        a, _ = _printable(s, academy)
        rows = academy_rows(s, a, year)
        with private_output(target):
            if target.suffix.lower() == ".csv":
                return build_chase_csv(target, rows)
            return build_chase_xlsx(target, rows)


def learner_ids_for_upns(db: Database, academy: str, upns: Sequence[str]) -> list[int]:
    """The learners of a hand-picked group, by UPN; each must be on roll at the academy."""
    wanted = [u.strip().upper() for u in upns if u.strip()]
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
