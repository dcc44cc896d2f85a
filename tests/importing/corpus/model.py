"""What a corpus layout is: a file builder, the readings a careful importer gives its columns,
and the result PRODUCT.md's rules give each learner (all written by hand)."""

from __future__ import annotations

import csv
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook

PURPOSES: tuple[str, ...] = ("internal", "website", "social_media", "print", "press", "video")
ALL = PURPOSES

Answers = Mapping[str, str]  # purpose key -> consent | refuse | unanswered
Cell = str | int | float | date | datetime | None
Row = Sequence[Cell]


@dataclass(frozen=True)
class Outcome:
    """A learner's result after the import: `restrictions --all --json`."""

    status: str
    refused: tuple[str, ...] = ()
    limitation: bool = False


NO_IMAGES = Outcome("no_images", ALL)
NO_RESTRICTION = Outcome("no_restriction")
NOT_RETURNED = Outcome("not_returned")


def restricted(*refused: str, limitation: bool = False) -> Outcome:
    return Outcome("restricted", tuple(refused), limitation)


@dataclass(frozen=True)
class Column:
    """How a careful importer reads one column.

    `values` maps the text of a cell (as typed in the file; "" = a blank cell) to its answers
    per purpose. Only the values listed are checked; a blank is checked only when listed.
    `sure=False`: the reading cannot be decided from the file alone, a person must confirm it;
    then no value may be read as consent in the dry run.
    """

    header: str
    role: str
    purposes: tuple[str, ...] = ()
    values: Mapping[str, Answers] = field(default_factory=dict)
    sure: bool = True
    forbidden_roles: tuple[str, ...] = ()  # role "" = any role except these


@dataclass(frozen=True)
class Layout:
    table: Sequence[Row]  # the cells written to the file (title rows included)
    name: str
    covers: str
    build: Callable[[Path], Path]
    columns: tuple[Column, ...]
    # learner id -> result; learners not listed are `not_returned`
    expected: Mapping[str, Outcome]
    review_rows: frozenset[int]
    # the mapping a person confirms when the file cannot be read for sure (None: sure file)
    mapping: Sequence[Mapping[str, object]] | None = None
    header_row: int = 0  # index in `table` of the header row

    def data_rows(self) -> int:
        """Rows after the header with anything in them."""
        return sum(
            1 for r in self.table[self.header_row + 1 :] if any(c not in (None, "") for c in r)
        )

    def value_counts(self, header: str) -> dict[str, int]:
        """How many rows hold each (normalised) non-blank value of a column."""
        index = list(self.table[self.header_row]).index(header)
        counts: dict[str, int] = {}
        for r in self.table[self.header_row + 1 :]:
            if index < len(r) and r[index] not in (None, ""):
                key = normalise(r[index])
                counts[key] = counts.get(key, 0) + 1
        return counts


def normalise(value: object) -> str:
    """Cell text compared case- and space-insensitively."""
    return " ".join(str(value if value is not None else "").split()).casefold()


def each(purposes: Sequence[str], answer: str) -> dict[str, str]:
    return {p: answer for p in purposes}


def yes_no(
    purposes: Sequence[str], yes: str = "Yes", no: str = "No", objection: bool = False
) -> dict[str, Answers]:
    """A Yes/No style column answering `purposes` (an objection flips the meaning)."""
    agree, disagree = ("refuse", "consent") if objection else ("consent", "refuse")
    return {yes: each(purposes, agree), no: each(purposes, disagree)}


def ticks(chosen: Sequence[str], objection: bool = False) -> dict[str, str]:
    """The answers of a tick-list cell in which `chosen` purposes are ticked."""
    on, off = ("refuse", "consent") if objection else ("consent", "refuse")
    return {p: (on if p in chosen else off) for p in PURPOSES}


def write_xlsx(
    path: Path, rows: Sequence[Sequence[Cell]], sheet: str = "Sheet1", merges: Sequence[str] = ()
) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    for row in rows:
        ws.append(list(row))
    for cells in merges:
        ws.merge_cells(cells)
    wb.save(path)
    return path


def write_csv(
    path: Path, rows: Sequence[Sequence[Cell]], encoding: str = "utf-8", delimiter: str = ","
) -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        writer = csv.writer(f, delimiter=delimiter, lineterminator="\r\n")
        for row in rows:
            writer.writerow(["" if c is None else c for c in row])
    return path


def column_values(
    rows: Sequence[Sequence[Cell]],
    header: str,
    meaning: Mapping[str, Answers],
    header_row: int = 0,
    blank: Answers | None = None,
) -> dict[str, Answers]:
    """The expected reading of every non-blank value present in a column.

    `meaning` is written by hand (value -> answers); this only picks the values that occur, so
    the dry run's read-back is checked for each of them. `blank`: how a blank cell reads, when
    it carries a meaning (ticked / not ticked columns).
    """
    index = list(rows[header_row]).index(header)
    seen = {
        str(r[index]).strip()
        for r in rows[header_row + 1 :]
        if index < len(r) and r[index] not in (None, "")
    }
    out = {value: meaning[value] for value in sorted(seen)}
    if blank is not None:
        out[""] = blank
    return out
