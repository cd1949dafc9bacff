"""The zone's development plan: goals and actions carrying out residents' ideas and
answering the diagnosis's findings; the grant and its budget, the expenses and the library's
own contribution; progress reports; the plan's published versions.

Money is whole grosze (BigInteger) everywhere: see app/core/money.py.

An action's life: planned → in progress → done, or dropped (with a reason). Ideas linked
to an action are "chosen"; they become "implemented" when one of their actions is done.
A plan is a draft until published; after that every change is a new PlanVersion (a
snapshot of the whole plan, links included), and earlier versions stay readable.
A report is a draft until submitted; submitting freezes its figures (`snapshot`), so later
changes to the plan or the expenses do not change it.
"""

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.cafes.models import Idea
from app.core.time import utcnow
from app.dashboards.models import Finding
from app.extensions import db
from app.zones.models import Zone

TITLE_MAX = 200
NAME_MAX = 200
SHORT_MAX = 60
REASON_MAX = 500


def _in(column: str, enum_class: type[enum.Enum]) -> str:
    values = ", ".join(f"'{member.value}'" for member in enum_class)
    return f"{column} IN ({values})"


class PlanStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"

    @property
    def label(self) -> str:
        return {PlanStatus.DRAFT: _l("draft"), PlanStatus.PUBLISHED: _l("published")}[self]


class ActionStatus(enum.StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        return {
            ActionStatus.PLANNED: _l("planned"),
            ActionStatus.IN_PROGRESS: _l("in progress"),
            ActionStatus.DONE: _l("done"),
            ActionStatus.DROPPED: _l("dropped"),
        }[self]


class PartnerKind(enum.StrEnum):
    NGO = "ngo"
    SCHOOL = "school"
    COUNCIL = "council"
    BUSINESS = "business"
    LIBRARY = "library"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            PartnerKind.NGO: _l("non-governmental organisation"),
            PartnerKind.SCHOOL: _l("school or kindergarten"),
            PartnerKind.COUNCIL: _l("council or its department"),
            PartnerKind.BUSINESS: _l("business"),
            PartnerKind.LIBRARY: _l("library (e.g. a gminna library of the county)"),
            PartnerKind.OTHER: _l("other"),
        }[self]


class CostCategory(enum.StrEnum):
    """The categories of the Polish report on a public task."""

    TASK = "task"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return {
            CostCategory.TASK: _l("costs of the task's actions"),
            CostCategory.ADMIN: _l("administrative costs"),
        }[self]


class FundSource(enum.StrEnum):
    GRANT = "grant"
    OWN = "own"
    IN_KIND = "in_kind"
    VOLUNTEER = "volunteer"

    @property
    def label(self) -> str:
        return {
            FundSource.GRANT: _l("grant"),
            FundSource.OWN: _l("library's own money"),
            FundSource.IN_KIND: _l("in-kind contribution"),
            FundSource.VOLUNTEER: _l("volunteer work"),
        }[self]


# What an expense is paid from (money that leaves an account); the other two sources are
# contributions (Contribution), valued rather than paid.
PAID_SOURCES = (FundSource.GRANT, FundSource.OWN)
CONTRIBUTION_SOURCES = (FundSource.IN_KIND, FundSource.VOLUNTEER)


class ReportKind(enum.StrEnum):
    PARTIAL = "partial"
    FINAL = "final"

    @property
    def label(self) -> str:
        return {ReportKind.PARTIAL: _l("partial report"), ReportKind.FINAL: _l("final report")}[
            self
        ]


class ReportStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    RETURNED = "returned"

    @property
    def label(self) -> str:
        return {
            ReportStatus.DRAFT: _l("draft"),
            ReportStatus.SUBMITTED: _l("submitted"),
            ReportStatus.ACCEPTED: _l("accepted"),
            ReportStatus.RETURNED: _l("returned for changes"),
        }[self]


class AttachmentKind(enum.StrEnum):
    RECEIPT = "receipt"
    PHOTO = "photo"


class Partner(db.Model):
    """An organisation the zone works with (an NGO, a school, a council department): it can
    own actions."""

    __tablename__ = "plan_partners"
    __table_args__ = (
        UniqueConstraint("zone_id", "name", name="uq_plan_partners_zone_name"),
        CheckConstraint(_in("kind", PartnerKind), name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    kind: Mapped[str] = mapped_column(String(12), default=PartnerKind.NGO.value)
    note: Mapped[str] = mapped_column(String(REASON_MAX), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    zone: Mapped[Zone] = relationship()


class Plan(db.Model):
    """A zone's development plan for a period (one per zone)."""

    __tablename__ = "plans"
    __table_args__ = (
        CheckConstraint("end_year >= start_year", name="years_ordered"),
        CheckConstraint(_in("status", PlanStatus), name="status_known"),
        CheckConstraint("version >= 0", name="version_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"), unique=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    start_year: Mapped[int]
    end_year: Mapped[int]
    vision: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default=PlanStatus.DRAFT.value)
    # The number of the latest published version (0 while a draft).
    version: Mapped[int] = mapped_column(default=0)
    published_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    zone: Mapped[Zone] = relationship()
    goals: Mapped[list["Goal"]] = relationship(
        back_populates="plan", order_by="Goal.position", cascade="all, delete-orphan"
    )
    actions: Mapped[list["Action"]] = relationship(
        back_populates="plan", order_by="Action.number", cascade="all, delete-orphan"
    )
    grant: Mapped["Grant | None"] = relationship(
        back_populates="plan", cascade="all, delete-orphan", uselist=False
    )
    budget_lines: Mapped[list["BudgetLine"]] = relationship(
        back_populates="plan", order_by="BudgetLine.id", cascade="all, delete-orphan"
    )

    @property
    def state(self) -> PlanStatus:
        return PlanStatus(self.status)

    @property
    def is_published(self) -> bool:
        return self.status == PlanStatus.PUBLISHED

    @property
    def period(self) -> str:
        if self.start_year == self.end_year:
            return str(self.start_year)
        return f"{self.start_year}–{self.end_year}"

    def __repr__(self) -> str:
        return f"<Plan {self.id} of zone {self.zone_id}>"


goal_findings = Table(
    "plan_goal_findings",
    db.metadata,
    Column("goal_id", ForeignKey("plan_goals.id", ondelete="CASCADE"), primary_key=True),
    Column("finding_id", ForeignKey("findings.id", ondelete="CASCADE"), primary_key=True),
)

action_ideas = Table(
    "plan_action_ideas",
    db.metadata,
    Column("action_id", ForeignKey("plan_actions.id", ondelete="CASCADE"), primary_key=True),
    Column("idea_id", ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True, index=True),
)

action_findings = Table(
    "plan_action_findings",
    db.metadata,
    Column("action_id", ForeignKey("plan_actions.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "finding_id", ForeignKey("findings.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
)


class Goal(db.Model):
    """One of the plan's goals, and the diagnosis's findings behind it."""

    __tablename__ = "plan_goals"
    __table_args__ = (Index("ix_plan_goals_plan_position", "plan_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    description: Mapped[str] = mapped_column(Text, default="")

    plan: Mapped[Plan] = relationship(back_populates="goals")
    findings: Mapped[list[Finding]] = relationship(secondary=goal_findings, order_by=Finding.id)
    actions: Mapped[list["Action"]] = relationship(
        back_populates="goal", order_by="Action.number", viewonly=True
    )


class Action(db.Model):
    """A funded step of the plan: "Klub Młodych Mam". `number` is its number in the plan
    ("action 3"), given once and never reused."""

    __tablename__ = "plan_actions"
    __table_args__ = (
        UniqueConstraint("plan_id", "number", name="uq_plan_actions_plan_number"),
        CheckConstraint(_in("status", ActionStatus), name="status_known"),
        CheckConstraint(
            "ends_on IS NULL OR starts_on IS NULL OR starts_on <= ends_on", name="dates_ordered"
        ),
        CheckConstraint(
            "progress_set IS NULL OR progress_set BETWEEN 0 AND 100", name="progress_percent"
        ),
        CheckConstraint("owner_user_id IS NULL OR owner_partner_id IS NULL", name="one_owner"),
        CheckConstraint(
            "(status = 'dropped') = (drop_reason IS NOT NULL)", name="dropped_has_reason"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    goal_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_goals.id", ondelete="SET NULL"), index=True
    )
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    description: Mapped[str] = mapped_column(Text, default="")
    # The owner: a person of the zone team, or one of the zone's partners (or nobody yet).
    owner_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    owner_partner_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_partners.id", ondelete="SET NULL")
    )
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default=ActionStatus.PLANNED.value)
    drop_reason: Mapped[str | None] = mapped_column(String(REASON_MAX))
    # Progress in per cent as the librarian set it; None: computed from the milestones.
    progress_set: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    plan: Mapped[Plan] = relationship(back_populates="actions")
    goal: Mapped[Goal | None] = relationship(back_populates="actions")
    owner_user: Mapped[User | None] = relationship()
    owner_partner: Mapped[Partner | None] = relationship()
    ideas: Mapped[list[Idea]] = relationship(secondary=action_ideas, order_by=Idea.id)
    findings: Mapped[list[Finding]] = relationship(secondary=action_findings, order_by=Finding.id)
    milestones: Mapped[list["Milestone"]] = relationship(
        back_populates="action",
        order_by="(Milestone.due_on, Milestone.id)",
        cascade="all, delete-orphan",
    )
    indicators: Mapped[list["Indicator"]] = relationship(
        back_populates="action", order_by="Indicator.id", cascade="all, delete-orphan"
    )
    budget_lines: Mapped[list["BudgetLine"]] = relationship(
        back_populates="action", order_by="BudgetLine.id", viewonly=True
    )

    @property
    def state(self) -> ActionStatus:
        return ActionStatus(self.status)

    @property
    def progress_is_set(self) -> bool:
        """True when the librarian set the progress, False when milestones give it."""
        return self.progress_set is not None

    @property
    def progress(self) -> int:
        """Per cent done: as set by the librarian, else the share of milestones reached
        (100 for a done action, 0 with no milestones)."""
        if self.progress_set is not None:
            return self.progress_set
        if self.status == ActionStatus.DONE:
            return 100
        if not self.milestones:
            return 0
        reached = sum(1 for milestone in self.milestones if milestone.done_on is not None)
        return reached * 100 // len(self.milestones)

    @property
    def owner_name(self) -> str:
        if self.owner_user is not None:
            return self.owner_user.display_name
        if self.owner_partner is not None:
            return self.owner_partner.name
        return ""

    def __repr__(self) -> str:
        return f"<Action {self.number} of plan {self.plan_id}>"


class Attachment(db.Model):
    """A file uploaded to a zone (a receipt, a milestone's or report's photo). Stored under
    the instance folder by a name the app chose (`stored_name`), never under the static
    folder; served only as a download to the zone's people and the coordinator."""

    __tablename__ = "plan_attachments"
    __table_args__ = (CheckConstraint("size > 0", name="size_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    # Decided from the content: application/pdf, image/jpeg or image/png.
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int]
    # The name it had on the uploader's computer, cleaned: only for the download's name.
    original_name: Mapped[str] = mapped_column(String(120), default="")
    sha256: Mapped[str] = mapped_column(String(64))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Milestone(db.Model):
    """A dated step of an action ("first meeting held"), reached when `done_on` is set."""

    __tablename__ = "plan_milestones"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(
        ForeignKey("plan_actions.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    due_on: Mapped[date] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    photo_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_attachments.id", ondelete="SET NULL")
    )

    action: Mapped[Action] = relationship(back_populates="milestones")
    photo: Mapped[Attachment | None] = relationship()


class Indicator(db.Model):
    """What shows an action worked: "participants per meeting", target 12, achieved 14."""

    __tablename__ = "plan_indicators"
    __table_args__ = (
        CheckConstraint("target >= 0", name="target_not_negative"),
        CheckConstraint("achieved IS NULL OR achieved >= 0", name="achieved_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(
        ForeignKey("plan_actions.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(TITLE_MAX))
    unit: Mapped[str] = mapped_column(String(SHORT_MAX), default="")
    target: Mapped[int]
    achieved: Mapped[int | None]
    # Where the figure comes from: "attendance list", "the library's counter".
    source: Mapped[str] = mapped_column(String(TITLE_MAX), default="")

    action: Mapped[Action] = relationship(back_populates="indicators")

    @property
    def reached_share(self) -> int | None:
        """Achieved as a whole per cent of the target (None before any figure)."""
        if self.achieved is None or not self.target:
            return None
        return self.achieved * 100 // self.target


class Grant(db.Model):
    """The plan's grant: who gives it, the contract, the amount awarded (at most the
    programme's GRANT_LIMIT) and its period."""

    __tablename__ = "plan_grants"
    __table_args__ = (
        CheckConstraint("amount_awarded >= 0", name="amount_not_negative"),
        CheckConstraint(
            "ends_on IS NULL OR starts_on IS NULL OR starts_on <= ends_on", name="dates_ordered"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), unique=True)
    funder: Mapped[str] = mapped_column(String(NAME_MAX))
    programme: Mapped[str] = mapped_column(String(NAME_MAX))
    contract_number: Mapped[str] = mapped_column(String(SHORT_MAX), default="")
    contract_date: Mapped[date | None] = mapped_column(Date)
    amount_awarded: Mapped[int] = mapped_column(BigInteger, default=0)  # grosze
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)

    plan: Mapped[Plan] = relationship(back_populates="grant")


class BudgetLine(db.Model):
    """A line of the budget: quantity × unit cost = amount, from one source of funds.
    Volunteer work is hours × the hourly rate (kept as the line's unit cost); an in-kind
    contribution is its valuation."""

    __tablename__ = "plan_budget_lines"
    __table_args__ = (
        CheckConstraint(_in("category", CostCategory), name="category_known"),
        CheckConstraint(_in("source", FundSource), name="source_known"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_cost >= 0", name="unit_cost_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    action_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_actions.id", ondelete="SET NULL"), index=True
    )
    category: Mapped[str] = mapped_column(String(10), default=CostCategory.TASK.value)
    description: Mapped[str] = mapped_column(String(TITLE_MAX))
    quantity: Mapped[int] = mapped_column(default=1)
    unit: Mapped[str] = mapped_column(String(SHORT_MAX), default="")
    unit_cost: Mapped[int] = mapped_column(BigInteger)  # grosze
    source: Mapped[str] = mapped_column(String(12), default=FundSource.GRANT.value)

    plan: Mapped[Plan] = relationship(back_populates="budget_lines")
    action: Mapped[Action | None] = relationship(back_populates="budget_lines")

    @property
    def amount(self) -> int:
        """quantity × unit cost, in grosze."""
        return self.quantity * self.unit_cost


class Expense(db.Model):
    """Money paid out against a budget line, with its accounting document."""

    __tablename__ = "plan_expenses"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("paid_from IN ('grant', 'own')", name="paid_from_known"),
        Index("ix_plan_expenses_plan_spent_on", "plan_id", "spent_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    budget_line_id: Mapped[int] = mapped_column(
        ForeignKey("plan_budget_lines.id", ondelete="RESTRICT"), index=True
    )
    spent_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(BigInteger)  # grosze
    supplier: Mapped[str] = mapped_column(String(NAME_MAX))
    document_number: Mapped[str] = mapped_column(String(SHORT_MAX))
    paid_from: Mapped[str] = mapped_column(String(8), default=FundSource.GRANT.value)
    note: Mapped[str] = mapped_column(Text, default="")
    receipt_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_attachments.id", ondelete="SET NULL")
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    budget_line: Mapped[BudgetLine] = relationship()
    receipt: Mapped[Attachment | None] = relationship()


class Contribution(db.Model):
    """Volunteer work (hours × the hourly rate) or an in-kind contribution (a lent room,
    equipment: its valuation) given to a budget line, on a date."""

    __tablename__ = "plan_contributions"
    __table_args__ = (
        CheckConstraint("kind IN ('in_kind', 'volunteer')", name="kind_known"),
        CheckConstraint("value >= 0", name="value_not_negative"),
        CheckConstraint("hours IS NULL OR hours > 0", name="hours_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    budget_line_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_budget_lines.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(String(12))
    given_on: Mapped[date] = mapped_column(Date)
    description: Mapped[str] = mapped_column(String(TITLE_MAX))
    hours: Mapped[int | None]  # volunteer work
    hourly_rate: Mapped[int | None] = mapped_column(BigInteger)  # grosze, the setting then
    value: Mapped[int] = mapped_column(BigInteger)  # grosze: hours × rate, or the valuation
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    budget_line: Mapped[BudgetLine | None] = relationship()


report_photos = Table(
    "plan_report_photos",
    db.metadata,
    Column("report_id", ForeignKey("plan_reports.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "attachment_id", ForeignKey("plan_attachments.id", ondelete="CASCADE"), primary_key=True
    ),
)


class Report(db.Model):
    """A progress report (partial, for a period, or final), structured as the Polish report
    on a public task. `texts` holds the librarian's words (per action and indicator, and
    Part III); `snapshot` the figures frozen when it was submitted."""

    __tablename__ = "plan_reports"
    __table_args__ = (
        UniqueConstraint("plan_id", "number", name="uq_plan_reports_plan_number"),
        CheckConstraint(_in("kind", ReportKind), name="kind_known"),
        CheckConstraint(_in("status", ReportStatus), name="status_known"),
        CheckConstraint("period_start <= period_end", name="period_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    kind: Mapped[str] = mapped_column(String(10), default=ReportKind.PARTIAL.value)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default=ReportStatus.DRAFT.value)
    texts: Mapped[dict] = mapped_column(JSON, default=dict)
    snapshot: Mapped[dict | None] = mapped_column(JSON)
    submitted_at: Mapped[datetime | None]
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None]
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    review_comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    plan: Mapped[Plan] = relationship()
    photos: Mapped[list[Attachment]] = relationship(secondary=report_photos, order_by=Attachment.id)
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])

    @property
    def state(self) -> ReportStatus:
        return ReportStatus(self.status)

    @property
    def is_frozen(self) -> bool:
        """Submitted or accepted: its figures and words no longer change."""
        return self.status in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


class PlanVersion(db.Model):
    """A published state of the plan: the whole plan as JSON (goals, actions, their links to
    ideas and findings, the budget), who made the change, when and what it was."""

    __tablename__ = "plan_versions"
    __table_args__ = (UniqueConstraint("plan_id", "number", name="uq_plan_versions_plan_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    number: Mapped[int]
    summary: Mapped[str] = mapped_column(String(REASON_MAX), default="")
    snapshot: Mapped[dict] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    created_by: Mapped[User | None] = relationship()
