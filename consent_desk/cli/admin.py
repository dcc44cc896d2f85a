"""``init`` and ``academy add|list``."""

from __future__ import annotations

import argparse
from typing import Any

from consent_desk.cli.main import open_database, print_json


def register(sub: Any) -> None:
    p = sub.add_parser("init", help="create or migrate the database and name the trust")
    p.add_argument("--trust", metavar="NAME", default="", help="the trust's name")
    p.set_defaults(handler=cmd_init)

    academy = sub.add_parser("academy", help="add or list academies")
    asub = academy.add_subparsers(dest="academy_command", metavar="ACTION", required=True)
    a = asub.add_parser("add", help="add an academy")
    a.add_argument("code", help="short code, e.g. OAK")
    a.add_argument("--name", required=True, help="full name")
    a.add_argument("--principal", help="the principal's name")
    a.add_argument("--phase", choices=["primary", "secondary", "all-through"])
    a.set_defaults(handler=cmd_academy_add)
    ls = asub.add_parser("list", help="list academies")
    ls.add_argument("--json", action="store_true", help="print JSON")
    ls.set_defaults(handler=cmd_academy_list)


def cmd_init(args: argparse.Namespace) -> int:
    from consent_desk.db.engine import describe
    from consent_desk.services.trust import init_trust

    db = open_database(args, create=True)
    settings = init_trust(db, args.trust)
    print(f"{settings.name}: database ready at {describe(db.url)}")
    return 0


def cmd_academy_add(args: argparse.Namespace) -> int:
    from consent_desk.services.trust import add_academy

    info = add_academy(open_database(args), args.code, args.name, args.principal, args.phase)
    print(f"added {info.code}: {info.name}")
    return 0


def cmd_academy_list(args: argparse.Namespace) -> int:
    from consent_desk.services.trust import list_academies

    academies = list_academies(open_database(args))
    if args.json:
        print_json([a.__dict__ for a in academies])
    else:
        for a in academies:
            print(f"{a.code}\t{a.name}\t{a.phase or ''}\t{a.principal or ''}")
    return 0
