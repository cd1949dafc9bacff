"""zones: privacy notice (controller, address, data protection officer, text)

Revision ID: b4d1e2a9c7f3
Revises: 155dd95821cd
Create Date: 2026-12-03 17:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "b4d1e2a9c7f3"
down_revision = "155dd95821cd"
branch_labels = None
depends_on = None

COLUMNS = ("privacy_controller", "privacy_address", "privacy_dpo")


def upgrade():
    with op.batch_alter_table("zones", schema=None) as batch_op:
        for name in COLUMNS:
            batch_op.add_column(
                sa.Column(name, sa.String(length=300), server_default="", nullable=False)
            )
        batch_op.add_column(sa.Column("privacy_notice", sa.Text(), server_default="", nullable=False))


def downgrade():
    with op.batch_alter_table("zones", schema=None) as batch_op:
        batch_op.drop_column("privacy_notice")
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
