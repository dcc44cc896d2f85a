"""The order year groups and registration groups are listed in: the same on screen and on paper.

Nursery, then Reception, then Year 1 … Year 13 by number, then any other year group by name. A
registration group goes with its year group (Reception's groups before Year 1's, whatever they
are called), then by name with numbers compared as numbers (``7B`` before ``10A``). Learners with
no year group, or no registration group, come last.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_DIGITS = re.compile(r"(\d+)")
_NURSERY, _RECEPTION, _OTHER, _BLANK = -2, -1, 1000, 2000

YearKey = tuple[int, str]
NameKey = tuple[tuple[int, int | str], ...]
GroupKey = tuple[int, YearKey, NameKey]


def year_key(year_group: str | None) -> YearKey:
    """Nursery, Reception, then years 1..13 in number order; anything else after, by text;
    no year group last."""
    y = (year_group or "").strip()
    low = y.casefold()
    if low in ("n", "nursery"):
        return (_NURSERY, "")
    if low in ("r", "rec", "reception"):
        return (_RECEPTION, "")
    if y.isdigit():
        return (int(y), "")
    return (_OTHER if y else _BLANK, low)


def year_group_text(year_group: str) -> str:
    """``Year 4``, ``Reception``, ``Nursery`` — how a year group is named in a list."""
    key = year_key(year_group)[0]
    if key == _NURSERY:
        return "Nursery"
    if key == _RECEPTION:
        return "Reception"
    return f"Year {year_group}" if year_group.isdigit() else year_group


def natural_key(text: str | None) -> NameKey:
    """A name with its numbers compared as numbers (``7A`` before ``10A``); blank last."""
    if not (text or "").strip():
        return ((2, 0),)
    parts = _DIGITS.split((text or "").casefold())
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts if p)


def group_key(reg_group: str | None, year_group: str | None) -> GroupKey:
    """Where a registration group of ``year_group`` is listed: by year group, then by name;
    no registration group last of all."""
    if not (reg_group or "").strip():
        return (1, year_key(year_group), ())
    return (0, year_key(year_group), natural_key(reg_group))


def ordered_groups(year_of: Mapping[str, str | None]) -> list[str]:
    """Registration groups (group -> its year group) in list order; a blank group last."""
    return sorted(year_of, key=lambda g: group_key(g, year_of[g]))


# Plain strings that sort like the keys above, for tables that sort tens of thousands of rows
# (Python compares strings far faster than tuples).


def natural_text(text: str) -> str:
    """A string that sorts like :func:`natural_key` for non-blank names."""
    return _DIGITS.sub(lambda m: m.group().zfill(9), text.casefold())


def year_sort_text(year_group: str | None) -> str:
    """A string that sorts like :func:`year_key`."""
    number, rest = year_key(year_group)
    return f"{number + 10:05d}{rest}"


def group_sort_text(reg_group: str | None, year_group: str | None) -> str:
    """A string that sorts like :func:`group_key`."""
    year = year_sort_text(year_group)
    if not (reg_group or "").strip():
        return f"1{year}"
    return f"0{year}\x1f{natural_text(reg_group or '')}"
