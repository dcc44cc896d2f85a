"""Staff know the list (policy 10.3), through the database: who confirmed which version, what
changed since, and a confirmation of a list that changed while it was read is refused."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import count

import pytest

from consent_desk.db.engine import Database
from consent_desk.domain.rules import Answer
from consent_desk.services import access
from consent_desk.services.access import Role
from consent_desk.services.acknowledgements import acknowledge, acknowledgements, list_state
from consent_desk.services.errors import Conflict, PermissionDenied
from consent_desk.services.learners import NewLearner, add_learner, mark_left, set_safeguarding
from consent_desk.services.returns import NewReturn, add_return
from consent_desk.services.trust import update_settings
from consent_desk.services.users import authenticate, create_user
from tests.rule_cases import C, R, but, every

YEAR = "2025/26"
PASSWORD = "correct horse"
_minute = count(1)


def _give(db: Database, lid: int, answers: dict[str, Answer], who: str = "mum") -> None:
    when = datetime(2025, 9, 10, 9, 0) + timedelta(minutes=next(_minute))
    add_return(db, NewReturn(lid, YEAR, answers, when, respondent_name=who), "office")


def test_what_changed_since_the_last_confirmation(trust_db: Database) -> None:
    db = trust_db
    update_settings(db, "coo", treat_non_returns_as_restricted=False)
    amy = add_learner(db, "OAK", NewLearner("Adams", "Amy", reg_group="4B"), "x")
    ben = add_learner(db, "OAK", NewLearner("Brown", "Ben", reg_group="4B"), "x")
    cal = add_learner(db, "OAK", NewLearner("Cole", "Cal", reg_group="4C"), "x")
    _give(db, amy, every(C))
    _give(db, ben, but(C, press=R))
    _give(db, cal, but(C, video=R))
    first = list_state(db, "OAK", YEAR)
    assert first.needs_confirmation and first.last_confirmed_at is None
    assert [r.display_name for r in first.rows] == ["Ben Brown", "Cal Cole"]
    done = acknowledge(db, "OAK", YEAR, first.fingerprint)
    assert not list_state(db, "OAK", YEAR).needs_confirmation

    _give(db, amy, but(C, website=R), who="dad")
    _give(db, ben, every(C))
    set_safeguarding(db, cal, True, "court order", "principal")
    now = list_state(db, "OAK", YEAR)
    assert now.needs_confirmation and now.last_confirmed_at == done.last_confirmed_at
    assert sorted(now.changes) == sorted(
        [
            "Amy Adams (4B) is now on the list: refused: Websites",
            "Ben Brown is no longer on the list",
            "Cal Cole: now NO IMAGES",
        ]
    )
    with pytest.raises(Conflict, match="changed while you were reading"):
        acknowledge(db, "OAK", YEAR, first.fingerprint)
    acknowledge(db, "OAK", YEAR, now.fingerprint)
    mark_left(db, cal, "office")
    assert list_state(db, "OAK", YEAR).changes == ["Cal Cole has left"]


def test_the_principal_sees_who_has_not_confirmed(trust_db: Database) -> None:
    db = trust_db
    lid = add_learner(db, "OAK", NewLearner("Adams", "Amy", reg_group="4B"), "x")
    _give(db, lid, every(R))
    create_user(db, "coo", "Ann Coo", Role.COO, PASSWORD)
    access.set_actor(authenticate(db, "coo", PASSWORD))
    try:
        create_user(db, "tess", "Tess Teacher", Role.TEACHER, PASSWORD, ["OAK"])
        create_user(db, "pat", "Pat Principal", Role.PRINCIPAL, PASSWORD, ["OAK"])
        create_user(db, "hal", "Hal High", Role.TEACHER, PASSWORD, ["HGH"])
        access.set_actor(authenticate(db, "tess", PASSWORD))
        acknowledge(db, "OAK", YEAR)
        with pytest.raises(PermissionDenied):
            acknowledgements(db, "OAK", YEAR)
        access.set_actor(authenticate(db, "pat", PASSWORD))
        version, staff = acknowledgements(db, "OAK", YEAR)
        assert [(c.username, c.current, c.version) for c in staff] == [
            ("pat", False, None),
            ("tess", True, version),
        ]
        access.set_actor(authenticate(db, "coo", PASSWORD))
        _give(db, lid, every(C))  # the list changes: Tess must confirm again
        version2, staff = acknowledgements(db, "OAK", YEAR)
        assert version2 != version
        assert [(c.username, c.current, c.version) for c in staff] == [
            ("pat", False, None),
            ("tess", False, version),
        ]
    finally:
        access.set_actor(None)
