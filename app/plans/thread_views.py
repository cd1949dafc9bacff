"""The thread page: the whole chain of the zone's plan, from the diagnosis's findings to the
residents' ideas, the actions and the reports, and back."""

from flask import g, render_template
from flask_babel import get_locale
from flask_login import current_user

from app.plans import bp, services
from app.plans.thread import (
    build_thread,
    load_thread,
    plan_finding_ids,
    sankey,
    thread_url,
    visible_to,
)  # fmt: skip
from app.zones.access import can_see_zone_team, zone_route

bp.add_app_template_global(thread_url, "thread_url")
bp.add_app_template_global(plan_finding_ids, "plan_finding_ids")


@bp.get("/zones/<zone_slug>/plan/thread")
@zone_route()
def thread(zone):
    """Public once the plan is published; the zone's team sees it in a draft too."""
    plan = services.get_readable_plan(zone, current_user)
    team = can_see_zone_team(current_user, zone)
    if not plan.is_published:
        g.private_route = True  # a draft: never stored by browsers or proxies
    loaded = load_thread(plan)
    chain = build_thread(loaded, *visible_to(current_user, loaded))
    return render_template(
        "plans/thread.html", zone=zone, plan=plan, thread=chain, team=team,
        figure=sankey(chain, str(get_locale())),
    )  # fmt: skip
