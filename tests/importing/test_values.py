"""Cell values: UK day-first dates, Excel serials, admission numbers, UPNs, year groups."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.gb import upn as stdnum_upn

from consent_desk.importing.values import (
    clean_text,
    is_valid_upn,
    normalise_adno,
    normalise_upn,
    normalise_year_group,
    parse_date,
    parse_datetime,
    upn_problem,
)

SEPT_3 = date(2015, 9, 3)


@pytest.mark.parametrize(
    "text",
    [
        "3/9/2015",
        "03/09/2015",
        "03-09-2015",
        "03.09.2015",
        "2015-09-03",
        "3 September 2015",
        "3 Sept 2015",
        "3rd Sep 2015",
        "03/09/15",
        " 3 sep 2015 ",
        "3-Sep-2015",
        "3 SEPT. 2015",
        "Thursday 3rd September 2015",
        "3rd of September 2015",
        "September 3, 2015",
        "03/09/2015 00:00:00",
        "2015-09-03T00:00:00",
        "2015/09/03",
    ],
)
def test_uk_date_texts(text: str) -> None:
    assert parse_date(text) == SEPT_3


def test_day_first_never_month_first() -> None:
    assert parse_date("13/02/2015") == date(2015, 2, 13)
    assert parse_date("02/03/2015") == date(2015, 3, 2)
    with pytest.raises(ValueError, match=r"'02/13/2015' is not a valid date.*day first"):
        parse_date("02/13/2015")


@pytest.mark.parametrize("text", ["31/02/2015", "00/01/2015", "hello", "3 Smarch 2015", "1/1/1800"])
def test_bad_dates_raise_with_the_text_found(text: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_date(text)
    assert f"'{text}'" in str(info.value)


def test_date_cells_and_excel_serials() -> None:
    assert parse_date(SEPT_3) == SEPT_3
    assert parse_date(datetime(2015, 9, 3, 14, 30)) == SEPT_3
    assert parse_date(42250) == SEPT_3  # Excel 1900 date system
    assert parse_date(42250.75) == SEPT_3
    assert parse_date("42250") == SEPT_3  # a serial that arrived as text (CSV)
    assert parse_date(None) is None
    assert parse_date("   ") is None


@pytest.mark.parametrize("value", [5, -3, 10_000_000, True, float("nan"), float("inf")])
def test_numbers_that_are_not_dates(value: object) -> None:
    with pytest.raises(ValueError, match="is not a date"):
        parse_date(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2025, 9, 3, 8, 28), datetime(2025, 9, 3, 8, 28)),  # MS Forms "Completion time"
        ("03/09/2025 08:28", datetime(2025, 9, 3, 8, 28)),
        ("3/9/2025 8:28:15", datetime(2025, 9, 3, 8, 28, 15)),
        ("03/09/2025 8:28 pm", datetime(2025, 9, 3, 20, 28)),
        ("03/09/2025 12:05 am", datetime(2025, 9, 3, 0, 5)),
        ("2025-09-03T08:28:00Z", datetime(2025, 9, 3, 8, 28)),
        ("2025/09/03 8:28:15 AM GMT+1", datetime(2025, 9, 3, 8, 28, 15)),  # Google Forms
        (date(2025, 9, 3), datetime(2025, 9, 3)),
        (45903.5, datetime(2025, 9, 3, 12, 0)),
        ("", None),
    ],
)
def test_received_times(value: object, expected: datetime | None) -> None:
    assert parse_datetime(value) == expected


def test_impossible_time_raises() -> None:
    with pytest.raises(ValueError, match="time that does not exist"):
        parse_datetime("03/09/2025 25:61")


@settings(deadline=None)
@given(st.dates(min_value=date(1901, 1, 1), max_value=date(2099, 12, 31)))
def test_every_written_form_of_a_date_reads_back(day: date) -> None:
    for text in (
        f"{day.day}/{day.month}/{day.year}",
        f"{day:%d/%m/%Y}",
        f"{day:%d-%m-%Y}",
        f"{day:%d.%m.%Y}",
        f"{day:%Y-%m-%d}",
        f"{day.day} {day:%B %Y}",
        f"{day.day} {day:%b %Y}",
    ):
        assert parse_date(text) == day, text
    if 1969 <= day.year <= 2068:
        assert parse_date(f"{day:%d/%m/%y}") == day


@settings(deadline=None)
@given(st.one_of(st.text(max_size=40), st.floats(), st.integers(), st.booleans(), st.none()))
def test_parse_date_only_ever_raises_value_error(value: object) -> None:
    try:
        result = parse_datetime(value)
    except ValueError as err:
        assert str(err)
    else:
        assert result is None or isinstance(result, datetime)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("  Group   photos\tonly ", "Group photos only"),
        ("\u00a0Smith\u200b", "Smith"),
        (1516.0, "1516"),
        (1.5, "1.5"),
        (True, "TRUE"),
        (date(2015, 9, 3), "03/09/2015"),
        ("   ", None),
        (None, None),
    ],
)
def test_clean_text(value: object, expected: str | None) -> None:
    assert clean_text(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("001516", "1516"),
        ("1516", "1516"),
        ("1516.0", "1516"),
        (1516.0, "1516"),
        (1516, "1516"),
        (" 001516 ", "1516"),
        ("000", "0"),
        (" ab 12 ", "AB12"),
        ("A0015", "A0015"),
        ("", None),
        (None, None),
    ],
)
def test_admission_numbers_lose_leading_zeros(value: object, expected: str | None) -> None:
    assert normalise_adno(value) == expected


def test_upns() -> None:
    assert normalise_upn(" e873 2104 25386 ") == "E873210425386"
    assert normalise_upn("") is None
    assert is_valid_upn("E873210425386")
    assert upn_problem("A873210425386") == "check letter"
    assert not is_valid_upn("A873210425386")
    assert upn_problem("E87321042538") == "format"
    assert not is_valid_upn(None)


def test_upn_from_a_new_local_authority_is_accepted_when_its_check_letter_is_right() -> None:
    body = "940123425001"  # LA 940 (2021) is missing from python-stdnum's list
    upn = stdnum_upn.calc_check_digit(body) + body
    assert not stdnum_upn.is_valid(upn)
    assert is_valid_upn(upn)
    wrong = ("A" if upn[0] != "A" else "B") + body
    assert upn_problem(wrong) == "check letter"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Reception", "R"),
        ("Rec", "R"),
        ("R", "R"),
        ("YR", "R"),
        ("reception", "R"),
        ("Nursery", "N"),
        ("N", "N"),
        ("Year 7", "7"),
        ("Y7", "7"),
        ("7", "7"),
        (7.0, "7"),
        (7, "7"),
        ("Yr 10", "10"),
        ("Year 07", "7"),
        ("NC Year 11", "11"),
        ("13", "13"),
        ("Sixth Form", "Sixth Form"),
        ("", None),
        (None, None),
    ],
)
def test_year_groups(value: object, expected: str | None) -> None:
    assert normalise_year_group(value) == expected


@pytest.mark.parametrize("text", ["3rd Oct", "October 3", "3/10", "5 Sept"])
def test_a_date_with_no_year_says_so(text: str) -> None:
    """ "3rd Oct" was told to "write dates day first", which it is: it lacks the year."""
    with pytest.raises(ValueError, match="has no year: write the date in full"):
        parse_date(text)
