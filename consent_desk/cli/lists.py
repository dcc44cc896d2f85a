"""``restrictions``: the restriction list of an academy and year."""

from __future__ import annotations

import argparse

from consent_desk.cli.common import CliError, Subcommands, open_database, print_json


def register(sub: Subcommands) -> None:
    p = sub.add_parser("restrictions", help="the restriction list of an academy and year")
    p.add_argument("--academy", required=True, metavar="CODE")
    p.add_argument("--year", required=True, metavar="YYYY/YY", help="academic year, e.g. 2025/26")
    p.add_argument("--group", metavar="NAME", help="registration group only")
    p.add_argument("--year-group", metavar="N", help="year group only")
    p.add_argument(
        "--all", action="store_true", help="every learner on roll, not only the restricted"
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_restrictions)


def cmd_restrictions(args: argparse.Namespace) -> int:
    from consent_desk.domain.years import AcademicYear
    from consent_desk.services.consent import (
        as_json,
        filter_group,
        learner_statuses,
        restriction_list,
    )

    year = AcademicYear.parse(args.year).label
    db = open_database(args)
    if args.all:
        rows = filter_group(
            learner_statuses(db, args.academy, year), group=args.group, year_group=args.year_group
        )
    else:
        rows = restriction_list(
            db, args.academy, year, group=args.group, year_group=args.year_group
        )
    if args.json:
        print_json([as_json(r) for r in rows])
        return 0
    if not rows:
        print("no learners on the restriction list")
        return 0
    for r in rows:
        what = ", ".join(r.refused) or "-"
        print(
            f"{r.surname}, {r.forename}\t{r.reg_group or ''}\t{r.status.value}\t"
            f"refused: {what}\t{r.limitation or ''}"
        )
    if not args.academy:
        raise CliError("give --academy CODE")
    return 0
