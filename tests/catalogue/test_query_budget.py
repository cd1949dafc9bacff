"""The catalogue's pages run the same number of SQL queries whatever the number of zones:
25 zones or 250, each with a published plan of two actions, the newest zones' first actions
adopted into two other zones each (the list's cards count them)."""

import pytest

from app.catalogue import adoption
from app.extensions import db
from app.plans import services as plans_services
from app.plans.models import Action, BudgetLine, Goal, Indicator
from app.zones.models import Zone
from tests.helpers import counting_queries

pytestmark = pytest.mark.usefixtures("request_context")


def make_network(first: int, count: int) -> list[int]:
    """`count` more zones, each with a published plan of two actions (one commit); each
    zone's first action's id."""
    action_ids = []
    for n in range(first, first + count):
        zone = Zone(slug=f"strefa-{n}", library_name=f"Biblioteka {n}", town=f"Miasto {n}",
                    region="mazowieckie", population=5_000 + 500 * n)  # fmt: skip
        db.session.add(zone)
        db.session.flush()
        plan = plans_services.create_plan(zone, title="Plan", start_year=2026, end_year=2027)
        goal = Goal(plan=plan, position=1, title="Cel")
        for number in (1, 2):
            action = Action(plan=plan, goal=goal, number=number,
                            title=f"Klub dyskusyjny {n}.{number}",
                            description="Spotkania mieszkańców raz w miesiącu.")  # fmt: skip
            action.indicators = [Indicator(name="Uczestnicy", unit="osób", target=10)]
            db.session.add(action)
            db.session.add(BudgetLine(plan=plan, action=action, description="Sala",
                                      unit_cost=1_000_00 * number, source="grant"))  # fmt: skip
        db.session.flush()
        plans_services.publish_plan(plan, None)
        action_ids.append(plan.actions[0].id)
    db.session.commit()
    return action_ids


def adopt_into_others(action_ids: list[int], coordinator) -> None:
    """The last three zones' first actions, each adopted as an action into two zones."""
    origins = [db.session.get(Action, action_id) for action_id in action_ids[-3:]]
    for n, origin in enumerate(origins):
        for into in (action_ids[n], action_ids[n + 3]):
            zone = db.session.get(Action, into).plan.zone
            adoption.adopt_as_action(origin, zone, coordinator, title=f"{origin.title} u nas",
                                     description="", note="Co miesiąc.")  # fmt: skip
    db.session.commit()


def statements_of(client, path: str) -> int:
    client.get(path)  # the first request warms the app's own caches
    with counting_queries() as statements:
        response = client.get(path)
    assert response.status_code == 200
    return len(statements)


def test_catalogue_pages_run_as_many_queries_for_250_zones_as_for_25(client, make_user):
    action_ids = make_network(0, 25)
    coordinator = make_user("coordinator", None)
    adopt_into_others(action_ids, coordinator)
    paths = ["/catalogue", "/catalogue?q=klub+dyskusyjny&size=small&page=2",
             f"/catalogue/action/{action_ids[0]}"]  # fmt: skip
    # The first page of the list (the newest entries) shows the adopted ones' counts.
    assert client.get(paths[0]).get_data(as_text=True).count("Przejęte w 2 strefach") == 3
    at_25 = [statements_of(client, path) for path in paths]
    adopt_into_others(make_network(25, 225), coordinator)
    assert client.get(paths[0]).get_data(as_text=True).count("Przejęte w 2 strefach") == 3
    at_250 = [statements_of(client, path) for path in paths]
    assert at_250 == at_25
    # The entry page, the most: the action, its ideas, findings, indicators, budget lines,
    # plan, goal, zone, goal's findings, reports, themes, where it travelled and which
    # partner libraries took it up, one query each.
    assert max(at_25) <= 13, at_25
