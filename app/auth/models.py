"""People with accounts (librarians, officials, the coordinator) and their roles in zones."""

import enum
from datetime import date, datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.core.collation import polish_key
from app.core.time import utcnow
from app.extensions import db
from app.zones.models import Zone


class Role(enum.StrEnum):
    LIBRARIAN = "librarian"
    OFFICIAL = "official"

    @property
    def label(self) -> str:
        """The role's name in the reader's language."""
        return {Role.LIBRARIAN: _l("Librarian"), Role.OFFICIAL: _l("Official")}[self]


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("email = lower(email)", name="email_lowercase"),
        CheckConstraint("session_version >= 1", name="session_version_positive"),
        CheckConstraint("language IN ('pl', 'en')", name="language_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_coordinator: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # Part of the user id kept in session cookies: raising it ends every session (logout,
    # password change, deactivation), copied cookies included.
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")
    # The language of the e-mails the app sends on its own (the daily digest), chosen on the
    # account page; the invitation's language at first.
    language: Mapped[str] = mapped_column(String(5), default="pl", server_default="pl")
    # Whether a librarian gets the daily digest of what waits in their zones (app.main.digest).
    digest: Mapped[bool] = mapped_column(default=True, server_default=db.true())
    # Two-factor sign-in (TOTP): the shared secret (base32; kept as is, since the server
    # must compute the codes), and the last time step a code was accepted for, so that no
    # code works twice. No secret: two-factor sign-in is off.
    totp_secret: Mapped[str | None] = mapped_column(String(32))
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    # When the person's data was erased (RODO/GDPR): the row stays, anonymised, so that what
    # they did (the audit log, the records they made) keeps its links; it reads as
    # "a deleted account".
    erased_at: Mapped[datetime | None]

    roles: Mapped[list["ZoneRole"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )
    recovery_codes: Mapped[list["RecoveryCode"]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def has_two_factor(self) -> bool:
        return self.totp_secret is not None

    @property
    def is_staff(self) -> bool:
        """The coordinator, and anyone with a role in a zone."""
        return self.is_coordinator or bool(self.roles)

    @property
    def roles_by_town(self) -> list["ZoneRole"]:
        """The person's roles, by their zones' towns in Polish alphabetical order."""
        return sorted(self.roles, key=lambda role: (polish_key(role.zone.town), role.zone.slug))

    @property
    def display_name(self) -> str:
        """The person's name as every page shows it: "a deleted account" once erased."""
        return str(_l("a deleted account")) if self.erased_at is not None else self.name

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    def get_id(self) -> str:
        """The id Flask-Login keeps in the session: the account and its session version."""
        return f"{self.id}-{self.session_version}"

    def set_password(self, password: str) -> None:
        method = current_app.config["PASSWORD_HASH_METHOD"]
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def role_in(self, zone: Zone) -> Role | None:
        """This person's role in `zone`, if any."""
        for zone_role in self.roles:
            if zone_role.zone_id == zone.id:
                return Role(zone_role.role)
        return None

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class ZoneRole(db.Model):
    """A person's role in one zone: at most one role per person and zone."""

    __tablename__ = "zone_roles"
    __table_args__ = (
        UniqueConstraint("user_id", "zone_id", name="uq_zone_roles_user_zone"),
        CheckConstraint("role IN ('librarian', 'official')", name="role_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="roles")
    zone: Mapped[Zone] = relationship(back_populates="roles", lazy="joined")


class DigestSent(db.Model):
    """The daily digest a person got (or is being sent) on a day: at most one a day, by the
    database's unique rule, so that two runs of `flask notify digest` never both send it.
    `sent_at` is empty while the e-mail is being handed to the SMTP server."""

    __tablename__ = "digests_sent"
    __table_args__ = (UniqueConstraint("user_id", "day", name="uq_digests_sent_user_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    claimed_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]


class SignInFailures(db.Model):
    """Recent failed sign-ins to one e-mail address, whether or not an account has it (so
    that a slowed-down address tells nobody an account exists), kept as a keyed hash."""

    __tablename__ = "sign_in_failures"
    __table_args__ = (CheckConstraint("failures >= 0", name="failures_not_negative"),)

    email_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # Until then no password is checked for the address, the right one neither.
    locked_until: Mapped[datetime | None]


class RecoveryCode(db.Model):
    """A single-use code that stands in for a two-factor code (a lost phone), kept as a
    keyed hash; used ones are deleted."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))

    user: Mapped[User] = relationship(back_populates="recovery_codes")


class NetworkSetting(db.Model):
    """A network-wide choice of the coordinator's, by name (e.g. "two_factor_required")."""

    __tablename__ = "network_settings"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(255))
