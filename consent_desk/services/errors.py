"""Errors a person can act on. ``str(err)`` is one line: what is wrong and what to do.

:func:`explain` is the one error policy of both front-ends: it turns any exception into a
:class:`UserError` — the line to show and what kind of failure it is (the command line's exit
code and the window's Retry button follow from the kind). The CLI prints the line, the GUI shows
it as a sentence; neither keeps a list of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ServiceError(Exception):
    """A refusal with a message for the user."""


class NotFound(ServiceError):
    pass


class AlreadyExists(ServiceError):
    pass


class Conflict(ServiceError):
    """Someone else changed the same thing first."""


class PermissionDenied(ServiceError):
    pass


class NotInitialised(ServiceError):
    pass


class FieldError(ServiceError):
    """A value typed into one field is refused. ``field`` names it (e.g. ``"code"``), so a form
    can show the message next to that field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


_WHAT_TO_DO = "tell whoever looks after Consent Desk if it happens again"


def explain_database_error(exc: Exception) -> str:
    """One line a person can act on, for a database failure (nothing was saved: every change
    is one transaction). The server's own words follow in brackets, cut short."""
    orig = getattr(exc, "orig", None)
    text = " ".join(str(orig if orig is not None else exc).split())
    low = text.lower()
    said = text[:160]
    if "disk is full" in low or "no space left" in low:
        return "the disk is full, so nothing was saved: free some space and try again"
    if "readonly database" in low or "read-only" in low:
        return (
            "the database file is read-only, so nothing was saved: check you may write "
            "to it (or ask IT)"
        )
    if "password authentication failed" in low or "no password supplied" in low:
        return (
            f"the database server refused the user name or password ({said}): check them "
            "in the database URL or Settings → Database (special characters "
            "percent-encoded, e.g. @ as %40)"
        )
    if "role" in low and "does not exist" in low:
        return (
            f"the database server has no such user ({said}): check the user name in the "
            "database URL"
        )
    if "database" in low and "does not exist" in low:
        return (
            f"there is no such database on the server ({said}): check the database name "
            "in the URL, or create it (see the README)"
        )
    if "pg_hba.conf" in low:
        return (
            f"the database server does not let this computer in ({said}): ask IT to add "
            "the office network to the server's pg_hba.conf"
        )
    if "could not translate host name" in low or "name or service not known" in low:
        return (
            f"the database server's name is not known ({said}): check the host name in "
            "the database URL"
        )
    if "database is locked" in low or "database table is locked" in low:
        return (
            "the database is busy with another desk's change, so nothing was saved: try "
            "again in a moment"
        )
    if "connection" in low and (
        "refused" in low
        or "closed" in low
        or "terminat" in low
        or "timeout" in low
        or "timed out" in low
        or "failed" in low
    ):
        return (
            f"the database server cannot be reached ({said}): check the network "
            "and the server, then try again"
        )
    if "unique" in low or "duplicate key" in low:
        return (
            f"the same record was saved by someone else at the same moment ({said}): "
            "nothing of yours was saved; try again"
        )
    if "value too long" in low or ("nul" in low and "0x00" in low):
        return (
            f"a value is too long or holds a character the database refuses ({said}): "
            f"nothing was saved; shorten or correct it, and {_WHAT_TO_DO}"
        )
    return f"{said or type(exc).__name__}: nothing was saved; try again, and {_WHAT_TO_DO}"


class Fault(StrEnum):
    """What kind of failure: decides the command line's exit code and whether to offer Retry."""

    REFUSED = "refused"  # the input, a file or the user's rights: fix that and run it again
    DATABASE = "database"  # the database or its connection failed; nothing was saved
    DISK = "disk"  # a disk or network fault outside the database
    INTERRUPTED = "interrupted"  # the user stopped it
    UNEXPECTED = "unexpected"  # nobody foresaw it: worth reporting


@dataclass(frozen=True)
class UserError:
    """An exception as the user is told about it."""

    message: str  # one line: what is wrong and what to do
    fault: Fault
    retry: bool = False  # a fault of the database or its connection: trying again may work


UNEXPECTED_TODO = "tell whoever looks after Consent Desk"


def explain(exc: BaseException) -> UserError:
    """The one policy for every failure a person may see, on the command line or in the app."""
    import sqlite3

    from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError

    from consent_desk.db.engine import DatabaseUrlError
    from consent_desk.domain.years import AcademicYearError
    from consent_desk.importing.records import ImportFileError

    if isinstance(exc, ServiceError | ImportFileError | DatabaseUrlError | AcademicYearError):
        return UserError(_one_line(str(exc)), Fault.REFUSED)
    if isinstance(exc, KeyboardInterrupt):
        return UserError("interrupted: nothing was changed", Fault.INTERRUPTED)
    if isinstance(exc, OperationalError | sqlite3.OperationalError):
        return UserError(_database_fault(exc), Fault.DATABASE, retry=True)
    if isinstance(exc, DBAPIError):
        explained = explain_database_error(exc)
        return UserError(
            f"the database refused the change: {explained}",
            Fault.DATABASE,
            retry=bool(exc.connection_invalidated),
        )
    if isinstance(exc, SQLAlchemyError):
        return UserError(f"database problem: {explain_database_error(exc)}", Fault.DATABASE)
    if isinstance(exc, FileNotFoundError | IsADirectoryError | PermissionError):
        return UserError(_one_line(f"{exc.filename}: {exc.strerror}"), Fault.REFUSED)
    if isinstance(exc, OSError):  # a disk or network fault outside the database
        return UserError(
            _one_line(
                f"{exc.strerror or exc}: nothing more was done; check the disk or the network "
                "and try again"
            ),
            Fault.DISK,
        )
    return UserError(
        _one_line(
            f"something went wrong ({type(exc).__name__}: {exc}); the step that failed saved "
            f"nothing: try it again, and if it fails again {UNEXPECTED_TODO}"
        ),
        Fault.UNEXPECTED,
    )


def _database_fault(exc: Exception) -> str:
    """A fault of the database or its connection (server gone, disk full, read-only file); one
    the explanations do not recognise is described with what to check."""
    explained = explain_database_error(exc)
    orig = getattr(exc, "orig", None)
    raw = " ".join(str(orig if orig is not None else exc).split())
    if not explained.startswith(raw[:160]) or not raw:
        return explained
    return (
        f"cannot use the database ({raw[:160]}): check the network and the database setting "
        "(Settings → Database in the app, --database on the command line), then try again"
    )


def _one_line(text: str) -> str:
    return " ".join(text.split()) or "failed"
