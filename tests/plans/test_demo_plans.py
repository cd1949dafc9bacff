"""The demo plans: what `flask demo` shows of the chain from diagnosis to a funded action."""

from pathlib import Path

from sqlalchemy import func, select

from app.auth.services import find_user
from app.cafes.models import IdeaStatus
from app.demo import load_demo
from app.extensions import db
from app.plans import services
from app.plans.models import (
    ActionStatus,
    Attachment,
    Expense,
    FundSource,
    Partner,
    PartnerKind,
    Plan,
    Report,
    ReportStatus,
)
from app.plans.reports import submit_problems, visible_to_residents
from app.zones.models import Zone


def zone_plan(slug: str) -> Plan:
    zone = db.session.scalar(select(Zone).where(Zone.slug == slug))
    return services.get_plan(zone)


def test_kwidzyn_has_its_published_plan_with_the_club_funded_by_exactly_the_grant(app, demo):
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


def test_kwidzyns_partial_report_was_submitted_with_its_figures_frozen(demo):
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


def test_three_more_zones_have_the_programmes_examples_as_published_plans(demo):
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
    assert db.session.scalar(select(func.count()).select_from(Plan)) == 12
    assert db.session.scalar(select(func.count()).select_from(Report)) == 7
    assert db.session.scalar(select(func.count()).select_from(Attachment)) >= 2


def row_counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def test_loading_the_demo_again_changes_nothing(app):
    load_demo()
    db.session.commit()
    before = row_counts()
    assert before["plans"] == 12 and before["cafes"] == 4 and before["plan_reports"] == 7
    assert load_demo()["plans"] == 0
    db.session.commit()
    assert row_counts() == before


# The programme's own examples of zone innovations (shared/seeds), as the issue lists them:
# each zone and the title of its plan action.
PROGRAMME_EXAMPLES = [
    ("kwidzyn", "Klub Młodych Mam"),
    ("jarocin", "Kalendarz miejski w internecie"),
    ("oswiecim", "Internetowe radio OIL"),
    ("nowy-tomysl", "Strefa NGO w bibliotece"),
    ("grodzisk-mazowiecki", "Sąsiedzkie pikniki i wieczory na osiedlu"),
    ("krotoszyn", "Klub programowania w bibliotece"),
    ("cieszyn", "Hackathon Cieszyn–Český Těšín"),
    ("piotrkow-trybunalski", "Wakacyjne praktyki w piotrkowskich firmach IT"),
    ("piekary-slaskie", "Akademia Młodego Programisty"),
    ("sucha-beskidzka", "Mentorzy online z branży IT"),
    ("sopot", "Sopockie archiwum wspomnień"),
    ("slupsk", "Scena Strefy: wieczory lokalnych twórców"),
]


def test_every_programme_example_is_an_action_of_a_published_plan(demo):
    for slug, title in PROGRAMME_EXAMPLES:
        plan = zone_plan(slug)
        assert plan is not None and plan.is_published, slug
        action = next((a for a in plan.actions if a.title == title), None)
        assert action is not None, (slug, title)
        assert action.status != ActionStatus.DROPPED and action.goal is not None
        assert action.description and action.indicators and action.milestones
        assert plan.grant.contract_number.startswith("SI/2026/")
        assert services.budget_summary(plan).grant_planned == plan.grant.amount_awarded
        assert plan.grant.amount_awarded <= services.grant_limit()
        # Two partners each from the plan; the county's libraries a zone works with
        # (Kwidzyn's and Nowy Tomyśl's, from the catalogue's demo) come on top.
        partners = select(func.count()).where(
            Partner.zone_id == plan.zone_id, Partner.kind != PartnerKind.LIBRARY.value
        )
        assert db.session.scalar(partners) == 2, slug
    # Towns of every size: from Sucha Beskidzka's 9,000 residents to Słupsk's 91,000.
    populations = [zone_plan(slug).zone.population for slug, _title in PROGRAMME_EXAMPLES]
    assert min(populations) < 10_000 and max(populations) > 90_000


def action_costs(plan: Plan) -> dict[str, int]:
    """Each action's cost in grosze, as its budget lines (every source) add up."""
    return {
        action.title: sum(line.amount for line in plan.budget_lines if line.action_id == action.id)
        for action in plan.actions
    }


def test_the_demo_actions_cost_up_to_2000_between_2000_and_5000_and_more(demo):
    costs = {}
    for slug, _title in PROGRAMME_EXAMPLES:
        costs.update(action_costs(zone_plan(slug)))
    bands = {
        "up to 2,000": [c for c in costs.values() if 0 < c <= 200_000],
        "2,000-5,000": [c for c in costs.values() if 200_000 < c <= 500_000],
        "over 5,000": [c for c in costs.values() if c > 500_000],
    }
    assert all(len(found) >= 4 for found in bands.values()), bands
    assert costs["Rozmowy z informatykami stąd"] == 160_000
    assert costs["Hackathon Cieszyn–Český Těšín"] == 455_000  # with the lent room
    assert costs["Pracownia robotyki i druku 3D"] == 990_000


def test_the_demo_actions_are_planned_in_progress_done_and_one_dropped_with_its_reason(demo):
    actions = [a for slug, _title in PROGRAMME_EXAMPLES for a in zone_plan(slug).actions]
    assert {a.state for a in actions} == set(ActionStatus)
    dropped = next(a for a in actions if a.title == "Wyjazd na targi pracy IT w Łodzi")
    assert dropped.state == ActionStatus.DROPPED and "internetu" in dropped.drop_reason
    fair = next(a for a in actions if a.title == "Pracownia robotyki i druku 3D")
    assert fair.progress == 100 and all(i.achieved >= i.target for i in fair.indicators)


FALLBACK = "Działanie jeszcze trwa."  # the demo's words where a report has none of its own


def test_the_demo_reports_tell_what_the_zones_achieved(demo):
    coordinator = find_user("koordynator@strefy.example.org")
    frozen = {}
    for slug in ("jarocin", "nowy-tomysl", "krotoszyn", "cieszyn", "sopot", "slupsk"):
        plan = zone_plan(slug)
        (report,) = db.session.scalars(select(Report).where(Report.plan_id == plan.id))
        assert report.is_frozen and visible_to_residents(report, plan), slug
        assert submit_problems(report.snapshot) == []
        words = [a["achieved"] for a in report.snapshot["actions"] if a["achieved"]]
        assert words and all(len(w) > 40 for w in words), slug
        # Every indicator below 80% of its target is explained in the librarian's words.
        for action in report.snapshot["actions"]:
            for indicator in action["indicators"]:
                if indicator["needs_explanation"]:
                    assert indicator["explanation"] != FALLBACK, indicator["name"]
        # Part II: the invoices paid in the period.
        assert report.snapshot["money"]["documents_total"] > 0, slug
        frozen[slug] = report
    accepted = [slug for slug, r in frozen.items() if r.state == ReportStatus.ACCEPTED]
    assert sorted(accepted) == ["cieszyn", "nowy-tomysl", "slupsk"]
    for slug in accepted:
        assert frozen[slug].reviewed_by == coordinator and frozen[slug].reviewed_at is not None
    calendar = frozen["jarocin"].snapshot["actions"][0]
    assert calendar["title"] == "Kalendarz miejski w internecie"
    assert "184 wydarzenia" in calendar["achieved"] and calendar["participants"] == 17


def test_the_residents_ideas_and_findings_behind_the_examples(demo):
    for slug, title, idea in (
        ("jarocin", "Kalendarz miejski w internecie",
         "Jeden kalendarz wszystkich wydarzeń w mieście"),
        ("grodzisk-mazowiecki", "Sąsiedzkie pikniki i wieczory na osiedlu",
         "Poznajmy sąsiadów: piknik na podwórku"),
        ("krotoszyn", "Klub programowania w bibliotece", "Klub programowania w bibliotece"),
    ):  # fmt: skip
        action = next(a for a in zone_plan(slug).actions if a.title == title)
        assert [i.title for i in action.ideas] == [idea], slug
        assert action.ideas[0].status == IdeaStatus.CHOSEN
        assert action.ideas[0].board.cafe.zone.slug == slug
    for slug, words in (("jarocin", "informacje o wydarzeniach"),
                        ("grodzisk-mazowiecki", "nie ma gdzie spotkać")):  # fmt: skip
        action = zone_plan(slug).actions[0]
        (finding,) = action.findings
        assert words in finding.text and finding.figure.endswith("%")
        assert finding in zone_plan(slug).goals[0].findings


def test_an_accepted_report_through_the_api(demo, client):
    reports = client.get("/api/v1/zones/cieszyn/reports").get_json()["reports"]
    assert [(r["number"], r["status"]) for r in reports] == [(1, "accepted")]
    body = client.get("/api/v1/zones/piotrkow-trybunalski/plan").get_json()
    statuses = {a["title"]: a["status"] for a in body["actions"]}
    assert statuses["Wyjazd na targi pracy IT w Łodzi"] == "dropped"


def test_the_demo_plan_through_the_api(demo, client):
    body = client.get("/api/v1/zones/kwidzyn/plan").get_json()
    club = body["actions"][0]
    assert club["title"] == "Klub Młodych Mam" and club["ideas"]
    assert body["budget"]["sources"]["grant"]["planned_pln"] == "10000.00"
    text = client.get("/api/v1/zones/kwidzyn/plan").get_data(as_text=True)
    assert "FV/2026/03/0412" not in text and "Smyk" not in text
    reports = client.get("/api/v1/zones/kwidzyn/reports").get_json()["reports"]
    assert [(r["number"], r["status"]) for r in reports] == [(1, "submitted")]


def test_every_demo_plan_and_report_reads_on_its_pages(app, client, login_as):
    load_demo()
    db.session.commit()
    for slug, title in PROGRAMME_EXAMPLES:
        html = client.get(f"/zones/{slug}/plan").get_data(as_text=True)
        assert title in html, slug
    login_as("coordinator")
    for slug in ("jarocin", "cieszyn", "sopot", "slupsk"):
        page = client.get(f"/zones/{slug}/plan/reports/1")
        assert page.status_code == 200, slug
        assert client.get(f"/zones/{slug}/plan/reports/1/print").status_code == 200
        assert client.get(f"/zones/{slug}/plan/budget").status_code == 200
    html = client.get("/zones/jarocin/plan/reports/1").get_data(as_text=True)
    assert "184 wydarzenia" in html and "FV/2026/06/018" in html
