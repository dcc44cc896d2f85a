""" "Reprint needed", through the database (SQLite and PostgreSQL): every sheet printed through
``build_sheet`` is recorded; a change to what a sheet shows makes exactly the sheets that show
it stale, and printing the same sheet again clears it."""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from consent_desk.db.engine import Database
from consent_desk.db.models import SheetPrint
from consent_desk.domain.rules import Answer
from consent_desk.domain.sheets import SheetScope
from consent_desk.domain.years import AcademicYear
from consent_desk.services.documents import build_sheet
from consent_desk.services.learners import (
    NewLearner,
    add_learner,
    mark_left,
    set_safeguarding,
    update_learner,
)
from consent_desk.services.returns import NewReturn, add_return
from consent_desk.services.sheet_prints import stale_sheets
from tests.rule_cases import C, R, but, every

YEAR = AcademicYear.current().label
_minutes = itertools.count(1)

GROUP_7A = SheetScope("reg_group", "7A")
GROUP_7B = SheetScope("reg_group", "7B")
YEAR_7 = SheetScope("year_group", "7")


@dataclass
class Oak:
    db: Database
    tmp: Path
    amy: int  # 7A, consents to everything: not on a restricted-only sheet
    bea: int  # 7A, refused the website
    cal: int  # 7A, no return yet
    dan: int  # 7B, consents to everything
    eve: int  # 7B, refused everything

    def print(self, scope: SheetScope, academy: str = "OAK") -> None:
        build_sheet(self.db, academy, YEAR, scope, self.tmp / f"sheet{next(_minutes)}.pdf")

    def stale(self) -> dict[str, str]:
        """Stale sheets as {description: reason}."""
        return {s.scope.describe(): s.reason for s in stale_sheets(self.db, "OAK", YEAR)}


def give(
    db: Database,
    learner: int,
    answers: dict[str, Answer],
    who: str = "mum",
    limitation: str | None = None,
) -> None:
    when = datetime.now().replace(second=0, microsecond=0) - timedelta(days=1)
    add_return(
        db,
        NewReturn(
            learner,
            YEAR,
            answers,
            when + timedelta(minutes=next(_minutes)),
            respondent_name=who,
            limitation=limitation,
        ),
        "office",
    )


@pytest.fixture
def oak(trust_db: Database, tmp_path: Path) -> Oak:
    db = trust_db

    def pupil(surname: str, forename: str, group: str) -> int:
        return add_learner(
            db, "OAK", NewLearner(surname, forename, reg_group=group, year_group="7"), "setup"
        )

    school = Oak(
        db,
        tmp_path,
        pupil("Adams", "Amy", "7A"),
        pupil("Baker", "Bea", "7A"),
        pupil("Cole", "Cal", "7A"),
        pupil("Dyer", "Dan", "7B"),
        pupil("Egan", "Eve", "7B"),
    )
    give(db, school.amy, every(C))
    give(db, school.bea, but(C, website=R))
    give(db, school.dan, every(C))
    give(db, school.eve, every(R))
    for scope in (GROUP_7A, GROUP_7B, YEAR_7):
        school.print(scope)
    return school


def test_sheets_just_printed_are_not_stale(oak: Oak) -> None:
    assert oak.stale() == {}


def test_a_withdrawal_makes_exactly_the_sheets_showing_that_group_stale(oak: Oak) -> None:
    give(oak.db, oak.amy, but(C, social_media=R, video=R))  # mum withdraws two uses
    stale = oak.stale()
    # 7A's sheet, and the Year 7 sheet (which has a section for 7A) — never 7B's.
    assert set(stale) == {"group 7A", "Year 7"}
    assert stale["group 7A"] == "Amy Adams is now on the sheet (Restricted)"
    oak.print(GROUP_7A)
    assert set(oak.stale()) == {"Year 7"}  # printing 7A again clears only 7A
    oak.print(YEAR_7)
    assert oak.stale() == {}


def test_a_return_that_changes_what_the_sheet_says_makes_it_stale(oak: Oak) -> None:
    give(oak.db, oak.bea, but(C, website=R), limitation="first name only")
    assert oak.stale()["group 7A"] == "what may not be done for Bea Baker has changed"
    oak.print(GROUP_7A)
    give(oak.db, oak.bea, every(R))
    assert oak.stale()["group 7A"] == "Bea Baker is now NO IMAGES"


def test_a_return_that_changes_nothing_on_paper_is_not_a_reprint(oak: Oak) -> None:
    give(oak.db, oak.dan, every(C), who="dad")  # a second carer agrees
    give(oak.db, oak.eve, every(R), who="dad")  # and another agrees with the refusal
    assert oak.stale() == {}


def test_a_safeguarding_flag_makes_the_sheet_stale(oak: Oak) -> None:
    set_safeguarding(oak.db, oak.dan, True, "court order", "principal")
    stale = oak.stale()
    assert set(stale) == {"group 7B", "Year 7"}
    assert stale["group 7B"] == "Dan Dyer is now on the sheet (NO IMAGES)"
    assert "court order" not in " ".join(stale.values())


def test_a_joiner_makes_their_groups_sheet_stale(oak: Oak) -> None:
    add_learner(oak.db, "OAK", NewLearner("Ford", "Fay", reg_group="7B", year_group="7"), "x")
    stale = oak.stale()
    assert set(stale) == {"group 7B", "Year 7"}
    assert stale["group 7B"] == "Fay Ford is now on the sheet (NO RETURN YET)"


def test_a_leaver_makes_their_groups_sheet_stale(oak: Oak) -> None:
    mark_left(oak.db, oak.bea, "office")
    assert oak.stale() == {"group 7A": "Bea Baker has left", "Year 7": "Bea Baker has left"}


def test_moving_group_is_said(oak: Oak) -> None:
    with oak.db.session() as s:
        from consent_desk.db.models import Learner

        version = s.get(Learner, oak.eve).version  # type: ignore[union-attr]
    update_learner(oak.db, oak.eve, {"reg_group": "7A"}, "office", version)
    stale = oak.stale()
    assert stale["group 7B"] == "Eve Egan is no longer in this group (now 7A)"
    assert stale["group 7A"] == "Eve Egan is now on the sheet (NO IMAGES)"
    assert stale["Year 7"] == "Eve Egan's name or group has changed"


def test_a_whole_group_sheet_is_its_own_sheet(oak: Oak) -> None:
    everyone = SheetScope("reg_group", "7A", restricted_only=False)
    oak.print(everyone)
    give(oak.db, oak.amy, every(C), who="dad")  # nothing changes on either 7A sheet
    assert oak.stale() == {}
    give(oak.db, oak.cal, every(C))  # Cal: NO RETURN YET -> no restriction
    stale = stale_sheets(oak.db, "OAK", YEAR)
    whole = [s for s in stale if not s.scope.restricted_only]
    listed = [s for s in stale if s.scope.restricted_only and s.scope.value == "7A"]
    assert whole[0].reason == "Cal Cole is now No restriction"
    assert listed[0].reason == "Cal Cole no longer has restrictions"


def test_a_hand_picked_group(oak: Oak) -> None:
    trip = SheetScope("learners", learner_ids=(oak.dan, oak.bea), title="Zoo trip")
    oak.print(trip)
    give(oak.db, oak.dan, but(C, press=R))
    sheet = next(s for s in stale_sheets(oak.db, "OAK", YEAR) if s.scope.kind == "learners")
    assert sheet.group == "Zoo trip"
    assert sheet.reason == "Dan Dyer is now on the sheet (Restricted)"
    assert sheet.as_json()["learner_ids"] == sorted([oak.dan, oak.bea])
    oak.print(SheetScope("learners", learner_ids=(oak.bea, oak.dan), title="Zoo trip"))
    assert not any(s.scope.kind == "learners" for s in stale_sheets(oak.db, "OAK", YEAR))


def test_each_print_is_recorded_with_who_when_and_file(oak: Oak) -> None:
    build_sheet(oak.db, "OAK", YEAR, GROUP_7A, io.BytesIO())  # the GUI prints from memory
    with oak.db.session() as s:
        rows = s.query(SheetPrint).order_by(SheetPrint.id).all()
    assert [(r.scope_kind, r.scope_value) for r in rows] == [
        ("reg_group", "7A"),
        ("reg_group", "7B"),
        ("year_group", "7"),
        ("reg_group", "7A"),
    ]
    assert {r.printed_by for r in rows} == {"test.office"}
    assert rows[0].file_name and rows[0].file_name.endswith(".pdf")
    assert rows[-1].file_name is None
    assert rows[0].fingerprint == rows[-1].fingerprint
    assert set(rows[0].entries) == {str(oak.bea), str(oak.cal)}  # what 7A's sheet lists
    assert (datetime.now() - rows[-1].printed_at) < timedelta(minutes=5)


def test_sheets_of_other_academies_and_years_are_apart(oak: Oak) -> None:
    add_learner(oak.db, "HGH", NewLearner("Haddad", "Hana", reg_group="7A"), "x")
    oak.print(GROUP_7A, academy="HGH")
    give(oak.db, oak.amy, every(R))
    assert {s.scope.describe() for s in stale_sheets(oak.db, "HGH", YEAR)} == set()
    last_year = AcademicYear(AcademicYear.current().start_year - 1).label
    assert stale_sheets(oak.db, "OAK", last_year) == []
    assert set(oak.stale()) == {"group 7A", "Year 7"}
