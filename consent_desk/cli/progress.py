"""A progress bar on stderr, only when stderr is a terminal."""

from __future__ import annotations

import sys
import time

from consent_desk.cli.terminal import terminal_of


class TerminalProgress:
    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self._last = 0.0
        self._stage = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if stage == self._stage and now - self._last < 0.1 and done < total:
            return
        self._last, self._stage = now, stage
        width = 30
        frac = min(1.0, done / total) if total else 1.0
        bar = "#" * int(frac * width)
        err = terminal_of(sys.stderr)  # the bar's own carriage return drives the terminal
        err.write(f"\r{stage:<10} [{bar:<{width}}] {done:>7,}/{total:,}")
        err.flush()

    def finish(self) -> None:
        """Clear the bar; a report that still arrives (from a reading left behind when the
        command failed early) draws nothing."""
        if self.enabled and self._stage:
            err = terminal_of(sys.stderr)
            err.write("\r" + " " * 70 + "\r")
            err.flush()
        self.enabled = False
