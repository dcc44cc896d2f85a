"""``forms``, ``form-code`` and ``stale-sheets``: closing the paper loop.

``forms`` prints pre-filled consent forms with a learner code; ``form-code`` says which learner
a code is for (for support, when a scan is refused); ``stale-sheets`` lists the restricted-learner
sheets printed before a change to their learners ("reprint needed").
"""

from __future__ import annotations

import argparse

from consent_desk.cli.common import Subcommands, open_database, output_path, print_json


def register(sub: Subcommands) -> None:
    f = sub.add_parser("forms", help="pre-filled consent forms (PDF), one page per learner")
    f.add_argument("--academy", required=True, metavar="CODE")
    f.add_argument("--year", required=True, metavar="YYYY/YY")
    which = f.add_mutually_exclusive_group()
    which.add_argument("--year-group", metavar="N")
    which.add_argument("--group", metavar="NAME", help="a registration group")
    which.add_argument("--learners", metavar="UPN,UPN,…", help="chosen learners")
    f.add_argument("--out", required=True, metavar="FILE.pdf")
    f.set_defaults(handler=cmd_forms)

    c = sub.add_parser("form-code", help="which learner a consent form's code is for")
    c.add_argument("code", metavar="CODE", help="the code under the form's barcode")
    c.add_argument("--academy", required=True, metavar="CODE")
    c.add_argument(
        "--year", required=True, metavar="YYYY/YY", help="the year whose returns are being entered"
    )
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=cmd_form_code)

    s = sub.add_parser(
        "stale-sheets", help="restricted-learner sheets printed before a change (reprint needed)"
    )
    s.add_argument("--academy", required=True, metavar="CODE")
    s.add_argument("--year", metavar="YYYY/YY", help="default: the current academic year")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_stale_sheets)


def cmd_forms(args: argparse.Namespace) -> int:
    from consent_desk.domain.sheets import SheetScope
    from consent_desk.domain.years import AcademicYear
    from consent_desk.services.consent_forms import build_forms
    from consent_desk.services.documents import learner_ids_for_upns

    year = AcademicYear.parse(args.year).label
    out = output_path(args.out, (".pdf",))
    db = open_database(args)
    if args.learners:
        upns = [u.strip() for u in args.learners.split(",") if u.strip()]
        scope = SheetScope(
            "learners", learner_ids=tuple(learner_ids_for_upns(db, args.academy, upns))
        )
    elif args.group:
        scope = SheetScope("reg_group", args.group)
    elif args.year_group:
        scope = SheetScope("year_group", args.year_group)
    else:
        scope = SheetScope("academy")
    stats = build_forms(db, args.academy, year, scope, out)
    print(f"{out}: {stats.learners} form(s), {stats.pages} page(s)")
    return 0


def cmd_form_code(args: argparse.Namespace) -> int:
    from consent_desk.domain.years import AcademicYear
    from consent_desk.services.consent import status_rows
    from consent_desk.services.form_codes import resolve_code

    year = AcademicYear.parse(args.year).label
    db = open_database(args)
    learner_id = resolve_code(db, args.code, args.academy, year)
    with db.session() as s:
        row = status_rows(s, args.academy, year, learner_ids=[learner_id])[0]
    if args.json:
        print_json(
            {
                "learner_id": row.learner_id,
                "academy": row.academy_code,
                "year": year,
                "upn": row.upn,
                "surname": row.surname,
                "forename": row.forename,
                "legal_surname": row.legal_surname,
                "legal_forename": row.legal_forename,
                "year_group": row.year_group,
                "reg_group": row.reg_group,
            }
        )
        return 0
    group = f", {row.reg_group}" if row.reg_group else ""
    print(
        f"{row.forename} {row.surname} ({row.academy_code}{group}; "
        f"learner {row.learner_id}), {year}"
    )
    return 0


def cmd_stale_sheets(args: argparse.Namespace) -> int:
    from consent_desk.domain.years import AcademicYear
    from consent_desk.services.sheet_prints import stale_sheets

    year = AcademicYear.parse(args.year).label if args.year else AcademicYear.current().label
    stale = stale_sheets(open_database(args), args.academy, year)
    if args.json:
        print_json([sheet.as_json() for sheet in stale])
        return 0
    if not stale:
        print(f"No sheet of {args.academy.upper()} for {year} needs reprinting.")
        return 0
    for sheet in stale:
        when = sheet.printed_at.strftime("%d %b %Y %H:%M").lstrip("0")
        print(
            f"Reprint {sheet.scope.describe()} (printed {when} by {sheet.printed_by}): "
            f"{sheet.reason}"
        )
    return 0
