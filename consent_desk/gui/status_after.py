"""A status-bar message that outlives the reload it follows.

Reloading the window says "Loading the learners…" and clears the status bar when done, so a
message shown just before a reload ("3 rows wait in the review queue", "Row 4 … resolved")
would vanish at once: it is shown once the reload has finished instead.
"""

from __future__ import annotations

from typing import Any


def say_after_reload(window: Any, text: str, timeout_ms: int = 10000) -> None:
    """Show ``text`` in ``window``'s status bar when its next reload has finished."""

    def say() -> None:
        window.learners_loaded.disconnect(say)
        window.statusBar().showMessage(text, timeout_ms)

    window.learners_loaded.connect(say)
