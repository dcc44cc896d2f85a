"""Shared fixtures: a database on SQLite and on a real throwaway PostgreSQL server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from consent_desk.db.engine import Database
from tests.postgres import PostgresServer, PostgresUnavailable

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
SAMPLES = Path(__file__).resolve().parent.parent / "resources" / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TRUST = "Learning without Limits Academy Trust"


@pytest.fixture(autouse=True)
def _private_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test touches the real user's data directory or database setting."""
    monkeypatch.setenv("CONSENT_DESK_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    monkeypatch.delenv("CONSENT_DESK_DATABASE", raising=False)
    monkeypatch.setenv("CONSENT_DESK_USER", "test.office")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    try:
        server = PostgresServer()
        server.start()
    except (PostgresUnavailable, OSError) as exc:
        if IN_CI:
            pytest.fail(f"PostgreSQL is required under CI=true: {exc}")
        pytest.skip(f"no PostgreSQL server available here: {exc}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'consent-desk.sqlite3'}"
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.new_database()


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture
def trust_db(db: Database) -> Database:
    """A database with the trust created and academies OAK and HGH."""
    from consent_desk.services.trust import add_academy, init_trust

    init_trust(db, TRUST)
    add_academy(db, "OAK", "Oakfield Primary Academy", phase="primary")
    add_academy(db, "HGH", "Hillgate High Academy", phase="secondary")
    return db
