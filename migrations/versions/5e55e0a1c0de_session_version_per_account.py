"""session version per account

users.session_version: part of every session cookie's user id and checked when the user
is loaded; raising it ends the account's sessions (logout, password change, deactivation).
Existing accounts start at 1; cookies issued before this revision carry no version and
are signed out once.

Revision ID: 5e55e0a1c0de
Revises: 7684de557f7e
Create Date: 2026-12-01 21:40:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "5e55e0a1c0de"
down_revision = "7684de557f7e"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_version", sa.Integer(), server_default="1", nullable=False)
        )
        batch_op.create_check_constraint(
            op.f("ck_users_session_version_positive"), "session_version >= 1"
        )


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_users_session_version_positive"), type_="check")
        batch_op.drop_column("session_version")
