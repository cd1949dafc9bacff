"""The zone's published development plan and its submitted reports, as open data.

Money is whole grosze (integers) with the same amount as PLN text beside it
("amount": 1000000, "amount_pln": "10000.00"): never a float. Expenses' suppliers,
accounting document numbers and receipts never appear: they are for the zone's team and
the coordinator, on the pages. A draft plan does not exist for the API (404).
"""

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.api import bp
from app.api import schemas as s
from app.api.openapi import documented
from app.api.paging import page_of, paged_reply
from app.api.params import BAD_PARAMETER, LIMIT, PAGE, PAGE_HEADERS, ZONE
from app.core.time import rfc3339
from app.errors.handlers import api_error
from app.extensions import db
from app.plans.models import Action, BudgetLine, Plan, PlanStatus, Report, ReportStatus
from app.plans.services import (
    BudgetSummary,
    Figures,
    budget_summary,
    get_published_plan,
    public_report_figures,
    public_reports,
)  # fmt: skip
from app.surveys.models import Survey
from app.zones.access import zone_route

PUBLIC_REPORTS = (ReportStatus.SUBMITTED.value, ReportStatus.ACCEPTED.value)


def pln(grosze: int) -> str:
    """Grosze as PLN text with a dot and two decimals: 1000000 -> "10000.00"."""
    sign = "-" if grosze < 0 else ""
    whole, fraction = divmod(abs(grosze), 100)
    return f"{sign}{whole}.{fraction:02d}"


def amounts(**grosze_of: int) -> dict:
    """{"amount": 1000000, "amount_pln": "10000.00"} for each amount given."""
    data: dict = {}
    for name, grosze in grosze_of.items():
        data[name] = grosze
        data[f"{name}_pln"] = pln(grosze)
    return data


def _date(day) -> str | None:
    return day.isoformat() if day is not None else None


def _page_url(zone, number: int) -> str:
    """The action's public page."""
    return url_for("plans.action", zone_slug=zone.slug, number=number, _external=True)


def _plan_url(zone) -> str:
    return url_for("plans.show", zone_slug=zone.slug, _external=True)


def _no_plan():
    return api_error(404, _("This zone has not published a development plan."))


NO_PLAN = _l("No such zone, or it has not published a plan (a draft is not public).")


@bp.get("/zones/<zone_slug>/plan")
@documented(
    summary=_l("The zone's development plan"),
    description=_l(
        "The published plan: goals, actions with their milestones and indicators, the ideas "
        "and findings behind them, the grant and the budget planned against spent. Money is "
        "whole grosze with the same amount as PLN text beside it; suppliers, accounting "
        "documents and receipts never appear."
    ),
    params=[ZONE],
    responses={200: (_l("The plan."), s.PlanOut), 404: NO_PLAN},
)
@zone_route()
def plan(zone):
    """The zone's published plan: goals, actions with their milestones, indicators, ideas
    and findings, the grant and the budget planned against spent. A fixed number of
    queries whatever the plan's size."""
    found = get_published_plan(zone)
    if found is None:
        return _no_plan()
    surveys = _finding_surveys(found)
    summary = budget_summary(found)
    return _plan_json(zone, found, surveys, summary)


def _finding_surveys(plan: Plan) -> dict[int, str]:
    """Survey id -> slug for every finding the plan names, in one query."""
    ids = {finding.survey_id for goal in plan.goals for finding in goal.findings}
    ids |= {finding.survey_id for action in plan.actions for finding in action.findings}
    if not ids:
        return {}
    return dict(db.session.execute(select(Survey.id, Survey.slug).where(Survey.id.in_(ids))).all())


def _findings(zone, findings, surveys: dict[int, str]) -> list[dict]:
    return [
        {
            "id": finding.id,
            "url": url_for(
                "dashboards.results",
                zone_slug=zone.slug,
                slug=surveys[finding.survey_id],
                _anchor=f"finding-{finding.id}",
                _external=True,
            ),
        }
        for finding in findings
        if finding.survey_id in surveys
    ]


def _plan_json(zone, plan: Plan, surveys: dict[int, str], summary: BudgetSummary):
    return {
        "zone": zone.slug,
        "url": _plan_url(zone),
        "title": plan.title,
        "period": {"start_year": plan.start_year, "end_year": plan.end_year, "text": plan.period},
        "vision": plan.vision,
        "version": plan.version,
        "published_at": rfc3339(plan.published_at),
        "goals": [
            {
                "id": goal.id,
                "title": goal.title,
                "description": goal.description,
                "findings": _findings(zone, goal.findings, surveys),
                "url": url_for(
                    "plans.show", zone_slug=zone.slug, _anchor=f"goal-{goal.id}", _external=True
                ),
            }
            for goal in plan.goals
        ],
        "actions": [_action(zone, action, surveys) for action in plan.actions],
        "grant": _grant(plan.grant),
        "budget": _budget(plan, summary),
    }


def _grant(grant) -> dict | None:
    """The grant, its contract number included (public information in Poland)."""
    if grant is None:
        return None
    return {
        "funder": grant.funder,
        "programme": grant.programme,
        "contract_number": grant.contract_number or None,
        "contract_date": _date(grant.contract_date),
        **amounts(amount_awarded=grant.amount_awarded),
        "starts_on": _date(grant.starts_on),
        "ends_on": _date(grant.ends_on),
    }


def _action(zone, action: Action, surveys: dict[int, str]) -> dict:
    return {
        "number": action.number,
        "title": action.title,
        "description": action.description,
        "goal": action.goal_id,
        "status": action.status,
        "drop_reason": action.drop_reason,
        "progress": action.progress,
        "progress_is_set": action.progress_is_set,
        "starts_on": _date(action.starts_on),
        "ends_on": _date(action.ends_on),
        "owner": action.owner_name or None,
        "milestones": [
            {"title": m.title, "due_on": _date(m.due_on), "done_on": _date(m.done_on)}
            for m in action.milestones
        ],
        "indicators": [
            {
                "name": i.name,
                "unit": i.unit,
                "target": i.target,
                "achieved": i.achieved,
                "source": i.source,
            }
            for i in action.indicators
        ],
        "ideas": [
            {
                "id": idea.id,
                "url": url_for("cafes.idea", zone_slug=zone.slug, idea_id=idea.id, _external=True),
            }
            for idea in action.ideas
            if idea.visible
        ],
        "findings": _findings(zone, action.findings, surveys),
        "url": _page_url(zone, action.number),
    }


def _figures(figures: Figures) -> dict:
    return amounts(planned=figures.planned, spent=figures.spent)


def _budget(plan: Plan, summary: BudgetSummary) -> dict:
    numbers = {action.id: action.number for action in plan.actions}

    def line(budget_line: BudgetLine) -> dict:
        return {
            "id": budget_line.id,
            "action": numbers.get(budget_line.action_id),
            "category": budget_line.category,
            "description": budget_line.description,
            "quantity": budget_line.quantity,
            "unit": budget_line.unit,
            **amounts(unit_cost=budget_line.unit_cost, amount=budget_line.amount),
            "source": budget_line.source,
            **_figures(summary.lines[budget_line.id]),
        }

    return {
        "lines": [line(budget_line) for budget_line in plan.budget_lines],
        "sources": {str(s.value): _figures(f) for s, f in summary.sources.items()},
        "categories": {str(c.value): _figures(f) for c, f in summary.categories.items()},
        "total": _figures(summary.total),
        **amounts(awarded=summary.awarded, grant_spent=summary.grant_spent),
    }


# Reports: the figures frozen when each was submitted


@bp.get("/zones/<zone_slug>/reports")
@documented(
    summary=_l("The plan's reports"),
    description=_l(
        "The published plan's submitted and accepted reports, by number, with the figures "
        "frozen when each was submitted (drafts and reports returned for changes are the "
        "zone's own)."
    ),
    params=[ZONE, PAGE, LIMIT],
    responses={200: (_l("A page of reports."), s.ReportList), 400: BAD_PARAMETER,
               404: NO_PLAN},
    headers={200: PAGE_HEADERS},
)  # fmt: skip
@zone_route()
def reports(zone):
    """The published plan's submitted and accepted reports with their frozen figures
    (drafts and reports returned for changes are the zone's own)."""
    plan = db.session.scalar(
        select(Plan).where(Plan.zone_id == zone.id, Plan.status == PlanStatus.PUBLISHED)
    )
    if plan is None:
        return _no_plan()
    page = page_of(public_reports(plan))
    return paged_reply(
        page,
        zone=zone.slug,
        plan_url=_plan_url(zone),
        reports=[_report(zone, report) for report in page.items],
    )


def _report(zone, report: Report) -> dict:
    figures = public_report_figures(report)
    return {
        "number": report.number,
        "kind": report.kind,
        "period": {"start": _date(report.period_start), "end": _date(report.period_end)},
        "status": report.status,
        "submitted_at": rfc3339(report.submitted_at),
        "url": url_for("plans.report", zone_slug=zone.slug, number=report.number, _external=True),
        "figures": _report_figures(figures),
    }


# A report's figures as residents read them (app.plans.services.public_report_figures: no
# accounting documents, suppliers or receipts), rebuilt key by key so that nothing else of
# the snapshot slips through. Money is grosze with its PLN text; shares of the sources are
# per cent to a tenth as text ("45.5", adding up to "100.0"), or null when nothing is
# planned or spent; an indicator's reached share is a whole per cent (integer).
MONEY_KEYS = ("planned", "earlier", "this_period", "total")


def _money_figures(row: dict) -> dict:
    return amounts(**{key: int(row.get(key) or 0) for key in MONEY_KEYS})


def _report_figures(figures: dict) -> dict:
    money = figures.get("money") or {}
    return {
        "plan_title": figures.get("plan_title"),
        "actions": [
            {
                "number": action.get("number"),
                "title": action.get("title"),
                "status": action.get("status"),
                "achieved": action.get("achieved", ""),
                "participants": action.get("participants"),
                "lasting": action.get("lasting", ""),
                "indicators": [
                    {
                        "name": indicator.get("name"),
                        "unit": indicator.get("unit"),
                        "target": indicator.get("target"),
                        "achieved": indicator.get("achieved"),
                        "reached_share": indicator.get("reached_share"),
                        "explanation": indicator.get("explanation", ""),
                    }
                    for indicator in action.get("indicators", [])
                ],
            }
            for action in figures.get("actions", [])
        ],
        "money": {
            "categories": [
                {"category": row.get("category"), **_money_figures(row)}
                for row in money.get("categories", [])
            ],
            "sources": [
                {
                    "source": row.get("source"),
                    **_money_figures(row),
                    "planned_share": row.get("planned_share"),
                    "total_share": row.get("total_share"),
                }
                for row in money.get("sources", [])
            ],
            "total": _money_figures(money.get("total") or {}),
            **amounts(
                documents_total=int(money.get("documents_total") or 0),
                documents_from_grant=int(money.get("documents_from_grant") or 0),
                awarded=int(money.get("awarded") or 0),
            ),
        },
        "additional": figures.get("additional", ""),
    }
