"""Matching returns rows to learners: the rules of PRODUCT.md, and the sample files."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook
from stdnum.gb import upn as upn_rules

from consent_desk.importing.matching import MAX_CANDIDATES, LearnerIndex
from consent_desk.importing.records import LearnerDetails, LearnerRecord, MatchResult

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


def make_upn(body: str) -> str:
    return upn_rules.calc_check_digit(body) + body


def wrong_letter(upn: str) -> str:
    return ("B" if upn[0] != "B" else "C") + upn[1:]


UPN_1 = make_upn("873210419732")
UPN_UNLISTED = make_upn("873210419999")
UPN_NEW_LA = make_upn("940210419732")  # an LA number python-stdnum does not list


def rec(
    learner_id: int,
    surname: str,
    forename: str,
    dob: date | None,
    group: str | None,
    *,
    upn: str | None = None,
    adno: str | None = None,
    preferred_forename: str | None = None,
    preferred_surname: str | None = None,
    on_roll: bool = True,
) -> LearnerRecord:
    return LearnerRecord(
        id=learner_id,
        upn=upn,
        adno=adno,
        legal_surname=surname,
        legal_forename=forename,
        preferred_forename=preferred_forename,
        preferred_surname=preferred_surname,
        dob=dob,
        reg_group=group,
        on_roll=on_roll,
    )


LEARNERS = [
    rec(1, "Adeyemi", "Saanvi", date(2015, 9, 4), "6Oak", upn=UPN_1, adno="1516"),
    rec(2, "García", "José", date(2016, 3, 1), "5Ash", adno="1600"),
    rec(3, "O'Connor", "Siobhan", date(2016, 5, 5), "5Ash", adno="1601"),
    rec(4, "Smith-Jones", "Ronnie", date(2017, 1, 10), "4Oak", adno="1458"),
    rec(5, "van der Berg", "Anna", date(2015, 2, 2), "6Ash", adno="1602"),
    rec(6, "Brown", "Alexander", date(2016, 7, 7), "5Oak", preferred_forename="Alex"),
    rec(7, "Nowak", "Maja", date(2014, 6, 6), "6Oak", preferred_surname="Kowalska"),
    rec(8, "Taylor", "Jack", date(2016, 2, 2), "5Ash"),
    rec(9, "Taylor", "Jack", date(2016, 2, 2), "5Oak"),
    rec(10, "Khan", "Mia", date(2015, 10, 10), "6Oak", on_roll=False),
    rec(11, "Khan", "Mia", date(2015, 10, 10), "6Ash"),
    rec(12, "Hughes", "Ethan", date(2014, 1, 1), None, adno="1100", on_roll=False),
    rec(13, "Patel", "Leo", date(2018, 3, 3), "3Ash"),
    rec(14, "Patel", "Leo", date(2018, 4, 4), "3Oak"),
    rec(15, "Ali", "Noah", date(2019, 5, 1), "2Ash"),
    rec(16, "Ali", "Noah", date(2019, 8, 9), "2Ash"),
    rec(17, "Kelly", "Harry", date(2010, 2, 9), "11D"),
    rec(18, "Chowdhury", "Hugo", date(2012, 11, 7), "8E"),
    rec(19, "Kelly", "Amelia", date(2009, 11, 23), "11E"),
    rec(20, "Smith", "William", date(2016, 9, 1), "4Ash", adno="1700"),
    rec(21, "Adeyemi", "Sophie", date(2012, 10, 20), "8C", upn=UPN_NEW_LA, adno="1701"),
]


@pytest.fixture(scope="module")
def index() -> LearnerIndex:
    return LearnerIndex(LEARNERS)


def assert_matched(result: MatchResult, learner_id: int, method: str) -> None:
    assert (result.learner_id, result.method, result.reason) == (learner_id, method, None), result


def assert_review(result: MatchResult) -> None:
    assert result.learner_id is None and result.method is None, result
    assert result.reason, result


# -- UPN ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("upn", [UPN_1, UPN_1.lower(), f" {UPN_1[:5]} {UPN_1[5:]} "])
def test_upn_identifies_the_learner(index: LearnerIndex, upn: str) -> None:
    result = index.match(LearnerDetails(upn=upn))
    assert_matched(result, 1, "upn")
    assert result.warnings == []


def test_upn_with_an_la_number_stdnum_does_not_know_is_checked_by_its_letter(
    index: LearnerIndex,
) -> None:
    assert_matched(index.match(LearnerDetails(upn=UPN_NEW_LA)), 21, "upn")
    result = index.match(LearnerDetails(upn=wrong_letter(UPN_NEW_LA), adno="1701"))
    assert_matched(result, 21, "adno")
    assert "wrong check letter" in result.warnings[0]


def test_upn_with_a_wrong_check_letter_is_a_warning_and_the_row_matches_by_adno(
    index: LearnerIndex,
) -> None:
    bad = wrong_letter(UPN_1)
    result = index.match(LearnerDetails(upn=bad, adno="001516", surname="Adeyemi"))
    assert_matched(result, 1, "adno")
    assert result.warnings == [f"UPN {bad} has a wrong check letter; matched by other details"]


def test_upn_with_a_wrong_check_letter_falls_back_to_name_and_dob(index: LearnerIndex) -> None:
    details = LearnerDetails(
        upn=wrong_letter(UPN_1), surname="Adeyemi", forename="Saanvi", dob=date(2015, 9, 4)
    )
    result = index.match(details)
    assert_matched(result, 1, "name_dob")
    assert "wrong check letter" in result.warnings[0]


def test_upn_with_a_wrong_check_letter_and_nothing_else_waits_with_the_learner_as_candidate(
    index: LearnerIndex,
) -> None:
    result = index.match(LearnerDetails(upn=wrong_letter(UPN_1)))
    assert_review(result)
    assert result.candidates[0].learner_id == 1
    assert "check letter" in result.candidates[0].why


def test_valid_upn_not_on_the_list_falls_back_with_a_warning(index: LearnerIndex) -> None:
    # José has no UPN on record: nothing contradicts the one given
    details = LearnerDetails(
        upn=UPN_UNLISTED, surname="García", forename="José", dob=date(2016, 3, 1)
    )
    result = index.match(details)
    assert_matched(result, 2, "name_dob")
    assert result.warnings == [
        f"UPN {UPN_UNLISTED} is not on the learner list; matched by other details"
    ]


@pytest.mark.parametrize(
    "details",
    [
        LearnerDetails(upn=UPN_UNLISTED, surname="Adeyemi", forename="Saanvi",
                       dob=date(2015, 9, 4)),
        LearnerDetails(upn=UPN_UNLISTED, adno="1516"),
        LearnerDetails(upn=UPN_UNLISTED, surname="Adeyemi", forename="Saanvi",
                       reg_group="6Oak"),
    ],
    ids=["name and date of birth", "admission number", "name and reg group"],
)  # fmt: skip
def test_a_valid_upn_that_is_not_the_learners_own_waits_for_review(
    index: LearnerIndex, details: LearnerDetails
) -> None:
    """UPNs are unique across the trust, and a valid check letter is seldom a typo: a valid UPN
    nobody here has, given for Saanvi, whose UPN is another, may be a child at another academy
    with the same name and date of birth (PRODUCT.md: other details that contradict → review,
    never guessed)."""
    result = index.match(details)
    assert_review(result)
    assert result.reason == (
        f"Saanvi Adeyemi (6Oak) matches the row's other details, but the UPN given "
        f"({UPN_UNLISTED}) is not theirs ({UPN_1}): the row may be for another child"
    )
    assert result.candidates[0].learner_id == 1
    assert result.warnings == [f"UPN {UPN_UNLISTED} is not on the learner list"]


def test_malformed_upn_is_a_warning(index: LearnerIndex) -> None:
    result = index.match(LearnerDetails(upn="12345", adno="1516"))
    assert_matched(result, 1, "adno")
    assert "is not a valid UPN" in result.warnings[0]


def test_upn_and_a_different_admission_number_contradict(index: LearnerIndex) -> None:
    result = index.match(LearnerDetails(upn=UPN_1, adno="1600"))
    assert_review(result)
    assert result.reason == (
        f"UPN {UPN_1} is Saanvi Adeyemi (6Oak), but the admission number given (1600) differs "
        "(learner's is 1516)"
    )
    assert {c.learner_id for c in result.candidates} >= {1, 2}


# -- admission number ----------------------------------------------------------------------------


@pytest.mark.parametrize("adno", ["1516", "001516", "1516.0", " 1516 "])
def test_admission_number_without_leading_zeros(index: LearnerIndex, adno: str) -> None:
    assert_matched(index.match(LearnerDetails(adno=adno)), 1, "adno")


def test_admission_number_not_on_the_list_falls_back_with_a_warning(index: LearnerIndex) -> None:
    details = LearnerDetails(
        adno="9999", surname="Adeyemi", forename="Saanvi", dob=date(2015, 9, 4)
    )
    result = index.match(details)
    assert_matched(result, 1, "name_dob")
    assert result.warnings == [
        "Admission number 9999 is not on the learner list; matched by other details"
    ]


def test_admission_number_with_a_different_dob_waits_for_review(index: LearnerIndex) -> None:
    result = index.match(LearnerDetails(adno="1516", dob=date(2015, 9, 3)))
    assert_review(result)
    assert result.reason == (
        "Admission number 1516 is Saanvi Adeyemi (6Oak), but the date of birth given (03/09/2015) "
        "differs (learner's is 04/09/2015)"
    )
    assert result.candidates[0].learner_id == 1


@pytest.mark.parametrize(
    ("adno", "surname", "forename", "learner_id"),
    [
        ("1458", "Smith-Jones", "Ronnie", 4),
        ("1458", "Smith Jones", "Ronnie", 4),
        ("1458", "SMITH-JONES", "ronnie", 4),
        ("1458", "Smith", "Ronnie", 4),  # one part of a double-barrelled surname
        ("1458", "Jones", "Ron", 4),
        ("1700", "Smith-Jones", "Will", 20),  # the other way round, and a short form
        ("1601", "OConnor", "Siobhán", 3),
        ("1601", "O’Connor", "Shiobhan", 3),  # a typing slip
        ("1600", "Garcia", "Jose", 2),
        ("1602", "Vanderberg", "Anna", 5),
        ("1516", None, "Saanvi", 1),
        ("1516", "Adeyemi", None, 1),
    ],
)
def test_admission_number_with_consistent_names(
    index: LearnerIndex, adno: str, surname: str | None, forename: str | None, learner_id: int
) -> None:
    details = LearnerDetails(adno=adno, surname=surname, forename=forename)
    assert_matched(index.match(details), learner_id, "adno")


@pytest.mark.parametrize(
    ("surname", "forename", "problem"),
    [
        ("Okafor", "Saanvi", "the surname given (Okafor) differs (learner's is Adeyemi)"),
        ("Adeyemi", "Sophie", "the forename given (Sophie) differs (learner's is Saanvi)"),
    ],
)
def test_admission_number_with_a_different_name_waits_for_review(
    index: LearnerIndex, surname: str, forename: str, problem: str
) -> None:
    result = index.match(LearnerDetails(adno="1516", surname=surname, forename=forename))
    assert_review(result)
    assert result.reason == f"Admission number 1516 is Saanvi Adeyemi (6Oak), but {problem}"


def test_sibling_admission_number_offers_the_right_child_first(index: LearnerIndex) -> None:
    details = LearnerDetails(
        adno="1516", surname="Adeyemi", forename="Sophie", dob=date(2012, 10, 20)
    )
    result = index.match(details)
    assert_review(result)
    assert [c.learner_id for c in result.candidates[:2]] == [21, 1]


def test_forename_that_is_neither_legal_nor_preferred_contradicts(index: LearnerIndex) -> None:
    result = index.match(LearnerDetails(adno="1700", forename="Bill"))
    assert_review(result)
    assert "the forename given (Bill) differs (learner's is William)" in (result.reason or "")


def test_preferred_forename_is_named_in_the_contradiction() -> None:
    index = LearnerIndex(
        [rec(1, "Edwards", "Theodore", None, "1Ash", adno="1236", preferred_forename="Teddy")]
    )
    result = index.match(LearnerDetails(adno="1236", forename="Oliver"))
    assert "(learner's is Theodore, known as Teddy)" in (result.reason or "")
    assert_matched(index.match(LearnerDetails(adno="1236", forename="Teddy")), 1, "adno")


def test_a_different_reg_group_alone_is_only_a_warning(index: LearnerIndex) -> None:
    result = index.match(LearnerDetails(adno="1516", surname="Adeyemi", reg_group="5Ash"))
    assert_matched(result, 1, "adno")
    assert result.warnings == [
        "Reg group given (5Ash) differs: Saanvi Adeyemi (6Oak); matched anyway"
    ]


def test_reg_group_compared_without_case_or_spaces(index: LearnerIndex) -> None:
    result = index.match(LearnerDetails(adno="1516", reg_group=" 6 oak "))
    assert_matched(result, 1, "adno")
    assert result.warnings == []


# -- name + date of birth ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("surname", "forename", "dob", "learner_id"),
    [
        ("Adeyemi", "Saanvi", date(2015, 9, 4), 1),
        ("ADEYEMI", "saanvi", date(2015, 9, 4), 1),
        ("  Adeyemi ", "  Saanvi", date(2015, 9, 4), 1),
        ("García", "José", date(2016, 3, 1), 2),
        ("Garcia", "Jose", date(2016, 3, 1), 2),
        ("GARCÍA", "JOSE", date(2016, 3, 1), 2),
        ("O'Connor", "Siobhan", date(2016, 5, 5), 3),
        ("O’Connor", "Siobhan", date(2016, 5, 5), 3),
        ("OConnor", "Siobhan", date(2016, 5, 5), 3),
        ("O Connor", "Siobhan", date(2016, 5, 5), 3),
        ("Smith-Jones", "Ronnie", date(2017, 1, 10), 4),
        ("Smith Jones", "Ronnie", date(2017, 1, 10), 4),
        ("smith  -  jones", "RONNIE", date(2017, 1, 10), 4),
        ("Van Der Berg", "Anna", date(2015, 2, 2), 5),
        ("Vanderberg", "Anna", date(2015, 2, 2), 5),
        ("Brown", "Alex", date(2016, 7, 7), 6),  # preferred forename
        ("Brown", "Alexander", date(2016, 7, 7), 6),
        ("Kowalska", "Maja", date(2014, 6, 6), 7),  # preferred surname
        ("Nowak", "Maja", date(2014, 6, 6), 7),
    ],
)
def test_name_and_dob(
    index: LearnerIndex, surname: str, forename: str, dob: date, learner_id: int
) -> None:
    result = index.match(LearnerDetails(surname=surname, forename=forename, dob=dob))
    assert_matched(result, learner_id, "name_dob")
    assert result.warnings == []


@pytest.mark.parametrize(
    ("full_name", "dob", "learner_id"),
    [
        ("Adeyemi, Saanvi", date(2015, 9, 4), 1),
        ("Saanvi Adeyemi", date(2015, 9, 4), 1),
        ("ADEYEMI Saanvi", date(2015, 9, 4), 1),
        ("Adeyemi Saanvi", date(2015, 9, 4), 1),  # surname first without a comma
        ("  saanvi   ADEYEMI ", date(2015, 9, 4), 1),
        ("Anna van der Berg", date(2015, 2, 2), 5),
        ("van der Berg, Anna", date(2015, 2, 2), 5),
        ("VAN DER BERG Anna", date(2015, 2, 2), 5),
        ("José García", date(2016, 3, 1), 2),
        ("Ronnie Smith-Jones", date(2017, 1, 10), 4),
        ("Siobhan O’Connor", date(2016, 5, 5), 3),
    ],
)
def test_one_column_full_name_and_dob(
    index: LearnerIndex, full_name: str, dob: date, learner_id: int
) -> None:
    assert_matched(
        index.match(LearnerDetails(full_name=full_name, dob=dob)), learner_id, "name_dob"
    )


def test_full_name_with_adno_is_checked_for_consistency(index: LearnerIndex) -> None:
    assert_matched(
        index.match(LearnerDetails(adno="1602", full_name="Anna van der Berg")), 5, "adno"
    )
    result = index.match(LearnerDetails(adno="1602", full_name="Noah Ali"))
    assert_review(result)
    assert "the name given (Noah Ali) differs (learner's is Anna van der Berg)" in (
        result.reason or ""
    )


def test_two_learners_with_the_same_name_and_dob_wait_for_review(index: LearnerIndex) -> None:
    result = index.match(LearnerDetails(surname="Taylor", forename="Jack", dob=date(2016, 2, 2)))
    assert_review(result)
    assert result.reason == "2 learners match Jack Taylor, born 02/02/2016"
    assert sorted(c.learner_id for c in result.candidates[:2]) == [8, 9]


def test_reg_group_does_not_settle_a_name_and_dob_tie(index: LearnerIndex) -> None:
    details = LearnerDetails(
        surname="Taylor", forename="Jack", dob=date(2016, 2, 2), reg_group="5Ash"
    )
    assert_review(index.match(details))


def test_same_name_and_dob_prefers_the_learner_on_roll(index: LearnerIndex) -> None:
    result = index.match(LearnerDetails(surname="Khan", forename="Mia", dob=date(2015, 10, 10)))
    assert_matched(result, 11, "name_dob")
    assert result.warnings == [
        "2 learners match Mia Khan, born 10/10/2015; matched Mia Khan (6Ash), the one on roll"
    ]


def test_a_learner_who_has_left_can_still_be_matched(index: LearnerIndex) -> None:
    result = index.match(LearnerDetails(surname="Hughes", forename="Ethan", dob=date(2014, 1, 1)))
    assert_matched(result, 12, "name_dob")
    assert_matched(index.match(LearnerDetails(adno="1100")), 12, "adno")


def test_a_dob_off_by_one_day_does_not_match_but_is_offered(index: LearnerIndex) -> None:
    result = index.match(LearnerDetails(surname="Adeyemi", forename="Saanvi", dob=date(2015, 9, 5)))
    assert_review(result)
    assert result.reason == "No learner matches Saanvi Adeyemi, born 05/09/2015"
    assert result.candidates[0].learner_id == 1


# -- name + reg group ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("surname", "forename", "group", "learner_id"),
    [
        ("Patel", "Leo", "3Ash", 13),
        ("PATEL", "leo", "3 ash", 13),
        ("Patel", "Leo", "3Oak", 14),
        ("Smith Jones", "Ronnie", "4Oak", 4),
    ],
)
def test_name_and_reg_group_when_unique(
    index: LearnerIndex, surname: str, forename: str, group: str, learner_id: int
) -> None:
    result = index.match(LearnerDetails(surname=surname, forename=forename, reg_group=group))
    assert_matched(result, learner_id, "name_group")


def test_name_and_reg_group_not_unique_waits(index: LearnerIndex) -> None:
    result = index.match(LearnerDetails(surname="Ali", forename="Noah", reg_group="2Ash"))
    assert_review(result)
    assert result.reason == "2 learners match Noah Ali in 2Ash"
    assert sorted(c.learner_id for c in result.candidates[:2]) == [15, 16]


def test_name_and_reg_group_with_a_contradicting_dob_waits(index: LearnerIndex) -> None:
    details = LearnerDetails(
        surname="Chowdhury", forename="Hugo", dob=date(2012, 7, 11), reg_group="8E"
    )
    result = index.match(details)
    assert_review(result)
    assert result.reason == (
        "Only one Hugo Chowdhury is in 8E, but the date of birth given (11/07/2012) differs "
        "(learner's is 07/11/2012)"
    )
    assert result.candidates[0].learner_id == 18
    assert "day and month swapped" in result.candidates[0].why


def test_name_alone_is_not_enough(index: LearnerIndex) -> None:
    result = index.match(LearnerDetails(surname="Patel", forename="Leo"))
    assert_review(result)
    assert "a name alone is not enough" in (result.reason or "")
    assert {c.learner_id for c in result.candidates} == {13, 14}


# -- nobody, and candidates ----------------------------------------------------------------------


def test_no_match_offers_ranked_candidates(index: LearnerIndex) -> None:
    details = LearnerDetails(
        surname="Kelly", forename="Hrary", dob=date(2010, 2, 9), reg_group="11D"
    )
    result = index.match(details)
    assert_review(result)
    assert result.reason == "No learner matches Hrary Kelly, born 09/02/2010, reg group 11D"
    best = result.candidates[0]
    assert best.learner_id == 17
    assert best.why == "same surname, date of birth and reg group; similar forename (Harry)"
    scores = [c.score for c in result.candidates]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert best.score > 0.8


def test_nobody_like_the_row_means_no_candidates(index: LearnerIndex) -> None:
    details = LearnerDetails(
        surname="Collins", forename="William", dob=date(2016, 2, 29), reg_group="4X"
    )
    result = index.match(details)
    assert_review(result)
    assert result.candidates == []


def test_an_empty_row_waits_for_review(index: LearnerIndex) -> None:
    result = index.match(LearnerDetails())
    assert_review(result)
    assert result.reason == (
        "No learner matches: the row gives no name, date of birth, admission number or UPN that "
        "can be used"
    )


def test_at_most_five_candidates() -> None:
    learners = [rec(i, "Smith", f"Amy{chr(96 + i)}", date(2015, 1, i), "1A") for i in range(1, 12)]
    result = LearnerIndex(learners).match(LearnerDetails(surname="Smith", forename="Amy"))
    assert_review(result)
    assert len(result.candidates) == MAX_CANDIDATES


def test_candidates_built_in_part_while_the_file_is_parsed_are_the_whole_candidates() -> None:
    """An import builds the candidate tables while its file is parsed, and stops when the parse
    ends (``prepare_candidates(go_on)``); a row that needs review then gets the same candidates
    as from tables built at once — the learners of the slices not yet added included."""
    learners = [rec(i, f"Surname{i % 97}", f"Forename{i % 89}", date(2010, 1, 1 + i % 28),
                    f"{i % 7}A") for i in range(1, 6001)]  # fmt: skip
    rows = [
        LearnerDetails(surname="Surname5", forename="Forenam5", dob=date(2010, 1, 6)),
        LearnerDetails(surname="Surname96", forename="Forename88", reg_group="5A"),
        LearnerDetails(surname="Surnam12", forename="Forename3", dob=date(2010, 1, 20)),
    ]
    whole = LearnerIndex(learners)
    whole.prepare_candidates()
    looks: list[int] = []

    def go_on() -> bool:
        looks.append(1)
        return len(looks) < 2  # the parse ends after the second slice

    partly = LearnerIndex(learners)
    partly.prepare_candidates(go_on)
    assert len(looks) == 2  # stopped with slices still to add
    for details in rows:
        expected = whole.match(details)
        assert expected.candidates  # (each row has candidates to compare)
        assert partly.match(details) == expected


def test_candidates_for_a_changed_surname_with_the_same_dob_and_forename(
    index: LearnerIndex,
) -> None:
    details = LearnerDetails(surname="Johnson", forename="Saanvi", dob=date(2015, 9, 4))
    result = index.match(details)
    assert_review(result)
    assert result.candidates[0].learner_id == 1
    assert "different surname (Adeyemi)" in result.candidates[0].why


def test_left_learner_candidates_say_so() -> None:
    index = LearnerIndex([rec(1, "Hughes", "Ethan", date(2014, 1, 1), "6A", on_roll=False)])
    result = index.match(LearnerDetails(surname="Hughes", forename="Eithan", dob=date(2014, 1, 1)))
    assert result.candidates[0].why.endswith("has left")


names_st = st.sampled_from(["Adeyemi", "Saanvi", "Taylor", "Jack", "Khan", "Mia", "Ali", "", "Zed"])


@settings(max_examples=300, deadline=None)
@given(
    surname=st.one_of(st.none(), names_st),
    forename=st.one_of(st.none(), names_st),
    full_name=st.one_of(st.none(), st.text(max_size=20)),
    dob=st.one_of(
        st.none(), st.sampled_from([date(2015, 9, 4), date(2016, 2, 2), date(2019, 5, 1)])
    ),
    group=st.one_of(st.none(), st.sampled_from(["6Oak", "5Ash", "2Ash", "9Z"])),
    adno=st.one_of(st.none(), st.sampled_from(["1516", "0", "99", "001600"])),
    upn=st.one_of(st.none(), st.sampled_from([UPN_1, wrong_letter(UPN_1), "X", UPN_UNLISTED])),
)
def test_every_row_is_matched_or_explained(
    surname: str | None,
    forename: str | None,
    full_name: str | None,
    dob: date | None,
    group: str | None,
    adno: str | None,
    upn: str | None,
) -> None:
    index = LearnerIndex(LEARNERS)
    details = LearnerDetails(upn, adno, surname, forename, full_name, dob, group)
    result = index.match(details)
    assert (result.learner_id is None) == bool(result.reason)
    assert (result.learner_id is None) == (result.method is None)
    assert len(result.candidates) <= MAX_CANDIDATES
    if result.learner_id is not None:
        learner = index.get(result.learner_id)
        assert learner is not None
        assert dob is None or learner.dob == dob


def test_match_many_keeps_order_and_the_garbage_collector_state(index: LearnerIndex) -> None:
    import gc

    rows = [LearnerDetails(adno="1516"), LearnerDetails(), LearnerDetails(adno="1600")]
    results = index.match_many(rows)
    assert [r.learner_id for r in results] == [1, None, 2]
    assert gc.isenabled()


# -- the sample files ----------------------------------------------------------------------------


def sample_adno(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    if text.endswith(".0"):
        text = text[:-2]
    return (text.lstrip("0") or "0") if text else None


def text_or_none(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def oakfield_learners() -> list[LearnerRecord]:
    out = []
    with open(SAMPLES / "oakfield-learners-sims.csv", newline="", encoding="utf-8-sig") as f:
        for n, row in enumerate(csv.DictReader(f), start=1):
            out.append(
                LearnerRecord(
                    id=n,
                    upn=text_or_none(row["UPN"]),
                    adno=sample_adno(row["Adno"]),
                    legal_surname=row["Legal Surname"],
                    legal_forename=row["Legal Forename"],
                    preferred_forename=text_or_none(row["Preferred Forename"]),
                    preferred_surname=text_or_none(row["Preferred Surname"]),
                    dob=datetime.strptime(row["DOB"], "%d/%m/%Y").date(),
                    year_group=row["Year"],
                    reg_group=row["Reg Group"],
                )
            )
    return out


def sheet_rows(name: str, sheet: str | None = None) -> list[list[Any]]:
    book = CalamineWorkbook.from_path(str(SAMPLES / name))
    return book.get_sheet_by_name(sheet or book.sheet_names[0]).to_python()


def hillgate_learners() -> list[LearnerRecord]:
    rows = sheet_rows("hillgate-learners-bromcom.xlsx")
    col = {str(h): i for i, h in enumerate(rows[0])}
    return [
        LearnerRecord(
            id=1000 + n,
            upn=text_or_none(row[col["UPN"]]),
            adno=sample_adno(row[col["Admission Number"]]),
            legal_surname=row[col["Last Name"]],
            legal_forename=row[col["First Name"]],
            dob=row[col["Date of Birth"]],
            year_group=text_or_none(row[col["Year Group"]]),
            reg_group=text_or_none(row[col["Tutor Group"]]),
        )
        for n, row in enumerate(rows[1:], start=2)
    ]


def oakfield_returns() -> list[tuple[int, LearnerDetails]]:
    rows = sheet_rows("oakfield-returns-typed.xlsx", "Returns")
    header = next(i for i, row in enumerate(rows) if "Adno" in row)
    assert header + 1 == 3  # spreadsheet row 3
    col = {str(h): i for i, h in enumerate(rows[header])}
    return [
        (
            header + 2 + n,
            LearnerDetails(
                adno=sample_adno(row[col["Adno"]]),
                surname=text_or_none(row[col["Surname"]]),
                forename=text_or_none(row[col["Forename"]]),
                reg_group=text_or_none(row[col["Class"]]),
            ),
        )
        for n, row in enumerate(rows[header + 1 :])
        if any(str(cell).strip() for cell in row)
    ]


def hillgate_returns() -> list[tuple[int, LearnerDetails]]:
    rows = sheet_rows("hillgate-returns-msforms.xlsx")
    col = {str(h): i for i, h in enumerate(rows[0])}
    return [
        (
            n,
            LearnerDetails(
                forename=text_or_none(row[col["Child's first name"]]),
                surname=text_or_none(row[col["Child's surname"]]),
                dob=row[col["Child's date of birth"]] or None,
                reg_group=text_or_none(row[col["Child's tutor group"]]),
            ),
        )
        for n, row in enumerate(rows[1:], start=2)
    ]


EXPECTED = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))


def needs_review(file_name: str) -> list[int]:
    return next(f["needs_review_rows"] for f in EXPECTED["files"] if f["file"] == file_name)


@pytest.mark.parametrize(
    ("academy", "load_learners", "returns_file", "load_returns"),
    [
        ("OAK", oakfield_learners, "oakfield-returns-typed.xlsx", oakfield_returns),
        ("HGH", hillgate_learners, "hillgate-returns-msforms.xlsx", hillgate_returns),
    ],
)
def test_sample_returns(
    academy: str, load_learners: Any, returns_file: str, load_returns: Any
) -> None:
    learners: list[LearnerRecord] = load_learners()
    by_id = {learner.id: learner for learner in learners}
    by_adno = {learner.adno: learner for learner in learners}
    index = LearnerIndex(learners)
    unmatched = []
    matched_upns = set()
    rows = load_returns()
    assert len(rows) > 300
    for row_number, details in rows:
        result = index.match(details)
        if result.learner_id is None:
            assert result.reason, row_number
            unmatched.append(row_number)
            continue
        learner = by_id[result.learner_id]
        matched_upns.add(learner.upn)
        if details.adno:
            assert learner is by_adno[details.adno], row_number
            assert result.method == "adno"
        else:
            assert result.method == "name_dob" if details.dob else "name_group"
            assert details.dob is None or learner.dob == details.dob
    assert unmatched == needs_review(returns_file)
    # Every learner who returned a form according to expected.json, and only they, was matched.
    returned = {
        upn
        for upn, state in EXPECTED["academies"][academy]["learners"].items()
        if state["status"] != "not_returned"
    }
    assert matched_upns == returned


def test_sample_review_rows_have_useful_reasons_and_candidates() -> None:
    learners = hillgate_learners()
    index = LearnerIndex(learners)
    by_id = {learner.id: learner for learner in learners}
    results = {n: index.match(d) for n, d in hillgate_returns() if n in (633, 771, 802)}
    harry = by_id[results[633].candidates[0].learner_id]
    assert (harry.legal_forename, harry.legal_surname) == ("Harry", "Kelly")
    assert "date of birth given (11/07/2012) differs" in (results[771].reason or "")
    hugo = by_id[results[771].candidates[0].learner_id]
    assert (hugo.legal_forename, hugo.legal_surname) == ("Hugo", "Chowdhury")
    assert (results[802].reason or "").startswith("No learner matches William Collins")


@pytest.mark.parametrize(("word", "expected"), [("Patel", {13}), ("Leo", {13}), ("Saanvi", {1})])
def test_one_word_in_the_name_column_finds_candidates(
    index: LearnerIndex, word: str, expected: set[int]
) -> None:
    """ "Patel" or "Olivia" alone in a one-column name, with a date of birth: the row waits
    (a name needs both parts), and it had no candidates, though the learners who share that
    name and date of birth are plain to see. A half name scores below a whole one."""
    dob = {"Patel": date(2018, 3, 3), "Leo": date(2018, 3, 3), "Saanvi": date(2015, 9, 4)}[word]
    result = index.match(LearnerDetails(full_name=word, dob=dob))
    assert_review(result)
    found = {c.learner_id: c for c in result.candidates}
    assert expected <= set(found)
    best = max(found.values(), key=lambda c: c.score)
    assert best.learner_id in expected and best.score < 1.0
    assert "date of birth" in best.why
