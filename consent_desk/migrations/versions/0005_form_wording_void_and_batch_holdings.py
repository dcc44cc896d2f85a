"""form question wording (objection or consent); voided returns; returns and review rows that
several imports hold

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("purpose", schema=None) as batch_op:
        batch_op.add_column(sa.Column("form_wording", sa.String(length=20), nullable=True))
    with op.batch_alter_table("consent_return", schema=None) as batch_op:
        batch_op.add_column(sa.Column("voided_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("voided_by", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("void_reason", sa.Text(), nullable=True))
    op.create_table(
        "batch_return",
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("return_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["import_batch.id"], name=op.f("fk_batch_return_batch_id_import_batch")
        ),
        sa.ForeignKeyConstraint(
            ["return_id"],
            ["consent_return.id"],
            name=op.f("fk_batch_return_return_id_consent_return"),
        ),
        sa.PrimaryKeyConstraint("batch_id", "return_id", name=op.f("pk_batch_return")),
    )
    with op.batch_alter_table("batch_return", schema=None) as batch_op:
        batch_op.create_index("ix_batch_return_return", ["return_id"], unique=False)
    op.create_table(
        "batch_review",
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("review_item_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["import_batch.id"], name=op.f("fk_batch_review_batch_id_import_batch")
        ),
        sa.ForeignKeyConstraint(
            ["review_item_id"],
            ["review_item.id"],
            name=op.f("fk_batch_review_review_item_id_review_item"),
        ),
        sa.PrimaryKeyConstraint("batch_id", "review_item_id", name=op.f("pk_batch_review")),
    )


def downgrade() -> None:
    op.drop_table("batch_review")
    with op.batch_alter_table("batch_return", schema=None) as batch_op:
        batch_op.drop_index("ix_batch_return_return")
    op.drop_table("batch_return")
    with op.batch_alter_table("consent_return", schema=None) as batch_op:
        batch_op.drop_column("void_reason")
        batch_op.drop_column("voided_by")
        batch_op.drop_column("voided_at")
    with op.batch_alter_table("purpose", schema=None) as batch_op:
        batch_op.drop_column("form_wording")
