"""The order of year groups and registration groups (one rule for the screen and for paper)."""

from __future__ import annotations

from consent_desk.domain.groups import (
    group_key,
    group_sort_text,
    ordered_groups,
    year_group_text,
    year_key,
    year_sort_text,
)


def test_reception_and_nursery_come_before_year_1_and_blank_years_last() -> None:
    years = ["6", "", "R", "10", "1", "Nursery", "Y7", "2", "reception"]
    assert sorted(years, key=year_key) == [
        "Nursery",
        "R",
        "reception",
        "1",
        "2",
        "6",
        "10",
        "Y7",
        "",
    ]
    assert sorted(years, key=year_sort_text) == sorted(years, key=year_key)


def test_a_reception_group_is_listed_before_year_6_whatever_its_name() -> None:
    # Reception's groups are often named for animals or with an R; they still come first
    year_of = {"6B": "6", "6A": "6", "Robins": "R", "RB": "Reception", "1A": "1", "10C": "10"}
    assert ordered_groups(year_of) == ["RB", "Robins", "1A", "6A", "6B", "10C"]


def test_learners_with_no_group_come_last() -> None:
    year_of: dict[str, str | None] = {"": "R", "6A": "6", "RA": "R"}
    assert ordered_groups(year_of) == ["RA", "6A", ""]
    assert group_key(None, "R") > group_key("13Z", "13")


def test_numbers_in_group_names_compare_as_numbers() -> None:
    year_of = {"7B/2": "7", "7B/10": "7", "7A": "7"}
    assert ordered_groups(year_of) == ["7A", "7B/2", "7B/10"]


def test_the_fast_text_keys_sort_like_the_group_key() -> None:
    pairs = [("6A", "6"), (None, "R"), ("Robins", "R"), ("10C", "10"), ("", None), ("1A", "1")]
    assert sorted(pairs, key=lambda p: group_sort_text(*p)) == sorted(
        pairs, key=lambda p: group_key(*p)
    )


def test_year_groups_are_named_as_the_office_says_them() -> None:
    assert [year_group_text(y) for y in ("N", "rec", "4", "Y7")] == [
        "Nursery",
        "Reception",
        "Year 4",
        "Y7",
    ]
