"""Pages on a phone: Lighthouse's mobile profile (slow 4G, 4x slower CPU) on the chart pages,
against the survey page (the baseline: no chart, the page residents open most) in the same
run, on the same server and machine.

It installs Lighthouse 12 from the npm registry into a cache folder (once), builds a
temporary SQLite database through the migrations with the demo data (`flask demo`: Kwidzyn's
open survey, the network's earlier surveys, some with public results), serves the app as in
production with gunicorn on a free local port, and runs Lighthouse (performance only) with
Debian's Chromium on:

- survey:    Kwidzyn's survey page (the baseline);
- dashboard: the public results of a demo survey (charts and tables);
- plan:      Kwidzyn's plan page;
- thread:    Kwidzyn's plan's thread (a Sankey diagram and the nested lists);
- report:    the printable report of the same public survey (every chart, tables open);
- progress:  Kwidzyn's submitted progress report (public once submitted);
- network:   the network view of the demo's diagnosis (zones side by side), signed in as
             the demo official (its session cookie sent by Lighthouse);

a page that answers 404 (no demo plan yet, no such page) is skipped with its reason. Each
page is measured --runs times (default 3) and the median run reported: the performance
score, the total blocking time (TBT), the largest contentful paint, the bytes transferred,
and each one's ratio to the survey page's. Goal on the chart pages: performance >= 90 and
TBT <= 200 ms. Missing the goal is reported and exits 0 (benchmarks report rather than
gate); a run that cannot execute exits 1.

    .venv/bin/python bench/lighthouse.py
    .venv/bin/python bench/lighthouse.py --runs 1 --pages dashboard,thread

CHROME_PATH (default /usr/bin/chromium) names the browser; LIGHTHOUSE_CACHE (default
~/.cache/strefy-bench/lighthouse) the folder Lighthouse is installed into.
"""

import argparse
import json
import logging
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LIGHTHOUSE = "lighthouse@12.8.2"  # pinned: scores move between versions
CACHE = Path(os.environ.get("LIGHTHOUSE_CACHE", Path.home() / ".cache/strefy-bench/lighthouse"))
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
HOST = "127.0.0.1"
BOOT_SECONDS = 30
GOAL_SCORE, GOAL_TBT = 90, 200
PAGES = ("survey", "dashboard", "report", "plan", "thread", "progress", "network")
OFFICIAL = ("urzednik@kwidzyn.example.org", "demo-urzednik")  # the demo's published account


def install_lighthouse() -> Path:
    """Lighthouse's command, installed into the cache folder when missing."""
    command = CACHE / "node_modules/.bin/lighthouse"
    marker = CACHE / f".{LIGHTHOUSE}"
    if not (command.exists() and marker.exists()):
        CACHE.mkdir(parents=True, exist_ok=True)
        print(f"installing {LIGHTHOUSE} into {CACHE} …", flush=True)
        subprocess.run(  # noqa: S603 - npm with fixed arguments
            [shutil.which("npm") or "npm", "install", "--silent", "--no-audit", "--no-fund",
             "--prefix", str(CACHE), LIGHTHOUSE],
            check=True,
        )  # fmt: skip
        marker.touch()
    return command


def build_database(url: str) -> dict[str, str]:
    """The schema and the demo data; the pages' paths."""
    from flask_migrate import upgrade
    from sqlalchemy import select

    from app import create_app
    from app.demo import load_demo
    from app.extensions import db
    from app.surveys.models import Survey
    from app.zones.models import Zone

    app = create_app("production", SQLALCHEMY_DATABASE_URI=url, SECRET_KEY=secrets.token_hex(16),
                     FORCE_HTTPS=False)  # fmt: skip
    with app.app_context():
        logging.disable(logging.INFO)  # Alembic's "Running upgrade …" lines
        try:
            upgrade()
        finally:
            logging.disable(logging.NOTSET)
        load_demo()
        db.session.commit()
        kwidzyn = db.session.scalar(select(Zone).where(Zone.slug == "kwidzyn"))
        survey = db.session.scalar(select(Survey).where(Survey.zone_id == kwidzyn.id))
        public = db.session.scalars(
            select(Survey).where(Survey.results_public.is_(True)).order_by(Survey.id)
        ).first()
        paths = {"survey": f"/zones/kwidzyn/surveys/{survey.slug}"}
        if public is not None:
            paths["dashboard"] = f"/zones/{public.zone.slug}/surveys/{public.slug}/results"
            paths["report"] = f"/zones/{public.zone.slug}/surveys/{public.slug}/report"
        paths["plan"] = "/zones/kwidzyn/plan"
        paths["thread"] = "/zones/kwidzyn/plan/thread"
        paths["progress"] = "/zones/kwidzyn/plan/reports/1"
        paths["network"] = f"/network/results/{survey.template_key}"
    return paths


class Server:
    """The app as in production, gunicorn on a free local port."""

    def __init__(self, url: str, log: Path):
        import socket

        with socket.socket() as sock:
            sock.bind((HOST, 0))
            self.port = sock.getsockname()[1]
        env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "FLASK_APP")}
        env.update(STREFY_ENV="production", SECRET_KEY=secrets.token_hex(32), FORCE_HTTPS="0",
                   DATABASE_URL=url, BENCH_TARGET="app")  # fmt: skip
        self.log = log
        with log.open("wb") as out:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                [sys.executable, "-m", "gunicorn", "--workers", "1", "--worker-class", "gthread",
                 "--threads", "4", "--bind", f"{HOST}:{self.port}", "--log-level", "warning",
                 "bench.support.wsgi:build()"],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip

    def url(self, path: str) -> str:
        return f"http://{HOST}:{self.port}{path}"

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + BOOT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(self.url("/healthz"), timeout=2) as reply:  # noqa: S310
                    if reply.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not start in {BOOT_SECONDS}s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def status(url: str, cookie: str = "") -> int:
    headers = {"Cookie": cookie} if cookie else {}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - our server
    try:
        with urllib.request.urlopen(request, timeout=30) as reply:  # noqa: S310 - our server
            return reply.status
    except urllib.error.HTTPError as error:
        return error.code


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def sign_in(server: Server, email: str, password: str) -> str:
    """The session cookie of `email` signed in through the login form (CSRF and all)."""
    import re
    from urllib.parse import urlencode

    opener = urllib.request.build_opener(_NoRedirect)
    with opener.open(server.url("/login"), timeout=30) as reply:
        page = reply.read().decode()
        cookies = [c.split(";")[0] for c in reply.headers.get_all("Set-Cookie") or []]
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    body = urlencode({"csrf_token": token, "email": email, "password": password}).encode()
    request = urllib.request.Request(  # noqa: S310 - our server
        server.url("/login"), data=body, headers={"Cookie": "; ".join(cookies)}
    )
    try:
        opener.open(request, timeout=30)
    except urllib.error.HTTPError as error:  # the redirect to the landing page
        if error.code != 302:
            raise
        cookies += [c.split(";")[0] for c in error.headers.get_all("Set-Cookie") or []]
    latest = dict(cookie.split("=", 1) for cookie in cookies)  # the newest value of each
    return "; ".join(f"{name}={value}" for name, value in latest.items())


def lighthouse(command: Path, url: str, out: Path, cookie: str = "") -> dict:
    """One run of Lighthouse's mobile profile (its default): the figures we report."""
    headers = [f"--extra-headers={json.dumps({'Cookie': cookie})}"] if cookie else []
    subprocess.run(  # noqa: S603 - the pinned Lighthouse with fixed arguments
        [str(command), url, "--only-categories=performance", "--output=json",
         f"--output-path={out}", "--quiet", "--chrome-flags=--headless=new --no-sandbox",
         *headers],
        check=True, env=os.environ | {"CHROME_PATH": CHROME},
    )  # fmt: skip
    report = json.loads(out.read_text())
    audits = report["audits"]
    return {
        "score": round(report["categories"]["performance"]["score"] * 100),
        "tbt": audits["total-blocking-time"]["numericValue"],
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "bytes": audits["total-byte-weight"]["numericValue"],
    }


def median_run(runs: list[dict]) -> dict:
    """The run of the median score (Lighthouse's own advice for several runs)."""
    ordered = sorted(runs, key=lambda run: (run["score"], -run["tbt"]))
    return ordered[(len(ordered) - 1) // 2] | {"tbts": [run["tbt"] for run in runs]}


def ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}x" if base else "–"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per page (default 3)")
    parser.add_argument("--pages", default=",".join(PAGES), help=f"of {', '.join(PAGES)}")
    parser.add_argument("--keep", type=Path, help="a folder to keep Lighthouse's JSON reports in")
    args = parser.parse_args()
    wanted = [page for page in args.pages.split(",") if page]
    if "survey" not in wanted:
        wanted.insert(0, "survey")  # the baseline
    if not Path(CHROME).exists() or shutil.which("npm") is None:
        print(f"lighthouse: needs npm and Chromium at {CHROME} (CHROME_PATH)", file=sys.stderr)
        return 1
    command = install_lighthouse()
    with tempfile.TemporaryDirectory(prefix="strefy-lighthouse-") as folder:
        url = f"sqlite:///{folder}/bench.db"
        paths = build_database(url)
        server = Server(url, Path(folder) / "gunicorn.log")
        results: dict[str, dict] = {}
        try:
            server.wait_until_up()
            cookie = sign_in(server, *OFFICIAL) if "network" in wanted else ""
            for page in wanted:
                if page not in paths:
                    print(f"{page}: skipped (no demo survey with public results)")
                    continue
                target = server.url(paths[page])
                sent = cookie if page == "network" else ""
                code = status(target, sent)
                if code != 200:
                    print(f"{page}: skipped ({paths[page]} answers {code})")
                    continue
                reports = args.keep or Path(folder)
                reports.mkdir(parents=True, exist_ok=True)
                runs = [lighthouse(command, target, reports / f"{page}-{n}.json", sent)
                        for n in range(args.runs)]  # fmt: skip
                results[page] = median_run(runs)
                print(f"{page}: measured {paths[page]}", flush=True)
        finally:
            server.stop()
    base = results.get("survey")
    if base is None:
        print("lighthouse: the survey page (the baseline) was not measured", file=sys.stderr)
        return 1
    print(f"\nLighthouse {LIGHTHOUSE.split('@')[1]}, mobile (slow 4G, 4x CPU), median of "
          f"{args.runs} run(s); ratios against the survey page")  # fmt: skip
    print(f"{'page':<10} {'score':>5} {'ratio':>6} {'TBT ms':>7} {'ratio':>6} "
          f"{'LCP ms':>7} {'ratio':>6} {'KiB':>6} {'ratio':>6}  TBT of each run")  # fmt: skip
    missed = []
    for page, r in results.items():
        print(f"{page:<10} {r['score']:>5} {ratio(r['score'], base['score']):>6} "
              f"{r['tbt']:>7.0f} {ratio(r['tbt'], base['tbt']):>6} "
              f"{r['lcp']:>7.0f} {ratio(r['lcp'], base['lcp']):>6} "
              f"{r['bytes'] / 1024:>6.0f} {ratio(r['bytes'], base['bytes']):>6}  "
              f"{', '.join(f'{t:.0f}' for t in r['tbts'])}")  # fmt: skip
        if page != "survey" and (r["score"] < GOAL_SCORE or r["tbt"] > GOAL_TBT):
            missed.append(page)
    goal = f"performance >= {GOAL_SCORE} and TBT <= {GOAL_TBT} ms on chart pages"
    print(f"goal: {goal}: " + (f"missed on {', '.join(missed)}" if missed else "met"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
