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


def explain_database_error(exc: Exception) -> str:
    """One line a person can act on, for a database failure (nothing was saved: every change
    is one transaction)."""
    orig = getattr(exc, "orig", None)
    text = " ".join(str(orig if orig is not None else exc).split())
    low = text.lower()
    if "disk is full" in low or "no space left" in low:
        return "the disk is full, so nothing was saved: free some space and try again"
    if "readonly database" in low or "read-only" in low:
        return ("the database file is read-only, so nothing was saved: check you may write "
                "to it (or ask IT)")
    if "connection" in low and ("refused" in low or "closed" in low or "terminat" in low
                                or "timeout" in low or "failed" in low):
        return (f"the database server cannot be reached ({text[:160]}): check the network "
                "and the server, then try again")
    return text[:300] or type(exc).__name__
