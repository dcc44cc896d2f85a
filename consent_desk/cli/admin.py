"""``init``, ``settings`` and ``academy add|list|edit|remove``."""

from __future__ import annotations

import argparse
from typing import Any

from consent_desk.cli.common import CliError, Subcommands, open_database, print_json
from consent_desk.domain import settings


def register(sub: Subcommands) -> None:
    p = sub.add_parser("init", help="create or migrate the database and name the trust")
    p.add_argument("--trust", metavar="NAME", default="", help="the trust's name")
    p.set_defaults(handler=cmd_init)

    st = sub.add_parser(
        "settings",
        help="show the trust's settings, or change them (KEY=VALUE ...)",
        description="Show the trust's settings; with KEY=VALUE, change them (the COO). "
        + "; ".join(f"{x.key}: {x.allowed()}" for x in settings.SETTINGS),
    )
    st.add_argument("changes", nargs="*", metavar="KEY=VALUE", help="a setting to change")
    st.add_argument("--json", action="store_true", help="print JSON")
    st.set_defaults(handler=cmd_settings)

    academy = sub.add_parser("academy", help="add, list, correct or remove academies")
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
    e = asub.add_parser(
        "edit", help="correct an academy's name, phase or principal (or its code, while unused)"
    )
    e.add_argument("code", help="the academy's code now, e.g. OAK")
    e.add_argument("--name", help="the corrected full name")
    e.add_argument("--phase", choices=["primary", "secondary", "all-through", "none"])
    e.add_argument("--principal", help="the principal's name ('' for none)")
    e.add_argument(
        "--code", dest="new_code", metavar="NEW", help="a new code (only while nothing uses it)"
    )
    e.add_argument("--json", action="store_true", help="print the academy as JSON")
    e.set_defaults(handler=cmd_academy_edit)
    rm = asub.add_parser("remove", help="remove an academy that has no learners")
    rm.add_argument("code")
    rm.add_argument("--json", action="store_true", help="print the removed academy as JSON")
    rm.set_defaults(handler=cmd_academy_remove)


def cmd_init(args: argparse.Namespace) -> int:
    from consent_desk.db.engine import describe
    from consent_desk.services.errors import FieldError
    from consent_desk.services.trust import init_trust

    db = open_database(args, create=True)
    try:
        trust = init_trust(db, args.trust)
    except FieldError as exc:
        raise CliError(f"{exc}: give --trust NAME") from None
    print(f"{trust.name}: database ready at {describe(db.url)}")
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


def cmd_academy_edit(args: argparse.Namespace) -> int:
    from consent_desk.services.academies import edit_academy

    changes: dict[str, Any] = {}
    if args.name is not None:
        changes["name"] = args.name
    if args.phase is not None:
        changes["phase"] = None if args.phase == "none" else args.phase
    if args.principal is not None:
        changes["principal"] = args.principal
    if args.new_code is not None:
        changes["new_code"] = args.new_code
    if not changes:
        raise CliError("say what to correct: --name, --phase, --principal or --code")
    info = edit_academy(open_database(args), args.code, **changes)
    if args.json:
        print_json(info.__dict__)
    else:
        print(f"{info.code}\t{info.name}\t{info.phase or ''}\t{info.principal or ''}")
    return 0


def cmd_academy_remove(args: argparse.Namespace) -> int:
    from consent_desk.services.academies import remove_academy

    info = remove_academy(open_database(args), args.code)
    if args.json:
        print_json(info.__dict__)
    else:
        print(f"removed {info.code}: {info.name}")
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    from consent_desk.services.trust import get_settings, update_settings

    changes: dict[str, object] = {}
    for item in args.changes:
        key, sep, text = item.partition("=")
        setting = settings.BY_KEY.get(key.strip())
        if not sep or setting is None:
            raise CliError(
                f"'{item}' is not KEY=VALUE with a known setting: " + ", ".join(settings.BY_KEY)
            )
        try:
            changes[setting.key] = setting.parse(text)
        except settings.SettingError as err:
            raise CliError(str(err)) from None
    db = open_database(args)
    current = update_settings(db, "", **changes) if changes else get_settings(db)
    values = {x.key: getattr(current, x.key) for x in settings.SETTINGS}
    if args.json:
        print_json(values)
    else:
        for x in settings.SETTINGS:
            value = values[x.key]
            shown = ("yes" if value else "no") if isinstance(value, bool) else value
            print(f"{x.key}\t{'' if shown is None else shown}\t({x.label}; {x.allowed()})")
    return 0
