"""consent forms: editable question per purpose, trust secret for form codes; sheet prints

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("purpose", schema=None) as batch_op:
        batch_op.add_column(sa.Column("form_question", sa.Text(), nullable=True))
    with op.batch_alter_table("trust", schema=None) as batch_op:
        batch_op.add_column(sa.Column("form_secret", sa.String(length=64), nullable=True))
    op.create_table(
        "sheet_print",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("academy_id", sa.Integer(), nullable=False),
        sa.Column("year_label", sa.String(length=7), nullable=False),
        sa.Column("scope_kind", sa.String(length=20), nullable=False),
        sa.Column("scope_value", sa.String(length=200), nullable=False),
        sa.Column("learner_ids", sa.JSON(), nullable=True),
        sa.Column("restricted_only", sa.Boolean(), nullable=False),
        sa.Column("printed_at", sa.DateTime(), nullable=False),
        sa.Column("printed_by", sa.String(length=100), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("entries", sa.JSON(), nullable=False),
        sa.Column("file_name", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["academy_id"], ["academy.id"], name=op.f("fk_sheet_print_academy_id_academy")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sheet_print")),
    )
    with op.batch_alter_table("sheet_print", schema=None) as batch_op:
        batch_op.create_index(
            "ix_sheet_print_academy_year", ["academy_id", "year_label"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("sheet_print", schema=None) as batch_op:
        batch_op.drop_index("ix_sheet_print_academy_year")
    op.drop_table("sheet_print")
    with op.batch_alter_table("trust", schema=None) as batch_op:
        batch_op.drop_column("form_secret")
    with op.batch_alter_table("purpose", schema=None) as batch_op:
        batch_op.drop_column("form_question")
