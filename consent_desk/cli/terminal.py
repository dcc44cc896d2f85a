"""What the command line writes cannot drive the terminal.

A learner's name or limitation comes from a spreadsheet: an escape sequence in it (``ESC[2K``
erases a line, ``ESC]…`` sets the title, a carriage return overwrites) or a bidirectional
override would change what the office reads on screen. Every control character (C0 but tab and
line feed, DEL, C1) and the bidi embedding, override and isolate characters are written as
``\\uXXXX``: readable, and a valid escape inside a JSON string.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def safe_text(text: str) -> str:
    """``text`` with every character that could drive a terminal written as ``\\uXXXX``."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class SafeWriter(io.TextIOBase):
    """A text stream that writes :func:`safe_text` of everything to ``terminal``; code that
    draws on the terminal itself (the progress bar) writes to ``terminal`` directly."""

    def __init__(self, terminal: TextIO) -> None:
        super().__init__()
        self.terminal = terminal

    def write(self, s: str) -> int:
        self.terminal.write(safe_text(s))
        return len(s)

    def flush(self) -> None:
        self.terminal.flush()

    def isatty(self) -> bool:
        return self.terminal.isatty()

    def fileno(self) -> int:
        return self.terminal.fileno()


def terminal_of(stream: TextIO) -> TextIO:
    """The stream under a :class:`SafeWriter` (for drawing a progress bar), else ``stream``."""
    return stream.terminal if isinstance(stream, SafeWriter) else stream


@contextmanager
def safe_output() -> Iterator[None]:
    """Standard output and error escape control characters for the duration."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeWriter(out), SafeWriter(err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err
