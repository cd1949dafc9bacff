"""Request ids and the request log, as an operator reads them."""

import io
import json
import re

import pytest

from app.ops.logs import formatter

REQUEST_LINE = re.compile(
    r"INFO \[(?P<id>[^\]]+)\] (?P<method>\w+) (?P<path>\S+) (?P<status>\d+) (?P<ms>[\d.]+)ms$"
)


def get(client, path, **kwargs):
    """GET `path`; the response and what the app logged while serving it."""
    stream = io.StringIO()
    response = client.get(path, environ_overrides={"wsgi.errors": stream}, **kwargs)
    return response, stream.getvalue().splitlines()


def test_one_line_per_request_with_method_path_status_duration_and_id(client):
    response, lines = get(client, "/favicon.ico")
    assert len(lines) == 1
    match = REQUEST_LINE.search(lines[0])
    assert match, lines[0]
    assert match["method"] == "GET"
    assert match["path"] == "/favicon.ico"
    assert match["status"] == "200"
    assert float(match["ms"]) >= 0
    assert match["id"] == response.headers["X-Request-ID"]


def test_a_new_request_id_when_none_is_given(client):
    first = client.get("/healthz").headers["X-Request-ID"]
    second = client.get("/healthz").headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second


def test_a_sane_incoming_request_id_is_kept(client):
    response, lines = get(client, "/favicon.ico", headers={"X-Request-ID": "lb-7f3a.2_x"})
    assert response.headers["X-Request-ID"] == "lb-7f3a.2_x"
    assert "[lb-7f3a.2_x]" in lines[0]


@pytest.mark.parametrize("given", ["a" * 65, "bad id", "x;Set-Cookie=a", "<script>", ""])
def test_an_odd_incoming_request_id_is_replaced(client, given):
    response, lines = get(client, "/favicon.ico", headers={"X-Request-ID": given})
    generated = response.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", generated)
    assert f"[{generated}]" in lines[0]


def test_error_responses_carry_the_request_id(client):
    response, lines = get(client, "/no-such-page", headers={"X-Request-ID": "abc"})
    assert response.status_code == 404
    assert response.headers["X-Request-ID"] == "abc"
    assert "GET /no-such-page 404" in lines[0]


def test_the_query_string_is_not_logged(client):
    _response, lines = get(client, "/favicon.ico?token=s3cret-value")
    assert "s3cret" not in "\n".join(lines)
    assert "GET /favicon.ico 200" in lines[0]


def test_passing_health_checks_are_logged_at_debug_only(client, app):
    _response, lines = get(client, "/healthz")
    assert lines == []
    app.logger.setLevel("DEBUG")
    _response, lines = get(client, "/healthz")
    assert "DEBUG" in lines[0]
    assert "GET /healthz 200" in lines[0]


@pytest.fixture
def failing_app(make_app, database):
    """An app with a route that fails, serving the 500 page as production does."""
    app = make_app(SQLALCHEMY_DATABASE_URI=database, PROPAGATE_EXCEPTIONS=False)

    @app.get("/broken")
    def broken():
        raise RuntimeError("boom")

    return app


def test_a_500_logs_its_traceback_with_the_request_id(failing_app):
    client = failing_app.test_client()
    response, lines = get(client, "/broken", headers={"X-Request-ID": "req-500"})
    assert response.status_code == 500
    assert response.headers["X-Request-ID"] == "req-500"
    text = "\n".join(lines)
    assert "ERROR [req-500] Exception on /broken [GET]" in text
    assert "RuntimeError: boom" in text
    assert "GET /broken 500" in lines[-1]
    assert "[req-500]" in lines[-1]


def test_json_logs_are_one_object_a_line(make_app, database):
    app = make_app(SQLALCHEMY_DATABASE_URI=database, LOG_FORMAT="json")
    _response, lines = get(
        app.test_client(), "/favicon.ico?token=s3cret", headers={"X-Request-ID": "j-1"}
    )
    assert len(lines) == 1
    entry = json.loads(lines[0])
    assert entry["level"] == "INFO"
    assert entry["request_id"] == "j-1"
    assert entry["method"] == "GET"
    assert entry["path"] == "/favicon.ico"
    assert entry["status"] == 200
    assert isinstance(entry["duration_ms"], float)
    assert "time" in entry
    assert "s3cret" not in lines[0]


def test_json_logs_of_a_500_hold_the_traceback_and_the_request_id(failing_app):
    failing_app.logger.handlers[-1].setFormatter(formatter("json"))
    response, lines = get(failing_app.test_client(), "/broken", headers={"X-Request-ID": "j-500"})
    assert response.status_code == 500
    entries = [json.loads(line) for line in lines]
    error = next(entry for entry in entries if entry["level"] == "ERROR")
    assert error["request_id"] == "j-500"
    assert "RuntimeError: boom" in error["exc_info"]


def test_an_unknown_log_format_stops_the_app_at_start(make_app, database):
    with pytest.raises(RuntimeError, match='LOG_FORMAT must be "text" or "json"'):
        make_app(SQLALCHEMY_DATABASE_URI=database, LOG_FORMAT="xml")
