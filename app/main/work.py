"""The landing page of the zone's people after signing in: per zone, what needs them now.

Ideas waiting for moderation and reported ones, this week's survey responses, the next café,
the plan's actions and milestones due in the next two weeks or overdue, and the next report
due (counted in app.main.services, which the zone's page shares). Librarians see all of it;
officials a read-only version (results and the plan); the coordinator every zone, compactly.
A fixed number of queries, whatever the number of zones.
"""

from flask import render_template
from flask_login import current_user, login_required

from app.core.time import utcnow
from app.main import bp
from app.main.services import DUE_DAYS, people_zones, zone_work


@bp.get("/work")
@login_required
def work():
    """What needs the signed-in person now, zone by zone."""
    zones, compact = people_zones(current_user)
    return render_template(
        "main/work.html", works=zone_work(zones), compact=compact,
        today=utcnow().date(), due_days=DUE_DAYS,
    )  # fmt: skip
