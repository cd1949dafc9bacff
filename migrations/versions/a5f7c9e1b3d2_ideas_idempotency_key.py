"""ideas: the resident form's idempotency key (a retry stores the idea once)

Revision ID: a5f7c9e1b3d2
Revises: d7a1e5c0b2f4
Create Date: 2026-12-04 02:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "a5f7c9e1b3d2"
down_revision = "d7a1e5c0b2f4"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("ideas", schema=None) as batch_op:
        batch_op.add_column(sa.Column("idempotency_key", sa.String(length=36), nullable=True))
        batch_op.create_unique_constraint("uq_ideas_idempotency", ["board_id", "idempotency_key"])


def downgrade():
    with op.batch_alter_table("ideas", schema=None) as batch_op:
        batch_op.drop_constraint("uq_ideas_idempotency", type_="unique")
        batch_op.drop_column("idempotency_key")
