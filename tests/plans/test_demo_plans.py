"""The demo plans: what `flask demo` shows of the chain from diagnosis to a funded action."""

from pathlib import Path

from sqlalchemy import func, select

from app.cafes.models import IdeaStatus
from app.demo import load_demo
from app.extensions import db
from app.plans import services
from app.plans.models import Attachment, Expense, FundSource, Plan, Report, ReportStatus
from app.plans.reports import submit_problems
from app.zones.models import Zone


def zone_plan(slug: str) -> Plan:
    zone = db.session.scalar(select(Zone).where(Zone.slug == slug))
    return services.get_plan(zone)


def test_kwidzyn_has_its_published_plan_with_the_club_funded_by_exactly_the_grant(app):
    load_demo()
    db.session.commit()
    plan = zone_plan("kwidzyn")
    assert plan.title == "Plan rozwoju Strefy Innowacji w Kwidzynie"
    # Version 2: the demo adopts Jarocin's city calendar into it (app/catalogue/adoption_demo.py).
    assert plan.is_published and plan.version == 2
    assert (plan.start_year, plan.end_year) == (2026, 2027)
    assert len(plan.goals[0].findings) == 3  # the diagnosis's findings behind it
    club = plan.actions[0]
    assert club.title == "Klub Młodych Mam"
    assert club.owner_name == "Anna Nowak"
    assert club.ideas[0].title == "Klub Młodych Mam"
    assert club.ideas[0].status == IdeaStatus.CHOSEN
    assert 0 < club.progress < 100
    assert any(i.achieved for i in club.indicators)
    assert plan.grant.amount_awarded == services.grant_limit() == 1_000_000
    assert plan.grant.contract_number == "SI/2026/014"
    summary = services.budget_summary(plan)
    grant_lines = [line for line in plan.budget_lines if line.source == FundSource.GRANT]
    assert all(line.action_id == club.id for line in grant_lines)
    assert sum(line.amount for line in grant_lines) == 1_000_000
    assert summary.grant_left_to_plan == 0 and not summary.grant_overspent
    # The library's own money, an in-kind room and volunteer hours at the hourly rate.
    for source in (FundSource.OWN, FundSource.IN_KIND, FundSource.VOLUNTEER):
        assert summary.sources[source].planned > 0 and summary.sources[source].spent > 0
    volunteer = next(line for line in plan.budget_lines if line.source == FundSource.VOLUNTEER)
    assert volunteer.unit_cost == services.hourly_rate()
    # Expenses with invoices, some with a real receipt file in the zone's upload folder.
    expenses = list(db.session.scalars(select(Expense).where(Expense.plan_id == plan.id)))
    assert len(expenses) >= 10
    assert all(expense.document_number for expense in expenses)
    receipts = [expense.receipt for expense in expenses if expense.receipt is not None]
    assert {receipt.content_type for receipt in receipts} >= {"application/pdf"}
    for receipt in receipts:
        path = Path(app.config["UPLOAD_FOLDER"]) / str(plan.zone_id) / receipt.stored_name
        data = path.read_bytes()
        assert len(data) == receipt.size
        assert data.startswith(
            b"%PDF-" if receipt.content_type == "application/pdf" else b"\x89PNG"
        )
    report = db.session.scalar(select(Report).where(Report.plan_id == plan.id))
    assert report.status == ReportStatus.SUBMITTED
    assert (report.period_start.isoformat(), report.period_end.isoformat()) == (
        "2026-03-01",
        "2026-06-30",
    )


def test_kwidzyns_partial_report_was_submitted_with_its_figures_frozen(app):
    load_demo()
    db.session.commit()
    plan = zone_plan("kwidzyn")
    report = db.session.scalar(select(Report).where(Report.plan_id == plan.id))
    assert report.status == ReportStatus.SUBMITTED and report.submitted_at is not None
    assert report.snapshot is not None  # frozen through the reports' own submit
    assert report.submitted_by is not None  # the demo librarian
    assert submit_problems(report.snapshot) == []
    # Part II: what was spent in March–June, by source, as the expenses of that period say.
    expenses = list(db.session.scalars(select(Expense).where(
        Expense.plan_id == plan.id,
        Expense.spent_on.between(report.period_start, report.period_end),
    )))  # fmt: skip
    money = report.snapshot["money"]
    spent = {row["source"]: row["this_period"] for row in money["sources"]}
    assert spent["grant"] == sum(e.amount for e in expenses if e.paid_from == FundSource.GRANT)
    assert money["documents_total"] == sum(e.amount for e in expenses)
    assert sorted(d["document_number"] for d in money["documents"]) == sorted(
        e.document_number for e in expenses
    )
    assert money["total"]["this_period"] >= money["documents_total"]  # with in-kind and hours
    assert money["awarded"] == plan.grant.amount_awarded
    # The frozen figures stay when an expense is entered late.
    line = next(line for line in plan.budget_lines if line.source == FundSource.GRANT)
    db.session.add(Expense(plan_id=plan.id, budget_line=line, spent_on=report.period_end,
                           amount=100, supplier="Sklep", document_number="FV/1",
                           paid_from=FundSource.GRANT.value))  # fmt: skip
    db.session.commit()
    assert services.report_figures(report)["money"]["documents_total"] == money["documents_total"]


def test_three_more_zones_have_the_programmes_examples_as_published_plans(app):
    load_demo()
    db.session.commit()
    for slug, action in (
        ("jarocin", "Kalendarz miejski w internecie"),
        ("oswiecim", "Internetowe radio OIL"),
        ("nowy-tomysl", "Strefa NGO w bibliotece"),
    ):
        plan = zone_plan(slug)
        assert plan.is_published, slug
        # Oświęcim and Nowy Tomyśl adopted one more action each from the catalogue.
        assert plan.goals and 2 <= len(plan.actions) <= 4
        assert plan.actions[0].title == action
        assert plan.grant.amount_awarded <= services.grant_limit()
        summary = services.budget_summary(plan)
        assert summary.grant_planned == plan.grant.amount_awarded
        assert any(a.progress > 0 for a in plan.actions)


def test_loading_the_demo_twice_makes_each_plan_once(app):
    load_demo()
    load_demo()
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Plan)) == 4
    assert db.session.scalar(select(func.count()).select_from(Report)) == 1
    assert db.session.scalar(select(func.count()).select_from(Attachment)) >= 2


def test_the_demo_plan_through_the_api(app, client):
    load_demo()
    db.session.commit()
    body = client.get("/api/v1/zones/kwidzyn/plan").get_json()
    club = body["actions"][0]
    assert club["title"] == "Klub Młodych Mam" and club["ideas"]
    assert body["budget"]["sources"]["grant"]["planned_pln"] == "10000.00"
    text = client.get("/api/v1/zones/kwidzyn/plan").get_data(as_text=True)
    assert "FV/2026/03/0412" not in text and "Smyk" not in text
    reports = client.get("/api/v1/zones/kwidzyn/reports").get_json()["reports"]
    assert [(r["number"], r["status"]) for r in reports] == [(1, "submitted")]
