"""Errors a person can act on. ``str(err)`` is one line: what is wrong and what to do."""

from __future__ import annotations


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
