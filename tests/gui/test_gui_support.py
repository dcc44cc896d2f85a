"""The services' helpers for the desktop app (``consent_desk.services.gui_support``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from consent_desk.db.engine import Database
from consent_desk.domain.rules import Answer, Status
from consent_desk.migrations import current_revision, head_revision, upgrade
from consent_desk.services import gui_support
from consent_desk.services.errors import ServiceError
from consent_desk.services.learners import NewLearner, add_learner, set_safeguarding
from tests.gui.conftest import YEAR


def test_schema_check_agrees_with_alembic(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    upgrade(db.engine, "0001")
    assert not gui_support.schema_is_current(db)  # an older database is upgraded at start
    upgrade(db.engine)
    assert current_revision(db.engine) == head_revision()
    assert gui_support.schema_is_current(db)
    db.dispose()


def test_startup_state_upgrades_an_old_database(tmp_path: Path) -> None:
    from sqlalchemy import text

    db = Database(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    upgrade(db.engine, "0001")  # a database made by the first release
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO trust (name, treat_non_returns_as_restricted, retention_years, "
                "inactivity_lock_minutes, created_at) VALUES ('Old Trust', 1, 2, 10, "
                "'2025-09-01 00:00:00')"
            )
        )
    state = gui_support.startup_state(db)
    assert state.trust == "Old Trust" and YEAR in state.years
    assert current_revision(db.engine) == head_revision()
    db.dispose()


def test_learner_detail_and_reason(sqlite_db: Database) -> None:
    lid = add_learner(sqlite_db, "OAK", NewLearner("Byrne", "Olamide", reg_group="1Oak"), "t")
    d = gui_support.learner_detail(sqlite_db, lid, YEAR)
    assert d.status is Status.NOT_RETURNED and set(d.answers.values()) == {Answer.UNANSWERED}
    set_safeguarding(sqlite_db, lid, True, "court order", "principal")
    d = gui_support.learner_detail(sqlite_db, lid, YEAR)
    assert d.status is Status.NO_IMAGES and d.safeguarding_set_by == "principal"
    assert not hasattr(d, "safeguarding_reason")
    from consent_desk.services.learners import safeguarding_reason

    assert safeguarding_reason(sqlite_db, lid, "dsl") == "court order"


def test_purpose_labels_can_be_renamed_not_blanked(sqlite_db: Database) -> None:
    labels = gui_support.set_purpose_labels(sqlite_db, {"press": "  Newspapers  "}, "coo")
    assert labels["press"] == "Newspapers"
    with pytest.raises(ServiceError):
        gui_support.set_purpose_labels(sqlite_db, {"press": " "}, "coo")
    with pytest.raises(ServiceError):
        gui_support.set_purpose_labels(sqlite_db, {"faces": "x"}, "coo")


def test_check_connection(sqlite_db: Database, tmp_path: Path) -> None:
    check = gui_support.check_connection(sqlite_db.url)
    assert check.server.startswith("SQLite") and check.trust
    new = gui_support.check_connection(f"sqlite:///{tmp_path / 'none.sqlite3'}")
    assert not new.exists and "create" in new.message
    with pytest.raises(ServiceError):
        gui_support.check_connection("mysql://x/y")


def test_find_samples_dir() -> None:
    found = gui_support.find_samples_dir()
    assert found is not None and (found / "expected.json").is_file()
