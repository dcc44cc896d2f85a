"""Argument parsing, the database option, and turning every refusal into one line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from consent_desk import APP_NAME, __version__

if TYPE_CHECKING:
    from consent_desk.db.engine import Database

Handler = Callable[[argparse.Namespace], int]

EXIT_BAD_INPUT = 2
EXIT_FAILED = 1


class CliError(Exception):
    """A one-line refusal raised by a command."""


def print_json(doc: Any) -> None:
    json.dump(doc, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def open_database(args: argparse.Namespace, *, create: bool = False) -> Database:
    from consent_desk.db.engine import Database

    db = Database(args.database, create=create)
    _opened.append(db)
    if not create:
        from consent_desk.migrations import schema_state

        state = schema_state(db.engine)
        if state == "behind":
            raise CliError(
                "this database was made by an older Consent Desk: run 'consent-desk init' "
                "to upgrade it (a backup is taken first)"
            )
        if state == "ahead":
            raise CliError(
                "this database was made by a newer Consent Desk: install the newer version"
            )
    return db


_opened: list[Database] = []


def _close_databases() -> None:
    while _opened:
        _opened.pop().dispose()


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


def main(argv: list[str]) -> int:
    parser = build_parser()
    # Global options may also come after the command: accept --database anywhere.
    args = parser.parse_args(argv)
    warn_if_password_shown(args.database)
    if args.command is None:
        from consent_desk.gui.app import run_app

        return run_app(database=args.database)
    handler: Handler = args.handler
    from consent_desk.cli.terminal import safe_output

    with safe_output():  # a name from a file never drives the terminal
        return run_handler(handler, args)


def run_handler(handler: Handler, args: argparse.Namespace) -> int:
    from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError

    from consent_desk.db.engine import DatabaseUrlError
    from consent_desk.domain.years import AcademicYearError
    from consent_desk.importing.records import ImportFileError
    from consent_desk.services.errors import ServiceError

    try:
        if getattr(args, "user", None):
            _log_in(args)
        return handler(args)
    except (CliError, ServiceError, ImportFileError, DatabaseUrlError, AcademicYearError) as exc:
        return _fail(str(exc))
    except OperationalError as exc:
        return _fail(f"cannot use the database: {_db_reason(exc)}", EXIT_FAILED)
    except DBAPIError as exc:
        return _fail(f"the database refused the change: {_db_reason(exc)}", EXIT_FAILED)
    except SQLAlchemyError as exc:
        return _fail(f"database problem: {_db_reason(exc)}", EXIT_FAILED)
    except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
        return _fail(f"{exc.filename}: {exc.strerror}")
    except KeyboardInterrupt:
        return _fail("interrupted: nothing was changed", 130)
    except BrokenPipeError:  # the output was cut short (``| head``): nothing more to say
        import os

        if sys.__stdout__ is not None:  # so the interpreter's last flush does not fail too
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.__stdout__.fileno())
        return EXIT_FAILED
    except OSError as exc:  # a disk or network fault outside the database
        return _fail(f"{exc.strerror or exc}: nothing more was done; check the disk or the "
                     "network and try again", EXIT_FAILED)  # fmt: skip
    except Exception as exc:  # a fault nobody foresaw: one line (the details on request)
        import os

        if os.environ.get("CONSENT_DESK_TRACEBACK"):
            raise
        return _fail(f"something went wrong ({type(exc).__name__}: {exc}); the step that failed "
                     "saved nothing: run it again, and if it fails again set "
                     "CONSENT_DESK_TRACEBACK=1 and send the output to whoever looks after "
                     f"{APP_NAME}", EXIT_FAILED)  # fmt: skip
    finally:
        from consent_desk.services.access import set_actor

        set_actor(None)
        _close_databases()


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


def _db_reason(exc: Exception) -> str:
    from consent_desk.services.errors import explain_database_error

    return explain_database_error(exc)
