"""Every PDF lays out whatever the data holds: a parent's 10,000-character limitation (the most
the import accepts), 200-character names and group names wrap and run on across pages, and
everything is there to read back. A document that cannot be laid out is a sheet not printed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from consent_desk.domain.consent_forms import FormQuestion, default_question, format_code
from consent_desk.domain.listing import AcademyInfo, LearnerStatusRow
from consent_desk.domain.purposes import DEFAULT_PURPOSES
from consent_desk.outputs.consent_form import build_consent_forms
from consent_desk.outputs.pdfstyle import CONTINUED, fonts, row_pieces, text_width, wrap_text
from consent_desk.outputs.principal_list import build_principal_list_pdf
from consent_desk.outputs.roster import build_roster
from consent_desk.outputs.summary import build_summary_pdf

from .factories import OAK, context, learner, ret
from .readback import pdf_pages, pdf_text

LIMIT = 10_000  # the longest limitation an import accepts


def prose(length: int, tag: str = "w") -> str:
    """Ordinary words, each numbered so the reader can check none went missing or out of order."""
    words: list[str] = []
    n = 0
    while len(" ".join(words)) < length:
        n += 1
        words.append(f"{tag}{n:04d}")
    return " ".join(words)[:length].rsplit(" ", 1)[0]


def in_order(text: str, words: list[str]) -> bool:
    at = 0
    for word in words:
        at = text.find(word, at)
        if at < 0:
            return False
        at += len(word)
    return True


LONG_LIMITATION = prose(LIMIT)
UNBROKEN = "x" * LIMIT  # a limitation with no space to break at
LONG_SURNAME = prose(200, "s") + " Zz"  # 200 characters
LONG_FORENAME = "Q" * 200  # a name with no space at all
LONG_GROUP = prose(200, "g")


def long_rows() -> list[LearnerStatusRow]:
    return [
        learner("Able", "Ann", [ret(refuse=["press"], limitation=LONG_LIMITATION)]),
        learner(LONG_SURNAME, LONG_FORENAME, [ret(limitation=UNBROKEN)], reg_group=LONG_GROUP),
        learner("Cole", "Cy", [], safeguarding=True),
        learner("Dunn", "Di", [ret(refuse=["website"])]),
    ]


def words_of(text: str) -> list[str]:
    return text.split()


def test_wrap_breaks_a_word_wider_than_the_column_and_loses_nothing() -> None:
    font = fonts().regular
    wrapped = wrap_text("ab " + "y" * 300 + " cd", font, 10, 60)
    lines = wrapped.split("\n")
    assert len(lines) > 3
    assert all(text_width(line, font, 10) <= 60 for line in lines)
    assert "".join(lines).replace(" ", "") == "ab" + "y" * 300 + "cd"


def test_a_tall_row_becomes_pieces_that_each_say_whose_they_are() -> None:
    name, mark, detail = "Lee, Al", "NO IMAGES", "\n".join(f"line {i}" for i in range(25))
    pieces = row_pieces([name, mark, detail], 10, repeat=(0, 1))
    assert len(pieces) == 3  # 9 lines of detail per piece after the "(continued)" room
    assert all(len(c.split("\n")) <= 10 for p in pieces for c in p)
    assert pieces[0][0] == name and pieces[1][0] == f"{CONTINUED}\n{name}"
    assert all(p[1] == mark for p in pieces)
    assert "\n".join(p[2] for p in pieces).split("\n") == detail.split("\n")
    assert row_pieces(["a", "b"], 10) == [["a", "b"]]


@pytest.mark.parametrize("restricted_only", [True, False])
def test_restricted_learner_sheet_prints_long_limitations_and_names(
    tmp_path: Path, restricted_only: bool
) -> None:
    out = tmp_path / "sheet.pdf"
    rows = long_rows()
    stats = build_roster(
        out, context(), OAK, [(LONG_GROUP, rows), ("7A", rows[:1])], restricted_only=restricted_only
    )
    pages = pdf_pages(out)
    assert stats.pages == len(pages) > 3
    text = " ".join(pages)
    assert in_order(text, words_of(LONG_LIMITATION))
    assert text.count("x") == LIMIT
    assert in_order(text, words_of(LONG_SURNAME)) and text.count("Q") == 200
    assert in_order(text, words_of(LONG_GROUP))
    assert "Cole, Cy" in text and "Dunn, Di" in text  # the learners after the long ones
    assert all(re.search(rf"Page {i} of {len(pages)}", p) for i, p in enumerate(pages, 1))


def test_principal_list_prints_long_limitations_and_names(tmp_path: Path) -> None:
    out = tmp_path / "list.pdf"
    pages = build_principal_list_pdf(out, context(), OAK, long_rows())
    text = pdf_text(out)
    assert pages == len(pdf_pages(out)) > 3
    assert in_order(text, words_of(LONG_LIMITATION))
    assert text.count("x") == LIMIT
    assert in_order(text, words_of(LONG_SURNAME)) and text.count("Q") >= 200
    assert text.count(CONTINUED) > 10  # the pieces say whose they are
    assert "Cole" in text and "Dunn" in text


def test_coo_summary_prints_a_long_academy_name(tmp_path: Path) -> None:
    out = tmp_path / "summary.pdf"
    long_name = prose(2_500, "a")
    academy = AcademyInfo(id=9, code="LONG", name=long_name)
    rows = long_rows()
    build_summary_pdf(out, context(), [(OAK, rows), (academy, rows)])
    text = pdf_text(out)
    assert in_order(text, words_of(long_name))
    assert "Total (2 academies)" in text


def test_consent_forms_print_long_names_on_one_page_each(tmp_path: Path) -> None:
    out = tmp_path / "forms.pdf"
    questions = [
        FormQuestion(p.key, p.label, default_question(p.description)) for p in DEFAULT_PURPOSES
    ]
    rows = long_rows()
    forms = [(r, format_code("OAK", 2025, r.learner_id)) for r in rows]
    academy = AcademyInfo(id=9, code="OAK", name=prose(200, "n"))
    pages = build_consent_forms(out, context(), academy, forms, questions)
    assert pages == len(forms)
    text = pdf_pages(out)[1]
    assert in_order(text, words_of(LONG_SURNAME)) and text.count("Q") >= 200


def test_the_pieces_of_one_learner_share_their_shade() -> None:
    from consent_desk.outputs.pdfstyle import STRIPE, stripes

    assert stripes([0, 1, 2]) == []  # nobody ran on: the table's own stripes do
    shades = [c[3] for c in stripes([0, 1, 1, 1, 2])]
    assert shades[1:4] == [STRIPE] * 3 and shades[0] == shades[4] != STRIPE
