"""Cell values as offices type them: UK dates, admission numbers, UPNs, year groups.

Every function takes a raw cell (``str``, ``int``, ``float``, ``bool``, ``date``, ``datetime`` or
``None``) and returns a clean value, ``None`` for a blank cell, or raises ``ValueError`` with a
message that quotes the text found and says how it should be written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from stdnum.exceptions import InvalidChecksum, InvalidComponent, ValidationError
from stdnum.gb import upn as _upn

_EXCEL_EPOCH = datetime(1899, 12, 30)  # serial 1 = 1900-01-01 allowing for Excel's 1900 leap bug
_MIN_SERIAL = 367  # 1901-01-01
_MAX_SERIAL = 73415  # 2100-12-31
_MIN_YEAR = 1900
_MAX_YEAR = 2100

# Characters that show nothing: zero-width spaces and joiners, byte-order marks, and the
# variation selectors that turn ✔ into the emoji ✔️ (pasted text and phones add them).
INVISIBLE: dict[int, str | None] = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u2060\ufeff\ufe0e\ufe0f"), None
)

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}  # fmt: skip
MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY_RE = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+"
_TIME_RE = (
    r"(?:[ t,]+(?P<h>\d{1,2})[:.](?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?\s*(?P<ampm>[ap]\.?m\.?)?"
    r"\s*(?:z|utc|gmt|bst|[+-]\d{2}:?\d{2}|(?:gmt|utc)\s*[+-]\s*\d{1,2}(?::?\d{2})?)?)?"
)
_NUMERIC_DATE = re.compile(
    rf"^(?:{_WEEKDAY_RE})?(?P<d>\d{{1,2}})\s*[/.\-]\s*(?P<m>\d{{1,2}})\s*[/.\-]\s*"
    rf"(?P<y>\d{{4}}|\d{{2}}){_TIME_RE}$"
)
_ISO_DATE = re.compile(rf"^(?P<y>\d{{4}})[/.\-](?P<m>\d{{1,2}})[/.\-](?P<d>\d{{1,2}}){_TIME_RE}$")
_TEXT_DATE = re.compile(
    rf"^(?:{_WEEKDAY_RE})?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?[\s\-/.]*(?P<mn>{MONTH_RE})\.?"
    rf"[\s,\-/.]*(?P<y>\d{{4}}|\d{{2}}){_TIME_RE}$"
)
_MONTH_FIRST_TEXT = re.compile(
    rf"^(?:{_WEEKDAY_RE})?(?P<mn>{MONTH_RE})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
    rf"(?P<y>\d{{4}}){_TIME_RE}$"
)
_SERIAL_TEXT = re.compile(r"^\d{5}(?:\.\d+)?$")
_HOW_TO_WRITE = "write dates day first, like 03/09/2015 or 3 September 2015"


def clean_text(value: object) -> str | None:
    """The cell as one line of text with single spaces, or ``None`` when it is blank."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value
    elif isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, float):
        text = str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    elif isinstance(value, datetime):
        text = value.strftime("%d/%m/%Y %H:%M") if value.time() != time() else f"{value:%d/%m/%Y}"
    elif isinstance(value, date):
        text = f"{value:%d/%m/%Y}"
    else:
        text = str(value)
    if not text.isascii():
        text = text.translate(INVISIBLE)
    # str.split() splits on exactly the characters the regex \s matches: runs of any whitespace
    # become one space, and the ends are stripped (several times faster than re.sub + strip).
    return " ".join(text.split()) or None


def _shown(value: object, width: int = 60) -> str:
    """The text found, as quoted in a message (shortened: a cell can hold a whole letter)."""
    text = clean_text(value) or ""
    return text if len(text) <= width else text[: width - 1] + "…"


def _year(text: str) -> int:
    y = int(text)
    if len(text) == 2:  # the POSIX rule: 69-99 -> 1900s, 00-68 -> 2000s
        y += 1900 if y >= 69 else 2000
    return y


def _serial_to_datetime(serial: float, original: object) -> datetime:
    if not _MIN_SERIAL <= serial <= _MAX_SERIAL + 1:
        raise ValueError(f"'{_shown(original)}' is not a date: {_HOW_TO_WRITE}")
    return _EXCEL_EPOCH + timedelta(days=serial)


def _build(d: int, m: int, y: int, original: str) -> date:
    if not _MIN_YEAR <= y <= _MAX_YEAR:
        raise ValueError(f"'{_shown(original)}' is not a date: the year {y} is out of range")
    if not 1 <= m <= 12:
        raise ValueError(
            f"'{_shown(original)}' is not a valid date: there is no month {m} — {_HOW_TO_WRITE}"
        )
    try:
        return date(y, m, d)
    except ValueError:
        raise ValueError(
            f"'{_shown(original)}' is not a valid date: month {m} of {y} has no day {d} — "
            f"{_HOW_TO_WRITE}"
        ) from None


def _time_of(match: re.Match[str], original: str) -> time:
    if match.group("h") is None:
        return time()
    hour, minute = int(match.group("h")), int(match.group("mi"))
    second = int(match.group("s") or 0)
    ampm = (match.group("ampm") or "").replace(".", "")
    if ampm:
        if not 1 <= hour <= 12:
            raise ValueError(f"'{_shown(original)}' has a time that does not exist")
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError(f"'{_shown(original)}' has a time that does not exist")
    return time(hour, minute, second)


def _parse_text(text: str) -> datetime:
    original = text
    lowered = text.lower().strip()
    m = _NUMERIC_DATE.match(lowered) or _ISO_DATE.match(lowered)
    if m:
        day = _build(int(m.group("d")), int(m.group("m")), _year(m.group("y")), original)
        return datetime.combine(day, _time_of(m, original))
    m = _TEXT_DATE.match(lowered) or _MONTH_FIRST_TEXT.match(lowered)
    if m:
        month = _MONTHS[m.group("mn")]
        day = _build(int(m.group("d")), month, _year(m.group("y")), original)
        return datetime.combine(day, _time_of(m, original))
    if _SERIAL_TEXT.match(lowered):
        return _serial_to_datetime(float(lowered), original)
    m = _NO_YEAR.match(lowered)
    named: str | None = (m.group("mn") or m.group("mn2")) if m else None
    if m and (named is None or named.rstrip(".") in _MONTHS):
        raise ValueError(
            f"'{_shown(original)}' has no year: write the date in full, like 03/10/2025 or "
            "3 October 2025"
        )
    raise ValueError(f"'{_shown(original)}' is not a date: {_HOW_TO_WRITE}")


# A day and month with no year: "3rd Oct", "October 3", "3/10".
_NO_YEAR = re.compile(
    r"^(?:\d{1,2}(?:st|nd|rd|th)?\s*(?:of\s+)?(?P<mn>[a-z]{3,9}\.?)"
    r"|(?P<mn2>[a-z]{3,9}\.?)\s+\d{1,2}(?:st|nd|rd|th)?|\d{1,2}\s*[/.]\s*\d{1,2})$"
)


def parse_datetime(value: object) -> datetime | None:
    """A date and time from a date/datetime cell, an Excel serial or UK day-first text.

    ``03/09/2025 08:28``, ``2025-09-03T08:28:00``, ``3 Sept 2025 8:28 am`` and Excel serials
    with a fraction all work; a time zone written after the time is dropped (wall-clock time).
    A date without a time is taken at midnight.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime.combine(value, time())
    if isinstance(value, bool):
        raise ValueError(f"'{_shown(value)}' is not a date: {_HOW_TO_WRITE}")
    if isinstance(value, int | float):
        if value != value:  # NaN
            raise ValueError(f"'{_shown(value)}' is not a date: {_HOW_TO_WRITE}")
        return _serial_to_datetime(float(value), value)
    text = clean_text(value)
    if text is None:
        return None
    return _parse_text(text)


def parse_datetime_month_first(value: object) -> datetime | None:
    """As ``parse_datetime``, for a column a person confirmed is written month first (a US
    export: ``9/20/2025``); dates with a month name or year first are read as usual."""
    if isinstance(value, str):
        text = clean_text(value)
        m = _NUMERIC_DATE.match(text.lower()) if text else None
        if m and text:
            day = _build(int(m.group("m")), int(m.group("d")), _year(m.group("y")), text)
            return datetime.combine(day, _time_of(m, text))
    return parse_datetime(value)


def parse_date_month_first(value: object) -> date | None:
    moment = parse_datetime_month_first(value)
    return None if moment is None else moment.date()


_NUMERIC_PARTS = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*\d{2,4}\b")


# A time on the 12-hour clock after a date ("10/6/2025 6:02:00 PM"), or a form's time stamp
# whose day or month has no leading zero ("9/10/2025 10:00:00"; a UK export writes
# "09/10/2025 10:00:00"): how a US export writes it.
_TWELVE_HOUR = re.compile(
    r"\d:\d\d(?::\d\d)?\s*[ap]\.?\s?m\b\.?\s*$|"
    r"^\s*(?:\d/\d{1,2}|\d{1,2}/\d)/\d{4}\s+\d{1,2}:\d\d:\d\d\s*$",
    re.IGNORECASE,
)


def _month_first_only(values: Sequence[object]) -> tuple[int, list[str], list[str]]:
    """Among the text dates of a column: how many can only be month first (``04/28/2017``),
    with the first two such texts, distinct; 0 when any can only be day first
    (``28/04/2017``). Last, the first two date-times written with AM/PM."""
    month_first = 0
    shown: list[str] = []
    twelve_hour: list[str] = []
    for v in values:
        if type(v) is not str or not (m := _NUMERIC_PARTS.match(v)):
            continue
        a, b = int(m.group(1)), int(m.group(2))
        if a > 12 >= b:
            return 0, [], []
        if b > 12 >= a:
            month_first += 1
            if len(shown) < 2 and v.strip() not in shown:
                shown.append(v.strip())
        elif len(twelve_hour) < 2 and _TWELVE_HOUR.search(v) and v.strip() not in twelve_hour:
            twelve_hour.append(v.strip())
    return month_first, shown, twelve_hour


def month_first_doubt(values: Sequence[object]) -> str | None:
    """Why a column of text dates must be asked about: some can only be month first (a US
    export) and none only day first; or none shows which way round, and the times are written
    with AM/PM, as a US export writes them ("10/6/2025 6:02:00 PM": 6 October, or 10 June?).
    None when nothing says so."""
    month_first, seen, twelve_hour = _month_first_only(values)
    if not month_first:
        if not twelve_hour:
            return None
        shown = " and ".join(f"'{v}'" for v in twelve_hour)
        return (
            f"no date shows which way round the dates are, and they are written as a US export "
            f"writes them (times with AM/PM, or time stamps with no leading zeros), such as "
            f"{shown}: is this a US export? Say which way round the dates are"
        )
    shown = " and ".join(f"'{v}'" for v in seen)
    dates = "1 date" if month_first == 1 else f"{month_first} dates"
    return (
        f"{dates} can only be month first, such as {shown}: is this a US export? Say which way "
        "round the dates are"
    )


# How to answer ``month_first_doubt`` in a saved mapping (the wizard asks with a list instead).
MONTH_FIRST_HINT = (
    'write "month_first": true if the dates are month first, or "month_first": false if day '
    'first, then delete this "unsure" line'
)


def parse_date(value: object) -> date | None:
    """A date from a date cell, an Excel serial (1900 system) or UK day-first text.

    Never month first: ``13/02/2015`` is 13 February and ``02/13/2015`` raises ``ValueError``.
    """
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    moment = parse_datetime(value)
    return None if moment is None else moment.date()


_ADNO_DIGITS = re.compile(r"^0*(\d+?)(?:\.0*)?$")


def normalise_adno(value: object) -> str | None:
    """An admission number without leading zeros: ``001516``, ``1516.0`` and 1516.0 give ``1516``.

    An admission number with letters is kept, stripped of spaces and upper-cased.
    """
    if value is None or isinstance(value, bool):
        return clean_text(value)
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return str(int(value))
    if isinstance(value, int) and value >= 0:
        return str(value)
    text = clean_text(value)
    if text is None:
        return None
    text = text.replace(" ", "").upper()
    m = _ADNO_DIGITS.match(text)
    return m.group(1) if m else text


def normalise_upn(value: object) -> str | None:
    """A UPN upper-cased without spaces (not checked: see ``upn_problem``)."""
    text = clean_text(value)
    if text is None:
        return None
    return text.replace(" ", "").replace("-", "").upper() or None


def upn_problem(upn: str) -> str | None:
    """``None`` for a well-formed UPN, ``"check letter"`` when only its check letter is wrong,
    ``"format"`` when it is not a UPN at all.

    The local-authority number is not checked against python-stdnum's list, which lags behind
    new authorities (e.g. 940-943): a UPN with a correct check letter is accepted.
    """
    try:
        _upn.validate(upn)
    except InvalidChecksum:
        return "check letter"
    except InvalidComponent:
        number = _upn.compact(upn)
        return None if _upn.calc_check_digit(number[1:]) == number[0] else "check letter"
    except ValidationError:
        return "format"
    return None


def is_valid_upn(upn: str | None) -> bool:
    """True when ``upn`` is a 13-character UPN whose check letter is right."""
    return bool(upn) and upn_problem(upn or "") is None


_YEAR_PREFIX = re.compile(r"^(?:year|yr|y|ncy|nc year|nc)\s*[-.:]?\s*0*(\d{1,2})$")
_RECEPTION = {"r", "rec", "reception", "yr", "year r", "year reception", "f2", "fs2", "yr r"}
_NURSERY = {"n", "nur", "nursery", "f1", "fs1", "n1", "n2", "year n", "pre-school", "preschool"}


def normalise_year_group(value: object) -> str | None:
    """``"R"`` for Reception, ``"N"`` for Nursery, the number for Years 1-14 (``"Yr 10"`` ->
    ``"10"``, 7.0 -> ``"7"``); anything else is returned cleaned but unchanged."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value) if 0 <= value <= 14 else clean_text(value)
    text = clean_text(value)
    if text is None:
        return None
    key = text.lower().rstrip(".")
    if key in _RECEPTION:
        return "R"
    if key in _NURSERY:
        return "N"
    m = _YEAR_PREFIX.match(key)
    if m and 0 <= int(m.group(1)) <= 14:
        return str(int(m.group(1)))
    if key.isdigit() and int(key) <= 14:
        return str(int(key))
    return text


_ACADEMIC_YEAR_RE = re.compile(r"^(?:academic\s+year\s+)?((?:19|20)\d\d)\s*[/\-–]\s*(\d{2}|\d{4})$")


def academic_year_label(value: object) -> str:
    """The academic year a form says it is for, as the app writes it ("2024/25"), from
    "2024/25", "2024-25", "2024/2025" or "2024 – 2025"; ``ValueError`` for anything else (a
    bare "2025" could be either of two years)."""
    text = " ".join(str(value).split()).lower()
    m = _ACADEMIC_YEAR_RE.match(text)
    if m:
        start, end = int(m.group(1)), int(m.group(2))
        if end == start + 1 or end == (start + 1) % 100:
            return f"{start}/{(start + 1) % 100:02d}"
    raise ValueError(f"'{str(value)[:40]}' is not an academic year: write it like 2025/26")
