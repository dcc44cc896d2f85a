"""Comparing people's names as offices and parents type them.

Two forms of a name are used for comparison:

* :func:`name_key` — case-folded, accents removed (``José`` → ``jose``, ``Łukasz`` → ``lukasz``,
  ``Søren`` → ``soren``, ``Strauß`` → ``strauss``, ``Æsa`` → ``aesa``), apostrophes dropped
  (``O'Connor`` → ``oconnor``), every other punctuation mark (hyphen, dot, comma, slash…)
  turned into a space, and runs of spaces collapsed. Its words are what token comparisons use
  (``smith jones`` contains ``smith``).
* :func:`compact_key` — :func:`name_key` without spaces, so that ``Smith-Jones``,
  ``Smith Jones`` and ``SMITHJONES`` are equal, as are ``van der Berg`` and ``Vanderberg`` and
  ``O'Connor``, ``O’Connor``, ``OConnor`` and ``O Connor``. The matcher indexes and compares
  names by this form.

Both are cached: an import compares the same few thousand names many times.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

__all__ = [
    "compact_key",
    "edit_distance",
    "forename_fits",
    "forename_similarity",
    "group_after_name",
    "name_key",
    "name_readings",
    "name_tokens",
    "split_full_name",
    "surname_fits",
    "surname_similarity",
]

_APOSTROPHES = "'’‘`´ʼʻ′‛"

# Letters that NFKD does not decompose into a base letter plus combining marks.
_SPECIAL_LETTERS = str.maketrans(
    {
        "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "ß": "ss", "ẞ": "ss",
        "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "đ": "d", "Đ": "d",
        "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "ı": "i", "ħ": "h", "Ħ": "h",
    }
)  # fmt: skip

# ASCII fast path: apostrophes vanish, every other non-alphanumeric character becomes a space.
_ASCII_TABLE: dict[int, str | None] = {
    code: (None if chr(code) in _APOSTROPHES else " ")
    for code in range(128)
    if not chr(code).isalnum()
}

_CACHE_SIZE = 1 << 17


@lru_cache(maxsize=_CACHE_SIZE)
def name_key(text: str) -> str:
    """Return *text* in the form used for comparing names (see the module docstring).

    >>> name_key("  O'Connor-SMITH  ")
    'oconnor smith'
    >>> name_key("José  Łukasz")
    'jose lukasz'
    """
    if text.isascii():
        return " ".join(text.lower().translate(_ASCII_TABLE).split())
    # Compatibility caseless form (Unicode §3.13): NFKD(casefold(NFKD(text))).
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL_LETTERS))
    decomposed = unicodedata.normalize("NFKD", decomposed.casefold().translate(_SPECIAL_LETTERS))
    out: list[str] = []
    for ch in decomposed:
        if ch.isalnum():
            out.append(ch)
        elif ch in _APOSTROPHES or unicodedata.combining(ch):
            continue
        else:
            out.append(" ")
    return " ".join("".join(out).split())


@lru_cache(maxsize=_CACHE_SIZE)
def compact_key(text: str) -> str:
    """:func:`name_key` with the spaces removed: ``"van der Berg"`` → ``"vanderberg"``."""
    return name_key(text).replace(" ", "")


def name_tokens(text: str) -> tuple[str, ...]:
    """The words of :func:`name_key`: ``"Smith-Jones"`` → ``("smith", "jones")``."""
    return tuple(name_key(text).split())


@lru_cache(maxsize=1 << 16)
def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Damerau–Levenshtein distance (optimal string alignment: inserting, deleting or changing a
    letter, or swapping two neighbouring letters, each cost 1) between *a* and *b*.

    Only distances up to *limit* are worked out (a band of the table, stopping early): any
    larger distance is returned as ``limit + 1``. Cached: the review queue compares the same
    names again and again.
    """
    if a == b:
        return 0
    la, lb, over = len(a), len(b), limit + 1
    if abs(la - lb) > limit:
        return over
    if la == 0 or lb == 0:
        return min(max(la, lb), over)
    # Quick bound: one edit changes at most two members of the letters' symmetric difference.
    if len(set(a).symmetric_difference(b)) > 2 * limit:
        return over
    before: list[int] = []
    previous = [j if j <= limit else over for j in range(lb + 1)]
    for i in range(1, la + 1):
        current = [over] * (lb + 1)
        if i <= limit:
            current[0] = i
        low, high = max(1, i - limit), min(lb, i + limit)
        ca = a[i - 1]
        row_min = current[0]
        for j in range(low, high + 1):
            cb = b[j - 1]
            value = previous[j - 1] + (ca != cb)
            if previous[j] + 1 < value:
                value = previous[j] + 1
            if current[j - 1] + 1 < value:
                value = current[j - 1] + 1
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb and before[j - 2] + 1 < value:
                value = before[j - 2] + 1
            current[j] = value if value < over else over
            if value < row_min:
                row_min = value
        if row_min > limit:
            return over
        before, previous = previous, current
    return previous[lb]


def _tokens_nested(a: str, b: str) -> bool:
    """All the words of one name are among the other's (``Smith`` / ``Smith-Jones``)."""
    ka, kb = name_key(a), name_key(b)
    if " " not in ka and " " not in kb:
        return bool(ka) and ka == kb
    ta, tb = set(ka.split()), set(kb.split())
    return bool(ta and tb) and (ta <= tb or tb <= ta)


def surname_fits(given: str, surnames: Sequence[str]) -> bool:
    """Whether a surname typed on a row is consistent with one of *surnames* (legal, preferred):
    equal by :func:`compact_key`; all the words of one among the other's (``Smith`` /
    ``Smith-Jones``); one the start or end of the other, at least 4 letters long (``Smith`` /
    ``Smithjones``); or, both at least 4 letters long, one typing slip apart (``Jonse`` /
    ``Jones``). A blank surname fits anything."""
    key = compact_key(given)
    if not key:
        return True
    for surname in surnames:
        other = compact_key(surname)
        short, long_ = (key, other) if len(key) <= len(other) else (other, key)
        if (
            key == other
            or (
                len(short) >= 4
                and (
                    long_.startswith(short)
                    or long_.endswith(short)
                    or edit_distance(key, other) <= 1
                )
            )
            or _tokens_nested(given, surname)
        ):
            return True
    return False


def forename_fits(given: str, forenames: Sequence[str]) -> bool:
    """Whether a forename typed on a row is consistent with one of *forenames* (legal,
    preferred): equal by :func:`compact_key`; the same first three letters (``Alex`` /
    ``Alexander``); one a prefix of the other (``Jo`` / ``Joanne``); one word among the other's
    (``Mary`` / ``Mary Jane``); or, both at least 4 letters long, one typing slip apart
    (``Hrary`` / ``Harry``). ``Bill`` for ``William`` does *not* fit. A blank forename fits
    anything."""
    key = compact_key(given)
    if not key:
        return True
    for forename in forenames:
        other = compact_key(forename)
        short, long_ = (key, other) if len(key) <= len(other) else (other, key)
        if not short:
            continue
        if (
            key[:3] == other[:3]
            or long_.startswith(short)
            or (len(short) >= 4 and edit_distance(key, other) <= 1)
            or _tokens_nested(given, forename)
        ):
            return True
    return False


def _is_capitals(token: str) -> bool:
    """A word written in capitals, as SIMS writes surnames (``SMITH``, ``O'CONNOR``).
    A single letter (an initial) does not count."""
    letters = [ch for ch in token if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def split_full_name(text: str) -> list[tuple[str, str]]:
    """The possible ``(surname, forename)`` readings of a one-column name, likeliest first.

    * ``"Berg, Anna Maria"`` (a comma) → only ``[("Berg", "Anna Maria")]``.
    * ``"SMITH Anna"`` / ``"Anna VAN DER BERG"`` (the surname, and only it, in capitals, as
      SIMS prints it) → that reading first.
    * Otherwise forename first, for every split point — ``"Anna van der Berg"`` →
      ``("van der Berg", "Anna")``, ``("der Berg", "Anna van")``, ``("Berg", "Anna van der")`` —
      and then surname first without a comma (``"Smith Anna"`` → ``("Smith", "Anna")``), as
      some registers write names.

    The matcher tries every reading and accepts a learner only when all the readings that find
    someone find the same learner. A single word or an empty text has no reading: ``[]``.
    """
    cleaned = " ".join(text.split())
    if "," in cleaned:
        surname, _, forename = cleaned.partition(",")
        surname = surname.strip(" ,")
        forename = " ".join(forename.replace(",", " ").split())
        if surname and forename:
            return [(surname, forename)]
        cleaned = surname or forename
    tokens = cleaned.split(" ") if cleaned else []
    count = len(tokens)
    if count < 2:
        return []
    readings: list[tuple[str, str]] = []
    capitals = [_is_capitals(token) for token in tokens]
    if any(capitals) and not all(capitals):
        lead = 0
        while capitals[lead]:
            lead += 1
        trail = 0
        while capitals[count - 1 - trail]:
            trail += 1
        if lead and not any(capitals[lead:]):
            readings.append((" ".join(tokens[:lead]), " ".join(tokens[lead:])))
        elif trail and not any(capitals[: count - trail]):
            readings.append((" ".join(tokens[count - trail :]), " ".join(tokens[: count - trail])))
    for i in range(1, count):
        readings.append((" ".join(tokens[i:]), " ".join(tokens[:i])))
    for i in range(1, count):
        readings.append((" ".join(tokens[:i]), " ".join(tokens[i:])))
    return list(dict.fromkeys(readings))


@lru_cache(maxsize=1 << 16)
def surname_similarity(given: str, surnames: tuple[str, ...]) -> float:
    """How alike a typed surname is to the closest of *surnames*, for ranking candidates:
    1.0 the same (by :func:`compact_key`), 0.6 fitting (:func:`surname_fits`) or at most two
    typing slips apart (5+ letters), else 0.0."""
    key = compact_key(given)
    keys = [compact_key(s) for s in surnames]
    if not key:
        return 0.0
    if key in keys:
        return 1.0
    if surname_fits(given, surnames) or (
        len(key) >= 5 and any(edit_distance(key, k) <= 2 for k in keys)
    ):
        return 0.6
    return 0.0


@lru_cache(maxsize=1 << 16)
def forename_similarity(given: str, forenames: tuple[str, ...]) -> float:
    """How alike a typed forename is to the closest of *forenames*, for ranking candidates:
    1.0 the same, 0.6 fitting (:func:`forename_fits`) or at most two typing slips apart,
    0.3 only the same first letter, else 0.0."""
    key = compact_key(given)
    keys = [compact_key(f) for f in forenames]
    if not key:
        return 0.0
    if key in keys:
        return 1.0
    if forename_fits(given, forenames) or any(edit_distance(key, k) <= 2 for k in keys):
        return 0.6
    return 0.3 if any(k[:1] == key[:1] for k in keys) else 0.0


# A class written after a child's name in its one cell: "John Smith (7A)", "Jack Thompson - 8C".
_GROUP_AFTER_NAME = re.compile(
    r"^(?P<name>.*?\S)\s*(?:\((?P<bracketed>[^()]*)\)|[-–—,/]\s*(?P<dashed>[^-–—,/()]+))\s*$"
)
# What a class looks like (a year and letters, or Reception / Nursery and a capital), not a
# name: "(7A)", "- 10 Ma", "(Year 4)", "(RF)"; "(Rob)", "(Jack)" are names.
_GROUP_LIKE = re.compile(
    r"^(?:(?:Year|Yr|Y|year)\s*)?\d{1,2}\s*[A-Za-z]{0,4}$|^(?:R|Rec|Reception|N|Nursery)\s*[A-Z0-9]{0,3}$"
)


@lru_cache(maxsize=_CACHE_SIZE)
def group_after_name(text: str) -> tuple[str, str] | None:
    """``("John Smith", "7A")`` for a one-cell name followed by what can only be a class ("John
    Smith (7A)", "Jack Thompson - 8C", "SMITH, John (Year 7)"); None when nothing follows the
    name or it may be a name ("Robert Smith (Rob)")."""
    m = _GROUP_AFTER_NAME.match(text.strip())
    if m is None:
        return None
    group = (m.group("bracketed") or m.group("dashed") or "").strip()
    name = m.group("name").strip(" -–—,/")
    if not name or not _GROUP_LIKE.match(group):
        return None
    return name, group


def name_readings(
    surname: str | None, forename: str | None, full_name: str | None
) -> list[tuple[str, str]]:
    """The ``(surname, forename)`` readings of a row's name cells: the separate columns (either
    may be blank), then every reading of a one-column full name (:func:`split_full_name`)."""
    readings: list[tuple[str, str]] = []
    surname, forename = (surname or "").strip(), (forename or "").strip()
    if surname or forename:
        readings.append((surname, forename))
    if full_name:
        readings.extend(split_full_name(full_name))
    return readings
