"""What every command shares: its refusal (:class:`CliError`), the exit codes, opening the
database named by ``--database``, the output file check and JSON printing.

The commands import from here, never from ``cli.main`` (the entry point, which imports them).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from consent_desk.db.engine import Database

Handler = Callable[[argparse.Namespace], int]
#: Where each command module adds its commands (``register(sub)``); generic only to the type
#: checker, hence the string.
Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"

EXIT_BAD_INPUT = 2
EXIT_FAILED = 1
EXIT_INTERRUPTED = 130


class CliError(Exception):
    """A one-line refusal raised by a command."""


def print_json(doc: object) -> None:
    json.dump(doc, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


_opened: list[Database] = []


def open_database(args: argparse.Namespace, *, create: bool = False) -> Database:
    """The database of ``--database``. The command line does not migrate: a database made by
    an older version is refused with the advice to run ``consent-desk init`` (which upgrades,
    after a backup), one made by a newer version with the advice to upgrade."""
    from consent_desk.db.engine import Database

    db = Database(args.database, create=create)
    _opened.append(db)
    if not create:
        from consent_desk.migrations import schema_state
        from consent_desk.services.startup import NEWER_VERSION

        state = schema_state(db.engine)
        if state == "behind":
            raise CliError(
                "this database was made by an older Consent Desk: run 'consent-desk init' "
                "to upgrade it (a backup is taken first)"
            )
        if state == "ahead":
            raise CliError(NEWER_VERSION)
    return db


def close_databases() -> None:
    while _opened:
        _opened.pop().dispose()


def output_path(path: str, allowed: tuple[str, ...]) -> Path:
    """The file a command writes: one of the ``allowed`` suffixes, in a folder that exists."""
    out = Path(path)
    if out.suffix.lower() not in allowed:
        raise CliError(f"{out.name}: the output must end in {' or '.join(allowed)}")
    if not out.parent.exists():
        raise CliError(f"{out.parent}: no such folder")
    return out
