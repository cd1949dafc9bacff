"""With REDIS_URL set, rate limits are shared by all workers (here: two processes)."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

REDIS_URL = os.environ.get("TEST_REDIS_URL")

WORKER = """
import json, secrets, sys
from app import create_app
app = create_app("development", SQLALCHEMY_DATABASE_URI=sys.argv[1],
                 RATELIMIT_KEY_PREFIX=sys.argv[2], WTF_CSRF_ENABLED=False)
client = app.test_client()
print(json.dumps([
    # A new address each time: the limit per client, not the slow-down of one account.
    client.post("/login", data={"email": f"x{secrets.token_hex(4)}@example.org",
                                "password": "x"}).status_code
    for _ in range(int(sys.argv[3]))
]))
"""


@pytest.mark.skipif(not REDIS_URL, reason="set TEST_REDIS_URL=redis://127.0.0.1:6379/0 to run")
def test_login_limit_is_shared_between_worker_processes(database):
    prefix = f"strefy-test-{secrets.token_hex(4)}"
    env = {**os.environ, "REDIS_URL": REDIS_URL}

    def worker(attempts: int) -> list[int]:
        out = subprocess.run(
            [sys.executable, "-c", WORKER, database, prefix, str(attempts)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parents[2],
        )
        return json.loads(out.stdout.strip().splitlines()[-1])

    assert worker(6) == [200] * 6
    # The second worker starts where the first stopped: 10 per minute in all.
    assert worker(6) == [200] * 4 + [429] * 2
