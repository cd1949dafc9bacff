"""The network's zones: the list, and a zone's details and team for its people.

The zone's home page is composed from the features above this one: see app/main/zone_page.py.
"""

from types import SimpleNamespace

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.security import coordinator_required
from app.extensions import db
from app.zones import bp
from app.zones.access import can_manage_zone, can_see_zone_team, zone_route
from app.zones.forms import PrivacyNoticeForm, ZoneCreateForm, ZoneDetailsForm
from app.zones.models import Zone
from app.zones.privacy import controller, default_notice, is_default, notice_text, render_notice
from app.zones.services import (
    SlugTakenError,
    create_zone,
    list_zones,
    suggest_slug,
    update_privacy,
    update_zone,
    zone_team,
)


@bp.get("/")
def index():
    """The network: every zone with its town and whether it was a pilot."""
    return render_template("zones/index.html", zones=list_zones())


@bp.route("/zones/<zone_slug>/edit", methods=["GET", "POST"])
@zone_route(can_manage_zone)
def edit(zone: Zone):
    form = ZoneDetailsForm(obj=zone)
    if form.validate_on_submit():
        update_zone(zone, **_zone_fields(form))
        db.session.commit()
        flash(_("The zone's details have been saved."), "success")
        return redirect(url_for("zones.show", zone_slug=zone.slug))
    return render_template("zones/edit.html", zone=zone, form=form)


@bp.get("/privacy")
def privacy_index():
    """The network's word on privacy: each library is the controller in its zone."""
    return render_template("zones/privacy_index.html", zones=list_zones())


@bp.get("/zones/<zone_slug>/privacy")
@zone_route()
def privacy(zone: Zone):
    """The zone's privacy notice, linked from every form residents fill in."""
    return render_template(
        "zones/privacy.html", zone=zone, controller=controller(zone),
        notice=render_notice(notice_text(zone)), can_edit=can_manage_zone(current_user, zone),
    )  # fmt: skip


@bp.route("/zones/<zone_slug>/privacy/edit", methods=["GET", "POST"])
@zone_route(can_manage_zone)
def edit_privacy(zone: Zone):
    form = PrivacyNoticeForm(obj=zone)
    if not form.is_submitted() and not zone.privacy_notice:
        form.privacy_notice.data = default_notice(zone)
    if form.validate_on_submit():
        fields = {
            name: getattr(form, name).data or ""
            for name in ("privacy_controller", "privacy_address", "privacy_dpo")
        }
        text = form.privacy_notice.data or ""
        # The default as the form showed it, or filled in with the new details: kept as "the
        # default", which each reader gets in their language and which follows the settings.
        filled = SimpleNamespace(town=zone.town, library_name=zone.library_name, **fields)
        default = not text or is_default(zone, text) or is_default(filled, text)
        fields["privacy_notice"] = "" if default else text
        update_privacy(zone, **fields)
        db.session.commit()
        flash(_("The privacy notice has been saved."), "success")
        return redirect(url_for("zones.privacy", zone_slug=zone.slug))
    return render_template("zones/privacy_edit.html", zone=zone, form=form)


@bp.get("/zones/<zone_slug>/team")
@zone_route(can_see_zone_team)
def team(zone: Zone):
    return render_template("zones/team.html", zone=zone, team=zone_team(zone))


@bp.route("/admin/zones/new", methods=["GET", "POST"])
@coordinator_required
def create():
    form = ZoneCreateForm()
    if form.validate_on_submit():
        slug = form.slug.data or suggest_slug(form.town.data)
        try:
            zone = create_zone(slug=slug, **_zone_fields(form))
        except SlugTakenError:
            form.slug.data = suggest_slug(form.town.data)
            form.slug.errors.append(
                _(
                    "Another zone has just taken this address. %(free)s is free.",
                    free=form.slug.data,
                )
            )
        else:
            db.session.commit()
            flash(
                _("Zone %(town)s has been created. Now add its librarian.", town=zone.town),
                "success",
            )
            # The next step: the zone's team, from where the coordinator adds its people.
            return redirect(url_for("zones.team", zone_slug=zone.slug))
    return render_template("zones/create.html", form=form)


def _zone_fields(form: ZoneDetailsForm) -> dict:
    fields = ("library_name", "town", "region", "population", "is_pilot", "description")
    data = {name: getattr(form, name).data for name in fields}
    data["region"] = data["region"] or ""
    data["description"] = data["description"] or ""
    return data
