"""Every xlsx and CSV export, fed text that a spreadsheet would run as a formula (in names,
groups, limitations, the trust's and academy's names, purpose labels and login names), writes
it as visible text and never as a formula cell."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from consent_desk.db.engine import Database
from consent_desk.db.models import Purpose
from consent_desk.domain.rules import Answer
from consent_desk.domain.years import AcademicYear
from consent_desk.outputs.cells import csv_field, is_formula_like
from consent_desk.services import access
from consent_desk.services.audit_log import export_audit_xlsx, list_audit
from consent_desk.services.documents import (
    export_chase_list,
    export_principal_list,
    export_summary,
)
from consent_desk.services.errors import PermissionDenied
from consent_desk.services.learners import NewLearner, add_learner
from consent_desk.services.returns import NewReturn, add_return
from consent_desk.services.trust import add_academy, init_trust
from consent_desk.services.users import authenticate, create_user

YEAR = AcademicYear.current().label
HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+1",
    "-1+2",
    "@SUM(1)",
    "\t=1+2",
    "\r=3+4",
    " =5+6",
    "=7+8",
]


def _hostile_trust(db: Database) -> None:
    init_trust(db, '=HYPERLINK("http://trust","Trust")')
    add_academy(db, "OAK", "@SUM(2) Academy", phase="primary")
    with db.session() as s:
        first = s.scalars(select(Purpose).order_by(Purpose.position)).first()
        assert first is not None
        first.label = "=cmd|' /C calc'!A0"
    for n, text in enumerate(HOSTILE):
        lid = add_learner(
            db,
            "OAK",
            NewLearner(text, text, reg_group=text, year_group=text[:20], upn=None, adno=f"{n}"),
            text,
        )
        if n % 2:  # half have a return with a limitation; half are chased
            answers = {
                k: Answer.CONSENT
                for k in ("internal", "website", "social_media", "print", "press", "video")
            }
            add_return(
                db, NewReturn(lid, YEAR, answers, datetime.now(), text, limitation=text), text
            )
    create_user(db, "coo", "Chief Operating Officer", "coo", "a long enough pass phrase")
    for text in HOSTILE:
        with pytest.raises(PermissionDenied):
            authenticate(db, text, "wrong")  # typed names stay out of the trail (test_logins)
    access.set_actor(authenticate(db, "coo", "a long enough pass phrase"))


@pytest.fixture(autouse=True)
def _logged_out() -> Iterator[None]:
    yield
    access.set_actor(None)


def _xlsx_cells(path: Path) -> list[openpyxl.cell.cell.Cell]:
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                xml = z.read(name).decode("utf-8")
                assert "<f>" not in xml and "<f " not in xml, f"{path.name}: a formula"
    wb = openpyxl.load_workbook(path)
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]


def test_every_export_writes_formula_like_text_as_text(db: Database, tmp_path: Path) -> None:
    _hostile_trust(db)
    exports = {
        "chase.xlsx": lambda t: export_chase_list(db, "OAK", YEAR, t),
        "list.xlsx": lambda t: export_principal_list(db, "OAK", YEAR, t),
        "summary.xlsx": lambda t: export_summary(db, YEAR, t),
        "audit.xlsx": lambda t: export_audit_xlsx(list_audit(db), t),
    }
    seen: dict[str, set[str]] = {}
    for name, write in exports.items():
        write(tmp_path / name)
        cells = _xlsx_cells(tmp_path / name)
        assert not [c.coordinate for c in cells if c.data_type == "f"], name
        seen[name] = {str(c.value) for c in cells if isinstance(c.value, str)}
    every = set().union(*seen.values())
    joined = "\n".join(every)
    for text in [
        *HOSTILE,
        '=HYPERLINK("http://trust","Trust")',
        "@SUM(2) Academy",
        "=cmd|' /C calc'!A0",
    ]:
        # (XML reads a CR back as LF, and names are trimmed when saved: compare the rest)
        assert text.strip() in joined, f"{text!r} is missing: it must stay visible"
    assert '=HYPERLINK("http://x","y")' in seen["chase.xlsx"]  # a surname, exactly as typed
    assert '=HYPERLINK("http://x","y")' in seen["audit.xlsx"]  # a user name in the trail
    assert '=HYPERLINK("http://trust","Trust")' in "\n".join(seen["list.xlsx"])  # title row

    export_chase_list(db, "OAK", YEAR, tmp_path / "chase.csv")
    rows = list(
        csv.reader(io.StringIO((tmp_path / "chase.csv").read_text("utf-8-sig"), newline=""))
    )
    fields = [f for row in rows for f in row]
    assert not [f for f in fields if is_formula_like(f)]
    for text in HOSTILE[0::2]:  # the learners with no return are on the chase list
        assert any(f.startswith("'") and f.endswith(text.strip()) for f in fields), text


@pytest.mark.parametrize("text", HOSTILE)
def test_csv_fields_quote_formula_starts_and_leave_the_rest(text: str) -> None:
    assert csv_field(text) == "'" + text
    assert csv_field("Smith-Jones") == "Smith-Jones" and csv_field(-3) == "-3"
    assert csv_field(None) == ""
