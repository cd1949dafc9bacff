"""The network's zones: where an open-data reader starts."""

from flask import jsonify, url_for
from flask_babel import lazy_gettext as _l

from app.api import bp
from app.api import schemas as s
from app.api.openapi import documented
from app.api.paging import page_of, paged_reply
from app.api.params import BAD_PARAMETER, LIMIT, NOT_FOUND, PAGE, PAGE_HEADERS, ZONE
from app.zones.access import zone_route
from app.zones.models import Zone
from app.zones.services import list_zones

ZONE_RESOURCES = (
    ("self", "zone"), ("surveys", "surveys"), ("ideas", "ideas"), ("plan", "plan"),
    ("reports", "reports"),
)  # fmt: skip


def zone_json(zone: Zone, *, detail: bool = False) -> dict:
    """A zone, with its page and its resources in this API."""
    data = {
        "slug": zone.slug,
        "library_name": zone.library_name,
        "town": zone.town,
        "region": zone.region or "",
        "population": zone.population,
        "is_pilot": zone.is_pilot,
        "url": url_for("zones.show", zone_slug=zone.slug, _external=True),
        "api": {
            name: url_for(f"api.{endpoint}", zone_slug=zone.slug, _external=True)
            for name, endpoint in ZONE_RESOURCES
        },
    }
    if detail:
        data["description"] = zone.description or ""
    return data


ZONE_LINKS = {
    name: {"operationId": op, "parameters": {"zone_slug": "$response.body#/slug"}}
    for name, op in (("surveys", "surveys"), ("ideas", "ideas"), ("plan", "plan"),
                     ("reports", "reports"))
}  # fmt: skip


@bp.get("/zones")
@documented(
    summary=_l("All zones"),
    description=_l("Every zone of the network, by town in Polish alphabetical order."),
    params=[PAGE, LIMIT],
    responses={200: (_l("A page of zones."), s.ZoneList), 400: BAD_PARAMETER},
    headers={200: PAGE_HEADERS},
    links={200: {"zone": {"operationId": "zone",
                          "parameters": {"zone_slug": "$response.body#/zones/0/slug"}}}},
)  # fmt: skip
def zones():
    page = page_of(list_zones())
    return paged_reply(page, zones=[zone_json(zone) for zone in page.items])


@bp.get("/zones/<zone_slug>")
@documented(
    summary=_l("One zone"),
    description=_l("The zone, its page, and links to its surveys, ideas, plan and reports."),
    params=[ZONE],
    responses={200: (_l("The zone."), s.ZoneDetail), 404: NOT_FOUND},
    links={200: ZONE_LINKS},
)
@zone_route()
def zone(zone: Zone):
    return jsonify(zone_json(zone, detail=True))
