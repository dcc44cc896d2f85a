"""Names as a reader expects to see them on paper, in any script.

reportlab draws the characters of a string left to right, one glyph each. So:

- **Right-to-left text** (Arabic, Hebrew, Urdu, …): Arabic letters are joined into their
  contextual forms with *arabic-reshaper* (before wrapping, so widths are the printed ones), then
  each printed line is put in visual order with *python-bidi* (the Unicode bidirectional
  algorithm) on its own, after wrapping, so a long name wraps in reading order.
- **A character the bundled font has no glyph for** (most emoji, a rare script) would print as an
  empty box, or nothing. It is printed as its Unicode name in brackets, e.g. ``[unicorn face]``:
  visible, and it says what the parent typed. Emoji modifiers (skin tones, variation selectors,
  joiners) only change how the emoji before them looks and are left out.
"""

from __future__ import annotations

import functools
import unicodedata

import arabic_reshaper
from bidi import get_display
from reportlab.pdfbase import pdfmetrics

_MODIFIERS = frozenset(
    [0x200D, 0xFE0E, 0xFE0F, 0x20E3, *range(0x1F3FB, 0x1F400), *range(0xE0020, 0xE0080)]
)
_RTL_CLASSES = frozenset({"R", "AL"})


@functools.cache
def _cmap(font: str) -> frozenset[int] | None:
    """The code points ``font`` has glyphs for (``None``: a built-in font, left alone)."""
    face = getattr(pdfmetrics.getFont(font), "face", None)
    glyphs = getattr(face, "charToGlyph", None)
    return frozenset(glyphs) if glyphs else None


def _placeholder(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return f"[{name.lower()}]" if name else f"[U+{ord(ch):04X}]"


@functools.lru_cache(maxsize=16384)
def printable(text: str, font: str) -> str:
    """``text`` with Arabic letters joined and every character ``font`` cannot draw replaced by
    a visible placeholder (logical order kept: wrap it, then pass each line to
    :func:`visual`)."""
    if text.isascii():
        return text
    if has_rtl(text):
        text = str(arabic_reshaper.reshape(text))
    cmap = _cmap(font)
    if cmap is None:
        return text
    out: list[str] = []
    for ch in text:
        code = ord(ch)
        if code in _MODIFIERS:
            continue
        if code in cmap or ch in "\n\t ":
            out.append(ch)
        else:
            out.append(_placeholder(ch))
    return "".join(out)


def has_rtl(text: str) -> bool:
    return not text.isascii() and any(unicodedata.bidirectional(ch) in _RTL_CLASSES for ch in text)


@functools.lru_cache(maxsize=16384)
def visual(line: str) -> str:
    """One printed line (already through :func:`printable`) in visual order; unchanged when it
    holds no right-to-left letter."""
    if not has_rtl(line):
        return line
    return str(get_display(line))


def visual_lines(text: str) -> str:
    """:func:`visual` of each line of ``text``."""
    if text.isascii():
        return text
    return "\n".join(visual(line) for line in text.split("\n"))


def for_print(text: str, font: str) -> str:
    """A short text (a heading, a name in a header) ready to draw: placeholders, then each line
    in visual order."""
    return visual_lines(printable(text, font))
