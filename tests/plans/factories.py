"""Plans for tests: a zone's plan, its actions and money, added straight to the database
(committed), so that each test starts from the state it checks."""

import io
from datetime import date
from itertools import count

from werkzeug.datastructures import FileStorage

from app.extensions import db
from app.plans import services
from app.plans.models import (
    Action,
    AttachmentKind,
    BudgetLine,
    Contribution,
    CostCategory,
    Expense,
    FundSource,
    Goal,
    Grant,
    Indicator,
    Milestone,
    Plan,
    Report,
    ReportKind,
)
from app.plans.uploads import store_upload
from app.zones.models import Zone

_n = count(1)


def make_plan(
    zone: Zone, *, published: bool = False, actions: int = 0, awarded: int | None = None,
    title: str = "Plan rozwoju strefy", start_year: int = 2026, end_year: int = 2027,
) -> Plan:  # fmt: skip
    """The zone's plan with `actions` numbered actions (under one goal), a grant of
    `awarded` grosze when given, published when asked (version 1)."""
    plan = services.create_plan(
        zone, title=title, start_year=start_year, end_year=end_year,
        vision="Biblioteka jako miejsce spotkań mieszkańców.",
    )  # fmt: skip
    goal = Goal(plan=plan, position=1, title="Miejsca spotkań dla mieszkańców")
    db.session.add(goal)
    for _ in range(actions):
        add_action(plan, goal=goal)
    if awarded is not None:
        add_grant(plan, awarded)
    db.session.flush()
    if published:
        services.publish_plan(plan, None)
    db.session.commit()
    return plan


def add_grant(plan: Plan, awarded: int, **fields) -> Grant:
    grant = Grant(
        plan=plan, funder=services.DEFAULT_FUNDER, programme=services.DEFAULT_PROGRAMME,
        contract_number=f"SI/{next(_n)}/2026", contract_date=date(2026, 3, 1),
        amount_awarded=awarded, starts_on=date(2026, 3, 1), ends_on=date(2027, 12, 31),
        **fields,
    )  # fmt: skip
    db.session.add(grant)
    db.session.commit()
    return grant


def add_action(plan: Plan, title: str | None = None, *, goal: Goal | None = None, **fields):
    """A planned action with one milestone and one indicator."""
    n = next(_n)
    action = Action(
        plan=plan, goal=goal, number=services.next_action_number(plan),
        title=title or f"Działanie {n}", description="Spotkania raz w tygodniu.",
        starts_on=date(2026, 4, 1), ends_on=date(2026, 12, 31), **fields,
    )  # fmt: skip
    db.session.add(action)
    db.session.flush()
    db.session.add(Milestone(action=action, title="Pierwsze spotkanie", due_on=date(2026, 4, 15)))
    db.session.add(Indicator(action=action, name="Uczestnicy spotkań", unit="osób", target=12))
    db.session.flush()
    return action


def add_line(
    plan: Plan, unit_cost: int, *, action: Action | None = None, quantity: int = 1,
    source: FundSource = FundSource.GRANT, category: CostCategory = CostCategory.TASK,
    description: str | None = None,
) -> BudgetLine:  # fmt: skip
    """A budget line of quantity × unit_cost grosze (committed)."""
    line = BudgetLine(
        plan=plan, action=action, category=category.value, source=source.value,
        description=description or f"Pozycja {next(_n)}", quantity=quantity, unit="szt.",
        unit_cost=unit_cost,
    )  # fmt: skip
    db.session.add(line)
    db.session.commit()
    return line


def add_expense(
    line: BudgetLine, amount: int, *, paid_from: FundSource = FundSource.GRANT,
    spent_on: date = date(2026, 5, 10), **fields,
) -> Expense:  # fmt: skip
    expense = Expense(
        plan_id=line.plan_id, budget_line=line, amount=amount, paid_from=paid_from.value,
        spent_on=spent_on, supplier=fields.pop("supplier", "Sklep Papierniczy Sp. z o.o."),
        document_number=fields.pop("document_number", f"FV/{next(_n)}/2026"), **fields,
    )  # fmt: skip
    db.session.add(expense)
    db.session.commit()
    return expense


def add_report(
    plan: Plan, *, period_start: date = date(2026, 4, 1), period_end: date = date(2026, 6, 30),
    kind: ReportKind = ReportKind.PARTIAL, due_on: date | None = None, texts: dict | None = None,
) -> Report:  # fmt: skip
    """The plan's next report, a draft (committed); `texts` are the librarian's words."""
    from app.plans.reports import create_report

    report = create_report(
        plan, kind=kind, period_start=period_start, period_end=period_end, due_on=due_on
    )
    report.texts = texts or {}
    db.session.commit()
    return report


def add_idea(zone: Zone, title: str = "Klub planszówek", status: str = "published"):
    """A resident's idea of the zone (on a board of a new café), in `status` (committed)."""
    from datetime import timedelta

    from app.cafes.models import Idea
    from app.cafes.services import create_cafe
    from app.core.time import utcnow

    cafe = create_cafe(
        zone, title=f"Kawiarenka {next(_n)}", starts_at=utcnow() + timedelta(days=30),
        ends_at=None, place="", description="", questions=["Pytanie 1?", "Pytanie 2?"],
    )  # fmt: skip
    idea = Idea(zone_id=zone.id, board_id=cafe.boards[0].id, title=title, status=status)
    db.session.add(idea)
    db.session.commit()
    return idea


PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def add_attachment(zone: Zone, data: bytes = PDF_BYTES, name: str = "faktura.pdf", kind=None):
    """An uploaded file of the zone, stored as an upload is (committed)."""
    attachment = store_upload(
        FileStorage(io.BytesIO(data), filename=name), zone, kind or AttachmentKind.RECEIPT, None
    )
    db.session.commit()
    return attachment


def plan_money(zone: Zone, plan: Plan | None = None) -> dict:
    """In `plan` (else a new plan with a grant and an action): a budget line of its first
    action with an expense (and its receipt) and a contribution: the values the money
    routes' paths name."""
    plan = plan or make_plan(zone, actions=1, awarded=500_000)
    line = add_line(plan, 100_000, action=plan.actions[0])
    receipt = add_attachment(zone)
    expense = add_expense(line, 20_000, receipt_id=receipt.id)
    contribution = Contribution(
        plan_id=plan.id, kind=FundSource.IN_KIND.value, given_on=date(2026, 5, 1),
        description="Sala użyczona przez szkołę", value=30_000,
    )  # fmt: skip
    db.session.add(contribution)
    db.session.commit()
    return {
        "line": line.id, "expense": expense.id, "contribution": contribution.id,
        "attachment": receipt.id, "action_number": plan.actions[0].number,
        "milestone": plan.actions[0].milestones[0].id,
    }  # fmt: skip


def submitted_report(plan: Plan, user, **fields) -> Report:
    """A report of the plan submitted through the reports' own rules (its figures frozen):
    every indicator explained and every statement made (committed)."""
    from app.plans.reports import STATEMENTS, submit_report

    report = add_report(plan, **fields)
    report.texts = {
        "actions": {
            str(a.id): {"achieved": "Spotkania się odbyły.", "participants": 14, "lasting": ""}
            for a in plan.actions
        },
        "indicators": {str(i.id): "Zima." for a in plan.actions for i in a.indicators},
        "additional": "Dziękujemy wolontariuszom.",
        "statements": list(STATEMENTS),
    }
    db.session.flush()
    assert submit_report(report, services.get_plan(plan.zone), user) == []
    db.session.commit()
    return report
