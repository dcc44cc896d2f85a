"""Column mappings: which column of a spreadsheet holds what, guessed from the headers.

The user can correct every column; a mapping is saved by header text (not position), so next
year's file can reuse it even if its columns moved. ``RowInterpreter`` (in ``interpret.py``,
re-exported here) applies a mapping to every row of a table.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from consent_desk.domain.purposes import PURPOSE_KEYS, PURPOSE_LABELS
from consent_desk.importing.headers import (
    LEARNER_ROLES,
    NAME_ROLES,
    SINGLE_ROLES,
    ColumnRole,
    HeaderGuess,
    header_list,
    normalise_header,
    recognise_header,
)
from consent_desk.importing.interpret import RowInterpreter
from consent_desk.importing.records import ImportFileError

__all__ = [
    "ColumnMapping",
    "ColumnRole",
    "ColumnSpec",
    "MappingKind",
    "RowInterpreter",
    "guess_mapping",
    "recognise_header",
]

MappingKind = Literal["returns", "learners"]
_FORMAT = "consent-desk-column-mapping"

# A bare "Name" (in any of Microsoft Forms' languages) is the respondent in a Forms export, but
# the learner in a learner list or a typed sheet that has no other name column.
_AMBIGUOUS_NAMES = frozenset(
    normalise_header(h) for h in ("Name", "Nombre", "Nom", "Imię i nazwisko", "Nazwa", "Enw")
)
_FORMS_SIGNATURE = frozenset(
    normalise_header(h)
    for h in ("Completion time", "Start time", "Timestamp", "Hora de finalización",
              "Heure de fin", "Godzina ukończenia", "Amser cwblhau", "Fertigstellungszeit",
              "Marca temporal", "Horodateur", "Zeitstempel")
)  # fmt: skip

ROLE_LABELS: dict[ColumnRole, str] = {
    ColumnRole.UPN: "UPN",
    ColumnRole.ADNO: "admission number",
    ColumnRole.SURNAME: "learner's surname",
    ColumnRole.FORENAME: "learner's forename",
    ColumnRole.PREFERRED_FORENAME: "learner's preferred forename",
    ColumnRole.PREFERRED_SURNAME: "learner's preferred surname",
    ColumnRole.FULL_NAME: "learner's full name",
    ColumnRole.DOB: "date of birth",
    ColumnRole.YEAR_GROUP: "year group",
    ColumnRole.REG_GROUP: "registration group",
    ColumnRole.RESPONDENT_NAME: "respondent's name",
    ColumnRole.RESPONDENT_EMAIL: "respondent's e-mail",
    ColumnRole.RELATIONSHIP: "relationship to the learner",
    ColumnRole.RECEIVED_AT: "date received",
    ColumnRole.PURPOSE: "answer for one purpose",
    ColumnRole.TICK_LIST: "tick list of purposes",
    ColumnRole.OVERALL: "overall answer",
    ColumnRole.LIMITATION: "limitation",
    ColumnRole.NOTES: "office notes",
    ColumnRole.IGNORE: "ignored",
}


@dataclass(frozen=True)
class ColumnSpec:
    """One column: its header, position, and what it holds."""

    header: str
    index: int
    role: ColumnRole
    purpose: str | None = None  # for role ``purpose``: a key of PURPOSE_KEYS
    objection: bool = False  # the question is phrased as an objection: Yes/ticked = refuse
    recognised: bool = True  # False: the header meant nothing to us (listed to the user)

    def describe(self) -> str:
        label = ROLE_LABELS[self.role]
        if self.role is ColumnRole.PURPOSE and self.purpose:
            label = f"{label}: {PURPOSE_LABELS.get(self.purpose, self.purpose)}"
        if self.role in (ColumnRole.PURPOSE, ColumnRole.OVERALL):
            label += " (Yes = refuse)" if self.objection else " (Yes = consent)"
        elif self.role is ColumnRole.TICK_LIST:
            label += " (ticked = refuse)" if self.objection else " (ticked = consent)"
        if not self.recognised:
            label = "not recognised — ignored"
        return f"{self.header!r} → {label}"


@dataclass
class ColumnMapping:
    """What every column of one file holds. ``kind`` is ``returns`` or ``learners``."""

    kind: MappingKind
    columns: list[ColumnSpec]

    @property
    def unknown_columns(self) -> list[str]:
        """Headers we did not recognise: shown to the user, not an error."""
        return [c.header for c in self.columns if not c.recognised]

    def by_role(self, *roles: ColumnRole) -> list[ColumnSpec]:
        return [c for c in self.columns if c.role in roles]

    def describe(self) -> list[str]:
        """One line per column, for the CLI and the mapping dialog."""
        return [c.describe() for c in self.columns]

    def reassign(
        self,
        header: str,
        role: ColumnRole,
        purpose: str | None = None,
        objection: bool = False,
    ) -> ColumnMapping:
        """A copy with the column headed ``header`` given a new role (a user's correction)."""
        if role is ColumnRole.PURPOSE and purpose not in PURPOSE_KEYS:
            raise ValueError(f"'{purpose}' is not a purpose: use one of {', '.join(PURPOSE_KEYS)}")
        key = normalise_header(header)
        columns = []
        found = False
        for c in self.columns:
            if normalise_header(c.header) == key and not found:
                found = True
                c = replace(c, role=role, purpose=purpose if role is ColumnRole.PURPOSE else None,
                            objection=objection, recognised=True)  # fmt: skip
            columns.append(c)
        if not found:
            raise ValueError(f"there is no column headed '{header}'")
        return ColumnMapping(self.kind, columns)

    # --- saving and reusing -------------------------------------------------------------------

    def to_json(self) -> dict[str, object]:
        return {
            "format": _FORMAT,
            "version": 1,
            "kind": self.kind,
            "columns": [
                {"header": c.header, "role": c.role.value, "purpose": c.purpose,
                 "objection": c.objection, "recognised": c.recognised}
                for c in self.columns
            ],
        }  # fmt: skip

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> ColumnMapping:
        """Raises ``ValueError`` when ``data`` is not a saved mapping."""
        if not isinstance(data, Mapping) or data.get("format") != _FORMAT:
            raise ValueError("not a Consent Desk column mapping")
        kind = data.get("kind")
        raw = data.get("columns")
        if kind not in ("returns", "learners") or not isinstance(raw, list):
            raise ValueError("the mapping has no kind or no columns")
        columns = []
        for i, item in enumerate(raw):
            if not isinstance(item, Mapping) or not isinstance(item.get("header"), str):
                raise ValueError(f"column {i + 1} of the mapping has no header")
            try:
                role = ColumnRole(str(item.get("role")))
            except ValueError:
                raise ValueError(f"column '{item['header']}' has an unknown role") from None
            purpose = item.get("purpose")
            if role is ColumnRole.PURPOSE and purpose not in PURPOSE_KEYS:
                raise ValueError(f"column '{item['header']}' has an unknown purpose {purpose!r}")
            columns.append(
                ColumnSpec(item["header"], i, role,
                           str(purpose) if role is ColumnRole.PURPOSE else None,
                           bool(item.get("objection", False)), bool(item.get("recognised", True)))
            )  # fmt: skip
        return cls(kind, columns)

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n",
                              encoding="utf-8")  # fmt: skip

    @classmethod
    def load(
        cls,
        path: str | Path,
        headers: Sequence[str] | None = None,
        file_name: str | None = None,
    ) -> ColumnMapping:
        """A saved mapping; given a file's ``headers``, bound to them (see ``applied_to``)."""
        p = Path(path)
        try:
            loaded = cls.from_json(json.loads(p.read_text(encoding="utf-8-sig")))
        except OSError as err:
            message = f"{p.name}: cannot read the saved mapping ({err.strerror})"
            raise ImportFileError(message) from err
        except (ValueError, UnicodeDecodeError) as err:
            raise ImportFileError(
                f"{p.name}: this is not a saved column mapping ({err}): choose the .json file "
                "saved from the mapping dialog"
            ) from err
        if headers is None:
            return loaded
        return loaded.applied_to(headers, file_name or "the file")

    def applied_to(self, headers: Sequence[str], file_name: str) -> ColumnMapping:
        """This mapping bound to a file's headers by header text, wherever the columns now are.

        A mapped (not ignored) header missing from the file is an ``ImportFileError``; headers
        the saved mapping does not know are guessed as usual.
        """
        where: dict[str, int] = {}
        for i, h in enumerate(headers):
            where.setdefault(normalise_header(h), i)
        saved = {normalise_header(c.header): c for c in self.columns}
        missing = [
            c.header
            for c in self.columns
            if c.role is not ColumnRole.IGNORE and normalise_header(c.header) not in where
        ]
        if missing:
            raise ImportFileError(
                f"{file_name}: the saved column mapping needs a column headed '{missing[0]}' "
                f"but this file has none — found columns: {header_list(list(headers))}; choose "
                "the right file or sheet, or correct the mapping"
            )  # fmt: skip
        guessed = guess_mapping(headers, self.kind)
        taken = {c.role for c in self.columns if c.role in SINGLE_ROLES}
        columns = []
        for i, h in enumerate(headers):
            spec = saved.get(normalise_header(h))
            if spec is not None and where[normalise_header(h)] == i:
                columns.append(replace(spec, header=h, index=i))
                continue
            g = guessed.columns[i]
            if g.role in taken:
                g = replace(g, role=ColumnRole.IGNORE, recognised=False)
            columns.append(g)
        return ColumnMapping(self.kind, columns)


def _resolve_name_column(headers: Sequence[str], guesses: list[HeaderGuess], kind: str) -> None:
    """Decide whether a bare "Name" is the respondent or the learner (see _AMBIGUOUS_NAMES)."""
    normalised = [normalise_header(h) for h in headers]
    ambiguous = [i for i, h in enumerate(normalised) if h in _AMBIGUOUS_NAMES]
    if not ambiguous:
        return
    has_child_name = any(g.role in NAME_ROLES for g in guesses)
    looks_like_forms = any(h in _FORMS_SIGNATURE for h in normalised)
    learner_name = kind == "learners" or not (has_child_name or looks_like_forms)
    for i in ambiguous:
        role = ColumnRole.FULL_NAME if learner_name else ColumnRole.RESPONDENT_NAME
        guesses[i] = HeaderGuess(role)


def guess_mapping(headers: Sequence[str], kind: MappingKind) -> ColumnMapping:
    """The mapping that the header texts suggest. Each learner, respondent and date role goes to
    the first column that claims it; a later claimant is left unmapped (and listed as unknown)."""
    guesses = [recognise_header(h) for h in headers]
    _resolve_name_column(headers, guesses, kind)
    taken: set[ColumnRole] = set()
    columns: list[ColumnSpec] = []
    for i, (header, g) in enumerate(zip(headers, guesses, strict=True)):
        role = g.role
        recognised = g.recognised
        if kind == "learners" and role not in LEARNER_ROLES:
            role = ColumnRole.IGNORE  # a learner list holds no answers
        if role in SINGLE_ROLES:
            if role in taken:
                role, recognised = ColumnRole.IGNORE, False
            else:
                taken.add(role)
        purpose = g.purpose if role is ColumnRole.PURPOSE else None
        columns.append(ColumnSpec(header, i, role, purpose, g.objection, recognised))
    return ColumnMapping(kind, columns)
