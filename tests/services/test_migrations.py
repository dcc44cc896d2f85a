"""The schema is made only by migrations, and the migrations match the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select

from consent_desk.db.engine import Database
from consent_desk.db.models import Base, Purpose
from consent_desk.domain.purposes import PURPOSE_KEYS
from consent_desk.migrations import current_revision, head_revision, upgrade


def test_migrations_build_exactly_the_models(db: Database) -> None:
    upgrade(db.engine)
    assert current_revision(db.engine) == head_revision()
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_migrations_seed_the_default_purposes_once(db: Database) -> None:
    upgrade(db.engine)
    upgrade(db.engine)  # running again changes nothing
    with db.session() as s:
        keys = list(s.scalars(select(Purpose.key).order_by(Purpose.position)))
    assert tuple(keys) == PURPOSE_KEYS


def test_sqlite_pragmas(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = Database(f"sqlite:///{tmp_path / 'p.db'}")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    upgrade(db.engine)
    assert "consent_return" in inspect(db.engine).get_table_names()
    db.dispose()


def test_revision_ids_are_the_file_prefixes() -> None:
    """schema_state's fast path relies on this."""
    from consent_desk.migrations import HERE

    for path in (HERE / "versions").glob("*.py"):
        text = path.read_text()
        assert f'revision = "{path.name.split("_", 1)[0]}"' in text or (
            f"revision = '{path.name.split('_', 1)[0]}'" in text
        ), path.name


def test_upgrading_a_stored_first_version_database_keeps_its_data(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    from consent_desk.migrations import schema_state
    from consent_desk.services.consent import learner_statuses
    from tests.conftest import FIXTURES

    path = tmp_path / "old.sqlite3"
    stored = sqlite3.connect(path)  # the stored database is kept as its SQL dump
    stored.executescript((FIXTURES / "consent-desk-0001.sql").read_text("utf-8"))
    stored.close()
    db = Database(f"sqlite:///{path}")
    assert schema_state(db.engine) == "behind"
    upgrade(db.engine)
    assert schema_state(db.engine) == "current"
    rows = learner_statuses(db, "OAK", "2025/26")
    assert [(r.upn, r.status.value, r.refused) for r in rows] == [
        ("E873210425386", "restricted", ("social_media",))
    ]
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT backups_to_keep FROM trust").scalar() == 14
    db.dispose()
