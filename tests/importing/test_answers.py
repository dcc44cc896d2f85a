"""Answers in cells, their polarity, and tick-all-that-apply lists."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consent_desk.domain.rules import Answer
from consent_desk.importing.answers import (
    Choice,
    classify_choice,
    parse_answer,
    purpose_of,
    purposes_in,
    read_answer,
    split_choices,
)

C, R, U = Answer.CONSENT, Answer.REFUSE, Answer.UNANSWERED


@pytest.mark.parametrize(
    ("value", "consent_phrased", "objection_phrased"),
    [
        ("Yes", C, R),
        ("yes", C, R),
        ("Y", C, R),
        ("y ", C, R),
        ("No", R, C),
        ("N", R, C),
        ("Agree", C, R),
        ("Disagree", R, C),
        ("I agree", C, R),
        ("I do not agree", R, C),
        ("✓", C, R),
        ("✔", C, R),
        ("x", R, R),  # a cross alone, without its column: never a consent
        ("X", R, R),
        ("☑", C, R),
        ("ticked", C, R),
        ("TRUE", C, R),
        ("FALSE", R, C),
        (True, C, R),
        (False, R, C),
        (1, C, R),
        (0, R, C),
        (1.0, C, R),
        ("1", C, R),
        ("0", R, C),
        # phrases that mean the same under either polarity
        ("I consent", C, C),
        ("I do not consent", R, R),
        ("I don't consent", R, R),
        ("I don’t consent", R, R),
        ("No, I do not consent", R, R),
        ("Yes, I consent", C, C),
        ("happy", C, C),
        ("not happy", R, R),
        ("consent given", C, C),
        ("consent refused", R, R),
        ("withdrawn", R, R),
        ("object", R, R),
        ("no objection", C, C),
        # blank and don't-know
        (None, U, U),
        ("", U, U),
        ("   ", U, U),
        ("N/A", U, U),
        ("not sure", U, U),
    ],
)
def test_answers_and_polarity(
    value: object, consent_phrased: Answer, objection_phrased: Answer
) -> None:
    assert parse_answer(value, objection_phrased=False) is consent_phrased
    assert parse_answer(value, objection_phrased=True) is objection_phrased


@pytest.mark.parametrize("value", ["maybe", "Website", "2", 2, 0.5, "yes no"])
def test_text_that_is_not_an_answer_raises(value: object) -> None:
    with pytest.raises(ValueError, match="is not an answer"):
        parse_answer(value, objection_phrased=False)


def test_a_remark_after_the_answer_is_kept_for_the_limitation() -> None:
    assert read_answer("Yes - group photos only", False) == (C, "group photos only")
    assert read_answer("Yes but no names please", False) == (C, "no names please")
    assert read_answer("Yes (first name only)", True) == (R, "first name only")
    assert read_answer("No - I do not consent", False) == (R, None)
    with pytest.raises(ValueError, match="remark"):
        parse_answer("Yes - group photos only", objection_phrased=False)
    with pytest.raises(ValueError):
        read_answer("Yes - I do not consent", False)  # contradicts itself


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Displays around the academy", ["internal"]),
        ("The academy and trust websites", ["website"]),
        ("Academy social media (Facebook, X, Instagram, YouTube)", ["social_media"]),
        ("Newsletters and the prospectus", ["print"]),
        ("Local newspapers and media", ["press"]),
        ("Video recordings and livestreams of events", ["video"]),
        ("Social media", ["social_media"]),
        ("Media", ["press"]),
        ("TV", ["press"]),
        ("Photos in the academy newsletter", ["print"]),
        ("Classroom displays", ["internal"]),
        ("Filming of school plays", ["video"]),
        ("Website and newsletters", ["website", "print"]),
        ("Favourite colour", []),
    ],
)
def test_purposes_named_in_text(text: str, expected: list[str]) -> None:
    assert purposes_in(text) == expected
    assert purpose_of(text) == (expected[0] if expected else None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I do not consent to any of these", (Choice.REFUSE, ())),
        ("None of the above", (Choice.NONE, ())),
        ("none", (Choice.NONE, ())),
        ("All of the above", (Choice.ALL, ())),
        ("I do not object to any of these", (Choice.CONSENT, ())),
        ("I object to photos on Facebook", (Choice.REFUSE, ("social_media",))),
        ("I consent to all uses", (Choice.CONSENT, ())),
        ("Local newspapers and media", (Choice.TICK, ("press",))),
        ("School trips", (Choice.UNKNOWN, ())),
    ],
)
def test_classify_choice(text: str, expected: tuple[Choice, tuple[str, ...]]) -> None:
    assert classify_choice(text) == expected


MS_FORMS = (
    "Displays around the academy;Academy social media (Facebook, X, Instagram, YouTube);"
    "Local newspapers and media;"
)
GOOGLE = (
    "Displays around the academy, Academy social media (Facebook, X, Instagram, YouTube), "
    "Local newspapers and media"
)
EXPECTED = [
    "Displays around the academy",
    "Academy social media (Facebook, X, Instagram, YouTube)",
    "Local newspapers and media",
]


def test_split_choices_microsoft_and_google() -> None:
    assert split_choices(MS_FORMS) == EXPECTED
    assert split_choices(GOOGLE) == EXPECTED
    assert split_choices("I do not consent to any of these;") == [
        "I do not consent to any of these"
    ]
    assert split_choices("") == []
    assert split_choices(" ; ") == []


def test_known_labels_with_commas_stay_whole() -> None:
    known = ["Photos, videos and sound", "Website", "Newsletters, leaflets, posters"]
    text = "Website, Photos, videos and sound, Newsletters, leaflets, posters"
    assert split_choices(text, known) == [
        "Website",
        "Photos, videos and sound",
        "Newsletters, leaflets, posters",
    ]
    assert split_choices("website, Something else", known) == ["Website", "Something else"]


@settings(deadline=None)
@given(st.text(max_size=60), st.booleans())
def test_parse_answer_only_raises_value_error(text: str, objection: bool) -> None:
    try:
        answer, remark = read_answer(text, objection)
    except ValueError as err:
        assert str(err)
    else:
        assert answer in (C, R, U)
        assert remark is None or isinstance(remark, str)


@settings(deadline=None)
@given(
    st.text(alphabet=st.sampled_from("ab ,;()XY-"), max_size=50),
    st.lists(st.text(max_size=15), max_size=4),
)
def test_split_choices_never_fails_and_returns_pieces_of_the_text(
    text: str, known: list[str]
) -> None:
    pieces = split_choices(text, known)
    folded = text.lower()
    for piece in pieces:
        assert piece.strip() == piece and piece
        assert piece.lower() in folded
    for piece in pieces:
        classify_choice(piece)
