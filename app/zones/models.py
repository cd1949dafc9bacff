"""Zones: one public library's Innovation Zone (Strefa Innowacji) in its town."""

from datetime import datetime

from sqlalchemy import CheckConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.time import utcnow
from app.extensions import db


class Zone(db.Model):
    __tablename__ = "zones"
    __table_args__ = (
        CheckConstraint("population IS NULL OR population > 0", name="population_positive"),
        CheckConstraint("slug <> ''", name="slug_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    library_name: Mapped[str] = mapped_column(String(200))
    town: Mapped[str] = mapped_column(String(100), index=True)
    region: Mapped[str] = mapped_column(String(60), default="")
    population: Mapped[int | None]
    is_pilot: Mapped[bool] = mapped_column(default=False)
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The privacy notice (the library is the controller of its residents' data): empty
    # fields read as the library itself and the default text (app/zones/privacy.py).
    privacy_controller: Mapped[str] = mapped_column(String(300), default="", server_default="")
    privacy_address: Mapped[str] = mapped_column(String(300), default="", server_default="")
    privacy_dpo: Mapped[str] = mapped_column(String(300), default="", server_default="")
    privacy_notice: Mapped[str] = mapped_column(Text, default="", server_default="")

    roles: Mapped[list["ZoneRole"]] = relationship(  # noqa: F821
        back_populates="zone", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Zone {self.slug}>"
