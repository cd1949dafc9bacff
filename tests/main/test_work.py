"""The landing page of the zone's people after signing in (/work): per zone, what needs
them now, each a link; officials read-only, the coordinator every zone compactly."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.auth.services import grant_role
from app.cafes.models import Report as IdeaReport
from app.core.time import utcnow
from app.extensions import db
from app.plans.models import Milestone, Report
from app.surveys.models import Channel, Response
from app.surveys.services import submit_response
from tests.cafes.factories import add_idea, plan_cafe
from tests.dashboards.helpers import counting_queries
from tests.helpers import PASSWORD
from tests.plans.factories import add_action, make_plan


@pytest.fixture
def english(client, app):
    client.set_cookie(app.config["LANGUAGE_COOKIE"], "en")


def busy(zone, n: int = 1):
    """A zone with work waiting: two ideas to moderate, one reported, this week's survey
    responses, a café coming, an action ending and a milestone overdue, a report due."""
    today = utcnow().date()
    cafe = plan_cafe(zone, title=f"Kawiarenka {zone.town}", starts_at=utcnow() + timedelta(days=5))
    board = cafe.boards[0]
    add_idea(board, "Czeka 1", status="pending")
    add_idea(board, "Czeka 2", status="pending")
    reported = add_idea(board, "Zgłoszony")
    db.session.add(IdeaReport(idea_id=reported.id, reason="abuse", device_hash="d1"))
    plan = make_plan(zone, published=True)
    soon = add_action(plan, "Klub Młodych Mam")
    soon.starts_on, soon.ends_on = today - timedelta(days=30), today + timedelta(days=3)
    later = add_action(plan, "Za rok")
    later.starts_on, later.ends_on = today, today + timedelta(days=300)
    db.session.add(Milestone(action=soon, title="Zakup książek", due_on=today - timedelta(days=2)))
    db.session.add(Report(plan_id=plan.id, number=1, period_start=today - timedelta(days=60),
                          period_end=today, due_on=today + timedelta(days=10)))  # fmt: skip
    db.session.commit()
    return plan


def add_responses(survey, librarian, count: int) -> None:
    for n in range(count):
        submit_response(
            survey, {"wiek": "do_24"}, Channel.PAPER, f"w-{survey.id}-{n}", "h",
            entered_by=librarian,
        )  # fmt: skip
    db.session.commit()


def sign_in(client, user, query: str = ""):
    from tests.helpers import csrf_token_from

    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    return client.post(
        f"/login{query}", data={"csrf_token": token, "email": user.email, "password": PASSWORD}
    )


def test_a_librarian_lands_on_the_zones_work_after_signing_in(client, make_user, zone):
    librarian = make_user("librarian", zone)
    assert sign_in(client, librarian).headers["Location"] == "/work"


def test_a_safe_next_page_still_wins_and_a_resident_lands_on_the_account(client, make_user, zone):
    librarian = make_user("librarian", zone)
    assert (
        sign_in(client, librarian, "?next=/zones/kwidzyn").headers["Location"] == "/zones/kwidzyn"
    )
    client.post("/logout", data={})
    resident = make_user()
    other = client.application.test_client()
    assert sign_in(other, resident).headers["Location"] == "/account"
    assert sign_in(client.application.test_client(), make_user("official", zone)).headers[
        "Location"
    ] == "/work"  # fmt: skip


def test_the_librarian_sees_what_needs_them_with_the_right_counts(
    client, login_as, english, zone, survey
):
    busy(zone)
    add_responses(survey, login_as("librarian"), 4)
    old = db.session.scalars(select(Response).order_by(Response.id)).first()
    old.submitted_at = utcnow() - timedelta(days=8)  # last week's: not counted
    db.session.commit()
    page = client.get("/work").get_data(as_text=True)
    assert 'href="/zones/kwidzyn/moderation?status=pending">2 ideas waiting for moderation' in page
    assert "1 reported idea" in page
    assert "3 survey responses this week" in page
    assert "Next café: Kawiarenka Kwidzyn" in page
    assert 'href="/zones/kwidzyn/plan/actions/1">Action 1: Klub Młodych Mam' in page
    assert "Za rok" not in page  # not due in the next 14 days
    assert "Milestone of action 1: Zakup książek" in page and "overdue since" in page
    assert "Next report due" in page
    assert 'href="/zones/kwidzyn/plan/reports/1"' in page


def test_a_person_of_several_zones_sees_them_all(client, login_as, english, zone, other_zone):
    busy(zone)
    busy(other_zone)
    user = login_as("librarian")
    grant_role(user, other_zone, Role.LIBRARIAN)
    db.session.commit()
    page = client.get("/work").get_data(as_text=True)
    assert "Zone Kwidzyn" in page and "Zone Sopot" in page
    assert 'href="/zones/sopot/moderation?status=pending">2 ideas' in page


def test_the_page_runs_the_same_queries_for_one_zone_or_three(
    client, login_as, make_zone, zone, other_zone
):
    third = make_zone(town="Puck")
    for each in (zone, other_zone, third):
        busy(each)
    user = login_as("librarian")
    client.get("/work")  # warm: the café's and the survey's caches
    with counting_queries() as one:
        assert client.get("/work").status_code == 200
    grant_role(user, other_zone, Role.LIBRARIAN)
    grant_role(user, third, Role.OFFICIAL)
    db.session.commit()
    client.get("/work")
    with counting_queries() as three:
        assert client.get("/work").status_code == 200
    assert len(three) == len(one)


def test_an_official_reads_results_and_the_plan_without_moderation(
    client, login_as, english, zone, survey
):
    busy(zone)
    login_as("official")
    page = client.get("/work").get_data(as_text=True)
    assert "waiting for moderation" not in page and "reported" not in page
    assert f'href="/zones/kwidzyn/surveys/{survey.slug}/results"' in page
    assert 'href="/zones/kwidzyn/plan"' in page
    assert 'href="/zones/kwidzyn/plan/versions"' in page


def test_the_coordinator_sees_every_zone_compactly(client, login_as, english, zone, other_zone):
    busy(zone)
    login_as("coordinator")
    page = client.get("/work").get_data(as_text=True)
    assert "<table>" in page
    assert 'href="/zones/kwidzyn">Kwidzyn</a>' in page and 'href="/zones/sopot">Sopot</a>' in page
    assert 'href="/zones/kwidzyn/moderation?status=pending">2</a>' in page


def test_signing_in_is_needed(client):
    assert client.get("/work").status_code == 302
