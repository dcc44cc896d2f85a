"""Reading outputs back the way a person or a program would: PDF text and images, sheets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.generic import DictionaryObject


def squash(text: str) -> str:
    """Whitespace folded to single spaces, so wrapped lines read as one."""
    return " ".join(text.split())


def pdf_pages(path: Path) -> list[str]:
    """Each page's text, whitespace folded."""
    return [squash(page.extract_text() or "") for page in PdfReader(path).pages]


def pdf_text(path: Path) -> str:
    return " ".join(pdf_pages(path))


def _images(resources: Any, found: list[tuple[int, int]]) -> None:
    if not isinstance(resources, DictionaryObject):
        return
    xobjects = resources.get("/XObject")
    if xobjects is None:
        return
    xobjects = xobjects.get_object()
    for name in xobjects:
        obj = xobjects[name].get_object()
        if obj.get("/Subtype") == "/Image":
            found.append((int(obj["/Width"]), int(obj["/Height"])))
        elif obj.get("/Subtype") == "/Form":
            _images(obj.get("/Resources"), found)


def raster_images(path: Path) -> list[list[tuple[int, int]]]:
    """Per page, the (width, height) of every raster image it uses (form XObjects included)."""
    pages = []
    for page in PdfReader(path).pages:
        found: list[tuple[int, int]] = []
        _images(page.get("/Resources"), found)
        pages.append(found)
    return pages


def page_sizes(path: Path) -> list[tuple[float, float]]:
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(path).pages]
