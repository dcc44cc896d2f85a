"""publications: checks, the register of published items, take-downs, list acknowledgements

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "publication_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("academy_id", sa.Integer(), nullable=False),
        sa.Column("year_label", sa.String(length=7), nullable=False),
        sa.Column("purpose", sa.String(length=40), nullable=False),
        sa.Column("checked_at", sa.DateTime(), nullable=False),
        sa.Column("checked_by", sa.String(length=100), nullable=False),
        sa.Column("learners", sa.Integer(), nullable=False),
        sa.Column("not_ok", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["academy_id"], ["academy.id"], name=op.f("fk_publication_check_academy_id_academy")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publication_check")),
    )
    with op.batch_alter_table("publication_check", schema=None) as batch_op:
        batch_op.create_index(
            "ix_publication_check_academy_year", ["academy_id", "year_label"], unique=False
        )
    op.create_table(
        "publication",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("academy_id", sa.Integer(), nullable=False),
        sa.Column("year_label", sa.String(length=7), nullable=False),
        sa.Column("purpose", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=500), nullable=True),
        sa.Column("checked_by", sa.String(length=100), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["academy_id"], ["academy.id"], name=op.f("fk_publication_academy_id_academy")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publication")),
    )
    with op.batch_alter_table("publication", schema=None) as batch_op:
        batch_op.create_index(
            "ix_publication_academy_year", ["academy_id", "year_label"], unique=False
        )
    op.create_table(
        "publication_learner",
        sa.Column("publication_id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("verdict", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["publication_id"],
            ["publication.id"],
            name=op.f("fk_publication_learner_publication_id_publication"),
        ),
        sa.PrimaryKeyConstraint(
            "publication_id", "learner_id", name=op.f("pk_publication_learner")
        ),
    )
    op.create_table(
        "takedown",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("publication_id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("change", sa.Text(), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=False),
        sa.Column("done_by", sa.String(length=100), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["publication_id"],
            ["publication.id"],
            name=op.f("fk_takedown_publication_id_publication"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_takedown")),
        sa.UniqueConstraint("publication_id", "learner_id", name="uq_takedown_publication_learner"),
    )
    op.create_table(
        "list_acknowledgement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("academy_id", sa.Integer(), nullable=False),
        sa.Column("year_label", sa.String(length=7), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("entries", sa.JSON(), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["academy_id"],
            ["academy.id"],
            name=op.f("fk_list_acknowledgement_academy_id_academy"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_list_acknowledgement")),
    )
    with op.batch_alter_table("list_acknowledgement", schema=None) as batch_op:
        batch_op.create_index(
            "ix_list_ack_academy_year", ["academy_id", "year_label"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("list_acknowledgement", schema=None) as batch_op:
        batch_op.drop_index("ix_list_ack_academy_year")
    op.drop_table("list_acknowledgement")
    op.drop_table("takedown")
    op.drop_table("publication_learner")
    with op.batch_alter_table("publication", schema=None) as batch_op:
        batch_op.drop_index("ix_publication_academy_year")
    op.drop_table("publication")
    with op.batch_alter_table("publication_check", schema=None) as batch_op:
        batch_op.drop_index("ix_publication_check_academy_year")
    op.drop_table("publication_check")
