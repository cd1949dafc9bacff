"""GET /api/v1/catalogue and /api/v1/catalogue/<kind>/<id>: the catalogue's search and one
entry as open data, on the demo network (`flask demo`): words in any form and without
Polish marks, filters that combine, pages with next links and an empty one past the end,
ETags, an entry's lineage, and nothing that is not public."""

import pytest
from sqlalchemy import select

from app.catalogue import adoption
from app.catalogue.models import SearchRow
from app.extensions import db
from tests.api.test_open_data import walk
from tests.plans.factories import make_plan

CATALOGUE = "/api/v1/catalogue"
CALENDAR = "Kalendarz miejski w internecie"


def entries(client, query: str = "") -> list[dict]:
    reply = client.get(f"{CATALOGUE}?{query}")
    assert reply.status_code == 200, reply.get_data(as_text=True)
    return reply.get_json()["entries"]


def find(client, title: str, query: str = "") -> dict:
    """The list's item with this title (from the search for its words)."""
    [item] = [e for e in entries(client, query or f"q={title}") if e["title"] == title]
    return item


def test_words_without_polish_marks_and_a_region_find_jarocins_calendar(client, demo):
    found = entries(client, "q=kalendarz%20miejski%20w%20internecie")
    assert found[0]["title"] == CALENDAR
    item = found[0]
    assert item["kind"] == "action"
    assert item["zone"]["town"] == "Jarocin" and item["zone"]["region"] == "wielkopolskie"
    assert item["zone"]["api"] == f"http://localhost/api/v1/zones/{item['zone']['slug']}"
    assert item["url"] == f"http://localhost/catalogue/action/{item['id']}"
    assert item["api"] == f"http://localhost{CATALOGUE}/action/{item['id']}"
    # Kwidzyn and Oświęcim adopted it as actions of their published plans.
    assert item["adopted_in_zones"] == 2
    # 6,700 + 1,300 zł from the grant (and the library's own money): the large band.
    cost = item["cost"]
    assert cost["total"] == cost["grant"] + cost["own"] and cost["total"] > 500_000
    assert cost["total_pln"] == f"{cost['total'] // 100}.{cost['total'] % 100:02d}"
    assert item["bands"]["cost"]["code"] == "large"
    assert "local_information" in [theme["code"] for theme in item["themes"]]
    # Without marks, in another form, with the region: still only Jarocin's.
    assert [
        e["title"] for e in entries(client, "q=kalendarza%20miejskiego&region=wielkopolskie")
    ] == [CALENDAR]
    assert entries(client, "q=oswiecim&region=wielkopolskie") == []
    oswiecim = {e["title"] for e in entries(client, "q=oswiecim")}
    assert "Kalendarz Oświęcimia" in oswiecim


def test_filters_combine_as_on_the_page(client, demo):
    local = {e["title"] for e in entries(client, "theme=local_information")}
    assert CALENDAR in local and "Internetowe radio OIL" in local
    done_local = entries(client, "theme=local_information&status=done")
    assert [e["title"] for e in done_local] == ["Szkolenia dla redaktorów kalendarza"]
    assert all(e["status"]["code"] == "done" for e in done_local)
    large = entries(client, "theme=local_information&cost=large&region=wielkopolskie")
    assert [e["title"] for e in large] == [CALENDAR]
    ideas = entries(client, "status=implemented")
    assert ideas and {e["kind"] for e in ideas} == {"idea"}
    assert all(e["cost"] is None and e["bands"]["cost"] is None for e in ideas)
    small = entries(client, "size=small&limit=100")
    assert small and {e["bands"]["size"]["code"] for e in small} == {"small"}


@pytest.mark.parametrize(
    "query", ["theme=x", "status=draft", "cost=%27", "size=huge", "region=Texas", "theme="]
)
def test_an_unknown_filter_value_is_a_400_naming_it(client, demo, query):
    reply = client.get(f"{CATALOGUE}?{query}")
    assert reply.status_code == 400
    error = reply.get_json()["error"]
    assert error["code"] == "bad_parameter"
    assert set(error["fields"]) == {query.split("=")[0]}


def test_next_links_walk_every_entry_once_and_past_the_end_is_empty(client, demo):
    total = db.session.scalar(select(db.func.count()).select_from(SearchRow))
    bodies, headers = walk(client, f"{CATALOGUE}?limit=7")
    keys = [(e["kind"], e["id"]) for body in bodies for e in body["entries"]]
    assert len(keys) == len(set(keys)) == total > 14
    pages = -(-total // 7)
    assert len(bodies) == pages and bodies[-1]["pagination"]["pages"] == pages
    assert headers[0] == f'<http://localhost{CATALOGUE}?limit=7&page=2>; rel="next"'
    past = client.get(f"{CATALOGUE}?limit=7&page={pages + 1}").get_json()
    assert past["entries"] == [] and past["links"]["next"] is None
    assert past["pagination"]["total"] == total
    assert past["links"]["prev"] == f"http://localhost{CATALOGUE}?limit=7&page={pages}"
    # Filters are kept in the links; the page past a filtered list's end is empty too.
    filtered = client.get(f"{CATALOGUE}?theme=local_information&limit=2").get_json()
    assert filtered["links"]["next"].endswith("?theme=local_information&limit=2&page=2")
    far = client.get(f"{CATALOGUE}?theme=local_information&limit=2&page=50").get_json()
    assert far["entries"] == [] and far["pagination"]["total"] == filtered["pagination"]["total"]


def test_the_html_page_still_shows_its_last_page_past_the_end(client, demo):
    pages = client.get(f"{CATALOGUE}?limit=20").get_json()["pagination"]["pages"]
    last = client.get(f"{CATALOGUE}?limit=20&page={pages}").get_json()["entries"]
    page = client.get("/catalogue?page=999")
    assert page.status_code == 200
    assert all(entry["url"].removeprefix("http://localhost") in page.get_data(as_text=True)
               for entry in last)  # fmt: skip


def test_etag_then_304_and_any_origin_may_read(client, demo):
    first = client.get(f"{CATALOGUE}?q=kalendarz", headers={"Origin": "https://example.org"})
    etag = first.headers["ETag"]
    assert first.headers["Access-Control-Allow-Origin"] == "*"
    again = client.get(f"{CATALOGUE}?q=kalendarz", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    entry = first.get_json()["entries"][0]["api"]
    one = client.get(entry)
    assert client.get(entry, headers={"If-None-Match": one.headers["ETag"]}).status_code == 304
    assert client.get(f"{CATALOGUE}?q=radio", headers={"If-None-Match": etag}).status_code == 200


def test_an_entry_with_where_it_travelled(client, demo):
    body = client.get(find(client, CALENDAR)["api"]).get_json()
    assert body["title"] == CALENDAR and body["zone"]["town"] == "Jarocin"
    assert body["description"] and body["plan"]["title"] and body["plan"]["period"]
    assert body["number"] >= 1 and body["adopted_from"] is None
    assert body["indicators"] and all("target" in i and "achieved" in i for i in body["indicators"])
    assert {t["zone"]["town"] for t in body["travelled"]} == {"Kwidzyn", "Oświęcim"}
    assert {t["kind"] for t in body["travelled"]} == {"action"}
    assert body["adopted_in_zones"] == 2
    assert all(
        t["note"] and t["url"].startswith("http://localhost/zones/") for t in body["travelled"]
    )
    # A copy says where it came from, and its link leads back to the entry.
    copy = find(client, "Kalendarz Oświęcimia")
    origin = client.get(copy["api"]).get_json()["adopted_from"]
    assert origin["title"] == CALENDAR and origin["town"] == "Jarocin"
    assert origin["url"] == find(client, CALENDAR)["url"]


def test_kwidzyns_club_lives_on_in_nowy_tomysl_and_carries_its_residents_idea(client, demo):
    club = find(client, "Klub Młodych Mam", "q=klub%20mlodych%20mam&region=pomorskie")
    body = client.get(club["api"]).get_json()
    assert body["zone"]["town"] == "Kwidzyn"
    [there] = body["travelled"]
    assert there["zone"]["slug"] == "nowy-tomysl" and there["title"] == "Klub Młodych Rodziców"
    assert body["ideas"] and all(
        i["url"].startswith("http://localhost/zones/kwidzyn/") for i in body["ideas"]
    )


def test_a_partner_librarys_uptake(client, demo):
    ngo = find(client, "Strefa NGO w bibliotece")
    [uptake] = client.get(ngo["api"]).get_json()["uptakes"]
    assert uptake["library"] == "Gminna Biblioteka Publiczna w Kuślinie"
    assert uptake["zone"]["slug"] == "nowy-tomysl"


def test_a_draft_plans_action_and_unknown_entries_are_404(client, zone):
    draft = make_plan(zone, actions=1)
    action_id = draft.actions[0].id
    db.session.commit()
    for path in (f"action/{action_id}", f"idea/{action_id}", f"plan/{action_id}",
                 "action/2147483647", "action/99999999999"):  # fmt: skip
        reply = client.get(f"{CATALOGUE}/{path}")
        assert reply.status_code == 404, path
        assert reply.get_json()["error"]["code"] == "not_found"
    assert entries(client) == []


def test_a_copy_in_a_draft_plan_never_travels_through_the_api(client, zone, other_zone, login_as):
    """The entry's page shows a zone's own people their zone's draft copy; the API, which
    anyone may read (and cache), shows only public copies, whoever asks."""
    origin = make_plan(zone, actions=1, published=True).actions[0]
    make_plan(other_zone, actions=1)  # a draft
    librarian = login_as("librarian", other_zone)
    adoption.adopt_as_action(origin, other_zone, librarian, title="Nasz szkic kopii",
                             description="", note="Na próbę.")  # fmt: skip
    db.session.commit()
    page = client.get(f"/catalogue/action/{origin.id}").get_data(as_text=True)
    assert "Nasz szkic kopii" in page  # the librarian sees their zone's draft copy there
    body = client.get(f"{CATALOGUE}/action/{origin.id}").get_json()
    assert body["travelled"] == [] and body["adopted_in_zones"] == 0
    assert [e["adopted_in_zones"] for e in entries(client)] == [0]


def test_an_idea_listed_on_its_own(client, demo):
    [item] = entries(client, "q=slabowidzacy")
    assert item["kind"] == "idea" and item["title"] == "Audiobooki dla słabowidzących"
    body = client.get(item["api"]).get_json()
    assert body["plan"] is None and body["number"] is None and body["cost"] is None
    assert [idea["id"] for idea in body["ideas"]] == [item["id"]]
    assert body["source_url"] == body["ideas"][0]["url"]
    assert body["status"]["code"] == "implemented" and body["status"]["label"]


def test_the_document_and_the_reference_page_describe_the_catalogue(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert "catalogue" in {tag["name"] for tag in doc["tags"]}
    listing = doc["paths"]["/api/v1/catalogue"]["get"]
    assert listing["tags"] == ["catalogue"]
    assert {p["name"] for p in listing["parameters"]} >= {
        "q", "theme", "status", "cost", "size", "region", "page", "limit"
    }  # fmt: skip
    assert set(doc["paths"]["/api/v1/catalogue/{kind}/{entry_id}"]["get"]["responses"]) >= {
        "200", "304", "404"
    }  # fmt: skip
    page = client.get("/api/v1/docs", headers={"Accept-Language": "pl"}).get_data(as_text=True)
    assert "Jeden wpis katalogu" in page and "Tylko wpisy z tym tematem programu." in page
