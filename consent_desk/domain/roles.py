"""Who may do what: the roles of PRODUCT.md, each declared once with its label, its one-line help
and what it may do. The services check these permissions; the GUI and the command line name and
explain the roles from here.

To add a permission: add an ``Action`` (its value finishes "Only … may …"), give it to the roles
that may do it below, and check it in the service that does it (``access.require``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """Listed in the order people are offered them."""

    OFFICE = "office"
    TEACHER = "teacher"
    PRINCIPAL = "principal"
    COO = "coo"

    @property
    def info(self) -> RoleInfo:
        return ROLE_INFO[self]

    @property
    def label(self) -> str:
        """``Office staff``, ``COO``: how the role is named on screen."""
        return ROLE_INFO[self].label

    @property
    def help(self) -> str:
        return ROLE_INFO[self].help

    @property
    def trust_wide(self) -> bool:
        """Works in every academy (no academies to choose)."""
        return ROLE_INFO[self].trust_wide


class Action(StrEnum):
    VIEW = "view learners and their consent"
    PRINT = "print and export sheets and lists"
    ENTER_RETURNS = "enter or import returns"
    RESOLVE_REVIEW = "resolve or dismiss review rows"
    EDIT_LEARNERS = "change learners or import learner lists"
    UNDO_IMPORT = "undo an import"
    SET_SAFEGUARDING = "set or clear the safeguarding flag"
    SEE_SAFEGUARDING_REASON = "see the safeguarding reason"
    VIEW_AUDIT = "view the audit trail"
    EDIT_PAST_YEARS = "change an earlier academic year"
    CHANGE_SETTINGS = "change the trust's settings and academies"
    MANAGE_USERS = "manage users"
    PURGE = "purge leavers' data"
    BACKUP = "back up and restore the database"
    CHECK_PUBLICATION = "check a photo's learners and record it as published"
    TAKE_DOWN = "see and clear the take-down list"
    SEE_ACKNOWLEDGEMENTS = "see who has confirmed the restriction list"


@dataclass(frozen=True)
class RoleInfo:
    role: Role
    label: str  # "Office staff"
    who: str  # as in "Only office staff may …"
    help: str  # one line: what the role is for
    may: frozenset[Action]
    trust_wide: bool = False  # every academy, rather than the academies a person works in


_READ = frozenset({Action.VIEW, Action.PRINT, Action.CHECK_PUBLICATION})
_OFFICE = _READ | {
    Action.TAKE_DOWN,
    Action.ENTER_RETURNS,
    Action.RESOLVE_REVIEW,
    Action.EDIT_LEARNERS,
    Action.UNDO_IMPORT,
}
_PRINCIPAL = _OFFICE | {
    Action.SET_SAFEGUARDING,
    Action.SEE_SAFEGUARDING_REASON,
    Action.VIEW_AUDIT,
    Action.SEE_ACKNOWLEDGEMENTS,
}

ROLES: tuple[RoleInfo, ...] = (
    RoleInfo(
        Role.OFFICE,
        "Office staff",
        "office staff",
        "Enters and imports returns, resolves the review queue, imports learner lists.",
        _OFFICE,
    ),
    RoleInfo(
        Role.TEACHER,
        "Teacher",
        "teachers",
        "Looks learners up and prints the sheets of their academies; changes nothing.",
        _READ,
    ),
    RoleInfo(
        Role.PRINCIPAL,
        "Principal",
        "a principal",
        "As office staff, and sets the safeguarding flag, sees its reason and the audit trail "
        "of their academies.",
        _PRINCIPAL,
    ),
    RoleInfo(
        Role.COO,
        "COO",
        "the COO",
        "Everything, in every academy: settings, users, backups, purging leavers.",
        frozenset(Action),
        trust_wide=True,
    ),
)
ROLE_INFO: dict[Role, RoleInfo] = {r.role: r for r in ROLES}
PERMISSIONS: dict[Role, frozenset[Action]] = {r.role: r.may for r in ROLES}


def who_may(action: Action) -> list[str]:
    """Who may ``action``, in words: ``["office staff", "a principal", "the COO"]``."""
    return [r.who for r in ROLES if action in r.may]
