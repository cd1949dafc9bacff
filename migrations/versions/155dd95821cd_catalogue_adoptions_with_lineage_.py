"""catalogue adoptions with lineage, partner libraries' uptake

Revision ID: 155dd95821cd
Revises: f0062832675a
Create Date: 2026-12-02 18:17:20.987119

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "155dd95821cd"
down_revision = "f0062832675a"
branch_labels = None
depends_on = None


OLD_KINDS = "kind IN ('ngo', 'school', 'council', 'business', 'other')"
NEW_KINDS = "kind IN ('ngo', 'school', 'council', 'business', 'library', 'other')"


def _origin_columns():
    return [
        sa.Column("origin_kind", sa.String(length=8), nullable=False),
        sa.Column("origin_action_id", sa.Integer(), nullable=True),
        sa.Column("origin_idea_id", sa.Integer(), nullable=True),
        sa.Column("origin_title", sa.String(length=200), nullable=False),
        sa.Column("origin_town", sa.String(length=100), nullable=False),
        sa.Column("origin_library", sa.String(length=200), nullable=False),
    ]


def _origin_constraints(table):
    return [
        sa.CheckConstraint(
            "origin_kind IN ('action', 'idea')", name=op.f(f"ck_{table}_origin_kind_known")
        ),
        sa.CheckConstraint(
            "origin_action_id IS NULL OR origin_kind = 'action'",
            name=op.f(f"ck_{table}_origin_action_kind"),
        ),
        sa.CheckConstraint(
            "origin_idea_id IS NULL OR origin_kind = 'idea'",
            name=op.f(f"ck_{table}_origin_idea_kind"),
        ),
        sa.CheckConstraint("length(note) > 0", name=op.f(f"ck_{table}_note_not_empty")),
        sa.ForeignKeyConstraint(
            ["origin_action_id"],
            ["plan_actions.id"],
            name=op.f(f"fk_{table}_origin_action_id_plan_actions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["origin_idea_id"],
            ["ideas.id"],
            name=op.f(f"fk_{table}_origin_idea_id_ideas"),
            ondelete="SET NULL",
        ),
    ]


def upgrade():
    # A partner can be a library now (a gminna library of the county).
    with op.batch_alter_table("plan_partners", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_plan_partners_kind_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_plan_partners_kind_known"), NEW_KINDS)

    op.create_table(
        "catalogue_adoptions",
        sa.Column("id", sa.Integer(), nullable=False),
        *_origin_columns(),
        sa.Column("zone_id", sa.Integer(), nullable=False),
        sa.Column("copy_kind", sa.String(length=8), nullable=False),
        sa.Column("copy_idea_id", sa.Integer(), nullable=True),
        sa.Column("copy_action_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=1000), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        *_origin_constraints("catalogue_adoptions"),
        sa.CheckConstraint(
            "copy_kind IN ('action', 'idea')", name=op.f("ck_catalogue_adoptions_copy_kind_known")
        ),
        sa.CheckConstraint(
            "(copy_kind = 'idea' AND copy_idea_id IS NOT NULL AND copy_action_id IS NULL) OR (copy_kind = 'action' AND copy_action_id IS NOT NULL AND copy_idea_id IS NULL)",
            name=op.f("ck_catalogue_adoptions_one_copy"),
        ),
        sa.ForeignKeyConstraint(
            ["zone_id"],
            ["zones.id"],
            name=op.f("fk_catalogue_adoptions_zone_id_zones"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["copy_idea_id"],
            ["ideas.id"],
            name=op.f("fk_catalogue_adoptions_copy_idea_id_ideas"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["copy_action_id"],
            ["plan_actions.id"],
            name=op.f("fk_catalogue_adoptions_copy_action_id_plan_actions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_catalogue_adoptions_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_adoptions")),
        sa.UniqueConstraint("copy_idea_id", name=op.f("uq_catalogue_adoptions_copy_idea_id")),
        sa.UniqueConstraint("copy_action_id", name=op.f("uq_catalogue_adoptions_copy_action_id")),
        sa.UniqueConstraint(
            "zone_id", "origin_action_id", "copy_kind", name="uq_catalogue_adoptions_action_once"
        ),
        sa.UniqueConstraint(
            "zone_id", "origin_idea_id", "copy_kind", name="uq_catalogue_adoptions_idea_once"
        ),
    )
    with op.batch_alter_table("catalogue_adoptions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_catalogue_adoptions_origin_action_id"),
            ["origin_action_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_catalogue_adoptions_origin_idea_id"), ["origin_idea_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_catalogue_adoptions_zone_id"), ["zone_id"], unique=False
        )

    op.create_table(
        "catalogue_partner_uptakes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("zone_id", sa.Integer(), nullable=False),
        *_origin_columns(),
        sa.Column("note", sa.String(length=1000), nullable=False),
        sa.Column("taken_up_on", sa.Date(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        *_origin_constraints("catalogue_partner_uptakes"),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["plan_partners.id"],
            name=op.f("fk_catalogue_partner_uptakes_partner_id_plan_partners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["zone_id"],
            ["zones.id"],
            name=op.f("fk_catalogue_partner_uptakes_zone_id_zones"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_catalogue_partner_uptakes_recorded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_partner_uptakes")),
        sa.UniqueConstraint(
            "partner_id", "origin_action_id", name="uq_catalogue_partner_uptakes_action_once"
        ),
        sa.UniqueConstraint(
            "partner_id", "origin_idea_id", name="uq_catalogue_partner_uptakes_idea_once"
        ),
    )
    with op.batch_alter_table("catalogue_partner_uptakes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_catalogue_partner_uptakes_origin_action_id"),
            ["origin_action_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_catalogue_partner_uptakes_origin_idea_id"),
            ["origin_idea_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_catalogue_partner_uptakes_partner_id"), ["partner_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_catalogue_partner_uptakes_zone_id"), ["zone_id"], unique=False
        )


def downgrade():
    op.drop_table("catalogue_partner_uptakes")
    op.drop_table("catalogue_adoptions")
    # Libraries become "other" partners again: the old rule does not know them.
    op.execute("UPDATE plan_partners SET kind = 'other' WHERE kind = 'library'")
    with op.batch_alter_table("plan_partners", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_plan_partners_kind_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_plan_partners_kind_known"), OLD_KINDS)
