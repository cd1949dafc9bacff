import subprocess
import sys

import pytest

from app import create_app
from config import database_url


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY is not set"):
        create_app("production", SECRET_KEY=None)


def test_create_app_without_arguments_is_production(monkeypatch, tmp_path):
    """`gunicorn 'app:create_app()'` builds the production app from the environment."""
    env = {
        "PATH": "/usr/bin:/bin",
        "STREFY_ENV": "production",
        "SECRET_KEY": "x" * 32,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}",
    }
    code = (
        "from app import create_app; app = create_app(); "
        "print(app.config['SESSION_COOKIE_SECURE'], app.config['SQLALCHEMY_DATABASE_URI'])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["True", f"sqlite:///{tmp_path / 'p.db'}"]


def test_missing_secret_key_message_reaches_the_operator(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "STREFY_ENV": "production"}
    out = subprocess.run(
        [sys.executable, "-c", "from app import create_app; create_app()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode != 0
    assert "SECRET_KEY is not set" in out.stderr


def test_default_database_is_sqlite_in_instance_folder(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app("development", SQLALCHEMY_DATABASE_URI=None)
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("instance/strefy.db")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("postgresql://u@h:5432/db", "postgresql+psycopg://u@h:5432/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
        ("", None),
    ],
)
def test_database_url_uses_psycopg3(given, expected):
    assert database_url(given) == expected


def test_a_suppression_threshold_below_3_is_refused():
    with pytest.raises(RuntimeError, match="SUPPRESSION_THRESHOLD must be at least 3"):
        create_app("testing", SUPPRESSION_THRESHOLD=2)
