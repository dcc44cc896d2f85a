"""The entry point: argument parsing, logging in, and every failure as one line with its exit
code (the words come from the one error policy, ``services.errors.explain``)."""

from __future__ import annotations

import argparse
import gc
import sys

from consent_desk import APP_NAME, __version__
from consent_desk.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    CliError,
    Handler,
    close_databases,
    open_database,
)


def build_parser() -> argparse.ArgumentParser:
    from consent_desk.cli import (
        admin,
        forms,
        imports,
        lists,
        outputs,
        publishing,
        safety,
        selfcheck,
        users,
    )

    parser = argparse.ArgumentParser(
        prog="consent-desk",
        description=f"{APP_NAME}: photo and video consent for the academies of a trust. "
        "With no command, starts the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--database",
        metavar="URL",
        help="sqlite:///PATH or postgresql://user@host/db, without a password (libpq's "
        "password file has it: PGPASSFILE or ~/.pgpass) "
        "(default: $CONSENT_DESK_DATABASE, else the embedded database in your data folder)",
    )
    parser.add_argument(
        "--user",
        metavar="NAME",
        help="log in as NAME (needed once the database has user accounts); the password is "
        "asked for, or read from $CONSENT_DESK_PASSWORD for scheduled jobs",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (admin, lists, imports, outputs, forms, publishing, users, safety, selfcheck):
        module.register(sub)
    return parser


def _exit_codes() -> dict[str, int]:
    from consent_desk.services.errors import Fault

    return {
        Fault.REFUSED: EXIT_BAD_INPUT,
        Fault.DATABASE: EXIT_FAILED,
        Fault.DISK: EXIT_FAILED,
        Fault.INTERRUPTED: EXIT_INTERRUPTED,
        Fault.UNEXPECTED: EXIT_FAILED,
    }


def _fail(message: str, code: int = EXIT_BAD_INPUT) -> int:
    first = " ".join(str(message).split()) or "failed"
    print(f"consent-desk: error: {first}", file=sys.stderr)
    return code


PASSWORD_SHOWN = (
    "warning: the password in --database can be read by every account on this computer "
    "(in the list of running programs): keep it in PostgreSQL's password file instead "
    "(PGPASSFILE, or ~/.pgpass; see the README) and leave it out of the URL"
)


def warn_if_password_shown(url: str | None) -> None:
    from consent_desk.db.passwords import has_password

    if has_password(url):
        print(f"consent-desk: {PASSWORD_SHOWN}", file=sys.stderr)


def main(argv: list[str], *, then_exit: bool = False) -> int:
    """Run the app (no command) or one command. ``then_exit``: the process ends as soon as this
    returns (the ``consent-desk`` program itself, not a caller in the same process)."""
    from consent_desk.cli.imports import read_early

    early = read_early(argv)  # a returns file is read while the rest loads
    try:
        parser = build_parser()
        # Global options may also come after the command: accept --database anywhere.
        args = parser.parse_args(argv)
        args.early_reading = early
        warn_if_password_shown(args.database)
        if args.command is None:
            from consent_desk.gui.app import run_app

            return run_app(database=args.database)
        handler: Handler = args.handler
        from consent_desk.cli.terminal import safe_output

        with safe_output():  # a name from a file never drives the terminal
            code = run_handler(handler, args)
    finally:
        if early is not None:  # its bar, when the command failed before it took the reading
            early.bar.finish()
    if then_exit:
        # The command is done, its files and databases closed. As the interpreter ends it walks
        # every object still alive, again and again, for reference cycles to collect: with
        # SQLAlchemy loaded that is a tenth of a second or more for nothing. Frozen objects are
        # left out of those walks.
        gc.freeze()
    return code


def run_handler(handler: Handler, args: argparse.Namespace) -> int:
    import os

    from consent_desk.services.errors import Fault, explain

    try:
        if getattr(args, "user", None):
            _log_in(args)
        return handler(args)
    except CliError as exc:
        return _fail(str(exc))
    except BrokenPipeError:  # the output was cut short (``| head``): nothing more to say
        if sys.__stdout__ is not None:  # so the interpreter's last flush does not fail too
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.__stdout__.fileno())
        return EXIT_FAILED
    except (Exception, KeyboardInterrupt) as exc:
        said = explain(exc)
        if said.fault is Fault.UNEXPECTED:
            if os.environ.get("CONSENT_DESK_TRACEBACK"):
                raise
            return _fail(f"{said.message} (set CONSENT_DESK_TRACEBACK=1 to see the details)",
                         EXIT_FAILED)  # fmt: skip
        return _fail(said.message, _exit_codes()[said.fault])
    finally:
        from consent_desk.services.access import set_actor

        set_actor(None)
        close_databases()


def _log_in(args: argparse.Namespace) -> None:
    import getpass
    import os

    from consent_desk.services.access import set_actor
    from consent_desk.services.users import authenticate

    password = os.environ.get("CONSENT_DESK_PASSWORD")
    if password is None:
        if not sys.stdin.isatty():
            raise CliError(
                f"the password of {args.user} is needed: run in a terminal, "
                "or set CONSENT_DESK_PASSWORD for a scheduled job"
            )
        password = getpass.getpass(f"Password for {args.user}: ")
    set_actor(authenticate(open_database(args), args.user, password))
