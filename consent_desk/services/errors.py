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
