"""The form question's default wording and the shape of form codes (no database)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consent_desk.domain.consent_forms import (
    POLICY_QUESTION,
    FormQuestion,
    Wording,
    check_is_valid,
    default_question,
    describe_answers,
    format_code,
    looks_like_code,
    parse_code,
    wording_conflict,
)
from consent_desk.domain.rules import Answer


def test_the_policys_question_reads_on_into_the_purpose() -> None:
    assert default_question("Academy and trust websites") == (
        "Do you object to the academy and the trust using photographs and video images of "
        "your child for academy and trust websites?"
    )
    # Names and acronyms keep their capitals; a full stop is not doubled.
    assert default_question("Clips for the BBC and YouTube.") == (
        f"{POLICY_QUESTION} clips for the BBC and YouTube?"
    )
    assert default_question("  ") == f"{POLICY_QUESTION} any purpose?"


def test_a_code_is_read_back_however_it_is_typed() -> None:
    code = format_code("oak", 2025, 1234)
    assert code.startswith("CD2-OAK-2025-1234-") and len(code.rsplit("-", 1)[1]) == 8
    parsed = parse_code(f"  {code.lower()}  ")
    assert parsed is not None and check_is_valid(parsed) and not parsed.is_old
    assert parsed.year_label == "2025/26"
    assert looks_like_code(" cd2-x") and not looks_like_code("Amy Adams")


def test_codes_need_no_secret_and_catch_every_single_slip() -> None:
    code = format_code("OAK", 2025, 1234)
    assert code == format_code("OAK", 2025, 1234)  # the same on every desk, with no key
    for i, ch in enumerate(code):
        if ch == "-":
            continue
        for other in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ":
            if other != ch:
                slipped = parse_code(code[:i] + other + code[i + 1 :])
                assert slipped is None or not check_is_valid(slipped), code[:i] + other


def test_codes_of_earlier_versions_are_recognised_but_never_valid() -> None:
    old = "CD1-OAK-2025-1234-K7QPX2MA"  # keyed with the secret earlier versions kept
    assert looks_like_code(old)
    parsed = parse_code(old)
    assert parsed is not None and parsed.is_old and not check_is_valid(parsed)
    assert parse_code("CD9-OAK-2025-1234-K7QPX2MA") is None


def test_academy_codes_with_hyphens_parse() -> None:
    parsed = parse_code(format_code("ST-MARY_2", 2030, 7))
    assert parsed is not None
    assert (parsed.academy, parsed.year_start, parsed.learner_id) == ("ST-MARY_2", 2030, 7)


@given(
    st.integers(min_value=1, max_value=10**9),
    st.integers(min_value=2000, max_value=2099),
    st.from_regex(r"[A-Z0-9]{1,8}(-[A-Z0-9]{1,4})?", fullmatch=True),
)
def test_every_code_round_trips(learner: int, year: int, academy: str) -> None:
    parsed = parse_code(format_code(academy, year, learner))
    assert parsed is not None
    assert (parsed.academy, parsed.year_start, parsed.learner_id) == (academy, year, learner)
    assert check_is_valid(parsed)


LABELS = {"internal": "Displays", "website": "Websites", "press": "Press"}


def test_the_two_wordings_mean_opposite_things_by_yes() -> None:
    objection = FormQuestion("press", "Press", default_question("Local press"))
    consent = FormQuestion(
        "press", "Press", "Do you consent to the press?", wording=Wording.CONSENT
    )
    assert objection.wording is Wording.OBJECTION  # the policy's question
    assert [(c.head, c.means, c.answer) for c in objection.columns] == [
        ("YES", "I object", Answer.REFUSE),
        ("NO", "I do not object", Answer.CONSENT),
    ]
    assert [(c.head, c.entry, c.answer) for c in consent.columns] == [
        ("YES", "Consents", Answer.CONSENT),
        ("NO", "Does not consent", Answer.REFUSE),
    ]


def test_a_question_cannot_be_printed_as_the_other_wording() -> None:
    assert wording_conflict("Do you object to the press?", Wording.OBJECTION) is None
    assert wording_conflict("Do you object to the press?", Wording.CONSENT)
    assert wording_conflict("May we use photos in the press?", Wording.OBJECTION)
    assert wording_conflict("Do you give permission for the press?", Wording.OBJECTION)
    assert wording_conflict("May we use photos in the press?", Wording.CONSENT) is None


@pytest.mark.parametrize(
    ("answers", "said"),
    [
        (
            {"internal": "consent", "website": "refuse", "press": "consent"},
            "objects to Websites only",
        ),
        ({"internal": "refuse", "website": "refuse", "press": "refuse"}, "objects to every use"),
        (
            {"internal": "consent", "website": "consent", "press": "consent"},
            "consents to every use",
        ),
        (
            {"internal": "unanswered", "website": "unanswered", "press": "unanswered"},
            "no answer to any use",
        ),
        (
            {"internal": "consent", "website": "refuse", "press": "unanswered"},
            "objects to Websites; no answer for Press; consents to the rest",
        ),
        (
            {"internal": "refuse", "website": "refuse", "press": "unanswered"},
            "objects to Displays, Websites; no answer for Press",
        ),
        (
            {"internal": "consent", "website": "unanswered", "press": "unanswered"},
            "consents to Displays; no answer for Websites, Press",
        ),
    ],
)
def test_what_a_return_records_in_words(answers: dict[str, str], said: str) -> None:
    assert describe_answers({k: Answer(v) for k, v in answers.items()}, LABELS) == said
