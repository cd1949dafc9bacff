"""Adoption's pages: adopting a catalogue entry into one's zone, recording a partner library's
uptake, and what a zone (or, for the coordinator, the network) took up from the catalogue.

The copies' pages (the cafés' idea page, the plan's action page) and the entry's page ask the
template globals registered below: where a copy came from, where an entry travelled."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from app.catalogue import adoption, bp
from app.catalogue.adoption import EntryKind
from app.catalogue.adoption_forms import AdoptForm, UptakeForm, ZoneChoiceForm
from app.core import downloads
from app.core.security import coordinator_required, refuse
from app.extensions import db
from app.plans import services as plans_services
from app.plans.models import Partner
from app.zones.access import can_see_zone_team, zone_route
from app.zones.models import Zone


def _status(form) -> int:
    return 422 if form.errors else 200


def _origin_view(origin) -> dict:
    """What the adopt and uptake pages say of the entry."""
    zone = adoption.origin_zone(origin)
    kind = adoption.entry_kind(origin)
    return {
        "kind": kind, "id": origin.id, "title": origin.title,
        "description": origin.description or "", "zone": zone,
        "url": adoption.entry_url(kind, origin.id),
    }  # fmt: skip


def _board_choice(board) -> SelectChoice:
    """A board as the form offers it: its table and question, under its café."""
    label = _("Table %(number)d: %(question)s", number=board.position, question=board.question)
    return SelectChoice(board.id, label, optgroup=board.cafe.title)


# Adopting


@bp.route("/catalogue/<kind>/<int:entry_id>/adopt", methods=["GET", "POST"])
def adopt(kind: str, entry_id: int):
    """Adopt an entry into one's zone: a seed idea on a board or a draft action of the plan,
    with a note on how it was adapted."""
    origin = adoption.public_origin(kind, entry_id)
    g.private_route = True
    zones = adoption.adoptable_zones(current_user, origin)
    if not zones:
        refuse()
    zone = _chosen_zone(zones)
    entry = _origin_view(origin)
    if zone is None:
        choice = ZoneChoiceForm(request.args)
        choice.zone.choices = [SelectChoice(z.slug, f"{z.town}: {z.library_name}") for z in zones]
        return render_template(
            "catalogue/adopt_zone.html", entry=entry, form=choice,
            lineage=adoption.lineage(origin),
        )  # fmt: skip
    boards = adoption.zone_boards(zone)
    plan = plans_services.get_plan(zone)
    form = AdoptForm(
        board_ids=[board.id for board in boards], can_idea=bool(boards), can_action=plan is not None
    )
    form.board.choices = [_board_choice(board) for board in boards]
    if request.method == "GET":
        form.title.data = origin.title
        form.description.data = (origin.description or "")[: adoption.DESCRIPTION_MAX]
        form.copy_kind.data = EntryKind.IDEA.value if boards else EntryKind.ACTION.value
    elif form.validate_on_submit():
        saved, new = _adopt(origin, zone, form, boards)
        if saved is not None:
            db.session.commit()
            if new:
                flash(
                    _("Adopted into %(zone)s. Here is your copy: change it as you need.",
                      zone=zone.town),
                    "success",
                )  # fmt: skip
            else:
                flash(_("Your zone adopted it like this already: here is its copy."), "info")
            return redirect(adoption.copy_url(saved))
    return render_template(
        "catalogue/adopt.html", entry=entry, zone=zone, several=len(zones) > 1, form=form,
        boards=boards, plan=plan, copies=adoption.zone_adoptions_of(zone, origin),
        lineage=adoption.lineage(origin),
    ), _status(form)  # fmt: skip


def _chosen_zone(zones: list[Zone]) -> Zone | None:
    """The zone to adopt into: the only one, or the one `?zone=` names (403 for a zone the
    person does not run, or the entry's own); None when it is still to be chosen."""
    if len(zones) == 1 and not request.args.get("zone"):
        return zones[0]
    slug = request.args.get("zone")
    if not slug:
        return None
    zone = next((z for z in zones if z.slug == slug), None)
    if zone is None:
        abort(403)
    return zone


def _adopt(origin, zone: Zone, form: AdoptForm, boards):
    """The service's answer, or (None, False) with the refusal on the form."""
    fields = {
        "title": form.title.data, "description": form.description.data or "",
        "note": form.note.data,
    }  # fmt: skip
    try:
        if form.copy_kind.data == EntryKind.IDEA:
            board = next(board for board in boards if board.id == form.board.data)
            return adoption.adopt_as_idea(origin, zone, board, current_user, **fields)
        return adoption.adopt_as_action(origin, zone, current_user, **fields)
    except adoption.AdoptionError as refused:
        db.session.rollback()
        form.form_errors.append(str(refused))
        return None, False
    except PermissionError:
        abort(403)


# Partner libraries' uptake


def _uptake_choices(zones: list[Zone]) -> tuple[list[SelectChoice], list[Partner]]:
    partners = [partner for zone in zones for partner in adoption.partner_libraries(zone)]
    several = len({partner.zone_id for partner in partners}) > 1
    names = {zone.id: zone.town for zone in zones}
    choices = [
        SelectChoice(p.id, p.name, optgroup=names[p.zone_id] if several else None) for p in partners
    ]
    return choices, partners


@bp.route("/catalogue/<kind>/<int:entry_id>/uptake", methods=["GET", "POST"])
def uptake_new(kind: str, entry_id: int):
    """Record that one of the zone's partner libraries took the entry up."""
    origin = adoption.public_origin(kind, entry_id)
    g.private_route = True
    zones = adoption.managed_zones(current_user)
    if not zones:
        refuse()
    choices, partners = _uptake_choices(zones)
    form = UptakeForm(partner_ids=[partner.id for partner in partners])
    form.partner.choices = choices
    if request.method == "GET":
        form.taken_up_on.data = _today()
    elif form.validate_on_submit():
        partner = next(p for p in partners if p.id == form.partner.data)
        try:
            _found, new = adoption.record_uptake(
                origin, partner, current_user, note=form.note.data,
                taken_up_on=form.taken_up_on.data,
            )  # fmt: skip
        except adoption.AdoptionError as refused:
            form.note.errors = [str(refused)]
        else:
            db.session.commit()
            if new:
                flash(_("Recorded: %(partner)s took it up.", partner=partner.name), "success")
            else:
                flash(_("%(partner)s's uptake of it was recorded before.", partner=partner.name),
                      "info")  # fmt: skip
            return redirect(url_for("catalogue.zone_uptake", zone_slug=partner.zone.slug))
    return render_template(
        "catalogue/uptake_new.html", entry=_origin_view(origin), form=form, zones=zones,
        partners=partners, uptakes=adoption.uptakes_of(origin),
    ), _status(form)  # fmt: skip


def _today():
    """Today in the zones' time zone."""
    return datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


# What was taken up


@bp.get("/zones/<zone_slug>/catalogue")
@zone_route(can_see_zone_team)
def zone_uptake(zone: Zone):
    """What the zone adopted from the catalogue, and what its partner libraries took up."""
    return render_template(
        "catalogue/uptake_zone.html", zone=zone, found=adoption.uptake(zone),
        partner_libraries=adoption.partner_libraries(zone),
    )  # fmt: skip


@bp.get("/catalogue/uptake")
@coordinator_required
def uptake():
    """For the coordinator: every zone's adoptions and partner libraries' uptake."""
    return render_template("catalogue/uptake.html", found=adoption.uptake())


@bp.get("/catalogue/uptake.csv")
@coordinator_required
def uptake_csv():
    """The coordinator's list as a spreadsheet."""
    rows = adoption.uptake_rows(adoption.uptake())
    return downloads.download(downloads.csv_text(rows, downloads.dialect()), "catalogue-uptake.csv")


# For the copies' pages and the entry's page (template globals)


def adopt_url(origin) -> str | None:
    """Where the current person adopts the entry (None when they may not)."""
    if not adoption.may_adopt(current_user, origin):
        return None
    kind = adoption.entry_kind(origin)
    return url_for("catalogue.adopt", kind=kind.value, entry_id=origin.id)


def uptake_url(origin) -> str | None:
    """Where a librarian records a partner library's uptake of the entry (None for others)."""
    if not adoption.managed_zones(current_user):
        return None
    kind = adoption.entry_kind(origin)
    return url_for("catalogue.uptake_new", kind=kind.value, entry_id=origin.id)


def zone_uptake_url(zone: Zone) -> str | None:
    """The zone's page of what it took up from the catalogue, for its people (else None)."""
    if not can_see_zone_team(current_user, zone):
        return None
    return url_for("catalogue.zone_uptake", zone_slug=zone.slug)


bp.add_app_template_global(zone_uptake_url, "catalogue_uptake_url")
bp.add_app_template_global(adoption.adopted_from, "adopted_from")
bp.add_app_template_global(adoption.lineage, "entry_lineage")
bp.add_app_template_global(adoption.uptakes_of, "entry_uptakes")
bp.add_app_template_global(adopt_url, "adopt_url")
bp.add_app_template_global(uptake_url, "uptake_url")
bp.add_app_template_global(adoption.copy_url, "copy_url")
bp.add_app_template_global(adoption.origin_url, "origin_url")
bp.add_app_template_global(lambda kind: EntryKind(kind).copy_label, "entry_kind_label")
