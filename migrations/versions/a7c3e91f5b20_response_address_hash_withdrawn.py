"""responses: address hash (per-address cap, bursts); withdrawn status

responses.address_hash: the resident's address as a keyed hash (never the address), for
the cap of responses per address, survey and day and the librarian's burst notice; null
for every existing response and for paper questionnaires. status 'withdrawn': a paper
questionnaire a librarian took back (its answers are deleted, the row stays for the log).

Revision ID: a7c3e91f5b20
Revises: 5e55e0a1c0de
Create Date: 2026-12-01 21:40:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "a7c3e91f5b20"
down_revision = "5e55e0a1c0de"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("address_hash", sa.String(length=64), nullable=True))
        batch_op.create_index(
            "ix_responses_survey_address",
            ["survey_id", "address_hash", "submitted_at"],
            unique=False,
        )
        batch_op.drop_constraint(op.f("ck_responses_status_known"), type_="check")
        batch_op.create_check_constraint(
            "status_known", "status IN ('in_progress', 'complete', 'withdrawn')"
        )


def downgrade():
    # Withdrawn questionnaires have no answers left: they go with the status that named them.
    op.execute("DELETE FROM responses WHERE status = 'withdrawn'")
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_responses_status_known"), type_="check")
        batch_op.create_check_constraint("status_known", "status IN ('in_progress', 'complete')")
        batch_op.drop_index("ix_responses_survey_address")
        batch_op.drop_column("address_hash")
