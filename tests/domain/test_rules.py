"""PRODUCT.md's domain rules, case by case, without a database."""

from __future__ import annotations

import pytest

from consent_desk.domain.purposes import PURPOSE_KEYS
from consent_desk.domain.rules import (
    UNKNOWN_RESPONDENT,
    Answer,
    ReturnFacts,
    Status,
    assess,
    clean_limitation,
    is_blank_limitation,
    on_restriction_list,
    respondent_key,
)
from tests.rule_cases import CASES, Case


def facts(case: Case) -> list[ReturnFacts]:
    return [
        ReturnFacts(
            respondent=respondent_key(None, r.who),
            received_at=r.received_at,
            answers=r.answers,
            limitation=r.limitation,
            sequence=i,
        )
        for i, r in enumerate(case.returns)
    ]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_rule_case(case: Case) -> None:
    result = assess(facts(case), PURPOSE_KEYS, safeguarding=case.safeguarding)
    assert result.status is case.status
    assert tuple(result.refused) == tuple(case.refused)
    assert result.limitation == case.limitation
    assert on_restriction_list(result.status, case.on_roll, case.treat_non_returns) is case.on_list


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        None,
        "none",
        "None",
        "NONE.",
        "n/a",
        "N/A",
        "NA",
        "nil",
        "no",
        "No.",
        "-",
        "--",
        "n.a.",
        "not applicable",
        "No restrictions",
        "none thank you",
    ],
)
def test_limitation_that_says_nothing(text: str | None) -> None:
    assert is_blank_limitation(text)
    assert clean_limitation(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "First name only",
        "no close-ups",
        "No names",
        "Group photos only please",
        "Not on social media",
        "no surname",
        "None on Facebook",
    ],
)
def test_limitation_that_says_something(text: str) -> None:
    assert not is_blank_limitation(text)
    assert clean_limitation(f"  {text}  ") == text


def test_respondent_identity() -> None:
    assert respondent_key("Mum@Example.org ", "Jane") == "email:mum@example.org"
    assert respondent_key("anonymous", "Jane  Smith") == "name:jane smith"
    assert respondent_key(None, " ") == UNKNOWN_RESPONDENT
    assert respondent_key("", None) == UNKNOWN_RESPONDENT


def test_same_time_later_entry_wins() -> None:
    r1 = ReturnFacts(
        "a", CASES[0].returns[0].received_at, {p: Answer.REFUSE for p in PURPOSE_KEYS}, sequence=1
    )
    r2 = ReturnFacts("a", r1.received_at, {p: Answer.CONSENT for p in PURPOSE_KEYS}, sequence=2)
    assert assess([r2, r1], PURPOSE_KEYS).status is Status.NO_RESTRICTION
