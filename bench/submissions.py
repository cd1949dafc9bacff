"""Survey submissions under load: the JSON API against a bare Flask endpoint, same run.

For each backend (SQLite in a temporary folder; PostgreSQL in a fresh database created and
dropped here) this builds the schema through the migrations, opens the diagnosis survey
(surveys/diagnoza-potrzeb.yaml) in a zone, and serves two apps with gunicorn under the same
settings, in production mode (bench/support/wsgi.py):

- app:  Strefy's POST /api/v1/zones/<zone>/surveys/<slug>/responses (rate limiting off);
- bare: the baseline, a minimal Flask app at the same path on the same database and engine
        set-up (app.database.init_database) that parses the same JSON and stores one row.

Many concurrent clients (32), each on its own keep-alive connection, send a fixed number of
valid, realistic answer sets, each with its own Idempotency-Key, after an untimed warm-up.
The timed submissions go in rounds that alternate the two servers (bare, app, app, bare, …)
so that a change in the machine's other load during the run does not favour either side.

It prints, for both, responses per second and their ratio, p50/p95 latency, errors, the CPU
time per request of the server, the database (PostgreSQL's backends) and the client (which
shares the cores with the server), and how busy the whole machine was; then it checks the
database: the stored responses (and their answer rows) must be exactly the 2xx answers.

Goal: app >= 60% of the bare endpoint's rate, zero errors, zero lost responses. Missing the
rate is reported as FAIL but exits 0: throughput depends on the machine and its other load,
and benchmarks report rather than gate. Errors, or stored rows that differ from the 2xx
answers, are correctness failures and exit 1, as does a run that cannot execute.

    .venv/bin/python bench/submissions.py               # both backends, 2,000 each
    .venv/bin/python bench/submissions.py --quick       # 300 each, a smoke run
    .venv/bin/python bench/submissions.py --backends sqlite --requests 5000

PostgreSQL: BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres) names
a server where the user may create databases; when it does not answer, the PostgreSQL run is
skipped with a message (as `make test` runs on SQLite unless told otherwise).
"""

import argparse
import contextlib
import ctypes
import hashlib
import http.client
import json
import logging
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.surveys.demo import CHANNELS, _resident  # noqa: E402
from app.surveys.models import Channel  # noqa: E402
from app.surveys.services import answer_rows, create_survey, open_survey, template_file  # noqa: E402
from app.zones.services import create_zone  # noqa: E402
from bench.support.wsgi import BenchBase  # noqa: E402
from config import database_url  # noqa: E402

GOAL_RATIO = 0.60
DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
TEMPLATE = "diagnoza-potrzeb.yaml"
HOST = "127.0.0.1"  # all traffic stays on this machine
TARGETS = ("bare", "app")
BOOT_SECONDS = 30
SOCKET_TIMEOUT = 30
TICK = os.sysconf("SC_CLK_TCK")


def gunicorn_settings(workers: int, threads: int) -> list[str]:
    """The server settings, the same for both apps.

    Default 2 workers x 4 threads (gthread) on 2 cores: the request path is CPU-bound Python,
    and one process per core is what gets around the GIL; a few threads per process overlap
    the database waits (PostgreSQL's round trips and commits, SQLite's wait for the write
    lock) without adding much GIL contention. gthread also keeps the clients' connections
    alive, where sync workers close each one and the run would measure TCP set-up.
    """
    return [
        *("--workers", str(workers), "--worker-class", "gthread", "--threads", str(threads)),
        *("--keep-alive", "30", "--backlog", "2048"),
    ]


@dataclass
class Phase:
    """What the clients saw sending to one target: one round, or all rounds merged."""

    target: str
    wall: float = 0.0
    statuses: Counter = field(default_factory=Counter)
    exceptions: Counter = field(default_factory=Counter)
    latencies: list = field(default_factory=list)  # seconds, 2xx only
    replies: list = field(default_factory=list)  # (submission index, body, replayed) of 2xx
    server_cpu: float | None = 0.0
    database_cpu: float | None = 0.0
    client_cpu: float = 0.0
    machine_busy: float | None = 0.0  # CPU-seconds of all processes, the database's too
    # Filled in by verify():
    ids: list = field(default_factory=list)
    stored_ids: set = field(default_factory=set)
    answers_stored: int | None = None
    answers_expected: int | None = None

    def add(self, other: "Phase") -> None:
        self.wall += other.wall
        self.statuses.update(other.statuses)
        self.exceptions.update(other.exceptions)
        self.latencies += other.latencies
        self.replies += other.replies
        self.client_cpu += other.client_cpu
        for name in ("server_cpu", "database_cpu", "machine_busy"):
            mine, theirs = getattr(self, name), getattr(other, name)
            setattr(self, name, None if mine is None or theirs is None else mine + theirs)

    @property
    def sent(self) -> int:
        return sum(self.statuses.values()) + sum(self.exceptions.values())

    @property
    def ok(self) -> int:
        return sum(n for status, n in self.statuses.items() if 200 <= status < 300)

    @property
    def errors(self) -> int:
        return self.sent - self.ok

    @property
    def rate(self) -> float:
        return self.ok / self.wall if self.wall else 0.0

    @property
    def replayed(self) -> int:
        return sum(replayed for _i, _body, replayed in self.replies)

    def percentile(self, p: float) -> float:
        """Nearest-rank percentile of the 2xx latencies, in milliseconds."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
        return ordered[rank - 1] * 1000

    @property
    def stored(self) -> int:
        return len(self.stored_ids)

    @property
    def lost(self) -> int:
        """2xx answers whose row is not in the database."""
        return len(set(self.ids) - self.stored_ids)

    @property
    def consistent(self) -> bool:
        """Stored rows are exactly the 2xx answers, each once, none replayed."""
        return (
            self.stored == self.ok
            and self.lost == 0
            and len(set(self.ids)) == len(self.ids) == self.ok
            and self.replayed == 0
            and self.answers_stored == self.answers_expected
        )


# Databases ------------------------------------------------------------------------------


@contextlib.contextmanager
def sqlite_database() -> Iterator[str]:
    folder = Path(tempfile.mkdtemp(prefix="strefy-bench-"))
    try:
        yield f"sqlite:///{folder / 'strefy.db'}"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def postgresql_database(server_url: str) -> Iterator[str]:
    """A new database on the server, dropped at the end."""
    server = make_url(database_url(server_url))
    name = f"strefy_bench_{secrets.token_hex(6)}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        try:
            yield server.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


def postgresql_unreachable(server_url: str) -> str | None:
    """None if the server answers, else why not."""
    url = make_url(database_url(server_url))
    engine = sa.create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except Exception as error:  # any failure means "skip, and say why"
        return str(error).strip().splitlines()[0]
    finally:
        engine.dispose()
    return None


def prepare(url: str, count: int, seed: int) -> tuple[str, list[bytes], list[int]]:
    """Migrate, open the diagnosis survey in a new zone, and make `count` submissions.

    Returns the submission path, the JSON bodies, and how many answer rows each must store.
    """
    app = create_app(
        "production",
        SQLALCHEMY_DATABASE_URI=url,
        SECRET_KEY=secrets.token_hex(16),
        FORCE_HTTPS=False,
        RATELIMIT_ENABLED=False,
    )
    rng = random.Random(seed)
    with app.app_context():
        logging.disable(logging.INFO)  # Alembic's "Running upgrade …" lines
        try:
            upgrade()
        finally:
            logging.disable(logging.NOTSET)
        BenchBase.metadata.create_all(db.engine)
        zone = create_zone(
            slug="bench",
            library_name="Biblioteka Publiczna w Benchmarkowie",
            town="Benchmarkowo",
            region="pomorskie",
            population=20_000,
            is_pilot=False,
            description="",
        )
        survey = create_survey(zone, template_file(TEMPLATE))
        open_survey(survey)
        db.session.commit()
        # Paper questionnaires are typed in by librarians, never sent through the API.
        sent = [(c, w) for c, w in CHANNELS if c is not Channel.PAPER]
        channels, weights = [c.value for c, _ in sent], [w for _, w in sent]
        bodies, expected = [], []
        for _ in range(count):
            answers = _resident(survey, rng)  # a plausible resident, valid by the template
            channel = rng.choices(channels, weights)[0]
            bodies.append(json.dumps({"answers": answers, "channel": channel}).encode())
            expected.append(len(answer_rows(survey.template, survey.id, 0, answers)))
        path = f"/api/v1/zones/{zone.slug}/surveys/{survey.slug}/responses"
        db.session.rollback()
        db.session.remove()
        db.engine.dispose()
    return path, bodies, expected


def verify(url: str, phase: Phase, prefix: str, expected_rows: list[int]) -> None:
    """Read back what the database holds for the timed submissions' keys."""
    like = {"pattern": f"{prefix}%"}
    phase.ids = []
    for _i, body, _replayed in phase.replies:
        with contextlib.suppress(ValueError, TypeError, KeyError):
            phase.ids.append(json.loads(body)["id"])
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            if phase.target == "app":
                phase.stored_ids = set(
                    conn.execute(
                        sa.text(
                            "SELECT id FROM responses WHERE status = 'complete'"
                            " AND idempotency_key LIKE :pattern"
                        ),
                        like,
                    ).scalars()
                )
                phase.answers_stored = conn.execute(
                    sa.text(
                        "SELECT count(*) FROM answers JOIN responses r ON r.id = response_id"
                        " WHERE r.idempotency_key LIKE :pattern"
                    ),
                    like,
                ).scalar_one()
                phase.answers_expected = sum(expected_rows[i] for i, _b, _r in phase.replies)
            else:
                phase.stored_ids = set(
                    conn.execute(
                        sa.text("SELECT id FROM bench_rows WHERE idempotency_key LIKE :pattern"),
                        like,
                    ).scalars()
                )
    finally:
        engine.dispose()


# CPU accounting (Linux /proc; None elsewhere) --------------------------------------------


def process_cpu(pid: int) -> float | None:
    """User + system CPU seconds of a process (all its threads)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def machine_cpu() -> float | None:
    """Busy CPU seconds of all cores since boot (not idle, not waiting for I/O)."""
    try:
        ticks = [int(n) for n in Path("/proc/stat").read_text().splitlines()[0].split()[1:8]]
    except (OSError, ValueError):
        return None
    return (sum(ticks) - ticks[3] - ticks[4]) / TICK


def postgresql_backends(url: str) -> Callable[[], dict[int, float]] | None:
    """For PostgreSQL, a function giving the CPU seconds of each backend of this database."""
    if not url.startswith("postgresql"):
        return None
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    query = sa.text(
        "SELECT pid FROM pg_stat_activity"
        " WHERE datname = current_database() AND pid <> pg_backend_pid()"
    )

    def snapshot() -> dict[int, float]:
        with engine.connect() as conn:
            pids = conn.execute(query).scalars().all()
        return {pid: cpu for pid in pids if (cpu := process_cpu(pid)) is not None}

    return snapshot


def difference(before: float | None, after: float | None) -> float | None:
    return None if before is None or after is None else after - before


# Server ---------------------------------------------------------------------------------


def die_with_parent() -> None:
    """In gunicorn's process, before exec: on Linux, get SIGTERM if the benchmark dies."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn serving one target (app or bare) on a free local port."""

    def __init__(self, target: str, url: str, settings: list[str], log_dir: Path):
        self.target, self.port = target, free_port()
        self.workers_wanted = int(settings[settings.index("--workers") + 1])
        self.log = log_dir / f"gunicorn-{target}.log"
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("REDIS_URL", "PROXY_FIX_HOPS", "FLASK_APP", "FLASK_DEBUG")
        }
        env.update(
            STREFY_ENV="production",
            SECRET_KEY=secrets.token_hex(32),
            FORCE_HTTPS="0",
            DATABASE_URL=url,
            BENCH_TARGET=target,
        )
        command = [
            *(sys.executable, "-m", "gunicorn", *settings),
            *("--bind", f"{HOST}:{self.port}", "--log-level", "warning"),
            *("--graceful-timeout", "10", "bench.support.wsgi:build()"),
        ]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                command,
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=die_with_parent,  # before any client thread starts
            )

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + BOOT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn ({self.target}) exited:\n{self.tail()}")
            try:
                url = f"http://{HOST}:{self.port}/healthz"
                with urllib.request.urlopen(url, timeout=2) as reply:
                    if reply.status == 200 and len(self.workers()) >= self.workers_wanted:
                        return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn ({self.target}) did not start in {BOOT_SECONDS}s")

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def cpu_seconds(self) -> float | None:
        """CPU seconds of the master and its workers."""
        times = [process_cpu(pid) for pid in [self.process.pid, *self.workers()]]
        return None if None in times else sum(times)

    def tail(self) -> str:
        try:
            return self.log.read_text(errors="replace")[-3000:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


# Clients --------------------------------------------------------------------------------


WARM, RUN = "0a1b2c3d", "9f8e7d6c"  # a phase's keys start with these (verify() finds them)


def key(prefix: str, i: int) -> str:
    """The Idempotency-Key of submission `i` of a phase: a version-4 UUID, as the API asks
    for, whose first group is the phase's `prefix` and the rest drawn from `i`."""
    h = hashlib.sha256(f"{prefix}{i}".encode()).hexdigest()
    return f"{prefix}-{h[:4]}-4{h[4:7]}-a{h[7:10]}-{h[10:22]}"


def send(
    server: Server,
    path: str,
    bodies: list[bytes],
    indexes: range,
    prefix: str,
    clients: int,
    max_seconds: float,
    backends: Callable[[], dict[int, float]] | None = None,
) -> Phase:
    """`clients` threads, each on its own keep-alive connection, send bodies[indexes] once.

    Requests not sent within `max_seconds` are left out (and show up as missing).
    """
    phase = Phase(server.target)
    numbers = iter(indexes)
    take, record = threading.Lock(), threading.Lock()
    start = threading.Barrier(clients + 1)
    deadline = time.monotonic() + max_seconds

    def client() -> None:
        conn = http.client.HTTPConnection(HOST, server.port, timeout=SOCKET_TIMEOUT)
        statuses, exceptions, latencies, replies = Counter(), Counter(), [], []
        start.wait()
        try:
            while time.monotonic() < deadline:
                with take:
                    i = next(numbers, None)
                if i is None:
                    break
                headers = {"Content-Type": "application/json", "Idempotency-Key": key(prefix, i)}
                began = time.perf_counter()
                try:
                    conn.request("POST", path, bodies[i], headers)
                    reply = conn.getresponse()
                    data = reply.read()
                except (OSError, http.client.HTTPException) as error:
                    exceptions[type(error).__name__] += 1
                    conn.close()  # the next request reconnects
                    continue
                elapsed = time.perf_counter() - began
                statuses[reply.status] += 1
                if 200 <= reply.status < 300:
                    latencies.append(elapsed)
                    replies.append((i, data, reply.getheader("Idempotent-Replayed") is not None))
        finally:
            conn.close()
            with record:
                phase.statuses.update(statuses)
                phase.exceptions.update(exceptions)
                phase.latencies.extend(latencies)
                phase.replies.extend(replies)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    database_before = backends() if backends else None
    server_before, client_before, machine_before = (
        server.cpu_seconds(),
        time.process_time(),
        machine_cpu(),
    )
    began = time.perf_counter()
    start.wait()
    for thread in threads:
        thread.join(timeout=max(1.0, deadline - time.monotonic()) + SOCKET_TIMEOUT + 5)
    phase.wall = time.perf_counter() - began
    phase.client_cpu = time.process_time() - client_before
    phase.server_cpu = difference(server_before, server.cpu_seconds())
    phase.machine_busy = difference(machine_before, machine_cpu())
    if backends:
        after = backends()
        phase.database_cpu = sum(cpu - database_before.get(pid, 0.0) for pid, cpu in after.items())
    else:
        phase.database_cpu = None
    if any(thread.is_alive() for thread in threads):
        raise RuntimeError(f"{server.target}: clients still running after {max_seconds}s")
    return phase


# The run --------------------------------------------------------------------------------


def run_backend(url: str, args, log_dir: Path) -> dict[str, Phase]:
    """Both servers up side by side; warm-up, then timed rounds alternating the two."""
    warmup = max(64, args.requests // 10)
    path, bodies, expected = prepare(url, warmup + args.requests, seed=2013)
    settings = gunicorn_settings(args.workers, args.threads)
    backends = postgresql_backends(url)
    servers: dict[str, Server] = {}
    merged = {target: Phase(target) for target in TARGETS}
    try:
        for target in TARGETS:
            servers[target] = Server(target, url, settings, log_dir)
        for server in servers.values():
            server.wait_until_up()
            send(server, path, bodies, range(warmup), WARM, args.clients, args.max_seconds)
        timed = range(warmup, warmup + args.requests)
        size = -(-len(timed) // args.rounds)
        for r in range(args.rounds):
            chunk = timed[r * size : (r + 1) * size]
            order = TARGETS if r % 2 == 0 else TARGETS[::-1]  # bare app, app bare, …
            for target in order:
                phase = send(
                    servers[target], path, bodies, chunk, RUN, args.clients,
                    args.max_seconds, backends,
                )  # fmt: skip
                merged[target].add(phase)
    except Exception:
        for server in servers.values():
            print(f"--- gunicorn {server.target} log:\n{server.tail()}", file=sys.stderr)
        raise
    finally:
        for server in servers.values():
            server.stop()
    for target, phase in merged.items():
        verify(url, phase, RUN, expected)
        if phase.errors:
            tail = servers[target].tail()
            print(f"--- gunicorn {target} log (errors):\n{tail}", file=sys.stderr)
    return merged


def report(name: str, args, results: dict[str, Phase]) -> bool:
    """Print one backend's figures; return whether its counts are all right."""
    app, bare = results["app"], results["bare"]
    ratio = app.rate / bare.rate if bare.rate else 0.0

    def ms_per_request(seconds: float | None, phase: Phase) -> str:
        if seconds is None or not phase.sent:
            return "n/a"
        return f"{seconds / phase.sent * 1000:.2f}"

    def cores(seconds: float | None, phase: Phase) -> str:
        return "n/a" if seconds is None or not phase.wall else f"{seconds / phase.wall:.2f}"

    def errors(phase: Phase) -> str:
        kinds = [f"{s}x{n}" for s, n in sorted(phase.statuses.items()) if not 200 <= s < 300]
        kinds += [f"{k}x{n}" for k, n in sorted(phase.exceptions.items())]
        missing = args.requests - phase.sent
        kinds += [f"not sent x{missing}"] if missing else []
        return f"{phase.errors + missing}" + (f" ({', '.join(kinds)})" if kinds else "")

    def row(label: str, get: Callable[[Phase], object]) -> str:
        return f"  {label:28}{get(app)!s:>14}{get(bare)!s:>14}"

    settings = " ".join(gunicorn_settings(args.workers, args.threads))
    print(f"\n{name}: {args.requests} submissions, {args.clients} clients, {args.rounds} rounds")
    print(f"  gunicorn {settings}")
    print(f"  {'':28}{'app':>14}{'bare':>14}")
    lines = [
        row("requests", lambda p: p.sent),
        row("2xx", lambda p: p.ok),
        row("errors", errors),
        row("responses/s", lambda p: f"{p.rate:.1f}"),
        row("p50 latency ms", lambda p: f"{p.percentile(50):.1f}"),
        row("p95 latency ms", lambda p: f"{p.percentile(95):.1f}"),
        row("server CPU ms/request", lambda p: ms_per_request(p.server_cpu, p)),
        row("database CPU ms/request", lambda p: ms_per_request(p.database_cpu, p)),
        row("client CPU ms/request", lambda p: ms_per_request(p.client_cpu, p)),
        row("server CPU cores in use", lambda p: cores(p.server_cpu, p)),
        row("machine CPU cores busy", lambda p: cores(p.machine_busy, p)),
        row("stored rows", lambda p: p.stored),
        row("lost (2xx, not stored)", lambda p: p.lost),
    ]
    print("\n".join(lines))
    print(
        f"  answer rows: {app.answers_stored} stored, {app.answers_expected} expected"
        f" ({os.cpu_count()} cores; 'machine busy' counts every process, other users' too)"
    )
    app_clean = app.errors == 0 and app.sent == args.requests and app.consistent
    bare_clean = bare.errors == 0 and bare.sent == args.requests and bare.consistent
    goal = ratio >= GOAL_RATIO and app_clean
    print(
        f"  stored == 2xx: app {app.stored} == {app.ok} {'ok' if app.consistent else 'MISMATCH'},"
        f" bare {bare.stored} == {bare.ok} {'ok' if bare.consistent else 'MISMATCH'}"
    )
    print(
        f"  ratio app/bare: {ratio:.2f}  (goal >= {GOAL_RATIO:.2f} with zero errors and zero"
        f" lost) -> {'PASS' if goal else 'FAIL'}"
    )
    return app_clean and bare_clean


def stop_on_signals() -> None:
    """SIGTERM and SIGINT (even where a shell started us with SIGINT ignored) raise, so that
    the `finally` blocks stop gunicorn, drop the PostgreSQL database and remove the files."""

    def stop(signum, _frame):
        raise KeyboardInterrupt(signal.Signals(signum).name)

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, stop)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--requests",
        type=int,
        default=int(os.environ.get("BENCH_REQUESTS", "2000")),
        help="timed submissions per app and backend (env BENCH_REQUESTS; default 2000)",
    )
    parser.add_argument(
        "--clients",
        type=int,
        default=int(os.environ.get("BENCH_CLIENTS", "32")),
        help="concurrent clients, each on its own connection (env BENCH_CLIENTS; default 32)",
    )
    parser.add_argument("--quick", action="store_true", help="at most 300 submissions, 1 round")
    parser.add_argument(
        "--rounds", type=int, default=2, help="alternating rounds per backend (default 2)"
    )
    parser.add_argument(
        "--backends", default="sqlite,postgresql", help="comma-separated: sqlite,postgresql"
    )
    parser.add_argument(
        "--postgresql-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_PG_URL),
        help="server for the PostgreSQL run (env BENCH_DATABASE_URL)",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (default 4)")
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=120.0,
        help="time limit of each timed round (default 120); what is not sent by then is missing",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.requests, args.rounds = min(args.requests, 300), 1
    if min(args.requests, args.clients, args.rounds, args.workers, args.threads) < 1:
        parser.error("--requests, --clients, --rounds, --workers and --threads must be >= 1")
    args.rounds = min(args.rounds, args.requests)
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    if unknown := set(backends) - {"sqlite", "postgresql"}:
        parser.error(f"unknown backend(s): {', '.join(sorted(unknown))}")

    stop_on_signals()
    print(
        "Survey submissions through the JSON API vs a bare Flask endpoint that stores one row;"
        f"\nserver and clients share this machine's {os.cpu_count()} CPU cores."
    )
    all_ok = True
    with tempfile.TemporaryDirectory(prefix="strefy-bench-logs-") as logs:
        for backend in backends:
            if backend == "sqlite":
                database, name = sqlite_database(), "SQLite (WAL)"
            else:
                if why := postgresql_unreachable(args.postgresql_url):
                    print(f"\nPostgreSQL: SKIPPED, no server at {args.postgresql_url}: {why}")
                    continue
                database, name = postgresql_database(args.postgresql_url), "PostgreSQL"
            with database as url:
                results = run_backend(url, args, Path(logs))
            all_ok &= report(name, args, results)
    if not all_ok:
        print("\nErrors, or stored rows that differ from the 2xx answers: see above.")
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt as interrupt:
        print(f"\nInterrupted ({interrupt}); servers stopped, database dropped.", file=sys.stderr)
        sys.exit(130)
