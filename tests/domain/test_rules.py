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
        "None please",
        "No, none",
        "None whatsoever",
        "Nothing at all",
        "No comment",
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
        "No photos at all",
        "Not really",
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


@pytest.mark.parametrize("who", ["Student (Sixth Form)", "Pupil", "Myself", "student", "Learner"])
def test_a_learner_answering_for_themself_is_a_respondent_of_their_own(who: str) -> None:
    """PRODUCT.md: the respondent may be "the learner themself". From the family's e-mail
    address, the learner's own return and a parent's are two people's: the parent's later
    return must not replace the learner's objection."""
    family = "haddad.home@gmail.com"
    parent = respondent_key(family, "Leila Haddad", "Parent/Carer")
    assert parent == respondent_key(family, "Leila Haddad") == f"email:{family}"
    assert respondent_key(family, "Omar Haddad", who) != parent


@pytest.mark.parametrize("who", ["Mother", "Parent of student", "Student's mum", "Grandparent"])
def test_a_parent_or_carer_is_identified_as_before(who: str) -> None:
    assert respondent_key("mum@example.org", "Jane", who) == "email:mum@example.org"


def test_same_time_later_entry_wins() -> None:
    r1 = ReturnFacts(
        "a", CASES[0].returns[0].received_at, {p: Answer.REFUSE for p in PURPOSE_KEYS}, sequence=1
    )
    r2 = ReturnFacts("a", r1.received_at, {p: Answer.CONSENT for p in PURPOSE_KEYS}, sequence=2)
    assert assess([r2, r1], PURPOSE_KEYS).status is Status.NO_RESTRICTION


def _every(answer: Answer) -> dict[str, Answer]:
    return dict.fromkeys(PURPOSE_KEYS, answer)


def test_a_return_with_no_date_cannot_overrule_the_same_parents_other_returns() -> None:
    """A sheet with no date received is stored as received when it was imported: a September
    form typed in on 4 December is no later than a withdrawal dated 1 December, nor earlier.
    Which came last cannot be told, so the most restrictive counts (PRODUCT.md: "where it
    still cannot tell, it restricts"); the undated one alone overruled the withdrawal."""
    from datetime import datetime

    typed_in = ReturnFacts("a", datetime(2026, 12, 4, 9, 0), _every(Answer.CONSENT), sequence=1,
                           dated=False)  # fmt: skip
    withdrawal = ReturnFacts("a", datetime(2026, 12, 1), _every(Answer.REFUSE), "remove all",
                             sequence=2)  # fmt: skip
    result = assess([typed_in, withdrawal], PURPOSE_KEYS)
    assert result.status is Status.NO_IMAGES and result.limitation == "remove all"
    # the other way round: typed in after the dated withdrawal, it does not undo it either
    late = ReturnFacts("a", datetime(2026, 12, 9), _every(Answer.CONSENT), sequence=3,
                       dated=False)  # fmt: skip
    assert assess([withdrawal, late], PURPOSE_KEYS).status is Status.NO_IMAGES


def test_a_dated_return_after_an_undated_one_is_the_latest() -> None:
    """Guard: an undated return came in before it was typed in, so a return dated after that
    is surely later: a parent's change of mind (here to consent) counts."""
    from datetime import datetime

    typed_in = ReturnFacts("a", datetime(2025, 9, 30), _every(Answer.REFUSE), sequence=1,
                           dated=False)  # fmt: skip
    change = ReturnFacts("a", datetime(2025, 10, 15), _every(Answer.CONSENT), sequence=2)
    assert assess([typed_in, change], PURPOSE_KEYS).status is Status.NO_RESTRICTION


def test_a_return_with_no_time_and_one_of_the_same_day_with_a_time_both_count() -> None:
    """A paper form of 12/09 (no time of day) and the same parent's online form of 12/09 08:30:
    which came later cannot be told, so both count and the more restrictive wins (the day-only
    one was taken as midnight, so the form always won). A parent who withdraws on paper the day
    of a form's consent wins at once; one of the next day is simply the latest."""
    from datetime import datetime

    paper = ReturnFacts("a", datetime(2025, 9, 12), _every(Answer.REFUSE), sequence=2)
    form = ReturnFacts("a", datetime(2025, 9, 12, 8, 30), _every(Answer.CONSENT), sequence=1)
    assert assess([form, paper], PURPOSE_KEYS).status is Status.NO_IMAGES
    assert assess([paper, form], PURPOSE_KEYS).status is Status.NO_IMAGES
    # both with a time: the later counts
    later = ReturnFacts("a", datetime(2025, 9, 12, 9, 0), _every(Answer.CONSENT), sequence=3)
    early = ReturnFacts("a", datetime(2025, 9, 12, 8, 0), _every(Answer.REFUSE), sequence=4)
    assert assess([early, later], PURPOSE_KEYS).status is Status.NO_RESTRICTION
    # a day apart: the later counts
    next_day = ReturnFacts("a", datetime(2025, 9, 13), _every(Answer.CONSENT), sequence=5)
    assert assess([paper, next_day], PURPOSE_KEYS).status is Status.NO_RESTRICTION


def test_two_carers_limitations_say_each_part_once() -> None:
    """Two carers who ticked the same options in part: the sheet says it once, not twice."""
    from datetime import datetime

    mum = ReturnFacts(
        "name:mum",
        datetime(2025, 9, 10),
        _every(Answer.CONSENT),
        "Print: only ‘Newsletter’ ticked, not ‘Yearbook’; Social media: no names",
    )
    dad = ReturnFacts("name:dad", datetime(2025, 9, 20), _every(Answer.CONSENT),
                      "Print: only ‘Newsletter’ ticked, not ‘Yearbook’", sequence=1)  # fmt: skip
    assert assess([mum, dad], PURPOSE_KEYS).limitation == (
        "Print: only ‘Newsletter’ ticked, not ‘Yearbook’; Social media: no names"
    )


def test_with_no_address_or_name_a_mother_and_a_father_are_two_respondents() -> None:
    """A typed sheet gives only "Mother" and "Father": two people, not one (the later would
    replace the other's refusal); the same relationship twice is one person changing their
    mind."""
    assert respondent_key(None, None, "Mother") != respondent_key(None, None, "Father")
    assert respondent_key(None, None, "Mother") == respondent_key(None, "", " mother ")
    assert respondent_key(None, None, None) == UNKNOWN_RESPONDENT
