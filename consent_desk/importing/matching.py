"""Finding the learner a row of a returns file is for (PRODUCT.md, "Importing spreadsheets").

Pure: no DB, no Qt. Build one :class:`LearnerIndex` per import and :meth:`~LearnerIndex.match`
each row: by UPN (check letter validated; a wrong one is a warning and the row falls through),
else admission number, else name + date of birth (legal or preferred names, compared by
:func:`~.names.compact_key`; on roll preferred over left), else name + reg group when unique.
The row's other details must not contradict the learner found (date of birth, names by
:func:`~.names.surname_fits` / :func:`~.names.forename_fits`, admission number for a UPN match);
a different reg group is only a warning. A row matching nobody, several learners or a learner it
contradicts is never guessed: it gets a reason and ranked candidates for the review queue.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from functools import cached_property
from typing import Any, Literal, TypeVar

from stdnum.exceptions import InvalidChecksum, InvalidComponent, ValidationError
from stdnum.gb import upn as upn_rules

from consent_desk.importing.bulk import paused_gc
from consent_desk.importing.learner_keys import (
    MAX_CANDIDATES,
    adno_key,
    day_text,
    forenames_of,
    surnames_of,
    upn_key,
)
from consent_desk.importing.names import (
    compact_key,
    forename_fits,
    group_after_name,
    name_readings,
    split_full_name,
    surname_fits,
)
from consent_desk.importing.records import Candidate, LearnerDetails, LearnerRecord, MatchResult

__all__ = ["MAX_CANDIDATES", "LearnerIndex"]


_Bucket = list[LearnerRecord]
_Key = TypeVar("_Key")
_Ids = int | tuple[int, ...]  # one learner id, or (rarely) several
IndexKind = Literal["upn", "upn_body", "adno", "dob", "surname", "forename", "group"]
_NOT_LISTED = "is not on the learner list"
_BY_OTHERS = "; matched by other details"


def _upn_problem(upn: str) -> str | None:
    """None when the UPN's check letter is right, else what is wrong with it."""
    try:
        upn_rules.validate(upn)
    except InvalidChecksum:
        return f"UPN {upn} has a wrong check letter"
    except InvalidComponent:
        # An LA number python-stdnum does not know (yet): the check letter alone decides.
        if upn_rules.calc_check_digit(upn[1:]) != upn[0]:
            return f"UPN {upn} has a wrong check letter"
    except ValidationError:
        return f"UPN {upn} is not a valid UPN (a letter and 12 characters)"
    return None


def _describe(rec: LearnerRecord) -> str:
    extra = [rec.reg_group] if rec.reg_group else []
    if not rec.on_roll:
        extra.append("left")
    name = f"{rec.legal_forename} {rec.legal_surname}"
    return f"{name} ({', '.join(extra)})" if extra else name


def _name_of(details: LearnerDetails) -> str:
    parts = [p.strip() for p in (details.forename, details.surname) if p and p.strip()]
    return " ".join(parts) or (details.full_name or "").strip()


def _name_keys(details: LearnerDetails) -> list[tuple[str, str]]:
    """(surname, forename) compact keys of every reading that has both."""
    surname, forename = details.surname, details.forename
    if surname and forename and not details.full_name:  # the common case, kept fast
        sk, fk = compact_key(surname), compact_key(forename)
        return [(sk, fk)] if sk and fk else []
    readings = name_readings(surname, forename, details.full_name)
    return [(sk, fk) for s, f in readings if (sk := compact_key(s)) and (fk := compact_key(f))]


def _on_roll_choice(found: _Bucket) -> LearnerRecord | None:
    if len(found) == 1:
        return found[0]
    on_roll = [rec for rec in found if rec.on_roll]
    return on_roll[0] if len(on_roll) == 1 else None


def _name_readings(rec: LearnerRecord) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The compact keys of a learner's surnames and forenames (legal, and preferred when they
    differ)."""
    key = compact_key
    surname = key(rec.legal_surname)
    other = key(rec.preferred_surname) if rec.preferred_surname else surname
    surnames = (surname,) if other in (surname, "") else (surname, other)
    forename = key(rec.legal_forename)
    other = key(rec.preferred_forename) if rec.preferred_forename else forename
    forenames = (forename,) if other in (forename, "") else (forename, other)
    return surnames, forenames


def _dob_of(rec: LearnerRecord) -> date | None:
    return rec.dob


def _group_of(rec: LearnerRecord) -> str:
    return compact_key(rec.reg_group) if rec.reg_group else ""


def _put(table: dict[_Key, _Ids], key: _Key, learner_id: int) -> None:
    """Add an id to a table whose values are one id or, rarely, a tuple of ids. Tables of plain
    ints and strings are not tracked by the garbage collector, which keeps 60,000 learners cheap."""
    present = table.get(key)
    if present is None:
        table[key] = learner_id
    elif isinstance(present, int):
        if present != learner_id:
            table[key] = (present, learner_id)
    elif learner_id not in present:
        table[key] = (*present, learner_id)


_SLICE = 2000  # learners added to the candidate tables between two looks at ``go_on``


class LearnerIndex:
    """The learners one import can match, indexed for :meth:`match`.

    The table of names and dates of birth, which matches most rows, is built at once (while
    the file is still being read); each other table the first time it is needed: a file
    without UPNs never builds the UPN table, names with reg groups are indexed only for a row
    that no name and date of birth match, and the tables that only rank candidates are built
    only when a row needs review. On a 60,000-learner academy each costs a few hundredths of a
    second. Building makes no reference cycles, so the garbage collector is paused meanwhile:
    it would otherwise pass again and again over every object alive."""

    def __init__(self, records: Iterable[LearnerRecord]) -> None:
        self._by_id: dict[int, LearnerRecord] = {rec.id: rec for rec in records}
        # the candidate tables, once built (see ``prepare_candidates``), and while being built
        self._candidates: dict[IndexKind, dict[Any, list[int]]] | None = None
        self._filling: tuple[list[LearnerRecord], int, dict[IndexKind, Any]] | None = None
        # (forename, surname, date of birth) -> learners: what most rows are matched by
        self._by_name_dob: dict[tuple[str, str, date], _Ids] = self._names_with(_dob_of)

    def _keyed(self, key: Callable[[LearnerRecord], str | None]) -> dict[str, _Ids]:
        """A table of every learner under ``key(learner)`` (none when it gives nothing)."""
        table: dict[str, _Ids] = {}
        with paused_gc():
            for rec in self._by_id.values():
                k = key(rec)
                if k:
                    _put(table, k, rec.id)
        return table

    @cached_property
    def _by_upn(self) -> dict[str, _Ids]:
        return self._keyed(lambda rec: upn_key(rec.upn) if rec.upn else None)

    @cached_property
    def _by_upn_body(self) -> dict[str, _Ids]:
        """UPNs without the check letter: for candidates."""
        return self._keyed(lambda rec: upn_key(rec.upn)[1:] if rec.upn else None)

    @cached_property
    def _by_adno(self) -> dict[str, _Ids]:
        return self._keyed(lambda rec: adno_key(rec.adno) if rec.adno else None)

    @cached_property
    def _by_name_group(self) -> dict[tuple[str, str, Any], _Ids]:
        """(forename, surname, reg group) -> learners: for rows that no name and date of birth
        match."""
        return self._names_with(_group_of)

    def _names_with(
        self, other: Callable[[LearnerRecord], Any]
    ) -> dict[tuple[str, str, Any], _Ids]:
        """(forename, surname, ``other(learner)``) -> learners, for every reading of the names
        (legal and preferred); none for a learner whose ``other`` is empty."""
        table: dict[tuple[str, str, Any], _Ids] = {}
        put = _put
        with paused_gc():
            for rec in self._by_id.values():
                extra = other(rec)
                if not extra:
                    continue
                learner_id = rec.id
                surnames, forenames = _name_readings(rec)
                for sk in surnames:
                    for fk in forenames:
                        put(table, (fk, sk, extra), learner_id)
        return table

    def _candidate_tables(self) -> dict[IndexKind, dict[Any, list[int]]]:
        """Date of birth, surname, forename and reg group -> learners: for candidates only
        (large buckets, so lists). Built the first time a row needs them, if not before."""
        self.prepare_candidates()
        assert self._candidates is not None
        return self._candidates

    def prepare_candidates(self, go_on: Callable[[], bool] = lambda: True) -> None:
        """Build the tables that rank candidates (see ``_candidate_tables``), a slice of the
        learners at a time, for as long as ``go_on()`` says (a caller with time to spare: an
        import while its file is parsed without the GIL, which this work would slow once it
        needs the GIL again); what is left is built when a row needs it."""
        if self._candidates is not None:
            return
        if self._filling is None:
            kinds: tuple[IndexKind, ...] = ("dob", "surname", "forename", "group")
            self._filling = (list(self._by_id.values()), 0, {k: defaultdict(list) for k in kinds})
        records, done, tables = self._filling
        by_dob, by_surname = tables["dob"], tables["surname"]
        by_forename, by_group = tables["forename"], tables["group"]
        with paused_gc():
            while done < len(records):
                for rec in records[done : done + _SLICE]:
                    learner_id = rec.id
                    surnames, forenames = _name_readings(rec)
                    if rec.dob is not None:
                        by_dob[rec.dob].append(learner_id)
                    if rec.reg_group and (group := compact_key(rec.reg_group)):
                        by_group[group].append(learner_id)
                    for fk in forenames:
                        by_forename[fk].append(learner_id)
                    for sk in surnames:
                        by_surname[sk].append(learner_id)
                done += _SLICE
                self._filling = (records, done, tables)
                if done < len(records) and not go_on():
                    return
        self._filling = None
        self._candidates = dict(tables)

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, learner_id: int) -> LearnerRecord | None:
        return self._by_id.get(learner_id)

    def _records(self, table: Mapping[_Key, int | Sequence[int]], keys: Sequence[_Key]) -> _Bucket:
        """The learners under any of *keys*, each once."""
        by_id = self._by_id
        if len(keys) == 1:
            found = table.get(keys[0])
            if found is None:
                return []
            return [by_id[found]] if isinstance(found, int) else [by_id[i] for i in found]
        ids: dict[int, None] = {}
        for k in keys:
            found = table.get(k)
            if isinstance(found, int):
                ids[found] = None
            elif found:
                ids.update(dict.fromkeys(found))
        return [by_id[i] for i in ids]

    def learners_with(self, kind: IndexKind, key: object) -> list[LearnerRecord]:
        """The learners the index holds under ``key`` in one of its tables (for candidates)."""
        table: Mapping[Any, int | Sequence[int]]
        if kind == "upn":
            table = self._by_upn
        elif kind == "upn_body":
            table = self._by_upn_body
        elif kind == "adno":
            table = self._by_adno
        else:
            table = self._candidate_tables()[kind]
        return self._records(table, (key,))

    def match_many(self, rows: Iterable[LearnerDetails]) -> list[MatchResult]:
        """:meth:`match` for every row, in order. The garbage collector is paused meanwhile (the
        matcher makes no reference cycles): on a big import its full passes over every object
        alive would otherwise cost as much as the matching itself."""
        with paused_gc():
            return [self.match(details) for details in rows]

    def match(self, details: LearnerDetails) -> MatchResult:
        """The learner *details* identify, or why the row must wait for review (with candidates)."""
        if details.full_name and not (details.surname or details.forename):
            # "John Smith (7A)" in the one name cell: the name, and the class as the row's own
            # (when it gives none in a column)
            split = group_after_name(details.full_name)
            if split is not None:
                name, group = split
                details = replace(details, full_name=name, reg_group=details.reg_group or group)
        warnings: list[str] = []
        upn = upn_key(details.upn) if details.upn else ""
        other_upn = ""  # a valid UPN no learner here has: perhaps another child's
        if upn:
            problem = _upn_problem(upn)
            found = [] if problem else self._records(self._by_upn, (upn,))
            chosen = _on_roll_choice(found) if found else None
            if chosen is not None:
                return self._check(details, chosen, "upn", f"UPN {upn}", warnings)
            if problem is None:
                other_upn = "" if found else upn
                state = f"is used by {len(found)} learners" if found else _NOT_LISTED
                problem = f"UPN {upn} {state}"
            warnings.append(f"{problem}{_BY_OTHERS}")
        adno = adno_key(details.adno) if details.adno else ""
        if adno:
            found = self._records(self._by_adno, (adno,))
            chosen = _on_roll_choice(found) if found else None
            label = f"Admission number {adno}"
            if chosen is not None:
                if other_upn and (other := self._upn_of_another(details, chosen, other_upn,
                                                                warnings)):  # fmt: skip
                    return other
                return self._check(details, chosen, "adno", label, warnings)
            state = f"is used by {len(found)} learners" if found else _NOT_LISTED
            warnings.append(f"{label} {state}{_BY_OTHERS}")
        keys = _name_keys(details)
        dob = details.dob
        if dob is not None and keys:
            if len(keys) == 1:
                sk, fk = keys[0]
                hit = self._by_name_dob.get((fk, sk, dob))
                if type(hit) is int:  # one reading of the name, one learner: most rows
                    chosen = self._by_id[hit]
                    if other_upn and (other := self._upn_of_another(details, chosen, other_upn,
                                                                    warnings)):  # fmt: skip
                        return other
                    if (
                        details.reg_group
                        and chosen.reg_group
                        and (other := self._group_of_another(details, chosen, keys, warnings))
                    ):
                        return other
                    return MatchResult(hit, "name_dob", warnings=warnings)
            found = self._records(self._by_name_dob, [(fk, sk, dob) for sk, fk in keys])
            if found:
                chosen = _on_roll_choice(found)
                if chosen is None or len(found) > 1:
                    ambiguity = (
                        f"{len(found)} learners match {_name_of(details)}, born {day_text(dob)}"
                    )
                    if chosen is None:
                        return self._review(details, ambiguity, warnings, found)
                    warnings.append(f"{ambiguity}; matched {_describe(chosen)}, the one on roll")
                if other_upn and (other := self._upn_of_another(details, chosen, other_upn,
                                                                warnings)):  # fmt: skip
                    return other
                if (
                    details.reg_group
                    and chosen.reg_group
                    and (other := self._group_of_another(details, chosen, keys, warnings))
                ):
                    return other
                return MatchResult(chosen.id, "name_dob", warnings=warnings)
        group = (details.reg_group or "").strip()
        if group and keys:
            gk = compact_key(group)
            found = self._records(self._by_name_group, [(fk, sk, gk) for sk, fk in keys])
            name = _name_of(details)
            if len(found) == 1:
                if other_upn and (other := self._upn_of_another(details, found[0], other_upn,
                                                                warnings)):  # fmt: skip
                    return other
                label = f"Only one {name} is in {group}"
                return self._check(details, found[0], "name_group", label, warnings)
            if found:
                reason = f"{len(found)} learners match {name} in {group}"
                return self._review(details, reason, warnings, found)
        reason = _no_match_reason(details, _name_of(details), bool(keys))
        return self._review(details, reason, warnings, [])

    def _upn_of_another(
        self, details: LearnerDetails, learner: LearnerRecord, upn: str, warnings: list[str]
    ) -> MatchResult | None:
        """The row waits when its ``upn`` (valid, and no learner's here) is given for a learner
        whose own UPN is another: UPNs are unique across the trust and a valid check letter is
        seldom a typing error, so the row may be another child's (a twin or cousin at another
        academy of the trust) with the same name and date of birth. None when the learner has
        no UPN on record (nothing contradicts) or has this one."""
        own = upn_key(learner.upn) if learner.upn else ""
        if not own or own == upn:
            return None
        reason = (
            f"{_describe(learner)} matches the row's other details, but the UPN given ({upn}) "
            f"is not theirs ({own}): the row may be for another child"
        )
        return self._review(details, reason, warnings, [learner])

    def _check(
        self,
        details: LearnerDetails,
        learner: LearnerRecord,
        method: str,
        label: str,
        warnings: list[str],
    ) -> MatchResult:
        """Accept *learner*, identified by *method*, unless the row's other details contradict."""
        problems: list[str] = []
        if details.dob is not None and learner.dob is not None and details.dob != learner.dob:
            problems.append(
                f"the date of birth given ({day_text(details.dob)}) differs "
                f"(learner's is {day_text(learner.dob)})"
            )
        if method == "upn" and details.adno and learner.adno:
            given, own = adno_key(details.adno), adno_key(learner.adno)
            if given != own:
                problems.append(
                    f"the admission number given ({given}) differs (learner's is {own})"
                )
        surname, forename = (details.surname or "").strip(), (details.forename or "").strip()
        if surname and not surname_fits(surname, surnames_of(learner)):
            own_name = learner.legal_surname
            problems.append(f"the surname given ({surname}) differs (learner's is {own_name})")
        if forename and not forename_fits(forename, forenames_of(learner)):
            own_name = learner.legal_forename
            if learner.preferred_forename and learner.preferred_forename != own_name:
                own_name += f", known as {learner.preferred_forename}"
            problems.append(f"the forename given ({forename}) differs (learner's is {own_name})")
        full_name = (details.full_name or "").strip()
        readings = split_full_name(full_name) if full_name and not (surname or forename) else []
        if readings and not any(
            surname_fits(s, surnames_of(learner)) and forename_fits(f, forenames_of(learner))
            for s, f in readings
        ):
            own_name = f"{learner.legal_forename} {learner.legal_surname}"
            problems.append(f"the name given ({full_name}) differs (learner's is {own_name})")
        if problems:
            lead = label if method == "name_group" else f"{label} is {_describe(learner)}"
            reason = f"{lead}, but {' and '.join(problems)}"
            return self._review(details, reason, warnings, [learner])
        self._group_warning(details, learner, warnings)
        return MatchResult(learner.id, method, warnings=warnings)

    def _group_of_another(
        self,
        details: LearnerDetails,
        learner: LearnerRecord,
        keys: list[tuple[str, str]],
        warnings: list[str],
    ) -> MatchResult | None:
        """A row whose name and date of birth fit ``learner`` but whose reg group is another's:
        a learner moves group, so it is matched with a word — unless another learner of that
        name is in the group given (two Jack Taylors, born a day apart, in 7A and 7B): then the
        row's details point at two children, and it waits for a person."""
        given = (details.reg_group or "").strip()
        gk = compact_key(given)
        if not given or gk == compact_key(learner.reg_group or ""):
            return None
        others = [r for r in self._records(self._by_name_group, [(fk, sk, gk) for sk, fk in keys])
                  if r.id != learner.id]  # fmt: skip
        if others:
            reason = (f"the name and date of birth are {_describe(learner)}'s, but the reg "
                      f"group given ({given}) is {_describe(others[0])}'s: which child's form "
                      "is it?")  # fmt: skip
            return self._review(details, reason, warnings, [learner, *others])
        self._group_warning(details, learner, warnings)
        return None

    @staticmethod
    def _group_warning(details: LearnerDetails, learner: LearnerRecord, out: list[str]) -> None:
        given = (details.reg_group or "").strip()
        if given and learner.reg_group and compact_key(given) != compact_key(learner.reg_group):
            out.append(f"Reg group given ({given}) differs: {_describe(learner)}; matched anyway")

    def _review(
        self, details: LearnerDetails, reason: str, warnings: list[str], forced: _Bucket
    ) -> MatchResult:
        candidates = self.candidates(details, forced)
        # a UPN or admission number that led nowhere was not "matched by other details" either
        said = [w.removesuffix(_BY_OTHERS) for w in warnings]
        return MatchResult(None, reason=reason, candidates=candidates, warnings=said)

    def candidates(
        self,
        details: LearnerDetails,
        forced: Iterable[LearnerRecord] = (),
        limit: int = MAX_CANDIDATES,
    ) -> list[Candidate]:
        """Likely learners for a row that needs review, best first (at most *limit*): see
        :func:`~.candidates.find_candidates`. *forced* learners (those the row matched
        ambiguously or contradicted) are always included."""
        from consent_desk.importing.candidates import find_candidates

        return find_candidates(self, details, forced, limit)


def _no_match_reason(details: LearnerDetails, name: str, whole_name: bool) -> str:
    facts = [name] if name else []
    if details.dob is not None:
        facts.append(f"born {day_text(details.dob)}")
    group = (details.reg_group or "").strip()
    if group:
        facts.append(f"reg group {group}")
    if details.adno:
        facts.append(f"admission number {adno_key(details.adno)}")
    if details.upn:
        facts.append(f"UPN {upn_key(details.upn)}")
    if not facts:
        return (
            "No learner matches: the row gives no name, date of birth, admission number or "
            "UPN that can be used"
        )
    reason = f"No learner matches {', '.join(facts)}"
    if name and not whole_name:
        reason += " (both a forename and a surname are needed)"
    elif details.dob is None and not group:
        reason += " (a name alone is not enough: a date of birth or reg group is needed)"
    return reason
