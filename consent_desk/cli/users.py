"""``user add|list|passwd|disable|enable|unlock|academies|role``: accounts (the COO's job)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from consent_desk.cli.common import CliError, Subcommands, open_database, print_json
from consent_desk.domain.roles import Role

ROLES = tuple(r.value for r in Role)


def register(sub: Subcommands) -> None:
    u = sub.add_parser("user", help="user accounts and roles")
    usub = u.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    a = usub.add_parser("add", help="create an account (the first one must be the COO's)")
    a.add_argument("username")
    a.add_argument("--name", required=True, help="the person's full name")
    a.add_argument(
        "--role",
        required=True,
        choices=ROLES,
        help="; ".join(f"{r.value}: {r.help}" for r in Role),
    )
    a.add_argument(
        "--academy",
        action="append",
        default=[],
        metavar="CODE",
        help="an academy they work in (repeat for several; not for a trust-wide role: "
        + ", ".join(r.value for r in Role if r.trust_wide)
        + ")",
    )
    a.set_defaults(handler=cmd_add)
    ls = usub.add_parser("list", help="list accounts")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=cmd_list)
    pw = usub.add_parser("passwd", help="change a password")
    pw.add_argument("username")
    pw.set_defaults(handler=cmd_passwd)
    for name, active in (("disable", False), ("enable", True)):
        d = usub.add_parser(name, help=f"{name} an account")
        d.add_argument("username")
        d.set_defaults(handler=cmd_active, active=active)
    un = usub.add_parser("unlock", help="let an account locked by failed logins try again")
    un.add_argument("username")
    un.set_defaults(handler=cmd_unlock)
    ac = usub.add_parser("academies", help="set the academies a person works in")
    ac.add_argument("username")
    ac.add_argument("--academy", action="append", required=True, metavar="CODE")
    ac.set_defaults(handler=cmd_academies)
    r = usub.add_parser("role", help="change a person's role (the last COO stays COO)")
    r.add_argument("username")
    r.add_argument("role", choices=ROLES)
    r.add_argument(
        "--academy",
        action="append",
        default=[],
        metavar="CODE",
        help="the academies they work in (default: those they have; not for the COO)",
    )
    r.add_argument("--json", action="store_true", help="print the account as JSON")
    r.set_defaults(handler=cmd_role)


def _new_password(username: str) -> str:
    given = os.environ.get("CONSENT_DESK_NEW_PASSWORD")
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise CliError("give the new password in a terminal, or in CONSENT_DESK_NEW_PASSWORD")
    first = getpass.getpass(f"New password for {username}: ")
    if getpass.getpass("Type it again: ") != first:
        raise CliError("the two passwords differ: nothing was changed")
    return first


def cmd_add(args: argparse.Namespace) -> int:
    from consent_desk.services.users import create_user

    create_user(
        open_database(args),
        args.username,
        args.name,
        args.role,
        _new_password(args.username),
        args.academy,
    )
    print(f"user {args.username.lower()} created ({args.role})")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from consent_desk.services.users import list_users

    users = list_users(open_database(args))
    if args.json:
        print_json([{**u.__dict__, "role": u.role.value} for u in users])
        return 0
    for u in users:
        state = " (disabled)" if not u.active else " (locked)" if u.locked else ""
        print(f"{u.username}\t{u.display_name}\t{u.role.value}\t{','.join(u.academies)}{state}")
    return 0


def cmd_passwd(args: argparse.Namespace) -> int:
    from consent_desk.services.users import set_password

    set_password(open_database(args), args.username, _new_password(args.username))
    print(f"password of {args.username} changed")
    return 0


def cmd_active(args: argparse.Namespace) -> int:
    from consent_desk.services.users import set_active

    set_active(open_database(args), args.username, args.active)
    print(f"{args.username} {'enabled' if args.active else 'disabled'}")
    return 0


def cmd_unlock(args: argparse.Namespace) -> int:
    from consent_desk.services.users import unlock_user

    unlock_user(open_database(args), args.username)
    print(f"{args.username} unlocked")
    return 0


def cmd_academies(args: argparse.Namespace) -> int:
    from consent_desk.services.users import set_academies

    set_academies(open_database(args), args.username, args.academy)
    print(f"{args.username} works in {', '.join(c.upper() for c in args.academy)}")
    return 0


def cmd_role(args: argparse.Namespace) -> int:
    from consent_desk.services.users import set_role

    u = set_role(open_database(args), args.username, args.role, args.academy)
    if args.json:
        print_json({**u.__dict__, "role": u.role.value})
    else:
        where = "every academy" if u.role.trust_wide else ", ".join(u.academies)
        print(f"{u.username} is now {u.role.label} ({where})")
    return 0
