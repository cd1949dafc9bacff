"""Key findings: short statements librarians write about a survey's results."""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.core.time import utcnow
from app.extensions import db
from app.surveys.models import Survey

FINDING_TEXT_MAX = 300
FINDING_FIGURE_MAX = 40


class Finding(db.Model):
    """'68% of parents of small children say there is nowhere to meet', and its sources.

    `text` and `figure` are plain text, kept as written and escaped when shown.
    `question_keys` lists the survey's questions the finding is based on (at least one),
    in the survey's order. Findings are shown by `position`, then by id: two findings added
    at the same moment may share a position until one of them is moved.
    Later, ideas and plan actions will point to findings (a nullable foreign key there, or
    an association table here); nothing in this table needs to change for that.
    """

    __tablename__ = "findings"
    __table_args__ = (
        CheckConstraint(f"length(text) BETWEEN 1 AND {FINDING_TEXT_MAX}", name="text_length"),
        Index("ix_findings_survey_position", "survey_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(String(FINDING_TEXT_MAX))
    figure: Mapped[str | None] = mapped_column(String(FINDING_FIGURE_MAX))
    question_keys: Mapped[list[str]] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    survey: Mapped[Survey] = relationship()
    created_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<Finding {self.id} of survey {self.survey_id}>"
