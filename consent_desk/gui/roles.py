"""Role-aware screens: what the logged-in person may not do is disabled (or hidden) with a
tooltip saying why. This only spares people a refusal — every service checks again.

With no user accounts in the database nobody logs in and everything is allowed, as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QWidget

    from consent_desk.services.access import Action, Actor


def actor() -> Actor | None:
    """The person logged in to this app (None: nobody, on a database without accounts)."""
    from consent_desk.services.access import current_actor_or_none

    who = current_actor_or_none()
    return None if who is None or who.system else who


def may(action: Action) -> bool:
    who = actor()
    return who is None or who.can(action)


def why_not(action: Action) -> str:
    """Why the logged-in person may not do ``action`` ("" when they may)."""
    from consent_desk.domain.roles import who_may

    who = actor()
    if who is None or who.can(action):
        return ""
    allowed = who_may(action)
    listed = ", ".join(allowed[:-1]) + (" or " if len(allowed) > 1 else "") + allowed[-1]
    return f"Only {listed} may {action.value}"


def who_text() -> str:
    """ "Ann Smith (Office staff)", or "" when nobody is logged in."""
    who = actor()
    return f"{who.display_name} ({who.role.label})" if who is not None else ""


class Gate:
    """Remembers an action's or a widget's own tooltip, so it can be put back when allowed."""

    def __init__(self) -> None:
        self._tips: dict[int, str] = {}

    def action(self, a: QAction, action: Action, extra_reason: str = "") -> bool:
        """Enable ``a`` if the actor may; else disable it and say why. True if allowed."""
        tip = self._tips.setdefault(id(a), a.toolTip())
        reason = why_not(action) or extra_reason
        a.setEnabled(not reason)
        a.setToolTip(f"{tip}\n\n{reason}." if reason else tip)
        a.setStatusTip(reason or tip)
        return not reason

    def widget(self, w: QWidget, action: Action) -> bool:
        tip = self._tips.setdefault(id(w), w.toolTip())
        reason = why_not(action)
        w.setEnabled(not reason)
        w.setToolTip("\n\n".join(x for x in (tip, f"{reason}." if reason else "") if x))
        return not reason
