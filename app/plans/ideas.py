"""Residents' ideas in the plan: choosing an idea into an action (a new one or one the plan
has), and what an idea's pages say about the actions carrying it out.

Functions flush and never commit: the view commits once per request.
"""

from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.cafes.models import Idea, IdeaStatus
from app.extensions import db
from app.plans import services
from app.plans.models import Action, ActionStatus, Goal, Plan, PlanStatus, action_ideas
from app.zones.access import can_see_zone_team
from app.zones.models import Zone

# An idea may go into the plan once the library published it; rejected, pending and merged
# ones may not (a merged idea lives on in the one it went into).
CHOOSABLE = (
    IdeaStatus.PUBLISHED, IdeaStatus.SHORTLISTED, IdeaStatus.CHOSEN, IdeaStatus.IMPLEMENTED,
)  # fmt: skip


class IdeaNotChoosableError(ValueError):
    """An idea the plan cannot take; its message is meant for the librarian."""


def check_choosable(idea: Idea) -> None:
    """IdeaNotChoosableError, saying why, unless the idea may go into the plan."""
    if idea.status in CHOOSABLE:
        return
    if idea.status == IdeaStatus.MERGED:
        raise IdeaNotChoosableError(
            _("This idea was merged into another one: choose the idea it went into instead.")
        )
    raise IdeaNotChoosableError(
        _(
            "An idea that is %(status)s cannot go into the plan. Publish it first.",
            status=idea.state.label,
        )
    )


def choose_idea_into_action(action: Action, idea: Idea, user: User | None) -> bool:
    """Link the idea to the action (once), make it "chosen" (audited as moderation is), and
    record the plan's change. False when it was linked already."""
    check_choosable(idea)
    if idea.zone_id != action.plan.zone_id:
        raise IdeaNotChoosableError(_("Only the zone's own ideas can go into its plan."))
    if any(linked.id == idea.id for linked in action.ideas):
        services.link_idea(action, idea, user)  # its status follows the action's, still
        return False
    services.link_idea(action, idea, user)
    services.plan_changed(action.plan, user, f"idea {idea.id} linked to action {action.number}")
    return True


def create_action_from_idea(
    plan: Plan, idea: Idea, user: User | None, *, title: str, description: str = "",
    goal: Goal | None = None,
) -> Action:  # fmt: skip
    """A new planned action of the plan carrying out the idea (flushes)."""
    action = Action(
        plan=plan, goal=goal, number=services.next_action_number(plan), title=title,
        description=description, status=ActionStatus.PLANNED.value,
    )  # fmt: skip
    db.session.add(action)
    db.session.flush()
    choose_idea_into_action(action, idea, user)
    return action


def action_url(zone_slug: str, number: int) -> str:
    """The action's page."""
    return url_for("plans.action", zone_slug=zone_slug, number=number)


# What an idea's pages show (template globals, registered in app.plans.views)


@dataclass(frozen=True)
class IdeaInPlan:
    """One action carrying an idea out, as the idea's pages show it."""

    number: int
    title: str
    status: ActionStatus
    progress: int
    url: str | None

    @property
    def status_label(self) -> str:
        return str(self.status.label)


def idea_in_plan(idea: Idea) -> list[IdeaInPlan]:
    """The actions that carry out the idea: for everyone when the plan is published, for the
    zone's team always. Two queries (the actions with their plan, and their milestones)."""
    zone = db.session.get(Zone, idea.zone_id)
    team = zone is not None and can_see_zone_team(current_user, zone)
    query = (
        select(Action)
        .join(action_ideas, action_ideas.c.action_id == Action.id)
        .join(Action.plan)
        .where(action_ideas.c.idea_id == idea.id, Plan.zone_id == idea.zone_id)
        .options(selectinload(Action.milestones))
        .order_by(Action.number)
    )
    if not team:
        query = query.where(Plan.status == PlanStatus.PUBLISHED.value)
    return [
        IdeaInPlan(
            number=action.number,
            title=action.title,
            status=action.state,
            progress=action.progress,
            url=action_url(zone.slug, action.number),
        )
        for action in db.session.scalars(query)
    ]


def idea_plan_choice_url(idea: Idea) -> str | None:
    """Where the moderation page offers to put the idea into the plan (None when it may
    not go there)."""
    if idea.status not in CHOOSABLE:
        return None
    zone = db.session.get(Zone, idea.zone_id)
    return url_for("plans.choose_idea", zone_slug=zone.slug, idea_id=idea.id)
