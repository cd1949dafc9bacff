"""Creative Cafés (Kreatywne Kawiarenki): evenings of table conversations, their boards (one
per table question) and residents' ideas, with supports, reports and themes.

An idea's life: pending → published → shortlisted → chosen (into the plan) → implemented,
or rejected (with a reason the author sees), or merged into another idea (it then points
to it and its supports count there, once per device). Its author may withdraw it at any
step (but merged) through the private link: it then leaves the boards and the catalogue.
Moderation never deletes: every act is an audit entry (app/audit), and hidden, rejected or
withdrawn ideas stay in the database.
"""

import enum
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.time import utcnow
from app.extensions import db
from app.zones.models import Zone

TITLE_MAX = 120
DESCRIPTION_MAX = 2000
NICKNAME_MAX = 40
QUESTION_MAX = 300
REASON_MAX = 500


class IdeaStatus(enum.StrEnum):
    PENDING = "pending"
    PUBLISHED = "published"
    SHORTLISTED = "shortlisted"
    CHOSEN = "chosen"
    IMPLEMENTED = "implemented"
    REJECTED = "rejected"
    MERGED = "merged"
    WITHDRAWN = "withdrawn"  # by its author, through the private link: it leaves every list

    @property
    def label(self) -> str:
        """The status in the library's words (moderation pages, history, messages)."""
        return {
            IdeaStatus.PENDING: _("waiting for moderation"),
            IdeaStatus.PUBLISHED: _("published"),
            IdeaStatus.SHORTLISTED: _("shortlisted"),
            IdeaStatus.CHOSEN: _("chosen for the plan"),
            IdeaStatus.IMPLEMENTED: _("implemented"),
            IdeaStatus.REJECTED: _("rejected"),
            IdeaStatus.MERGED: _("merged"),
            IdeaStatus.WITHDRAWN: _("withdrawn by its author"),
        }[self]

    @property
    def resident_label(self) -> str:
        """The status as residents read it on a board or their private link: what became of
        their idea, without the library's terms ("moderation", "rejected")."""
        return {
            IdeaStatus.PENDING: _("waiting for the library to publish it"),
            IdeaStatus.PUBLISHED: _("published on the board"),
            IdeaStatus.SHORTLISTED: _("shortlisted"),
            IdeaStatus.CHOSEN: _("chosen for the zone's plan"),
            IdeaStatus.IMPLEMENTED: _("implemented"),
            IdeaStatus.REJECTED: _("not published"),
            IdeaStatus.MERGED: _("merged with a similar idea"),
            IdeaStatus.WITHDRAWN: _("withdrawn by you"),
        }[self]


# Statuses residents (and the API) may see: published and every later step.
VISIBLE_STATUSES = (
    IdeaStatus.PUBLISHED, IdeaStatus.SHORTLISTED, IdeaStatus.CHOSEN, IdeaStatus.IMPLEMENTED,
)  # fmt: skip


class IdeaChannel(enum.StrEnum):
    """How an idea reached the board."""

    LINK = "link"  # a resident's phone or computer
    QR = "qr"  # the café poster's QR code
    KIOSK = "kiosk"  # the library's tablet in kiosk mode
    PAPER = "paper"  # a card from the evening, typed in by a librarian

    @property
    def label(self) -> str:
        """How the idea reached its board, in words."""
        return {
            IdeaChannel.LINK: _("posted from a phone or computer"),
            IdeaChannel.QR: _("posted from the poster's QR code"),
            IdeaChannel.KIOSK: _("posted on the library's tablet"),
            IdeaChannel.PAPER: _("paper card from the café"),
        }[self]


class ReportReason(enum.StrEnum):
    ABUSE = "abuse"
    PERSONAL_DATA = "personal_data"
    OFF_TOPIC = "off_topic"

    @property
    def label(self) -> str:
        """The reason as the report form offers it to residents."""
        return {
            ReportReason.ABUSE: _("It is offensive or abusive"),
            ReportReason.PERSONAL_DATA: _("It gives someone's personal data"),
            ReportReason.OFF_TOPIC: _("It is not about this question or the zone"),
        }[self]


class Cafe(db.Model):
    __tablename__ = "cafes"
    __table_args__ = (
        UniqueConstraint("zone_id", "slug", name="uq_cafes_zone_slug"),
        CheckConstraint("ends_at IS NULL OR starts_at < ends_at", name="times_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    short_code: Mapped[str] = mapped_column(String(12), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime]  # naive UTC
    ends_at: Mapped[datetime | None]
    place: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    # What motivated it: a survey's findings or questions (optional).
    survey_id: Mapped[int | None] = mapped_column(ForeignKey("surveys.id", ondelete="SET NULL"))
    question_keys: Mapped[list[str]] = mapped_column(db.JSON, default=list)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    zone: Mapped[Zone] = relationship()
    boards: Mapped[list["Board"]] = relationship(
        back_populates="cafe", order_by="Board.position", cascade="all, delete-orphan"
    )
    findings: Mapped[list["Finding"]] = relationship(secondary="cafe_findings")  # noqa: F821

    def __repr__(self) -> str:
        return f"<Cafe {self.slug} of zone {self.zone_id}>"


cafe_findings = Table(
    "cafe_findings",
    db.metadata,
    Column("cafe_id", ForeignKey("cafes.id", ondelete="CASCADE"), primary_key=True),
    Column("finding_id", ForeignKey("findings.id", ondelete="CASCADE"), primary_key=True),
)


class Board(db.Model):
    """One table of a café: its question, and the ideas residents post to it."""

    __tablename__ = "boards"
    __table_args__ = (UniqueConstraint("cafe_id", "position", name="uq_boards_cafe_position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cafe_id: Mapped[int] = mapped_column(ForeignKey("cafes.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]  # the table's number, from 1
    question: Mapped[str] = mapped_column(String(QUESTION_MAX))

    cafe: Mapped[Cafe] = relationship(back_populates="boards")

    def __repr__(self) -> str:
        return f"<Board {self.position} of café {self.cafe_id}>"


idea_themes = Table(
    "idea_themes",
    db.metadata,
    Column("idea_id", ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True),
)


class Theme(db.Model):
    """A zone's tag for ideas ("young parents", "seniors", "public space")."""

    __tablename__ = "themes"
    __table_args__ = (UniqueConstraint("zone_id", "name", name="uq_themes_zone_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(60))


class Idea(db.Model):
    __tablename__ = "ideas"
    __table_args__ = (
        CheckConstraint(
            "status IN ('pending', 'published', 'shortlisted', 'chosen', 'implemented', "
            "'rejected', 'merged', 'withdrawn')",
            name="status_known",
        ),
        CheckConstraint(
            "(status = 'merged') = (merged_into_id IS NOT NULL)", name="merged_has_target"
        ),
        CheckConstraint("merged_into_id IS NULL OR merged_into_id <> id", name="not_into_self"),
        Index("ix_ideas_zone_status", "zone_id", "status"),
        Index("ix_ideas_board_status", "board_id", "status"),
        # A resident's form carries a random key: sent again (a retry), it stores nothing new.
        UniqueConstraint("board_id", "idempotency_key", name="uq_ideas_idempotency"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"))
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    description: Mapped[str] = mapped_column(Text, default="")
    nickname: Mapped[str | None] = mapped_column(String(NICKNAME_MAX))
    channel: Mapped[str] = mapped_column(String(10), default=IdeaChannel.LINK.value)
    round: Mapped[int | None]  # the café's round of conversation, for paper cards
    status: Mapped[str] = mapped_column(String(12), default=IdeaStatus.PENDING.value)
    reason: Mapped[str | None] = mapped_column(String(REASON_MAX))  # why rejected
    rejected_for_abuse: Mapped[bool] = mapped_column(default=False, server_default=db.false())
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("ideas.id", ondelete="CASCADE"), index=True
    )
    # Reported by residents often enough: hidden until a librarian looks.
    hidden: Mapped[bool] = mapped_column(default=False, server_default=db.false())
    # For the librarian to look at, the idea staying shown: reported by enough people after
    # a librarian reviewed it; supported in a burst from one address.
    reports_flagged_at: Mapped[datetime | None]
    supports_flagged_at: Mapped[datetime | None]
    # The author's private link: only its hash is kept. The device (hashed for ideas only).
    follow_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    device_hash: Mapped[str | None] = mapped_column(String(64))
    idempotency_key: Mapped[str | None] = mapped_column(String(36))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None]

    board: Mapped[Board] = relationship()
    merged_into: Mapped["Idea | None"] = relationship(remote_side="Idea.id")
    themes: Mapped[list[Theme]] = relationship(secondary=idea_themes, order_by=Theme.name)

    @property
    def state(self) -> IdeaStatus:
        """The status as its enum (the column keeps the string)."""
        return IdeaStatus(self.status)

    @property
    def visible(self) -> bool:
        """Shown to residents: published or later, and not hidden by reports."""
        return self.status in VISIBLE_STATUSES and not self.hidden

    def __repr__(self) -> str:
        return f"<Idea {self.id} {self.status}>"


class Support(db.Model):
    """One device's support of one idea (no account needed). A librarian may withdraw
    supports that look like abuse: they are marked, not deleted."""

    __tablename__ = "supports"
    __table_args__ = (
        UniqueConstraint("idea_id", "device_hash", name="uq_supports_idea_device"),
        Index("ix_supports_idea_address_created", "idea_id", "address_hash", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    device_hash: Mapped[str] = mapped_column(String(64))
    # The address it came from, keyed-hashed (app.core.security.address_hash): for the daily cap.
    address_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    withdrawn_at: Mapped[datetime | None]


class Report(db.Model):
    """A resident's report of a published idea (abuse, personal data, off-topic)."""

    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("idea_id", "device_hash", name="uq_reports_idea_device"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(20))
    device_hash: Mapped[str] = mapped_column(String(64))
    # The address it came from, keyed-hashed: reports from one address are one person's.
    address_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
