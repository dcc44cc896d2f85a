"""``roster``, ``export-list``, ``summary`` and ``chase-list``: the documents staff hold."""

from __future__ import annotations

import argparse

from consent_desk.cli.common import Subcommands, open_database, output_path


def register(sub: Subcommands) -> None:
    r = sub.add_parser("roster", help="the restricted-learner sheet (PDF) for a group")
    r.add_argument("--academy", required=True, metavar="CODE")
    r.add_argument("--year", required=True, metavar="YYYY/YY")
    which = r.add_mutually_exclusive_group()
    which.add_argument("--year-group", metavar="N")
    which.add_argument("--group", metavar="NAME", help="a registration group")
    which.add_argument("--learners", metavar="UPN,UPN,…", help="a hand-picked group")
    r.add_argument("--title", metavar="TEXT", help="name of a hand-picked group, e.g. a trip")
    r.add_argument(
        "--everyone",
        action="store_true",
        help="the whole group with everyone marked, not only the restricted",
    )
    r.add_argument("--page-per-group", action="store_true")
    r.add_argument("--out", required=True, metavar="FILE.pdf")
    r.set_defaults(handler=cmd_roster)

    e = sub.add_parser("export-list", help="the Principal's restriction list (.xlsx or .pdf)")
    e.add_argument("--academy", required=True, metavar="CODE")
    e.add_argument("--year", required=True, metavar="YYYY/YY")
    e.add_argument("--out", required=True, metavar="FILE.xlsx|FILE.pdf")
    e.set_defaults(handler=cmd_export_list)

    s = sub.add_parser("summary", help="the COO's trust-wide summary (.xlsx or .pdf)")
    s.add_argument("--year", required=True, metavar="YYYY/YY")
    s.add_argument("--out", required=True, metavar="FILE.xlsx|FILE.pdf")
    s.set_defaults(handler=cmd_summary)

    c = sub.add_parser("chase-list", help="learners with no return, for a mail merge")
    c.add_argument("--academy", required=True, metavar="CODE")
    c.add_argument("--year", required=True, metavar="YYYY/YY")
    c.add_argument("--out", required=True, metavar="FILE.csv|FILE.xlsx")
    c.set_defaults(handler=cmd_chase)


def cmd_roster(args: argparse.Namespace) -> int:
    from consent_desk.domain.sheets import SheetScope
    from consent_desk.domain.years import AcademicYear
    from consent_desk.services.documents import build_sheet, learner_ids_for_upns

    year = AcademicYear.parse(args.year).label
    out = output_path(args.out, (".pdf",))
    db = open_database(args)
    common = {"restricted_only": not args.everyone, "page_per_group": args.page_per_group}
    if args.learners:
        upns = [u.strip() for u in args.learners.split(",") if u.strip()]
        ids = learner_ids_for_upns(db, args.academy, upns)
        scope = SheetScope("learners", learner_ids=tuple(ids), title=args.title or "", **common)
    elif args.group:
        scope = SheetScope("reg_group", args.group, **common)
    elif args.year_group:
        scope = SheetScope("year_group", args.year_group, **common)
    else:
        scope = SheetScope("academy", **common)
    stats = build_sheet(db, args.academy, year, scope, out)
    print(f"{out}: {stats.pages} page(s), {stats.listed} learner(s) listed")
    return 0


def cmd_export_list(args: argparse.Namespace) -> int:
    from consent_desk.domain.years import AcademicYear
    from consent_desk.services.documents import export_principal_list

    out = output_path(args.out, (".xlsx", ".pdf"))
    n = export_principal_list(
        open_database(args), args.academy, AcademicYear.parse(args.year).label, out
    )
    print(f"{out}: {n} learner(s) on the restriction list")
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from consent_desk.domain.years import AcademicYear
    from consent_desk.services.documents import export_summary

    out = output_path(args.out, (".xlsx", ".pdf"))
    n = export_summary(open_database(args), AcademicYear.parse(args.year).label, out)
    print(f"{out}: summary of {n} academies")
    return 0


def cmd_chase(args: argparse.Namespace) -> int:
    from consent_desk.domain.years import AcademicYear
    from consent_desk.services.documents import export_chase_list

    out = output_path(args.out, (".csv", ".xlsx"))
    n = export_chase_list(
        open_database(args), args.academy, AcademicYear.parse(args.year).label, out
    )
    print(f"{out}: {n} learner(s) with no return")
    return 0
