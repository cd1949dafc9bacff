"""Choosing a resident's idea into the plan: a new action made from it, or an action the
plan already has. Reached from the idea's moderation page."""

from flask import flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.cafes.models import DESCRIPTION_MAX, Idea
from app.cafes.services import get_zone_idea
from app.core.forms import strip
from app.core.text import isolated
from app.extensions import db
from app.plans import bp, services
from app.plans.ideas import (
    IdeaNotChoosableError,
    action_url,
    check_choosable,
    choose_idea_into_action,
    create_action_from_idea,
)
from app.plans.models import TITLE_MAX, Plan
from app.zones.access import can_manage_zone, zone_route
from app.zones.models import Zone

CREATE, LINK = "create", "link"


class NewActionFromIdeaForm(FlaskForm):
    choice = HiddenField(default=CREATE)
    title = StringField(
        _l("Title of the action"), filters=[strip],
        validators=[DataRequired(), Length(max=TITLE_MAX)],
    )  # fmt: skip
    description = TextAreaField(
        _l("What the action is"), filters=[strip], validators=[Length(max=DESCRIPTION_MAX * 4)]
    )
    goal = SelectField(_l("Goal of the plan"), choices=[], validate_choice=True)


class LinkIdeaForm(FlaskForm):
    choice = HiddenField(default=LINK)
    action = SelectField(
        _l("Action of the plan"), choices=[], validate_choice=True,
        validators=[DataRequired(message=_l("Choose the action."))],
    )  # fmt: skip


def _forms(plan: Plan | None, idea: Idea, sent: str | None):
    """The two forms, the one sent read from the request, the other prefilled from the idea."""
    new = NewActionFromIdeaForm(formdata=request.form if sent == CREATE else None)
    if sent != CREATE:
        new.title.data = idea.title[:TITLE_MAX]
        new.description.data = idea.description or ""
    link = LinkIdeaForm(formdata=request.form if sent == LINK else None)
    goals = plan.goals if plan is not None else []
    actions = plan.actions if plan is not None else []
    new.goal.choices = [("", _("No goal yet"))] + [(str(g.id), g.title) for g in goals]
    link.action.choices = [("", _("Choose…"))] + [
        (str(a.number), _("Action %(number)d: %(title)s", number=a.number, title=a.title))
        for a in actions
    ]
    return new, link


def _page(zone: Zone, plan, idea: Idea, new, link, error: str | None = None):
    linked = {a.number for a in plan.actions if idea in a.ideas} if plan is not None else set()
    return render_template(
        "plans/choose_idea.html", zone=zone, plan=plan, idea=idea, new_form=new,
        link_form=link, error=error, linked=linked,
    )  # fmt: skip


@bp.route("/zones/<zone_slug>/plan/ideas/<int:idea_id>/choose", methods=["GET", "POST"])
@zone_route(can_manage_zone)
def choose_idea(zone: Zone, idea_id: int):
    """Put a resident's idea into the zone's plan: a new action from it, or an existing one."""
    idea = get_zone_idea(zone, idea_id)
    plan = services.get_plan(zone)
    sent = request.form.get("choice") if request.method == "POST" else None
    new, link = _forms(plan, idea, sent)
    try:
        check_choosable(idea)
    except IdeaNotChoosableError as refused:
        status = 422 if request.method == "POST" else 200
        return _page(zone, plan, idea, new, link, error=str(refused)), status
    if request.method == "GET":
        return _page(zone, plan, idea, new, link)
    if plan is None:
        return _page(zone, plan, idea, new, link, error=_("The zone has no plan yet.")), 422
    form = new if sent == CREATE else link if sent == LINK else None
    if form is None or not form.validate_on_submit():
        if form is None:
            return _page(zone, plan, idea, new, link, error=_("Choose what to do.")), 400
        return _page(zone, plan, idea, new, link), 422
    if sent == CREATE:
        goal = next((g for g in plan.goals if str(g.id) == new.goal.data), None)
        action = create_action_from_idea(
            plan, idea, current_user, title=new.title.data,
            description=new.description.data or "", goal=goal,
        )  # fmt: skip
        message = _(
            "Action %(number)d, “%(title)s”, was made from the idea, which is now chosen "
            "for the plan.", number=action.number, title=isolated(action.title),
        )  # fmt: skip
    else:
        action = services.get_plan_action(plan, int(link.action.data))
        added = choose_idea_into_action(action, idea, current_user)
        message = (
            _(
                "The idea is now chosen for the plan, in action %(number)d.",
                number=action.number,
            )
            if added
            else _("The idea was already in action %(number)d.", number=action.number)
        )
    db.session.commit()
    flash(message, "success")
    return redirect(action_url(zone.slug, action.number))
