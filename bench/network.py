"""The network's pages at scale: the programme view and the catalogue search against bare
queries over the same rows (the floor), same run, same engine.

For each backend (SQLite in a temporary folder; PostgreSQL in a fresh database created and
dropped here) this builds the schema through the migrations and fills --zones zones (250
by default) with bench/support/network.py, the generator the query-budget tests use: each
zone a diagnosis survey with its responses, a Creative Café held with ideas, a published
plan with its grant, actions, milestones, budget lines, expenses and reports. After an
untimed warm-up each of these is timed --repeat times, interleaved (so that the machine's
other load hits all alike):

- floor:      one SELECT of every zone joined with its plan and grant, with the grant's
              budget lines and expenses summed (all rows fetched), on the app's engine;
- service:    app.main.services.zone_progress for every zone (the page's figures, no HTTP);
- programme:  GET /network/programme, Flask test client, in-process, as the coordinator;
- csv:        GET /network/programme.csv, the same;

and the catalogue (time_catalogue), over the search index the fill's plans give (rebuilt
with reindex_all, in a process of its own, after the bulk INSERTs, which the index's
session listener never sees:
3 entries a zone, one in eight of them a "Kalendarz wydarzeń"), each against a floor that
reads the same index rows bare, in one statement, on the app's engine:

- words floor:     the page's rows (20) of the index rows whose folded words hold
                   "kalendarz" (a LIKE scan), newest first, joined with their zones;
- search words:    app.catalogue.services.search for "kalendarz" (the full-text engine:
                   FTS5 on SQLite, tsvector with its GIN index on PostgreSQL), no HTTP;
- page:            GET /catalogue?q=kalendarz, Flask test client, anonymous (the public's
                   page: the search, the cards' adoption counts, the form);
- filter floor:    the page's rows of the index rows of one voivodeship and one status;
- search filters:  services.search with that voivodeship and status, no words.

It prints per backend the median (and fastest) time of each and its ratio to the floor of
the same run (the catalogue's to the floor named on its row). Benchmarks report rather than
gate: it exits 0 unless a run cannot execute, or the page's figures disagree with the
floor's (for the catalogue: the search's number of results with the floors' count).

    .venv/bin/python bench/network.py                       # 250 zones, SQLite and PostgreSQL
    .venv/bin/python bench/network.py --zones 25 --repeat 5 --backends sqlite

PostgreSQL: BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres) names
a server where the user may create databases; when it does not answer, the PostgreSQL run is
skipped with a message.
"""

import argparse
import logging
import os
import secrets
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from app import create_app  # noqa: E402
from app.auth.services import create_user  # noqa: E402
from app.catalogue import services as catalogue  # noqa: E402
from app.database import refresh_statistics  # noqa: E402
from app.extensions import db  # noqa: E402
from app.main.services import zone_progress  # noqa: E402
from app.zones.services import list_zones  # noqa: E402
from bench.submissions import (  # noqa: E402
    postgresql_database,
    postgresql_unreachable,
    sqlite_database,
    stop_on_signals,
)
from bench.support.network import fill_network  # noqa: E402

DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
HTTPS = "https://localhost"  # production cookies are Secure
ACCEPT = {"Accept-Encoding": "gzip"}  # as browsers send
CATALOGUE_QUERY = "kalendarz"

# Every zone with its plan's status, the grant awarded, the grant-funded lines planned and
# the grant spent: the programme's money columns, in one statement.
FLOOR_SQL = """
SELECT z.id, z.town, z.region, p.status, g.amount_awarded,
       (SELECT sum(l.quantity * l.unit_cost) FROM plan_budget_lines l
         WHERE l.plan_id = p.id AND l.source = 'grant') AS planned,
       (SELECT sum(e.amount) FROM plan_expenses e
         WHERE e.plan_id = p.id AND e.paid_from = 'grant') AS spent
FROM zones z
LEFT JOIN plans p ON p.zone_id = z.id
LEFT JOIN plan_grants g ON g.plan_id = p.id
ORDER BY z.town
"""
# The catalogue's floors: one page of the index rows (as the search's cards show them: the
# entry, its zone) that hold the words, or pass the filters, newest first; and the count.
CATALOGUE_QUERY_FILTERS = {"region": "pomorskie", "status": "done"}
_PAGE_SQL = """
SELECT i.kind, i.source_id, i.title, i.status, i.grant, i.own, z.slug, z.town,
       z.library_name
FROM catalogue_index i JOIN zones z ON z.id = i.zone_id
WHERE {where}
ORDER BY i.source_updated_at DESC, i.id DESC
LIMIT {limit}
"""
WORDS_WHERE = "i.document LIKE :q"
FILTER_WHERE = "i.region = :region AND i.status = :status"
CATALOGUE_FLOOR_SQL = _PAGE_SQL.format(where=WORDS_WHERE, limit=catalogue.PER_PAGE)
FILTER_FLOOR_SQL = _PAGE_SQL.format(where=FILTER_WHERE, limit=catalogue.PER_PAGE)
COUNT_SQL = "SELECT count(*) FROM catalogue_index i WHERE {where}"


# The catalogue's index is rebuilt in a process of its own. Rebuilt in this one (ORM objects
# for every listed action), the programme's pages timed next died in the garbage collector
# in about half of the runs at 250 zones (SIGSEGV, SQLAlchemy 2.1.9 on CPython 3.11.7; the
# cause not found); rebuilt in a child process, none of the runs tried did.
REINDEX = """
import secrets, sys
from app import create_app
from app.catalogue.services import reindex_all
from app.extensions import db
app = create_app("production", SQLALCHEMY_DATABASE_URI=sys.argv[1],
                 SECRET_KEY=secrets.token_hex(16), FORCE_HTTPS=False)
with app.app_context():
    print(reindex_all())
    db.session.commit()
"""


def reindex(url: str) -> int:
    """Rebuild the catalogue's index of the database at `url`; the number of entries."""
    done = subprocess.run(  # noqa: S603 - our own interpreter and script, the bench's URL
        [sys.executable, "-c", REINDEX, url], cwd=ROOT, check=True, capture_output=True,
        text=True,
    )  # fmt: skip
    return int(done.stdout.split()[-1])


def median_ms(seconds: list[float]) -> float:
    return statistics.median(seconds) * 1000


class Bench:
    """The app on one database, filled, and its timed calls."""

    def __init__(self, url: str):
        self.url = url
        self.app = create_app(
            "production", SQLALCHEMY_DATABASE_URI=url, SECRET_KEY=secrets.token_hex(16),
            FORCE_HTTPS=False, RATELIMIT_ENABLED=False,
        )  # fmt: skip
        self.client = self.app.test_client()
        self.public = self.app.test_client()  # no one signed in: the catalogue's readers
        self.entries = 0

    def setup(self, zones: int) -> float:
        """Migrate, fill `zones` zones and the catalogue's index, sign the coordinator in;
        the seconds the fill took."""
        with self.app.app_context():
            logging.disable(logging.INFO)  # Alembic's "Running upgrade …" lines
            try:
                upgrade()
            finally:
                logging.disable(logging.NOTSET)
            start = time.perf_counter()
            fill_network(zones)
            db.session.commit()
            self.entries = reindex(self.url)  # bulk INSERTs bypass the index's listener
            took = time.perf_counter() - start
            refresh_statistics()
            user = create_user("bench@example.org", "Bench", secrets.token_hex(8))
            user.is_coordinator = True
            db.session.commit()
            session_id = user.get_id()
            db.session.remove()
        with self.client.session_transaction(base_url=HTTPS) as session:
            session["_user_id"] = session_id
            session["_fresh"] = True
        return took

    def release(self) -> None:
        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()

    # The timed calls

    def floor(self) -> list:
        with self.app.test_request_context("/", method="GET"), db.engine.connect() as conn:
            return conn.execute(sa.text(FLOOR_SQL)).all()

    def service(self) -> list:
        with self.app.test_request_context("/", method="GET"):
            rows = zone_progress(list_zones())
            db.session.remove()
            return rows

    def get(self, path: str) -> int:
        reply = self.client.get(path, headers=ACCEPT, base_url=HTTPS)
        reply.get_data()
        return reply.status_code

    def programme(self) -> int:
        return self.get("/network/programme")

    def csv(self) -> int:
        return self.get("/network/programme.csv")

    def _bare(self, sql: str, params: dict) -> list:
        with self.app.test_request_context("/", method="GET"), db.engine.connect() as conn:
            return conn.execute(sa.text(sql), params).all()

    def catalogue_floor(self) -> list:
        return self._bare(CATALOGUE_FLOOR_SQL, {"q": f"%{CATALOGUE_QUERY}%"})

    def filter_floor(self) -> list:
        return self._bare(FILTER_FLOOR_SQL, CATALOGUE_QUERY_FILTERS)

    def _search(self, query: "catalogue.CatalogueQuery") -> "catalogue.ResultPage":
        with self.app.test_request_context("/catalogue", method="GET"):
            found = catalogue.search(query)
            db.session.remove()
            return found

    def search_words(self) -> "catalogue.ResultPage":
        return self._search(catalogue.CatalogueQuery(text=CATALOGUE_QUERY))

    def search_filters(self) -> "catalogue.ResultPage":
        return self._search(catalogue.CatalogueQuery(**CATALOGUE_QUERY_FILTERS))

    def catalogue(self) -> int:
        reply = self.public.get(f"/catalogue?q={CATALOGUE_QUERY}", headers=ACCEPT, base_url=HTTPS)
        reply.get_data()
        return reply.status_code

    def check_catalogue(self) -> None:
        """The search finds what the floors do: as many results, the same first page."""
        for search, floor, where, params in (
            (self.search_words, self.catalogue_floor, WORDS_WHERE,
             {"q": f"%{CATALOGUE_QUERY}%"}),
            (self.search_filters, self.filter_floor, FILTER_WHERE, CATALOGUE_QUERY_FILTERS),
        ):  # fmt: skip
            found = search()
            (total,) = self._bare(COUNT_SQL.format(where=where), params)[0]
            assert total > 0, f"no index rows for {where}: the fill changed?"
            assert found.total == total, (search.__name__, found.total, total)
            if not found.terms:  # ranked by words, the search's order is its own
                page = [(row.kind, row.source_id) for row in floor()]
                assert [(e.kind, e.id) for e in found.entries] == page, search.__name__

    def check(self) -> None:
        """The page's figures are the floor's: the same grant awarded and spent, in total."""
        floor = self.floor()
        awarded = sum(row.amount_awarded or 0 for row in floor)
        spent = sum(row.spent or 0 for row in floor)
        rows = self.service()
        assert len(rows) == len(floor), (len(rows), len(floor))
        assert sum(row.awarded for row in rows) == awarded, "grants awarded disagree"
        assert sum(row.grant_spent for row in rows) == spent, "grants spent disagree"
        assert self.programme() == 200 and self.csv() == 200


def timed(calls: dict[str, Callable], repeat: int) -> dict[str, list[float]]:
    """One untimed warm-up of each, then `repeat` rounds of all, interleaved."""
    for call in calls.values():
        call()
    seconds: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(repeat):
        for name, call in calls.items():
            start = time.perf_counter()
            call()
            seconds[name].append(time.perf_counter() - start)
    return seconds


def time_catalogue(bench: Bench, repeat: int) -> dict[str, list[float]] | str:
    """The catalogue's timings against its floors, or why they are skipped."""
    status = bench.catalogue()
    if status != 200:
        return f"skipped: GET /catalogue?q={CATALOGUE_QUERY} answers {status}"
    bench.check_catalogue()
    return timed(
        {"words floor": bench.catalogue_floor, "search words": bench.search_words,
         "page": bench.catalogue, "filter floor": bench.filter_floor,
         "search filters": bench.search_filters},
        repeat,
    )  # fmt: skip


# Each catalogue call's floor (the floors' own rows: 1.0x).
CATALOGUE_FLOORS = {"words floor": "words floor", "search words": "words floor",
                    "page": "words floor", "filter floor": "filter floor",
                    "search filters": "filter floor"}  # fmt: skip


def run_backend(name: str, url: str, args) -> bool:
    bench = Bench(url)
    took = bench.setup(args.zones)
    bench.check()
    seconds = timed(
        {"floor": bench.floor, "service": bench.service, "programme": bench.programme,
         "csv": bench.csv},
        args.repeat,
    )  # fmt: skip
    catalogue = time_catalogue(bench, args.repeat)
    bench.release()
    floor = median_ms(seconds["floor"])
    print(f"\n{name}: {args.zones} zones filled in {took:.1f} s; {args.repeat} rounds")
    print(f"{'call':<18}{'median':>12}{'fastest':>12}{'ratio to floor':>18}")
    for call, times in seconds.items():
        median = median_ms(times)
        print(f"{call:<18}{median:>9.1f} ms{min(times) * 1000:>9.1f} ms{median / floor:>17.1f}x")
    if isinstance(catalogue, str):
        print(f"{'catalogue':<18}{catalogue}")
        return True
    print(f"\ncatalogue: {bench.entries} entries indexed; words {CATALOGUE_QUERY!r}, filters "
          f"{CATALOGUE_QUERY_FILTERS}")  # fmt: skip
    print(f"{'call':<18}{'median':>12}{'fastest':>12}{'ratio to floor':>18}")
    for call, times in catalogue.items():
        median, base = median_ms(times), median_ms(catalogue[CATALOGUE_FLOORS[call]])
        ratio = f"{median / base:.1f}x"
        print(f"{call:<18}{median:>9.1f} ms{min(times) * 1000:>9.1f} ms{ratio:>18}"
              f"  ({CATALOGUE_FLOORS[call]})")  # fmt: skip
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--zones", type=int, default=250, help="zones to generate (250)")
    parser.add_argument("--repeat", type=int, default=7, help="timed rounds (7)")
    parser.add_argument(
        "--backends", default="sqlite,postgresql", help="comma-separated: sqlite,postgresql"
    )
    args = parser.parse_args(argv)
    stop_on_signals()
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    for backend in backends:
        if backend == "sqlite":
            with sqlite_database() as url:
                run_backend("SQLite", url, args)
        elif backend == "postgresql":
            server = os.environ.get("BENCH_DATABASE_URL", DEFAULT_PG_URL)
            why = postgresql_unreachable(server)
            if why:
                print(f"\nPostgreSQL: skipped ({why})")
                continue
            with postgresql_database(server) as url:
                run_backend("PostgreSQL", url, args)
        else:
            print(f"unknown backend {backend!r}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
