"""The rules' case table through the database, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from consent_desk.db.engine import Database
from consent_desk.services.consent import learner_statuses, restriction_list
from consent_desk.services.learners import NewLearner, add_learner, mark_left, set_safeguarding
from consent_desk.services.returns import NewReturn, add_return
from consent_desk.services.trust import update_settings
from tests.rule_cases import CASES

YEAR = "2025/26"


def test_case_table_through_database(trust_db: Database) -> None:
    db = trust_db
    ids: dict[str, int] = {}
    for i, case in enumerate(CASES):
        lid = add_learner(
            db, "OAK", NewLearner(f"Case{i:02d}", "Learner", adno=str(1000 + i)), "test"
        )
        ids[case.name] = lid
        for r in case.returns:
            add_return(
                db,
                NewReturn(
                    lid,
                    YEAR,
                    r.answers,
                    r.received_at,
                    respondent_name=r.who or None,
                    limitation=r.limitation,
                ),
                "test",
            )
        if case.safeguarding:
            set_safeguarding(db, lid, True, "court order", "principal")
        if not case.on_roll:
            mark_left(db, lid, "test")

    for treat in (True, False):
        update_settings(db, "coo", treat_non_returns_as_restricted=treat)
        rows = {r.learner_id: r for r in learner_statuses(db, "OAK", YEAR, include_left=True)}
        listed = {r.learner_id for r in restriction_list(db, "OAK", YEAR)}
        for case in CASES:
            if case.treat_non_returns != treat and not case.returns and not case.safeguarding:
                continue  # this case is about the other setting
            row = rows[ids[case.name]]
            assert row.status is case.status, case.name
            assert row.refused == tuple(case.refused), case.name
            assert row.limitation == case.limitation, case.name
            assert (ids[case.name] in listed) is case.on_list, case.name


def test_statuses_are_per_year(trust_db: Database) -> None:
    from tests.rule_cases import DAY0, R, every

    lid = add_learner(trust_db, "OAK", NewLearner("Year", "Test"), "test")
    add_return(trust_db, NewReturn(lid, "2024/25", every(R), DAY0.replace(year=2024)), "test")
    assert learner_statuses(trust_db, "OAK", "2024/25")[0].status.value == "no_images"
    assert learner_statuses(trust_db, "OAK", YEAR)[0].status.value == "not_returned"


@pytest.mark.parametrize("bad", ["2025", "25/26", "2025/27", "next year"])
def test_bad_year_is_refused(trust_db: Database, bad: str) -> None:
    from consent_desk.domain.years import AcademicYearError

    with pytest.raises(AcademicYearError):
        learner_statuses(trust_db, "OAK", bad)
