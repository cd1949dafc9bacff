"""users: when an account's personal data was erased (RODO/GDPR)

Revision ID: f9c3a7e2d4b6
Revises: e8b2f6d1c3a5
Create Date: 2026-12-04 02:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "f9c3a7e2d4b6"
down_revision = "e8b2f6d1c3a5"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("erased_at", sa.DateTime(), nullable=True))


def downgrade():
    # Erased accounts stay anonymised (their placeholder e-mail, no password): only the
    # moment of the erasure is forgotten.
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("erased_at")
