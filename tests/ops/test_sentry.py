"""Optional Sentry: set up only when SENTRY_DSN is, never a network call in these tests."""

import sys

import pytest

# A DSN of no server: nothing is sent in these tests anyway (init is replaced).
DUMMY_DSN = "http://public@127.0.0.1:9/1"


@pytest.fixture
def sentry_init(monkeypatch):
    """Replaces sentry_sdk.init; the list of the keyword arguments it was called with."""
    sentry_sdk = pytest.importorskip("sentry_sdk")
    calls = []
    monkeypatch.setattr(sentry_sdk, "init", lambda **kwargs: calls.append(kwargs))
    return calls


def test_without_sentry_dsn_nothing_is_initialised(make_app, database, sentry_init):
    app = make_app(SQLALCHEMY_DATABASE_URI=database)
    assert app.config["SENTRY_DSN"] is None
    assert sentry_init == []


def test_with_sentry_dsn_sentry_gets_it_with_the_flask_integration(make_app, database, sentry_init):
    from sentry_sdk.integrations.flask import FlaskIntegration

    app = make_app(SQLALCHEMY_DATABASE_URI=database, SENTRY_DSN=DUMMY_DSN)
    assert len(sentry_init) == 1
    assert sentry_init[0]["dsn"] == DUMMY_DSN
    assert sentry_init[0]["send_default_pii"] is False
    assert any(isinstance(i, FlaskIntegration) for i in sentry_init[0]["integrations"])
    assert app.test_client().get("/healthz").status_code == 200


def test_with_sentry_dsn_but_no_sentry_sdk_the_app_warns_and_starts(
    make_app, database, monkeypatch, caplog
):
    monkeypatch.setitem(sys.modules, "sentry_sdk", None)  # import sentry_sdk: ImportError
    app = make_app(SQLALCHEMY_DATABASE_URI=database, SENTRY_DSN=DUMMY_DSN)
    assert "SENTRY_DSN is set but sentry-sdk is not installed" in caplog.text
    assert app.test_client().get("/healthz").status_code == 200
