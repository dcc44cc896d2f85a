"""consent_return: drop ix_return_learner_year, whose columns lead uq_return_fingerprint

One index fewer to maintain on every imported return; lookups by learner and year use the
unique constraint's index.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("consent_return", schema=None) as batch_op:
        batch_op.drop_index("ix_return_learner_year")


def downgrade() -> None:
    with op.batch_alter_table("consent_return", schema=None) as batch_op:
        batch_op.create_index("ix_return_learner_year", ["learner_id", "year_label"], unique=False)
