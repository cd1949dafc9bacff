"""The access matrix's world: one of each thing a route of the app can name, in two zones,
for the tests here that walk every route (test_access, test_request_hardening).

The matrix (test_access.py) walks about 1,250 pairs of a route and a visitor, each on an
empty database. Made with the services for each test, the world took 0.3 s a test on
PostgreSQL (150 statements, 17 commits): seven of the suite's 24 minutes. It is made once
per run instead (`route_world`), its rows taken out, and each test gets its own copy
(`route_objects`: one INSERT per table, and the uploaded receipt's file), with the same
ids, so that what one test's POST changes no other test sees.

The world's Kwidzyn and Sopot stand in for the shared `zone` and `other_zone` here, which
would make zones of the same names again.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest

from app import create_app
from app.cafes.models import Idea
from app.cafes.participation import follow_hash
from app.cafes.services import create_cafe
from app.core.time import utcnow
from app.dashboards.findings import add_finding
from app.extensions import db
from app.plans.models import Partner
from app.surveys.models import Channel
from app.surveys.services import start_response, submit_response
from app.zones.models import Zone
from tests import factories
from tests.helpers import Snapshot, put_snapshot, take_snapshot
from tests.plans import factories as plan_factories


@dataclass(frozen=True)
class RouteWorld:
    snapshot: Snapshot
    objects: dict  # the values route paths name
    zone_id: int
    other_zone_id: int


def _make_objects(zone: Zone) -> dict:
    """One of each thing a route of the access matrix can name ({zone}, {user}, {role},
    {survey}, {code}, {token}, {finding}, {cafe}, {cafe_code}, {board}, {idea}, {follow},
    {paper}, {report}, {version}; the plan's {line}, {expense}, {contribution}, {attachment},
    {action_number}, {milestone}…; {catalogue_action}, the published plan's action as a
    catalogue entry), made in `zone`, by values to put in its paths."""
    survey = factories.make_survey(zone)
    someone = factories.make_user("librarian", zone)
    response = start_response(survey, None, Channel.LINK)
    paper, _new = submit_response(
        survey, {"wiek": "do_24"}, Channel.PAPER, "paper-1", "h", entered_by=someone
    )
    finding = add_finding(survey, "A finding", ["wiek"], author_id=someone.id)
    cafe = create_cafe(
        zone, title="Kawiarenka", starts_at=utcnow() + timedelta(days=30), ends_at=None,
        place="", description="", questions=["Pytanie 1?", "Pytanie 2?"],
    )  # fmt: skip
    idea = Idea(zone_id=zone.id, board_id=cafe.boards[0].id, title="Pomysł", status="published",
                follow_hash=follow_hash("follow-token"))  # fmt: skip
    db.session.add(idea)
    db.session.commit()
    # The zone's plan, published (its pages, thread, versions and API answer), with a
    # partner, its money and its first report.
    plan = plan_factories.make_plan(zone, actions=1, awarded=1_000_000, published=True)
    partner = Partner(zone_id=zone.id, name="Stowarzyszenie Sąsiedzi")
    db.session.add(partner)
    db.session.commit()
    money = plan_factories.plan_money(zone, plan)
    report = plan_factories.add_report(plan)
    return money | {
        "zone": zone.slug, "user": someone.id, "role": someone.roles[0].id,
        "survey": survey.slug, "code": survey.short_code, "token": response.token,
        "finding": finding.id, "cafe": cafe.slug, "cafe_code": cafe.short_code,
        "board": cafe.boards[0].id, "idea": idea.id, "follow": "follow-token",
        "paper": paper.id, "report": report.number, "version": plan.version,
        "plan_goal": plan.goals[0].id, "plan_partner": partner.id,
        "plan_milestone": plan.actions[0].milestones[0].id,
        "plan_indicator": plan.actions[0].indicators[0].id,
        "catalogue_action": plan.actions[0].id,
    }  # fmt: skip


@pytest.fixture(scope="session")
def route_world(database, tmp_path_factory) -> RouteWorld:
    """The world, made once per run (the database is left empty)."""
    uploads = tmp_path_factory.mktemp("route-world-uploads")
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database, UPLOAD_FOLDER=str(uploads))
    with app.app_context():
        zone = factories.make_zone(**factories.KWIDZYN)
        other_zone = factories.make_zone(**factories.SOPOT)
        objects = _make_objects(zone)
        ids = zone.id, other_zone.id
        return RouteWorld(take_snapshot(), objects, *ids)


@pytest.fixture
def route_objects(app, route_world) -> dict:
    """This test's copy of the world: the values its routes' paths name."""
    put_snapshot(route_world.snapshot)
    return dict(route_world.objects)


@pytest.fixture
def zone(route_objects, route_world) -> Zone:
    """The world's Kwidzyn, where its things are."""
    return db.session.get(Zone, route_world.zone_id)


@pytest.fixture
def other_zone(route_objects, route_world) -> Zone:
    """The world's Sopot: a zone with nothing in it."""
    return db.session.get(Zone, route_world.other_zone_id)
