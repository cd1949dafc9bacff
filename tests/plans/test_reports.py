"""Progress reports: the figures filled from the plan and its money, the rules of
submitting (explanations below 80%, the statements), freezing, the coordinator's review,
who reads what, the A4 print and Part II as a spreadsheet."""

import html
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from app.audit.models import AuditEntry
from app.extensions import db
from app.plans import services
from app.plans.models import (
    Attachment,
    Contribution,
    CostCategory,
    Expense,
    FundSource,
    Report,
    ReportStatus,
)
from app.plans.reports import STATEMENTS, _shares
from tests.dashboards.helpers import counting_queries
from tests.plans.factories import add_action, add_expense, add_line, add_report, make_plan

pytestmark = pytest.mark.usefixtures("english")


def url(report: Report, suffix: str = "") -> str:
    return f"/zones/{report.plan.zone.slug}/plan/reports/{report.number}{suffix}"


def ready_texts(plan) -> dict:
    """Words that let a report be submitted: every indicator explained, every statement."""
    return {
        "actions": {
            str(a.id): {"achieved": "Spotkania się odbyły.", "participants": 40, "lasting": "Klub"}
            for a in plan.actions
        },
        "indicators": {str(i.id): "Zima." for a in plan.actions for i in a.indicators},
        "additional": "Dziękujemy wolontariuszom.",
        "statements": list(STATEMENTS),
    }


def money_rows(figures, key):
    """Part II's rows by category or by source."""
    rows = figures["money"]["categories" if key == "category" else "sources"]
    return {row[key]: row for row in rows}


@pytest.fixture
def spending(plan):
    """A task line from the grant and an admin line of own money, with expenses before,
    in and after the report's period (April to June 2026)."""
    task = add_line(plan, 100_000, quantity=3, action=plan.actions[0], description="Warsztaty")
    admin = add_line(plan, 50_000, source=FundSource.OWN, category=CostCategory.ADMIN)
    add_expense(task, 20_000, spent_on=date(2026, 3, 15), document_number="FV/1/2026")
    add_expense(task, 30_000, spent_on=date(2026, 4, 10), document_number="FV/2/2026")
    add_expense(admin, 5_000, spent_on=date(2026, 6, 30), paid_from=FundSource.OWN,
                document_number="R/7/2026", supplier="Drukarnia", note="plakaty")  # fmt: skip
    add_expense(task, 99_000, spent_on=date(2026, 7, 1), document_number="FV/9/2026")
    db.session.add(
        Contribution(plan_id=plan.id, budget_line_id=task.id, kind="volunteer",
                     given_on=date(2026, 5, 5), description="Prowadzenie", hours=10,
                     hourly_rate=5_000, value=50_000)
    )  # fmt: skip
    db.session.commit()
    return task, admin


def test_figures_are_filled_from_the_plan_and_the_expenses_earlier_and_in_this_period(
    plan, spending
):
    report = add_report(plan)
    figures = services.report_figures(report)
    categories = money_rows(figures, "category")
    assert categories["task"]["planned"] == 300_000
    assert categories["task"]["earlier"] == 20_000
    assert categories["task"]["this_period"] == 30_000 + 50_000  # with the volunteer work
    assert categories["admin"] == categories["admin"] | {
        "planned": 50_000, "earlier": 0, "this_period": 5_000, "total": 5_000,
    }  # fmt: skip
    sources = money_rows(figures, "source")
    assert sources["grant"]["this_period"] == 30_000 and sources["grant"]["earlier"] == 20_000
    assert sources["own"]["this_period"] == 5_000
    assert sources["volunteer"]["this_period"] == 50_000
    assert figures["money"]["total"]["total"] == 105_000  # July's expense is not in it
    documents = figures["money"]["documents"]
    assert [(d["number"], d["document_number"]) for d in documents] == [
        (1, "FV/2/2026"), (2, "R/7/2026"),
    ]  # fmt: skip
    assert documents[0]["budget_line"] == "Warsztaty" and documents[0]["from_grant"] == 30_000
    assert documents[1]["from_grant"] == 0
    assert [a["number"] for a in figures["actions"]] == [1, 2]
    assert figures["actions"][0]["indicators"][0]["target"] == 12


def test_earlier_spending_is_what_earlier_submitted_reports_froze(
    plan, spending, login_as, client, post_form
):
    task, _admin = spending
    first = add_report(plan, period_start=date(2026, 3, 1), period_end=date(2026, 3, 31),
                       texts=ready_texts(plan))  # fmt: skip
    login_as("librarian")
    assert post_form(url(first, "/submit"), page=url(first)).status_code == 302
    add_expense(task, 7_000, spent_on=date(2026, 3, 20))  # entered late, after submitting
    second = add_report(plan)
    categories = money_rows(services.report_figures(second), "category")
    assert categories["task"]["earlier"] == 20_000  # as the first report said


def test_shares_by_source_add_up_to_exactly_100_per_cent(plan):
    assert _shares([100, 100, 100]) == ["33.4", "33.3", "33.3"]
    assert _shares([0, 0]) == [None, None]
    line = add_line(plan, 10_000)
    own = add_line(plan, 20_000, source=FundSource.OWN)
    add_expense(line, 1_000, spent_on=date(2026, 5, 1))
    add_expense(own, 1_000, spent_on=date(2026, 5, 2), paid_from=FundSource.OWN)
    db.session.add(Contribution(plan_id=plan.id, kind="in_kind", given_on=date(2026, 5, 3),
                                description="Sala", value=1_000))  # fmt: skip
    db.session.commit()
    sources = services.report_figures(add_report(plan))["money"]["sources"]
    assert sum(Decimal(row["total_share"]) for row in sources) == Decimal(100)
    assert sum(Decimal(row["planned_share"]) for row in sources) == Decimal(100)


def test_an_indicator_below_80_per_cent_needs_an_explanation_to_submit(
    plan, login_as, client, post_form
):
    indicator = plan.actions[0].indicators[0]
    indicator.achieved = 9  # 75% of 12
    plan.actions[1].indicators[0].achieved = 12
    texts = ready_texts(plan)
    texts["indicators"] = {}
    report = add_report(plan, texts=texts)
    login_as("librarian")
    response = post_form(url(report, "/submit"), page=url(report))
    assert response.status_code == 422
    page = html.unescape(response.get_data(as_text=True))
    assert 'Action 1, indicator "Uczestnicy spotkań"' in page
    assert "Action 2, indicator" not in page  # reached its target
    assert db.session.get(Report, report.id).status == ReportStatus.DRAFT
    form = {f"i{indicator.id}_explanation": "Zimą mniej osób przychodziło.",
            "statements": list(STATEMENTS)}  # fmt: skip
    assert post_form(url(report, "/edit"), form).status_code == 302
    assert post_form(url(report, "/submit"), page=url(report)).status_code == 302
    db.session.expire_all()
    report = db.session.get(Report, report.id)
    assert report.status == ReportStatus.SUBMITTED
    assert report.snapshot["actions"][0]["indicators"][0]["explanation"].startswith("Zimą")


def test_submitting_without_the_statements_is_refused(plan, login_as, post_form):
    texts = ready_texts(plan)
    texts["statements"] = ["true"]
    report = add_report(plan, texts=texts)
    login_as("librarian")
    response = post_form(url(report, "/submit"), page=url(report))
    assert response.status_code == 422
    assert "Tick every statement" in response.get_data(as_text=True)


def test_a_submitted_report_keeps_its_figures_and_cannot_be_edited(
    plan, spending, login_as, client, post_form
):
    report = add_report(plan, texts=ready_texts(plan))
    librarian = login_as("librarian")
    assert post_form(url(report, "/submit"), page=url(report)).status_code == 302
    page = client.get(url(report)).get_data(as_text=True)
    assert "PLN\u00a0300.00" in page  # this period's task costs
    expense = db.session.scalars(db.select(Expense).where(Expense.amount == 30_000)).one()
    expense.amount = 44_400
    plan.actions[0].title = "Inny tytuł"
    db.session.commit()
    page = client.get(url(report)).get_data(as_text=True)
    assert "PLN\u00a0300.00" in page and "PLN\u00a0444.00" not in page
    assert "Inny tytuł" not in page
    db.session.expire_all()
    report = db.session.get(Report, report.id)
    assert services.report_figures(report) == report.snapshot
    assert report.submitted_by_id == librarian.id and report.submitted_at is not None
    # No more editing: the edit page sends back to the report, and posting changes nothing.
    response = client.get(url(report, "/edit"))
    assert response.status_code == 302 and response.headers["Location"].endswith(url(report))
    post_form(url(report, "/edit"), {"additional": "Zmiana"}, page=url(report))
    db.session.expire_all()
    assert db.session.get(Report, report.id).texts["additional"] == "Dziękujemy wolontariuszom."
    assert "Write the report" not in client.get(url(report)).get_data(as_text=True)


def test_the_coordinator_accepts_or_returns_with_a_comment(plan, login_as, client, post_form):
    report = add_report(plan, texts=ready_texts(plan))
    login_as("librarian")
    post_form(url(report, "/submit"), page=url(report))
    login_as("coordinator")
    response = post_form(url(report, "/return"), {"comment": ""}, page=url(report))
    assert response.status_code == 422
    assert "Say what the library should change." in response.get_data(as_text=True)
    response = post_form(url(report, "/return"), {"comment": "Brak zdjęć."}, page=url(report))
    assert response.status_code == 302
    db.session.expire_all()
    report = db.session.get(Report, report.id)
    assert report.status == ReportStatus.RETURNED and report.review_comment == "Brak zdjęć."
    # Returned: the librarian reads the comment, edits and submits again.
    login_as("librarian")
    page = client.get(url(report)).get_data(as_text=True)
    assert "Brak zdjęć." in page and "Write the report" in page
    assert client.get(url(report, "/edit")).status_code == 200
    assert post_form(url(report, "/submit"), page=url(report)).status_code == 302
    login_as("coordinator")
    assert post_form(url(report, "/accept"), page=url(report)).status_code == 302
    db.session.expire_all()
    assert db.session.get(Report, report.id).status == ReportStatus.ACCEPTED
    actions = db.session.scalars(
        db.select(AuditEntry.action)
        .where(AuditEntry.subject_type == "plan_report", AuditEntry.subject_id == report.id)
        .order_by(AuditEntry.id)
    ).all()
    assert actions == ["report.submit", "report.return", "report.submit", "report.accept"]


def test_an_official_reads_but_cannot_edit_submit_or_review(plan, login_as, client, post_form):
    report = add_report(plan, texts=ready_texts(plan))
    login_as("official")
    page = client.get(url(report)).get_data(as_text=True)
    assert "Part I. Report on the task's actions" in page and "Write the report" not in page
    assert client.get(url(report, "/print")).status_code == 200
    assert client.get(url(report, "/edit")).status_code == 403
    assert post_form(url(report, "/submit"), page=url(report)).status_code == 403
    assert post_form(url(report, "/accept"), page=url(report)).status_code == 403
    assert post_form(url(report, "/return"), {"comment": "x"}, page=url(report)).status_code == 403
    assert client.get(f"/zones/{plan.zone.slug}/plan/reports/new").status_code == 403


def test_another_zones_librarian_is_refused(plan, other_zone, login_as, client, post_form):
    report = add_report(plan, texts=ready_texts(plan))
    login_as("librarian", other_zone)
    assert client.get(url(report, "/edit")).status_code == 403
    assert client.get(url(report, "/print")).status_code == 403
    assert client.get(url(report, "/part-2.xlsx")).status_code == 403
    assert post_form(url(report, "/submit"), page="/login").status_code == 403
    assert client.get(url(report)).status_code == 404  # a draft: not even there


def test_a_librarian_starts_a_numbered_report_for_an_ordered_period(
    plan, login_as, client, post_form
):
    login_as("librarian")
    new = f"/zones/{plan.zone.slug}/plan/reports/new"
    response = post_form(new, {"kind": "partial", "period_start": "2026-06-30",
                               "period_end": "2026-04-01"})  # fmt: skip
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "The period must end on or after the day it starts." in page
    assert 'value="2026-06-30"' in page  # nothing typed lost
    for _n in range(2):
        response = post_form(new, {"kind": "final", "period_start": "2026-04-01",
                                   "period_end": "2026-06-30", "due_on": "2026-07-15"})  # fmt: skip
        assert response.status_code == 302
    numbers = db.session.scalars(db.select(Report.number).where(Report.plan_id == plan.id))
    assert sorted(numbers) == [1, 2]
    listing = client.get(f"/zones/{plan.zone.slug}/plan/reports").get_data(as_text=True)
    assert "Report 2: final report" in listing and "draft" in listing
    assert services.next_report_due(plan).number == 1


def test_the_print_page_is_the_a4_layout(plan, spending, login_as, client):
    report = add_report(plan, texts=ready_texts(plan))
    login_as("librarian")
    response = client.get(url(report, "/print"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Print this page on A4 paper." in page and "site-header" not in page
    assert "data-print hidden>Print</button>" in page and 'src="/static/js/print.js"' in page
    assert "Report on carrying out a public task" in page
    assert "List of accounting documents" in page and "FV/2/2026" in page


def test_part_two_as_xlsx_holds_the_figures(plan, spending, login_as, client):
    report = add_report(plan)
    login_as("official")
    response = client.get(url(report, "/part-2.xlsx"))
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith('"report-1-part-2.xlsx"')
    workbook = load_workbook(io.BytesIO(response.data))
    costs, sources, documents = workbook.worksheets
    rows = list(costs.iter_rows(values_only=True))
    assert rows[1][1:] == (3000, 200, 800, 1000)  # task: planned, earlier, this period, total
    assert costs.cell(row=2, column=2).number_format == "0.00"
    assert rows[-1][0] == "Total" and rows[-1][4] == 1050
    doc_rows = list(documents.iter_rows(values_only=True))
    assert doc_rows[1][:3] == (1, "FV/2/2026", "Warsztaty") and doc_rows[1][6] == 300
    assert doc_rows[2][6] == 50 and doc_rows[2][7] == 0
    share_rows = list(sources.iter_rows(values_only=True))
    assert sum(Decimal(str(row[6])) for row in share_rows[1:]) == 100


def test_residents_read_submitted_reports_of_a_published_plan_without_documents(
    published_plan, login_as, client, post_form
):
    plan = published_plan
    line = add_line(plan, 100_000, description="Warsztaty")
    add_expense(line, 30_000, spent_on=date(2026, 4, 10), document_number="FV/77/2026")
    draft = add_report(plan, texts=ready_texts(plan))
    assert client.get(url(draft)).status_code == 404
    submitted = add_report(plan, texts=ready_texts(plan))
    login_as("librarian")
    post_form(url(submitted, "/submit"), page=url(submitted))
    assert "FV/77/2026" in client.get(url(submitted)).get_data(as_text=True)
    login_as("resident")
    response = client.get(url(submitted))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Part II. Report on the expenses" in page and "PLN\u00a0300.00" in page
    assert "FV/77/2026" not in page and "List of accounting documents" not in page
    assert "Submit the report" not in page
    listing = client.get(f"/zones/{plan.zone.slug}/plan/reports").get_data(as_text=True)
    assert "Report 2" in listing and "Report 1" not in listing
    assert client.get(url(submitted, "/part-2.xlsx")).status_code == 403
    public = services.public_report_figures(db.session.get(Report, submitted.id))
    assert "documents" not in public["money"]


def test_a_draft_plans_reports_are_not_public(plan, client):
    report = add_report(plan)
    assert client.get(f"/zones/{plan.zone.slug}/plan/reports").status_code == 404
    assert client.get(url(report)).status_code == 404


def _queries(client, zone, actions: int) -> int:
    plan = make_plan(zone, actions=actions, awarded=1_000_000)
    line = add_line(plan, 100_000)
    for n in range(actions):
        add_expense(line, 1_000 + n, spent_on=date(2026, 5, 1 + n))
    report = add_report(plan, texts=ready_texts(plan))
    with counting_queries() as statements:
        assert client.get(url(report)).status_code == 200
    return len(statements)


def test_the_report_page_runs_a_fixed_number_of_queries(zone, other_zone, login_as, client):
    login_as("coordinator")
    assert _queries(client, zone, 2) == _queries(client, other_zone, 12)


def test_the_next_report_due_is_the_earliest_unsubmitted(plan):
    assert services.next_report_due(plan) is None
    add_report(plan, due_on=date(2026, 9, 1))
    soon = add_report(plan, due_on=date(2026, 7, 15))
    assert services.next_report_due(plan).number == soon.number


def test_a_report_shows_plan_actions_added_later_while_a_draft(plan):
    report = add_report(plan)
    add_action(plan, "Kino plenerowe")
    db.session.commit()
    figures = services.report_figures(db.session.get(Report, report.id))
    assert figures["actions"][-1]["title"] == "Kino plenerowe"


def test_the_report_shows_the_milestone_photos_chosen(plan, login_as, client, post_form):
    photo = Attachment(zone_id=plan.zone_id, kind="photo", stored_name="abc123.jpg",
                       content_type="image/jpeg", size=10, original_name="spotkanie.jpg",
                       sha256="0" * 64)  # fmt: skip
    plan.actions[0].milestones[0].photo = photo
    db.session.commit()
    report = add_report(plan)
    login_as("librarian")
    edit = client.get(url(report, "/edit")).get_data(as_text=True)
    assert "spotkanie.jpg" in edit
    assert post_form(url(report, "/edit"), {"photo_ids": [photo.id]}).status_code == 302
    page = client.get(url(report)).get_data(as_text=True)
    assert "spotkanie.jpg" in page
    assert services.report_figures(db.session.get(Report, report.id))["photos"] == [
        {"id": photo.id, "name": "spotkanie.jpg"}
    ]


def test_the_report_reads_in_the_sprawozdanies_polish_terms(plan, spending, login_as, client, app):
    client.set_cookie(app.config["LANGUAGE_COOKIE"], "pl")
    report = add_report(plan)
    login_as("librarian")
    page = client.get(url(report)).get_data(as_text=True)
    assert "Część I. Sprawozdanie merytoryczne" in page
    assert "Część II. Sprawozdanie z wykonania wydatków" in page
    assert "Część III. Dodatkowe informacje" in page
    assert "Zestawienie dokumentów księgowych" in page
    assert "300,00\u00a0zł" in page


def test_public_reports_are_the_submitted_ones_of_a_published_plan(plan, login_as, post_form):
    draft = add_report(plan)
    submitted = add_report(plan, texts=ready_texts(plan))
    login_as("librarian")
    post_form(url(submitted, "/submit"), page=url(submitted))
    assert services.public_reports(plan) == []  # the plan is a draft
    services.publish_plan(plan, None)
    db.session.commit()
    assert [r.number for r in services.public_reports(plan)] == [submitted.number]
    assert draft.number not in [r.number for r in services.public_reports(plan)]
