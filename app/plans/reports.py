"""Progress reports: the figures and rules of the Polish report on a public task
(sprawozdanie z wykonania zadania publicznego).

Part I is what was done: per action, the librarian's words, its indicators (target against
achieved; an explanation is required below 80% of the target), the participants reached
and what lasts. Part II is the money: costs by category (planned, spent in earlier reports,
spent in this period), by source (with shares that add up to exactly 100%), and the list
of accounting documents of the period. Part III: additional information, photos and the
library's statements.

`report_figures(report)` is the one shape every page, the print, the XLSX and the API read:
the frozen snapshot of a submitted or accepted report, else the live figures. Submitting
stores it in `Report.snapshot` (plain JSON, money as int grosze), so later changes to the
plan or the expenses never change a submitted report.

Functions flush and never commit: the view commits once per request.
"""

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.audit.models import AuditEntry
from app.audit.services import Change, Words, record, register_words
from app.auth.models import User
from app.core.time import utcnow
from app.extensions import db
from app.plans.models import (
    Action,
    Attachment,
    Contribution,
    CostCategory,
    Expense,
    FundSource,
    Milestone,
    Plan,
    Report,
    ReportKind,
    ReportStatus,
)

SUBJECT = "plan_report"
# Below this share of its target an indicator needs the library's explanation.
EXPLAIN_BELOW = 80
TEXT_MAX = 5000

# The library's statements at the end of the report (all are required to submit).
STATEMENTS = {
    "true": _l("All the information in this report is true and agrees with the facts."),
    "carried_out": _l("The task was carried out by the library named in the contract."),
    "legal_status": _l("The library's legal status has not changed since the contract."),
    "amounts_paid": _l("Every amount in the list of accounting documents has actually been paid."),
}


# Reading


def plan_reports(plan: Plan) -> list[Report]:
    """The plan's reports, by number."""
    return list(
        db.session.scalars(select(Report).where(Report.plan_id == plan.id).order_by(Report.number))
    )


def get_report(plan: Plan, number: int) -> Report | None:
    return db.session.scalars(
        select(Report)
        .where(Report.plan_id == plan.id, Report.number == number)
        .options(selectinload(Report.photos), selectinload(Report.submitted_by))
    ).one_or_none()


def next_report_due(plan: Plan) -> Report | None:
    """The plan's report to be submitted next: the earliest due one not yet submitted
    (a draft or returned), or None."""
    return db.session.scalars(
        select(Report)
        .where(
            Report.plan_id == plan.id,
            Report.status.in_([ReportStatus.DRAFT.value, ReportStatus.RETURNED.value]),
            Report.due_on.is_not(None),
        )
        .order_by(Report.due_on, Report.number)
        .limit(1)
    ).first()


def plan_photos(plan: Plan) -> list[Attachment]:
    """The photos of the plan's milestones, that a report can show (one query)."""
    return list(
        db.session.scalars(
            select(Attachment)
            .join(Milestone, Milestone.photo_id == Attachment.id)
            .join(Action, Action.id == Milestone.action_id)
            .where(Action.plan_id == plan.id)
            .order_by(Attachment.id)
            .distinct()
        )
    )


def visible_to_residents(report: Report, plan: Plan) -> bool:
    """Residents read the submitted and accepted reports of a published plan."""
    return plan.is_published and report.is_frozen


# Creating and editing


def create_report(
    plan: Plan, *, kind: ReportKind, period_start: date, period_end: date,
    due_on: date | None = None,
) -> Report:  # fmt: skip
    """The plan's next report, a draft (flushes)."""
    highest = db.session.scalar(select(func.max(Report.number)).where(Report.plan_id == plan.id))
    report = Report(
        plan_id=plan.id, number=(highest or 0) + 1, kind=kind.value, period_start=period_start,
        period_end=period_end, due_on=due_on, texts={},
    )  # fmt: skip
    db.session.add(report)
    db.session.flush()
    return report


def is_editable(report: Report) -> bool:
    return report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)


def save_texts(report: Report, texts: dict, photos: list[Attachment]) -> None:
    """The librarian's words (a new dict: JSON columns do not see changes in place)."""
    report.texts = texts
    report.photos = photos
    db.session.flush()


# The figures


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _shares(parts: list[int]) -> list[str | None]:
    """Each part as a percentage of their sum, to a tenth, adding up to exactly 100.0
    (the largest remainders get the rounding's tenths); None for all when the sum is 0."""
    whole = sum(parts)
    if not whole:
        return [None] * len(parts)
    tenths = [part * 1000 // whole for part in parts]
    remainders = [part * 1000 % whole for part in parts]
    for index in sorted(range(len(parts)), key=lambda i: -remainders[i])[: 1000 - sum(tenths)]:
        tenths[index] += 1
    return [f"{t // 10}.{t % 10}" for t in tenths]


def _money_row(**fields) -> dict:
    return {"planned": 0, "earlier": 0, "this_period": 0} | fields


def _part_one(report: Report, plan: Plan) -> list[dict]:
    texts = report.texts or {}
    action_texts = texts.get("actions", {})
    explanations = texts.get("indicators", {})
    actions = []
    for action in plan.actions:
        words = action_texts.get(str(action.id), {})
        indicators = []
        for indicator in action.indicators:
            reached = indicator.reached_share
            needs = bool(indicator.target) and (reached is None or reached < EXPLAIN_BELOW)
            indicators.append(
                {
                    "id": indicator.id,
                    "name": indicator.name,
                    "unit": indicator.unit,
                    "target": indicator.target,
                    "achieved": indicator.achieved,
                    "reached_share": reached,
                    "needs_explanation": needs,
                    "explanation": explanations.get(str(indicator.id), ""),
                }
            )
        actions.append(
            {
                "id": action.id,
                "number": action.number,
                "title": action.title,
                "status": action.status,
                "achieved": words.get("achieved", ""),
                "participants": words.get("participants"),
                "lasting": words.get("lasting", ""),
                "indicators": indicators,
            }
        )
    return actions


def _earlier_frozen(report: Report) -> list[Report]:
    """The plan's submitted or accepted reports of periods before this one."""
    return list(
        db.session.scalars(
            select(Report)
            .where(
                Report.plan_id == report.plan_id,
                Report.id != report.id,
                Report.status.in_([ReportStatus.SUBMITTED.value, ReportStatus.ACCEPTED.value]),
                Report.period_end < report.period_start,
            )
            .order_by(Report.number)
        )
    )


def _part_two(report: Report, plan: Plan) -> dict:
    lines = {line.id: line for line in plan.budget_lines}
    categories = {c.value: _money_row(category=c.value) for c in CostCategory}
    sources = {s.value: _money_row(source=s.value) for s in FundSource}
    for line in plan.budget_lines:
        categories[line.category]["planned"] += line.amount
        sources[line.source]["planned"] += line.amount

    # Spent in earlier reports: what their frozen figures say, and what was spent before
    # this period outside any of their periods (entered late, or with no report then).
    earlier_reports = _earlier_frozen(report)
    covered = [(r.period_start, r.period_end) for r in earlier_reports]
    for earlier in earlier_reports:
        money = (earlier.snapshot or {}).get("money", {})
        for row in money.get("categories", []):
            if row["category"] in categories:
                categories[row["category"]]["earlier"] += row["this_period"]
        for row in money.get("sources", []):
            if row["source"] in sources:
                sources[row["source"]]["earlier"] += row["this_period"]

    def bucket(day: date) -> str | None:
        if report.period_start <= day <= report.period_end:
            return "this_period"
        if day < report.period_start and not any(s <= day <= e for s, e in covered):
            return "earlier"
        return None

    expenses = list(
        db.session.scalars(
            select(Expense)
            .where(Expense.plan_id == plan.id, Expense.spent_on <= report.period_end)
            .order_by(Expense.spent_on, Expense.id)
        )
    )
    documents = []
    for expense in expenses:
        where = bucket(expense.spent_on)
        if where is None:
            continue
        line = lines.get(expense.budget_line_id)
        category = line.category if line is not None else CostCategory.TASK.value
        categories[category][where] += expense.amount
        sources[expense.paid_from][where] += expense.amount
        if where == "this_period":
            documents.append(
                {
                    "number": len(documents) + 1,
                    "document_number": expense.document_number,
                    "budget_line": line.description if line is not None else "",
                    "spent_on": expense.spent_on.isoformat(),
                    "supplier": expense.supplier,
                    "note": expense.note,
                    "amount": expense.amount,
                    "from_grant": expense.amount if expense.paid_from == FundSource.GRANT else 0,
                    "receipt_id": expense.receipt_id,
                }
            )
    for line_id, kind, given_on, value in db.session.execute(
        select(
            Contribution.budget_line_id, Contribution.kind, Contribution.given_on,
            Contribution.value,
        ).where(Contribution.plan_id == plan.id, Contribution.given_on <= report.period_end)
    ):  # fmt: skip
        where = bucket(given_on)
        if where is None:
            continue
        line = lines.get(line_id)
        category = line.category if line is not None else CostCategory.TASK.value
        categories[category][where] += int(value)
        sources[kind][where] += int(value)

    for row in (*categories.values(), *sources.values()):
        row["total"] = row["earlier"] + row["this_period"]
    source_rows = list(sources.values())
    for key in ("planned", "total"):
        for row, part in zip(source_rows, _shares([row[key] for row in source_rows]), strict=True):
            row[f"{key}_share"] = part
    total = _money_row()
    for row in categories.values():
        for key in ("planned", "earlier", "this_period"):
            total[key] += row[key]
    total["total"] = total["earlier"] + total["this_period"]
    return {
        "categories": list(categories.values()),
        "sources": source_rows,
        "total": total,
        "documents": documents,
        "documents_total": sum(d["amount"] for d in documents),
        "documents_from_grant": sum(d["from_grant"] for d in documents),
        "awarded": plan.grant.amount_awarded if plan.grant is not None else 0,
    }


def live_figures(report: Report, plan: Plan) -> dict:
    """The report's figures and words as of now (a draft's or a returned report's)."""
    texts = report.texts or {}
    return {
        "number": report.number,
        "kind": report.kind,
        "period_start": report.period_start.isoformat(),
        "period_end": report.period_end.isoformat(),
        "plan_title": plan.title,
        "grant": (
            {
                "funder": plan.grant.funder,
                "programme": plan.grant.programme,
                "contract_number": plan.grant.contract_number,
                "contract_date": _iso(plan.grant.contract_date),
            }
            if plan.grant is not None
            else None
        ),
        "actions": _part_one(report, plan),
        "money": _part_two(report, plan),
        "additional": texts.get("additional", ""),
        "photos": [
            {"id": photo.id, "name": photo.original_name or str(photo.id)}
            for photo in report.photos
        ],
        "statements": [key for key in texts.get("statements", []) if key in STATEMENTS],
    }


def report_figures(report: Report, plan: Plan | None = None) -> dict:
    """What the report says: its frozen snapshot once submitted, else the live figures
    (the same shape). Pass the plan when it is loaded already (saves its queries)."""
    if report.is_frozen and report.snapshot is not None:
        return report.snapshot
    if plan is None:
        from app.plans.services import get_plan

        plan = get_plan(report.plan.zone)
    return live_figures(report, plan)


def public_figures(figures: dict) -> dict:
    """What residents read: everything but the accounting documents and photos (which
    only the zone's team and the coordinator see)."""
    money = {key: value for key, value in figures["money"].items() if key != "documents"}
    return figures | {"money": money, "photos": []}


# The rules of submitting and reviewing


def submit_problems(figures: dict) -> list[dict]:
    """What stops the report from being submitted: each indicator below 80% of its target
    without an explanation, and the statements not made. Each problem is
    {"anchor": an id on the edit page, "message": words}."""
    problems = []
    for action in figures["actions"]:
        for indicator in action["indicators"]:
            if indicator["needs_explanation"] and not indicator["explanation"].strip():
                problems.append(
                    {
                        "anchor": f"i{indicator['id']}_explanation",
                        "message": _(
                            'Action %(number)s, indicator "%(name)s": it reached less than '
                            "%(share)s%% of its target, so explain why.",
                            number=action["number"],
                            name=indicator["name"],
                            share=EXPLAIN_BELOW,
                        ),
                    }
                )
    missing = [key for key in STATEMENTS if key not in figures["statements"]]
    if missing:
        problems.append(
            {
                "anchor": "statements-0",
                "message": _("Tick every statement of the library in Part III."),
            }
        )
    return problems


def submit_report(report: Report, plan: Plan, user: User) -> list[dict]:
    """Freeze and submit the report; returns the problems instead when there are any
    (and changes nothing)."""
    figures = live_figures(report, plan)
    problems = submit_problems(figures)
    if problems:
        return problems
    before = report.status
    report.snapshot = figures
    report.status = ReportStatus.SUBMITTED.value
    report.submitted_at = utcnow()
    report.submitted_by_id = user.id
    report.review_comment = ""
    record(
        "report.submit", SUBJECT, report.id, actor_id=user.id, zone_id=plan.zone_id,
        before={"status": before}, after={"status": report.status},
    )  # fmt: skip
    return []


def review_report(report: Report, plan: Plan, user: User, *, accept: bool, comment: str = ""):
    """The coordinator accepts a submitted report, or returns it with a comment (the
    librarian edits it and submits it again)."""
    before = report.status
    report.status = (ReportStatus.ACCEPTED if accept else ReportStatus.RETURNED).value
    report.reviewed_at = utcnow()
    report.reviewed_by_id = user.id
    report.review_comment = comment
    if not accept:
        report.snapshot = None  # live again while it is being corrected
    record(
        "report.accept" if accept else "report.return", SUBJECT, report.id, actor_id=user.id,
        zone_id=plan.zone_id, before={"status": before}, after={"status": report.status},
        reason=comment or None,
    )  # fmt: skip
    db.session.flush()


def describe(entry: AuditEntry) -> Words:
    """A report's audit entry in words."""
    action = {
        "report.submit": _("report submitted"),
        "report.accept": _("report accepted"),
        "report.return": _("report returned for changes"),
    }.get(entry.action) or _("other change")

    def status(value):
        try:
            return ReportStatus(value).label
        except ValueError:
            return "—"

    changes = []
    if "status" in (entry.after or {}):
        changes.append(
            Change(
                _("Status"),
                status(entry.before.get("status")) if entry.before else None,
                status(entry.after["status"]),
            )
        )
    return Words(action, _("report #%(id)s", id=entry.subject_id), changes)


register_words(SUBJECT, describe)
