""" "Can I use this photo?": ``check``, ``publish``, ``publications``, ``takedowns``,
``takedown-done``, ``acknowledge`` and ``acknowledgements``."""

from __future__ import annotations

import argparse
from datetime import date

from consent_desk.cli.common import EXIT_FAILED, CliError, Subcommands, open_database, print_json


def _scope(p: argparse.ArgumentParser, *, year: bool = True, year_required: bool = True) -> None:
    p.add_argument("--academy", required=True, metavar="CODE")
    if year:
        p.add_argument(
            "--year", required=year_required, metavar="YYYY/YY", help="academic year, e.g. 2025/26"
        )
    p.add_argument("--json", action="store_true", help="print JSON")


def register(sub: Subcommands) -> None:
    c = sub.add_parser(
        "check",
        help="can these learners appear in a photo used for a purpose? "
        "(exit 0 only when every verdict is ok)",
    )
    _scope(c)
    c.add_argument("--purpose", required=True, metavar="KEY", help="e.g. website, social_media")
    who = c.add_mutually_exclusive_group(required=True)
    who.add_argument("--learners", metavar="UPN,…", help="the learners' UPNs, comma-separated")
    who.add_argument("--group", metavar="NAME", help="every learner on roll in a group")
    c.set_defaults(handler=cmd_check)

    p = sub.add_parser(
        "publish",
        help="record a checked photo or video as published "
        "(refused when a learner in it may not appear)",
    )
    _scope(p)
    p.add_argument("--purpose", required=True, metavar="KEY")
    p.add_argument("--title", required=True, metavar="TEXT")
    p.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="when it was published")
    p.add_argument("--learners", required=True, metavar="UPN,…")
    p.add_argument("--where", metavar="TEXT", help="a page address, or e.g. 'spring newsletter'")
    p.set_defaults(handler=cmd_publish)

    r = sub.add_parser("publications", help="the register of published photos and videos")
    _scope(r, year_required=False)
    r.add_argument("--search", metavar="WORDS", help="title, where, purpose or a learner's name")
    r.set_defaults(handler=cmd_publications)

    t = sub.add_parser(
        "takedowns", help="published items that show a learner who may no longer appear"
    )
    _scope(t, year=False)
    t.set_defaults(handler=cmd_takedowns)

    d = sub.add_parser("takedown-done", help="record that a publication was taken down")
    d.add_argument("id", type=int, metavar="ID", help="the publication's id")
    d.add_argument("--note", required=True, metavar="TEXT", help="what was done")
    d.add_argument(
        "--learner",
        metavar="UPN",
        help="only this learner (default: every one on the take-down list for this publication)",
    )
    d.add_argument("--json", action="store_true")
    d.set_defaults(handler=cmd_takedown_done)

    a = sub.add_parser(
        "acknowledge",
        help="confirm you have read the academy's current restriction list (policy 10.3)",
    )
    _scope(a, year_required=False)
    a.set_defaults(handler=cmd_acknowledge)
    s = sub.add_parser(
        "acknowledgements",
        help="who has confirmed which version of the restriction list, and who has not",
    )
    _scope(s, year_required=False)
    s.set_defaults(handler=cmd_acknowledgements)


def _upns(text: str) -> list[str]:
    return [u for u in (x.strip() for x in text.split(",")) if u]


def cmd_check(args: argparse.Namespace) -> int:
    from consent_desk.services.publications import check, learners_by_upn, learners_in_group

    db = open_database(args)
    if args.group:
        ids = learners_in_group(db, args.academy, args.group)
    else:
        ids = learners_by_upn(db, args.academy, _upns(args.learners))
    result = check(db, args.academy, args.year, args.purpose, ids)
    if args.json:
        print_json([c.as_json() for c in result.learners])
    else:
        for c in result.learners:
            print(f"{c.name}\t{c.upn or ''}\t{c.verdict.label}\t{c.reason}")
        print(result.summary)
    return 0 if result.all_ok else EXIT_FAILED


def cmd_publish(args: argparse.Namespace) -> int:
    from consent_desk.services.publications import learners_by_upn, publish

    try:
        when = date.fromisoformat(args.date)
    except ValueError:
        raise CliError(f"'{args.date}' is not a date: write it like 2026-03-14") from None
    db = open_database(args)
    ids = learners_by_upn(db, args.academy, _upns(args.learners))
    pid = publish(
        db, args.academy, args.year, args.purpose, args.title, when, ids, place=args.where
    )
    if args.json:
        print_json({"id": pid})
    else:
        print(pid)
    return 0


def cmd_publications(args: argparse.Namespace) -> int:
    from consent_desk.services.publications import list_publications

    pubs = list_publications(open_database(args), args.academy, args.year, args.search)
    if args.json:
        print_json([p.as_json() for p in pubs])
        return 0
    if not pubs:
        print("no publications recorded")
    for p in pubs:
        names = ", ".join(x.name for x in p.learners)
        print(
            f"{p.id}\t{p.published_on.isoformat()}\t{p.purpose}\t{p.title}\t"
            f"{p.place or ''}\t{names}"
        )
    return 0


def cmd_takedowns(args: argparse.Namespace) -> int:
    from consent_desk.services.takedowns import open_takedowns

    items = open_takedowns(open_database(args), args.academy)
    if args.json:
        print_json([t.as_json() for t in items])
        return 0
    if not items:
        print("nothing to take down")
    for t in items:
        print(
            f"{t.publication_id}\t{t.title}\t{t.name}\t{t.purpose}\t{t.reason}\t"
            f"since {t.since:%Y-%m-%d %H:%M}"
        )
    return 0


def cmd_takedown_done(args: argparse.Namespace) -> int:
    from consent_desk.services.publications import learners_by_upn
    from consent_desk.services.takedowns import takedown_done
    from consent_desk.services.trust import list_academies

    db = open_database(args)
    learner = None
    if args.learner:
        from consent_desk.services.errors import NotFound

        for a in list_academies(db):
            try:
                learner = learners_by_upn(db, a.code, [args.learner])[0]
                break
            except NotFound:
                continue
        if learner is None:
            raise CliError(f"there is no learner with UPN {args.learner}")
    closed = takedown_done(db, args.id, args.note, learner)
    if args.json:
        print_json({"publication_id": args.id, "closed": [t.as_json() for t in closed]})
    else:
        print(f"taken down: {closed[0].title} — " + ", ".join(t.name for t in closed))
    return 0


def cmd_acknowledge(args: argparse.Namespace) -> int:
    from consent_desk.services.acknowledgements import acknowledge

    state = acknowledge(open_database(args), args.academy, args.year)
    if args.json:
        print_json(
            {
                "academy": state.academy_code,
                "year": state.year,
                "version": state.version,
                "user": state.username,
                "learners_on_list": len(state.rows),
                "confirmed_at": state.last_confirmed_at,
            }
        )
    else:
        print(
            f"{state.username} confirmed the {state.academy_code} {state.year} restriction "
            f"list (version {state.version}, {len(state.rows)} learners)"
        )
    return 0


def cmd_acknowledgements(args: argparse.Namespace) -> int:
    from consent_desk.services.acknowledgements import acknowledgements

    version, staff = acknowledgements(open_database(args), args.academy, args.year)
    if args.json:
        print_json(
            {
                "current_version": version,
                "staff": [c.as_json() for c in staff],
                "not_confirmed": [c.username for c in staff if not c.current],
            }
        )
        return 0
    print(f"current version of the list: {version}")
    for c in staff:
        if c.current:
            state = f"confirmed {c.confirmed_at:%d/%m/%Y %H:%M}"
        elif c.version:
            state = f"NOT confirmed: last confirmed version {c.version}"
        else:
            state = "NOT confirmed: never"
        print(f"{c.display_name} ({c.username}, {c.role})\t{state}")
    return 0
