"""The open-data rules of every list and public reply: zones as the entry point, pages
with next links, ETags answered with 304, cross-origin reads for anonymous GETs only."""

import uuid

import pytest

from app.extensions import db
from app.surveys.services import create_survey, open_survey
from tests.plans.factories import make_plan, submitted_report

ZONES = "/api/v1/zones"


@pytest.fixture
def many_zones(make_zone):
    """Seven zones (towns A1…A7)."""
    return [make_zone(slug=f"a{n}", town=f"A{n}", library_name=f"Biblioteka {n}") for n in range(7)]


def walk(client, url: str) -> tuple[list, list]:
    """Follow `links.next` from `url`: every page's body, and the Link headers."""
    bodies, headers = [], []
    while url:
        reply = client.get(url)
        assert reply.status_code == 200, reply.get_data(as_text=True)
        bodies.append(reply.get_json())
        headers.append(reply.headers.get("Link"))
        url = bodies[-1]["links"]["next"]
    return bodies, headers


def test_the_zones_list_with_each_zones_page_and_resources(client, zone):
    body = client.get(ZONES).get_json()
    [item] = body["zones"]
    assert item["slug"] == "kwidzyn"
    assert item["library_name"] == "Biblioteka Miejsko-Powiatowa w Kwidzynie"
    assert item["url"] == "http://localhost/zones/kwidzyn"
    assert item["api"]["self"] == "http://localhost/api/v1/zones/kwidzyn"
    for name in ("surveys", "ideas", "plan", "reports"):
        assert item["api"][name] == f"http://localhost/api/v1/zones/kwidzyn/{name}"
    assert body["pagination"] == {"page": 1, "pages": 1, "limit": 50, "total": 1}
    one = client.get(item["api"]["self"]).get_json()
    assert one["town"] == "Kwidzyn" and "description" in one
    assert client.get(f"{ZONES}/nowhere").get_json()["error"]["code"] == "not_found"


def test_next_links_walk_every_zone_exactly_once(client, many_zones):
    bodies, headers = walk(client, f"{ZONES}?limit=3")
    slugs = [z["slug"] for body in bodies for z in body["zones"]]
    assert sorted(slugs) == sorted(z.slug for z in many_zones)
    assert len(slugs) == len(set(slugs)) == 7
    assert [len(body["zones"]) for body in bodies] == [3, 3, 1]
    assert [body["pagination"]["page"] for body in bodies] == [1, 2, 3]
    assert all(body["pagination"]["pages"] == 3 for body in bodies)
    assert headers[0] == f'<http://localhost{ZONES}?limit=3&page=2>; rel="next"'
    assert 'rel="prev"' in headers[2] and 'rel="next"' not in headers[2]
    assert bodies[0]["links"]["prev"] is None
    assert bodies[1]["links"]["prev"] == f"http://localhost{ZONES}?limit=3"


def test_a_page_past_the_last_is_empty_and_links_back(client, many_zones):
    body = client.get(f"{ZONES}?limit=5&page=9").get_json()
    assert body["zones"] == [] and body["links"]["next"] is None
    assert body["links"]["prev"] == f"http://localhost{ZONES}?limit=5&page=2"


@pytest.mark.parametrize(
    "query",
    ["limit=0", "limit=101", "limit=abc", "limit=", "limit=1.5", "limit=-1", "page=0",
     "page=x", "page=100001", "page=99999999999999999999", "limit=%C2%B2"],
)  # fmt: skip
def test_bad_paging_is_a_400_naming_the_parameter(client, zone, query):
    for url in (ZONES, f"{ZONES}/kwidzyn/surveys", f"{ZONES}/kwidzyn/ideas"):
        reply = client.get(f"{url}?{query}")
        assert reply.status_code == 400, (url, query)
        error = reply.get_json()["error"]
        assert error["code"] == "bad_parameter"
        assert set(error["fields"]) == {query.split("=")[0]}


def test_the_limit_goes_up_to_100(client, zone):
    assert client.get(f"{ZONES}?limit=100").get_json()["pagination"]["limit"] == 100


def test_surveys_ideas_and_reports_come_in_pages_too(client, zone, template, make_user):
    for n in range(3):
        open_survey(create_survey(zone, template, slug=f"ankieta-{n}"))
    db.session.commit()
    bodies, _headers = walk(client, f"{ZONES}/kwidzyn/surveys?limit=2")
    slugs = [s["slug"] for body in bodies for s in body["surveys"]]
    assert sorted(slugs) == ["ankieta-0", "ankieta-1", "ankieta-2"]
    survey = bodies[0]["surveys"][0]
    assert survey["results_url"].endswith(f"/surveys/{survey['slug']}/results")
    assert survey["results_public"] is False
    plan = make_plan(zone, actions=1, awarded=1_000_000, published=True)
    librarian = make_user("librarian", zone)
    submitted_report(plan, librarian)
    bodies, _headers = walk(client, f"{ZONES}/kwidzyn/reports?limit=1")
    [[report]] = [body["reports"] for body in bodies]
    assert report["url"] == "http://localhost/zones/kwidzyn/plan/reports/1"
    goal = client.get(f"{ZONES}/kwidzyn/plan").get_json()["goals"][0]
    assert goal["url"] == f"http://localhost/zones/kwidzyn/plan#goal-{goal['id']}"


def test_a_public_reply_has_an_etag_and_if_none_match_gets_304(client, zone):
    first = client.get(f"{ZONES}/kwidzyn")
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "public, max-age=60"
    again = client.get(f"{ZONES}/kwidzyn", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert again.headers["ETag"] == etag
    zone.description = "Nowy opis"
    db.session.commit()
    changed = client.get(f"{ZONES}/kwidzyn", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert client.head(f"{ZONES}/kwidzyn", headers={"If-None-Match": etag}).status_code == 200


def test_results_keep_their_etag_while_the_figures_stay(client, survey):
    survey.results_public = True
    db.session.commit()
    url = f"{ZONES}/kwidzyn/surveys/{survey.slug}/results"
    first = client.get(url)
    assert first.status_code == 200
    # computed_at differs from second to second; the ETag does not.
    assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304


def test_staff_replies_and_submissions_are_never_cached(client, login_as, survey):
    login_as("librarian")
    staff = client.get(f"{ZONES}/kwidzyn/surveys/{survey.slug}/results")
    assert staff.status_code == 200
    assert "ETag" not in staff.headers
    assert staff.headers["Cache-Control"] == "private, no-store"
    listed = client.get(f"{ZONES}/kwidzyn")
    assert "ETag" not in listed.headers and "public" not in listed.headers["Cache-Control"]
    stored = client.post(
        f"{ZONES}/kwidzyn/surveys/{survey.slug}/responses",
        json={"answers": {"wiek": "od_25", "dzieci": "nie", "informacje": 4}},
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    assert stored.status_code == 201 and "ETag" not in stored.headers


def test_anonymous_gets_may_be_read_from_any_origin(client, zone):
    origin = {"Origin": "https://dane.example.org"}
    reply = client.get(ZONES, headers=origin)
    assert reply.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in reply.headers
    assert {"ETag", "Link"} <= {
        h.strip() for h in reply.headers["Access-Control-Expose-Headers"].split(",")
    }
    missing = client.get(f"{ZONES}/nowhere", headers=origin)  # errors are readable too
    assert missing.headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        f"{ZONES}/kwidzyn/ideas",
        headers=origin | {"Access-Control-Request-Method": "GET",
                          "Access-Control-Request-Headers": "If-None-Match"},
    )  # fmt: skip
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    allowed = {m.strip() for m in preflight.headers["Access-Control-Allow-Methods"].split(",")}
    assert allowed == {"GET", "HEAD", "OPTIONS"}
    assert "if-none-match" in preflight.headers["Access-Control-Allow-Headers"].lower()


def test_no_other_site_may_send_or_read_a_submission(client, survey):
    origin = {"Origin": "https://zly.example.org"}
    url = f"{ZONES}/kwidzyn/surveys/{survey.slug}/responses"
    preflight = client.options(
        url, headers=origin | {"Access-Control-Request-Method": "POST",
                               "Access-Control-Request-Headers": "content-type,idempotency-key"},
    )  # fmt: skip
    assert "Access-Control-Allow-Origin" not in preflight.headers
    assert "Access-Control-Allow-Methods" not in preflight.headers
    stored = client.post(url, json={"answers": {}}, headers=origin | {
        "Idempotency-Key": str(uuid.uuid4())})  # fmt: skip
    assert stored.status_code == 422
    assert "Access-Control-Allow-Origin" not in stored.headers
    # Preflight for a GET elsewhere never allows POST.
    other = client.options(ZONES, headers=origin | {"Access-Control-Request-Method": "POST"})
    assert "Access-Control-Allow-Methods" not in other.headers


def test_every_object_carries_its_pages_url(client, zone, survey):
    zone_body = client.get(f"{ZONES}/kwidzyn").get_json()
    surveys = client.get(zone_body["api"]["surveys"]).get_json()
    assert surveys["url"] == zone_body["url"]
    assert all(s["url"].startswith("http://localhost/zones/kwidzyn/surveys/") for s in
               surveys["surveys"])  # fmt: skip
