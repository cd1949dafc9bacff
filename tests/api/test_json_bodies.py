"""Every API route that takes a JSON body, walked with the bodies an attacker sends:
each gets a clear 4xx in JSON, never a 500, and nothing broken is stored (PostgreSQL
refuses lone surrogates in text with an error; SQLite would keep them)."""

import json
import uuid

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.surveys.models import Answer, Response

BODY_METHODS = {"POST", "PUT", "PATCH"}
VALID = {"wiek": "od_25", "dzieci": "nie", "informacje": 4}


def body_routes(app) -> list[tuple[str, str]]:
    """(method, rule) of every API route that takes a body."""
    return sorted(
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
        for method in rule.methods & BODY_METHODS
    )


def url_for_rule(rule: str, survey) -> str:
    url = rule.replace("<zone_slug>", survey.zone.slug).replace("<slug>", survey.slug)
    assert "<" not in url, f"add the parameters of {rule} to this test"
    return url


def raw(text: str) -> dict:
    """A body sent exactly as written (what json= would escape or refuse to write)."""
    return {"data": text.encode(), "content_type": "application/json"}


def js(value) -> dict:
    """A body as a client's JSON library writes it (non-ASCII as \\u escapes)."""
    return raw(json.dumps(value))


def answers(extra: dict) -> dict:
    return js({"answers": VALID | extra})


DEEP = 100_000
HOSTILE = {
    # Not JSON, or not numbers JSON has.
    "nested 100000 deep": (raw("[" * DEEP + "]" * DEEP), {400}),
    "nested objects": (raw('{"a":' * DEEP + "1" + "}" * DEEP), {400}),
    "nested in an answer": (raw('{"answers": {"pomysl": ' + "[" * 50 + "]" * 50 + "}}"), {400}),
    "NaN": (raw('{"answers": {"ile_dzieci": NaN}}'), {400}),
    "Infinity": (raw('{"answers": {"ile_dzieci": Infinity}}'), {400}),
    "1e999": (raw('{"answers": {"wiek": "od_25", "dzieci": "tak", "ile_dzieci": 1e999}}'), {400}),
    "an integer of 5000 digits": (raw('{"answers": {"ile_dzieci": ' + "9" * 5000 + "}}"), {400}),
    "not UTF-8": (
        {"data": b'{"answers": {"pomysl": "\xff\xfe"}}', "content_type": "application/json"},
        {400},
    ),
    "a list": (js([1, 2]), {400}),
    "a string": (js("answers"), {400}),
    "form data": ({"data": {"answers": "x"}}, {415}),
    # Wrong types, anywhere.
    "channel as a list": (js({"answers": VALID, "channel": ["paper"]}), {422}),
    "channel as an object": (js({"answers": VALID, "channel": {"paper": 1}}), {422}),
    "access code as a number": (js({"answers": VALID, "access_code": 12345678}), {422}),
    "access code as a list": (js({"answers": VALID, "access_code": ["A"]}), {422}),
    "answers as a list": (js({"answers": [VALID]}), {422}),
    "answers as null": (js({"answers": None}), {422}),
    "no answers": (js({"channel": "kiosk"}), {422}),
    "an unknown field": (js({"answers": VALID, "acces_code": "X"}), {422}),
    "choice as a number": (answers({"wiek": 1}), {422}),
    "choice as a list": (answers({"wiek": ["od_25"]}), {422}),
    "choice as an object": (answers({"wiek": {"od_25": True}}), {422}),
    "choices as numbers": (
        answers({"dzieci": "tak", "ile_dzieci": 1, "gdzie_spotkania": [1, 2]}),
        {422},
    ),
    "choices of objects": (
        answers({"dzieci": "tak", "ile_dzieci": 1, "gdzie_spotkania": [{}]}),
        {422},
    ),
    "text as a number": (answers({"pomysl": 5}), {422}),
    "text as a list": (answers({"pomysl": ["Ławki"]}), {422}),
    "other text as a list": (
        answers(
            {
                "dzieci": "tak",
                "ile_dzieci": 1,
                "gdzie_spotkania": ["other"],
                "gdzie_spotkania__other": ["x"],
            }
        ),
        {422},
    ),
    "likert as true": (answers({"informacje": True}), {422}),
    "likert as a list": (answers({"informacje": [4]}), {422}),
    "likert as an object": (answers({"informacje": {"4": 4}}), {422}),
    "number as a list": (answers({"dzieci": "tak", "ile_dzieci": [2]}), {422}),
    "number as '--5'": (answers({"dzieci": "tak", "ile_dzieci": "--5"}), {422}),
    "ranking as numbers": (answers({"priorytety": [1, 2, 3]}), {422}),
    "ranking with list ranks": (answers({"priorytety": {"sport": [1]}}), {422}),
    "ranking with infinite ranks": (
        raw(
            '{"answers": {"wiek": "od_25", "dzieci": "nie", "informacje": 4, '
            '"priorytety": {"sport": 1e308}}}'
        ),
        {422},
    ),
    # Numbers too large for any question or column.
    "a number of 400 digits": (
        raw(
            '{"answers": {"wiek": "od_25", "dzieci": "tak", "ile_dzieci": 1'
            + "0" * 400
            + ', "informacje": 4}}'
        ),
        {422},
    ),
    "scale of 10**20": (answers({"polecenie": 10**20}), {422}),
    # Lone surrogates, in every kind of string.
    "surrogate in a text answer": (answers({"pomysl": "\ud800"}), {422}),
    "surrogate in other text": (
        answers(
            {
                "dzieci": "tak",
                "ile_dzieci": 1,
                "gdzie_spotkania": ["other"],
                "gdzie_spotkania__other": "ok \udfff",
            }
        ),
        {422},
    ),
    "surrogate in a choice": (answers({"wiek": "\ud800"}), {422}),
    "surrogate in a key": (answers({"\ud800": "x"}), {422}),
    "surrogate in a top-level key": (js({"answers": VALID, "\udc00": 1}), {422}),
    "surrogate in the channel": (js({"answers": VALID, "channel": "kiosk\ud800"}), {422}),
    "surrogate in the code": (js({"answers": VALID, "access_code": "\ud800"}), {422}),
    "escaped surrogate as sent": (
        raw(
            '{"answers": {"wiek": "od_25", "dzieci": "nie", "informacje": 4, "pomysl": "\\ud800"}}'
        ),
        {422},
    ),
    # Huge strings.
    "a huge text answer": (answers({"pomysl": "x" * 1_000_000}), {422}),
    "a huge key": (answers({"k" * 1_000_000: 1}), {422}),
    "too large a body": (answers({"pomysl": "x" * 3_000_000}), {413}),
}


def test_the_walk_finds_the_routes_that_take_bodies(app):
    # A new route with a body joins the walk below by itself; this shows the walk is real.
    assert ("POST", "/api/v1/zones/<zone_slug>/surveys/<slug>/responses") in body_routes(app)


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_bodies_get_a_clear_4xx_on_every_route(app, client, survey, case):
    kwargs, expected = HOSTILE[case]
    for method, rule in body_routes(app):
        reply = client.open(
            url_for_rule(rule, survey), method=method,
            headers={"Idempotency-Key": str(uuid.uuid4())}, **kwargs,
        )  # fmt: skip
        assert reply.status_code in expected, (rule, reply.get_data(as_text=True)[:300])
        assert reply.is_json
        data = reply.get_json()
        assert data["error"]["status"] == reply.status_code and data["error"]["message"]
        if reply.status_code == 422:
            for field, message in data["error"]["fields"].items():
                assert field and message  # each error names its field
                assert len(field) <= 100  # a huge key is not echoed back whole
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 0


def test_wrong_types_name_the_field(client, survey):
    key = {"Idempotency-Key": str(uuid.uuid4())}
    url = "/api/v1/zones/kwidzyn/surveys/proba/responses"
    reply = client.post(url, **js({"answers": VALID, "channel": ["paper"]}), headers=key)
    assert set(reply.get_json()["error"]["fields"]) == {"channel"}
    reply = client.post(url, **answers({"pomysl": 5}), headers=key)
    assert set(reply.get_json()["error"]["fields"]) == {"pomysl"}
    reply = client.post(url, **answers({"pomysl": "a\ud800"}), headers=key)
    assert set(reply.get_json()["error"]["fields"]) == {"answers.pomysl"}
    reply = client.post(url, **answers({"\ud800": 1}), headers=key)
    [field] = reply.get_json()["error"]["fields"]
    assert field.startswith("answers.")
    json.dumps(field, ensure_ascii=False).encode()  # the name itself is valid text


def test_real_unicode_is_stored_as_sent(client, survey):
    text = "Ławki 🌳 dla Żółwi"
    reply = client.post(
        "/api/v1/zones/kwidzyn/surveys/proba/responses",
        json={"answers": VALID | {"pomysl": text}},
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    assert reply.status_code == 201
    assert db.session.scalar(select(Answer.text).where(Answer.question_key == "pomysl")) == text
