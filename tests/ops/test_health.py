"""/healthz and /readyz, as the load balancer sees them."""

import os

import pytest

from app.extensions import limiter

REDIS_URL = os.environ.get("TEST_REDIS_URL")
CLOSED_REDIS_URL = "redis://127.0.0.1:1/0"


def test_healthz_says_the_process_is_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert "Set-Cookie" not in response.headers
    assert "no-store" in response.headers["Cache-Control"]


def test_healthz_answers_with_the_database_away(app_away):
    response = app_away.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readyz_is_200_when_the_database_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "checks": {"database": "ok"}}
    assert "Set-Cookie" not in response.headers


def test_readyz_is_503_naming_the_database_when_it_is_away(app_away, caplog):
    response = app_away.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "checks": {"database": "failed"}}
    warnings = [r for r in caplog.records if r.levelname == "WARNING"]
    assert [r.getMessage().split(" (")[0] for r in warnings] == ["Not ready: database failed"]
    assert "Traceback" not in caplog.text


@pytest.mark.skipif(not REDIS_URL, reason="set TEST_REDIS_URL=redis://127.0.0.1:6379/6 to run")
def test_readyz_checks_redis_when_one_is_configured(make_app, database):
    app = make_app(SQLALCHEMY_DATABASE_URI=database, REDIS_URL=REDIS_URL)
    response = app.test_client().get("/readyz")
    assert response.status_code == 200
    assert response.get_json()["checks"] == {"database": "ok", "redis": "ok"}


def test_readyz_is_503_naming_redis_when_it_is_away(make_app, database, caplog):
    app = make_app(SQLALCHEMY_DATABASE_URI=database, REDIS_URL=CLOSED_REDIS_URL)
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "redis": "failed"},
    }
    assert "Not ready: redis failed" in caplog.text


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_are_never_rate_limited(make_app, database, path, monkeypatch):
    # The limiter is one for the process: its default limits go with this test.
    monkeypatch.setattr(limiter.limit_manager, "_default_limits", [])
    app = make_app(SQLALCHEMY_DATABASE_URI=database, RATELIMIT_DEFAULT="1 per minute")
    client = app.test_client()
    assert [client.get(path).status_code for _ in range(3)] == [200, 200, 200]
    # The same limit does stop an ordinary route.
    assert [client.get("/favicon.ico").status_code for _ in range(2)] == [200, 429]
    limiter.reset()


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_over_plain_http_are_not_redirected_in_production(make_app, database, path):
    app = make_app(SQLALCHEMY_DATABASE_URI=database, FORCE_HTTPS=True)
    client = app.test_client()
    assert client.get(f"http://strefy.example{path}").status_code == 200
    # Any other page is sent to HTTPS.
    page = client.get("http://strefy.example/favicon.ico")
    assert page.status_code == 302
    assert page.headers["Location"].startswith("https://")
