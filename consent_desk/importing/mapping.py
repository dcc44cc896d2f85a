"""Column mappings: which column of a spreadsheet holds what, guessed from the headers.

The user can correct every column; a mapping is saved by header text (not position), so next
year's file can reuse it even if its columns moved. ``RowInterpreter`` (in ``interpret.py``,
re-exported here) applies a mapping to every row of a table.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from consent_desk.domain.purposes import PURPOSE_KEYS, PURPOSE_LABELS
from consent_desk.importing.answers import MEANINGS, mark_key
from consent_desk.importing.headers import (
    ANSWER_ROLES,
    KEY_WORDS,
    LABEL_NUMBER,
    LEARNER_ROLES,
    NAME_ROLES,
    SINGLE_ROLES,
    ColumnRole,
    HeaderGuess,
    header_list,
    normalise_header,
    recognise_header,
    worded_as_objection,
)
from consent_desk.importing.interpret import RowInterpreter
from consent_desk.importing.readers import Cell, column_values
from consent_desk.importing.records import ImportFileError
from consent_desk.importing.values import MONTH_FIRST_HINT, MONTH_RE, month_first_doubt

__all__ = [
    "ColumnMapping",
    "ColumnRole",
    "ColumnSpec",
    "MappingKind",
    "RowInterpreter",
    "column_values",
    "guess_mapping",
    "recognise_header",
]

MappingKind = Literal["returns", "learners"]
_FORMAT = "consent-desk-column-mapping"

# A bare "Name" (in any of Microsoft Forms' languages) is the respondent in a Forms export, but
# the learner in a learner list or a typed sheet that has no other name column.
_AMBIGUOUS_NAMES = frozenset(
    normalise_header(h)
    for h in ("Name", "Nombre", "Nom", "Imię i nazwisko", "Nazwa", "Enw", "Full name", "Enw llawn")
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
    ColumnRole.FORM_YEAR: "academic year of the form",
    ColumnRole.RETURNED: "form came back (Y/N)",
    ColumnRole.PURPOSE: "answer for chosen purposes",
    ColumnRole.TICK_LIST: "tick list of purposes",
    ColumnRole.OVERALL: "overall answer",
    ColumnRole.LIMITATION: "limitation",
    ColumnRole.NOTES: "office notes",
    ColumnRole.IGNORE: "ignored",
}


@dataclass(frozen=True)
class ColumnSpec:
    """One column: its header, position, what it holds, and how sure the reading is."""

    header: str
    index: int
    role: ColumnRole
    purposes: tuple[str, ...] = ()  # for role ``purpose``: the purposes its answer is for
    objection: bool = False  # the question is phrased as an objection: Yes/ticked = refuse
    recognised: bool = True  # False: the header meant nothing to us (listed to the user)
    sure: bool = True  # False: a person must confirm this reading before anything is saved
    why: str = ""  # how the reading was made, or why it is unsure (in the office's words)
    # How this column's marks read (mark key -> yes/no/consent/refuse/unanswered), decided from
    # the whole column or confirmed by a person; they come before the usual vocabulary.
    values: tuple[tuple[str, str], ...] = ()
    ticks: bool = False  # a column of lone marks: a blank cell on a returned form is "not ticked"
    # a date column's order as a person said it: True month first (US), False day first,
    # None not said (read day first, as in England and Wales)
    month_first: bool | None = None
    # a tick list's options as a person said they read (option as the file writes it -> the
    # purposes a tick of it is for), before the usual reading: a form's own option that the
    # usual reading cannot be sure of ("School website (no names)")
    options: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def purpose(self) -> str | None:
        return self.purposes[0] if self.purposes else None

    @property
    def marks(self) -> dict[str, str]:
        return dict(self.values)

    def describe(self, labels: Mapping[str, str] | None = None) -> str:
        names = labels or PURPOSE_LABELS
        label = ROLE_LABELS[self.role]
        if self.role is ColumnRole.PURPOSE:
            shown = ", ".join(names.get(p, p) for p in self.purposes) or "no purpose chosen"
            label = f"answer for {shown}"
        if self.role in (ColumnRole.PURPOSE, ColumnRole.OVERALL):
            label += " (Yes = objects)" if self.objection else " (Yes = consents)"
        elif self.role is ColumnRole.TICK_LIST:
            label += " (ticked = objects)" if self.objection else " (ticked = consents)"
        if self.ticks:
            label += ", blank = not ticked"
        if self.role is ColumnRole.IGNORE and self.recognised and self.why and self.sure:
            label += f" ({self.why})"
        if not self.recognised:
            label = "not recognised — ignored"
        if not self.sure:
            label += f" — UNSURE: {self.why}" if self.why else " — UNSURE"
        return f"{self.header!r} → {label}"


def _lenient_json(text: str) -> Any:
    """JSON as a person may leave it after deleting a line: a comma before a closing brace or
    bracket is forgiven (the message tells them to delete an "unsure" line, often the last)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        try:
            return json.loads(re.sub(r",(\s*[}\]])", r"\1", text))
        except json.JSONDecodeError:
            raise err from None


class _StillUnsure(ValueError):
    """A saved mapping with a column still marked unsure, or left without the purposes a person
    must choose: a person has not finished checking it (it is a saved mapping all the same)."""


@dataclass
class ColumnMapping:
    """What every column of one file holds. ``kind`` is ``returns`` or ``learners``."""

    kind: MappingKind
    columns: list[ColumnSpec]
    # the text above the header of the sheet it was made for (None: not known): a question
    # there ("Tick each use you do NOT want…") decides what the marks below it mean
    title: str | None = None

    @property
    def unknown_columns(self) -> list[str]:
        """Headers we did not recognise: shown to the user, not an error."""
        return [c.header for c in self.columns if not c.recognised]

    @property
    def unsure(self) -> list[ColumnSpec]:
        """The columns whose reading a person must confirm before the import runs."""
        return [c for c in self.columns if not c.sure]

    def by_role(self, *roles: ColumnRole) -> list[ColumnSpec]:
        return [c for c in self.columns if c.role in roles]

    def describe(self, labels: Mapping[str, str] | None = None) -> list[str]:
        """One line per column, for the CLI and the mapping dialog."""
        return [c.describe(labels) for c in self.columns]

    def reassign(
        self,
        header: str,
        role: ColumnRole,
        purpose: str | Sequence[str] | None = None,
        objection: bool = False,
        *,
        values: Mapping[str, str] | None = None,
        ticks: bool | None = None,
        known: Collection[str] = PURPOSE_KEYS,
    ) -> ColumnMapping:
        """A copy with the column headed ``header`` given a new role (a person's correction,
        which makes that column's reading sure)."""
        wanted = (purpose,) if isinstance(purpose, str) else tuple(purpose or ())
        if role is ColumnRole.PURPOSE:
            if not wanted:
                raise ValueError("choose the purposes this column answers for")
            for p in wanted:
                if p not in known:
                    raise ValueError(f"'{p}' is not a purpose")
        key = normalise_header(header)
        columns = []
        found = False
        for c in self.columns:
            if normalise_header(c.header) == key and not found:
                found = True
                keep = role in ANSWER_ROLES and c.role in ANSWER_ROLES
                c = replace(
                    c, role=role, purposes=wanted if role is ColumnRole.PURPOSE else (),
                    objection=objection if role in ANSWER_ROLES else False, recognised=True,
                    sure=True, why="set by hand",
                    values=(tuple(values.items()) if values is not None
                            else c.values if keep else ()),
                    ticks=ticks if ticks is not None else (c.ticks and keep),
                )  # fmt: skip
            columns.append(c)
        if not found:
            raise ValueError(f"there is no column headed '{header}'")
        return ColumnMapping(self.kind, columns)

    # --- saving and reusing -------------------------------------------------------------------

    def to_json(self) -> dict[str, object]:
        columns: list[dict[str, object]] = []
        for c in self.columns:
            item: dict[str, object] = {"header": c.header, "role": c.role.value}
            if c.role is ColumnRole.PURPOSE:
                item["purposes"] = list(c.purposes)
            if c.role in ANSWER_ROLES:
                item["objection"] = c.objection
                if c.values:
                    item["values"] = dict(c.values)
                if c.ticks:
                    item["ticks"] = True
                if c.options and c.role is ColumnRole.TICK_LIST:
                    item["options"] = {option: list(keys) for option, keys in c.options}
            if c.month_first is not None:
                item["month_first"] = c.month_first
            if not c.recognised:
                item["recognised"] = False
            if not c.sure:
                # a reading no one has confirmed: refused on loading until a person removes this
                item["unsure"] = c.why or "not confirmed"
                if c.role in _DATE_ROLES and c.month_first is None:
                    item["unsure"] = f"{item['unsure']} ({MONTH_FIRST_HINT})"
            columns.append(item)
        data: dict[str, object] = {"format": _FORMAT, "version": 2, "kind": self.kind}
        if self.title is not None:
            data["title"] = self.title
        data["columns"] = columns
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> ColumnMapping:
        """A mapping a person saved (every reading in it counts as confirmed). Reads version 1
        (one ``purpose`` per column) and 2 (``purposes``, ``values``, ``ticks``).
        Raises ``ValueError`` when ``data`` is not a saved mapping."""
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
            header = item["header"]
            if item.get("unsure"):
                raise _StillUnsure(
                    f"column '{header}' is marked unsure ({item['unsure']}): check its reading, "
                    'correct it if needed, then delete its "unsure" line'
                )
            try:
                role = ColumnRole(str(item.get("role")))
            except ValueError:
                roles = ", ".join(r.value for r in ColumnRole)
                given = item.get("role")
                raise ValueError(f"column '{header}' has an unknown role '{given}' (the roles: "
                                 f"{roles})") from None  # fmt: skip
            purposes: tuple[str, ...] = ()
            if role is ColumnRole.PURPOSE:
                given = item.get("purposes", [item.get("purpose")])
                if isinstance(given, str):
                    given = [given]
                if given in ([], [None]):  # as saved for an answer whose purpose is unknown
                    raise _StillUnsure(
                        f"column '{header}' has no purpose chosen: give its \"purposes\" (such "
                        f'as ["website"]; the keys: {", ".join(PURPOSE_KEYS)}, and any your '
                        'trust added) or make its "role" "ignore"'
                    )
                if (
                    not isinstance(given, list)
                    or not given
                    or not all(isinstance(p, str) and _is_key(p) for p in given)
                ):
                    raise ValueError(f"column '{header}' has no purpose or an unknown one "
                                     f"({given!r})")  # fmt: skip
                purposes = tuple(given)
            month_first = item.get("month_first")
            if month_first is not None and not isinstance(month_first, bool):
                raise ValueError(f'column \'{header}\': "month_first" must be true (month first, '
                                 'as in the US) or false (day first)')  # fmt: skip
            marks = item.get("values") or {}
            if not isinstance(marks, Mapping) or not all(
                isinstance(v, str) and v in MEANINGS for v in marks.values()
            ):
                raise ValueError(f"column '{header}': each value must read as one of "
                                 f"{', '.join(MEANINGS)}")  # fmt: skip
            columns.append(
                ColumnSpec(header, i, role, purposes, bool(item.get("objection", False)),
                           bool(item.get("recognised", True)), True, "confirmed in a saved mapping",
                           tuple((mark_key(k), str(v)) for k, v in marks.items()),
                           bool(item.get("ticks", False)), month_first,
                           _options(header, role, item.get("options")))
            )  # fmt: skip
        title = data.get("title")
        return cls(kind, columns, title if isinstance(title, str) else None)

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n",
                              encoding="utf-8")  # fmt: skip

    @classmethod
    def load(
        cls,
        path: str | Path,
        headers: Sequence[str] | None = None,
        file_name: str | None = None,
        values_of: Callable[[int], Sequence[Cell]] | None = None,
        labels: Mapping[str, str] | None = None,
        year: str | None = None,
    ) -> ColumnMapping:
        """A saved mapping; given a file's ``headers``, bound to them (see ``applied_to``)."""
        p = Path(path)
        try:
            loaded = cls.from_json(_lenient_json(p.read_text(encoding="utf-8-sig")))
        except OSError as err:
            message = f"{p.name}: cannot read the saved mapping ({err.strerror})"
            raise ImportFileError(message) from err
        except _StillUnsure as err:  # a saved mapping, not yet checked by a person
            raise ImportFileError(f"{p.name}: {err}") from err
        except (ValueError, UnicodeDecodeError) as err:
            raise ImportFileError(
                f"{p.name}: this is not a saved column mapping ({err}): choose the .json file "
                "saved from the mapping dialog"
            ) from err
        if headers is None:
            return loaded
        return loaded.applied_to(headers, file_name or "the file", values_of, labels, year)

    def applied_to(
        self,
        headers: Sequence[str],
        file_name: str,
        values_of: Callable[[int], Sequence[Cell]] | None = None,
        labels: Mapping[str, str] | None = None,
        year: str | None = None,
    ) -> ColumnMapping:
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
        guessed = guess_mapping(headers, self.kind, values_of, labels, year)
        taken = {c.role for c in self.columns if c.role in SINGLE_ROLES}
        columns = []
        for i, h in enumerate(headers):
            spec = saved.get(normalise_header(h))
            if spec is not None and where[normalise_header(h)] == i:
                spec = replace(spec, header=h, index=i)
                if values_of is not None and spec.role in ANSWER_ROLES:
                    spec = _skipped_blank(_recheck(spec, guessed.columns[i]), values_of(i))
                elif (
                    values_of is not None and spec.role in _DATE_ROLES and spec.month_first is None
                ):
                    # the saved mapping does not say which way round its dates are, and in
                    # this file some can only be month first: a person says which
                    doubt = month_first_doubt(values_of(i))
                    if doubt:
                        spec = replace(spec, sure=False, why=doubt)
                columns.append(spec)
                continue
            g = guessed.columns[i]
            if g.role in taken:
                g = replace(g, role=ColumnRole.IGNORE, recognised=False)
            columns.append(g)
        return ColumnMapping(self.kind, columns, self.title)


def _recheck(saved: ColumnSpec, fresh: ColumnSpec) -> ColumnSpec:
    """A saved answer column against what this file's values show: a mark the saved reading
    does not cover, or reads the other way from what this file shows, needs a person again."""
    marks, now = dict(saved.values), dict(fresh.values)
    clash = [k for k, v in now.items() if k in marks and marks[k] != v and fresh.sure]
    uncovered = [k for k in now if k not in marks] if not fresh.sure else []
    if not (clash or uncovered):
        return saved
    shown = ", ".join(f"'{k}'" for k in (clash or uncovered)[:3])
    return replace(
        saved,
        sure=False,
        why=(
            f"the saved mapping reads {shown} one way, but in this file it stands beside "
            f"other marks ({fresh.why}): confirm what it means here"
            if clash
            else f"this file has marks the saved mapping does not cover ({shown}): {fresh.why}"
        ),
    )


def _skipped_blank(spec: ColumnSpec, cells: Sequence[Cell]) -> ColumnSpec:
    """A list of uses to object to that offers "none of the above – I am happy…": a parent
    with nothing to object to ticks that, so a blank cell is a question skipped (not answered),
    never "no objection" — unless the mapping says what a blank is."""
    from consent_desk.importing.columns import offers_no_objection

    if spec.role is not ColumnRole.TICK_LIST or not spec.objection or "" in spec.marks:
        return spec
    if not offers_no_objection({v for v in cells if isinstance(v, str)}):
        return spec
    return replace(spec, values=(*spec.values, ("", "unanswered")))


# What changes from one export of the same report to the next: dates and times, counts.
_WHEN_WORDS = re.compile(
    r"\b\d+(?:st|nd|rd|th)?\b|\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)"
    rf"(?:day)?\b|\b(?:{MONTH_RE})\b|\b[ap]\.?m\.?\b",
    re.IGNORECASE,
)


# But a small number that a sheet's key gives a meaning ("1 = Yes", "Yes = 1", "1 for yes",
# "Yes (1)", "(1/0)") is part of the question: kept, as a word, so that a key turned round
# ("0 = Yes, 1 = No") is a different title.
# (the words of a heading's key, and more that a title's key may use)
_ANSWER_WORD = rf"(?:{KEY_WORDS}|permission|ticked|not)"
_KEY_NUMBER = re.compile(
    # "1 = Yes", "1 - Yes", "1: consent", "1 (yes)", "1 yes", "1 for yes", "1 if you consent"
    rf"(?<![\w/.:])(\d{{1,2}})(?=\s*(?:[=:–—→]|->|-(?!\d)|\()\s*\(?\s*{_ANSWER_WORD}\b|"
    r"\s+(?:yes|no|y|n)\b|\s+(?:for|if|means|is)\s+(?:\w+\s+){0,2}?" + _ANSWER_WORD + r"\b"
    r"|\s*=)"
    # "Yes = 1", "Yes: 1", "Consent - 1", "Yes (1)" (the word goes with it), "… = 1"
    r"|\b" + _ANSWER_WORD + r"\s*[=:–—(-]\s*(\d{1,2})\b(?![/.:]\d)"
    r"|(?<==)\s*(\d{1,2})\b(?![/.:]\d)"
    # "(1/0)"
    r"|\(\s*(\d)\s*/\s*(\d)\s*\)",
    re.IGNORECASE,
)


def _key_numbers(match: re.Match[str]) -> str:
    return " ".join(f" key{n} " for n in match.groups() if n is not None)


def _title_words(title: str) -> list[str]:
    """A title's words, without what changes from one export to the next (dates, times,
    counts), but with the numbers its key explains."""
    kept = _KEY_NUMBER.sub(_key_numbers, LABEL_NUMBER.sub(" ", title))
    return re.sub(r"[\W_]+", " ", _WHEN_WORDS.sub(" ", kept)).casefold().split()


def title_doubt(mapping: ColumnMapping, title: str) -> str | None:
    """Why a saved mapping's answer columns must be confirmed again on a sheet whose title
    (``title``: the text above its header) is not the one it was saved for: the question may
    now be asked the other way round. A mapping saved without its title is asked about when
    this title asks a question of its own (``_title_question``: an objection, a key)."""
    now, then = " ".join(title.split()), " ".join((mapping.title or "").split())
    if mapping.title is not None and _title_words(now) != _title_words(then):
        was = f"'{then[:80]}'" if then else "no title"
        return (f"the sheet's title has changed since the mapping was saved (was {was}, now "
                f"'{now[:80]}'): check the question still asks the same way round")  # fmt: skip
    if mapping.title is None and now:
        return _title_question(now)
    return None


def with_answers_unsure(mapping: ColumnMapping, why: str) -> ColumnMapping:
    """``mapping`` with every answer column to be confirmed again, for ``why``."""
    columns = [replace(c, sure=False, why=why) if c.role in ANSWER_ROLES else c
               for c in mapping.columns]  # fmt: skip
    return ColumnMapping(mapping.kind, columns, mapping.title)


_DATE_ROLES = (ColumnRole.DOB, ColumnRole.RECEIVED_AT)
_KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def _options(
    header: str, role: ColumnRole, given: object
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """A saved mapping's ``options`` of a tick list: option -> the purposes a tick of it is for."""
    if given is None:
        return ()
    if role is not ColumnRole.TICK_LIST:
        raise ValueError(f"column '{header}': \"options\" are only for a tick list")
    if not isinstance(given, Mapping) or not all(
        isinstance(option, str)
        and option.strip()
        and isinstance(keys, list)
        and keys
        and all(isinstance(k, str) and _is_key(k) for k in keys)
        for option, keys in given.items()
    ):
        raise ValueError(f'column \'{header}\': "options" must give each option the list of '
                         'purposes a tick of it is for, such as {"School website (no names)": '
                         '["website"]}')  # fmt: skip
    return tuple((" ".join(option.split()), tuple(keys)) for option, keys in given.items())


def _is_key(text: str) -> bool:
    """A purpose key as the trust's purpose table holds them (checked against it on import)."""
    return bool(_KEY_RE.match(text))


def _resolve_name_column(
    headers: Sequence[str], guesses: list[HeaderGuess], kind: str
) -> dict[int, tuple[bool, str]]:
    """Decide whether a bare "Name" is the respondent or the learner (see _AMBIGUOUS_NAMES);
    for each such column, (sure, why)."""
    normalised = [normalise_header(h) for h in headers]
    ambiguous = [i for i, h in enumerate(normalised) if h in _AMBIGUOUS_NAMES]
    out: dict[int, tuple[bool, str]] = {}
    if not ambiguous:
        return out
    has_child_name = any(g.role in NAME_ROLES for g in guesses)
    looks_like_forms = any(h in _FORMS_SIGNATURE for h in normalised)
    learner_name = kind == "learners" or not (has_child_name or looks_like_forms)
    for i in ambiguous:
        role = ColumnRole.FULL_NAME if learner_name else ColumnRole.RESPONDENT_NAME
        guesses[i] = HeaderGuess(role)
        if kind == "learners" or looks_like_forms:
            out[i] = (True, "the Forms respondent's name" if not learner_name else "")
        elif learner_name:
            out[i] = (True, "the only column naming the child")
        else:
            out[i] = (False, "a bare 'Name' beside the child's name columns: is it the parent "
                             "who answered?")  # fmt: skip
    return out


def guess_mapping(
    headers: Sequence[str],
    kind: MappingKind,
    values_of: Callable[[int], Sequence[Cell]] | None = None,
    labels: Mapping[str, str] | None = None,
    year: str | None = None,
    title: str | None = None,
) -> ColumnMapping:
    """The mapping that the headers and, given ``values_of`` (column index -> its cells), the
    values suggest; each reading sure or unsure (see ``columns.py``). Each learner, respondent
    and date role goes to the first column that claims it (the respondent's to the one with real
    answers); a later claimant is left unmapped (and listed as unknown). ``labels`` are the
    trust's purposes (key -> label). ``title`` is the text above the header: a question there
    worded as an objection ("Tick to WITHDRAW consent for:") may turn round what the marks
    below it mean, so the answer columns are asked about."""
    from consent_desk.importing.columns import analyse

    label_dict = dict(labels) if labels is not None else None
    guesses = [recognise_header(h, label_dict) for h in headers]
    sure_names = _resolve_name_column(headers, guesses, kind)
    read = analyse(headers, guesses, values_of if kind == "returns" else None, labels, year)
    taken: set[ColumnRole] = set()
    columns: list[ColumnSpec] = []
    for header, r in zip(headers, read, strict=True):
        role = r["role"]
        assert isinstance(role, ColumnRole)
        recognised = bool(r["recognised"])
        sure = bool(r["sure"])
        why = str(r["why"])
        i = int(str(r["index"]))
        if kind == "learners" and role not in LEARNER_ROLES:
            role, sure, why = ColumnRole.IGNORE, True, ""  # a learner list holds no answers
        if role in SINGLE_ROLES:
            if role in taken:
                role, recognised = ColumnRole.IGNORE, False
            else:
                taken.add(role)
        if i in sure_names and role in (ColumnRole.RESPONDENT_NAME, ColumnRole.FULL_NAME):
            sure, why = sure_names[i]
        purposes = r["purposes"] if role is ColumnRole.PURPOSE else ()
        assert isinstance(purposes, tuple)
        values = r["values"]
        assert isinstance(values, tuple)
        columns.append(ColumnSpec(header, i, role, purposes, bool(r["objection"]), recognised,
                                  sure, why, values, bool(r["ticks"])))  # fmt: skip
    if kind == "returns":
        columns = [_other_child(c) for c in columns]
    mapping = ColumnMapping(kind, columns, title)
    if kind == "returns" and title and (doubt := _title_question(title)):
        mapping = with_answers_unsure(mapping, doubt)
    return mapping


# a column about another child of the same form: "Child 2 First Name", "Second child's class",
# "Sibling's date of birth"
_OTHER_CHILD = re.compile(
    r"\b(?:child|pupil|learner|student|son|daughter|sibling)s?\s*(?:no\s*)?[#(]?\s*"
    r"(?:[2-9]|two|three|four|five|b)\b|"
    r"\b(?:second|2nd|third|3rd|fourth|4th|fifth|5th|other)\s+(?:child|pupil|learner|student|"
    r"sibling)|"
    # a sibling's own answers ("Sibling's photo consent"); a sibling's name alone is a note
    r"\bsiblings?\b.*\b(?:consent|photos?|images?|permission|videos?|website|social|press)\b"
)


def _other_child(spec: ColumnSpec) -> ColumnSpec:
    """A column of a second (third…) child's details or answers: one row is read as one child's
    return, so it is ignored — but asked about, so that the office knows that child's return
    needs an import of its own (never kept as the first child's limitation)."""
    if not _OTHER_CHILD.search(normalise_header(spec.header)):
        return spec
    why = (
        "it is about another child on the same form: a row is read as one child's return, "
        "so this column is left out — import the file again for that child, with a mapping "
        "that reads that child's columns (name, date of birth, answers) instead"
    )
    return replace(spec, role=ColumnRole.IGNORE, purposes=(), objection=False, recognised=True,
                   sure=False, values=(), ticks=False, why=why)  # fmt: skip


# what an office writes above a sheet that is not a question: "please do not edit", "not for
# circulation", "(excluding nursery)"
_OFFICE_NOTE = re.compile(
    r"\b(?:please\s+)?(?:do\s+not|dont|don't|not\s+to\s+be|not\s+for)\s+(?:be\s+)?(?:edit|chang|"
    r"alter|amend|delet|remov|circulat|shar|cop|distribut|print|forward|mov|sort|filter|add|"
    r"type|writ)\w*\b|\bexcluding\s+\w+",
    re.IGNORECASE,
)
_AGAINST = re.compile(
    # a "not" or "no" about the office's own work says nothing of the answers: "leave blank if
    # the parent did not answer", "no reply yet", "not known"
    r"\b(?:(?:not|no)(?!\s+(?:answer\w*|repl\w*|respon\w*|sure|known|returned|received|back|"
    r"applicable|blank|filled|completed|given|yet|form|data|edit\w*|change\w*))|never|declin\w*|revok\w*|refus\w*|withdraw\w*|object\w*|exclu\w*|"
    r"opt\w*(?:\s+\w+){0,3}\s+outs?|opt-outs?|say no|restrict\w*|prohibit\w*|den(?:y|ied)|"
    r"reject\w*|avoid\w*|against)\b",
    re.IGNORECASE,
)


def _title_question(title: str) -> str | None:
    """Why the answer columns under a sheet's ``title`` (the text above its headings) must be
    confirmed: it asks about consent worded as an objection ("Tick to WITHDRAW consent for:",
    "Ticked = refused"), or it gives a key to the marks ("0 = Yes, 1 = No"). An office note
    ("Photo consent – please do not edit") asks nothing."""
    text = " ".join(title.split())
    # over the answer columns, an objection needs no word of consent to turn them round:
    # "Refused uses (Y):", "Parent said NO to:", "Opt-outs". The reason quotes the cell that
    # says so (the title is every cell above the headings, a form's name first).
    for cell in [*text.split(" / "), text]:
        rest = _OFFICE_NOTE.sub(" ", cell)
        if worded_as_objection(rest) or _AGAINST.search(rest):
            return (f"the text above the headings is worded as an objection ('{cell[:80]}'): it "
                    "may say what a Yes or a tick below it means — confirm each answer "
                    "column")  # fmt: skip
    if _KEY_NUMBER.search(LABEL_NUMBER.sub(" ", text)):
        return (f"the text above the headings gives a key to the marks ('{text[:80]}'): confirm "
                "what each mark means in each answer column")  # fmt: skip
    return None
