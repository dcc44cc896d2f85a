"""Name comparison: keys, one-column full names, consistency and similarity."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consent_desk.importing.names import (
    compact_key,
    edit_distance,
    forename_fits,
    forename_similarity,
    group_after_name,
    name_key,
    name_tokens,
    split_full_name,
    surname_fits,
    surname_similarity,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Smith", "smith"),
        ("  SMITH  ", "smith"),
        ("José", "jose"),
        ("JOSÉ", "jose"),
        ("Zoë", "zoe"),
        ("Łukasz", "lukasz"),
        ("Søren", "soren"),
        ("Strauß", "strauss"),
        ("Æsa", "aesa"),
        ("Chloé-Anne", "chloe anne"),
        ("O'Connor", "oconnor"),
        ("O’Connor", "oconnor"),
        ("O‘Connor", "oconnor"),
        ("O`Connor", "oconnor"),
        ("Smith-Jones", "smith jones"),
        ("Smith – Jones", "smith jones"),
        ("van  der   Berg", "van der berg"),
        ("St. John", "st john"),
        ("\tMary\u00a0Jane ", "mary jane"),
        ("", ""),
        ("-", ""),
    ],
)
def test_name_key(text: str, expected: str) -> None:
    assert name_key(text) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("O'Connor", "OConnor"),
        ("O'Connor", "O’Connor"),
        ("O'Connor", "o connor"),
        ("Smith-Jones", "Smith Jones"),
        ("Smith-Jones", "SMITHJONES"),
        ("van der Berg", "Vanderberg"),
        ("José", "Jose"),
        ("  amelia   ", "AMELIA"),
        ("Nowak", "Nowák"),
    ],
)
def test_compact_key_equal(a: str, b: str) -> None:
    assert compact_key(a) == compact_key(b)


@pytest.mark.parametrize(("a", "b"), [("Smith", "Smyth"), ("Ann", "Anna"), ("Li", "Lim")])
def test_compact_key_different(a: str, b: str) -> None:
    assert compact_key(a) != compact_key(b)


def test_name_tokens() -> None:
    assert name_tokens("Smith-Jones") == ("smith", "jones")
    assert name_tokens("O'Connor") == ("oconnor",)


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("harry", "harry", 0),
        ("harry", "hrary", 1),  # two neighbouring letters swapped
        ("smith", "smyth", 1),
        ("smith", "smit", 1),
        ("jon", "john", 1),
        ("kitten", "sitting", 3),
        ("", "abc", 3),
        ("abcdefgh", "a", 4),  # above the limit: limit + 1
    ],
)
def test_edit_distance(a: str, b: str, distance: int) -> None:
    assert edit_distance(a, b, limit=3) == distance
    assert edit_distance(b, a, limit=3) == distance


def test_edit_distance_stops_at_limit() -> None:
    assert edit_distance("abcdef", "uvwxyz", limit=1) == 2


@pytest.mark.parametrize(
    ("text", "first", "also"),
    [
        ("Berg, Anna Maria", ("Berg", "Anna Maria"), []),
        ("van der Berg , Anna", ("van der Berg", "Anna"), []),
        ("Anna Smith", ("Smith", "Anna"), [("Anna", "Smith")]),
        (
            "Anna van der Berg",
            ("van der Berg", "Anna"),
            [("der Berg", "Anna van"), ("Berg", "Anna van der"), ("Anna", "van der Berg")],
        ),
        ("SMITH Anna", ("SMITH", "Anna"), [("Anna", "SMITH")]),
        ("VAN DER BERG Anna Maria", ("VAN DER BERG", "Anna Maria"), []),
        ("Anna VAN DER BERG", ("VAN DER BERG", "Anna"), []),
        ("O'CONNOR Siobhán", ("O'CONNOR", "Siobhán"), []),
        ("SMITH A", ("SMITH", "A"), []),  # an initial is not a capitalised surname
        ("  Mary   Jane  Smith ", ("Jane Smith", "Mary"), [("Smith", "Mary Jane")]),
    ],
)
def test_split_full_name(text: str, first: tuple[str, str], also: list[tuple[str, str]]) -> None:
    readings = split_full_name(text)
    assert readings[0] == first
    for reading in also:
        assert reading in readings
    assert len(readings) == len(set(readings))


def test_split_full_name_with_comma_has_one_reading() -> None:
    assert split_full_name("Smith, Anna") == [("Smith", "Anna")]


@pytest.mark.parametrize("text", ["", "   ", "Anna", "Smith,", ", Anna"])
def test_split_full_name_without_two_parts(text: str) -> None:
    assert split_full_name(text) == []


def test_split_full_name_all_capitals_gives_every_reading() -> None:
    assert split_full_name("ANNA SMITH") == [("SMITH", "ANNA"), ("ANNA", "SMITH")]


@pytest.mark.parametrize(
    ("given", "surnames", "fits"),
    [
        ("Smith", ["Smith"], True),
        ("SMITH", ["Smith"], True),
        ("Smith", ["Smith-Jones"], True),
        ("Smith-Jones", ["Smith"], True),
        ("Smithjones", ["Smith"], True),
        ("Jones", ["Smith-Jones"], True),
        ("O'Connor", ["OConnor"], True),
        ("Nowák", ["Nowak"], True),
        ("Jonse", ["Jones"], True),  # one typing slip
        ("Smith", ["Brown", "Smith"], True),  # preferred surname
        ("", ["Smith"], True),
        ("Brown", ["Smith"], False),
        ("Smyth-Brown", ["Smith"], False),
        ("Li", ["Lim"], False),
        ("Khan", ["Kahn", "Shah"], True),
        ("Patel", ["Begum"], False),
    ],
)
def test_surname_fits(given: str, surnames: list[str], fits: bool) -> None:
    assert surname_fits(given, surnames) is fits


@pytest.mark.parametrize(
    ("given", "forenames", "fits"),
    [
        ("Alex", ["Alexander"], True),
        ("Alexander", ["Alex"], True),
        ("Jo", ["Joanne"], True),
        ("Mary", ["Mary Jane"], True),
        ("Hrary", ["Harry"], True),
        ("José", ["Jose"], True),
        ("Sam", ["Samuel", "Sammy"], True),
        ("Bill", ["William"], False),
        ("Jim", ["Ji-woo", "Jimmy"], True),
        ("Oliver", ["Olivia"], True),  # same first three letters: documented as consistent
        ("Tom", ["Harry"], False),
        ("Harry", ["Harriet", "Hattie"], True),
        ("", ["Harry"], True),
    ],
)
def test_forename_fits(given: str, forenames: list[str], fits: bool) -> None:
    assert forename_fits(given, forenames) is fits


def test_similarity_levels() -> None:
    assert surname_similarity("Smith", ("Smith",)) == 1.0
    assert surname_similarity("Smtih", ("Smith",)) == 0.6
    assert surname_similarity("Brown", ("Smith",)) == 0.0
    assert forename_similarity("Harry", ("Harry",)) == 1.0
    assert forename_similarity("Hrary", ("Harry",)) == 0.6
    assert forename_similarity("Hugh", ("Harry",)) == 0.3
    assert forename_similarity("Tom", ("Harry",)) == 0.0


def _reference_distance(a: str, b: str) -> int:
    """Optimal string alignment over the whole table, for checking the banded version."""
    rows = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        rows[i][0] = i
    for j in range(len(b) + 1):
        rows[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            rows[i][j] = min(
                rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + (a[i - 1] != b[j - 1])
            )
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[len(a)][len(b)]


@settings(max_examples=500, deadline=None)
@given(
    a=st.text(alphabet="abcd", max_size=8),
    b=st.text(alphabet="abcd", max_size=8),
    limit=st.integers(min_value=0, max_value=4),
)
def test_edit_distance_agrees_with_the_full_table(a: str, b: str, limit: int) -> None:
    assert edit_distance(a, b, limit) == min(_reference_distance(a, b), limit + 1)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_name_key_is_idempotent_and_compact_key_has_no_spaces(text: str) -> None:
    key = name_key(text)
    assert name_key(key) == key
    assert " " not in compact_key(text)
    assert key == key.strip() and "  " not in key


@pytest.mark.parametrize(
    ("cell", "split"),
    [
        ("John Smith (7A)", ("John Smith", "7A")),
        ("Jack Thompson - 8C", ("Jack Thompson", "8C")),
        ("SMITH, John (Year 7)", ("SMITH, John", "Year 7")),
        ("Amy Smith-Jones - 7A", ("Amy Smith-Jones", "7A")),
        ("Ella Rose (RF)", ("Ella Rose", "RF")),
        ("Robert Smith (Rob)", None),  # a name, not a class
        ("Smith, John", None),  # surname first
        ("Mia Wong 7A", None),  # nothing says where the name ends
        ("Amy Smith-Jones", None),
    ],
)
def test_a_class_after_a_name_in_one_cell(cell: str, split: tuple[str, str] | None) -> None:
    assert group_after_name(cell) == split
