"""audit_entry: the learner an entry is about, named as when it was written, and its academy;
an index to read the trail newest first a page at a time

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("learner_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("learner_name", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("learner_group", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("academy_id", sa.Integer(), nullable=True))
        batch_op.create_index("ix_audit_entry_learner_id", ["learner_id"], unique=False)
        batch_op.create_index("ix_audit_at", ["at", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_at")
        batch_op.drop_index("ix_audit_entry_learner_id")
        batch_op.drop_column("academy_id")
        batch_op.drop_column("learner_group")
        batch_op.drop_column("learner_name")
        batch_op.drop_column("learner_id")
