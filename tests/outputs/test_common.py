"""The shared words, order and helpers every output relies on."""

from __future__ import annotations

import pytest

from consent_desk.domain.groups import natural_key
from consent_desk.domain.purposes import PURPOSE_KEYS
from consent_desk.outputs.common import (
    by_surname,
    describe_restrictions,
    is_listed,
    name_key,
    purpose_label,
    refused_cell,
)
from consent_desk.outputs.pdfstyle import fonts, text_width, wrap_text
from consent_desk.outputs.xlsxdoc import clean_text, sheet_title, year_value

from .factories import context, learner, ret


def test_describe_restrictions_for_every_status() -> None:
    labels = context().purpose_labels
    restricted = learner(
        "A", "A", [ret(refuse=["website", "print"], unanswered=["video"], limitation="first name")]
    )
    assert describe_restrictions(restricted, labels) == [
        "Restricted",
        "Refused: Websites, Print",
        "Not answered: Video",
        "Limitation: first name",
    ]
    refused_all = learner("B", "B", [ret(refuse=PURPOSE_KEYS)])
    assert describe_restrictions(refused_all, labels) == ["NO IMAGES"]
    flagged = learner("C", "C", [ret(limitation="back of head only")], safeguarding=True)
    assert describe_restrictions(flagged, labels) == ["NO IMAGES", "Limitation: back of head only"]
    assert describe_restrictions(learner("D", "D", []), labels) == ["NO RETURN YET"]
    assert describe_restrictions(learner("E", "E", [ret(limitation="none")]), labels) == [
        "No restriction"
    ]


def test_no_images_reads_the_same_whatever_the_cause() -> None:
    labels = context().purpose_labels
    refused_all = learner("B", "B", [ret(refuse=PURPOSE_KEYS)])
    flagged = learner("C", "C", [ret()], safeguarding=True)
    assert refused_cell(refused_all, labels) == refused_cell(flagged, labels) == "All purposes"


def test_trust_labels_are_used_and_unknown_keys_read_as_words() -> None:
    assert purpose_label("press", {"press": "Newspapers"}) == "Newspapers"
    assert purpose_label("press", {}) == "Press"
    assert purpose_label("school_trips", {}) == "School trips"


def test_listing_follows_the_rule_and_the_trust_setting() -> None:
    not_returned = learner("D", "D", [])
    assert is_listed(not_returned, context(True))
    assert not is_listed(not_returned, context(False))
    assert not is_listed(learner("L", "L", [ret(refuse=["press"])], on_roll=False), context())


def test_names_sort_as_a_register_does() -> None:
    rows = [
        learner(s, "X", [])
        for s in ("Zeta", "Évora", "O'Neill", "Łoś", "de Souza", "Ng", "Davies", "Ozturk")
    ]
    assert [r.surname for r in by_surname(rows)] == [
        "Davies",
        "de Souza",
        "Évora",
        "Łoś",
        "Ng",
        "O'Neill",
        "Ozturk",
        "Zeta",
    ]
    assert name_key("Wiśniewska") == "wisniewska"


def test_groups_sort_naturally() -> None:
    groups = ["10A", "7B", None, "7A", "R", "11C", "9"]
    assert sorted(groups, key=natural_key) == ["7A", "7B", "9", "10A", "11C", "R", None]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Summary", "Summary (2)"),
        ("a/b:c*d?e[f]g\\h", "a-b-c-d-e-f-g-h"),
        ("x" * 40, "x" * 31),
        ("'quoted'", "quoted"),
        ("", "Sheet"),
    ],
)
def test_sheet_titles_are_valid_and_unique(text: str, expected: str) -> None:
    assert sheet_title(text, {"summary"}) == expected


def test_long_sheet_title_clash_keeps_31_characters() -> None:
    used: set[str] = set()
    first = sheet_title("y" * 40, used)
    second = sheet_title("Y" * 40, used)
    assert first != second and len(second) == 31 and second.endswith("(2)")


def test_cell_text_cleaning_and_years() -> None:
    assert clean_text("a\x00b\x0bc") == "abc"
    assert year_value("10") == 10 and year_value("R") == "R" and year_value(None) is None


def test_wrapping_breaks_at_spaces_within_the_room() -> None:
    font = fonts().regular
    text = "Refused: Displays in the academy, Websites, Social media, Print"
    wrapped = wrap_text(text, font, 10, 120)
    assert wrapped.replace("\n", " ") == text
    assert all(text_width(line, font, 10) <= 120 for line in wrapped.split("\n"))
    long_word = wrap_text("Supercalifragilisticexpialidocious", font, 10, 40)
    assert long_word.replace("\n", "") == "Supercalifragilisticexpialidocious"
    assert all(text_width(line, font, 10) <= 40 for line in long_word.split("\n"))
