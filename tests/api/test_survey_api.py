"""The JSON API for kiosks and offline capture: list surveys, submit responses once."""

import threading
import uuid
from collections import defaultdict

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.surveys.models import Answer, Response

URL = "/api/v1/zones/kwidzyn/surveys/proba/responses"
VALID = {
    "wiek": "od_25",
    "dzieci": "tak",
    "ile_dzieci": 2,
    "gdzie_spotkania": ["biblioteka", "other"],
    "gdzie_spotkania__other": "U sąsiadki",
    "informacje": 4,
    "priorytety": ["sport", "kultura", "mlodziez"],
}


# A random UUID per name: the same name is the same key (a retry), as a kiosk would send.
KEYS: defaultdict[str, str] = defaultdict(lambda: str(uuid.uuid4()))


def post(client, body, key="k-1", **headers):
    if key is not None:
        headers["Idempotency-Key"] = KEYS[key]
    return client.post(URL, json=body, headers=headers)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_list_surveys_with_questions_and_urls(client, survey):
    data = client.get("/api/v1/zones/kwidzyn/surveys").get_json()
    assert data["url"] == "http://localhost/zones/kwidzyn"
    [item] = data["surveys"]
    assert item["slug"] == "proba"
    assert item["status"] == "open"
    assert item["title"] == {"pl": "Ankieta próbna", "en": "Trial survey"}
    assert item["url"] == "http://localhost/zones/kwidzyn/surveys/proba"
    questions = {q["key"]: q for q in item["questions"]}
    assert questions["wiek"]["dimension"] is True
    assert [o["value"] for o in questions["wiek"]["options"]] == ["do_24", "od_25"]
    assert questions["gdzie_spotkania"]["other"] is True
    assert questions["ile_dzieci"]["show_if"] == {"question": "dzieci", "equals": "tak"}
    assert (questions["polecenie"]["min"], questions["polecenie"]["max"]) == (0, 10)


def test_drafts_are_not_listed(client, survey):
    survey.status = "draft"
    db.session.commit()
    assert client.get("/api/v1/zones/kwidzyn/surveys").get_json()["surveys"] == []
    assert post(client, {"answers": VALID}).status_code == 404


def test_submit_stores_a_complete_response(client, survey):
    reply = post(client, {"answers": VALID, "channel": "kiosk"})
    assert reply.status_code == 201
    data = reply.get_json()
    response = db.session.get(Response, data["id"])
    assert response.status == "complete"
    assert response.channel == "kiosk"
    options = db.session.scalars(
        select(Answer.option).where(Answer.question_key == "gdzie_spotkania")
    ).all()
    assert sorted(options) == ["biblioteka", "other"]
    assert data["url"] == "http://localhost/zones/kwidzyn/surveys/proba"


def test_same_key_returns_the_same_response_without_a_second(client, survey):
    first = post(client, {"answers": VALID})
    again = post(client, {"answers": VALID})
    assert again.status_code == 201
    assert again.get_json()["id"] == first.get_json()["id"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert count(Response) == 1
    other = post(client, {"answers": VALID}, key="k-2")
    assert other.get_json()["id"] != first.get_json()["id"]
    assert count(Response) == 2


def test_same_key_with_other_answers_is_refused(client, survey):
    post(client, {"answers": VALID})
    reply = post(client, {"answers": {**VALID, "informacje": 1}})
    assert reply.status_code == 422
    assert "Idempotency-Key" in reply.get_json()["error"]["fields"]
    assert count(Response) == 1


def test_simultaneous_retries_store_one_response(app, survey):
    statuses, ids, barrier = [], set(), threading.Barrier(6)
    KEYS["same-key"]  # drawn once here, not by six threads at once

    def send():
        client = app.test_client()
        barrier.wait()
        reply = post(client, {"answers": VALID}, key="same-key")
        statuses.append(reply.status_code)
        ids.add(reply.get_json()["id"])

    threads = [threading.Thread(target=send) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [201] * 6
    assert len(ids) == 1
    db.session.rollback()
    assert count(Response) == 1


def test_invalid_answers_get_an_error_per_question(client, survey):
    reply = post(
        client,
        {"answers": {"wiek": "stary", "dzieci": "tak", "informacje": 9, "nieznane": 1,
                     "gdzie_spotkania": ["other"], "priorytety": ["sport", "sport"]}},
    )  # fmt: skip
    assert reply.status_code == 422
    errors = reply.get_json()["error"]["fields"]
    assert set(errors) == {
        "wiek", "ile_dzieci", "informacje", "nieznane", "gdzie_spotkania", "priorytety"
    }  # fmt: skip
    assert "od 1 do 5" in errors["informacje"]
    assert count(Response) == 0


def test_errors_speak_english_when_asked(client, survey):
    reply = client.post(
        URL, json={"answers": {}}, headers={"Idempotency-Key": KEYS["x"], "Accept-Language": "en"}
    )
    assert reply.get_json()["error"]["fields"]["wiek"] == "Choose an answer."


def test_closed_survey_is_a_conflict(client, survey):
    survey.status = "closed"
    db.session.commit()
    reply = post(client, {"answers": VALID})
    assert reply.status_code == 409
    assert count(Response) == 0


ONE_KEY = {"Idempotency-Key": str(uuid.uuid4())}


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"data": "answers=1", "headers": ONE_KEY}, 415),
        ({"json": {"answers": {}}}, 400),  # no Idempotency-Key
        ({"json": {"answers": {}}, "headers": {"Idempotency-Key": "x" * 101}}, 400),
        ({"json": ["not", "an", "object"], "headers": ONE_KEY}, 400),
        ({"json": {"answers": "wiek=1"}, "headers": ONE_KEY}, 422),
        ({"json": {"answers": VALID, "channel": "fax"}, "headers": ONE_KEY}, 422),
        ({"data": b"{not json", "content_type": "application/json", "headers": ONE_KEY}, 400),
    ],
)
def test_malformed_requests_get_a_clear_json_error(client, survey, kwargs, status):
    reply = client.post(URL, **kwargs)
    assert reply.status_code == status
    assert reply.is_json
    assert count(Response) == 0


def test_unknown_zone_or_survey_is_a_json_404(client, survey):
    reply = client.post("/api/v1/zones/kwidzyn/surveys/nope/responses", json={})
    assert reply.status_code == 404
    assert reply.get_json()["error"]["status"] == 404


def test_submissions_are_rate_limited(client, survey, app):
    app.config["API_SUBMISSION_RATE_LIMIT"] = "3 per minute"
    statuses = [post(client, {"answers": VALID}, key=f"r-{n}").status_code for n in range(5)]
    assert statuses == [201, 201, 201, 429, 429]
    assert count(Response) == 3


def test_a_retry_after_the_survey_closed_still_gets_its_response(client, survey):
    first = post(client, {"answers": VALID}, key="late")
    survey.status = "closed"
    db.session.commit()
    retry = post(client, {"answers": VALID}, key="late")
    assert retry.status_code == 201
    assert retry.get_json()["id"] == first.get_json()["id"]
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert post(client, {"answers": VALID}, key="new").status_code == 409


@pytest.mark.parametrize(
    "key",
    [
        "tablet-1-0001",  # the old README's example: anyone can guess the next one
        "k-1",
        "kiosk-biblioteka-kwidzyn-2026-12-01-0001",
        str(uuid.uuid1()),  # time and machine: worked out, not drawn
        "00000000-0000-4000-8000-000000000001",  # UUID-shaped, not random
        str(uuid.uuid4()).replace("-", ""),
        str(uuid.uuid4()) + "x",
    ],
)
def test_guessable_keys_are_refused(client, survey, key):
    reply = client.post(URL, json={"answers": VALID}, headers={"Idempotency-Key": key})
    assert reply.status_code == 400
    assert "UUID" in reply.get_json()["error"]["message"]
    assert count(Response) == 0


def test_a_key_taken_on_another_survey_does_not_block_this_one(client, survey, zone, template):
    from app.surveys.services import create_survey, open_survey

    other = create_survey(zone, template, slug="druga")
    open_survey(other)
    db.session.commit()
    key = {"Idempotency-Key": str(uuid.uuid4())}
    squatted = client.post(
        "/api/v1/zones/kwidzyn/surveys/druga/responses",
        json={"answers": {**VALID, "informacje": 1}},
        headers=key,
    )
    assert squatted.status_code == 201
    reply = client.post(URL, json={"answers": VALID}, headers=key)
    assert reply.status_code == 201
    assert "Idempotent-Replayed" not in reply.headers
    assert count(Response) == 2


def test_the_readme_example_is_accepted_as_written(client, survey):
    import re
    from pathlib import Path

    readme = (Path(__file__).parents[2] / "README.md").read_text()
    key = re.search(r"Idempotency-Key: ([^'\"]+)'", readme).group(1)
    reply = client.post(URL, json={"answers": VALID}, headers={"Idempotency-Key": key})
    assert reply.status_code == 201
    # The same key in capitals is the same key (a retry is recognised).
    again = client.post(URL, json={"answers": VALID}, headers={"Idempotency-Key": key.upper()})
    assert again.get_json()["id"] == reply.get_json()["id"]
