"""The catalogue's public pages: the search (GET, works without JavaScript) and an entry;
and the form that gives an entry its programme themes."""

from flask import abort, flash, g, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from app.cafes.models import Idea
from app.catalogue import adoption, bp, services
from app.catalogue.forms import ThemesForm
from app.catalogue.models import CostBand, EntryKind, ProgrammeTheme, SizeBand
from app.core.params import int_arg
from app.core.security import refuse
from app.extensions import db
from app.plans.models import Action
from app.zones.models import Zone

KINDS = ", ".join(kind.value for kind in EntryKind)


def _query() -> services.CatalogueQuery:
    return services.CatalogueQuery(
        text=request.args.get("q", "").strip(),
        theme=request.args.get("theme", ""),
        status=request.args.get("status", ""),
        cost=request.args.get("cost", ""),
        size=request.args.get("size", ""),
        region=request.args.get("region", ""),
    ).cleaned()


@bp.get("/catalogue")
def index():
    """Search the network's catalogue: words and filters, one page of results."""
    query = _query()
    page = int_arg("page", 1, minimum=1, strict=True)
    results = services.search(query, page=page)
    # In how many zones each card's entry lives on: one query for the page's entries.
    adopted = adoption.adoption_counts((entry.kind, entry.id) for entry in results.entries)
    return render_template(
        "catalogue/index.html", query=query, results=results, adopted=adopted,
        themes=list(ProgrammeTheme),
        statuses=services.status_choices(), costs=list(CostBand), sizes=list(SizeBand),
        regions=services.regions_in_use(),
    )  # fmt: skip


def _entry_or_404(kind: str, entry_id: int) -> tuple[services.Entry, Action | Idea]:
    """The entry and its source (the Action or Idea its lineage and adoption links use),
    loaded once; 404 when there is no such public entry."""
    origin = services.entry_origin(kind, entry_id) if kind in set(EntryKind) else None
    if origin is None:
        abort(404)
    return services.describe_entry(origin), origin


@bp.get(f"/catalogue/<any({KINDS}):kind>/<int:entry_id>")
def entry(kind: str, entry_id: int):
    """An entry: where it comes from, what it cost, how it went and why it was done."""
    found, origin = _entry_or_404(kind, entry_id)
    zone = db.session.get(Zone, found.zone_id)  # loaded with the entry already
    form = None
    if zone is not None and services.can_set_themes(current_user, zone):
        form = ThemesForm(themes=[theme.value for theme in found.themes])
    return render_template("catalogue/entry.html", entry=found, themes_form=form, origin=origin)


@bp.post(f"/catalogue/<any({KINDS}):kind>/<int:entry_id>/themes")
def entry_themes(kind: str, entry_id: int):
    """Give the entry its programme themes (its zone's librarians and the coordinator)."""
    g.private_route = True
    zone = services.entry_zone(kind, entry_id)
    if zone is None:
        if not current_user.is_authenticated:
            refuse()
        abort(404)
    if not services.can_set_themes(current_user, zone):
        refuse()
    form = ThemesForm()
    if not form.validate_on_submit():
        found, origin = _entry_or_404(kind, entry_id)
        return render_template(
            "catalogue/entry.html", entry=found, themes_form=form, origin=origin
        ), 422
    services.set_themes(kind, entry_id, form.themes.data or [])
    db.session.commit()
    flash(_("The entry's themes are saved."), "success")
    return redirect(services.entry_url(kind, entry_id))
