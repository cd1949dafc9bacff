"""catalogue themes and search index

Revision ID: f0062832675a
Revises: 6261ae7ccaba
Create Date: 2026-12-02 18:30:00

The search index's text is matched by each database's own engine: on PostgreSQL a GIN
index on to_tsvector('simple', document); on SQLite an FTS5 table over the document
(external content: it keeps only the index), kept in step by triggers. The index is
filled by the app (app/catalogue/index.py): on a database upgraded with plans already in
it, migrations/env.py fills it once the upgrade reaches the head (index.fill_if_empty).
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "f0062832675a"
down_revision = "6261ae7ccaba"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "catalogue_entry_themes",
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("theme", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('action', 'idea')", name=op.f("ck_catalogue_entry_themes_kind_known")
        ),
        sa.CheckConstraint(
            "theme IN ('local_information', 'civic_life', 'neighbourhoods', 'technology', 'culture', 'families', 'seniors', 'youth', 'education', 'public_space')",
            name=op.f("ck_catalogue_entry_themes_theme_known"),
        ),
        sa.PrimaryKeyConstraint(
            "kind", "entry_id", "theme", name=op.f("pk_catalogue_entry_themes")
        ),
    )
    op.create_table(
        "catalogue_index",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("zone_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("heading", sa.Text(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("grant", sa.BigInteger(), nullable=True),
        sa.Column("own", sa.BigInteger(), nullable=True),
        sa.Column("cost_band", sa.String(length=8), nullable=True),
        sa.Column("size_band", sa.String(length=8), nullable=True),
        sa.Column("region", sa.String(length=60), nullable=False),
        sa.Column("source_updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('action', 'idea')", name=op.f("ck_catalogue_index_kind_known")
        ),
        sa.CheckConstraint(
            "cost_band IS NULL OR cost_band IN ('small', 'medium', 'large')",
            name=op.f("ck_catalogue_index_cost_known"),
        ),
        sa.CheckConstraint(
            "size_band IS NULL OR size_band IN ('small', 'medium', 'large')",
            name=op.f("ck_catalogue_index_size_known"),
        ),
        sa.ForeignKeyConstraint(
            ["zone_id"],
            ["zones.id"],
            name=op.f("fk_catalogue_index_zone_id_zones"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_index")),
        sa.UniqueConstraint("kind", "source_id", name="uq_catalogue_index_kind_source"),
    )
    with op.batch_alter_table("catalogue_index", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_catalogue_index_zone_id"), ["zone_id"], unique=False)

    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX ix_catalogue_index_document ON catalogue_index "
            "USING gin (to_tsvector('simple'::regconfig, document))"
        )
    elif op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE catalogue_fts USING fts5("
            "document, content='catalogue_index', content_rowid='id')"
        )
        op.execute(
            "CREATE TRIGGER catalogue_index_ai AFTER INSERT ON catalogue_index BEGIN "
            "INSERT INTO catalogue_fts(rowid, document) VALUES (new.id, new.document); END"
        )
        op.execute(
            "CREATE TRIGGER catalogue_index_ad AFTER DELETE ON catalogue_index BEGIN "
            "INSERT INTO catalogue_fts(catalogue_fts, rowid, document) "
            "VALUES ('delete', old.id, old.document); END"
        )
        op.execute(
            "CREATE TRIGGER catalogue_index_au AFTER UPDATE ON catalogue_index BEGIN "
            "INSERT INTO catalogue_fts(catalogue_fts, rowid, document) "
            "VALUES ('delete', old.id, old.document); "
            "INSERT INTO catalogue_fts(rowid, document) VALUES (new.id, new.document); END"
        )


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("catalogue_index_ai", "catalogue_index_ad", "catalogue_index_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS catalogue_fts")
    elif op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_catalogue_index_document")
    with op.batch_alter_table("catalogue_index", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalogue_index_zone_id"))

    op.drop_table("catalogue_index")
    op.drop_table("catalogue_entry_themes")
