"""Importing the learner list from the MIS: joiners added, names and groups updated, leavers
marked only when the user says the file is the full list. A learner is never deleted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, insert, select, update

from consent_desk.db.engine import Database
from consent_desk.db.models import Academy, ImportBatch, Learner, table_of
from consent_desk.importing.bulk import paused_gc
from consent_desk.importing.records import ParsedLearner
from consent_desk.services import access, audit
from consent_desk.services.access import Action
from consent_desk.services.errors import ServiceError
from consent_desk.services.imports import file_checksum
from consent_desk.services.learners import change_stamp
from consent_desk.services.trust import academy_by_code

FIELDS = (
    "upn",
    "adno",
    "legal_surname",
    "legal_forename",
    "preferred_forename",
    "preferred_surname",
    "dob",
    "year_group",
    "reg_group",
)


@dataclass
class LearnerImportReport:
    file: str
    sheet: str | None
    academy: str
    rows: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejoined: int = 0
    missing: int = 0  # on roll but not in the file
    marked_left: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)  # first changes, for previews
    unknown_columns: list[str] = field(default_factory=list)
    mapping: list[str] = field(default_factory=list)
    batch_id: int | None = None
    dry_run: bool = False

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _column_limits() -> dict[str, int]:
    """The most characters each learner column holds (PostgreSQL refuses more; SQLite would
    keep it, so both are held to it here, row by row)."""
    limits: dict[str, int] = {}
    for name in FIELDS:
        length = getattr(table_of(Learner).c[name].type, "length", None)
        if isinstance(length, int):
            limits[name] = length
    return limits


_LIMITS = _column_limits()


def _too_long(values: dict[str, Any]) -> tuple[str, int, int] | None:
    """``(column words, length, limit)`` of the first value longer than its column allows."""
    for name, limit in _LIMITS.items():
        value = values.get(name)
        if isinstance(value, str) and len(value) > limit:
            return name.replace("_", " "), len(value), limit
    return None


def _values(p: ParsedLearner) -> dict[str, Any]:
    return {
        "upn": p.upn,
        "adno": p.adno,
        "legal_surname": p.legal_surname,
        "legal_forename": p.legal_forename,
        "preferred_forename": p.preferred_forename or None,
        "preferred_surname": p.preferred_surname or None,
        "dob": p.dob,
        "year_group": p.year_group,
        "reg_group": p.reg_group,
    }


# Tens of thousands of rows and records alive, and no reference cycles: no collector passes.
@paused_gc()
def import_learners(
    db: Database,
    path: str | Path,
    academy_code: str,
    *,
    sheet: str | None = None,
    mapping_file: str | Path | None = None,
    mark_missing_left: bool = False,
    dry_run: bool = False,
    user: str | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    confirm_big_change: bool = False,
) -> LearnerImportReport:
    """Import a learner list (one transaction, one batch); see the module docstring.

    A list that looks like another academy's (it would mark most of the roll as left, or it
    adds more learners than it recognises) is refused unless ``confirm_big_change``."""
    from consent_desk.importing.mapping import ColumnMapping, RowInterpreter, guess_mapping
    from consent_desk.importing.readers import read_table

    path = Path(path)
    with db.session() as s:  # fail fast (unknown academy, not allowed) before reading the file
        academy = academy_by_code(s, academy_code)
        user = access.acting_name(access.require(s, Action.EDIT_LEARNERS, academy.id), user)
    table = read_table(
        path, sheet, progress=(lambda d, t: progress("Reading", d, t)) if progress else None
    )
    table.refuse_long_cells()
    if mapping_file:
        mapping = ColumnMapping.load(Path(mapping_file), table.headers, file_name=path.name)
    else:
        mapping = guess_mapping(table.headers, "learners")
    parsed, problems = RowInterpreter(mapping).learners(table, file_name=path.name)
    report = LearnerImportReport(
        file=path.name,
        sheet=table.sheet,
        academy=academy_code.upper(),
        rows=len(table.rows),
        dry_run=dry_run,
        unknown_columns=list(mapping.unknown_columns),
        mapping=mapping.describe(),
    )
    report.errors = [{"row": p.row, "column": p.column, "message": p.message} for p in problems]

    with db.session(commit=not dry_run) as session:  # one transaction for the file
        academy = academy_by_code(session, academy_code)
        undo = _apply(session, academy, parsed, report, mark_missing_left, user)
        if not confirm_big_change:
            _refuse_big_change(report, mark_missing_left, path.name)
        batch = ImportBatch(
            kind="learners",
            academy_id=academy.id,
            year_label=None,
            file_name=path.name,
            sheet=table.sheet,
            checksum=file_checksum(path),
            imported_by=user,
            imported_at=audit.now(),
            mapping=mapping.to_json(),
            counts={
                k: getattr(report, k)
                for k in (
                    "rows",
                    "added",
                    "updated",
                    "unchanged",
                    "rejoined",
                    "missing",
                    "marked_left",
                )
            }
            | {"errors": len(report.errors)},
            undo=undo,
        )
        session.add(batch)
        session.flush()
        audit.record(
            session,
            user,
            "import_learners",
            "import_batch",
            batch.id,
            after={"file": path.name, **batch.counts},
        )
    if not dry_run:
        report.batch_id = batch.id
    return report


BIG_CHANGE_SHARE = 0.5  # of the learners on roll: more marked as left than this is a big change


def _refuse_big_change(report: LearnerImportReport, mark_missing_left: bool, name: str) -> None:
    """``ServiceError`` for a list that does not look like this academy's own: it would mark
    most of the roll as left, or it adds more learners than it recognises (the roll not empty).
    A wrong academy's list (without UPNs, matched by admission numbers) would otherwise replace
    the whole roll."""
    on_roll = report.missing + report.updated + report.unchanged  # on roll before the import
    matched = report.updated + report.unchanged + report.rejoined
    to_leave = report.missing if mark_missing_left and not report.errors else 0
    problem = None
    if on_roll and to_leave > on_roll * BIG_CHANGE_SHARE:
        problem = f"it would mark {to_leave:,} of the {on_roll:,} learners on roll as left"
    elif on_roll and report.added > matched:
        problem = (f"it adds {report.added:,} learners and recognises only {matched:,} of the "
                   f"{on_roll:,} on roll")  # fmt: skip
    if problem:
        raise ServiceError(
            f"{name}: {problem}, so it may be another academy's list: nothing was imported; "
            f"check it is {report.academy}'s list, and if it is, import it again confirming the "
            "big change (--confirm-big-change on the command line)"
        )


def _apply(
    session: Any,
    academy: Academy,
    parsed: list[ParsedLearner],
    report: LearnerImportReport,
    mark_missing_left: bool,
    user: str,
) -> dict[str, Any]:
    """Apply the list; return what an undo needs to put back (see ``ImportBatch.undo``)."""
    t = table_of(Learner)
    cols = [t.c.id, t.c.academy_id, t.c.on_roll, t.c.left_on, t.c.version]
    cols += [t.c[f] for f in FIELDS]
    mine: dict[int, dict[str, Any]] = {}
    by_upn: dict[str, dict[str, Any]] = {}
    by_adno: dict[str, dict[str, Any]] = {}
    for row in session.execute(select(*cols).where(t.c.academy_id == academy.id)).mappings():
        rec = dict(row)
        mine[rec["id"]] = rec
        if rec["upn"]:
            by_upn[rec["upn"]] = rec
        if rec["adno"]:
            by_adno[rec["adno"]] = rec
    file_upns = [p.upn for p in parsed if p.upn and p.upn not in by_upn]
    elsewhere: dict[str, str] = {}
    for i in range(0, len(file_upns), 5000):
        chunk = file_upns[i : i + 5000]
        q = (
            select(t.c.upn, Academy.code)
            .join(Academy, Academy.id == t.c.academy_id)
            .where(t.c.upn.in_(chunk), t.c.academy_id != academy.id)
        )
        elsewhere.update({u: c for u, c in session.execute(q)})

    stamp = change_stamp(user)  # who changed each learner the import adds, updates or marks left
    undo: dict[str, Any] = {"added": [], "changed": {}, "rejoined": {}, "left": []}
    seen_ids: set[int] = set()
    seen_upn: dict[str, int] = {}
    seen_adno: dict[str, int] = {}
    new_rows: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for p in parsed:
        if p.upn and p.upn in seen_upn:
            report.errors.append(
                {
                    "row": p.row,
                    "column": "UPN",
                    "message": f"UPN {p.upn} is also on row {seen_upn[p.upn]}: "
                    "the file lists this learner twice; fix one of the rows",
                }
            )
            continue
        if p.adno and p.adno in seen_adno:
            report.errors.append(
                {
                    "row": p.row,
                    "column": "Admission number",
                    "message": f"admission number {p.adno} is also on row "
                    f"{seen_adno[p.adno]}: fix one of the rows",
                }
            )
            continue
        if p.upn:
            seen_upn[p.upn] = p.row
        if p.adno:
            seen_adno[p.adno] = p.row
        if p.upn and p.upn in elsewhere:
            report.errors.append(
                {
                    "row": p.row,
                    "column": "UPN",
                    "message": f"UPN {p.upn} belongs to a learner of academy "
                    f"{elsewhere[p.upn]}: a transfer must be made there first",
                }
            )
            continue
        values = _values(p)
        long = _too_long(values)
        if long is not None:
            words, length, limit = long
            report.errors.append(
                {
                    "row": p.row,
                    "column": words,
                    "message": f"the {words} is {length:,} characters, more than the "
                    f"{limit} a learner's {words} can have: shorten it in the file "
                    "(the learner is not imported until then)",
                }
            )
            continue
        current = (by_upn.get(p.upn) if p.upn else None) or (
            by_adno.get(p.adno) if p.adno else None
        )
        if current is None:
            new_rows.append(
                {
                    **values,
                    "academy_id": academy.id,
                    "on_roll": True,
                    "version": 1,
                    "safeguarding_flag": False,
                    **stamp,
                }
            )
            report.added += 1
            _note(report, p.row, "added", f"{p.legal_forename} {p.legal_surname}")
            continue
        seen_ids.add(current["id"])
        changed = {k: v for k, v in values.items() if v not in (None, "") and current[k] != v}
        rejoin = not current["on_roll"]
        if not changed and not rejoin:
            report.unchanged += 1
            continue
        if rejoin:
            report.rejoined += 1
            undo["rejoined"][str(current["id"])] = _plain(current["left_on"])
        else:
            report.updated += 1
        if changed:
            undo["changed"][str(current["id"])] = {k: _plain(current[k]) for k in changed}
        merged = {k: current[k] for k in FIELDS} | changed
        updates.append(
            {
                "b_id": current["id"],
                "b_version": current["version"] + 1,
                **{f"b_{k}": v for k, v in merged.items()},
            }
        )
        _note(
            report,
            p.row,
            "rejoined" if rejoin else "updated",
            ", ".join(f"{k}: {current[k]!s} → {v!s}" for k, v in changed.items()) or "back on roll",
        )
        audit.record(
            session,
            user,
            "update",
            "learner",
            current["id"],
            before={k: _plain(current[k]) for k in changed} | {"on_roll": current["on_roll"]},
            after={k: _plain(v) for k, v in changed.items()} | {"on_roll": True},
            subject=audit.subject_of(current | changed),
        )

    missing = [rec for rid, rec in mine.items() if rec["on_roll"] and rid not in seen_ids]
    report.missing = len(missing)
    if new_rows:
        added = session.execute(insert(t).returning(t.c.id), new_rows).scalars().all()
        undo["added"] = [int(i) for i in added]
    if updates:
        stmt = (
            update(t)
            .where(t.c.id == bindparam("b_id"))
            .values(
                on_roll=True,
                left_on=None,
                version=bindparam("b_version"),
                **{k: bindparam(f"b_{k}") for k in FIELDS},
                **stamp,
            )
        )
        session.execute(stmt, updates, execution_options={"synchronize_session": False})
    if mark_missing_left and missing and report.errors:
        report.warnings.append(
            {
                "row": None,
                "message": f"{len(missing)} learners not in the file were NOT marked as left, "
                f"because "
                f"{len(report.errors)} rows could not be read: fix them and import again",
            }
        )
    elif mark_missing_left and missing:
        today = date.today()
        session.execute(
            update(t)
            .where(t.c.id == bindparam("b_id"))
            .values(on_roll=False, left_on=today, version=bindparam("b_version"), **stamp),
            [{"b_id": r["id"], "b_version": r["version"] + 1} for r in missing],
            execution_options={"synchronize_session": False},
        )
        for r in missing:
            audit.record(
                session,
                user,
                "left",
                "learner",
                r["id"],
                before={"on_roll": True},
                after={
                    "on_roll": False,
                    "left_on": today.isoformat(),
                    "reason": "not in the learner list import",
                },
                subject=audit.subject_of(r),
            )
        report.marked_left = len(missing)
        undo["left"] = [r["id"] for r in missing]
    return undo


def _plain(v: Any) -> Any:
    return v.isoformat() if isinstance(v, date) else v


def _note(report: LearnerImportReport, row: int, what: str, detail: str) -> None:
    if len(report.changes) < 500:
        report.changes.append({"row": row, "change": what, "detail": detail})
