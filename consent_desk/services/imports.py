"""Importing a returns file: one transaction, one batch, nothing guessed, nothing dropped.

Per-row ORM objects are kept off this path on purpose (60,000 rows must import in about two
seconds). The file is read on a thread while the learners are loaded and indexed (calamine parses
a workbook without holding the GIL, so the two overlap); rows are matched in memory and written
at driver level, many rows to a statement (``import_store``). On the command line, a big file's
rows are read and matched part here and part in a copy of the process, on another core
(``_Job._read_rows``), then taken together in order (``_settle``): what is decided across rows
(duplicates, two returns of one moment, a respondent's last name) is decided on the whole file.
Everything between reading the learners and committing is one transaction: a failure, a cancel or
a killed process leaves the database as it was.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable
from contextlib import suppress
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, time
from functools import partial
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from consent_desk.db.engine import Database
from consent_desk.db.models import Academy, ImportBatch, ReviewItem, table_of
from consent_desk.domain.rules import Answer, clean_limitation, key_email, respondent_key
from consent_desk.domain.years import AcademicYear
from consent_desk.importing.limits import MAX_FILE_BYTES
from consent_desk.importing.records import (
    Candidate,
    ImportFileError,
    MatchResult,
    ParsedReturn,
    RowProblem,
)
from consent_desk.services import access, audit
from consent_desk.services.access import Action
from consent_desk.services.batches import hold_existing
from consent_desk.services.import_store import (
    Driver,
    insert_returns,
    learner_records,
    recorded_moments,
    respondent_ids,
    return_fingerprints,
)
from consent_desk.services.returns import Fingerprints
from consent_desk.services.review import count_waiting
from consent_desk.services.trust import academy_by_code, ensure_year, purpose_labels

if TYPE_CHECKING:
    from consent_desk.importing.mapping import RowInterpreter
    from consent_desk.importing.matching import LearnerIndex
    from consent_desk.importing.readers import Reading, Table

__all__ = ["ImportReport", "NeedsConfirmation", "file_checksum", "import_returns",
           "learner_records", "parsed_to_data"]  # fmt: skip

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass
class ImportReport:
    """What an import did (or, for a dry run, would do). ``as_json`` is the CLI's --json."""

    file: str
    sheet: str | None
    academy: str
    year: str
    rows: int = 0
    imported: int = 0
    duplicates: int = 0
    needs_review: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    mapping: list[str] = field(default_factory=list)
    # Each column as read: {header, role, purposes, sure, why, values: [{value, reads_as,
    # answers, rows}]} (the read-back a person checks before the import counts).
    columns: list[dict[str, Any]] = field(default_factory=list)
    # The headers whose reading a person must confirm before the import can run.
    confirm: list[str] = field(default_factory=list)
    # The trust's purposes (labels) that no column answers: not answered on every return.
    unanswered_purposes: list[str] = field(default_factory=list)
    # The academy's learners on roll counted by the status they would have after the import
    # (dry runs): no_images, restricted, no_restriction, not_returned; and how many change.
    projected: dict[str, int] | None = None
    projected_changes: int | None = None
    # Who changes, by name (the first 200 by surname): {name, group, before, after}, so a person
    # can spot a misreading ("Noah Evans: NO IMAGES → No restriction").
    projected_changed_learners: list[dict[str, str]] = field(default_factory=list)
    # Rows of the academy and year waiting in the review queue once the import is saved (what
    # the review screen lists: earlier imports' rows too; a row decided before waits no more).
    review_waiting: int = 0
    # New returns (imported, or to be) that give no date received (no such column, or a blank
    # cell) and were given none with the import (``received``): they count as received when
    # imported (rules.undated). Rows that wait for a person are not counted.
    undated: int = 0
    batch_id: int | None = None
    dry_run: bool = False

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


class NeedsConfirmation(ImportFileError):
    """An import whose reading of some columns is unsure: nothing was saved. ``report`` is the
    read-back (with ``confirm``), for the person to check."""

    def __init__(self, message: str, report: ImportReport) -> None:
        super().__init__(message)
        self.report = report


def file_checksum(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _review_key(data: dict[str, Any]) -> str:
    body = {k: v for k, v in data.items() if k != "row"}
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()


def parsed_to_data(p: ParsedReturn) -> dict[str, Any]:
    """A parsed row as JSON-able data, kept with a review item to create the return later."""
    d = p.learner
    return {
        "row": p.row,
        "learner": {
            "upn": d.upn,
            "adno": d.adno,
            "surname": d.surname,
            "forename": d.forename,
            "full_name": d.full_name,
            "dob": d.dob.isoformat() if d.dob else None,
            "reg_group": d.reg_group,
            "year_group": d.year_group,
        },
        "answers": {k: v.value for k, v in p.answers.items()},
        "respondent_name": p.respondent_name,
        "respondent_email": p.respondent_email,
        "relationship": p.relationship,
        "received_at": p.received_at.isoformat() if p.received_at else None,
        "limitation": p.limitation,
        "notes": p.notes,
        **({"form_year": p.form_year} if p.form_year else {}),
        **({"problems": p.problems, "cells": p.cells} if p.problems else {}),
    }


def import_returns(
    db: Database,
    path: str | Path,
    academy_code: str,
    year: str,
    *,
    sheet: str | None = None,
    mapping_file: str | Path | None = None,
    dry_run: bool = False,
    user: str | None = None,
    progress: Progress | None = None,
    save_mapping: str | Path | None = None,
    reading: Reading | None = None,
    received: date | None = None,
    parallel: bool = False,
) -> ImportReport:
    """Import a returns file into one academy and year, in one transaction (rolled back for a
    dry run). ``reading``: the file (``path``, ``sheet``) already being read with
    ``read_table`` by a caller that could start it sooner (the CLI, before this module loads);
    by default it is read here, on a thread, while the learners load. ``received``: the day
    the forms came back, as the office says, for the returns that give no date received.
    ``parallel``: a big file's second half is read and matched in a copy of the process, on
    another core (``bulk.Forked``), by a caller that is a command-line process (never the GUI:
    see ``Forked``); the result is the same."""
    from consent_desk.importing.bulk import Background, drop_in_slices, paused_gc
    from consent_desk.importing.readers import Reading

    path = Path(path)
    academic_year = AcademicYear.parse(year)
    if received is not None and received > audit.now().date():
        raise ImportFileError(
            f"the forms cannot have come back on {received:%d/%m/%Y}, a day still to come: give "
            "the day they came back"
        )
    with db.session() as s:  # fail fast (unknown academy, not allowed) before reading the file
        academy = academy_by_code(s, academy_code)
        who = access.require(s, Action.ENTER_RETURNS, academy.id)
        access.require_year(s, who, academic_year.label)
        user = access.acting_name(who, user)

    def stage(name: str) -> Callable[[int, int], None] | None:
        if progress is None:
            return None
        return lambda done, total: progress(name, done, total)

    with paused_gc():  # hundreds of thousands of objects alive, and no reference cycles
        if reading is None:
            reading = Reading(path, sheet, stage("Reading"))
        job = _Job(path, academy_code, academic_year, user, mapping_file, save_mapping, stage,
                   dry_run, sheet, received, parallel)  # fmt: skip
        dropping: Background[None] | None = None
        try:
            # One transaction for the whole file (rolled back at the end of a dry run).
            with db.session(commit=not dry_run) as session, Driver(session).bulk():
                report, batch = job.run(session, reading)
                # The import's rows and learners, several hundred thousand objects, take a
                # tenth of a second to free: a thread frees them, a slice at a time, while the
                # transaction commits (the database writes without holding the GIL).
                dropping = Background(drop_in_slices, job.leftovers, name="consent-desk-free")
        finally:
            reading.wait()  # (only waits when something failed before the file was read)
            if dropping is not None:
                dropping.wait()
    report.dry_run = dry_run
    if not dry_run:
        report.batch_id = batch.id
    return report


@dataclass
class _Job:
    """One returns import, inside its transaction."""

    path: Path
    academy_code: str
    year: AcademicYear
    user: str
    mapping_file: str | Path | None
    save_mapping: str | Path | None
    stage: Callable[[str], Callable[[int, int], None] | None]
    dry_run: bool = False
    sheet: str | None = None
    received: date | None = None  # the day the undated forms came back, as the office says
    parallel: bool = False  # a big file's second half read and matched in a copy of the process
    # what the import held in memory (its rows, the learners), once it is done with it: emptied
    # as they are freed (drop_in_slices), so only what nothing else holds goes in
    leftovers: list[Any] = field(default_factory=list)

    @staticmethod
    def _undated_warning(n: int, report: ImportReport) -> None:
        """A word on the ``n`` returns that give no date received (see ``_date_undated``)."""
        if not n:
            return
        report.undated = n
        message = (
            f"{n} return{'s give' if n > 1 else ' gives'} no date received: "
            f"{'they count' if n > 1 else 'it counts'} as received when imported, and cannot "
            "overrule the same parent's other returns for the child this year (the most "
            "restrictive of them counts) — if the forms came back on one day, give it "
            "(--received DD/MM/YYYY, or “The forms came back on” in the app's import wizard)"
        )
        report.warnings.append({"row": None, "message": message})

    def _read_rows(
        self,
        interpreter: RowInterpreter,
        table: Table,
        index: LearnerIndex,
        purposes: list[str],
        alike: _Alike,
    ) -> _Part:
        """Every row read and matched: in this process, or for a big file (``parallel``) half of
        them in a copy of it, on another core, meanwhile. Each half is read exactly as the whole
        would be (the checks of the whole sheet are made on the whole sheet), and the rows are
        then taken together in order (``_settle``), so the result is the same."""
        from consent_desk.importing.bulk import Forked

        def part(rows: range | None, tick: Callable[[int, int], None] | None) -> _Part:
            parsed, problems = interpreter.returns(table, self.path.name, only=rows)
            _date_undated(parsed, self.received)
            outcomes = _outcomes(parsed, index, purposes, self.year, alike, tick)
            return _Part(problems, set(interpreter.totals_rows), outcomes)

        tick = self.stage("Matching")
        total = len(table.rows)
        if not (self.parallel and total >= _PARALLEL_FROM and Forked.possible()):
            return part(None, tick)
        half = round(total * _MINE)
        theirs = range(half, total)
        other = Forked(lambda: _pack_part(part(theirs, None)))
        progress = _WholeFile(tick, total)
        try:
            # this process's rows stand for the whole file: the copy reads its rows meanwhile, at
            # this process's pace (``_MINE``)
            mine = part(range(half), progress.part(half, total))
            data = other.result()
        finally:
            other.close()
        if data is not None:
            rest = _unpack_part(data)
        else:  # the copy failed: its rows are read here, from where the progress stands
            rest = part(theirs, progress.part(len(theirs), total - progress.at))
        return _Part(mine.problems + rest.problems, mine.totals_rows | rest.totals_rows,
                     mine.outcomes + rest.outcomes)  # fmt: skip

    def _whole(
        self, interpreter: RowInterpreter, table: Table, returns: list[ParsedReturn | _Sent]
    ) -> list[ParsedReturn]:
        """Returns as read: those read in a copy of the process (``_Sent``) are read again."""
        sent = [p.row for p in returns if not isinstance(p, ParsedReturn)]
        if not sent:
            return returns  # type: ignore[return-value]  # (all ParsedReturn)
        at = [bisect_left(table.rows, row, key=itemgetter(0)) for row in sent]
        again, _ = interpreter.returns(table, self.path.name, only=at)
        _date_undated(again, self.received)
        by_row = {p.row: p for p in again}
        return [p if isinstance(p, ParsedReturn) else by_row[p.row] for p in returns]

    def run(self, session: Session, reading: Reading) -> tuple[ImportReport, ImportBatch]:
        from consent_desk.importing.columns import read_back
        from consent_desk.importing.mapping import (
            ColumnMapping,
            RowInterpreter,
            guess_mapping,
            title_doubt,
            with_answers_unsure,
        )
        from consent_desk.importing.matching import LearnerIndex
        from consent_desk.importing.readers import column_values

        path, label = self.path, self.year.label
        if not self.dry_run:
            # One import of an academy at a time: the academy's row is locked (SQLite: the
            # database) before anything is read, so a second import of the same file waits and
            # then sees the first's returns and review rows — nothing is written twice.
            code = self.academy_code.strip().upper()
            session.execute(update(Academy).where(Academy.code == code)
                            .values(code=Academy.code))  # fmt: skip
        # While the file is being read: what the database already holds.
        academy = academy_by_code(session, self.academy_code)
        labels = purpose_labels(session)
        index = LearnerIndex(learner_records(session, academy.id))
        existing = return_fingerprints(session, academy.id, label)
        # returns already recorded, by the moment they were received (none in a new year)
        recorded = recorded_moments(session, academy.id, label) if existing else {}
        # the rows already in the review queue, and those of them a person has decided
        reviewed: set[str] = set()
        decided: dict[str, str] = {}
        for data, state in session.execute(
            select(ReviewItem.data, ReviewItem.state).where(
                ReviewItem.academy_id == academy.id, ReviewItem.year_label == label
            )
        ):
            reviewed.add(_review_key(data))
            if state != "open":
                decided[_review_key(data)] = state
        # while the file is still parsed (calamine, without the GIL): what a row that needs review
        # will want (most files have a few), the rest when one does; the file's checksum (hashing
        # gives the GIL up)
        index.prepare_candidates(reading.parsing)
        checksum: str | None = None
        with suppress(OSError):  # (a file that cannot be read: the reading says so)
            if path.stat().st_size <= MAX_FILE_BYTES:  # (a bigger one is refused: not hashed)
                checksum = file_checksum(path)
        table = reading.result()
        table.refuse_long_cells()
        values_of = column_values(table)
        if self.mapping_file:
            mapping = ColumnMapping.load(Path(self.mapping_file), table.headers,
                                         file_name=path.name, values_of=values_of,
                                         labels=labels, year=label)  # fmt: skip
            if doubt := title_doubt(mapping, table.title):
                mapping = with_answers_unsure(mapping, doubt)
        else:
            # with the sheet's title: its question may turn the marks round, and it is saved
            # with the mapping, so that a later sheet's question is compared
            mapping = guess_mapping(table.headers, "returns", values_of, labels, label,
                                    table.title)  # fmt: skip
        _check_purposes(mapping, labels, path.name)
        if self.save_mapping:  # unsure columns are saved marked so: a person must check them
            # saved before the rows are read, so that a reading that cannot run (no column
            # found for the learner) can still be corrected and used; with this sheet's title,
            # which the person checks it against
            replace(mapping, title=table.title).save(Path(self.save_mapping))
        interpreter = RowInterpreter(mapping, labels=labels)
        # the moment of the import: when its returns are entered, and the batch's
        now = audit.now()
        render = Driver(session).when
        alike = _Alike(render, self.user, render(now))
        rows = self._read_rows(interpreter, table, index, list(labels), alike)
        report = ImportReport(
            file=path.name,
            sheet=table.sheet,
            academy=self.academy_code.upper(),
            year=label,
            rows=len(table.rows),
            unknown_columns=list(mapping.unknown_columns),
            mapping=mapping.describe(labels),
            columns=read_back(mapping, table, labels, rows.totals_rows),
            confirm=[c.header for c in mapping.unsure],
            unanswered_purposes=_purposes_no_column_answers(mapping, labels),
        )
        if self.sheet is None and len(table.sheet_names) > 1:
            others = _other_return_sheets(path, table, labels)
            if others:
                listed = ", ".join(f"'{n}'" for n in others)
                report.warnings.append(
                    {
                        "row": None,
                        "message": (
                            f"the workbook has other sheets of returns ({listed}): only "
                            f"'{table.sheet}' is read — import each sheet with --sheet NAME"
                        ),
                    }
                )
                report.confirm += [f"sheet {n}" for n in others]
                if not self.dry_run:
                    raise NeedsConfirmation(
                        f"{path.name}: nothing imported — the workbook has more than one sheet of "
                        f"returns ('{table.sheet}', {listed}): import each one, naming it with "
                        "--sheet NAME (or choose the sheet in the app's import wizard)",
                        report,
                    )
        if report.confirm and not self.dry_run:
            raise NeedsConfirmation(_confirm_message(path.name, mapping.unsure), report)
        before = (_status_counts(session, self.academy_code, label, labels) if self.dry_run
                  else None)  # fmt: skip
        report.warnings += [_problem(p) for p in rows.problems]
        held: list[str] = []  # rows already there: this import holds those returns too
        whole = partial(self._whole, interpreter, table)
        ready, reviews, respondents = _settle(rows.outcomes, self.year, existing, report, held,
                                              recorded, whole, labels)  # fmt: skip
        if self.received is None:  # (with it, every return has its date)
            self._undated_warning(sum(item[1].received_at is None for item in ready), report)
        del rows, whole, table, values_of  # the cells are no longer needed: freed before writing
        ensure_year(session, self.year)
        batch = ImportBatch(
            kind="returns",
            academy_id=academy.id,
            year_label=label,
            file_name=path.name,
            sheet=report.sheet,
            checksum=checksum or file_checksum(path),
            imported_by=self.user,
            imported_at=now,
            counts={},
            mapping=mapping.to_json(),
        )
        session.add(batch)
        session.flush()
        held_reviews = [k for k in (_review_key(parsed_to_data(p)) for p, _ in reviews)
                        if k in reviewed]  # fmt: skip
        _write(session, batch, ready, reviews, respondents, reviewed, decided, report, self.user,
               self.stage("Saving"))  # fmt: skip
        hold_existing(session, batch, held, held_reviews, _review_key)
        session.flush()
        report.review_waiting = count_waiting(session, academy.id, label)
        if before is not None:
            session.flush()
            after = _status_counts(session, self.academy_code, label, labels)
            report.projected = dict(Counter(status for status, _ in after.values()))
            for status in ("no_images", "restricted", "no_restriction", "not_returned"):
                report.projected.setdefault(status, 0)
            changed = [k for k, v in after.items() if before.get(k) != v]
            report.projected_changes = len(changed)
            report.projected_changed_learners = [
                {"name": after[k][1]["name"], "group": after[k][1]["group"],
                 "before": before[k][1]["says"] if k in before else "not on roll",
                 "after": after[k][1]["says"]}
                for k in changed[:_CHANGES_SHOWN]
            ]  # fmt: skip
        # kept, not dropped as this returns: see import_returns
        self.leftovers += [index, existing, reviewed, ready, reviews, respondents, held]
        return report, batch


class _Sent(NamedTuple):
    """What the rows taken together need of a return read and matched in a copy of the process
    (see ``_pack_part``; its row as written is sent whole). The whole of it is read again from
    the sheet in the rare case that it must wait for a person after all (``_settle``'s
    ``whole``)."""

    row: int
    received_at: datetime | None
    limitation: str | None
    marked_back: bool


class _Alike(NamedTuple):
    """What every new return of an import writes alike, and how a date-time is written."""

    render: Callable[[datetime], datetime | str]  # ``Driver.when`` of the import's database
    entered_by: str
    entered_at: datetime | str  # the moment of the import, as written


_SENT_FIELDS = _Sent._fields
# A prepared return: (learner id, the row, respondent key, answers as JSON, fingerprint, the
# return as written but for the last two of ``RETURN_COLUMNS``, the batch and the respondent).
_Ready = tuple[int, ParsedReturn | _Sent, str, str, str, tuple[Any, ...]]
_Who = tuple[str, str | None, str | None]  # a respondent's key, name and e-mail
_TICK_ROWS = 2000  # rows between progress reports (a GUI's Cancel acts at a report)


# What one row came to before the rows are taken together: (its row number, its warnings, the
# return ready to write and its respondent, or the row that waits for a person).
_Outcome = tuple[
    int, tuple[str, ...], _Ready | None, _Who | None, tuple[ParsedReturn, MatchResult] | None
]
_PARALLEL_FROM = 20_000  # rows: below this, a copy of the process costs more than it saves
# The share of the rows this process reads when a copy of it reads the rest: the copy is slower
# a row (the pages it writes are copied first, and it packs what it found): on 60,000 rows it
# took 19 µs a row against 15 here, and packing and unpacking its part costs about 3 µs a
# row more (measured): the two end together at about 58 %.
_MINE = 0.58


@dataclass
class _Part:
    """Rows of the file read and matched (all of them, or a part of them)."""

    problems: list[RowProblem]  # the rows that are not returns, and why
    totals_rows: set[int]  # rows of the office's totals (see ``RowInterpreter.totals_rows``)
    outcomes: list[_Outcome]  # each return, in row order


class _WholeFile:
    """The progress of a file's rows read in parts, reported as the whole file's: never back."""

    def __init__(self, tick: Callable[[int, int], None] | None, total: int) -> None:
        self.tick, self.total = tick, total
        self.at = 0  # the file's rows reported as done

    def part(self, rows: int, share: int) -> Callable[[int, int], None] | None:
        """The progress of a part of ``rows`` rows that stands for ``share`` of the file's, from
        where the progress is."""
        tick = self.tick
        if tick is None:
            return None
        first = self.at

        def report(done: int, _: int) -> None:
            self.at = first + done * share // max(rows, 1)
            tick(self.at, self.total)

        return report


def _date_undated(parsed: list[ParsedReturn], received: date | None) -> None:
    """The returns that give no date received dated as the office says (``received``); without
    it they stay undated (counted in ``_Job.run``, see ``_undated_warning``)."""
    if received is None:
        return
    when = datetime.combine(received, time())
    for p in parsed:
        if p.received_at is None:
            p.received_at = when


def _outcomes(
    parsed: list[ParsedReturn],
    index: Any,  # importing.matching.LearnerIndex
    purposes: list[str],
    academic_year: AcademicYear,
    alike: _Alike,
    tick: Callable[[int, int], None] | None,
) -> list[_Outcome]:
    """Each row's learner, and what the row comes to on its own (see ``_Outcome``): a row that
    cannot be taken as read or whose learner is not certain waits for a person. A return ready
    to write is laid out as written (the work is done here, on two cores for a big file, rather
    than once the rows are taken together)."""
    results: list[MatchResult] = []
    total = len(parsed)
    for start in range(0, total, _TICK_ROWS):
        if tick:
            tick(start, total)
        results += index.match_many([p.learner for p in parsed[start : start + _TICK_ROWS]])
    label = academic_year.label
    prints = Fingerprints(label)
    default_when = datetime(academic_year.start_year, 9, 1)
    unanswered = Answer.UNANSWERED
    # Each distinct set of answers (a few hundred in a file) as stored: every purpose, as JSON.
    forms: dict[tuple[tuple[str, Answer], ...], tuple[dict[str, str], str]] = {}
    out: list[_Outcome] = []
    append = out.append
    # The year runs from 1 September. A return received outside it is another year's (a sheet
    # that spans years) and waits for a person rather than counting. One received in the summer
    # before may be this year's form handed in early (forms go home from June for the coming
    # year) or last year's come back late: only a form that says it is this year's counts, and a
    # person decides the rest.
    starts = datetime(academic_year.start_year, 9, 1)
    earliest = datetime(academic_year.start_year, 6, 1)
    latest = datetime(academic_year.start_year + 1, 9, 1)
    render, user, entered = alike
    # each time written once; a return with no date received is written as received when
    # entered, which is how the rules know it gave none (rules.undated)
    written: dict[datetime, datetime | str] = {}
    for p, result in zip(parsed, results, strict=True):
        if p.form_year is not None and p.form_year != label:
            p.problems.append(
                f"the form says it is for {p.form_year}, not {label}: is it another year's form?"
            )
        when = p.received_at
        if when is None or starts <= when < latest:
            pass
        elif earliest <= when < starts:
            if p.form_year != label:
                p.problems.append(
                    f"received {when:%d/%m/%Y}, before the {label} year began (1 September "
                    f"{academic_year.start_year}): is it last year's form come back late, or "
                    f"this year's handed in early? Resolving it counts it for {label}"
                )
        else:
            p.problems.append(
                f"received {when:%d/%m/%Y}, outside the {label} year (1 September "
                f"{academic_year.start_year} to 31 August {academic_year.start_year + 1}): is "
                "it another year's form?"
            )
        messages = (*p.warnings, *result.warnings) if p.warnings or result.warnings else ()
        learner_id = result.learner_id
        if p.problems:  # a row that cannot be taken as read waits for a person, never dropped
            if learner_id is not None:
                result = _known_but_waiting(learner_id, result.method, None, result.warnings)
            reason = "; ".join(p.problems)
            result.reason = f"{reason}; {result.reason}" if result.reason else reason
            append((p.row, messages, None, None, (p, result)))
            continue
        if learner_id is None:
            append((p.row, messages, None, None, (p, result)))
            continue
        given = tuple(p.answers.items())
        form = forms.get(given)
        if form is None:
            answers = {k: p.answers.get(k, unanswered).value for k in purposes}
            form = forms[given] = (answers, json.dumps(answers))
        key = respondent_key(p.respondent_email, p.respondent_name, p.relationship)
        fp = prints(learner_id, key, when or default_when, form[0], p.limitation)
        if when is None:
            shown: datetime | str = entered
        elif (got := written.get(when)) is not None:
            shown = got
        else:
            shown = written[when] = render(when)
        head = (learner_id, label, p.relationship, shown,
                "form" if p.respondent_email else "import", user, entered, p.row, form[1],
                p.limitation, p.notes, fp)  # fmt: skip
        who = (key, _clean(p.respondent_name), key_email(key))
        append((p.row, messages, (learner_id, p, key, form[1], fp, head), who, None))
    return out


def _settle(
    outcomes: list[_Outcome],
    academic_year: AcademicYear,
    existing: set[str],
    report: ImportReport,
    held: list[str],
    recorded: dict[tuple[int, str, datetime], tuple[dict[str, str], str | None]] | None,
    whole: Callable[[list[ParsedReturn | _Sent]], list[ParsedReturn]],
    labels: dict[str, str],
) -> tuple[list[_Ready], list[tuple[ParsedReturn, MatchResult]], dict[str, _Who]]:
    """The rows taken together, in order: the matched rows that are new, the rows that need
    review, and the respondents of the new rows (key -> key, name and e-mail as given on their last
    row). A row the file or the database already holds is a duplicate; returns of one person
    for one learner that cannot be told apart in time wait for a person. ``whole``: returns as
    read from the sheet (for those read in a copy of the process, ``_Sent``)."""
    default_when = datetime(academic_year.start_year, 9, 1)
    ready: list[_Ready] = []
    reviews: list[tuple[ParsedReturn, MatchResult]] = []
    seen: set[str] = set()
    respondents: dict[str, _Who] = {}
    whos: list[_Who] = []  # each ready row's respondent, as its row names them
    warnings = report.warnings
    for row, messages, item, who, waiting in outcomes:
        if messages:
            warnings += [{"row": row, "message": w} for w in messages]
        if item is None or who is None:
            assert waiting is not None
            reviews.append(waiting)
            continue
        fp = item[4]
        if fp in existing or fp in seen:
            report.duplicates += 1
            if fp in existing:
                held.append(fp)
            continue
        seen.add(fp)
        ready.append(item)
        whos.append(who)
        respondents[item[2]] = who
    held_back: list[tuple[ParsedReturn | _Sent, MatchResult]] = []  # ready rows that must wait
    # learners with more than one new return (most have one): only theirs can clash
    repeated = {k for k, n in Counter(map(itemgetter(0), ready)).items() if n > 1}
    if repeated and (shared := _shared_address(ready, whos, repeated)):
        ready = _hold_back(ready, shared, held_back)
    del whos
    if any(item[1].marked_back for item in ready):
        ready = _hold_back(ready, _marked_back_waiting(ready, recorded), held_back)
    if repeated and (clashes := _same_moment_clashes(ready, labels, repeated)):
        ready = _hold_back(ready, clashes, held_back)
    if recorded:
        # The same person's return for this learner already recorded at the same moment (from
        # another file or typed in): which is the later cannot be told. One that would loosen
        # what is recorded waits for a person; one that only restricts more is taken.
        looser: dict[int, str] = {}
        for i, (learner_id, p, key, stored, _, _) in enumerate(ready):
            moment = p.received_at or default_when
            old = recorded.get((learner_id, key, moment.replace(tzinfo=None)))
            if old is None or not _loosens(json.loads(stored), p.limitation, *old):
                continue
            versions = [("as recorded", *old), ("in this row", json.loads(stored), p.limitation)]
            differ = _what_differs(versions, labels, loosening=True)
            looser[i] = ("the same person's return for this learner received at the same moment "
                         f"is already recorded and says more is allowed{differ}: which is the "
                         "later cannot be told — a person must choose")  # fmt: skip
        if looser:
            ready = _hold_back(ready, looser, held_back)
    if held_back:
        reviews += zip(whole([p for p, _ in held_back]), [result for _, result in held_back],
                       strict=True)  # fmt: skip
        # only the respondents of the rows still to write
        respondents = {key: respondents[key] for key in {item[2] for item in ready}}
    return ready, reviews, respondents


def _marked_back_waiting(
    ready: list[_Ready],
    recorded: dict[tuple[int, str, datetime], tuple[dict[str, str], str | None]] | None,
) -> dict[int, str]:
    """A form marked as come back with nothing on it answered ("Form returned? Y") is a return
    with every use unanswered, for a learner with no other return this year. Beside another
    return, recorded or in this file, the mark may be about that form (an office's tracking
    sheet), and a blank return would overrule it: it waits for a person. The rows (by position
    in ``ready``) that wait -> why."""
    recorded_learners = {learner for learner, _, _ in recorded} if recorded else set()
    per_learner = Counter(item[0] for item in ready)
    waiting: dict[int, str] = {}
    for i, item in enumerate(ready):
        learner_id, p = item[0], item[1]
        if not p.marked_back or (learner_id not in recorded_learners
                                 and per_learner[learner_id] == 1):  # fmt: skip
            continue
        where = "already recorded" if learner_id in recorded_learners else "in this file"
        waiting[i] = (
            "the form is marked as come back but nothing on it is answered, and this learner "
            f"has another return this year ({where}): if the mark is about that form, dismiss "
            "this row; resolve it only to record a return with nothing answered"
        )
    return waiting


def _pack_part(part: _Part) -> bytes:
    """A part read in a copy of the process, as bytes for this one: of each return ready to
    write, what is needed of it (``_Sent``: pickling 30,000 whole ``ParsedReturn``s with their
    ``Answer``s costs more than reading them); the rows that wait for a person whole."""
    rows: list[Any] = []
    append = rows.append
    sent = attrgetter(*_SENT_FIELDS)
    for row, messages, item, who, waiting in part.outcomes:
        if item is not None:
            learner_id, p, key, stored, fp, head = item
            append((row, messages, (learner_id, sent(p), key, stored, fp, head), who, None))
        else:
            append((row, messages, None, None, waiting))
    return pickle.dumps((part.problems, part.totals_rows, rows),
                        protocol=pickle.HIGHEST_PROTOCOL)  # fmt: skip


def _unpack_part(data: bytes) -> _Part:
    """What ``_pack_part`` packed (in a copy of this process, through a private file)."""
    problems, totals_rows, rows = pickle.loads(data)  # our own copy's
    outcomes: list[_Outcome] = []
    append = outcomes.append
    make = _Sent._make  # (tuple.__new__, at C speed)
    for row, messages, item, who, waiting in rows:
        if item is not None:
            learner_id, sent, key, stored, fp, head = item
            item = (learner_id, make(sent), key, stored, fp, head)
        append((row, messages, item, who, waiting))
    return _Part(problems, totals_rows, outcomes)


def _loosens(
    answers: dict[str, str], limitation: str | None, old: dict[str, str], old_limit: str | None
) -> bool:
    """Whether a return saying ``answers`` and ``limitation`` allows anything the ``old`` one
    (its answers and limitation) does not: a refusal gone, a consent where nothing was said,
    or a limitation dropped or changed."""
    unanswered = Answer.UNANSWERED.value
    for purpose in {*old, *answers}:  # a purpose the trust added since is "not answered" before
        if _allows_more(old.get(purpose, unanswered), answers.get(purpose, unanswered)):
            return True
    return _limit_loosened(old_limit, limitation)


def _allows_more(was: str, now: str) -> bool:
    """Whether an answer ``now`` allows what ``was`` did not: a refusal gone, or a consent where
    nothing was said."""
    return (was == Answer.REFUSE.value and now != was) or (
        was == Answer.UNANSWERED.value and now == Answer.CONSENT.value
    )


def _limit_loosened(before: str | None, now: str | None) -> bool:
    """Whether a limitation was dropped or changed ("n/a" and the like say nothing)."""
    said = clean_limitation(before)
    return said is not None and clean_limitation(now) != said


_SAYS = {Answer.CONSENT.value: "consent", Answer.REFUSE.value: "refuse",
         Answer.UNANSWERED.value: "not answered"}  # fmt: skip


def _what_differs(
    versions: list[tuple[str, dict[str, str], str | None]],
    labels: dict[str, str],
    loosening: bool = False,
) -> str:
    """Where returns that cannot be told apart in time differ, for the person who must choose:
    each purpose, and the limitation, with what each says (``versions``: where it is, its
    answers, its limitation), as " (Press: consent in row 3, refuse in row 14)"; "" when they
    differ only in words that say nothing. ``loosening``: of two versions, only where the
    second allows more than the first."""
    parts = []
    unanswered = Answer.UNANSWERED.value
    places = [where for where, _, _ in versions]
    for key in dict.fromkeys([*labels, *(k for _, answers, _ in versions for k in answers)]):
        said = [answers.get(key, unanswered) for _, answers, _ in versions]
        if _allows_more(*said) if loosening else len(set(said)) > 1:
            each = (f"{_SAYS.get(s, s)} {where}" for where, s in zip(places, said, strict=True))
            parts.append(f"{labels.get(key, key)}: {', '.join(each)}")
    limits = [clean_limitation(limit) for _, _, limit in versions]
    if _limit_loosened(*limits) if loosening else len(set(limits)) > 1:
        each = (f"“{limit}” {where}" if limit else f"none {where}"
                for where, limit in zip(places, limits, strict=True))  # fmt: skip
        parts.append(f"limitation: {', '.join(each)}")
    return f" ({'; '.join(parts)})" if parts else ""


def _known_but_waiting(
    learner_id: int, method: str | None, reason: str | None, warnings: list[str]
) -> MatchResult:
    """A row whose learner is known but which waits for a person: that learner is its one
    candidate."""
    why = "the row's details match this learner" + (f" ({method})" if method else "")
    return MatchResult(None, None, reason, [Candidate(learner_id, 1.0, why)], warnings)


def _hold_back(
    ready: list[_Ready],
    reasons: dict[int, str],
    held_back: list[tuple[ParsedReturn | _Sent, MatchResult]],
) -> list[_Ready]:
    """The rows of ``ready`` still ready; those with a reason (by position) go to ``held_back``
    to wait for a person, with it."""
    kept: list[_Ready] = []
    for i, item in enumerate(ready):
        reason = reasons.get(i)
        if reason is None:
            kept.append(item)
        else:
            held_back.append((item[1], _known_but_waiting(item[0], None, reason, [])))
    return kept


def _same_moment_clashes(
    ready: list[_Ready], labels: dict[str, str], repeated: set[int]
) -> dict[int, str]:
    """Rows (by position in ``ready``) of one respondent for one learner received at the same
    moment (a date and time, or a date with no time) whose answers or limitation differ -> why they
    wait, naming the rows and where they differ. The latest return counts (PRODUCT.md), and
    here none is later. ``repeated``: the learners with more than one of them."""
    groups: dict[tuple[int, str, datetime], list[int]] = {}
    for i, (learner_id, p, key, _, _, _) in enumerate(ready):
        # (returns that give no date received all count, the most restrictive winning:
        # rules.latest_per_respondent — nothing for a person to choose)
        if learner_id in repeated and p.received_at is not None:
            groups.setdefault((learner_id, key, p.received_at), []).append(i)
    clashes: dict[int, list[int]] = {}
    for rows in groups.values():
        if len(rows) > 1 and len({(ready[i][3], ready[i][1].limitation) for i in rows}) > 1:
            for i in rows:
                clashes[i] = rows
    reasons: dict[int, str] = {}
    for i, others in clashes.items():
        at = ", ".join(str(ready[j][1].row) for j in others)
        differ = _what_differs([(f"in row {ready[j][1].row}", json.loads(ready[j][3]),
                                 ready[j][1].limitation) for j in others], labels)  # fmt: skip
        reasons[i] = (f"the same person's returns for this learner in rows {at} were received at "
                      f"the same moment and say different things{differ}: which is the later "
                      "cannot be told — a person must choose")  # fmt: skip
    return reasons


def _shared_address(ready: list[_Ready], whos: list[_Who], repeated: set[int]) -> dict[int, str]:
    """Rows (by position in ``ready``) of one e-mail address for one learner that name different
    people ("Ann Lee, Mother" and "Tom Lee, Father" from the family's address) and say different
    things -> why they wait. A respondent is known by their e-mail (PRODUCT.md), so the later
    would replace the earlier; but two carers who share an address and disagree are two
    respondents, and the more restrictive counts: which they are, a person must say.
    ``repeated``: the learners with more than one new return."""
    groups: dict[tuple[int, str], list[int]] = {}
    for i, item in enumerate(ready):
        if item[0] in repeated and item[2].startswith("email:"):
            groups.setdefault((item[0], item[2]), []).append(i)
    out: dict[int, str] = {}
    for (_, key), rows in groups.items():
        names = {" ".join(name.split()).casefold(): name for i in rows
                 if (name := whos[i][1] or "").strip()}  # fmt: skip
        if len(names) < 2 or len({(ready[i][3], ready[i][1].limitation) for i in rows}) < 2:
            continue
        listed = ", ".join(sorted(names.values()))
        at = ", ".join(str(ready[i][1].row) for i in rows)
        reason = (f"rows {at} come from one e-mail address ({key.removeprefix('email:')}) but "
                  f"name different people ({listed}) and say different things: one person who "
                  "changed their mind (the later counts), or carers who share an address (the "
                  "more restrictive counts)? A person must choose: resolve the row that counts "
                  "and dismiss the other")  # fmt: skip
        for i in rows:
            out[i] = reason
    return out


def _write(
    session: Any,
    batch: ImportBatch,
    ready: list[_Ready],
    reviews: list[tuple[ParsedReturn, MatchResult]],
    wanted: dict[str, _Who],
    reviewed: set[str],
    decided: dict[str, str],
    report: ImportReport,
    user: str,
    tick: Callable[[int, int], None] | None,
) -> None:
    """The batch's returns, respondents, review rows, counts and audit entry."""
    respondents = respondent_ids(session, wanted)
    if tick:
        tick(0, len(ready))  # from here on the import is being saved
    batch_id = batch.id
    # each return as written (laid out by _outcomes), with its batch and respondent
    rows = [head + (batch_id, respondents[key])  # noqa: RUF005  (quicker than unpacking)
            for _, _, key, _, _, head in ready]  # fmt: skip
    insert_returns(session, rows)
    del rows
    report.imported = len(ready)
    review_rows = []
    for p, result in reviews:
        data = parsed_to_data(p)
        key = _review_key(data)
        state = decided.get(key)
        if state == "resolved":  # a person gave this row its learner: its return is there
            report.duplicates += 1
            continue
        if state is not None:  # a person dismissed it: said once more, not queued again
            report.warnings.append({"row": p.row, "message": (
                f"row {p.row} was dismissed from the review queue after an earlier import of "
                "it, so it is not queued again: if it should count now (the learner has "
                "joined since, say), reopen it in the review queue")})  # fmt: skip
            continue
        reason = result.reason or "needs a person to choose the learner"
        report.needs_review.append({"row": p.row, "reason": reason})
        if key in reviewed:
            continue  # already waiting from an earlier import of this row
        reviewed.add(key)
        review_rows.append(
            {
                "batch_id": batch.id,
                "academy_id": batch.academy_id,
                "year_label": batch.year_label,
                "source_row": p.row,
                "reason": reason,
                "data": data,
                "candidates": [asdict(c) for c in result.candidates],
                "state": "open",
            }
        )
    if review_rows:
        session.execute(insert(table_of(ReviewItem)), review_rows)
    batch.counts = {
        "rows": report.rows,
        "imported": report.imported,
        "duplicates": report.duplicates,
        "needs_review": len(report.needs_review),
        "errors": len(report.errors),
    }
    audit.record(
        session,
        user,
        "import",
        "import_batch",
        batch.id,
        after={"file": batch.file_name, "checksum": batch.checksum, **batch.counts},
    )
    if tick:
        tick(len(ready), len(ready))


def _clean(name: str | None) -> str | None:
    return (" ".join(name.split()) or None) if name else None


def _problem(p: RowProblem) -> dict[str, Any]:
    return {"row": p.row, "column": p.column, "message": p.message}


def _check_purposes(mapping: Any, labels: dict[str, str], file_name: str) -> None:
    """A column mapped to a purpose the trust does not have is refused (a saved mapping from
    another trust or an old year)."""
    from consent_desk.importing.headers import ColumnRole

    for c in mapping.by_role(ColumnRole.PURPOSE, ColumnRole.TICK_LIST):
        unknown = [p for p in c.purposes if p not in labels]
        unknown += [p for _, keys in c.options for p in keys if p not in labels]
        if unknown:
            raise ImportFileError(
                f"{file_name}: column '{c.header}' is mapped to the purpose '{unknown[0]}', which "
                f"the trust does not have (its purposes: {', '.join(labels)}): correct the mapping"
            )


def _confirm_message(file_name: str, unsure: list[Any]) -> str:
    listed = "; ".join(f"'{c.header}' ({c.why})" if c.why else f"'{c.header}'" for c in unsure)
    n = len(unsure)
    columns = f"{n} columns need" if n > 1 else "1 column needs"
    return (
        f"{file_name}: nothing imported — {columns} a person to confirm how "
        f"{'they are' if n > 1 else 'it is'} read: {listed}. Check the "
        "reading with --dry-run, save it with --dry-run --save-mapping FILE, correct FILE if "
        "needed, then import with --mapping FILE (or use the app's import wizard)"
    )


_CHANGES_SHOWN = 200


def _status_counts(
    session: Session, academy_code: str, year: str, labels: dict[str, str]
) -> dict[int, tuple[str, dict[str, str]]]:
    """Each on-roll learner's status now, in the order of the list (by name): learner id ->
    (status key, {name, group, says}); ``says`` is the status with what is refused."""
    from consent_desk.services.consent import status_rows, status_says

    out: dict[int, tuple[str, dict[str, str]]] = {}
    for r in status_rows(session, academy_code, year):
        out[r.learner_id] = (
            str(r.status.value),
            {"name": f"{r.forename} {r.surname}", "group": r.reg_group or "",
             "says": status_says(r, labels)},
        )  # fmt: skip
    return out


def _other_return_sheets(path: Path, table: Any, labels: dict[str, str]) -> list[str]:
    """The workbook's other sheets that read as returns (a column naming the learner and one
    holding answers): a second tab of "changes of mind" must not be skipped unseen."""
    from consent_desk.importing.headers import ANSWER_ROLES, NAME_ROLES, ColumnRole
    from consent_desk.importing.mapping import guess_mapping
    from consent_desk.importing.readers import read_table

    found = []
    for name in table.sheet_names:
        if name == table.sheet:
            continue
        try:
            other = read_table(path, name)
        except ImportFileError:
            continue  # an empty or unreadable sheet holds no returns
        if not other.rows:
            continue
        roles = {c.role for c in guess_mapping(other.headers, "returns", None, labels).columns}
        if roles & ANSWER_ROLES and roles & (NAME_ROLES | {ColumnRole.UPN, ColumnRole.ADNO}):
            found.append(name)
    return found


def _purposes_no_column_answers(mapping: Any, labels: dict[str, str]) -> list[str]:
    """The purposes (as the trust calls them) that no column of the file answers."""
    from consent_desk.importing.headers import ColumnRole

    if mapping.by_role(ColumnRole.OVERALL, ColumnRole.TICK_LIST):
        return []  # an overall answer or a tick list speaks for every purpose
    answered = {p for c in mapping.by_role(ColumnRole.PURPOSE) for p in c.purposes}
    return [label for key, label in labels.items() if key not in answered]
