"""The network's catalogue as open data: what the zones did (the actions of published plans)
and the residents' ideas listed on their own, searched with the same words and filters as
the page /catalogue, and one entry with where it came from, how it went and where it
travelled.

Filters take the values the page offers; an unknown value is a 400 bad_parameter naming
it, as a wrong `page` or `limit` is (the page drops it instead: its links are hand-made).
Money is whole grosze with its PLN text beside it, as in the plan (app/api/plans.py).
Only what anyone may see: copies in other zones' draft plans or hidden ideas never appear.
"""

from flask import jsonify, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.api import bp
from app.api import schemas as s
from app.api.openapi import Param, documented
from app.api.paging import Page, RefusedError, asked_page, paged_reply
from app.api.params import BAD_PARAMETER, LIMIT, PAGE, PAGE_HEADERS, TEXT
from app.api.plans import amounts
from app.cafes.models import Idea
from app.catalogue import adoption, services
from app.catalogue.models import CostBand, EntryKind, ProgrammeTheme, SizeBand
from app.core.params import DB_INT_MAX
from app.core.time import rfc3339
from app.errors.handlers import api_error
from app.extensions import db
from app.plans.models import Action
from app.zones.models import Zone
from app.zones.services import VOIVODESHIPS

KINDS = [kind.value for kind in EntryKind]
# query parameter -> (CatalogueQuery's field, the values it takes): the page's own lists.
FILTERS = {
    "theme": ("theme", [theme.value for theme in ProgrammeTheme]),
    "status": ("status", list(services.STATUSES)),
    "cost": ("cost", [band.value for band in CostBand]),
    "size": ("size", [band.value for band in SizeBand]),
    "region": ("region", list(VOIVODESHIPS)),
}


def _enum(values: list[str]) -> dict:
    return {"type": "string", "enum": values}


FILTER_PARAMS = [
    Param("q", "query", TEXT,
          _l("Words to look for, in any form, with or without Polish letters' marks "
             "(\"kalendarz miejski\" finds \"Kalendarz miejski w internecie\"); the first "
             "200 characters count."),
          example="kalendarz miejski"),
    Param("theme", "query", _enum(FILTERS["theme"][1]),
          _l("Only entries with this programme theme.")),
    Param("status", "query", _enum(FILTERS["status"][1]),
          _l("Only entries with this status (an action's, or a chosen or implemented idea's).")),
    Param("cost", "query", _enum(FILTERS["cost"][1]),
          _l("Only entries whose grant and own money together are in this band "
             "(small: up to 2,000 PLN, medium: up to 5,000 PLN, large: more).")),
    Param("size", "query", _enum(FILTERS["size"][1]),
          _l("Only entries of zones whose town is this size (small: under 20,000 residents, "
             "medium: up to 50,000, large: more).")),
    Param("region", "query", _enum(FILTERS["region"][1]),
          _l("Only entries of zones in this voivodeship."), example="wielkopolskie"),
]  # fmt: skip
KIND = Param("kind", "path", _enum(KINDS), _l("What the entry is: an action or an idea."),
             example="action")  # fmt: skip
ENTRY_ID = Param("entry_id", "path", {"type": "integer", "minimum": 1, "maximum": DB_INT_MAX},
                 _l("The action's or the idea's id, as in its page's address."))  # fmt: skip
NO_ENTRY = _l("No such entry: unknown, or not public (an action of a draft plan, a hidden idea).")


def _query() -> services.CatalogueQuery:
    """The search the request asks for; RefusedError (400) for a filter's unknown value."""
    asked = services.CatalogueQuery(
        text=request.args.get("q", "").strip(),
        **{field: request.args.get(name, "") for name, (field, _values) in FILTERS.items()},
    )
    query = asked.cleaned()
    for name, (field, values) in FILTERS.items():
        if name in request.args and not getattr(query, field):
            message = _("Send %(name)s as one of: %(values)s.", name=name,
                        values=", ".join(values))  # fmt: skip
            raise RefusedError(
                api_error(400, message, code="bad_parameter", fields={name: message})
            )
    return query


def _absolute(path: str) -> str:
    """A page's address from the catalogue's services (made for the site's own links)."""
    return request.host_url.rstrip("/") + path


def _coded(value) -> dict | None:
    """An enum's code and its words in the reader's language."""
    return None if value is None else {"code": value.value, "label": str(value.label)}


def _zone(slug: str, town: str, library: str, region: str | None, population: int | None):
    return {
        "slug": slug, "town": town, "library": library, "region": region or "",
        "population": population,
        "url": url_for("zones.show", zone_slug=slug, _external=True),
        "api": url_for("api.zone", zone_slug=slug, _external=True),
    }  # fmt: skip


def _entry_api(kind: str, entry_id: int) -> str:
    return url_for("api.catalogue_entry", kind=kind, entry_id=entry_id, _external=True)


def _summary(entry: services.EntrySummary, adopted_in: int) -> dict:
    cost = entry.cost
    return {
        "kind": entry.kind,
        "id": entry.id,
        "title": entry.title,
        "status": {"code": entry.status, "label": str(entry.status_label)},
        "zone": _zone(entry.zone_slug, entry.town, entry.library, entry.region, entry.population),
        "cost": None if cost is None else amounts(grant=entry.grant or 0, own=entry.own or 0,
                                                  total=cost),
        "bands": {"cost": _coded(entry.cost_band), "size": _coded(entry.size_band)},
        "themes": [_coded(theme) for theme in entry.themes],
        "updated_at": rfc3339(entry.updated_at),
        "adopted_in_zones": adopted_in,
        "url": _absolute(entry.url),
        "api": _entry_api(entry.kind, entry.id),
    }  # fmt: skip


@bp.get("/catalogue")
@documented(
    summary=_l("The catalogue"),
    description=_l(
        "What the zones did and what their residents proposed, for others to take up: every "
        "action of a published plan and every chosen or implemented idea no listed action "
        "carries. Words and filters combine (all must hold); with words, the best match "
        "comes first, otherwise the most recently changed. The filters take the values the "
        "catalogue's page offers: any other value is 400 bad_parameter, naming it."
    ),
    params=[*FILTER_PARAMS, PAGE, LIMIT],
    responses={200: (_l("A page of entries."), s.CatalogueList), 400: BAD_PARAMETER},
    headers={200: PAGE_HEADERS},
    links={200: {"entry": {"operationId": "catalogue_entry", "parameters": {
        "kind": "$response.body#/entries/0/kind", "entry_id": "$response.body#/entries/0/id"}}}},
    tag="catalogue",
)  # fmt: skip
def catalogue():
    """A page of the catalogue's entries matching the words and filters."""
    query = _query()
    number, limit = asked_page()
    found = services.search(query, page=number, per_page=limit)
    # The search shows the last page for one past it (the page's way); the API's is empty.
    entries = found.entries if found.page == number else []
    counts = adoption.adoption_counts((entry.kind, entry.id) for entry in entries)
    return paged_reply(
        Page(entries, number, limit, found.total),
        url=url_for("catalogue.index", _external=True),
        entries=[_summary(entry, counts[(entry.kind, entry.id)]) for entry in entries],
    )


def _is_public(travelled: adoption.Travelled) -> bool:
    """The copy is one anyone may see: an action of a published plan, a visible idea
    (lineage shows a zone's own people their draft copies too)."""
    copy = travelled.adoption.copy
    if isinstance(copy, Action):
        return copy.plan.is_published
    return copy is not None and copy.visible


def _travelled(travelled: adoption.Travelled) -> dict:
    zone: Zone = travelled.zone
    return {
        "zone": _zone(zone.slug, zone.town, zone.library_name, zone.region, zone.population),
        "kind": travelled.kind.value,
        "title": travelled.title,
        "status": {"code": travelled.adoption.copy.status, "label": str(travelled.status_label)},
        "done": travelled.done,
        "note": travelled.adoption.note,
        "adopted_at": rfc3339(travelled.adoption.created_at),
        "url": _absolute(travelled.url),
    }


def _uptake(row) -> dict:
    zone = row.zone
    return {
        "library": row.partner.name,
        "zone": _zone(zone.slug, zone.town, zone.library_name, zone.region, zone.population),
        "note": row.note,
        "taken_up_on": row.taken_up_on.isoformat(),
    }


def _adopted_from(origin) -> dict | None:
    found = adoption.adopted_from(origin)
    if found is None:
        return None
    return {
        "title": found.title, "town": found.town, "library": found.library, "note": found.note,
        "url": _absolute(found.url) if found.url else None,
    }  # fmt: skip


def _report(entry: services.Entry, words: services.ReportWords) -> dict:
    return {
        "number": words.number,
        "kind": words.kind,
        "period": {"start": words.period_start.isoformat(), "end": words.period_end.isoformat()},
        "status": words.status,
        "achieved": words.achieved,
        "participants": words.participants,
        "lasting": words.lasting,
        "explanations": words.explanations,
        "url": url_for("plans.report", zone_slug=entry.zone_slug, number=words.number,
                       _external=True),
    }  # fmt: skip


@bp.get("/catalogue/<kind>/<int:entry_id>")
@documented(
    summary=_l("One catalogue entry"),
    description=_l(
        "The entry with everything its page shows: what was planned and for how much, its "
        "plan, indicators with their targets and what was achieved, what the reports say, "
        "the residents' ideas and the diagnosis' findings behind it, where it was adopted "
        "from if it is itself a copy, the other zones it travelled to (their public copies) "
        "and the partner libraries that took it up."
    ),
    params=[KIND, ENTRY_ID],
    responses={200: (_l("The entry."), s.CatalogueEntryDetail), 404: NO_ENTRY},
    tag="catalogue",
)
def catalogue_entry(kind: str, entry_id: int):
    """A public catalogue entry, its lineage and its uptake."""
    entry = services.get_entry(kind, entry_id) if kind in KINDS else None
    if entry is None:
        return api_error(404, _("There is no such entry in the catalogue."))
    # get_entry loaded the source already: the session gives it back without a query.
    origin = db.session.get(Action if kind == EntryKind.ACTION else Idea, entry_id)
    travelled = [t for t in adoption.lineage(origin) if _is_public(t)]
    data = _summary(entry, adoption.zones_count(travelled))
    plan = None
    if entry.plan_url:
        plan = {"title": entry.plan_title, "period": entry.plan_period,
                "url": _absolute(entry.plan_url)}  # fmt: skip
    return jsonify(
        data | {
            "description": entry.description or "",
            "drop_reason": entry.drop_reason or None,
            "number": entry.number,
            "plan": plan,
            "source_url": _absolute(entry.source_url),
            "indicators": [
                {"name": i.name, "unit": i.unit, "target": i.target, "achieved": i.achieved,
                 "reached_share": i.reached_share}
                for i in entry.indicators
            ],
            "reports": [_report(entry, words) for words in entry.reports],
            "ideas": [
                {"id": idea.id, "title": idea.title, "description": idea.description or "",
                 "status": idea.status, "url": _absolute(idea.url)}
                for idea in entry.ideas
            ],
            "findings": [{"id": f.id, "text": f.text, "figure": f.figure} for f in entry.findings],
            "adopted_from": _adopted_from(origin),
            "travelled": [_travelled(t) for t in travelled],
            "uptakes": [_uptake(row) for row in adoption.uptakes_of(origin)],
        }
    )  # fmt: skip
