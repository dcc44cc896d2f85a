"""import_batch.undo, so a learner-list import can be undone; learner names up to 200 characters

import_batch.undo: the learners an import added, the names and groups it changed (as they
were), the leavers it brought back and the learners it marked as left. Learner names: some
families' full names pass 100 characters, and PostgreSQL refused them (SQLite kept them).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


NAMES = ("legal_surname", "legal_forename", "preferred_surname", "preferred_forename")


def upgrade() -> None:
    with op.batch_alter_table("import_batch", schema=None) as batch_op:
        batch_op.add_column(sa.Column("undo", sa.JSON(), nullable=True))
    _resize_names(100, 200)


def downgrade() -> None:
    _resize_names(200, 100)
    with op.batch_alter_table("import_batch", schema=None) as batch_op:
        batch_op.drop_column("undo")


def _resize_names(old: int, new: int) -> None:
    # SQLite does not hold text to a length (and rebuilding the learner table would break the
    # foreign keys that point at it): only PostgreSQL's columns change.
    if op.get_bind().dialect.name == "sqlite":
        return
    for name in NAMES:
        op.alter_column(
            "learner", name, existing_type=sa.String(length=old), type_=sa.String(length=new)
        )
