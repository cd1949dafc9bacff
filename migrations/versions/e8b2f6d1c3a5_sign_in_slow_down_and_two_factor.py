"""accounts: failed sign-ins per e-mail address (the slow-down)

Revision ID: e8b2f6d1c3a5
Revises: c9e7a1f2d3b4
Create Date: 2026-12-04 02:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "e8b2f6d1c3a5"
down_revision = "c9e7a1f2d3b4"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sign_in_failures",
        sa.Column("email_hash", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failed_at", sa.DateTime(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.CheckConstraint("failures >= 0", name=op.f("ck_sign_in_failures_failures_not_negative")),
        sa.PrimaryKeyConstraint("email_hash", name=op.f("pk_sign_in_failures")),
    )
    with op.batch_alter_table("sign_in_failures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sign_in_failures_last_failed_at"), ["last_failed_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("sign_in_failures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sign_in_failures_last_failed_at"))
    op.drop_table("sign_in_failures")
