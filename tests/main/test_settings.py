"""Per-installation settings come from the environment, and a malformed one stops the start."""

from pathlib import Path

import pytest

from config import ENVIRONMENT_SETTINGS, Config


def test_an_environment_variable_sets_the_setting(monkeypatch, make_app):
    monkeypatch.setenv("IDEA_REPORT_THRESHOLD", "7")
    monkeypatch.setenv("LOGIN_RATE_LIMIT", "3 per minute; 20 per hour")
    app = make_app()
    assert app.config["IDEA_REPORT_THRESHOLD"] == 7
    assert app.config["LOGIN_RATE_LIMIT"] == "3 per minute; 20 per hour"
    assert app.config["SUPPORT_BURST"] == Config.SUPPORT_BURST  # unset: the default


def test_the_login_limit_from_the_environment_is_the_one_applied(monkeypatch, make_app):
    monkeypatch.setenv("LOGIN_RATE_LIMIT", "2 per minute")
    client = make_app().test_client()
    wrong = {"email": "nobody@example.org", "password": "not this one"}
    statuses = [client.post("/login", data=wrong).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SUPPRESSION_THRESHOLD", "five"),
        ("SUPPORT_ADDRESS_DAILY_CAP", "-1"),
        ("PROXY_FIX_HOPS", "1.5"),
        ("REPORT_RATE_LIMIT", "10 per fortnight"),
        ("SURVEY_RATE_LIMIT", "lots"),
    ],
)
def test_a_malformed_value_stops_the_start_naming_the_variable(monkeypatch, make_app, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(RuntimeError, match=f"^{name} must be"):
        make_app()


def test_the_readme_lists_every_environment_setting_with_its_default():
    text = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    missing = [
        name
        for name in ENVIRONMENT_SETTINGS
        if f"| `{name}` | `{getattr(Config, name)}` |" not in text
    ]
    assert missing == []
