"""The OpenAPI document: valid OpenAPI 3.1, made from the code, describing every route of
the API; its reference page; and the checker every API test's replies go through."""

import pytest
from openapi_spec_validator import OpenAPIV31SpecValidator

from app.api.openapi import documented, operations
from app.extensions import db


def test_the_document_is_valid_openapi_3_1(client):
    reply = client.get("/api/v1/openapi.json")
    assert reply.status_code == 200
    doc = reply.get_json()
    assert doc["openapi"].startswith("3.1.")
    OpenAPIV31SpecValidator(doc).validate()  # raises on the first problem
    assert doc["info"]["title"]


def test_every_route_of_the_api_is_in_the_document(app, client):
    undocumented = [(m, p) for m, p, _endpoint, op in operations(app) if op is None]
    assert undocumented == [], "add @documented(...) to these views"
    doc = client.get("/api/v1/openapi.json").get_json()
    listed = {(method.upper(), path) for path, ops in doc["paths"].items() for method in ops}
    routes = {(method, path) for method, path, _endpoint, _op in operations(app)}
    assert listed == routes
    assert len(routes) >= 10


def test_an_undocumented_route_is_noticed(app):
    # What the test above looks for: a view without @documented has no operation.
    before = {endpoint for _m, _p, endpoint, op in operations(app) if op is None}
    view = app.view_functions["api.zones"]
    saved = view.openapi
    del view.openapi
    try:
        assert {e for _m, _p, e, op in operations(app) if op is None} - before == {"api.zones"}
    finally:
        view.openapi = saved
    assert documented(summary="x", responses={200: "ok"})(lambda: None).openapi.summary == "x"


def test_every_operation_documents_its_errors_and_parameters(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            assert op["summary"] and op["operationId"], (method, path)
            for status, reply in op["responses"].items():
                if int(status) >= 400:
                    schema = reply["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/Error"}, (path, status)
            names = {param["name"] for param in op["parameters"] if param["in"] == "path"}
            assert names == {part[1:-1] for part in path.split("/") if part.startswith("{")}
    submit = doc["paths"]["/api/v1/zones/{zone_slug}/surveys/{slug}/responses"]["post"]
    key = next(p for p in submit["parameters"] if p["name"] == "Idempotency-Key")
    assert key["required"] is True and key["in"] == "header"
    assert "random UUID" in key["description"]
    assert {"201", "400", "409", "415", "422", "429"} <= set(submit["responses"])
    zones = doc["paths"]["/api/v1/zones"]["get"]
    limit = next(p for p in zones["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 100
    assert "304" in zones["responses"] and "ETag" in zones["responses"]["200"]["headers"]


def test_the_checker_catches_a_reply_that_breaks_the_document(app, client, zone, reply_checker):
    before = reply_checker.checked
    reply = client.get(f"/api/v1/zones/{zone.slug}")
    assert reply_checker.checked == before + 1
    body = reply.get_json()
    del body["url"]
    reply.set_data(__import__("json").dumps(body))
    with pytest.raises(AssertionError, match="breaks"):
        reply_checker.check("GET", f"/api/v1/zones/{zone.slug}", reply)
    reply.status_code = 418
    with pytest.raises(AssertionError, match="status not in the document"):
        reply_checker.check("GET", f"/api/v1/zones/{zone.slug}", reply)


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", ["Endpoints", "Idempotency-Key", "If-None-Match", "All zones"]),
     ("pl", ["Punkty końcowe", "Idempotency-Key", "If-None-Match", "Wszystkie strefy"])],
)  # fmt: skip
def test_the_reference_page_lists_every_operation_in_the_readers_language(client, lang, words):
    doc = client.get("/api/v1/openapi.json").get_json()
    reply = client.get("/api/v1/docs", headers={"Accept-Language": lang})
    assert reply.status_code == 200
    assert reply.mimetype == "text/html"
    page = reply.get_data(as_text=True)
    assert f'<html lang="{lang}"' in page
    for word in words:
        assert word in page, word
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            assert f"{method.upper()} {path}" in page
            assert f'id="{op["operationId"]}"' in page
    for name in doc["components"]["schemas"]:
        assert f'id="schema-{name}"' in page
    assert "http://" not in page.replace("http://localhost", "")  # nothing from elsewhere
    db.session.rollback()
