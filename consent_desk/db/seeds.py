"""Rows a database starts with, written by the migrations from the declarations in ``domain/``.

The trust's purposes live in the ``purpose`` table: every screen, import and document reads them
from there. ``domain.purposes.DEFAULT_PURPOSES`` is only what that table is seeded with. To give
every trust a new purpose, add it to ``DEFAULT_PURPOSES`` and write one migration whose upgrade
calls ``seed_purposes(op.get_bind())``: a new database gets it from the first migration, an
existing one from the new migration.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from consent_desk.domain import purposes as declared

_PURPOSE = sa.table(
    "purpose",
    sa.column("key", sa.String),
    sa.column("label", sa.String),
    sa.column("description", sa.String),
    sa.column("position", sa.Integer),
    sa.column("active", sa.Boolean),
)


def seed_purposes(
    conn: Connection, purposes: Sequence[declared.PurposeInfo] | None = None
) -> list[str]:
    """Add each declared purpose the table lacks (by key), after the trust's own, in declared
    order; a purpose the table has is left as the trust made it (its label, its place, switched
    off). ``purposes`` defaults to ``DEFAULT_PURPOSES`` as it is now. Returns the keys added."""
    wanted = declared.DEFAULT_PURPOSES if purposes is None else purposes
    have = set(conn.execute(sa.select(_PURPOSE.c.key)).scalars())
    last = conn.execute(sa.select(sa.func.max(_PURPOSE.c.position))).scalar() or 0
    rows: list[dict[str, object]] = []
    added: list[str] = []
    for p in wanted:
        if p.key in have:
            continue
        last += 1
        rows.append(
            {
                "key": p.key,
                "label": p.label,
                "description": p.description,
                "position": last,
                "active": True,
            }
        )
        have.add(p.key)
        added.append(p.key)
    if rows:
        conn.execute(sa.insert(_PURPOSE), rows)
    return added
