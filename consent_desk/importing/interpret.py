"""Applying a column mapping to every row of a table: returns and learner lists.

Decisions made here (PRODUCT.md: when in doubt, restrict):

* A row that cannot be taken as read (a date that is not day-first, an answer that is not an
  answer, no learner named, only office notes) is still returned, with its ``problems`` and its
  cells: it waits for review, never dropped. A cell that could not be read counts as
  unanswered meanwhile.
* Several answers for one purpose (a purpose column and a tick list) combine like two carers:
  refuse > consent > unanswered. An overall ``refuse`` refuses every purpose; an overall
  ``consent`` fills only the purposes that nothing else answered.
* A blank tick-list cell is "ticked nothing": Microsoft Forms exports a consent-phrased list with
  nothing ticked as a blank cell, so every purpose is refused; under an objection-phrased list
  nothing ticked means no objection.
* A row with a learner but nothing written in any answer, limitation or notes cell and no
  received time is an office sheet listing a learner whose form has not come back: it is
  reported, not imported. Anything written (even "?"), a received time or a "Form returned?"
  marked Y makes it a return — one with nothing answered is a return with every purpose
  unanswered.
* Text after an answer ("Yes - group photos only") and tick-list options that name no purpose
  are kept as the limitation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from consent_desk.domain.purposes import PURPOSE_KEYS
from consent_desk.domain.rules import Answer
from consent_desk.importing.answer_cells import (
    Bad,
    RowAnswers,
    answer_reader,
    memo_and_cache,
)
from consent_desk.importing.answers import came_back, split_choices
from consent_desk.importing.bulk import paused_gc
from consent_desk.importing.columns import offered_parts
from consent_desk.importing.headers import FORM_BACK, ColumnRole, header_list
from consent_desk.importing.names import split_full_name
from consent_desk.importing.readers import Cell, Table, column_letter, column_values
from consent_desk.importing.records import (
    ImportFileError,
    LearnerDetails,
    MappingIncomplete,
    ParsedLearner,
    ParsedReturn,
    RowProblem,
)
from consent_desk.importing.values import (
    academic_year_label,
    clean_text,
    normalise_adno,
    normalise_upn,
    normalise_year_group,
    parse_date,
    parse_date_month_first,
    parse_datetime,
    parse_datetime_month_first,
    upn_problem,
)

if TYPE_CHECKING:
    from consent_desk.importing.mapping import ColumnMapping, ColumnSpec

R = ColumnRole
_IDENTIFYING = (R.UPN, R.ADNO, R.SURNAME, R.FORENAME, R.FULL_NAME, R.PREFERRED_FORENAME)
_ANSWER_ROLES = (R.PURPOSE, R.TICK_LIST, R.OVERALL, R.LIMITATION, R.NOTES)
_LEARNER_FIELDS = (
    R.UPN, R.ADNO, R.SURNAME, R.FORENAME, R.PREFERRED_FORENAME, R.PREFERRED_SURNAME,
    R.FULL_NAME, R.DOB, R.YEAR_GROUP, R.REG_GROUP,
)  # fmt: skip
_RETURN_FIELDS = (*_LEARNER_FIELDS, R.RESPONDENT_NAME, R.RESPONDENT_EMAIL, R.RELATIONSHIP,
                  R.RECEIVED_AT, R.FORM_YEAR, R.RETURNED)  # fmt: skip


def _email(value: Cell) -> str | None:
    text = clean_text(value)
    return text if text and "@" in text else None  # Forms writes "anonymous" when not collected


def _upn(value: Cell) -> tuple[str | None, str | None]:
    """(UPN to match on, warning)."""
    upn = normalise_upn(value)
    if upn is None:
        return None, None
    problem = upn_problem(upn)
    if problem == "check letter":
        return None, f"UPN {upn} has a wrong check letter: it is not used to find the learner"
    if problem is not None:
        return None, f"'{upn}' is not a UPN: it is not used to find the learner"
    return upn, None


_CONVERTERS: dict[ColumnRole, Callable[[Cell], object]] = {
    R.DOB: parse_date,
    R.RECEIVED_AT: parse_datetime,
    R.ADNO: normalise_adno,
    R.UPN: normalise_upn,
    R.YEAR_GROUP: normalise_year_group,
    R.RESPONDENT_EMAIL: _email,
    R.FORM_YEAR: academic_year_label,
    R.RETURNED: came_back,
}


_PASSTHROUGH: dict[ColumnRole, type] = {R.DOB: date, R.RECEIVED_AT: datetime}
_MISSING = object()


class _Never:
    """No cell is of this type (for the columns whose converter keeps no type as it is)."""


def _picker(indices: list[int]) -> Callable[[list[Cell]], tuple[Cell, ...]]:
    """The cells at ``indices`` of a row, as a tuple (one C call for the usual several)."""
    if len(indices) > 1:
        return itemgetter(*indices)
    if indices:
        only = indices[0]
        return lambda cells: (cells[only],)
    return lambda cells: ()


class _Fields:
    """The learner and respondent columns of a mapping (the first column of each role).

    ``read`` gives each role's value already converted: ``str`` for text roles, ``date`` for
    the date of birth, ``datetime`` for the received time, ``(upn, warning)`` for the UPN of a
    return, or a ``Bad`` for a value that could not be read.
    """

    def __init__(
        self, mapping: ColumnMapping, roles: Sequence[ColumnRole], check_upn: bool
    ) -> None:
        self.specs: dict[ColumnRole, ColumnSpec] = {}
        for c in mapping.columns:
            if c.role in roles and c.role not in self.specs:
                self.specs[c.role] = c
        self.steps: list[tuple[ColumnRole, int, Callable[[Cell], Any]]] = []
        self.caches: list[dict[Cell, Any]] = []  # each step's remembered results, by text
        for role, spec in self.specs.items():
            converter = _upn if role is R.UPN and check_upn else _CONVERTERS.get(role, clean_text)
            if spec.month_first:  # a person confirmed this column is written month first
                converter = {
                    R.DOB: parse_date_month_first,
                    R.RECEIVED_AT: parse_datetime_month_first,
                }.get(role, converter)
            convert, cache = memo_and_cache(converter, _PASSTHROUGH.get(role))
            self.steps.append((role, spec.index, convert))
            self.caches.append(cache)

    def read(self, cells: list[Cell]) -> dict[ColumnRole, Any]:
        out: dict[ColumnRole, Any] = {}
        for role, index, convert in self.steps:
            value = cells[index]
            if value is not None:
                result = convert(value)
                if result is not None:
                    out[role] = result
        return out


class RowInterpreter:
    """Turns the rows of a ``Table`` into ``ParsedReturn``s or ``ParsedLearner``s."""

    def __init__(
        self,
        mapping: ColumnMapping,
        purposes: Sequence[str] | None = None,
        labels: Mapping[str, str] | None = None,
    ) -> None:
        """``labels`` are the trust's purposes (key -> label, from its purpose table); the
        answers are read for ``purposes`` (default: those keys; the declared defaults only for
        a caller that gives neither, such as a test of the reading alone)."""
        self.labels = labels  # the trust's purposes, by which tick-list options are read
        self.mapping = mapping
        keys = purposes if purposes is not None else labels if labels is not None else None
        self.purposes = tuple(keys) if keys is not None else PURPOSE_KEYS
        # the rows the last ``returns`` left out as a row of totals ("Total, 3, , 2"): the
        # office's count, not a parent's answers (the read-back leaves them out too)
        self.totals_rows: set[int] = set()

    # --- set-up --------------------------------------------------------------------------------

    def _bind(self, table: Table, where: str) -> ColumnMapping:
        cols = self.mapping.columns
        if len(cols) == len(table.headers) and all(
            c.index == i and c.header == table.headers[i] for i, c in enumerate(cols)
        ):
            return self.mapping
        return self.mapping.applied_to(table.headers, where, column_values(table), self.labels)

    @staticmethod
    def _where(table: Table, file_name: str | None) -> str:
        name = file_name or table.file_name
        return name if table.sheet is None else f"{name}, sheet '{table.sheet}'"

    def returns(
        self,
        table: Table,
        file_name: str | None = None,
        *,
        only: Sequence[int] | None = None,
    ) -> tuple[list[ParsedReturn], list[RowProblem]]:
        """Every data row as a return, or a problem. ``ImportFileError`` when the mapping has no
        column that identifies the learner or none that holds an answer. ``file_name`` names the
        file in messages (default: the table's). ``only``: only these of ``table.rows``, by
        position (the checks of the whole sheet are still made: parts read so give exactly what
        one reading of the whole does)."""
        where = self._where(table, file_name)
        mapping = self._bind(table, where)
        if not mapping.by_role(*_IDENTIFYING):
            raise MappingIncomplete(
                f"{where}: no column identifies the learner — found columns: "
                f"{header_list(table.headers)}; need a UPN, admission number, or the child's name "
                "(with date of birth or class)"
            )
        if not mapping.by_role(R.PURPOSE, R.TICK_LIST, R.OVERALL):
            status = mapping.by_role(R.RETURNED) or [
                c for c in mapping.by_role(R.IGNORE) if c.why == FORM_BACK
            ]
            if status:  # an office's tracking sheet: which forms came back, not what they say
                raise MappingIncomplete(
                    f"{where}: no column holds the parents' answers — '{status[0].header}' only "
                    "says where the forms are (sent out, back, chased), not what the parents "
                    "answered, so nothing is imported from this sheet: import the file that holds "
                    "their answers, or enter each paper form (“Enter a paper return…” in the app)"
                )
            raise MappingIncomplete(
                f"{where}: no column holds the consent answers — found columns: "
                f"{header_list(table.headers)}; map at least one column to a purpose, a tick list "
                "or the overall question"
            )
        if long := _one_row_per_use(table, mapping):
            raise ImportFileError(f"{where}: {long}")
        fields = _Fields(mapping, _RETURN_FIELDS, check_upn=True)
        self.totals_rows = set()
        rows = table.rows if only is None else [table.rows[i] for i in only]
        with paused_gc():  # a record or two per row, and no reference cycles among them
            return self._returns(table, rows, mapping, fields)

    def _returns(
        self, table: Table, rows: list[tuple[int, list[Cell]]], mapping: ColumnMapping,
        fields: _Fields,
    ) -> tuple[list[ParsedReturn], list[RowProblem]]:  # fmt: skip
        answer_specs = mapping.by_role(*_ANSWER_ROLES)
        pick_answers = _picker([c.index for c in answer_specs])
        # (from the whole sheet's cells, even when only some rows are read)
        parts = {n: offered_parts(spec, [cells[spec.index] for _, cells in table.rows],
                                  self.labels)
                 for n, spec in enumerate(answer_specs)
                 if spec.role is R.TICK_LIST and not spec.objection}  # fmt: skip
        read_answers = answer_reader(answer_specs, self.purposes, self.labels, parts)
        combos: dict[tuple[tuple[Cell, ...], bool], RowAnswers] = {}
        # The learner and respondent cells of a row are picked at once and converted into a
        # list; each role's value is at a fixed slot of it (a role the file lacks points at the
        # None appended after the values). No dict per row: this loop runs 60,000 times.
        pick_fields = _picker([index for _, index, _ in fields.steps])
        converters = [(convert, cache, _PASSTHROUGH.get(role, _Never))
                      for (role, _, convert), cache in zip(fields.steps, fields.caches,
                                                           strict=True)]  # fmt: skip
        missing = _MISSING
        slots = {role: k for k, (role, _, _) in enumerate(fields.steps)}
        absent = len(fields.steps)
        (upn_k, adno_k, surname_k, psurname_k, forename_k, pforename_k, full_k, dob_k, reg_k,
         year_k, name_k, email_k, relation_k, received_k, form_year_k, returned_k) = (
            slots.get(role, absent) for role in (
                R.UPN, R.ADNO, R.SURNAME, R.PREFERRED_SURNAME, R.FORENAME, R.PREFERRED_FORENAME,
                R.FULL_NAME, R.DOB, R.REG_GROUP, R.YEAR_GROUP, R.RESPONDENT_NAME,
                R.RESPONDENT_EMAIL, R.RELATIONSHIP, R.RECEIVED_AT, R.FORM_YEAR,
                R.RETURNED))  # fmt: skip
        parsed: list[ParsedReturn] = []
        problems: list[RowProblem] = []
        no_upn = (None, None)
        returned = fields.specs.get(R.RETURNED)
        returned_header = returned.header if returned is not None else ""
        mark_back = f"mark it as come back in '{returned_header}' or " if returned else ""
        for row_number, cells in rows:
            # What the converter would do without calling it: a date cell kept as it is, a text
            # seen before in its column looked up. A call only for a new text or another value.
            values: list[Any] = [
                None if v is None
                else v if v.__class__ is keep
                else hit if (hit := cache.get(v, missing)) is not missing
                else convert(v)
                for (convert, cache, keep), v in zip(converters, pick_fields(cells), strict=True)
            ]  # fmt: skip
            values.append(None)
            received = values[received_k]
            back = values[returned_k]  # "Form returned?": True, False or None (not said)
            # blanks on a form that came back are answers: nothing ticked is refused
            key = (pick_answers(cells), received is not None or back is True)
            combo = combos.get(key)
            if combo is None:
                combo = combos[key] = read_answers(*key)
            dob = values[dob_k]
            form_year = values[form_year_k]
            trouble: list[str] = []
            if (
                combo.problems
                or type(dob) is Bad
                or type(received) is Bad
                or type(form_year) is Bad
            ):
                found = {r: values[k] for r, k in slots.items() if values[k] is not None}
                trouble = [f"column '{p.column}': {p.message}" if p.column else p.message
                           for p in self._problems(row_number, combo, found, fields)]  # fmt: skip
                if type(dob) is Bad:
                    dob = None
                if type(received) is Bad:
                    received = None
                if type(form_year) is Bad:
                    form_year = None
            upn, warning = values[upn_k] or no_upn
            learner = LearnerDetails(
                upn, values[adno_k], values[surname_k] or values[psurname_k],
                values[forename_k] or values[pforename_k], values[full_k], dob, values[reg_k],
                values[year_k],
            )  # fmt: skip
            identified = bool(upn or learner.adno or learner.surname or learner.forename
                              or learner.full_name or warning)  # fmt: skip
            if trouble and not (upn or learner.adno or dob) and _totals_row(learner):
                # "Total, 3, , , 2, 1…" below the returns: the office's count, not a parent's
                self.totals_rows.add(row_number)
                problems.append(RowProblem(
                    row_number, None, f"row {row_number} looks like a row of totals, not a "
                    "return: not taken as one"))  # fmt: skip
                continue
            if back is False and combo.answered:
                # a sheet filled in before the forms came back ("Yes" everywhere) is not answers
                trouble.append(f"the form is marked as not come back in '{returned_header}', "
                               "but the row has answers: did it come back, and are they the "
                               "parent's?")  # fmt: skip
            elif back is False and received is not None:
                trouble.append(f"the form is marked as not come back in '{returned_header}', "
                               "but it has a date received and nothing answered: did it come "
                               "back?")  # fmt: skip
            if (
                not combo.answered
                and not trouble
                and received is None
                and back is not True  # "Form returned? Y": a blank form came back
            ):
                # a parent's name or e-mail alone may be pre-filled on an office sheet (from
                # the MIS contacts): not a return
                if identified:
                    problems.append(RowProblem(
                        row_number, None, f"row {row_number} has no answers and no date received: "
                        "not taken as a return (an office sheet may list every child, and the "
                        "parents' names or e-mails, before the forms come back) — if this form "
                        f"came back, {mark_back}fill in the date received"))  # fmt: skip
                continue
            if (
                combo.notes
                and not combo.limitation
                and all(a is Answer.UNANSWERED for a in combo.answers.values())
            ):
                trouble.append("the row has no answers, only office notes: a person must read "
                               "them (they may say what the parent wants)")  # fmt: skip
            if not identified:
                trouble.append("the row does not say which learner it is for: fill in the UPN, "
                               "admission number or the child's name")  # fmt: skip
            ret = ParsedReturn(
                row_number, learner, dict(combo.answers), values[name_k], values[email_k],
                values[relation_k], received, combo.limitation, combo.notes,
                [warning] if warning else [],
            )  # fmt: skip
            if form_year:
                ret.form_year = form_year
            if back is True and received is None and not combo.answered:
                ret.marked_back = True  # (see services.imports._settle)
            if trouble:
                ret.problems = trouble
                ret.cells = {f"{column_letter(i)}: {h}": clean_text(v) or ""
                             for i, (h, v) in enumerate(zip(table.headers, cells, strict=False))
                             if v is not None}  # fmt: skip
            parsed.append(ret)
        return parsed, problems

    @staticmethod
    def _problems(
        row: int, combo: RowAnswers, found: dict[ColumnRole, Any], fields: _Fields
    ) -> list[RowProblem]:
        out = [RowProblem(row, column, message) for column, message in combo.problems]
        for role in (R.DOB, R.RECEIVED_AT, R.FORM_YEAR):
            result = found.get(role)
            if type(result) is Bad:
                out.append(RowProblem(row, fields.specs[role].header, result.message))
        return out

    # --- learner lists -------------------------------------------------------------------------

    def learners(
        self, table: Table, file_name: str | None = None
    ) -> tuple[list[ParsedLearner], list[RowProblem]]:
        """Every data row of an MIS learner list, or a problem. ``ImportFileError`` when there
        are no name columns. A UPN is kept as the MIS has it (the MIS is the authority)."""
        where = self._where(table, file_name)
        mapping = self._bind(table, where)
        roles = {c.role for c in mapping.columns}
        if not ({R.SURNAME, R.FORENAME} <= roles or R.FULL_NAME in roles):
            raise ImportFileError(
                f"{where}: no columns hold the learners' names — found columns: "
                f"{header_list(table.headers)}; need Surname and Forename columns (or one Name "
                "column)"
            )
        fields = _Fields(mapping, _LEARNER_FIELDS, check_upn=False)
        parsed: list[ParsedLearner] = []
        problems: list[RowProblem] = []
        for row_number, cells in table.rows:
            found = fields.read(cells)
            dob = found.get(R.DOB)
            if isinstance(dob, Bad):
                problems.append(RowProblem(row_number, fields.specs[R.DOB].header, dob.message))
                continue
            surname = _text(found, R.SURNAME)
            forename = _text(found, R.FORENAME)
            full_name = _text(found, R.FULL_NAME)
            if (not surname or not forename) and full_name:
                readings = split_full_name(full_name)  # the likeliest reading of one column
                if readings:
                    surname, forename = surname or readings[0][0], forename or readings[0][1]
            if not surname or not forename:
                problems.append(RowProblem(
                    row_number, None, f"row {row_number} has no surname or no forename: fill in "
                    "both (the learner is not imported until then)"))  # fmt: skip
                continue
            parsed.append(ParsedLearner(
                row=row_number, upn=_text(found, R.UPN), adno=_text(found, R.ADNO),
                legal_surname=surname, legal_forename=forename,
                preferred_forename=_text(found, R.PREFERRED_FORENAME),
                preferred_surname=_text(found, R.PREFERRED_SURNAME),
                dob=dob if isinstance(dob, date) else None,
                year_group=_text(found, R.YEAR_GROUP), reg_group=_text(found, R.REG_GROUP),
            ))  # fmt: skip
        return parsed, problems


_TOTALS = frozenset({"total", "totals", "grand total", "subtotal", "sub total", "sum", "count",
                     "totals:", "total:", "number", "no. returned", "returned"})  # fmt: skip


def _one_row_per_use(table: Table, mapping: ColumnMapping) -> str | None:
    """Why the sheet cannot be read one row per child: it has a row for each use of each child
    (an MIS's consent export: "Consent Type: Photographs - School website", "Consent Given:
    Yes"), so a tick list of one use a row, beside the answer, would be misread. None when not
    so: some cell of the tick list names several uses, or the children do not come back on
    several rows with different uses."""
    lists = mapping.by_role(R.TICK_LIST)
    learner = [c.index for c in mapping.by_role(*_IDENTIFYING, R.DOB)]
    if len(lists) != 1 or not learner or len(table.rows) < 4:
        return None
    column = lists[0].index
    distinct: set[Cell] = set()
    for _, cells in table.rows:  # most tick lists show several uses in their first cells
        value = cells[column]
        if value is None or value in distinct:
            continue
        if len(split_choices(str(value))) > 1:
            return None
        distinct.add(value)
    if len(distinct) < 2:
        return None
    pick = itemgetter(*learner)
    uses: dict[Any, set[Cell]] = {}
    for _, cells in table.rows:
        uses.setdefault(pick(cells), set()).add(cells[column])
    repeated = sum(1 for found in uses.values() if len(found) > 1)
    if repeated * 2 <= len(uses):
        return None
    example = sorted(str(v) for v in distinct)[0]
    return (
        f"the sheet has a row for each use of each child (column '{lists[0].header}' names one "
        f"use a row, such as '{example[:60]}'), and the import reads one row per child, with a "
        "column for each use or a list of the uses ticked: export the consents with one row "
        "per child (or turn the uses into columns), then import that"
    )


def _totals_row(learner: LearnerDetails) -> bool:
    """Whether a row's name cells say it is a row of totals ("Total", "Grand total")."""
    return any(
        isinstance(name, str) and " ".join(name.lower().split()) in _TOTALS
        for name in (learner.surname, learner.forename, learner.full_name)
    )


def _text(found: dict[ColumnRole, Any], *roles: ColumnRole) -> str | None:
    for role in roles:
        value = found.get(role)
        if type(value) is str:
            return value
    return None
