"""The audit log for the network coordinator."""

from flask import render_template, request
from sqlalchemy import select

from app.audit import bp
from app.audit.models import AuditEntry  # noqa: F401  (the table, for migrations)
from app.audit.services import details, entries, words
from app.core.pagination import paginate
from app.core.security import coordinator_required
from app.extensions import db
from app.zones.models import Zone
from app.zones.services import get_zone

PER_PAGE = 100


@bp.get("/admin/audit")
@coordinator_required
def log():
    """Every recorded act in words, newest first; ?zone=<slug> for one zone's (404 for no zone)."""
    zone = get_zone(request.args["zone"]) if request.args.get("zone") else None
    page = paginate(entries(zone_id=zone.id if zone else None), PER_PAGE)
    return render_template(
        "audit/log.html",
        page=page,
        entries=[(entry, words(entry), details(entry)) for entry in page.items],
        zone=zone,
        zones=list(db.session.scalars(select(Zone).order_by(Zone.town))),
    )
