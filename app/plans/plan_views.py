"""The plan's own pages: the plan for residents (published) and its team (a draft too), and
for the zone's librarians its details, goals, partners, actions, milestones and indicators.

Every page reads the plan with services.get_plan (a fixed number of queries whatever its
size); every change calls services.plan_changed so that a published plan keeps its versions.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_, select
from wtforms import SelectChoice

from app.audit.services import record
from app.cafes.models import Idea, IdeaStatus
from app.cafes.services import zone_findings
from app.core.collation import polish
from app.core.forms import ActionForm
from app.extensions import db
from app.plans import bp, services
from app.plans.models import (
    Action,
    Goal,
    Indicator,
    Milestone,
    Partner,
    PartnerKind,
    Plan,
)
from app.plans.plan_forms import (
    ActionEditForm,
    GoalForm,
    IndicatorForm,
    MilestoneForm,
    PartnerForm,
    PlanForm,
    StatusForm,
    local_today,
)
from app.zones.access import can_manage_zone, can_see_zone_team, zone_route
from app.zones.models import Zone
from app.zones.services import zone_team

# Ideas an action may carry out: the ones residents can see, not yet implemented.
LINKABLE_STATUSES = (IdeaStatus.PUBLISHED, IdeaStatus.SHORTLISTED, IdeaStatus.CHOSEN)


def _audit(action: str, subject_type: str, subject_id: int, zone: Zone, **fields) -> None:
    record(action, subject_type, subject_id, actor_id=current_user.id, zone_id=zone.id, **fields)


def _show_url(zone: Zone) -> str:
    return url_for("plans.show", zone_slug=zone.slug)


def _action_url(zone: Zone, action: Action) -> str:
    return url_for("plans.action", zone_slug=zone.slug, number=action.number)


def _status(form) -> int:
    return 422 if form.errors else 200


def _finding_choices(zone: Zone) -> list[SelectChoice]:
    return [
        SelectChoice(f.id, f"{f.figure}: {f.text}" if f.figure else f.text)
        for f in zone_findings(zone)
    ]


def _findings_by_id(zone: Zone, ids) -> list:
    wanted = set(ids or [])
    return [finding for finding in zone_findings(zone) if finding.id in wanted]


# The plan


@bp.get("/zones/<zone_slug>/plan")
@zone_route()
def show(zone: Zone):
    """The zone's plan: goals, actions and their progress, the money planned and spent."""
    plan = services.get_plan(zone)
    can_manage = can_manage_zone(current_user, zone)
    if plan is None:
        if not can_manage:
            abort(404)
        return render_template("plans/plan_new.html", zone=zone, form=PlanForm())
    if not (plan.is_published or can_see_zone_team(current_user, zone)):
        abort(404)
    return render_template(
        "plans/plan.html", zone=zone, plan=plan, budget=services.budget_summary(plan),
        can_manage=can_manage, publish_form=ActionForm(),
    )  # fmt: skip


@bp.post("/zones/<zone_slug>/plan/new")
@zone_route(can_manage_zone)
def create(zone: Zone):
    """Start the zone's plan, a draft."""
    if services.get_plan(zone) is not None:
        flash(_("The zone already has a plan."), "info")
        return redirect(_show_url(zone))
    form = PlanForm()
    if not form.validate_on_submit():
        return render_template("plans/plan_new.html", zone=zone, form=form), 422
    plan = services.create_plan(
        zone, title=form.title.data, start_year=form.start_year.data,
        end_year=form.end_year.data, vision=form.vision.data or "", user=current_user,
    )  # fmt: skip
    _audit("plan.create", "plan", plan.id, zone, after={"title": plan.title})
    db.session.commit()
    flash(_("The plan has been started. Add its goals and actions."), "success")
    return redirect(_show_url(zone))


@bp.route("/zones/<zone_slug>/plan/edit", methods=["GET", "POST"])
@zone_route(can_manage_zone)
def edit(zone: Zone):
    """The plan's title, period and vision."""
    plan = services.get_plan_or_404(zone)
    form = PlanForm(obj=plan)
    if form.validate_on_submit():
        plan.title, plan.vision = form.title.data, form.vision.data or ""
        plan.start_year, plan.end_year = form.start_year.data, form.end_year.data
        services.plan_changed(plan, current_user, "plan details changed")
        db.session.commit()
        flash(_("The plan has been saved."), "success")
        return redirect(_show_url(zone))
    return render_template("plans/plan_form.html", zone=zone, plan=plan, form=form), _status(form)


@bp.post("/zones/<zone_slug>/plan/publish")
@zone_route(can_manage_zone)
def publish(zone: Zone):
    """Publish the draft: residents see the plan from now on."""
    plan = services.get_plan_or_404(zone)
    if ActionForm().validate_on_submit() and not plan.is_published:
        services.publish_plan(plan, current_user)
        _audit("plan.publish", "plan", plan.id, zone, after={"version": plan.version})
        db.session.commit()
        flash(_("The plan is published: residents can read it now."), "success")
    return redirect(_show_url(zone))


# Goals


def _goal_form(zone: Zone, **kwargs) -> GoalForm:
    form = GoalForm(**kwargs)
    form.findings.choices = _finding_choices(zone)
    return form


def _get_goal(plan: Plan, goal_id: int) -> Goal:
    goal = next((goal for goal in plan.goals if goal.id == goal_id), None)
    if goal is None:
        abort(404)
    return goal


@bp.route("/zones/<zone_slug>/plan/goals/new", methods=["GET", "POST"])
@zone_route(can_manage_zone)
def goal_new(zone: Zone):
    plan = services.get_plan_or_404(zone)
    form = _goal_form(zone)
    if form.validate_on_submit():
        position = max((goal.position for goal in plan.goals), default=0) + 1
        goal = Goal(
            plan=plan, position=position, title=form.title.data,
            description=form.description.data or "",
            findings=_findings_by_id(zone, form.findings.data),
        )  # fmt: skip
        db.session.add(goal)
        services.plan_changed(plan, current_user, f"goal added: {goal.title}")
        db.session.commit()
        flash(_("The goal has been added."), "success")
        return redirect(_show_url(zone))
    return render_template("plans/goal_form.html", zone=zone, goal=None, form=form), _status(form)


@bp.route("/zones/<zone_slug>/plan/goals/<int:goal_id>/edit", methods=["GET", "POST"])
@zone_route(can_manage_zone)
def goal_edit(zone: Zone, goal_id: int):
    plan = services.get_plan_or_404(zone)
    goal = _get_goal(plan, goal_id)
    form = _goal_form(zone, obj=goal)
    if request.method == "GET":
        form.findings.data = [finding.id for finding in goal.findings]
    elif form.validate_on_submit():
        goal.title, goal.description = form.title.data, form.description.data or ""
        goal.findings = _findings_by_id(zone, form.findings.data)
        services.plan_changed(plan, current_user, f"goal changed: {goal.title}")
        db.session.commit()
        flash(_("The goal has been saved."), "success")
        return redirect(_show_url(zone))
    return render_template(
        "plans/goal_form.html", zone=zone, goal=goal, form=form, delete_form=ActionForm()
    ), _status(form)


@bp.post("/zones/<zone_slug>/plan/goals/<int:goal_id>/delete")
@zone_route(can_manage_zone)
def goal_delete(zone: Zone, goal_id: int):
    """Delete a goal; its actions stay, without a goal."""
    plan = services.get_plan_or_404(zone)
    goal = _get_goal(plan, goal_id)
    if ActionForm().validate_on_submit():
        for action in plan.actions:
            if action.goal_id == goal.id:
                action.goal_id = None
        plan.goals.remove(goal)
        _audit("plan.goal_delete", "plan_goal", goal.id, zone, before={"title": goal.title})
        services.plan_changed(plan, current_user, f"goal deleted: {goal.title}")
        db.session.commit()
        flash(_("The goal has been deleted; its actions stay in the plan."), "success")
    return redirect(_show_url(zone))


# Partners


def _zone_partners(zone: Zone) -> list[Partner]:
    return list(
        db.session.scalars(
            select(Partner)
            .where(Partner.zone_id == zone.id)
            .order_by(polish(Partner.name), Partner.id)
        )
    )


def _get_partner(zone: Zone, partner_id: int) -> Partner:
    partner = db.session.get(Partner, partner_id)
    if partner is None or partner.zone_id != zone.id:
        abort(404)
    return partner


def _partner_name_taken(zone: Zone, form: PartnerForm, partner: Partner | None) -> bool:
    query = select(func.count()).where(
        Partner.zone_id == zone.id, func.lower(Partner.name) == form.name.data.lower()
    )
    if partner is not None:
        query = query.where(Partner.id != partner.id)
    if db.session.scalar(query):
        form.name.errors.append(_("The zone already has a partner of that name."))
        return True
    return False


def _partners_page(zone: Zone, form: PartnerForm, refusal: str | None = None):
    return render_template(
        "plans/partners.html", zone=zone, partners=_zone_partners(zone), form=form,
        kinds={kind.value: kind.label for kind in PartnerKind}, refusal=refusal,
        can_manage=can_manage_zone(current_user, zone), delete_form=ActionForm(),
    ), (409 if refusal else _status(form))  # fmt: skip


@bp.get("/zones/<zone_slug>/plan/partners")
@zone_route(can_see_zone_team)
def partners(zone: Zone):
    """The organisations the zone works with: they can be in charge of actions."""
    return _partners_page(zone, PartnerForm(formdata=None))


@bp.post("/zones/<zone_slug>/plan/partners")
@zone_route(can_manage_zone)
def partner_new(zone: Zone):
    form = PartnerForm()
    if form.validate_on_submit() and not _partner_name_taken(zone, form, None):
        partner = Partner(
            zone_id=zone.id, name=form.name.data, kind=form.kind.data, note=form.note.data or ""
        )
        db.session.add(partner)
        db.session.commit()
        flash(_("The partner has been added."), "success")
        return redirect(url_for("plans.partners", zone_slug=zone.slug))
    return _partners_page(zone, form)


@bp.route("/zones/<zone_slug>/plan/partners/<int:partner_id>/edit", methods=["GET", "POST"])
@zone_route(can_manage_zone)
def partner_edit(zone: Zone, partner_id: int):
    partner = _get_partner(zone, partner_id)
    form = PartnerForm(obj=partner)
    if form.validate_on_submit() and not _partner_name_taken(zone, form, partner):
        partner.name, partner.kind, partner.note = form.name.data, form.kind.data, form.note.data
        plan = services.get_plan(zone)
        if plan is not None:
            services.plan_changed(plan, current_user, f"partner changed: {partner.name}")
        db.session.commit()
        flash(_("The partner has been saved."), "success")
        return redirect(url_for("plans.partners", zone_slug=zone.slug))
    return render_template(
        "plans/partner_form.html", zone=zone, partner=partner, form=form
    ), _status(form)


@bp.post("/zones/<zone_slug>/plan/partners/<int:partner_id>/delete")
@zone_route(can_manage_zone)
def partner_delete(zone: Zone, partner_id: int):
    """Delete a partner, unless it is in charge of actions."""
    partner = _get_partner(zone, partner_id)
    if not ActionForm().validate_on_submit():
        return redirect(url_for("plans.partners", zone_slug=zone.slug))
    owned = db.session.scalar(
        select(func.count()).select_from(Action).where(Action.owner_partner_id == partner.id)
    )
    if owned:
        refusal = _(
            "%(name)s is in charge of actions of the plan: give them to someone else "
            "before deleting it.",
            name=partner.name,
        )
        return _partners_page(zone, PartnerForm(formdata=None), refusal)
    _audit("plan.partner_delete", "plan_partner", partner.id, zone, before={"name": partner.name})
    db.session.delete(partner)
    db.session.commit()
    flash(_("The partner has been deleted."), "success")
    return redirect(url_for("plans.partners", zone_slug=zone.slug))


# Actions


def _action_form(zone: Zone, plan: Plan, action: Action | None, **kwargs) -> ActionEditForm:
    form = ActionEditForm(**kwargs)
    form.goal.choices = [SelectChoice(0, _("No goal yet"))] + [
        SelectChoice(goal.id, goal.title) for goal in plan.goals
    ]
    team_label, partners_label = _("The zone team"), _("Partners")
    form.owner.choices = [
        SelectChoice("", _("Nobody yet")),
        *(
            SelectChoice(f"user-{role.user.id}", role.user.name, optgroup=team_label)
            for role in zone_team(zone)
            if role.user.is_active
        ),
        *(
            SelectChoice(f"partner-{p.id}", p.name, optgroup=partners_label)
            for p in _zone_partners(zone)
        ),
    ]
    form.findings.choices = _finding_choices(zone)
    linked = [idea.id for idea in action.ideas] if action is not None else []
    ideas = db.session.scalars(
        select(Idea)
        .where(
            Idea.zone_id == zone.id,
            or_(
                Idea.id.in_(linked),
                Idea.status.in_([s.value for s in LINKABLE_STATUSES]) & ~Idea.hidden,
            ),
        )
        .order_by(Idea.title, Idea.id)
    )
    form.ideas.choices = [SelectChoice(idea.id, idea.title) for idea in ideas]
    return form


def _fill_action(form: ActionEditForm, action: Action) -> None:
    form.title.data, form.description.data = action.title, action.description
    form.starts_on.data, form.ends_on.data = action.starts_on, action.ends_on
    form.progress_set.data = action.progress_set
    form.goal.data = action.goal_id or 0
    if action.owner_user_id:
        form.owner.data = f"user-{action.owner_user_id}"
    elif action.owner_partner_id:
        form.owner.data = f"partner-{action.owner_partner_id}"
    else:
        form.owner.data = ""
    form.findings.data = [finding.id for finding in action.findings]
    form.ideas.data = [idea.id for idea in action.ideas]


def _save_action(zone: Zone, form: ActionEditForm, action: Action) -> None:
    action.title, action.description = form.title.data, form.description.data or ""
    action.goal_id = form.goal.data or None
    action.owner_user_id, action.owner_partner_id = form.owner_ids()
    action.starts_on, action.ends_on = form.starts_on.data, form.ends_on.data
    action.progress_set = form.progress_set.data
    action.findings = _findings_by_id(zone, form.findings.data)
    wanted = set(form.ideas.data or [])
    for idea in list(action.ideas):
        if idea.id not in wanted:
            services.unlink_idea(action, idea, current_user)
    have = {idea.id for idea in action.ideas}
    if wanted - have:
        for idea in db.session.scalars(
            select(Idea).where(Idea.zone_id == zone.id, Idea.id.in_(wanted - have))
        ):
            services.link_idea(action, idea, current_user)


@bp.get("/zones/<zone_slug>/plan/actions/<int:number>")
@zone_route()
def action(zone: Zone, number: int):
    """An action: what, who, when, how far, with what money, and why (ideas, findings)."""
    plan = services.get_readable_plan(zone, current_user)
    return _action_page(zone, plan, services.get_plan_action(plan, number), StatusForm())


def _action_page(zone: Zone, plan: Plan, action: Action, status_form: StatusForm):
    if not status_form.is_submitted():
        status_form.status.data = action.status
        status_form.reason.data = action.drop_reason or ""
    return render_template(
        "plans/action.html", zone=zone, plan=plan, action=action,
        budget=services.budget_summary(plan),
        lines=[line for line in plan.budget_lines if line.action_id == action.id],
        can_manage=can_manage_zone(current_user, zone), status_form=status_form,
        button=ActionForm(),
    ), _status(status_form)  # fmt: skip


@bp.route("/zones/<zone_slug>/plan/actions/new", methods=["GET", "POST"])
@zone_route(can_manage_zone)
def action_new(zone: Zone):
    plan = services.get_plan_or_404(zone)
    form = _action_form(zone, plan, None)
    if form.validate_on_submit():
        new = Action(plan=plan, number=services.next_action_number(plan), title="")
        db.session.add(new)
        _save_action(zone, form, new)
        db.session.flush()
        _audit("plan.action_create", "plan_action", new.id, zone, after={"title": new.title})
        services.plan_changed(plan, current_user, f"action {new.number} added: {new.title}")
        db.session.commit()
        flash(_("The action has been added."), "success")
        return redirect(_action_url(zone, new))
    return render_template(
        "plans/action_form.html", zone=zone, plan=plan, action=None, form=form
    ), _status(form)


@bp.route("/zones/<zone_slug>/plan/actions/<int:number>/edit", methods=["GET", "POST"])
@zone_route(can_manage_zone)
def action_edit(zone: Zone, number: int):
    plan = services.get_plan_or_404(zone)
    found = services.get_plan_action(plan, number)
    form = _action_form(zone, plan, found)
    if request.method == "GET":
        _fill_action(form, found)
    elif form.validate_on_submit():
        _save_action(zone, form, found)
        services.plan_changed(plan, current_user, f"action {found.number} changed")
        db.session.commit()
        flash(_("The action has been saved."), "success")
        return redirect(_action_url(zone, found))
    return render_template(
        "plans/action_form.html", zone=zone, plan=plan, action=found, form=form
    ), _status(form)


@bp.post("/zones/<zone_slug>/plan/actions/<int:number>/status")
@zone_route(can_manage_zone)
def action_status(zone: Zone, number: int):
    """Planned, in progress, done or dropped (with a reason residents read)."""
    plan = services.get_plan_or_404(zone)
    found = services.get_plan_action(plan, number)
    form = StatusForm()
    if form.validate_on_submit():
        try:
            services.set_action_status(found, form.status.data, form.reason.data, current_user)
        except services.ActionStatusError as refused:
            db.session.rollback()
            plan = services.get_plan_or_404(zone)
            found = services.get_plan_action(plan, number)
            form.reason.errors = [str(refused)]
        else:
            services.plan_changed(
                plan, current_user, f"action {found.number} is now {found.status}"
            )
            db.session.commit()
            flash(_("The action is now %(status)s.", status=found.state.label), "success")
            return redirect(_action_url(zone, found))
    return _action_page(zone, plan, found, form)


# Milestones


def _get_milestone(action: Action, milestone_id: int) -> Milestone:
    found = next((m for m in action.milestones if m.id == milestone_id), None)
    if found is None:
        abort(404)
    return found


def _milestone_page(zone, plan, action, milestone, form):
    return render_template(
        "plans/milestone_form.html", zone=zone, plan=plan, action=action, milestone=milestone,
        form=form, delete_form=ActionForm(),
    ), _status(form)  # fmt: skip


@bp.route("/zones/<zone_slug>/plan/actions/<int:number>/milestones/new", methods=["GET", "POST"])
@zone_route(can_manage_zone)
def milestone_new(zone: Zone, number: int):
    plan = services.get_plan_or_404(zone)
    found = services.get_plan_action(plan, number)
    form = MilestoneForm()
    if form.validate_on_submit():
        found.milestones.append(
            Milestone(
                title=form.title.data,
                due_on=form.due_on.data,
                done_on=form.done_on.data,
                note=form.note.data or "",
            )
        )
        services.plan_changed(plan, current_user, f"milestone added to action {found.number}")
        db.session.commit()
        flash(_("The milestone has been added."), "success")
        return redirect(_action_url(zone, found))
    return _milestone_page(zone, plan, found, None, form)


@bp.route(
    "/zones/<zone_slug>/plan/actions/<int:number>/milestones/<int:milestone_id>/edit",
    methods=["GET", "POST"],
)
@zone_route(can_manage_zone)
def milestone_edit(zone: Zone, number: int, milestone_id: int):
    plan = services.get_plan_or_404(zone)
    found = services.get_plan_action(plan, number)
    milestone = _get_milestone(found, milestone_id)
    form = MilestoneForm(obj=milestone)
    if form.validate_on_submit():
        milestone.title, milestone.note = form.title.data, form.note.data or ""
        milestone.due_on, milestone.done_on = form.due_on.data, form.done_on.data
        services.plan_changed(plan, current_user, f"milestone of action {found.number} changed")
        db.session.commit()
        flash(_("The milestone has been saved."), "success")
        return redirect(_action_url(zone, found))
    return _milestone_page(zone, plan, found, milestone, form)


@bp.post("/zones/<zone_slug>/plan/actions/<int:number>/milestones/<int:milestone_id>/reached")
@zone_route(can_manage_zone)
def milestone_reached(zone: Zone, number: int, milestone_id: int):
    """Mark a milestone reached today."""
    plan = services.get_plan_or_404(zone)
    found = services.get_plan_action(plan, number)
    milestone = _get_milestone(found, milestone_id)
    if ActionForm().validate_on_submit() and milestone.done_on is None:
        milestone.done_on = local_today()
        services.plan_changed(plan, current_user, f"milestone of action {found.number} reached")
        db.session.commit()
        flash(_("The milestone is marked as reached today."), "success")
    return redirect(_action_url(zone, found))


@bp.post("/zones/<zone_slug>/plan/actions/<int:number>/milestones/<int:milestone_id>/delete")
@zone_route(can_manage_zone)
def milestone_delete(zone: Zone, number: int, milestone_id: int):
    plan = services.get_plan_or_404(zone)
    found = services.get_plan_action(plan, number)
    milestone = _get_milestone(found, milestone_id)
    if ActionForm().validate_on_submit():
        found.milestones.remove(milestone)
        services.plan_changed(plan, current_user, f"milestone of action {found.number} deleted")
        db.session.commit()
        flash(_("The milestone has been deleted."), "success")
    return redirect(_action_url(zone, found))


# Indicators


def _get_indicator(action: Action, indicator_id: int) -> Indicator:
    found = next((i for i in action.indicators if i.id == indicator_id), None)
    if found is None:
        abort(404)
    return found


def _fill_indicator(form: IndicatorForm, indicator: Indicator) -> None:
    indicator.name, indicator.unit = form.name.data, form.unit.data or ""
    indicator.target, indicator.achieved = form.target.data, form.achieved.data
    indicator.source = form.source.data or ""


def _indicator_page(zone, plan, action, indicator, form):
    return render_template(
        "plans/indicator_form.html", zone=zone, plan=plan, action=action, indicator=indicator,
        form=form, delete_form=ActionForm(),
    ), _status(form)  # fmt: skip


@bp.route("/zones/<zone_slug>/plan/actions/<int:number>/indicators/new", methods=["GET", "POST"])
@zone_route(can_manage_zone)
def indicator_new(zone: Zone, number: int):
    plan = services.get_plan_or_404(zone)
    found = services.get_plan_action(plan, number)
    form = IndicatorForm()
    if form.validate_on_submit():
        indicator = Indicator()
        _fill_indicator(form, indicator)
        found.indicators.append(indicator)
        services.plan_changed(plan, current_user, f"indicator added to action {found.number}")
        db.session.commit()
        flash(_("The indicator has been added."), "success")
        return redirect(_action_url(zone, found))
    return _indicator_page(zone, plan, found, None, form)


@bp.route(
    "/zones/<zone_slug>/plan/actions/<int:number>/indicators/<int:indicator_id>/edit",
    methods=["GET", "POST"],
)
@zone_route(can_manage_zone)
def indicator_edit(zone: Zone, number: int, indicator_id: int):
    plan = services.get_plan_or_404(zone)
    found = services.get_plan_action(plan, number)
    indicator = _get_indicator(found, indicator_id)
    form = IndicatorForm(obj=indicator)
    if form.validate_on_submit():
        _fill_indicator(form, indicator)
        services.plan_changed(plan, current_user, f"indicator of action {found.number} changed")
        db.session.commit()
        flash(_("The indicator has been saved."), "success")
        return redirect(_action_url(zone, found))
    return _indicator_page(zone, plan, found, indicator, form)


@bp.post("/zones/<zone_slug>/plan/actions/<int:number>/indicators/<int:indicator_id>/delete")
@zone_route(can_manage_zone)
def indicator_delete(zone: Zone, number: int, indicator_id: int):
    plan = services.get_plan_or_404(zone)
    found = services.get_plan_action(plan, number)
    indicator = _get_indicator(found, indicator_id)
    if ActionForm().validate_on_submit():
        found.indicators.remove(indicator)
        services.plan_changed(plan, current_user, f"indicator of action {found.number} deleted")
        db.session.commit()
        flash(_("The indicator has been deleted."), "success")
    return redirect(_action_url(zone, found))
