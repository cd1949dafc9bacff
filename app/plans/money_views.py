"""The plan's money: the grant, the budget and its overview, expenses, contributions, and
the zone's uploaded receipts and photos. The zone team reads everything; its librarians
and the coordinator change it."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from app.audit.services import record
from app.core.forms import ActionForm
from app.core.money import format_money
from app.extensions import db
from app.plans import bp, budget, services, uploads
from app.plans.models import (
    Attachment,
    AttachmentKind,
    Contribution,
    CostCategory,
    Expense,
    FundSource,
    Plan,
)
from app.plans.money_forms import (
    NO_LINE,
    BudgetLineForm,
    ContributionForm,
    ExpenseForm,
    GrantForm,
    PhotoForm,
)
from app.zones.access import can_manage_zone, can_see_zone_team, zone_route
from app.zones.models import Zone

# The routes that take a file: their requests may be larger than the app's usual limit.
UPLOAD_ENDPOINTS = frozenset({"plans.expense_add", "plans.milestone_photo"})


@bp.url_value_preprocessor
def _allow_uploads(endpoint, _values) -> None:
    """Raise the request size limit for upload routes only. This runs before every
    before_request function, the CSRF check's included, which reads the form first."""
    if endpoint in UPLOAD_ENDPOINTS and request.method == "POST":
        request.max_content_length = uploads.request_limit()


def plan_page(zone: Zone) -> str:
    """The plan's page."""
    return url_for("plans.show", zone_slug=zone.slug)


def _no_plan(zone: Zone, title: str):
    return render_template(
        "plans/money_no_plan.html", zone=zone, page_title=title, plan_url=plan_page(zone)
    )


def _refused(form, error: budget.BudgetError) -> None:
    """Put a refusal of the budget's rules on its field (or the whole form)."""
    name = error.field
    if name and name in form:
        form[name].errors = [*form[name].errors, str(error)]
    else:
        form.form_errors.append(str(error))


# The grant


@bp.route("/zones/<zone_slug>/plan/grant", methods=["GET", "POST"])
@zone_route(can_manage_zone)
def grant(zone: Zone):
    """The plan's grant: funder, programme, contract, amount awarded and period."""
    plan = services.get_plan(zone)
    if plan is None:
        return _no_plan(zone, _("The grant"))
    existing = plan.grant
    form = GrantForm(
        obj=existing, funder=services.DEFAULT_FUNDER, programme=services.DEFAULT_PROGRAMME
    )
    if form.validate_on_submit():
        before = _grant_record(existing)
        try:
            saved = budget.save_grant(plan, current_user, **form.fields())
        except budget.BudgetError as refused:
            db.session.rollback()
            _refused(form, refused)
        else:
            record(
                "grant_saved", "plan_grant", saved.id, actor_id=current_user.id,
                zone_id=zone.id, before=before, after=_grant_record(saved),
            )  # fmt: skip
            db.session.commit()
            flash(_("The grant has been saved."), "success")
            return redirect(url_for("plans.budget", zone_slug=zone.slug))
    return render_template(
        "plans/money_grant.html", zone=zone, plan=plan, form=form,
        limit=services.grant_limit(), planned=budget.grant_planned(plan),
        plan_url=plan_page(zone),
    ), (422 if form.errors or form.form_errors else 200)  # fmt: skip


def _grant_record(grant) -> dict:
    if grant is None:
        return {}
    return {
        "funder": grant.funder, "contract_number": grant.contract_number,
        "amount_awarded": grant.amount_awarded,
    }  # fmt: skip


# The budget


@bp.get("/zones/<zone_slug>/plan/budget", endpoint="budget")
@zone_route(can_see_zone_team)
def budget_page(zone: Zone):
    """The budget's lines and the money overview: planned against spent."""
    plan = services.get_plan(zone)
    if plan is None:
        return _no_plan(zone, _("The budget"))
    summary = services.budget_summary(plan)
    actions = {action.id: action for action in plan.actions}
    return render_template(
        "plans/money_budget.html", zone=zone, plan=plan, summary=summary, actions=actions,
        lines_by_action=_lines_by_action(plan), can_manage=can_manage_zone(current_user, zone),
        delete_form=ActionForm(), plan_url=plan_page(zone),
    )  # fmt: skip


def _lines_by_action(plan: Plan) -> list[tuple]:
    """(action or None, its lines) in the plan's order; lines of no action last."""
    groups = [
        (action, [line for line in plan.budget_lines if line.action_id == action.id])
        for action in plan.actions
    ]
    known = {action.id for action in plan.actions}
    loose = [line for line in plan.budget_lines if line.action_id not in known]
    return [group for group in groups if group[1]] + ([(None, loose)] if loose else [])


def _line_form(plan: Plan, **kwargs) -> BudgetLineForm:
    form = BudgetLineForm(**kwargs)
    form.action.choices = [SelectChoice(NO_LINE, _("No action (e.g. administrative costs)"))] + [
        SelectChoice(a.id, _("Action %(number)s: %(title)s", number=a.number, title=a.title))
        for a in plan.actions
    ]
    return form


def _line_page(zone: Zone, plan: Plan, form: BudgetLineForm, line=None):
    return render_template(
        "plans/money_line_form.html", zone=zone, plan=plan, form=form, line=line,
        left=budget.grant_left(plan, without=line), awarded=budget.awarded(plan),
        hourly_rate=services.hourly_rate(), plan_url=plan_page(zone),
    ), (422 if form.errors or form.form_errors else 200)  # fmt: skip


@bp.route("/zones/<zone_slug>/plan/budget/lines/new", methods=["GET", "POST"])
@zone_route(can_manage_zone)
def line_new(zone: Zone):
    """Add a budget line."""
    plan = services.get_plan(zone)
    if plan is None:
        return _no_plan(zone, _("The budget"))
    prefill = {"action": request.args.get("action", NO_LINE, type=int)}
    if request.args.get("source") == FundSource.VOLUNTEER:
        # Volunteer work: hours at the hourly rate.
        prefill |= {
            "source": FundSource.VOLUNTEER.value, "unit": budget.VOLUNTEER_UNIT,
            "unit_cost": services.hourly_rate(), "category": CostCategory.TASK.value,
        }  # fmt: skip
    form = _line_form(plan, **prefill)
    if form.validate_on_submit():
        try:
            budget.add_line(plan, current_user, **form.fields())
        except budget.BudgetError as refused:
            db.session.rollback()
            plan = services.get_plan(zone)
            _refused(form, refused)
        else:
            db.session.commit()
            flash(_("The budget line has been added."), "success")
            return redirect(url_for("plans.budget", zone_slug=zone.slug))
    return _line_page(zone, plan, form)


@bp.route("/zones/<zone_slug>/plan/budget/lines/<int:line_id>", methods=["GET", "POST"])
@zone_route(can_manage_zone)
def line_edit(zone: Zone, line_id: int):
    """Change a budget line."""
    plan = services.get_plan_or_404(zone)
    line = budget.get_line(plan, line_id) or abort(404)
    form = _line_form(plan)
    if request.method == "GET":
        form.process(obj=line)
        form.action.data = line.action_id or NO_LINE
    elif form.validate_on_submit():
        try:
            budget.update_line(line, current_user, **form.fields())
        except budget.BudgetError as refused:
            db.session.rollback()
            plan = services.get_plan(zone)
            line = budget.get_line(plan, line_id)
            _refused(form, refused)
        else:
            db.session.commit()
            flash(_("The budget line has been saved."), "success")
            return redirect(url_for("plans.budget", zone_slug=zone.slug))
    return _line_page(zone, plan, form, line)


@bp.post("/zones/<zone_slug>/plan/budget/lines/<int:line_id>/delete")
@zone_route(can_manage_zone)
def line_delete(zone: Zone, line_id: int):
    """Delete a budget line that has no expenses."""
    plan = services.get_plan_or_404(zone)
    line = budget.get_line(plan, line_id) or abort(404)
    if ActionForm().validate_on_submit():
        try:
            budget.delete_line(line, current_user)
        except budget.LineHasExpensesError as refused:
            db.session.rollback()
            flash(str(refused), "info")
        else:
            db.session.commit()
            flash(_("The budget line has been deleted."), "success")
    return redirect(url_for("plans.budget", zone_slug=zone.slug))


# Expenses


def _expense_form(plan: Plan, **kwargs) -> ExpenseForm:
    form = ExpenseForm(**kwargs)
    form.budget_line.choices = [SelectChoice(NO_LINE, _("Choose a line"))] + [
        SelectChoice(line.id, _line_label(line, plan)) for line in plan.budget_lines
    ]
    return form


def _line_label(line, plan: Plan) -> str:
    action = next((a for a in plan.actions if a.id == line.action_id), None)
    prefix = _("Action %(number)s", number=action.number) + ": " if action else ""
    source = FundSource(line.source).label
    return f"{prefix}{line.description} ({format_money(line.amount)}, {source})"


def _expenses_page(zone: Zone, plan: Plan, form: ExpenseForm | None):
    summary = services.budget_summary(plan)
    return render_template(
        "plans/money_expenses.html", zone=zone, plan=plan, form=form, summary=summary,
        expenses=budget.plan_expenses(plan),
        lines={line.id: line for line in plan.budget_lines},
        can_manage=can_manage_zone(current_user, zone), delete_form=ActionForm(),
        plan_url=plan_page(zone),
    ), (422 if form is not None and (form.errors or form.form_errors) else 200)  # fmt: skip


@bp.get("/zones/<zone_slug>/plan/expenses")
@zone_route(can_see_zone_team)
def expenses(zone: Zone):
    """The plan's expenses (and, for its managers, the form to record one)."""
    plan = services.get_plan(zone)
    if plan is None:
        return _no_plan(zone, _("Expenses"))
    form = _expense_form(plan) if can_manage_zone(current_user, zone) else None
    return _expenses_page(zone, plan, form)


@bp.post("/zones/<zone_slug>/plan/expenses")
@zone_route(can_manage_zone)
def expense_add(zone: Zone):
    """Record an expense, with its receipt when one is sent."""
    plan = services.get_plan_or_404(zone)
    form = _expense_form(plan)
    if form.validate_on_submit():
        try:
            receipt = None
            if form.receipt.data:
                receipt = uploads.store_upload(
                    form.receipt.data, zone, AttachmentKind.RECEIPT, current_user
                )
        except uploads.UploadError as refused:
            db.session.rollback()
            form.receipt.errors = [*form.receipt.errors, str(refused)]
        else:
            budget.add_expense(
                plan, current_user, **form.fields(),
                receipt_id=receipt.id if receipt is not None else None,
            )  # fmt: skip
            db.session.commit()
            flash(_("The expense has been recorded."), "success")
            return redirect(url_for("plans.expenses", zone_slug=zone.slug))
    return _expenses_page(zone, plan, form)


@bp.post("/zones/<zone_slug>/plan/expenses/<int:expense_id>/delete")
@zone_route(can_manage_zone)
def expense_delete(zone: Zone, expense_id: int):
    """Delete an expense recorded by mistake (the audit log keeps what it was)."""
    plan = services.get_plan_or_404(zone)
    expense = db.session.get(Expense, expense_id)
    if expense is None or expense.plan_id != plan.id:
        abort(404)
    if ActionForm().validate_on_submit():
        record(
            "expense_deleted", "plan_expense", expense.id, actor_id=current_user.id,
            zone_id=zone.id, before={
                "amount": expense.amount, "supplier": expense.supplier,
                "document_number": expense.document_number,
                "spent_on": expense.spent_on.isoformat(), "paid_from": expense.paid_from,
            },
        )  # fmt: skip
        db.session.delete(expense)
        db.session.commit()
        flash(_("The expense has been deleted."), "success")
    return redirect(url_for("plans.expenses", zone_slug=zone.slug))


# Contributions


def _contribution_form(plan: Plan, **kwargs) -> ContributionForm:
    form = ContributionForm(**kwargs)
    form.budget_line.choices = [SelectChoice(NO_LINE, _("No line"))] + [
        SelectChoice(line.id, _line_label(line, plan))
        for line in plan.budget_lines
        if line.source in (FundSource.VOLUNTEER, FundSource.IN_KIND)
    ]
    return form


def _contributions_page(zone: Zone, plan: Plan, form: ContributionForm | None):
    contributions = budget.plan_contributions(plan)
    return render_template(
        "plans/money_contributions.html", zone=zone, plan=plan, form=form,
        contributions=contributions, total=sum(c.value for c in contributions),
        lines={line.id: line for line in plan.budget_lines},
        hourly_rate=services.hourly_rate(), can_manage=can_manage_zone(current_user, zone),
        delete_form=ActionForm(), plan_url=plan_page(zone),
    ), (422 if form is not None and (form.errors or form.form_errors) else 200)  # fmt: skip


@bp.get("/zones/<zone_slug>/plan/contributions")
@zone_route(can_see_zone_team)
def contributions(zone: Zone):
    """Volunteer work and in-kind contributions given to the plan."""
    plan = services.get_plan(zone)
    if plan is None:
        return _no_plan(zone, _("Contributions"))
    form = _contribution_form(plan) if can_manage_zone(current_user, zone) else None
    return _contributions_page(zone, plan, form)


@bp.post("/zones/<zone_slug>/plan/contributions")
@zone_route(can_manage_zone)
def contribution_add(zone: Zone):
    """Record volunteer work or an in-kind contribution."""
    plan = services.get_plan_or_404(zone)
    form = _contribution_form(plan)
    if form.validate_on_submit():
        budget.add_contribution(plan, current_user, **form.fields())
        db.session.commit()
        flash(_("The contribution has been recorded."), "success")
        return redirect(url_for("plans.contributions", zone_slug=zone.slug))
    return _contributions_page(zone, plan, form)


@bp.post("/zones/<zone_slug>/plan/contributions/<int:contribution_id>/delete")
@zone_route(can_manage_zone)
def contribution_delete(zone: Zone, contribution_id: int):
    """Delete a contribution recorded by mistake."""
    plan = services.get_plan_or_404(zone)
    contribution = db.session.get(Contribution, contribution_id)
    if contribution is None or contribution.plan_id != plan.id:
        abort(404)
    if ActionForm().validate_on_submit():
        db.session.delete(contribution)
        db.session.commit()
        flash(_("The contribution has been deleted."), "success")
    return redirect(url_for("plans.contributions", zone_slug=zone.slug))


# Files


@bp.get("/zones/<zone_slug>/plan/attachments/<int:attachment_id>")
@zone_route(can_see_zone_team)
def attachment(zone: Zone, attachment_id: int):
    """A receipt or photo of the zone, as a download for its team only."""
    found = db.session.get(Attachment, attachment_id)
    if found is None or found.zone_id != zone.id:
        abort(404)
    try:
        return uploads.send_attachment(found)
    except FileNotFoundError:
        abort(404)


@bp.route(
    "/zones/<zone_slug>/plan/actions/<int:number>/milestones/<int:milestone_id>/photo",
    methods=["GET", "POST"],
)
@zone_route(can_manage_zone)
def milestone_photo(zone: Zone, number: int, milestone_id: int):
    """A photo of a milestone reached (it replaces the one before)."""
    plan = services.get_plan_or_404(zone)
    action = services.get_plan_action(plan, number)
    milestone = next((m for m in action.milestones if m.id == milestone_id), None)
    if milestone is None:
        abort(404)
    form = PhotoForm()
    if form.validate_on_submit():
        try:
            photo = uploads.store_upload(form.photo.data, zone, AttachmentKind.PHOTO, current_user)
        except uploads.UploadError as refused:
            db.session.rollback()
            form.photo.errors = [*form.photo.errors, str(refused)]
        else:
            milestone.photo_id = photo.id
            db.session.commit()
            flash(_("The photo has been saved."), "success")
            return redirect(_action_page(zone, number))
    return render_template(
        "plans/money_photo.html", zone=zone, plan=plan, action=action, milestone=milestone,
        form=form, action_url=_action_page(zone, number),
    ), (422 if form.errors else 200)  # fmt: skip


def _action_page(zone: Zone, number: int) -> str:
    return url_for("plans.action", zone_slug=zone.slug, number=number)
