"""Responses stuffed by a client that drops its cookies (issue 9): at most so many complete
responses per survey from one address in 24 hours, by the pages and the API together, and
bursts shown to the librarian. Addresses are kept only as keyed hashes."""

import re
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from app.core.time import utcnow
from app.extensions import db
from app.surveys.models import Response, ResponseStatus

INTRO = "/zones/kwidzyn/surveys/proba"
API = "/api/v1/zones/kwidzyn/surveys/proba/responses"
ANSWERS = {"wiek": "do_24", "dzieci": "nie", "informacje": 2}
CAFE_WIFI = "203.0.113.7"


@pytest.fixture
def app_settings():
    return {
        "SURVEY_RESPONSES_PER_ADDRESS_PER_DAY": 3,
        "SURVEY_BURST_RESPONSES": 3,
        "SURVEY_BURST_MINUTES": 10,
    }


def from_address(app, address=CAFE_WIFI):
    """A fresh client (no cookies: a script that drops them) at one address."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def api(app, address=CAFE_WIFI, url=API):
    return from_address(app, address).post(
        url, json={"answers": ANSWERS}, headers={"Idempotency-Key": str(uuid.uuid4())}
    )


def start_on_the_pages(app, address=CAFE_WIFI):
    """Start the survey on its pages and answer all but the last page: a function that sends
    the last one. Each run is a fresh client (a script that drops its cookies)."""
    client = from_address(app, address)
    token = re.search(
        r'name="csrf_token" value="([^"]+)"', client.get(INTRO).get_data(as_text=True)
    ).group(1)
    started = client.post(f"{INTRO}/start", data={"csrf_token": token})
    if started.status_code != 302:
        return lambda: started
    first = started.headers["Location"]
    client.post(first, data={"csrf_token": token, "wiek": "do_24", "dzieci": "nie"})
    return lambda: client.post(
        first.removesuffix("/0") + "/2", data={"csrf_token": token, "informacje": "2"}
    )


def on_the_pages(app, address=CAFE_WIFI):
    return start_on_the_pages(app, address)()


def complete() -> int:
    return db.session.scalar(
        select(func.count()).select_from(Response).where(Response.status == "complete")
    )


def test_one_address_is_capped_per_day_across_pages_and_api(app, survey, another_survey):
    finish_later = start_on_the_pages(app)  # someone starts before the cap is reached
    assert [api(app).status_code for _ in range(2)] == [201, 201]
    assert on_the_pages(app).headers["Location"].endswith("/done")  # the third
    reply = api(app)
    assert reply.status_code == 429
    assert "24 godzin" in reply.get_json()["error"]["message"]
    page = on_the_pages(app)  # refused at the start, before typing anything
    assert page.status_code == 429
    assert "24 godzin" in page.get_data(as_text=True)
    page = finish_later()  # refused at the end: the answers are kept, to send later
    assert page.status_code == 429
    assert "24 godzin" in page.get_data(as_text=True)
    assert complete() == 3
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(Response)
            .where(Response.status == ResponseStatus.IN_PROGRESS)
        )
        == 1
    )
    # Another address (another library, a phone on mobile data) is not affected.
    assert api(app, "198.51.100.20").status_code == 201
    # Nor is the same address on another survey.
    another_survey("druga")
    assert api(app, url="/api/v1/zones/kwidzyn/surveys/druga/responses").status_code == 201


def test_the_cap_counts_the_last_24_hours(app, survey):
    for _ in range(3):
        assert api(app).status_code == 201
    assert api(app).status_code == 429
    db.session.execute(update(Response).values(submitted_at=utcnow() - timedelta(hours=25)))
    db.session.commit()
    assert api(app).status_code == 201


def test_a_retry_of_a_stored_response_is_still_answered_at_the_cap(app, survey):
    client = from_address(app)
    key = {"Idempotency-Key": str(uuid.uuid4())}
    first = client.post(API, json={"answers": ANSWERS}, headers=key)
    for _ in range(2):
        api(app)
    retry = client.post(API, json={"answers": ANSWERS}, headers=key)
    assert retry.status_code == 201
    assert retry.get_json()["id"] == first.get_json()["id"]


def test_addresses_are_kept_only_as_keyed_hashes(app, survey, another_survey):
    api(app)
    another_survey("druga")
    api(app, url="/api/v1/zones/kwidzyn/surveys/druga/responses")
    hashes = db.session.scalars(select(Response.address_hash)).all()
    assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes)
    assert hashes[0] != hashes[1]  # nothing links one survey's respondents to another's
    for row in db.session.execute(select(Response.__table__)).all():
        assert CAFE_WIFI not in str(tuple(row))


def test_paper_entry_is_not_capped(app, client, post_form, login_as, survey):
    login_as("librarian")
    client.environ_base["REMOTE_ADDR"] = CAFE_WIFI
    for n in range(5):
        reply = post_form(f"{INTRO}/paper", {"wiek": "do_24", "dzieci": "nie", "informacje": "3"})
        assert reply.status_code == 302, n
    assert complete() == 5


def test_bursts_are_shown_to_the_librarian(app, client, login_as, survey):
    for _ in range(3):
        api(app)
    for n in range(2):  # spread residents: no burst
        api(app, f"198.51.100.{n}")
    login_as("librarian")
    html = client.get(f"{INTRO}/manage").get_data(as_text=True)
    assert "Wiele odpowiedzi przyszło z jednej sieci" in html
    [notice] = re.findall(r'<div class="flash" role="status" id="bursts">(.*?)</div>', html, re.S)
    assert "3 odpowiedzi z jednej sieci" in notice
    assert complete() == 5  # counted all the same


def test_responses_spread_over_time_are_no_burst(app, client, login_as, survey):
    for n in range(3):
        api(app)
        db.session.execute(
            update(Response)
            .where(Response.id == db.session.scalar(select(func.max(Response.id))))
            .values(submitted_at=utcnow() - timedelta(minutes=30 * n))
        )
        db.session.commit()
    login_as("librarian")
    html = client.get(f"{INTRO}/manage").get_data(as_text=True)
    assert 'id="bursts"' not in html
