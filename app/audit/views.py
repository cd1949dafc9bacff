"""The audit log for the network coordinator."""

from flask import abort, render_template, request
from sqlalchemy import select

from app.audit import bp
from app.audit.models import AuditEntry  # noqa: F401  (the table, for migrations)
from app.audit.services import entries, words
from app.core.params import int_arg
from app.core.security import coordinator_required
from app.extensions import db
from app.zones.models import Zone

PAGE_SIZE = 100


@bp.get("/admin/audit")
@coordinator_required
def log():
    """Every moderation act, newest first; ?zone=<slug> for one zone's."""
    zone = None
    if request.args.get("zone"):
        zone = db.session.scalar(select(Zone).where(Zone.slug == request.args["zone"]))
        if zone is None:
            abort(404)
    page_number = int_arg("page", 1, minimum=1, strict=True)
    rows = entries(
        zone_id=zone.id if zone else None, limit=PAGE_SIZE + 1, offset=(page_number - 1) * PAGE_SIZE
    )
    zones = list(db.session.scalars(select(Zone).order_by(Zone.town)))
    return render_template(
        "audit/log.html",
        entries=[(entry, words(entry)) for entry in rows[:PAGE_SIZE]],
        has_next=len(rows) > PAGE_SIZE,
        page=page_number,
        zone=zone,
        zones=zones,
    )
