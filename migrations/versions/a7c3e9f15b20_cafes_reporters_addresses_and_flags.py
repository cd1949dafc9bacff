"""cafés: reporters' and supporters' addresses (keyed hashes), ideas' flags

reports.address_hash and supports.address_hash: the keyed hash of the address a report or
support came from (never the address itself), so that several reports from one address
count as one person's and supports from one address can be capped per idea and day.
ideas.reports_flagged_at and ideas.supports_flagged_at: the idea waits for a librarian's
look while staying shown. Existing rows get NULL: nothing is known of their addresses.

Device hashes become keyed per purpose (app.surveys.services.device_hash): existing rows
keep their old plain hashes, which no new hash will match; a device that answered or
supported before simply counts as a new one once.

Revision ID: a7c3e9f15b20
Revises: a7c3e91f5b20
Create Date: 2026-12-01 21:40:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "a7c3e9f15b20"
down_revision = "a7c3e91f5b20"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("address_hash", sa.String(length=64), nullable=True))
    with op.batch_alter_table("supports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("address_hash", sa.String(length=64), nullable=True))
        batch_op.create_index(
            "ix_supports_idea_address_created",
            ["idea_id", "address_hash", "created_at"],
            unique=False,
        )
    with op.batch_alter_table("ideas", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reports_flagged_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("supports_flagged_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("ideas", schema=None) as batch_op:
        batch_op.drop_column("supports_flagged_at")
        batch_op.drop_column("reports_flagged_at")
    with op.batch_alter_table("supports", schema=None) as batch_op:
        batch_op.drop_index("ix_supports_idea_address_created")
        batch_op.drop_column("address_hash")
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_column("address_hash")
