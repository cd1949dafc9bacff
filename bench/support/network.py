"""A generated network of zones, each somewhere along the programme: shared by the
programme benchmark (bench/network.py) and the query-budget tests
(tests/main/test_programme_queries.py).

`fill_network(count)` writes, in a few bulk INSERTs per table (Core executemany, no ORM
objects), `count` zones each with an open or closed diagnosis survey and its complete
responses, a Creative Café held with a board of ideas, a published plan with its grant,
actions (one done), milestones (one overdue), budget lines, expenses from the grant and
the library's own money, and progress reports (one submitted, one accepted). Call it in
an app context on a migrated, empty-or-not database; it commits.
"""

import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert, select

from app.cafes.models import Board, Cafe, Idea
from app.core.time import utcnow
from app.extensions import db
from app.plans.models import (
    Action,
    BudgetLine,
    Expense,
    Grant,
    Milestone,
    Plan,
    Report,
)
from app.surveys.models import Response, Survey
from app.surveys.schema import load_template
from app.zones.models import Zone

TEMPLATE = Path(__file__).resolve().parents[2] / "surveys" / "diagnoza-potrzeb.yaml"
REGIONS = ("pomorskie", "wielkopolskie", "mazowieckie", "małopolskie", "śląskie", "lubelskie")
IDEA_WORDS = (
    "kalendarz wydarzeń", "klub młodych mam", "kawiarenka językowa", "warsztaty dla seniorów",
    "pracownia robotyki", "wymiana książek", "kino plenerowe", "klub planszówek",
)  # fmt: skip


@dataclass(frozen=True)
class Sizes:
    """What each generated zone holds."""

    responses: int = 12
    ideas: int = 8
    actions: int = 3
    lines: int = 4  # budget lines per plan (two from the grant)
    expenses: int = 6


def _ids(model, column, prefix: str) -> dict[str, int]:
    """The ids of the rows just written, by their generated slug or code."""
    return dict(db.session.execute(select(column, model.id).where(column.like(f"{prefix}%"))).all())


def fill_network(count: int, sizes: Sizes = Sizes(), prefix: str = "gen") -> list[int]:
    """`count` generated zones (slugs `<prefix>-0001`…), filled as the module says; their
    ids. Commits."""
    now = utcnow()
    today = now.date()
    run = secrets.token_hex(3)  # short codes unique across calls
    definition = load_template(TEMPLATE).model_dump(mode="json", exclude_none=True)
    slugs = [f"{prefix}-{n:04d}" for n in range(count)]
    db.session.execute(
        insert(Zone),
        [
            {
                "slug": slug, "library_name": f"Biblioteka Publiczna {n}",
                "town": f"Miasto {n:04d}", "region": REGIONS[n % len(REGIONS)],
                "population": 10_000 + n, "is_pilot": False, "description": "",
            }
            for n, slug in enumerate(slugs)
        ],
    )  # fmt: skip
    zones = _ids(Zone, Zone.slug, f"{prefix}-")
    zone_ids = [zones[slug] for slug in slugs]

    db.session.execute(
        insert(Survey),
        [
            {
                "zone_id": zone_id, "slug": "diagnoza", "short_code": f"s{run}{n:05d}",
                "template_key": "diagnoza_potrzeb", "status": "open" if n % 2 else "closed",
                "definition": definition, "opens_at": now - timedelta(days=60),
            }
            for n, zone_id in enumerate(zone_ids)
        ],
    )  # fmt: skip
    surveys = _ids(Survey, Survey.short_code, f"s{run}")
    db.session.execute(
        insert(Response),
        [
            {
                "survey_id": survey_id, "token": secrets.token_urlsafe(32), "channel": "link",
                "status": "complete", "step": 1, "draft": {},
                "submitted_at": now - timedelta(days=r % 30),
            }
            for survey_id in surveys.values()
            for r in range(sizes.responses)
        ],
    )  # fmt: skip

    db.session.execute(
        insert(Cafe),
        [
            {
                "zone_id": zone_id, "slug": "kawiarenka", "short_code": f"c{run}{n:05d}",
                "title": f"Kawiarenka {n}", "starts_at": now - timedelta(days=20),
                "question_keys": [],
            }
            for n, zone_id in enumerate(zone_ids)
        ],
    )  # fmt: skip
    cafes = _ids(Cafe, Cafe.short_code, f"c{run}")
    db.session.execute(
        insert(Board),
        [{"cafe_id": cafe_id, "position": 1, "question": "Czego brakuje?"}
         for cafe_id in cafes.values()],
    )  # fmt: skip
    boards = dict(
        db.session.execute(
            select(Cafe.zone_id, Board.id)
            .join(Board, Board.cafe_id == Cafe.id)
            .where(Cafe.id.in_(list(cafes.values())))
        ).all()
    )
    db.session.execute(
        insert(Idea),
        [
            {
                "zone_id": zone_id, "board_id": boards[zone_id],
                "title": f"{IDEA_WORDS[i % len(IDEA_WORDS)].capitalize()} {i}",
                "description": f"Pomysł {i}: {IDEA_WORDS[(i + n) % len(IDEA_WORDS)]}.",
                "status": "pending" if i == 0 else "published", "channel": "link",
                "published_at": None if i == 0 else now - timedelta(days=10),
            }
            for n, zone_id in enumerate(zone_ids)
            for i in range(sizes.ideas)
        ],
    )  # fmt: skip

    db.session.execute(
        insert(Plan),
        [
            {
                "zone_id": zone_id, "title": f"Plan strefy {n}", "start_year": today.year,
                "end_year": today.year + 1, "vision": "", "status": "published", "version": 1,
                "published_at": now - timedelta(days=15),
            }
            for n, zone_id in enumerate(zone_ids)
        ],
    )  # fmt: skip
    plans = dict(
        db.session.execute(select(Plan.zone_id, Plan.id).where(Plan.zone_id.in_(zone_ids))).all()
    )
    plan_ids = [plans[zone_id] for zone_id in zone_ids]
    db.session.execute(
        insert(Grant),
        [
            {
                "plan_id": plan_id, "funder": "FRSI", "programme": "Strefy Innowacji",
                "contract_number": f"SI/{n}", "amount_awarded": 800_000 + 1_000 * (n % 200),
            }
            for n, plan_id in enumerate(plan_ids)
        ],
    )  # fmt: skip
    db.session.execute(
        insert(Action),
        [
            {
                "plan_id": plan_id, "number": a + 1,
                "title": f"{IDEA_WORDS[(a + n) % len(IDEA_WORDS)].capitalize()} w strefie {n}",
                "description": "Działanie z pomysłów mieszkańców.",
                "status": "done" if a == 0 else "in_progress",
                "starts_on": today - timedelta(days=60), "ends_on": today + timedelta(days=90),
            }
            for n, plan_id in enumerate(plan_ids)
            for a in range(sizes.actions)
        ],
    )  # fmt: skip
    actions = dict(
        db.session.execute(
            select(Action.plan_id, Action.id).where(
                Action.plan_id.in_(plan_ids), Action.number == 2
            )
        ).all()
    )
    db.session.execute(
        insert(Milestone),
        [
            {"action_id": actions[plan_id], "title": title, "due_on": due, "note": ""}
            for plan_id in plan_ids
            for title, due in (("Zaległy etap", today - timedelta(days=5)),
                               ("Następny etap", today + timedelta(days=30)))
        ],
    )  # fmt: skip
    db.session.execute(
        insert(BudgetLine),
        [
            {
                "plan_id": plan_id, "action_id": actions[plan_id], "category": "task",
                "description": f"Pozycja {b + 1}", "quantity": 1 + b, "unit": "szt.",
                "unit_cost": 100_000, "source": "grant" if b < 2 else "own",
            }
            for plan_id in plan_ids
            for b in range(sizes.lines)
        ],
    )  # fmt: skip
    lines: dict[int, list[tuple[int, str]]] = {}
    for plan_id, line_id, source in db.session.execute(
        select(BudgetLine.plan_id, BudgetLine.id, BudgetLine.source)
        .where(BudgetLine.plan_id.in_(plan_ids))
        .order_by(BudgetLine.id)
    ):
        lines.setdefault(plan_id, []).append((line_id, source))
    db.session.execute(
        insert(Expense),
        [
            {
                "plan_id": plan_id, "budget_line_id": lines[plan_id][e % len(lines[plan_id])][0],
                "spent_on": today - timedelta(days=e), "amount": 25_000 + 1_000 * e,
                "supplier": "Hurtownia", "document_number": f"FV/{e}",
                "paid_from": "own" if lines[plan_id][e % len(lines[plan_id])][1] == "own"
                else "grant", "note": "",
            }
            for plan_id in plan_ids
            for e in range(sizes.expenses)
        ],
    )  # fmt: skip
    start = date(today.year, 1, 1)
    db.session.execute(
        insert(Report),
        [
            {
                "plan_id": plan_id, "number": number, "kind": "partial",
                "period_start": start, "period_end": start + timedelta(days=90 * number - 1),
                "due_on": start + timedelta(days=90 * number + 30), "status": status,
                "texts": {}, "snapshot": {} if status != "draft" else None,
                "submitted_at": submitted, "review_comment": "",
            }
            for n, plan_id in enumerate(plan_ids)
            for number, status, submitted in (
                (1, "accepted", now - timedelta(days=40)),
                (2, "submitted", now - timedelta(days=n % 20)),
            )
        ],
    )  # fmt: skip
    db.session.commit()
    return zone_ids
