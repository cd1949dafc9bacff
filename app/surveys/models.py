"""A zone's surveys (copies of a template), residents' responses and their answers."""

import enum
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    inspect,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.time import utcnow
from app.extensions import db
from app.surveys.schema import SurveyTemplate
from app.zones.models import Zone


class SurveyStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        """The status in the reader's language (see `Survey.status_label` for a survey's)."""
        return {
            SurveyStatus.DRAFT: _("draft"),
            SurveyStatus.OPEN: _("open"),
            SurveyStatus.CLOSED: _("closed"),
        }[self]


class Channel(enum.StrEnum):
    """How a response reached us."""

    LINK = "link"  # a link on a phone or computer
    QR = "qr"  # the QR code of a poster
    KIOSK = "kiosk"  # the library's tablet, or a kiosk through the API
    PAPER = "paper"  # a paper questionnaire typed in by a librarian

    @property
    def label(self) -> str:
        """How the response came, in the reader's language."""
        return {
            Channel.LINK: _("link on a phone or computer"),
            Channel.QR: _("QR code on a poster"),
            Channel.KIOSK: _("library tablet"),
            Channel.PAPER: _("paper questionnaire"),
        }[self]


class ResponseStatus(enum.StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"
    WITHDRAWN = "withdrawn"  # a paper questionnaire taken back by a librarian: not counted

    @property
    def label(self) -> str:
        """The status in the reader's language."""
        return {
            ResponseStatus.IN_PROGRESS: _("in progress"),
            ResponseStatus.COMPLETE: _("complete"),
            ResponseStatus.WITHDRAWN: _("withdrawn"),
        }[self]


class Survey(db.Model):
    __tablename__ = "surveys"
    __table_args__ = (
        UniqueConstraint("zone_id", "slug", name="uq_surveys_zone_slug"),
        CheckConstraint("status IN ('draft', 'open', 'closed')", name="status_known"),
        CheckConstraint(
            "opens_at IS NULL OR closes_at IS NULL OR opens_at < closes_at", name="dates_ordered"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(60))
    short_code: Mapped[str] = mapped_column(String(12), unique=True)
    template_key: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(default=1)
    status: Mapped[str] = mapped_column(String(10), default=SurveyStatus.DRAFT.value)
    # The template copy; loaded only when its parsed form is not cached (see `template`).
    definition: Mapped[dict] = mapped_column(JSON, deferred=True)
    opens_at: Mapped[datetime | None]
    closes_at: Mapped[datetime | None]
    allow_repeat: Mapped[bool] = mapped_column(default=False)
    # A survey for a closed group: each person gets a single-use access code.
    requires_code: Mapped[bool] = mapped_column(default=False, server_default=db.false())
    results_public: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    zone: Mapped[Zone] = relationship(lazy="joined")

    @property
    def template(self) -> SurveyTemplate:
        """The survey's questions, as a checked template.

        Parsed once per saved version of the survey and process: the key includes
        `updated_at`, which every change of the survey moves, so a worker never serves a
        template another worker has changed. Unsaved surveys are parsed each time.
        """
        if self.id is None or self.updated_at is None or inspect(self).modified:
            return SurveyTemplate.model_validate(self.definition)
        return _parsed(self.id, self.updated_at, self)

    @property
    def is_draft(self) -> bool:
        return self.status == SurveyStatus.DRAFT

    @property
    def is_open(self) -> bool:
        """Published and not closed (whether or not today is within its dates)."""
        return self.status == SurveyStatus.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == SurveyStatus.CLOSED

    @property
    def status_label(self) -> str:
        """The survey's status in words; an open survey outside its dates says so."""
        if self.is_open and not self.accepts_answers():
            return _("open, outside its dates")
        return SurveyStatus(self.status).label

    def accepts_answers(self, now: datetime | None = None) -> bool:
        """Open, and within its dates if it has any."""
        now = now or utcnow()
        return (
            self.status == SurveyStatus.OPEN
            and (self.opens_at is None or self.opens_at <= now)
            and (self.closes_at is None or now < self.closes_at)
        )

    def __repr__(self) -> str:
        return f"<Survey {self.slug}>"


def _parsed(survey_id: int, updated_at: datetime, survey: Survey) -> SurveyTemplate:
    key = (survey_id, updated_at)
    template = _TEMPLATES.get(key)
    if template is None:
        template = SurveyTemplate.model_validate(survey.definition)
        if len(_TEMPLATES) >= 256:
            _TEMPLATES.pop(next(iter(_TEMPLATES)))
        _TEMPLATES[key] = template
    return template


_TEMPLATES: dict[tuple[int, datetime], SurveyTemplate] = {}


class Response(db.Model):
    """One person's answers: a draft while in progress, stored as Answer rows when complete."""

    __tablename__ = "responses"
    __table_args__ = (
        UniqueConstraint("survey_id", "idempotency_key", name="uq_responses_idempotency"),
        CheckConstraint("status IN ('in_progress', 'complete', 'withdrawn')", name="status_known"),
        CheckConstraint("channel IN ('link', 'qr', 'kiosk', 'paper')", name="channel_known"),
        # One unfinished response per device and survey, even after a double tap on "Start".
        Index(
            "uq_responses_device_in_progress",
            "survey_id",
            "device_hash",
            unique=True,
            sqlite_where=db.text("status = 'in_progress'"),
            postgresql_where=db.text("status = 'in_progress'"),
        ),
        Index("ix_responses_survey_status", "survey_id", "status"),
        # Responses from one address per survey and day (the cap), and bursts of them.
        Index("ix_responses_survey_address", "survey_id", "address_hash", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    token: Mapped[str] = mapped_column(String(43), unique=True)
    device_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    # The resident's address as a keyed hash (app.core.security.address_hash), never the address.
    address_hash: Mapped[str | None] = mapped_column(String(64))
    idempotency_key: Mapped[str | None] = mapped_column(String(100))
    # What an API submission sent, hashed: a key reused with other answers is refused.
    request_hash: Mapped[str | None] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(10), default=Channel.LINK.value)
    status: Mapped[str] = mapped_column(String(12), default=ResponseStatus.IN_PROGRESS.value)
    step: Mapped[int] = mapped_column(default=0)
    draft: Mapped[dict] = mapped_column(JSON, default=dict)
    survey_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(index=True)

    survey: Mapped[Survey] = relationship()


class Answer(db.Model):
    """One answer of a complete response, in a shape the database can count.

    A choice gives one row per chosen option (`option`); "other" keeps its text too.
    Likert, scale and number answers are in `number`; ranking gives one row per ranked
    option with its rank (1 = most important) in `number`; text answers are in `text`.
    """

    __tablename__ = "answers"
    __table_args__ = (
        # Results join each answer to the same respondent's answer to a dimension question:
        # (survey, question, response) finds it in one step.
        Index("ix_answers_survey_question_response", "survey_id", "question_key", "response_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), index=True
    )
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    question_key: Mapped[str] = mapped_column(String(40))
    option: Mapped[str | None] = mapped_column(String(40))
    number: Mapped[float | None]
    text: Mapped[str | None] = mapped_column(Text)
    # A text answer a librarian has chosen to show to the zone's officials.
    publishable: Mapped[bool] = mapped_column(default=False, server_default=db.false())


class AccessCode(db.Model):
    """A single-use code that lets one person answer a survey that requires codes."""

    __tablename__ = "access_codes"
    __table_args__ = (UniqueConstraint("survey_id", "code", name="uq_access_codes_survey_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(12))
    response_id: Mapped[int | None] = mapped_column(
        ForeignKey("responses.id", ondelete="SET NULL"), unique=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None]
