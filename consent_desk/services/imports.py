"""Importing a returns file: one transaction, one batch, nothing guessed, nothing dropped.

Per-row ORM objects are kept off this path on purpose (60,000 rows must import in about
a second): rows are matched in memory and written with one ``executemany`` per table.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from consent_desk.db.engine import Database
from consent_desk.db.models import (
    ConsentReturn,
    ImportBatch,
    Learner,
    Respondent,
    ReviewItem,
    table_of,
)
from consent_desk.domain.rules import Answer, respondent_key
from consent_desk.domain.years import AcademicYear
from consent_desk.importing.records import (
    LearnerRecord,
    MatchResult,
    ParsedReturn,
    RowProblem,
)
from consent_desk.services import audit
from consent_desk.services.returns import fingerprint
from consent_desk.services.trust import academy_by_code, ensure_year, purpose_labels

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
    batch_id: int | None = None
    dry_run: bool = False

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def file_checksum(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def learner_records(session: Session, academy_id: int) -> list[LearnerRecord]:
    """Every learner of an academy (on roll or left), as the matcher sees them."""
    t = table_of(Learner)
    q = select(
        t.c.id,
        t.c.upn,
        t.c.adno,
        t.c.legal_surname,
        t.c.legal_forename,
        t.c.preferred_forename,
        t.c.preferred_surname,
        t.c.dob,
        t.c.year_group,
        t.c.reg_group,
        t.c.on_roll,
    ).where(t.c.academy_id == academy_id)
    return [LearnerRecord(*row) for row in session.execute(q)]


def _respondent_ids(
    session: Session, wanted: dict[str, tuple[str | None, str | None]]
) -> dict[str, int]:
    """Ids for respondent keys, creating the missing ones in one statement."""
    t = table_of(Respondent)
    keys = list(wanted)
    found: dict[str, int] = {}
    for i in range(0, len(keys), 5000):
        chunk = keys[i : i + 5000]
        found.update(
            {k: i for k, i in session.execute(select(t.c.key, t.c.id).where(t.c.key.in_(chunk)))}
        )
    missing = [k for k in keys if k not in found]
    if missing:
        session.execute(
            insert(t),
            [{"key": k, "name": wanted[k][0], "email": wanted[k][1]} for k in missing],
        )
        for i in range(0, len(missing), 5000):
            chunk = missing[i : i + 5000]
            found.update(
                {
                    k: i
                    for k, i in session.execute(select(t.c.key, t.c.id).where(t.c.key.in_(chunk)))
                }
            )
    return found


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
    }


@dataclass
class _Prepared:
    """A matched row, ready to be written."""

    learner_id: int
    row: ParsedReturn
    respondent: str
    answers: dict[str, str]
    fingerprint: str


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
) -> ImportReport:
    from consent_desk.importing.mapping import ColumnMapping, RowInterpreter, guess_mapping
    from consent_desk.importing.matching import LearnerIndex
    from consent_desk.importing.readers import read_table

    path = Path(path)
    academic_year = AcademicYear.parse(year)
    user = user or audit.current_user_name()
    with db.session() as s:  # fail fast on an unknown academy, before reading a big file
        academy_by_code(s, academy_code)

    def stage(name: str) -> Callable[[int, int], None] | None:
        if progress is None:
            return None
        return lambda done, total: progress(name, done, total)

    table = read_table(path, sheet, progress=stage("Reading"))
    if mapping_file:
        mapping = ColumnMapping.load(Path(mapping_file), table.headers, file_name=path.name)
    else:
        mapping = guess_mapping(table.headers, "returns")
    parsed, problems = RowInterpreter(mapping).returns(table, file_name=path.name)
    if save_mapping:
        mapping.save(Path(save_mapping))

    report = ImportReport(
        file=path.name,
        sheet=table.sheet,
        academy=academy_code.upper(),
        year=academic_year.label,
        rows=len(table.rows),
        dry_run=dry_run,
        unknown_columns=list(mapping.unknown_columns),
        mapping=mapping.describe(),
    )
    report.errors = [_problem(p) for p in problems]
    checksum = file_checksum(path)
    now = audit.now()

    session = db._sessions()  # one transaction for the whole file
    try:
        academy = academy_by_code(session, academy_code)
        purposes = list(purpose_labels(session))
        index = LearnerIndex(learner_records(session, academy.id))
        existing = set(
            session.scalars(
                select(ConsentReturn.fingerprint)
                .join(Learner, Learner.id == ConsentReturn.learner_id)
                .where(
                    Learner.academy_id == academy.id,
                    ConsentReturn.year_label == academic_year.label,
                )
            )
        )
        reviewed = {
            _review_key(data)
            for (data,) in session.execute(
                select(ReviewItem.data).where(
                    ReviewItem.academy_id == academy.id,
                    ReviewItem.year_label == academic_year.label,
                )
            )
        }
        ready: list[_Prepared] = []
        reviews: list[tuple[ParsedReturn, MatchResult]] = []
        seen: set[str] = set()
        tick = stage("Matching")
        for n, p in enumerate(parsed):
            if tick and n % 2000 == 0:
                tick(n, len(parsed))
            result = index.match(p.learner)
            for w in [*p.warnings, *result.warnings]:
                report.warnings.append({"row": p.row, "message": w})
            if result.learner_id is None:
                reviews.append((p, result))
                continue
            key = respondent_key(p.respondent_email, p.respondent_name)
            answers = {k: p.answers.get(k, Answer.UNANSWERED).value for k in purposes}
            when = p.received_at or datetime(academic_year.start_year, 9, 1)
            fp = fingerprint(
                result.learner_id, academic_year.label, key, when, answers, p.limitation
            )
            if fp in existing or fp in seen:
                report.duplicates += 1
                continue
            seen.add(fp)
            ready.append(_Prepared(result.learner_id, p, key, answers, fp))

        ensure_year(session, academic_year)
        batch = ImportBatch(
            kind="returns",
            academy_id=academy.id,
            year_label=academic_year.label,
            file_name=path.name,
            sheet=table.sheet,
            checksum=checksum,
            imported_by=user,
            imported_at=now,
            counts={},
            mapping=mapping.to_json(),
        )
        session.add(batch)
        session.flush()
        respondents = _respondent_ids(
            session,
            {r.respondent: (_clean(r.row.respondent_name), _email(r.respondent)) for r in ready},
        )
        tick = stage("Saving")
        if tick:
            tick(0, len(ready))
        if ready:
            session.execute(
                insert(table_of(ConsentReturn)),
                [
                    {
                        "learner_id": r.learner_id,
                        "year_label": academic_year.label,
                        "respondent_id": respondents[r.respondent],
                        "relationship_to_learner": r.row.relationship,
                        "received_at": r.row.received_at or now,
                        "method": "form" if r.row.respondent_email else "import",
                        "entered_by": user,
                        "entered_at": now,
                        "batch_id": batch.id,
                        "source_row": r.row.row,
                        "answers": r.answers,
                        "limitation": r.row.limitation,
                        "notes": r.row.notes,
                        "fingerprint": r.fingerprint,
                    }
                    for r in ready
                ],
            )
        report.imported = len(ready)
        review_rows = []
        for p, result in reviews:
            reason = result.reason or "needs a person to choose the learner"
            report.needs_review.append({"row": p.row, "reason": reason})
            data = parsed_to_data(p)
            if _review_key(data) in reviewed:
                continue  # already waiting (or decided) from an earlier import of this row
            reviewed.add(_review_key(data))
            review_rows.append(
                {
                    "batch_id": batch.id,
                    "academy_id": academy.id,
                    "year_label": academic_year.label,
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
            after={"file": path.name, "checksum": checksum, **batch.counts},
        )
        if dry_run:
            session.rollback()
        else:
            session.commit()
            report.batch_id = batch.id
        if tick:
            tick(len(ready), len(ready))
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
    return report


def _clean(name: str | None) -> str | None:
    return " ".join(name.split()) if name and name.strip() else None


def _email(key: str) -> str | None:
    return key[len("email:") :] if key.startswith("email:") else None


def _problem(p: RowProblem) -> dict[str, Any]:
    return {"row": p.row, "column": p.column, "message": p.message}
