"""A small pure-Python Code 128 reader for the tests: render a PDF page to pixels (pypdfium2)
and decode the bars the way a scanner would, so a test checks what is really printed.

The width table is the standard's (ISO/IEC 15417): bar, space, bar, space, bar, space widths in
modules for symbol values 0–105, and the 7-element stop pattern.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pypdfium2
from PIL import Image

_TABLE = """
    212222 222122 222221 121223 121322 131222 122213 122312
    132212 221213 221312 231212 112232 122132 122231 113222
    123122 123221 223211 221132 221231 213212 223112 312131
    311222 321122 321221 312212 322112 322211 212123 212321
    232121 111323 131123 131321 112313 132113 132311 211313
    231113 231311 112133 112331 132131 113123 113321 133121
    313121 211331 231131 213113 213311 213131 311123 311321
    331121 312113 312311 332111 314111 221411 431111 111224
    111422 121124 121421 141122 141221 112214 112412 122114
    122411 142112 142211 241211 221114 413111 241112 134111
    111242 121142 121241 114212 124112 124211 411212 421112
    421211 212141 214121 412121 111143 111341 131141 114113
    114311 411113 411311 113141 114131 311141 411131 211412
    211214 211232
"""
_VALUE = {pattern: value for value, pattern in enumerate(_TABLE.split())}
_STOP = "2331112"
START_A, START_B, START_C = 103, 104, 105
CODE_C, CODE_B, CODE_A = 99, 100, 101


def _widths(runs: Sequence[int], modules: int) -> str:
    unit = sum(runs) / modules
    return "".join(str(max(1, min(4, round(r / unit)))) for r in runs)


def _symbol(runs: Sequence[int]) -> int | None:
    return _VALUE.get(_widths(runs, 11)) if len(runs) == 6 else None


def _is_stop(runs: Sequence[int]) -> bool:
    return len(runs) == 7 and _widths(runs, 13) == _STOP


def _text(values: list[int]) -> str | None:
    """The characters of a symbol sequence (start, data..., no check), by code set."""
    mode = {START_A: "A", START_B: "B", START_C: "C"}[values[0]]
    out: list[str] = []
    for v in values[1:]:
        if mode == "C":
            if v < 100:
                out.append(f"{v:02d}")
                continue
        elif v < 96:
            out.append(chr(v + 32) if mode == "B" or v < 64 else chr(v - 64))
            continue
        if v == CODE_C:
            mode = "C"
        elif v == CODE_B:
            mode = "B"
        elif v == CODE_A:
            mode = "A"
        else:
            return None  # FNC and shift codes: never in a form code
    return "".join(out)


def decode_runs(runs: Sequence[int]) -> str | None:
    """Decode a row of alternating bar/space widths that starts with a bar."""
    for i in range(0, len(runs) - 6, 2):
        start = _symbol(runs[i : i + 6])
        if start not in (START_A, START_B, START_C):
            continue
        values = [start]
        j = i + 6
        while j + 7 <= len(runs):
            if _is_stop(runs[j : j + 7]):
                check = values.pop()
                total = values[0] + sum(k * v for k, v in enumerate(values[1:], start=1))
                if len(values) > 1 and total % 103 == check:
                    return _text(values)
                break
            value = _symbol(runs[j : j + 6])
            if value is None:
                break
            values.append(value)
            j += 6
    return None


def decode_image(image: Image.Image, step: int = 3) -> set[str]:
    """Every Code 128 value found scanning the image's rows."""
    grey = image.convert("L").point(lambda p: 0 if p < 128 else 255)
    width, height = grey.size
    data = grey.tobytes()
    found: set[str] = set()
    for y in range(0, height, step):
        row = data[y * width : (y + 1) * width]
        runs = [(m.group()[0], len(m.group())) for m in re.finditer(rb"\x00+|\xff+", row)]
        while runs and runs[0][0] != 0:
            runs.pop(0)
        if len(runs) < 30:
            continue
        value = decode_runs([length for _, length in runs])
        if value is not None:
            found.add(value)
    return found


def render_page(path: Path, index: int, dpi: int = 300) -> Image.Image:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        page = pdf[index]
        image = page.render(scale=dpi / 72, grayscale=True).to_pil()
        page.close()
        return image
    finally:
        pdf.close()


def page_codes(path: Path, index: int, dpi: int = 300) -> set[str]:
    """The Code 128 values printed on a page of a PDF."""
    return decode_image(render_page(path, index, dpi))
