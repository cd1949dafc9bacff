from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.cafes.services import past_cafes, upcoming_cafes
from app.core.security import coordinator_required, role_required
from app.dashboards.services import can_see_results
from app.extensions import db
from app.surveys.services import open_surveys, zone_surveys
from app.zones import bp
from app.zones.access import can_manage_zone, can_see_zone_team
from app.zones.forms import ZoneCreateForm, ZoneDetailsForm
from app.zones.services import (
    create_zone,
    get_zone,
    list_zones,
    update_zone,
    zone_team,
)


@bp.get("/")
def index():
    """The network: every zone with its town and whether it was a pilot."""
    return render_template("zones/index.html", zones=list_zones())


@bp.get("/zones/<slug>")
def show(slug: str):
    zone = get_zone(slug)
    return render_template(
        "zones/show.html",
        zone=zone,
        can_manage=can_manage_zone(current_user, zone),
        surveys=open_surveys(zone),
        results=[
            s
            for s in zone_surveys(zone)
            if s.status != "draft" and can_see_results(current_user, s)
        ],
        upcoming_cafes=upcoming_cafes(zone),
        past_cafes=past_cafes(zone),
    )


@bp.route("/zones/<slug>/edit", methods=["GET", "POST"])
@role_required(lambda user, slug: can_manage_zone(user, get_zone(slug)))
def edit(slug: str):
    zone = get_zone(slug)
    form = ZoneDetailsForm(obj=zone)
    if form.validate_on_submit():
        update_zone(zone, **_zone_fields(form))
        db.session.commit()
        flash(_("The zone's details have been saved."), "success")
        return redirect(url_for("zones.show", slug=zone.slug))
    return render_template("zones/edit.html", zone=zone, form=form)


@bp.get("/zones/<slug>/team")
@role_required(lambda user, slug: can_see_zone_team(user, get_zone(slug)))
def team(slug: str):
    zone = get_zone(slug)
    return render_template("zones/team.html", zone=zone, team=zone_team(zone))


@bp.route("/admin/zones/new", methods=["GET", "POST"])
@coordinator_required
def create():
    form = ZoneCreateForm()
    if form.validate_on_submit():
        zone = create_zone(slug=form.slug.data, **_zone_fields(form))
        db.session.commit()
        flash(_("Zone %(town)s has been created.", town=zone.town), "success")
        return redirect(url_for("zones.show", slug=zone.slug))
    return render_template("zones/create.html", form=form)


def _zone_fields(form: ZoneDetailsForm) -> dict:
    fields = ("library_name", "town", "region", "population", "is_pilot", "description")
    data = {name: getattr(form, name).data for name in fields}
    data["region"] = data["region"] or ""
    data["description"] = data["description"] or ""
    return data
