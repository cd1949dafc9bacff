"""The plan's progress reports: the list, a new report, its page (the three parts of the
Polish report on a public task), the librarian's words, submitting, the coordinator's
review, the A4 print and Part II as XLSX.

The zone's team (librarians, officials) and the coordinator read every report; librarians
and the coordinator write them; the coordinator accepts or returns them. Residents read
the submitted and accepted reports of a published plan, without the accounting documents.
"""

from decimal import Decimal

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.downloads import download, xlsx_sheets
from app.core.forms import ActionForm
from app.core.money import GROSZE
from app.extensions import db
from app.plans import bp
from app.plans.models import CostCategory, FundSource, Plan, Report, ReportKind, ReportStatus
from app.plans.report_forms import (
    ReportNewForm,
    ReturnForm,
    form_data_from_texts,
    report_texts_form,
    texts_from_form,
)
from app.plans.reports import (
    STATEMENTS,
    create_report,
    get_report,
    is_editable,
    plan_photos,
    plan_reports,
    public_figures,
    report_figures,
    review_report,
    save_texts,
    submit_report,
    visible_to_residents,
)
from app.plans.services import get_plan_or_404
from app.zones.access import can_manage_zone, can_see_zone_team, is_coordinator, zone_route
from app.zones.models import Zone

BASE = "/zones/<zone_slug>/plan/reports"

bp.add_app_template_global(ReportKind, "ReportKind")


def _report(zone: Zone, number: int) -> tuple[Plan, Report, bool]:
    """The plan, its report `number` and whether the visitor is of the zone's team; 404
    for a report the visitor may not read."""
    plan = get_plan_or_404(zone)
    report = get_report(plan, number)
    if report is None:
        abort(404)
    team = can_see_zone_team(current_user, zone)
    if not team and not visible_to_residents(report, plan):
        abort(404)
    return plan, report, team


def _report_url(zone: Zone, report: Report, endpoint: str = "plans.report") -> str:
    return url_for(endpoint, zone_slug=zone.slug, number=report.number)


def _page(zone, plan, report, team, *, problems=(), return_form=None, status=200):
    figures = report_figures(report, plan)
    if not team:
        figures = public_figures(figures)
    return (
        render_template(
            "plans/report.html",
            zone=zone,
            plan=plan,
            report=report,
            figures=figures,
            team=team,
            can_manage=can_manage_zone(current_user, zone),
            coordinator=is_coordinator(current_user),
            editable=is_editable(report),
            statements=STATEMENTS,
            action_form=ActionForm(),
            return_form=return_form or ReturnForm(),
            problems=problems,
        ),
        status,
    )


@bp.get(BASE)
@zone_route()
def reports(zone: Zone):
    """The plan's reports: all of them for the zone's team, the submitted and accepted ones
    of a published plan for residents."""
    plan = get_plan_or_404(zone)
    team = can_see_zone_team(current_user, zone)
    if not team and not plan.is_published:
        abort(404)
    shown = [r for r in plan_reports(plan) if team or visible_to_residents(r, plan)]
    return render_template(
        "plans/reports.html", zone=zone, plan=plan, reports=shown,
        can_manage=can_manage_zone(current_user, zone),
    )  # fmt: skip


@bp.route(f"{BASE}/new", methods=["GET", "POST"])
@zone_route(can_manage_zone)
def report_new(zone: Zone):
    """A new report for a period (numbered in the plan)."""
    plan = get_plan_or_404(zone)
    form = ReportNewForm()
    if form.validate_on_submit():
        report = create_report(
            plan, kind=ReportKind(form.kind.data), period_start=form.period_start.data,
            period_end=form.period_end.data, due_on=form.due_on.data,
        )  # fmt: skip
        db.session.commit()
        flash(_("Report %(number)s has been started.", number=report.number), "success")
        return redirect(_report_url(zone, report, "plans.report_edit"))
    status = 422 if form.is_submitted() else 200
    return render_template("plans/report_new.html", zone=zone, plan=plan, form=form), status


@bp.get(f"{BASE}/<int:number>")
@zone_route()
def report(zone: Zone, number: int):
    """The report's three parts: live figures while a draft, frozen once submitted."""
    plan, report, team = _report(zone, number)
    return _page(zone, plan, report, team)


@bp.route(f"{BASE}/<int:number>/edit", methods=["GET", "POST"])
@zone_route(can_manage_zone)
def report_edit(zone: Zone, number: int):
    """The librarian's words: Part I per action and indicator, Part III."""
    plan, report, _team = _report(zone, number)
    if not is_editable(report):
        flash(_("A submitted report cannot be changed."), "error")
        return redirect(_report_url(zone, report))
    photos = plan_photos(plan)
    form = report_texts_form(
        plan, photos, data=form_data_from_texts(report.texts or {}, [p.id for p in report.photos])
    )
    if form.validate_on_submit():
        chosen = set(form.photo_ids.data or [])
        save_texts(report, texts_from_form(form, plan), [p for p in photos if p.id in chosen])
        db.session.commit()
        flash(_("The report has been saved."), "success")
        return redirect(_report_url(zone, report))
    status = 422 if form.is_submitted() else 200
    figures = report_figures(report, plan)
    return (
        render_template(
            "plans/report_edit.html",
            zone=zone,
            plan=plan,
            report=report,
            form=form,
            figures=figures,
        ),
        status,
    )


@bp.post(f"{BASE}/<int:number>/submit")
@zone_route(can_manage_zone)
def report_submit(zone: Zone, number: int):
    """Submit the report: its figures and words are frozen from now on."""
    plan, report, team = _report(zone, number)
    if not is_editable(report):
        flash(_("This report has been submitted already."), "error")
        return redirect(_report_url(zone, report))
    problems = submit_report(report, plan, current_user)
    if problems:
        db.session.rollback()
        return _page(zone, plan, report, team, problems=problems, status=422)
    db.session.commit()
    flash(_("The report has been submitted to the coordinator."), "success")
    return redirect(_report_url(zone, report))


@bp.post(f"{BASE}/<int:number>/accept")
@zone_route(is_coordinator)
def report_accept(zone: Zone, number: int):
    """The coordinator accepts a submitted report."""
    plan, report, _team = _report(zone, number)
    if report.status != ReportStatus.SUBMITTED:
        flash(_("Only a submitted report can be accepted or returned."), "error")
        return redirect(_report_url(zone, report))
    review_report(report, plan, current_user, accept=True)
    db.session.commit()
    flash(_("The report has been accepted."), "success")
    return redirect(_report_url(zone, report))


@bp.post(f"{BASE}/<int:number>/return")
@zone_route(is_coordinator)
def report_return(zone: Zone, number: int):
    """The coordinator returns a submitted report to the library, saying what to change."""
    plan, report, team = _report(zone, number)
    if report.status != ReportStatus.SUBMITTED:
        flash(_("Only a submitted report can be accepted or returned."), "error")
        return redirect(_report_url(zone, report))
    form = ReturnForm()
    if not form.validate_on_submit():
        return _page(zone, plan, report, team, return_form=form, status=422)
    review_report(report, plan, current_user, accept=False, comment=form.comment.data)
    db.session.commit()
    flash(_("The report has been returned to the library."), "success")
    return redirect(_report_url(zone, report))


@bp.get(f"{BASE}/<int:number>/print")
@zone_route(can_see_zone_team)
def report_print(zone: Zone, number: int):
    """The report on A4 paper."""
    plan, report, _team = _report(zone, number)
    return render_template(
        "plans/report_print.html", zone=zone, plan=plan, report=report,
        figures=report_figures(report, plan), team=True, statements=STATEMENTS,
        photo_links=False,
    )  # fmt: skip


def _zloty(grosze: int | None) -> Decimal | None:
    """An amount for a spreadsheet: złoty with 2 decimals, exact."""
    if grosze is None:
        return None
    return (Decimal(grosze) / GROSZE).quantize(Decimal("0.01"))


def _percent(share: str | None) -> Decimal | None:
    return Decimal(share) if share is not None else None


@bp.get(f"{BASE}/<int:number>/part-2.xlsx")
@zone_route(can_see_zone_team)
def report_xlsx(zone: Zone, number: int):
    """Part II (the money) as a spreadsheet: costs by category and by source, and the list
    of accounting documents."""
    plan, report, _team = _report(zone, number)
    money = report_figures(report, plan)["money"]
    heads = [_("Planned per the contract"), _("Spent in earlier reports"),
             _("Spent in this period"), _("Spent in total")]  # fmt: skip
    keys = ("planned", "earlier", "this_period", "total")
    costs = [[_("Costs by category"), *heads]]
    for row in money["categories"]:
        costs.append([str(CostCategory(row["category"]).label)] + [_zloty(row[k]) for k in keys])
    costs.append([_("Total")] + [_zloty(money["total"][k]) for k in keys])
    sources = [[_("Costs by source"), *heads, _("Share planned (%)"), _("Share spent (%)")]]
    for row in money["sources"]:
        sources.append(
            [str(FundSource(row["source"]).label)]
            + [_zloty(row[k]) for k in keys]
            + [_percent(row["planned_share"]), _percent(row["total_share"])]
        )
    documents = [[
        _("No."), _("Document number"), _("Budget line"), _("Date"), _("Supplier"), _("Note"),
        _("Amount (PLN)"), _("Of which from the grant (PLN)"),
    ]]  # fmt: skip
    for doc in money["documents"]:
        documents.append([
            doc["number"], doc["document_number"], doc["budget_line"], doc["spent_on"],
            doc["supplier"], doc["note"], _zloty(doc["amount"]), _zloty(doc["from_grant"]),
        ])  # fmt: skip
    body = xlsx_sheets(
        [
            (_("By category"), costs),
            (_("By source"), sources),
            (_("Accounting documents"), documents),
        ]
    )
    return download(body, f"report-{report.number}-part-2.xlsx")
