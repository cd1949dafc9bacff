"""The grant and the budget's rules: the award stays within the programme's limit, and the
grant-funded lines never plan more than the award, whatever the order of edits (a line
edited up, a line moved to the grant, the award lowered). Expenses and contributions are
recorded against the lines; spending beyond a line or the award is allowed but flagged
(services.budget_summary).

Functions flush and never commit: the view commits once per request.
"""

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.core.money import format_money
from app.extensions import db
from app.plans import services
from app.plans.models import (
    BudgetLine,
    Contribution,
    CostCategory,
    Expense,
    FundSource,
    Grant,
    Plan,
)

VOLUNTEER_UNIT = "godz."


class BudgetError(ValueError):
    """A change the budget's rules refuse; its message says why, for the form."""

    field: str | None = None


class GrantLimitError(BudgetError):
    """An award above the programme's limit."""

    field = "amount_awarded"

    def __init__(self, limit: int):
        self.limit = limit
        super().__init__(
            _l(
                "The grant may be at most %(limit)s (the programme's limit).",
                limit=format_money(limit),
            )
        )


class AwardBelowPlannedError(BudgetError):
    """An award lower than what the grant-funded lines already plan."""

    field = "amount_awarded"

    def __init__(self, planned: int):
        self.planned = planned
        super().__init__(
            _l(
                "The budget's grant-funded lines already plan %(planned)s: the award cannot "
                "be less. Lower those lines first.",
                planned=format_money(planned),
            )
        )


class GrantRoomError(BudgetError):
    """A grant-funded line that would take the grant's lines above the award."""

    field = "unit_cost"

    def __init__(self, left: int, amount: int):
        self.left, self.amount = left, amount
        super().__init__(
            _l(
                "This line comes to %(amount)s, but only %(left)s is left from the grant. "
                "Lower its quantity or unit cost, or fund it from another source.",
                amount=format_money(amount),
                left=format_money(max(left, 0)),
            )
        )


class LineHasExpensesError(BudgetError):
    """A line with expenses recorded against it cannot be deleted."""

    def __init__(self, count: int):
        self.count = count
        super().__init__(
            _l(
                "This line has expenses recorded against it (%(count)s): it cannot be deleted. "
                "Delete its expenses first, or change the line instead.",
                count=count,
            )
        )


# The grant


def lock_plan(plan: Plan) -> None:
    """Hold the plan's row until the commit: two librarians saving at once are taken one
    after the other, so that the grant's room is checked against what the other saved."""
    db.session.execute(select(Plan.id).where(Plan.id == plan.id).with_for_update())


def grant_planned(plan: Plan, *, without: BudgetLine | None = None) -> int:
    """What the plan's grant-funded lines plan in all, in grosze (leaving `without` out), as
    the database has it now."""
    query = select(func.coalesce(func.sum(BudgetLine.quantity * BudgetLine.unit_cost), 0)).where(
        BudgetLine.plan_id == plan.id, BudgetLine.source == FundSource.GRANT.value
    )
    if without is not None and without.id is not None:
        query = query.where(BudgetLine.id != without.id)
    return int(db.session.scalar(query))


def awarded(plan: Plan) -> int:
    """The plan's award in grosze (0 without a grant), as the database has it now."""
    return int(db.session.scalar(select(Grant.amount_awarded).where(Grant.plan_id == plan.id)) or 0)


def grant_left(plan: Plan, *, without: BudgetLine | None = None) -> int:
    """How much of the award is not planned by grant-funded lines yet (leaving `without` out:
    the room a line being edited has)."""
    return awarded(plan) - grant_planned(plan, without=without)


def check_award(plan: Plan, amount: int) -> None:
    """Raise unless `amount` may be the plan's award: within the programme's limit (exactly
    the limit is fine) and not below what grant-funded lines plan."""
    if amount > services.grant_limit():
        raise GrantLimitError(services.grant_limit())
    lock_plan(plan)
    planned = grant_planned(plan)
    if amount < planned:
        raise AwardBelowPlannedError(planned)


def save_grant(plan: Plan, user: User | None, **fields) -> Grant:
    """Record or change the plan's grant (funder, programme, contract, award, period)."""
    check_award(plan, fields["amount_awarded"])
    grant = plan.grant
    if grant is None:
        grant = Grant(plan=plan, **fields)
        db.session.add(grant)
    else:
        for name, value in fields.items():
            setattr(grant, name, value)
    db.session.flush()
    return grant


# Budget lines


def check_grant_room(
    plan: Plan, line: BudgetLine | None, new_amount: int, new_source: FundSource | str
) -> None:
    """Raise GrantRoomError when `line` (None: a new line) with `new_amount` from
    `new_source` would take the grant-funded lines above the award."""
    if new_source != FundSource.GRANT:
        return
    lock_plan(plan)
    left = grant_left(plan, without=line)
    if new_amount > left:
        raise GrantRoomError(left, new_amount)


def _line_fields(fields: dict) -> dict:
    """A line's fields as stored: volunteer work is hours × the hourly rate (its default)."""
    fields = dict(fields)
    fields["source"] = FundSource(fields["source"]).value
    fields["category"] = CostCategory(fields.get("category", CostCategory.TASK)).value
    if fields["source"] == FundSource.VOLUNTEER:
        if fields.get("unit_cost") is None:
            fields["unit_cost"] = services.hourly_rate()
        fields["unit"] = fields.get("unit") or VOLUNTEER_UNIT
    return fields


def add_line(plan: Plan, user: User | None, **fields) -> BudgetLine:
    """Add a budget line (quantity × unit cost from a source), within the grant's room."""
    fields = _line_fields(fields)
    check_grant_room(plan, None, fields["quantity"] * fields["unit_cost"], fields["source"])
    line = BudgetLine(plan=plan, **fields)
    db.session.add(line)
    db.session.flush()
    services.plan_changed(plan, user, f"budget line added: {line.description}")
    return line


def update_line(line: BudgetLine, user: User | None, **fields) -> BudgetLine:
    """Change a budget line, within the grant's room."""
    fields = _line_fields(fields)
    check_grant_room(line.plan, line, fields["quantity"] * fields["unit_cost"], fields["source"])
    for name, value in fields.items():
        setattr(line, name, value)
    db.session.flush()
    services.plan_changed(line.plan, user, f"budget line changed: {line.description}")
    return line


def delete_line(line: BudgetLine, user: User | None) -> None:
    """Delete a budget line without expenses (its contributions stay, without a line)."""
    count = db.session.scalar(
        select(func.count()).select_from(Expense).where(Expense.budget_line_id == line.id)
    )
    if count:
        raise LineHasExpensesError(count)
    plan = line.plan
    description = line.description
    plan.budget_lines.remove(line)
    db.session.flush()
    services.plan_changed(plan, user, f"budget line deleted: {description}")


def get_line(plan: Plan, line_id: int) -> BudgetLine | None:
    return next((line for line in plan.budget_lines if line.id == line_id), None)


# Expenses and contributions


def plan_expenses(plan: Plan) -> list[Expense]:
    """The plan's expenses, the latest first, with their lines and receipts (one query)."""
    return list(
        db.session.scalars(
            select(Expense)
            .where(Expense.plan_id == plan.id)
            .options(selectinload(Expense.receipt))
            .order_by(Expense.spent_on.desc(), Expense.id.desc())
        )
    )


def add_expense(plan: Plan, user: User | None, **fields) -> Expense:
    """Record money paid out against a line (beyond the line or the award: flagged, not
    refused: the money was spent, the record must say so)."""
    fields["paid_from"] = FundSource(fields["paid_from"]).value
    expense = Expense(
        plan_id=plan.id, created_by_id=user.id if user is not None else None, **fields
    )
    db.session.add(expense)
    db.session.flush()
    return expense


def plan_contributions(plan: Plan) -> list[Contribution]:
    """The plan's contributions (volunteer work, in-kind), the latest first."""
    return list(
        db.session.scalars(
            select(Contribution)
            .where(Contribution.plan_id == plan.id)
            .order_by(Contribution.given_on.desc(), Contribution.id.desc())
        )
    )


def add_contribution(
    plan: Plan, user: User | None, *, kind: FundSource | str, given_on: date, description: str,
    hours: int | None = None, value: int | None = None, budget_line_id: int | None = None,
) -> Contribution:  # fmt: skip
    """Record volunteer work (hours × today's hourly rate) or an in-kind contribution (its
    valuation)."""
    kind = FundSource(kind)
    rate = None
    if kind == FundSource.VOLUNTEER:
        assert hours is not None and hours > 0
        rate = services.hourly_rate()
        value = hours * rate
    else:
        assert kind == FundSource.IN_KIND and value is not None
        hours = None
    contribution = Contribution(
        plan_id=plan.id, kind=kind.value, given_on=given_on, description=description,
        hours=hours, hourly_rate=rate, value=value, budget_line_id=budget_line_id,
        created_by_id=user.id if user is not None else None,
    )  # fmt: skip
    db.session.add(contribution)
    db.session.flush()
    return contribution
