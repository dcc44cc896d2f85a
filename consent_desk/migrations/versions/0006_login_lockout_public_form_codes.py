"""app_user: failed-login counter and lockout; trust: no form-code secret, single-user choice

Failed logins are counted per account (each makes the next attempt wait longer; enough lock
the account until the COO unlocks it). Form codes no longer use a secret (see the README,
"Consent form codes"), so the secret leaves the database and every backup made from now on.
``single_user_desk`` records the COO's knowing choice of a desk without accounts.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("last_failed_login_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("locked_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("trust", schema=None) as batch_op:
        batch_op.drop_column("form_secret")
        batch_op.add_column(
            sa.Column("single_user_desk", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("trust", schema=None) as batch_op:
        batch_op.drop_column("single_user_desk")
        batch_op.add_column(sa.Column("form_secret", sa.String(length=64), nullable=True))
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.drop_column("locked_at")
        batch_op.drop_column("last_failed_login_at")
        batch_op.drop_column("failed_logins")
