"""The catalogue's own tables: the programme-wide themes given to entries, and the search
index (one row per public entry, its words folded for the database's full-text engine).

An entry is an action of a published plan ("action", the action's id) or a resident's idea
chosen for a plan or implemented ("idea", the idea's id) that no listed action carries.
Zones' own idea tags (app.cafes.models.Theme) differ from zone to zone, so the catalogue
has its own small vocabulary, `ProgrammeTheme`, the same for every zone.

On SQLite the migration also makes `catalogue_fts`, an FTS5 table over
`catalogue_index.document` kept in step by triggers; on PostgreSQL a GIN index on
`to_tsvector('simple', document)` does that job. See app/catalogue/search.py.
"""

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.time import utcnow
from app.extensions import db
from app.zones.models import Zone


def _in(column: str, enum_class: type[enum.Enum]) -> str:
    values = ", ".join(f"'{member.value}'" for member in enum_class)
    return f"{column} IN ({values})"


class EntryKind(enum.StrEnum):
    """What a catalogue entry is, and what its copy in another zone is."""

    ACTION = "action"
    IDEA = "idea"

    @property
    def label(self) -> str:
        return {
            EntryKind.ACTION: _l("a draft action in the plan"),
            EntryKind.IDEA: _l("a seed idea on a board"),
        }[self]

    @property
    def copy_label(self) -> str:
        """How a zone's copy lives on, as lists say it."""
        return {
            EntryKind.ACTION: _l("as an action of the plan"),
            EntryKind.IDEA: _l("as an idea on a board"),
        }[self]


class ProgrammeTheme(enum.StrEnum):
    """The programme's themes: the same words in every zone, so that a search can cross
    zones."""

    LOCAL_INFORMATION = "local_information"
    CIVIC_LIFE = "civic_life"
    NEIGHBOURHOODS = "neighbourhoods"
    TECHNOLOGY = "technology"
    CULTURE = "culture"
    FAMILIES = "families"
    SENIORS = "seniors"
    YOUTH = "youth"
    EDUCATION = "education"
    PUBLIC_SPACE = "public_space"

    @property
    def label(self) -> str:
        return {
            ProgrammeTheme.LOCAL_INFORMATION: _l("local information and media"),
            ProgrammeTheme.CIVIC_LIFE: _l("NGOs and civic life"),
            ProgrammeTheme.NEIGHBOURHOODS: _l("neighbourhoods and integration"),
            ProgrammeTheme.TECHNOLOGY: _l("technology and careers"),
            ProgrammeTheme.CULTURE: _l("local culture and heritage"),
            ProgrammeTheme.FAMILIES: _l("families and children"),
            ProgrammeTheme.SENIORS: _l("seniors"),
            ProgrammeTheme.YOUTH: _l("youth"),
            ProgrammeTheme.EDUCATION: _l("education and skills"),
            ProgrammeTheme.PUBLIC_SPACE: _l("public space"),
        }[self]


class CostBand(enum.StrEnum):
    """The entry's planned grant and own money together (grosze bounds, inclusive)."""

    SMALL = "small"  # up to 2,000 zł
    MEDIUM = "medium"  # over 2,000 zł, up to 5,000 zł
    LARGE = "large"  # over 5,000 zł

    @property
    def label(self) -> str:
        return {
            CostBand.SMALL: _l("up to 2,000 PLN"),
            CostBand.MEDIUM: _l("2,000–5,000 PLN"),
            CostBand.LARGE: _l("over 5,000 PLN"),
        }[self]


class SizeBand(enum.StrEnum):
    """The zone's town by its number of residents."""

    SMALL = "small"  # under 20,000
    MEDIUM = "medium"  # 20,000 to 50,000
    LARGE = "large"  # over 50,000

    @property
    def label(self) -> str:
        return {
            SizeBand.SMALL: _l("under 20,000 residents"),
            SizeBand.MEDIUM: _l("20,000–50,000 residents"),
            SizeBand.LARGE: _l("over 50,000 residents"),
        }[self]


class EntryTheme(db.Model):
    """A programme theme given to an entry (by its zone's librarians or the coordinator)."""

    __tablename__ = "catalogue_entry_themes"
    __table_args__ = (
        CheckConstraint(_in("kind", EntryKind), name="kind_known"),
        CheckConstraint(_in("theme", ProgrammeTheme), name="theme_known"),
    )

    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    entry_id: Mapped[int] = mapped_column(primary_key=True)
    theme: Mapped[str] = mapped_column(String(20), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def programme_theme(self) -> ProgrammeTheme:
        return ProgrammeTheme(self.theme)


class SearchRow(db.Model):
    """One public entry as the search reads it: its folded words (`document`) and the
    columns the filters compare, copied from the plan, the idea and the zone whenever they
    change (app/catalogue/index.py)."""

    __tablename__ = "catalogue_index"
    __table_args__ = (
        UniqueConstraint("kind", "source_id", name="uq_catalogue_index_kind_source"),
        CheckConstraint(_in("kind", EntryKind), name="kind_known"),
        CheckConstraint(f"cost_band IS NULL OR {_in('cost_band', CostBand)}", name="cost_known"),
        CheckConstraint(f"size_band IS NULL OR {_in('size_band', SizeBand)}", name="size_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    source_id: Mapped[int]
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    # The title folded like the document: a match in it ranks first (search.match).
    heading: Mapped[str] = mapped_column(Text, default="")
    # Title, description, the ideas and findings behind it, the zone's town and library:
    # lower case, Polish letters folded to ASCII (search.fold).
    document: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12))
    grant: Mapped[int | None] = mapped_column(BigInteger)  # grosze, planned
    own: Mapped[int | None] = mapped_column(BigInteger)  # grosze, planned
    cost_band: Mapped[str | None] = mapped_column(String(8))
    size_band: Mapped[str | None] = mapped_column(String(8))
    region: Mapped[str] = mapped_column(String(60), default="")
    # The source's last change: results of equal rank show the newest first.
    source_updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    zone: Mapped[Zone] = relationship()
    themes: Mapped[list[EntryTheme]] = relationship(
        primaryjoin="and_(SearchRow.kind == foreign(EntryTheme.kind), "
        "SearchRow.source_id == foreign(EntryTheme.entry_id))",
        order_by=EntryTheme.theme,
        viewonly=True,
    )

    @property
    def cost(self) -> int | None:
        if self.grant is None and self.own is None:
            return None
        return (self.grant or 0) + (self.own or 0)
