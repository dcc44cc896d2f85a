"""Alembic migrations: the only way the schema is created or changed."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, inspect

HERE = Path(__file__).resolve().parent


def _config(engine: Engine):  # type: ignore[no-untyped-def]
    cfg = _script_config()
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Create or migrate the schema to ``revision``."""
    from alembic import command

    command.upgrade(_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    from sqlalchemy import text

    if not inspect(engine).has_table("alembic_version"):
        return None
    with engine.connect() as conn:
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_script_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    """Every schema revision this version of Consent Desk knows (and can upgrade from)."""
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory.from_config(_script_config()).walk_revisions()}


def is_initialised(engine: Engine) -> bool:
    return inspect(engine).has_table("trust")


def schema_state(engine: Engine) -> str:
    """``current``, ``behind`` (needs upgrading), ``ahead`` (made by a newer version) or
    ``empty`` (no schema yet)."""
    current = current_revision(engine)
    if current is None:
        return "empty"
    # Fast path, without loading alembic's script directory: revision ids are the files'
    # number prefixes (a test holds every migration to that).
    head = max(p.name.split("_", 1)[0] for p in (HERE / "versions").glob("[0-9]*_*.py"))
    if current == head:
        return "current"
    from alembic.script import ScriptDirectory

    cfg = _script_config()
    known = {rev.revision for rev in ScriptDirectory.from_config(cfg).walk_revisions()}
    return "behind" if current in known else "ahead"


def _script_config():  # type: ignore[no-untyped-def]
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    return cfg
