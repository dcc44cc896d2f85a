"""Opening the database at start (``services.startup``: the one step that migrates) and the
services the desktop app reads its learner panel, purpose labels and database check from."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from sqlalchemy import text

from consent_desk.db.engine import Database
from consent_desk.domain.rules import Answer, Status
from consent_desk.migrations import current_revision, head_revision, upgrade
from consent_desk.services import samples, startup
from consent_desk.services.errors import ServiceError
from consent_desk.services.learners import NewLearner, add_learner, learner_detail, set_safeguarding
from consent_desk.services.trust import set_purpose_labels
from tests.gui.conftest import YEAR


def test_schema_check_agrees_with_alembic(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    upgrade(db.engine, "0001")
    assert not startup.schema_is_current(db)  # an older database is upgraded at start
    upgrade(db.engine)
    assert current_revision(db.engine) == head_revision()
    assert startup.schema_is_current(db)
    db.dispose()


def _first_release_database(path: Path) -> str:
    """A database made by the first release, holding its trust; its URL."""
    url = f"sqlite:///{path}"
    db = Database(url)
    upgrade(db.engine, "0001")
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO trust (name, treat_non_returns_as_restricted, retention_years, "
                "inactivity_lock_minutes, created_at) VALUES ('Old Trust', 1, 2, 10, "
                "'2025-09-01 00:00:00')"
            )
        )
    db.dispose()
    return url


def test_the_start_up_step_upgrades_an_old_database(tmp_path: Path) -> None:
    db, ready = startup.open_database(_first_release_database(tmp_path / "old.sqlite3"))
    try:
        assert ready and current_revision(db.engine) == head_revision()
        state = startup.startup_state(db)
        assert state.trust == "Old Trust" and YEAR in state.years
        assert not startup.login_needed(db)  # no accounts yet
    finally:
        db.dispose()
    from consent_desk.services.backup import backup_dir

    assert [p.name for p in backup_dir().iterdir() if "before-upgrade-from-0001" in p.name]


def test_reading_the_start_up_state_never_migrates(tmp_path: Path) -> None:
    db = Database(_first_release_database(tmp_path / "old.sqlite3"))
    try:
        for read in (startup.login_needed, startup.startup_state):
            with contextlib.suppress(Exception):  # an old schema may not hold what is read
                read(db)
            assert current_revision(db.engine) == "0001"
    finally:
        db.dispose()


def test_a_new_database_is_not_set_up_and_a_newer_one_is_refused(tmp_path: Path) -> None:
    db, ready = startup.open_database(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    assert not ready  # the first-run screen creates the trust
    upgrade(db.engine)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    db.dispose()
    with pytest.raises(ServiceError, match="newer Consent Desk"):
        startup.open_database(f"sqlite:///{tmp_path / 'new.sqlite3'}")


def test_learner_detail_and_reason(sqlite_db: Database) -> None:
    lid = add_learner(sqlite_db, "OAK", NewLearner("Byrne", "Olamide", reg_group="1Oak"), "t")
    d = learner_detail(sqlite_db, lid, YEAR)
    assert d.status is Status.NOT_RETURNED and set(d.answers.values()) == {Answer.UNANSWERED}
    set_safeguarding(sqlite_db, lid, True, "court order", "principal")
    d = learner_detail(sqlite_db, lid, YEAR)
    assert d.status is Status.NO_IMAGES and d.safeguarding_set_by == "principal"
    assert not hasattr(d, "safeguarding_reason")
    from consent_desk.services.learners import safeguarding_reason

    assert safeguarding_reason(sqlite_db, lid, "dsl") == "court order"


def test_purpose_labels_can_be_renamed_not_blanked(sqlite_db: Database) -> None:
    labels = set_purpose_labels(sqlite_db, {"press": "  Newspapers  "}, "coo")
    assert labels["press"] == "Newspapers"
    with pytest.raises(ServiceError):
        set_purpose_labels(sqlite_db, {"press": " "}, "coo")
    with pytest.raises(ServiceError):
        set_purpose_labels(sqlite_db, {"faces": "x"}, "coo")


def test_check_connection(sqlite_db: Database, tmp_path: Path) -> None:
    check = startup.check_connection(sqlite_db.url)
    assert check.server.startswith("SQLite") and check.trust
    new = startup.check_connection(f"sqlite:///{tmp_path / 'none.sqlite3'}")
    assert not new.exists and "create" in new.message
    with pytest.raises(ServiceError):
        startup.check_connection("mysql://x/y")


def test_find_samples_dir() -> None:
    found = samples.find_samples_dir()
    assert found is not None and (found / "expected.json").is_file()
