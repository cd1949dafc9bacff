"""GET /api/v1/zones/<zone>/plan and /reports: the published plan and its submitted reports
as open data, money in grosze with its PLN text, never a float, never a receipt."""

from datetime import date, timedelta

import pytest

from app.cafes.models import Board, Cafe, Idea
from app.core.time import utcnow
from app.dashboards.findings import add_finding
from app.extensions import db
from app.plans.models import (
    Attachment,
    Contribution,
    CostCategory,
    FundSource,
    Milestone,
    ReportStatus,
)
from tests.dashboards.helpers import counting_queries
from tests.plans.factories import add_expense, add_line, add_report, make_plan, submitted_report

DOCUMENT = "FV/2026/05/0173"
SUPPLIER = "Smyk Sp. z o.o. Kwidzyn"


def plan_url(zone) -> str:
    return f"/api/v1/zones/{zone.slug}/plan"


def reports_url(zone) -> str:
    return f"/api/v1/zones/{zone.slug}/reports"


def walk(value, path="$"):
    """Every (path, leaf) of a JSON value."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from walk(item, f"{path}.{key}")
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from walk(item, f"{path}[{n}]")
    else:
        yield path, value


@pytest.fixture
def full_plan(zone, survey, make_user):
    """A published plan with a finding, a visible and a pending idea, a budget with an
    expense (its document number and receipt), a volunteer contribution."""
    plan = make_plan(zone, actions=2, awarded=1_000_000, published=True)
    librarian = make_user("librarian", zone, name="Anna Nowak")
    finding = add_finding(survey, "Rodzice nie mają gdzie się spotykać.", ["wiek"])
    cafe = Cafe(zone_id=zone.id, slug="mamy", short_code="CAFE01", title="Kawiarenka",
                starts_at=utcnow() - timedelta(days=3), place="Biblioteka")  # fmt: skip
    board = Board(cafe=cafe, position=1, question="Jak mogą się spotykać młodzi rodzice?")
    db.session.add_all([cafe, board])
    db.session.flush()
    chosen = Idea(zone_id=zone.id, board_id=board.id, title="Klub Młodych Mam", status="chosen",
                  published_at=utcnow())  # fmt: skip
    pending = Idea(zone_id=zone.id, board_id=board.id, title="Czeka", status="pending")
    db.session.add_all([chosen, pending])
    club = plan.actions[0]
    club.title, club.owner_user_id, club.status = "Klub Młodych Mam", librarian.id, "in_progress"
    club.ideas = [chosen, pending]
    club.findings = [finding]
    plan.goals[0].findings = [finding]
    club.milestones[0].done_on = date(2026, 4, 15)
    db.session.add(Milestone(action=club, title="Dziesiąte spotkanie", due_on=date(2026, 6, 30)))
    club.indicators[0].achieved = 14
    club.indicators[0].source = "lista obecności"
    db.session.commit()
    mat = add_line(plan, 45_000, action=club, description="Mata do zabawy")
    add_line(plan, 30_000, action=club, quantity=8, description="Warsztaty z położną")
    room = add_line(plan, 20_000, quantity=10, source=FundSource.IN_KIND,
                    description="Sala (użyczenie)")  # fmt: skip
    add_line(plan, 5_000, category=CostCategory.ADMIN, source=FundSource.OWN,
             description="Obsługa księgowa")  # fmt: skip
    receipt = Attachment(zone_id=zone.id, kind="receipt", stored_name="abc123.pdf",
                         content_type="application/pdf", size=10,
                         original_name="paragon-smyk.pdf", sha256="0" * 64)  # fmt: skip
    db.session.add(receipt)
    db.session.flush()
    add_expense(mat, 44_999, document_number=DOCUMENT, supplier=SUPPLIER, receipt_id=receipt.id)
    db.session.add(Contribution(plan_id=plan.id, budget_line_id=room.id, kind="in_kind",
                                given_on=date(2026, 5, 1), description="Sala w maju",
                                value=40_000))  # fmt: skip
    db.session.commit()
    return plan


def test_the_published_plan_with_its_goals_actions_and_links(client, zone, survey, full_plan):
    body = client.get(plan_url(zone)).get_json()
    assert body["title"] == "Plan rozwoju strefy"
    assert body["period"] == {"start_year": 2026, "end_year": 2027, "text": "2026–2027"}
    assert body["version"] >= 1
    assert body["published_at"].endswith("Z")
    goal = body["goals"][0]
    assert goal["title"] == "Miejsca spotkań dla mieszkańców"
    finding_id = full_plan.goals[0].findings[0].id
    assert [f["id"] for f in goal["findings"]] == [finding_id]
    assert goal["findings"][0]["url"].startswith("http://")
    assert goal["findings"][0]["url"].endswith(
        f"/zones/{zone.slug}/surveys/{survey.slug}/results#finding-{finding_id}"
    )
    club, second = body["actions"]
    assert club["number"] == 1 and second["number"] == 2
    assert club["title"] == "Klub Młodych Mam"
    assert club["status"] == "in_progress"
    assert club["owner"] == "Anna Nowak"
    assert second["owner"] is None
    # One of two milestones reached, no progress set by hand: computed.
    assert club["progress"] == 50 and club["progress_is_set"] is False
    assert [m["done_on"] for m in club["milestones"]] == ["2026-04-15", None]
    assert club["indicators"] == [
        {"name": "Uczestnicy spotkań", "unit": "osób", "target": 12, "achieved": 14,
         "source": "lista obecności"}
    ]  # fmt: skip
    # The pending idea is not the residents' to see yet.
    chosen = next(i for i in full_plan.actions[0].ideas if i.status == "chosen")
    assert club["ideas"] == [
        {"id": chosen.id, "url": f"http://localhost/zones/{zone.slug}/ideas/{chosen.id}"}
    ]
    assert [f["id"] for f in club["findings"]] == [finding_id]
    assert club["url"] == f"http://localhost/zones/{zone.slug}/plan/actions/1"


def test_money_is_grosze_with_its_pln_text_and_never_a_float(client, zone, full_plan):
    body = client.get(plan_url(zone)).get_json()
    grant = body["grant"]
    assert grant["funder"].startswith("Fundacja Rozwoju")
    assert grant["programme"] == "Strefy Innowacji"
    assert grant["contract_number"].startswith("SI/")
    assert grant["amount_awarded"] == 1_000_000
    assert grant["amount_awarded_pln"] == "10000.00"
    budget = body["budget"]
    workshops = next(line for line in budget["lines"] if line["description"].startswith("Warsz"))
    assert (workshops["quantity"], workshops["unit_cost"], workshops["amount"]) == (
        8,
        30_000,
        240_000,
    )
    assert workshops["amount_pln"] == "2400.00"
    assert workshops["action"] == 1
    mat = next(line for line in budget["lines"] if line["description"] == "Mata do zabawy")
    assert (mat["planned"], mat["spent"], mat["spent_pln"]) == (45_000, 44_999, "449.99")
    assert budget["sources"]["grant"] == {
        "planned": 285_000, "planned_pln": "2850.00", "spent": 44_999, "spent_pln": "449.99"
    }  # fmt: skip
    assert budget["sources"]["in_kind"]["spent"] == 40_000
    assert budget["categories"]["admin"]["planned"] == 5_000
    assert budget["total"]["planned"] == 285_000 + 200_000 + 5_000
    assert budget["awarded"] == 1_000_000 and budget["grant_spent"] == 44_999
    floats = [path for path, leaf in walk(body) if isinstance(leaf, float)]
    assert floats == []


def test_no_supplier_document_number_or_receipt_ever_appears(client, zone, full_plan,
                                                             make_user):  # fmt: skip
    report = submitted_report(full_plan, make_user(role="librarian", zone=zone))
    documents = report.snapshot["money"]["documents"]
    assert documents[0]["document_number"] == DOCUMENT  # frozen in the report, for the team
    for url in (plan_url(zone), reports_url(zone)):
        text = client.get(url).get_data(as_text=True)
        for private in (DOCUMENT, SUPPLIER, "abc123", "paragon-smyk", "receipt"):
            assert private not in text, (url, private)


def test_a_draft_plan_or_none_is_not_found(client, zone, other_zone):
    make_plan(zone, actions=2)
    for url in (plan_url(zone), reports_url(zone), plan_url(other_zone), reports_url(other_zone)):
        response = client.get(url)
        assert response.status_code == 404
        assert response.get_json()["error"]["code"] == "not_found"
    assert client.get("/api/v1/zones/nowhere/plan").status_code == 404


def test_only_submitted_and_accepted_reports_are_listed(client, zone, make_user):
    plan = make_plan(zone, actions=2, awarded=1_000_000, published=True)
    librarian = make_user(role="librarian", zone=zone)
    grant_line = add_line(plan, 500_000, action=plan.actions[0])
    own_line = add_line(plan, 100_000, source=FundSource.OWN, category=CostCategory.ADMIN)
    add_expense(grant_line, 421_050, spent_on=date(2026, 5, 10))
    add_expense(own_line, 10_001, paid_from=FundSource.OWN, spent_on=date(2026, 6, 1))
    plan.actions[0].indicators[0].achieved = 8  # of 12: explained in the report
    db.session.commit()
    first = submitted_report(plan, librarian)
    first.status = ReportStatus.ACCEPTED.value
    submitted_report(plan, librarian, period_start=date(2026, 7, 1), period_end=date(2026, 9, 30))
    add_report(plan, period_start=date(2026, 10, 1), period_end=date(2026, 12, 31))
    returned = submitted_report(plan, librarian, period_start=date(2027, 1, 1),
                                period_end=date(2027, 3, 31))  # fmt: skip
    returned.status, returned.snapshot = ReportStatus.RETURNED.value, None
    db.session.commit()
    # Spent after the first report was submitted: its frozen figures do not change.
    add_expense(grant_line, 1_000, spent_on=date(2026, 6, 2))

    body = client.get(reports_url(zone)).get_json()
    assert [(r["number"], r["status"]) for r in body["reports"]] == [
        (1, "accepted"),
        (2, "submitted"),
    ]
    report = body["reports"][0]
    assert report["kind"] == "partial"
    assert report["period"] == {"start": "2026-04-01", "end": "2026-06-30"}
    assert report["submitted_at"].endswith("Z")
    figures = report["figures"]
    action = figures["actions"][0]
    assert action["participants"] == 14
    assert action["indicators"][0] | {"explanation": ""} == {
        "name": "Uczestnicy spotkań", "unit": "osób", "target": 12, "achieved": 8,
        "reached_share": 66, "explanation": "",
    }  # fmt: skip
    money = figures["money"]
    task = next(row for row in money["categories"] if row["category"] == "task")
    assert task["this_period"] == 421_050 and task["this_period_pln"] == "4210.50"
    assert task["planned"] == 500_000 and task["planned_pln"] == "5000.00"
    grant = next(row for row in money["sources"] if row["source"] == "grant")
    assert grant["planned_share"] == "83.3" and grant["total_share"] == "97.7"
    assert money["total"]["this_period"] == 431_051
    assert money["total"]["this_period_pln"] == "4310.51"
    assert money["awarded"] == 1_000_000 and money["awarded_pln"] == "10000.00"
    assert "documents" not in money
    assert [path for path, leaf in walk(body) if isinstance(leaf, float)] == []


@pytest.mark.parametrize("url", [plan_url, reports_url])
def test_the_same_number_of_queries_whatever_the_plans_size(client, zone, other_zone, url,
                                                             make_user):  # fmt: skip
    librarian = make_user(role="coordinator")
    small = make_plan(zone, actions=2, awarded=1_000_000, published=True)
    large = make_plan(other_zone, actions=12, awarded=1_000_000, published=True)
    for plan in (small, large):
        for action in plan.actions:
            add_line(plan, 10_000, action=action)
            db.session.add(Milestone(action=action, title="Koniec", due_on=date(2026, 9, 1)))
        db.session.commit()
        for number in range(len(plan.actions) // 2):
            start = date(2026, 1, 1) + timedelta(days=10 * number)
            submitted_report(plan, librarian, period_start=start,
                             period_end=start + timedelta(days=9))  # fmt: skip
    counts = []
    for z in (zone, other_zone):
        with counting_queries() as statements:
            assert client.get(url(z)).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]
