"""A status-bar message that outlives the reload it follows.

Reloading the window says "Loading the learners…" and clears the status bar when done, so a
message shown just before a reload ("3 rows wait in the review queue", "Row 4 … resolved")
would vanish at once: it is shown once the reload has finished instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from consent_desk.gui.context import WindowContext


def say_after_reload(ctx: WindowContext, text: str, timeout_ms: int = 10000) -> None:
    """Show ``text`` in the window's status bar when the learners are next shown again."""

    def say() -> None:
        ctx.learners_shown.disconnect(say)
        ctx.say(text, timeout_ms)

    ctx.learners_shown.connect(say)
