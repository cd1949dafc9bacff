"""Schemathesis against the live app: gunicorn serving this run's database (SQLite or
PostgreSQL, as TEST_DATABASE_URL says) with `flask demo`'s data, tested from its own
/api/v1/openapi.json with every check, in every phase (examples, coverage, fuzzing,
stateful). No server error, no reply that breaks the document, no schema-valid request
refused where the document promises it is taken, no invalid one accepted.

The number of generated cases and the summary are printed to the terminal (CI's log) and
written to schemathesis.txt in the test's temporary folder."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from app.extensions import db

ROOT = Path(__file__).parents[2]
BIN = Path(sys.executable).parent
CONFIG = Path(__file__).with_name("schemathesis.toml")
MAX_EXAMPLES = 100  # per operation and phase: about a minute on each database here
SEED = 13  # the same cases on every run: a red build is never a roll of the dice
PHASES = "examples,coverage,fuzzing,stateful"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def live_app(app, database, tmp_path, demo):
    """gunicorn serving the demo data from this run's database; yields its base URL."""
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TEST_", "REDIS_", "DATABASE_"))
    } | {
        "STREFY_ENV": "development",
        "DATABASE_URL": database,
        # Fuzzing sends thousands of responses from one address.
        "API_SUBMISSION_RATE_LIMIT": "100000 per minute",
        "SURVEY_RESPONSES_PER_ADDRESS_PER_DAY": "100000",
    }
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--chdir", str(ROOT), "app:create_app()"],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(100):
            try:
                with urllib.request.urlopen(f"{base}/api/v1/openapi.json", timeout=2):  # noqa: S310
                    break
            except OSError:
                assert server.poll() is None, (tmp_path / "gunicorn.log").read_text()[-3000:]
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
        db.session.remove()


def test_schemathesis_finds_nothing_wrong_with_the_live_api(live_app, tmp_path, capsys):
    started = time.monotonic()
    run = subprocess.run(
        [str(BIN / "schemathesis"), "--config-file", str(CONFIG), "--no-color", "run",
         f"{live_app}/api/v1/openapi.json", "--checks", "all", "--phases", PHASES,
         "--max-examples", str(MAX_EXAMPLES), "--seed", str(SEED), "--workers", "1",
         "--request-timeout", "20", "--generation-database", "none",
         "--report", "junit", "--report-dir", str(tmp_path / "report")],
        cwd=tmp_path, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    seconds = time.monotonic() - started
    output = run.stdout + run.stderr
    (tmp_path / "schemathesis.txt").write_text(output)
    cases = re.search(r"(\d+) generated", output)
    summary = output[output.find("SUMMARY") :] if "SUMMARY" in output else output[-3000:]
    database = os.environ.get("TEST_DATABASE_URL", "sqlite").split(":")[0]
    with capsys.disabled():
        print(  # noqa: T201 - the figures belong in CI's log
            f"\nschemathesis on {database}: {cases.group(1) if cases else '?'} cases generated "
            f"in {seconds:.0f} s (phases {PHASES}, at most {MAX_EXAMPLES} examples each, "
            f"seed {SEED}); output in {tmp_path / 'schemathesis.txt'}\n{summary}"
        )
    assert run.returncode == 0, output[-20000:]
    assert cases and int(cases.group(1)) > 9 * 50, "too few cases: did every phase run?"
    # Every operation of the document but the document itself was tested.
    for phase in ("Examples", "Coverage", "Fuzzing", "Stateful"):
        assert f"✅ {phase}" in output, phase
