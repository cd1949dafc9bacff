"""The API speaks one dialect: every error it can be made to give has the same shape, and
every timestamp in its bodies is RFC 3339 UTC to the second."""

import re
import uuid
from datetime import timedelta

import pytest

from app.cafes.models import Board, Cafe, Idea
from app.core.time import utcnow
from app.extensions import db
from app.surveys.services import close_survey, create_survey

ZONE = "/api/v1/zones/kwidzyn"
RESULTS = f"{ZONE}/surveys/proba/results"
RESPONSES = f"{ZONE}/surveys/proba/responses"
VALID = {"wiek": "od_25", "dzieci": "nie", "informacje": 4}
CODE = re.compile(r"[a-z][a-z_]*[a-z]")
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def key() -> dict:
    return {"Idempotency-Key": str(uuid.uuid4())}


def check_shape(reply, status: int, code: str, *, fields: set | None = None) -> None:
    """`{"error": {"status", "code", "message", "fields"?}}` and nothing else."""
    assert reply.status_code == status, reply.get_data(as_text=True)[:300]
    assert reply.is_json
    body = reply.get_json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"status", "code", "message"} | ({"fields"} if fields else set())
    assert error["status"] == status
    assert error["code"] == code and CODE.fullmatch(code)
    assert isinstance(error["message"], str) and error["message"].strip()
    if fields:
        assert set(error["fields"]) == fields
        assert all(isinstance(m, str) and m.strip() for m in error["fields"].values())


def provoke(client, login_as, survey, app):
    """Every API error the app gives, as (reply, status, code, fields or None)."""
    yield client.get(f"{ZONE}/ideas?status=nope"), 400, "unknown_status", None
    yield client.get(f"{ZONE}/ideas?limit=0"), 400, "bad_parameter", {"limit"}
    yield client.get("/api/v1/zones/nowhere/surveys"), 404, "not_found", None
    yield client.get("/api/v1/nothing-here"), 404, "not_found", None
    yield client.delete(f"{ZONE}/surveys"), 405, "method_not_allowed", None
    yield client.get(RESULTS), 401, "unauthorized", None
    yield (
        client.post(RESPONSES, data="answers=1", headers=key()),
        415,
        "unsupported_media_type",
        None,
    )
    yield (client.post(RESPONSES, data="{", content_type="application/json", headers=key()),
           400, "invalid_json", None)  # fmt: skip
    yield (client.post(RESPONSES, json={"a": [[[[[[[[[1]]]]]]]]]}, headers=key()),
           400, "too_deep", None)  # fmt: skip
    yield (client.post(RESPONSES, data='{"answers": {"pomysl": "a\\ud800"}}',
                       content_type="application/json", headers=key()),
           422, "invalid_text", {"answers.pomysl"})  # fmt: skip
    yield client.post(RESPONSES, json={"answers": VALID}), 400, "bad_idempotency_key", None
    yield client.post(RESPONSES, json=[], headers=key()), 400, "bad_request", None
    yield (client.post(RESPONSES, json={"answers": VALID, "channel": "fax", "x": 1},
                       headers=key()), 422, "invalid", {"channel", "x"})  # fmt: skip
    yield (client.post(RESPONSES, json={"answers": {"wiek": "stary"}}, headers=key()),
           422, "invalid", {"wiek", "dzieci", "informacje"})  # fmt: skip
    login_as("resident")
    yield client.get(RESULTS), 403, "forbidden", None
    survey.results_public = True
    db.session.commit()
    yield client.get(RESULTS, query_string={"by": "wiek"}), 403, "comparison_forbidden", None
    login_as("librarian")
    yield client.get(RESULTS, query_string={"by": "nope"}), 400, "unknown_dimension", None
    yield client.get(RESULTS, query_string={"only": "nope"}), 400, "unknown_filter", None
    app.config["API_SUBMISSION_RATE_LIMIT"] = "2 per minute"
    for _n in range(2):
        assert client.post(RESPONSES, json={"answers": VALID}, headers=key()).status_code == 201
    yield client.post(RESPONSES, json={"answers": VALID}, headers=key()), 429, "rate_limited", None
    app.config["API_SUBMISSION_RATE_LIMIT"] = "100 per minute"
    app.config["SURVEY_RESPONSES_PER_ADDRESS_PER_DAY"] = 2
    yield client.post(RESPONSES, json={"answers": VALID}, headers=key()), 429, "address_limit", None
    close_survey(survey)
    db.session.commit()
    yield client.post(RESPONSES, json={"answers": VALID}, headers=key()), 409, "survey_closed", None
    draft = create_survey(survey.zone, survey.template, slug="szkic")
    db.session.commit()
    yield client.get(f"{ZONE}/surveys/szkic/results"), 404, "not_found", None
    yield (client.post(f"{ZONE}/surveys/szkic/responses", json={"answers": VALID},
                       headers=key()), 404, "not_found", None)  # fmt: skip
    assert draft.status == "draft"


def test_every_error_the_api_gives_has_the_one_shape(app, client, login_as, survey):
    seen = set()
    for reply, status, code, fields in provoke(client, login_as, survey, app):
        check_shape(reply, status, code, fields=fields)
        seen.add(code)
    # Every code the README lists for these routes was provoked.
    assert len(seen) >= 18, seen


@pytest.fixture
def idea(zone):
    starts = utcnow() - timedelta(days=3, microseconds=-123)
    cafe = Cafe(zone_id=zone.id, slug="mamy", short_code="CAFE01", title="Kawiarenka",
                starts_at=starts, place="Biblioteka")  # fmt: skip
    board = Board(cafe=cafe, position=1, question="Jak?")
    db.session.add_all([cafe, board])
    db.session.flush()
    made = Idea(zone_id=zone.id, board_id=board.id, title="Klub", status="published",
                published_at=utcnow())  # fmt: skip
    db.session.add(made)
    db.session.commit()
    return made


def test_every_timestamp_is_rfc3339_utc_to_the_second(client, login_as, survey, idea):
    survey.opens_at = utcnow() - timedelta(hours=1, microseconds=7)
    survey.closes_at = utcnow() + timedelta(days=3, microseconds=7)
    db.session.commit()
    stamps = []
    [listed] = client.get(f"{ZONE}/surveys").get_json()["surveys"]
    stamps += [listed["opens_at"], listed["closes_at"]]
    stored = client.post(RESPONSES, json={"answers": VALID}, headers=key()).get_json()
    stamps.append(stored["submitted_at"])
    [shown] = client.get(f"{ZONE}/ideas").get_json()["ideas"]
    stamps += [shown["published_at"], shown["cafe"]["starts_at"]]
    login_as("librarian")
    stamps.append(client.get(RESULTS).get_json()["computed_at"])
    assert all(RFC3339.fullmatch(stamp) for stamp in stamps), stamps
