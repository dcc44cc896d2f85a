"""The chase list: learners on roll with no return this year, by registration group, for a mail
merge (CSV or ``.xlsx``; the header is the first row, no title above it).

"No return" means no return at all: a learner flagged ``NO IMAGES`` for safeguarding whose
parents have sent nothing is chased too, exactly as the summary counts them outstanding.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from consent_desk.domain.groups import group_key
from consent_desk.domain.listing import LearnerStatusRow
from consent_desk.outputs.cells import csv_field
from consent_desk.outputs.common import Target, by_surname, has_no_return
from consent_desk.outputs.xlsxdoc import (
    Column,
    Value,
    new_workbook,
    save_workbook,
    write_table,
    year_value,
)

COLUMNS: tuple[Column, ...] = (
    Column("Reg group", max_width=14),
    Column("Year", max_width=8, centred=True),
    Column("Surname", max_width=30),
    Column("Forename", max_width=25),
    Column("Legal forename", max_width=25),
    Column("UPN", max_width=16),
    Column("Admission no", max_width=14),
)
SHEET = "Chase list"


def chase_list(rows: Sequence[LearnerStatusRow]) -> list[LearnerStatusRow]:
    """Learners on roll with no return, by registration group (7A before 10A), then surname."""
    learners = by_surname(r for r in rows if has_no_return(r))
    # stable: keeps surnames within a group
    return sorted(learners, key=lambda r: group_key(r.reg_group, r.year_group))


def chase_values(row: LearnerStatusRow) -> list[Value]:
    return [
        row.reg_group or "",
        year_value(row.year_group),
        row.surname,
        row.forename,
        row.legal_forename,
        row.upn or "",
        row.adno or "",
    ]


def build_chase_csv(target: Target, rows: Sequence[LearnerStatusRow]) -> int:
    """Write the chase list as CSV (UTF-8 with BOM, so Excel reads accents); return the count."""
    learners = chase_list(rows)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_field(c.header) for c in COLUMNS])
    for row in learners:
        writer.writerow([csv_field(v) for v in chase_values(row)])
    data = buffer.getvalue().encode("utf-8-sig")
    if isinstance(target, str | Path):
        Path(target).write_bytes(data)
    else:
        target.write(data)
    return len(learners)


def build_chase_xlsx(target: Target, rows: Sequence[LearnerStatusRow]) -> int:
    """Write the chase list as ``.xlsx`` (header in row 1 for a mail merge); return the count."""
    learners = chase_list(rows)
    wb = new_workbook()
    write_table(wb, SHEET, COLUMNS, [chase_values(r) for r in learners])
    save_workbook(wb, target)
    return len(learners)
