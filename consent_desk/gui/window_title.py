"""The main window's title: what is shown, then who, then the app's name — once.

A taskbar shows the start of a title, so it begins with what tells two windows apart (the
academy and the year); the app's name ends it, as in other desktop programs.
"""

from __future__ import annotations

from consent_desk import APP_NAME


def window_title(
    academy: str = "", year: str | None = None, who: str = "", *, trust: str = ""
) -> str:
    """``Oakfield Primary Academy — 2025/26 — Olu Office (Office staff) — Consent Desk``;
    the trust's name stands in for the academy before one is chosen."""
    shown = [academy or trust, year or "", who]
    return " — ".join([*(x for x in shown if x), APP_NAME])


def academy_text(box_text: str, code: str | None) -> str:
    """The academy's name as the academy box shows it, without its code in brackets."""
    return box_text.removesuffix(f" ({code})") if code else box_text
