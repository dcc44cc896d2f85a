"""Pre-filled consent forms, read back from the PDF: the words a parent reads, and the barcode
decoded from the rendered page the way a scanner reads it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from consent_desk.domain.consent_forms import (
    POLICY_QUESTION,
    FormQuestion,
    Wording,
    default_question,
    format_code,
    parse_code,
    question_lines,
)
from consent_desk.domain.listing import LearnerStatusRow
from consent_desk.domain.purposes import DEFAULT_PURPOSES
from consent_desk.outputs.consent_form import build_consent_forms

from .code128 import page_codes
from .factories import OAK, context, learner, ret
from .readback import pdf_pages, raster_images

QUESTIONS = [
    FormQuestion(p.key, p.label, default_question(p.description)) for p in DEFAULT_PURPOSES
]


Forms = list[tuple[LearnerStatusRow, str]]


def _class() -> list[LearnerStatusRow]:
    return [
        learner("Kowalski", "Łukasz", [ret()], legal_forename="Łukasz Józef", upn="A123456789012"),
        learner("Smith", "Jo", [], legal_forename="Joanna", reg_group="7B", upn="B123456789012"),
        learner(
            "O'Neill",
            "Aoife",
            [ret(refuse=["press"])],
            year_group="Reception",
            reg_group="Robins",
            upn="C123456789012",
        ),
    ]


def _forms(rows: list[LearnerStatusRow]) -> Forms:
    return [(r, format_code("OAK", 2025, r.learner_id)) for r in rows]


@pytest.fixture
def printed(tmp_path: Path) -> tuple[Path, Forms]:
    forms = _forms(_class())
    out = tmp_path / "forms.pdf"
    pages = build_consent_forms(out, context(), OAK, forms, QUESTIONS)
    assert pages == len(forms)
    return out, forms


def test_one_page_per_learner_saying_who_and_when(printed: tuple[Path, Forms]) -> None:
    out, forms = printed
    pages = pdf_pages(out)
    assert len(pages) == 3
    for text, (row, code) in zip(pages, forms, strict=True):
        assert f"{row.forename} {row.surname}" in text
        assert f"Legal name {row.legal_forename} {row.legal_surname}" in text
        assert f"Class {row.reg_group}" in text
        assert "Academic year 2025/26" in text
        assert "Oakfield Primary Academy" in text
        assert code in text  # typed when a scanner fails
        assert row.upn and row.upn not in text  # the UPN is never printed
        assert "Page 1 of" not in text  # each form stands alone
        # Nobody else's name is on this child's form.
        others = [r for r, _ in forms if r is not row]
        assert not any(f"{o.forename} {o.surname}" in text for o in others)
    assert "Year group Year 7" in pages[0]
    assert "Year group Reception" in pages[2]


def test_every_purpose_is_a_question_with_yes_and_no(printed: tuple[Path, Forms]) -> None:
    out, _ = printed
    text = pdf_pages(out)[0]
    assert POLICY_QUESTION in text
    assert "YES I object" in text and "NO I do not object" in text
    for p in DEFAULT_PURPOSES:
        assert p.label in text
        assert f"… {p.description.lower()}?" in text
    for words in (
        "Anything else?",
        "Your name (parent/carer)",
        "Your relationship to the child",
        "Signature",
        "Date",
    ):
        assert words in text
    assert "Until we have your form, we will not use" in text


def test_the_barcode_on_each_page_decodes_to_that_learner_and_year(
    printed: tuple[Path, Forms],
) -> None:
    out, forms = printed
    for index, (row, code) in enumerate(forms):
        decoded = page_codes(out, index)
        assert decoded == {code}
        parsed = parse_code(decoded.pop())
        assert parsed is not None
        assert (parsed.academy, parsed.year_label, parsed.learner_id) == (
            "OAK",
            "2025/26",
            row.learner_id,
        )


def test_the_decoder_is_not_fooled_by_a_different_payload(tmp_path: Path) -> None:
    rows = _class()[:1]
    wrong = [(rows[0], format_code("OAK", 2025, rows[0].learner_id + 1))]
    out = tmp_path / "wrong.pdf"
    build_consent_forms(out, context(), OAK, wrong, QUESTIONS)
    assert page_codes(out, 0) == {wrong[0][1]}
    assert page_codes(out, 0) != {format_code("OAK", 2025, rows[0].learner_id)}


def test_a_trusts_own_wording_is_printed_whole(tmp_path: Path) -> None:
    own = "May we show your child's face in a livestream of school events?"
    questions = [
        *QUESTIONS[:-1],
        FormQuestion("video", "Video", own, custom=True, wording=Wording.CONSENT),
    ]
    out = tmp_path / "own.pdf"
    build_consent_forms(out, context(), OAK, _forms(_class()[:1]), questions)
    text = pdf_pages(out)[0]
    assert own in text and POLICY_QUESTION in text
    # two wordings on one form: each box says what a tick in it means, on its own line
    assert "YES or NO, as each question asks" in text
    assert text.count("I object I do not object") == 5
    assert text.index("I consent I do not consent") > text.index(own)


def test_a_form_worded_as_consent_says_yes_means_consent(tmp_path: Path) -> None:
    questions = [
        FormQuestion(
            q.key,
            q.label,
            f"Do you consent to {q.label.lower()}?",
            custom=True,
            wording=Wording.CONSENT,
        )
        for q in QUESTIONS
    ]
    out = tmp_path / "consent.pdf"
    build_consent_forms(out, context(), OAK, _forms(_class()[:1]), questions)
    text = pdf_pages(out)[0]
    assert "YES if you consent, NO if you do not" in text
    assert "YES I consent NO I do not consent" in text and "object" not in text


def test_question_lines_say_the_policy_once() -> None:
    stem, lines = question_lines(QUESTIONS)
    assert stem == POLICY_QUESTION + " …"
    assert lines[1] == "… academy and trust websites?"
    own = FormQuestion("x", "X", "Is this fine?")
    stem, lines = question_lines([QUESTIONS[0], own])
    assert stem is None and lines == [QUESTIONS[0].question, "Is this fine?"]


def test_many_purposes_still_fit_one_page_each(tmp_path: Path) -> None:
    questions = [
        FormQuestion(
            f"p{i}",
            f"Purpose {i}",
            default_question(f"a rather long description of use number {i} of images"),
        )
        for i in range(14)
    ]
    out = tmp_path / "many.pdf"
    assert build_consent_forms(out, context(), OAK, _forms(_class()), questions) == 3
    assert "Purpose 13" in pdf_pages(out)[0]


def test_no_picture_but_the_logo(tmp_path: Path) -> None:
    out = tmp_path / "plain.pdf"
    build_consent_forms(out, context(), OAK, _forms(_class()), QUESTIONS)
    assert raster_images(out) == [[], [], []]
    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 60), "navy").save(logo)
    out = tmp_path / "logo.pdf"
    build_consent_forms(out, context(), OAK, _forms(_class()[:1]), QUESTIONS, logo_path=logo)
    assert raster_images(out) == [[(120, 60)]]
