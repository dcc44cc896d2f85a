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
