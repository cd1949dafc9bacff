"""ideas: withdrawn by their author (a status)

Revision ID: c9e7a1f2d3b4
Revises: b4d1e2a9c7f3
Create Date: 2026-12-03 17:45:00

"""

from alembic import op

revision = "c9e7a1f2d3b4"
down_revision = "b4d1e2a9c7f3"
branch_labels = None
depends_on = None

OLD = (
    "status IN ('pending', 'published', 'shortlisted', 'chosen', 'implemented', "
    "'rejected', 'merged')"
)
NEW = (
    "status IN ('pending', 'published', 'shortlisted', 'chosen', 'implemented', "
    "'rejected', 'merged', 'withdrawn')"
)


def upgrade():
    with op.batch_alter_table("ideas", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_ideas_status_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_ideas_status_known"), NEW)


def downgrade():
    # The old rule does not know withdrawn ideas: they read as rejected, with no reason.
    op.execute("UPDATE ideas SET status = 'rejected' WHERE status = 'withdrawn'")
    with op.batch_alter_table("ideas", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_ideas_status_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_ideas_status_known"), OLD)
