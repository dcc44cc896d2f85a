"""A learner list that looks like another academy's is refused unless the big change is
confirmed, and a learner-list import can be undone: names, groups and leavers put back as they
were, learners it added removed (or, with returns since, kept as leavers)."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from consent_desk.db.engine import Database
from consent_desk.db.models import Learner
from consent_desk.domain.purposes import PURPOSE_KEYS
from consent_desk.domain.rules import Answer
from consent_desk.services.batches import undo_import
from consent_desk.services.errors import ServiceError
from consent_desk.services.learner_import import import_learners
from consent_desk.services.returns import NewReturn, add_return
from tests.conftest import SAMPLES

OAK_LIST = SAMPLES / "oakfield-learners-sims.csv"
HILL_LIST = SAMPLES / "hillgate-learners-bromcom.xlsx"


def roll(db: Database) -> list[tuple[Any, ...]]:
    """Every learner of the trust as the office would see it."""
    with db.session() as s:
        return sorted(
            (
                tuple(row)
                for row in s.execute(
                    select(
                        Learner.academy_id,
                        Learner.upn,
                        Learner.adno,
                        Learner.legal_surname,
                        Learner.legal_forename,
                        Learner.preferred_forename,
                        Learner.reg_group,
                        Learner.year_group,
                        Learner.on_roll,
                        Learner.left_on,
                    )
                )
            ),
            key=str,
        )


def without_upns(source: Path, target: Path) -> Path:
    with source.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    with target.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([row[1:] for row in rows])  # the UPN column dropped
    return target


def test_another_academys_list_is_refused_unless_confirmed(
    trust_db: Database, tmp_path: Path
) -> None:
    import_learners(trust_db, OAK_LIST, "OAK")
    before = roll(trust_db)
    with pytest.raises(ServiceError, match="may be another academy's list") as caught:
        import_learners(trust_db, HILL_LIST, "OAK", mark_missing_left=True)
    assert "nothing was imported" in str(caught.value) and "\n" not in str(caught.value)
    assert roll(trust_db) == before
    report = import_learners(trust_db, HILL_LIST, "OAK", mark_missing_left=True,
                             confirm_big_change=True)  # fmt: skip
    assert report.added and report.marked_left
    assert roll(trust_db) != before
    undo_import(trust_db, report.batch_id or 0, "office")
    assert roll(trust_db) == before  # the whole roll as it was


def test_a_list_without_upns_that_would_empty_the_roll_is_refused(
    trust_db: Database, tmp_path: Path
) -> None:
    import_learners(trust_db, OAK_LIST, "OAK")
    before = roll(trust_db)
    short = tmp_path / "short.csv"
    with OAK_LIST.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    with short.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows[: 1 + (len(rows) - 1) // 3])  # a third of the roll
    with pytest.raises(ServiceError, match=r"would mark .* learners on roll as left"):
        import_learners(trust_db, without_upns(short, tmp_path / "no-upn.csv"), "OAK",
                        mark_missing_left=True)  # fmt: skip
    assert roll(trust_db) == before


def test_the_first_list_and_an_ordinary_update_need_no_confirmation(
    trust_db: Database, tmp_path: Path
) -> None:
    assert import_learners(trust_db, OAK_LIST, "OAK").added > 0
    with OAK_LIST.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    rows[1][2] = "Renamed"  # a surname changed
    rows[2][8] = "NEW1"  # a group changed
    del rows[3]  # one learner left
    changed = tmp_path / "changed.csv"
    with changed.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    before = roll(trust_db)
    report = import_learners(trust_db, changed, "OAK", mark_missing_left=True)
    assert (report.updated, report.marked_left) == (2, 1)
    undo_import(trust_db, report.batch_id or 0, "office")
    assert roll(trust_db) == before


def test_undo_keeps_an_added_learner_who_has_returns_as_a_leaver(
    trust_db: Database, tmp_path: Path
) -> None:
    report = import_learners(trust_db, OAK_LIST, "OAK")
    with trust_db.session() as s:
        first = s.scalars(select(Learner).order_by(Learner.id)).first()
        assert first is not None
        lid = first.id
    answers = dict.fromkeys(PURPOSE_KEYS, Answer.REFUSE)
    add_return(trust_db, NewReturn(lid, "2025/26", answers, datetime(2025, 9, 9)), "office")
    put_back = undo_import(trust_db, report.batch_id or 0, "office")
    assert put_back == report.added
    with trust_db.session() as s:
        kept = s.scalars(select(Learner)).all()
    assert [(k.id, k.on_roll) for k in kept] == [(lid, False)]  # the refusal is never lost
    with pytest.raises(ServiceError, match="already undone"):
        undo_import(trust_db, report.batch_id or 0, "office")


def test_an_older_learner_list_waits_for_the_later_one_to_be_undone(trust_db: Database) -> None:
    first = import_learners(trust_db, OAK_LIST, "OAK")
    second = import_learners(trust_db, OAK_LIST, "OAK")  # nothing changed, but a later batch
    with pytest.raises(ServiceError, match="undo that one first"):
        undo_import(trust_db, first.batch_id or 0, "office")
    undo_import(trust_db, second.batch_id or 0, "office")
    undo_import(trust_db, first.batch_id or 0, "office")
    assert roll(trust_db) == []
