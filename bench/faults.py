"""Faults survived, measured: residents' submissions while gunicorn's workers are killed
(and, on PostgreSQL, the database restarts), checked against what the database holds.

For each database (SQLite in a temporary folder; PostgreSQL in a fresh database created and
dropped here) this builds the schema through the migrations, opens the diagnosis survey and
a Creative Café with one board in a zone (bench/submissions.py's `prepare`), and serves
Strefy under real gunicorn (3 gthread workers, bench/support/wsgi.py, production mode).

16 clients, each on its own keep-alive connection, do one of two things again and again:

- a survey response through the API (POST …/responses, a new Idempotency-Key each);
- an idea through the board's own resident form: the board page (its CSRF token and the
  form's random key), the form's POST (a 303), and the page after it (the private link).

A client retries a timeout, a broken connection or a 5xx with the same key (the same form),
with backoff, until it gets its acknowledgement: the response's id, or the idea's private
link (which names one idea); now and then it sends an acknowledged one again on purpose
(a reply lost after the commit) and records what that answers too.

First a baseline phase without faults, then the faults phase: a chaos thread sends SIGKILL
to a random worker every 2-4 s (gunicorn starts a new one), and on PostgreSQL the server is
stopped in the middle (`pg_ctlcluster <version> main stop`, then `start`): while it is down
the app must answer 503 with Retry-After (the API's JSON code `unavailable`), and once it is
back it must serve again on its own, gunicorn not restarted, with no traceback in its log.

Then the database is read back: every acknowledged response and idea stored exactly once
(a response with all its answer rows), every answer for one key with the same id, and every
failed request (5xx, broken connection, timeout) within 2 s of a kill or in the outage. It
prints a table per database and the throughput under faults against the baseline. It exits
1 if anything acknowledged is lost or stored twice, or on any other of these failures.

    .venv/bin/python bench/faults.py                          # both databases, 30 s each
    .venv/bin/python bench/faults.py --seconds 15 --database sqlite

PostgreSQL: BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres) names
a server on this machine where the user may create databases and that `pg_ctlcluster` (run
as root) can stop and start; when it does not answer, its run is skipped with a message.
"""

import argparse
import contextlib
import hashlib
import http.client
import json
import os
import random
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

import bench.submissions  # noqa: E402
from app import create_app  # noqa: E402
from app.cafes.services import create_cafe  # noqa: E402
from app.core.time import utcnow  # noqa: E402
from app.extensions import db  # noqa: E402
from app.zones.models import Zone  # noqa: E402
from bench.submissions import (  # noqa: E402
    DEFAULT_PG_URL,
    HOST,
    Server,
    postgresql_unreachable,
    prepare,
    sqlite_database,
    stop_on_signals,
)
from config import database_url  # noqa: E402

CLIENTS = 16
WORKERS, THREADS = 3, 4
BODIES = 300  # distinct answer sets, each sent under many keys
IDEA_SHARE = 0.25  # of the operations, the rest are survey responses
REPLAY_SHARE = 0.15  # acknowledged operations sent again on purpose
KILL_EVERY = (2.0, 4.0)  # seconds between two kills, drawn in this range
EXPLAINED = 2.0  # a failure this close to a kill (seconds) is the kill's
OUTAGE_SECONDS = 3.0  # how long PostgreSQL stays down
SOCKET_TIMEOUT = 10.0
GIVE_UP = 90.0  # an operation retried this long without an answer is abandoned
FOLLOW = re.compile(r'id="follow-link" value="[^"]*/i/([A-Za-z0-9_-]+)"')
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
FORM_KEY = re.compile(r'name="key" type="hidden" value="([^"]+)"')


# 3 workers importing the app on a machine busy with other work can take more than 30 s.
bench.submissions.BOOT_SECONDS = 120


def gunicorn_settings() -> list[str]:
    """3 workers so that killing one leaves two serving; gthread keeps connections alive."""
    return [
        *("--workers", str(WORKERS), "--worker-class", "gthread", "--threads", str(THREADS)),
        *("--keep-alive", "30", "--backlog", "2048", "--timeout", "30"),
    ]


# Databases ------------------------------------------------------------------------------


@contextlib.contextmanager
def postgresql_database(server_url: str) -> Iterator[str]:
    """A new database on the server, dropped at the end (no pooled connection: the server
    restarts in between)."""
    server = make_url(database_url(server_url))
    name = f"strefy_faults_{secrets.token_hex(6)}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        for _ in range(30):  # the server may still be starting after an interruption
            try:
                with admin.connect() as conn:
                    conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                break
            except sa.exc.OperationalError:
                time.sleep(1)


def postgresql_cluster() -> str | None:
    """The version of the one cluster under /etc/postgresql (for pg_ctlcluster), or None."""
    versions = sorted(p.parent.name for p in Path("/etc/postgresql").glob("*/main"))
    return versions[-1] if versions else None


def pg_ctl(version: str, action: str) -> None:
    command = [
        "pg_ctlcluster",
        version,
        "main",
        action,
        *(["-m", "fast"] if action == "stop" else []),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=60)  # noqa: S603


def add_board(url: str) -> str:
    """A Creative Café in prepare()'s zone, open now, with one board; its page's path."""
    app = create_app(
        "production",
        SQLALCHEMY_DATABASE_URI=url,
        SECRET_KEY=secrets.token_hex(16),
        FORCE_HTTPS=False,
    )
    with app.app_context():
        zone = db.session.scalar(sa.select(Zone).where(Zone.slug == "bench"))
        now = utcnow()
        cafe = create_cafe(
            zone, title="Kawiarenka pod obciążeniem", starts_at=now - timedelta(hours=1),
            ends_at=now + timedelta(days=1), place="Czytelnia", description="",
            questions=["Co zmienić w bibliotece?"],
        )  # fmt: skip
        db.session.commit()
        path = f"/zones/{zone.slug}/boards/{cafe.boards[0].id}"
        db.session.remove()
        db.engine.dispose()
    return path


# Clients --------------------------------------------------------------------------------


class RetryableError(Exception):
    """A request to retry: a 5xx, a broken connection or a timeout."""


@dataclass
class Attempt:
    kind: str  # "response", "idea" (its POST) or "page" (an idea's board or posted page)
    began: float
    ended: float
    status: int | None  # None: no HTTP answer
    error: str | None = None
    opened: float = 0.0  # when its connection was opened (it may have been a killed worker's)


@dataclass
class Phase:
    name: str
    wall: float = 0.0
    attempts: list = field(default_factory=list)
    # (kind, key) -> ids acknowledged for it (a response id, an idea's private token)
    acks: dict = field(default_factory=lambda: defaultdict(list))
    bodies: dict = field(default_factory=dict)  # response key -> index of its answers
    refused: Counter = field(default_factory=Counter)  # 4xx: the client's or the app's bug
    abandoned: int = 0
    kills: list = field(default_factory=list)  # monotonic times
    kills_skipped: int = 0  # no second worker was ready to serve
    outage: tuple | None = None  # (down, up) monotonic times
    probes: list = field(default_factory=list)  # what the app answered while it was down
    recovered_after: float | None = None  # seconds from the database's start to a 201

    @property
    def operations(self) -> int:
        """Acknowledged operations (each key once: replays are not counted)."""
        return len(self.acks)

    @property
    def rate(self) -> float:
        return self.operations / self.wall if self.wall else 0.0


class Connection:
    """One keep-alive connection with its cookies (a resident's browser, or an API client)."""

    def __init__(self, port: int):
        self.port, self.cookies, self.conn, self.opened = port, {}, None, 0.0

    def request(self, phase, kind, method, path, body=None, headers=None, *, retry_5xx=True):
        """The reply and its body; RetryableError for no answer or (if `retry_5xx`) a 5xx."""
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.conn is None:
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=SOCKET_TIMEOUT)
            self.opened = time.monotonic()
        began = time.monotonic()
        try:
            self.conn.request(method, path, body, headers)
            reply = self.conn.getresponse()
            data = reply.read()
        except (OSError, http.client.HTTPException) as error:
            self.conn.close()
            self.conn = None
            phase.attempts.append(
                Attempt(kind, began, time.monotonic(), None, type(error).__name__, self.opened)
            )
            raise RetryableError from error
        phase.attempts.append(
            Attempt(kind, began, time.monotonic(), reply.status, None, self.opened)
        )
        for name, value in reply.getheaders():
            if name.lower() == "set-cookie":
                cookie, _, _ = value.partition(";")
                key, _, val = cookie.partition("=")
                if val and "max-age=0" not in value.lower():
                    self.cookies[key.strip()] = val.strip()
                else:
                    self.cookies.pop(key.strip(), None)
        if reply.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        if reply.status >= 500 and retry_5xx:
            raise RetryableError(reply.status)
        return reply, data


def retried(call, give_up: float):
    """call() until it does not fail, with backoff; None once `give_up` (monotonic) passed."""
    for attempt in range(10_000):
        try:
            return call()
        except RetryableError:
            if time.monotonic() > give_up:
                return None
            time.sleep(min(1.0, 0.05 * 2**attempt) * random.uniform(0.5, 1.5))
    return None


def send_response(conn, phase, path, bodies, rng, key=None, index=None):
    """One survey response through the API; its id, or None (refused or abandoned)."""
    key = key or str(uuid.uuid4())
    index = rng.randrange(len(bodies)) if index is None else index
    phase.bodies[key] = index
    headers = {"Content-Type": "application/json", "Idempotency-Key": key}
    answer = retried(
        lambda: conn.request(phase, "response", "POST", path, bodies[index], headers),
        time.monotonic() + GIVE_UP,
    )
    if answer is None:
        phase.abandoned += 1
        return key, index, None
    reply, data = answer
    if reply.status != 201:
        phase.refused[f"response {reply.status}"] += 1
        return key, index, None
    ident = json.loads(data)["id"]
    phase.acks[("response", key)].append(ident)
    return key, index, ident


def idea_form(conn, phase, board):
    """The board page's form: (its CSRF token, its key), or None."""
    answer = retried(lambda: conn.request(phase, "page", "GET", board), time.monotonic() + GIVE_UP)
    if answer is None or answer[0].status != 200:
        return None
    html = answer[1].decode()
    return CSRF.search(html).group(1), FORM_KEY.search(html).group(1)


def send_idea(conn, phase, board, form):
    """Post the board's form and read the private link on the page after it."""
    body = urllib.parse.urlencode(form).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded"}

    def post_and_follow():
        reply, _data = conn.request(phase, "idea", "POST", f"{board}/ideas", body, headers)
        if reply.status != 303:
            return reply, None
        posted = urllib.parse.urlsplit(reply.getheader("Location")).path
        page, html = conn.request(phase, "page", "GET", posted)
        found = FOLLOW.search(html.decode()) if page.status == 200 else None
        if found is None:
            # The page after it shows the link once: a retry of the form shows it again.
            raise RetryableError(page.status)
        return reply, found.group(1)

    answer = retried(post_and_follow, time.monotonic() + GIVE_UP)
    if answer is None:
        phase.abandoned += 1
        return None
    reply, token = answer
    if token is None:
        phase.refused[f"idea {reply.status}"] += 1
        return None
    phase.acks[("idea", form["key"])].append(token)
    return token


def client(port, phase, paths, bodies, stop: threading.Event, seed: int):
    rng = random.Random(seed)
    api, resident = Connection(port), Connection(port)
    n = 0
    while not stop.is_set():
        n += 1
        if rng.random() < IDEA_SHARE:
            found = idea_form(resident, phase, paths["board"])
            if found is None:
                continue
            csrf, key = found
            form = {
                "csrf_token": csrf, "key": key, "checked": "1", "nickname": "",
                "title": f"Pomysł {seed}-{n}", "description": f"Opis pomysłu {seed}-{n}.",
            }  # fmt: skip
            if send_idea(resident, phase, paths["board"], form) is None:
                continue
            if rng.random() < REPLAY_SHARE:
                send_idea(resident, phase, paths["board"], form)
        else:
            key, index, ident = send_response(api, phase, paths["survey"], bodies, rng)
            if ident is None:
                continue
            if rng.random() < REPLAY_SHARE:
                send_response(api, phase, paths["survey"], bodies, rng, key, index)


# Faults ---------------------------------------------------------------------------------


def ready_workers(server: Server) -> list[int]:
    """The workers serving: those whose heartbeat file (gunicorn's WorkerTmp, which a worker
    first touches in its request loop, once the app is loaded) changed since they started."""
    tick = os.sysconf("SC_CLK_TCK")
    booted = time.time() - float(Path("/proc/uptime").read_text().split()[0])
    ready = []
    for pid in server.workers():
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            started = booted + int(fields[19]) / tick
            for fd in os.listdir(f"/proc/{pid}/fd"):
                if "wgunicorn-" in os.readlink(f"/proc/{pid}/fd/{fd}"):
                    if os.stat(f"/proc/{pid}/fd/{fd}").st_ctime > started + 0.05:
                        ready.append(pid)
                    break
    return ready


def chaos(server: Server, phase: Phase, stop: threading.Event, seed: int) -> None:
    """SIGKILL to a random worker every few seconds (gunicorn's master starts another).

    Only a worker that serves, and only while another one serves too: on a busy machine a
    new worker takes seconds to import the app, and killing the ones still booting would
    leave nothing serving, which measures the machine, not the app.
    """
    rng = random.Random(seed)
    while not stop.wait(rng.uniform(*KILL_EVERY)):
        ready = ready_workers(server)
        if len(ready) < 2:
            phase.kills_skipped += 1
            continue
        with contextlib.suppress(ProcessLookupError):
            os.kill(rng.choice(ready), signal.SIGKILL)
            phase.kills.append(time.monotonic())


def outage(server: Server, phase: Phase, paths: dict, version: str, bodies) -> None:
    """Stop PostgreSQL, ask the app while it is down, start it, wait for a 201."""
    probe = Connection(server.port)
    board = Connection(server.port)
    down = time.monotonic()
    pg_ctl(version, "stop")
    try:
        until = time.monotonic() + OUTAGE_SECONDS
        while time.monotonic() < until:
            for kind, conn, method, path, body, headers in (
                ("API", probe, "POST", paths["survey"], bodies[0],
                 {"Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())}),
                ("board", board, "GET", paths["board"], None, None),
            ):  # fmt: skip
                scratch = Phase("probe")
                status, retry_after, data = None, None, b""
                for _ in range(3):  # no answer: the worker was killed; ask another one
                    try:
                        reply, data = conn.request(
                            scratch, kind, method, path, body, headers, retry_5xx=False
                        )
                        status, retry_after = reply.status, reply.getheader("Retry-After")
                        break
                    except RetryableError:
                        continue
                if status == 201:  # stored while the database was down?
                    key = headers["Idempotency-Key"]
                    phase.bodies[key] = 0  # the probes send the first answers
                    phase.acks[("response", key)].append(json.loads(data)["id"])
                code = None
                if kind == "API" and data:
                    with contextlib.suppress(ValueError, KeyError, TypeError):
                        code = json.loads(data)["error"]["code"]
                phase.probes.append((kind, status, retry_after, code))
            time.sleep(0.3)
    finally:
        pg_ctl(version, "start")
        up = time.monotonic()
        phase.outage = (down, up)
    scratch = Phase("probe")
    # One key until it is acknowledged, as any client retries: a reply lost to a kill
    # after the commit must not leave a response no one was told of.
    headers = {"Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())}
    while time.monotonic() < up + 60:
        try:
            reply, data = probe.request(scratch, "API", "POST", paths["survey"], bodies[0], headers)
            if reply.status == 201:
                phase.bodies[headers["Idempotency-Key"]] = 0  # the probes send the first answers
                phase.acks[("response", headers["Idempotency-Key"])].append(json.loads(data)["id"])
                phase.recovered_after = time.monotonic() - up
                return
        except RetryableError:
            pass
        time.sleep(0.2)


def run_phase(name, server, paths, bodies, seconds, *, kills=False, pg_version=None) -> Phase:
    phase = Phase(name)
    stop = threading.Event()
    threads = [
        threading.Thread(target=client, args=(server.port, phase, paths, bodies, stop, n),
                         daemon=True)
        for n in range(CLIENTS)
    ]  # fmt: skip
    helpers = []
    if kills:
        helpers.append(threading.Thread(target=chaos, args=(server, phase, stop, 7), daemon=True))
    began = time.monotonic()
    for thread in threads + helpers:
        thread.start()
    if pg_version:
        time.sleep(seconds * 0.4)
        outage(server, phase, paths, pg_version, bodies)
        time.sleep(max(0.0, began + seconds - time.monotonic()))
    else:
        time.sleep(seconds)
    stop.set()
    for thread in threads + helpers:
        thread.join(timeout=GIVE_UP + 2 * SOCKET_TIMEOUT)
    phase.wall = time.monotonic() - began
    if any(thread.is_alive() for thread in threads):
        raise RuntimeError(f"{name}: clients still running")
    return phase


# Checks ---------------------------------------------------------------------------------


@dataclass
class Checked:
    acknowledged: Counter = field(default_factory=Counter)  # by kind
    stored: Counter = field(default_factory=Counter)
    duplicates: Counter = field(default_factory=Counter)
    lost: Counter = field(default_factory=Counter)
    other_id: Counter = field(default_factory=Counter)  # a key answered with two ids
    half_written: int = 0  # responses without all their answer rows
    stored_unacknowledged: Counter = field(default_factory=Counter)


def verify(url: str, phases: list[Phase], board_id: int, expected_rows: list[int]) -> Checked:
    checked = Checked()
    acks: dict = {}
    bodies: dict = {}
    for phase in phases:
        acks.update(phase.acks)
        bodies.update(phase.bodies)
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        responses = defaultdict(list)
        for ident, key, answers in conn.execute(
            sa.text(
                "SELECT r.id, r.idempotency_key, (SELECT count(*) FROM answers a"
                " WHERE a.response_id = r.id) FROM responses r WHERE r.status = 'complete'"
            )
        ):
            responses[key].append((ident, answers))
        ideas = defaultdict(list)
        for ident, key, follow in conn.execute(
            sa.text("SELECT id, idempotency_key, follow_hash FROM ideas WHERE board_id = :b"),
            {"b": board_id},
        ):
            ideas[key].append((ident, follow))
    engine.dispose()
    acked_keys = {kind: set() for kind in ("response", "idea")}
    for (kind, key), ids in acks.items():
        acked_keys[kind].add(key)
        checked.acknowledged[kind] += 1
        if len(set(ids)) > 1:
            checked.other_id[kind] += 1
        rows = responses.get(key, []) if kind == "response" else ideas.get(key, [])
        if len(rows) > 1:
            checked.duplicates[kind] += len(rows) - 1
        if kind == "response":
            matching = [r for r in rows if r[0] in ids]
            if matching and matching[0][1] != expected_rows[bodies[key]]:
                checked.half_written += 1
        else:
            hashes = {hashlib.sha256(t.encode()).hexdigest() for t in ids}
            matching = [r for r in rows if r[1] in hashes]
        if not matching:
            checked.lost[kind] += 1
    for kind, stored in (("response", responses), ("idea", ideas)):
        keyed = {k: v for k, v in stored.items() if k is not None}
        checked.stored[kind] = sum(len(v) for v in keyed.values())
        checked.stored_unacknowledged[kind] = len(set(keyed) - acked_keys[kind])
    return checked


def classify(phase: Phase) -> tuple[Counter, Counter]:
    """Failed requests (5xx, no answer) a kill or the outage explains, and the others."""
    explained, unexplained = Counter(), Counter()
    down, up = phase.outage or (None, None)
    for attempt in phase.attempts:
        if attempt.status is not None and attempt.status < 500:
            continue
        label = str(attempt.status) if attempt.status else attempt.error
        # No answer on a kept-alive connection: its worker may have been killed since it
        # was opened. A 5xx: a kill about when it was asked.
        since = attempt.opened if attempt.status is None else attempt.began
        near_kill = any(since - EXPLAINED <= k <= attempt.ended + EXPLAINED for k in phase.kills)
        in_outage = down is not None and attempt.began <= up + EXPLAINED and attempt.ended >= down
        (explained if near_kill or in_outage else unexplained)[label] += 1
    return explained, unexplained


def log_findings(text: str) -> dict[str, int]:
    return {
        # A chained exception's tracebacks are one error's.
        "tracebacks": text.count("Traceback (most recent call last)")
        - text.count("The above exception was the direct cause")
        - text.count("During handling of the above exception"),
        "kill messages": len(re.findall(r"was sent SIGKILL", text)),
        "database unavailable warnings": text.count("Database unavailable"),
        "worker boot failures": text.count("Worker failed to boot"),
    }


# The run --------------------------------------------------------------------------------


def run_database(name: str, url: str, args, log_dir: Path, pg_version: str | None) -> bool:
    survey_path, bodies, expected = prepare(url, BODIES, seed=1414)
    board = add_board(url)
    paths = {"survey": survey_path, "board": board}
    server = Server("app", url, gunicorn_settings(), log_dir)
    try:
        server.wait_until_up()
        until = time.monotonic() + 120  # every worker serving before the baseline starts
        while len(ready_workers(server)) < WORKERS and time.monotonic() < until:
            time.sleep(0.2)
        master = server.process.pid
        warm = run_phase("warm-up", server, paths, bodies, 3)
        baseline = run_phase("baseline", server, paths, bodies, max(5.0, args.seconds / 3))
        log_start = server.log.stat().st_size
        faults = run_phase(
            "faults", server, paths, bodies, args.seconds, kills=True, pg_version=pg_version
        )
        alive = server.process.poll() is None and server.process.pid == master
        with server.log.open("rb") as log:
            log.seek(log_start)
            found = log_findings(log.read().decode(errors="replace"))
    except Exception:
        print(f"--- gunicorn log:\n{server.tail()}", file=sys.stderr)
        raise
    finally:
        server.stop()
    checked = verify(url, [warm, baseline, faults], int(board.rsplit("/", 1)[1]), expected)
    return report(name, baseline, faults, checked, found, alive, server)


def report(name, baseline, faults, checked, found, alive, server) -> bool:
    explained, unexplained = classify(faults)
    _, baseline_failed = classify(baseline)
    kinds = ("response", "idea")

    def row(label, get, total=True):
        values = [get(k) for k in kinds]
        everything = sum(values) if total else ""
        return f"  {label:34}{values[0]!s:>12}{values[1]!s:>12}{everything!s:>12}"

    requests = Counter()
    for attempt in baseline.attempts + faults.attempts:
        requests["idea" if attempt.kind in ("idea", "page") else "response"] += 1
    ratio = faults.rate / baseline.rate if baseline.rate else 0.0
    print(f"\n{name}: {CLIENTS} clients, gunicorn {' '.join(gunicorn_settings())}")
    print(f"  baseline {baseline.wall:.1f} s without faults, then {faults.wall:.1f} s under faults")
    print(f"  {'':34}{'responses':>12}{'ideas':>12}{'all':>12}")
    lines = [
        row("requests (with retries, pages)", lambda k: requests[k]),
        f"  {'kills (SIGKILL to a worker)':34}{'':>24}{len(faults.kills):>12}",
        row("acknowledged", lambda k: checked.acknowledged[k]),
        row("stored", lambda k: checked.stored[k]),
        row("duplicates", lambda k: checked.duplicates[k]),
        row("lost (acknowledged, not stored)", lambda k: checked.lost[k]),
        row("a key answered with two ids", lambda k: checked.other_id[k]),
        row("stored, never acknowledged", lambda k: checked.stored_unacknowledged[k]),
    ]
    print("\n".join(lines))
    replays = sum(len(v) - 1 for p in (baseline, faults) for v in p.acks.values())
    print(
        f"  kills skipped (no second worker serving): {faults.kills_skipped};"
        f" replays answered (deliberate or retried): {replays}"
    )
    print(f"  half-written responses (answer rows missing): {checked.half_written}")
    fmt = lambda c: ", ".join(f"{k} x{n}" for k, n in sorted(c.items())) or "none"  # noqa: E731
    print(f"  failed requests near a kill or in the outage: {fmt(explained)}")
    print(f"  failed requests otherwise: {fmt(unexplained)} (baseline: {fmt(baseline_failed)})")
    refused = baseline.refused + faults.refused
    abandoned = baseline.abandoned + faults.abandoned
    print(f"  refused (4xx): {fmt(refused)}; abandoned after {GIVE_UP:.0f} s: {abandoned}")
    outage_ok = True
    if faults.outage:
        down, up = faults.outage
        probes = Counter(faults.probes)
        good = {
            p for p in probes if p[1] == 503 and p[2] and (p[0] != "API" or p[3] == "unavailable")
        }
        outage_ok = bool(probes) and set(probes) == good and faults.recovered_after is not None
        print(
            f"  PostgreSQL down {up - down:.1f} s; the app answered: "
            + ", ".join(
                f"{kind} {status} Retry-After={retry} code={code} x{n}"
                for (kind, status, retry, code), n in sorted(probes.items(), key=str)
            )
        )
        recovered = (
            f"{faults.recovered_after:.1f} s after the start"
            if faults.recovered_after is not None
            else "NOT within 60 s"
        )
        print(f"  recovered on its own (gunicorn not restarted): {recovered}")
    print(f"  gunicorn log under faults: {fmt(Counter(found))}")
    print(
        f"  operations/s: baseline {baseline.rate:.1f}, under faults {faults.rate:.1f};"
        f" ratio under faults / baseline: {ratio:.2f}"
    )
    problems = []
    if sum(checked.lost.values()):
        problems.append("acknowledged but lost")
    if sum(checked.duplicates.values()):
        problems.append("stored twice")
    if sum(checked.other_id.values()):
        problems.append("a key answered with two ids")
    if checked.half_written:
        problems.append("half-written responses")
    if unexplained or baseline_failed:
        problems.append("failures no fault explains")
    if refused:
        problems.append("refused requests")
    if found["tracebacks"] or found["worker boot failures"]:
        problems.append("tracebacks in gunicorn's log")
    if not alive:
        problems.append("gunicorn's master died")
    if not outage_ok:
        problems.append("the outage was not answered with 503 + Retry-After, or no recovery")
    print(f"  -> {'PASS' if not problems else 'FAIL: ' + '; '.join(problems)}")
    if problems:  # the log is kept for a look at what happened
        kept = Path(tempfile.gettempdir()) / f"strefy-faults-{name.split()[0].lower()}.log"
        kept.write_bytes(server.log.read_bytes())
        print(f"  gunicorn's log: {kept}")
    return not problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--seconds", type=float, default=30.0,
        help="length of the faults phase per database (default 30; the baseline is a third)",
    )  # fmt: skip
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument(
        "--postgresql-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_PG_URL),
        help="server for the PostgreSQL run (env BENCH_DATABASE_URL)",
    )
    args = parser.parse_args(argv)
    if args.seconds < 5:
        parser.error("--seconds must be at least 5")
    stop_on_signals()
    print(
        f"Faults survived: {CLIENTS} clients send survey responses (API, Idempotency-Key) and"
        "\nideas (the board's form, its key) with retries while workers are SIGKILLed;"
        f"\nserver and clients share this machine's {os.cpu_count()} CPU cores."
    )
    all_ok = True
    with tempfile.TemporaryDirectory(prefix="strefy-faults-logs-") as logs:
        for database in ("sqlite", "postgresql"):
            if args.database not in (database, "both"):
                continue
            if database == "sqlite":
                with sqlite_database() as url:
                    all_ok &= run_database("SQLite (WAL)", url, args, Path(logs), None)
                continue
            if why := postgresql_unreachable(args.postgresql_url):
                print(f"\nPostgreSQL: SKIPPED, no server at {args.postgresql_url}: {why}")
                continue
            version = postgresql_cluster()
            if version is None or os.geteuid() != 0:
                print("\nPostgreSQL: SKIPPED, no cluster under /etc/postgresql to restart as root")
                continue
            with postgresql_database(args.postgresql_url) as url:
                all_ok &= run_database("PostgreSQL", url, args, Path(logs), version)
    if not all_ok:
        print("\nA fault was not survived: see above.")
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt as interrupt:
        print(f"\nInterrupted ({interrupt}); servers stopped, database dropped.", file=sys.stderr)
        sys.exit(130)
