"""Names in any script print as a reader expects: Arabic joined and right to left, Hebrew right
to left, and a character the bundled font cannot draw (most emoji) as its name in brackets —
never an empty box or nothing."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from reportlab.pdfbase import pdfmetrics

from consent_desk.outputs.pdfstyle import fonts
from consent_desk.outputs.principal_list import build_principal_list_pdf
from consent_desk.outputs.roster import build_roster
from consent_desk.outputs.textshape import for_print, printable, visual

from .factories import OAK, context, learner, ret
from .readback import pdf_text

ARABIC = "محمد علي"


def _font() -> str:
    return fonts().regular


def test_ascii_is_untouched() -> None:
    assert for_print("O'Neill, Aoife-Marie", _font()) == "O'Neill, Aoife-Marie"


def test_arabic_is_joined_and_in_visual_order() -> None:
    shaped = printable(ARABIC, _font())
    names = [unicodedata.name(ch) for ch in shaped if ch != " "]
    assert all("FORM" in n for n in names)  # contextual forms, not the isolated letters
    assert names[0] == "ARABIC LETTER MEEM INITIAL FORM"  # logical order kept for wrapping
    shown = visual(shaped)
    assert unicodedata.name(shown[0]) == "ARABIC LETTER YEH FINAL FORM"  # drawn from the right
    assert shown == shaped[::-1]


def test_hebrew_reads_right_to_left_inside_an_english_line() -> None:
    assert for_print("Cohen, שרה", _font()) == "Cohen, הרש"


def test_what_the_font_cannot_draw_is_named() -> None:
    text = "Jo 🦄 👍🏽 ❤️ 😀"
    shown = for_print(text, _font())
    assert shown == "Jo [unicorn face] [thumbs up sign] ❤ 😀"  # ❤ and 😀 are in DejaVu Sans


def test_the_sheet_and_list_draw_only_glyphs_the_font_has(tmp_path: Path) -> None:
    rows = [
        learner("النجار", ARABIC, [ret(refuse=["press"], limitation="الصور الجماعية فقط")]),
        learner("Cohen", "שרה", [ret(refuse=["website"])]),
        learner("Smith 🦄", "Jo 👍🏽", [ret(limitation="no 🦄 please 😀")]),
    ]
    font = pdfmetrics.getFont(_font())
    drawable = set(font.face.charToGlyph) | set(pdfmetrics.getFont(fonts().bold).face.charToGlyph)
    for out in (tmp_path / "sheet.pdf", tmp_path / "list.pdf"):
        if out.name == "sheet.pdf":
            build_roster(out, context(), OAK, [("7A", rows)])
        else:
            build_principal_list_pdf(out, context(), OAK, rows)
        text = pdf_text(out)
        assert "[unicorn face]" in text and "[thumbs up sign]" in text
        # pypdf reads right-to-left runs back in logical order: the joined forms are there
        assert printable(ARABIC, _font()) in text and "שרה" in text
        missing = {ch for ch in text if not ch.isspace() and ord(ch) not in drawable}
        assert not missing, missing
