"""The production stack boots: gunicorn workers serving `app:create_app()`."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def gunicorn(database, app):
    port = _free_port()
    env = {
        **os.environ,
        "STREFY_ENV": "production",
        "SECRET_KEY": "a" * 64,
        "DATABASE_URL": database,
        "FORCE_HTTPS": "0",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "app:create_app()",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=1):  # noqa: S310
                    break
            except OSError:
                if process.poll() is not None:
                    pytest.fail(f"gunicorn exited: {process.stderr.read().decode()[-2000:]}")
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stderr.close()


def test_gunicorn_serves_the_app_in_production_mode(gunicorn, zone):
    with urllib.request.urlopen(f"{gunicorn}/zones/kwidzyn", timeout=5) as response:  # noqa: S310
        html = response.read().decode()
        assert response.status == 200
        assert "Strefa Innowacji Kwidzyn" in html
        assert "nonce-" in response.headers["Content-Security-Policy"]
        assert "Strict-Transport-Security" not in response.headers  # FORCE_HTTPS=0
