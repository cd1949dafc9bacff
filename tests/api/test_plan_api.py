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
    Report,
    ReportStatus,
)
from tests.dashboards.helpers import counting_queries
from tests.plans.factories import add_expense, add_line, make_plan

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


def test_no_supplier_document_number_or_receipt_ever_appears(client, zone, full_plan):
    report = Report(plan_id=full_plan.id, number=1, period_start=date(2026, 3, 1),
                    period_end=date(2026, 6, 30), status="submitted", submitted_at=utcnow(),
                    snapshot={
                        "part_1": {"actions": [{"number": 1, "title": "Klub Młodych Mam",
                                                "participants": 14}]},
                        "part_2": {"totals": {"grant": 44_999},
                                   "documents": [{"document_number": DOCUMENT,
                                                  "supplier": SUPPLIER, "amount": 44_999,
                                                  "receipt": "abc123.pdf"}]},
                        "expenses": [{"number": DOCUMENT}],
                    })  # fmt: skip
    db.session.add(report)
    db.session.commit()
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


def add_report(plan, number, status, snapshot=None):
    report = Report(plan_id=plan.id, number=number, period_start=date(2026, 3, 1),
                    period_end=date(2026, 6, 30), status=status, snapshot=snapshot,
                    submitted_at=None if status == "draft" else utcnow())  # fmt: skip
    db.session.add(report)
    db.session.commit()
    return report


def test_only_submitted_and_accepted_reports_are_listed(client, zone):
    published_plan = make_plan(zone, actions=2, awarded=1_000_000, published=True)
    snapshot = {
        "part_1": {"actions": [{"number": 1, "title": "Klub", "participants": 14,
                                "indicators": [{"name": "Spotkania", "planned": 10,
                                                "achieved": 8, "ratio": 0.8}]}]},
        "part_2": {"categories": {"task": {"planned": 1_000_000, "spent": 421_050}},
                   "sources": {"grant": {"planned": 1_000_000, "spent": 421_050}}},
    }  # fmt: skip
    add_report(published_plan, 1, ReportStatus.ACCEPTED, snapshot)
    add_report(published_plan, 2, ReportStatus.SUBMITTED)
    add_report(published_plan, 3, ReportStatus.DRAFT)
    add_report(published_plan, 4, ReportStatus.RETURNED)
    body = client.get(reports_url(zone)).get_json()
    assert [(r["number"], r["status"]) for r in body["reports"]] == [
        (1, "accepted"),
        (2, "submitted"),
    ]
    first = body["reports"][0]
    assert first["kind"] == "partial"
    assert first["period"] == {"start": "2026-03-01", "end": "2026-06-30"}
    assert first["submitted_at"].endswith("Z")
    action = first["figures"]["part_1"]["actions"][0]
    # Counts stay counts; the float ratio is left out.
    assert action["indicators"] == [{"name": "Spotkania", "planned": 10, "achieved": 8}]
    assert action["participants"] == 14
    task = first["figures"]["part_2"]["categories"]["task"]
    assert task == {"planned": 1_000_000, "planned_pln": "10000.00", "spent": 421_050,
                    "spent_pln": "4210.50"}  # fmt: skip
    assert body["reports"][1]["figures"] == {}
    assert [path for path, leaf in walk(body) if isinstance(leaf, float)] == []


@pytest.mark.parametrize("url", [plan_url, reports_url])
def test_the_same_number_of_queries_whatever_the_plans_size(client, zone, other_zone, url):
    small = make_plan(zone, actions=2, awarded=1_000_000, published=True)
    large = make_plan(other_zone, actions=12, awarded=1_000_000, published=True)
    for plan in (small, large):
        for action in plan.actions:
            add_line(plan, 10_000, action=action)
            db.session.add(Milestone(action=action, title="Koniec", due_on=date(2026, 9, 1)))
        db.session.commit()
        for number in range(1, len(plan.actions) // 2 + 1):
            add_report(plan, number, ReportStatus.SUBMITTED, {"part_1": {"actions": []}})
    counts = []
    for z in (zone, other_zone):
        with counting_queries() as statements:
            assert client.get(url(z)).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]
