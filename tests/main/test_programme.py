"""The programme view (/network/programme): every zone and where it stands, for the
coordinator, and read-only for officials across their zones. Its figures are checked
against their sources on the demo network (the plans' budget summaries and reports), its
totals against its rows, and its filters, order and downloads as a reader uses them."""

import csv
import io
import re
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.auth.models import Role, User
from app.auth.services import grant_role
from app.core.money import format_money
from app.core.time import utcnow
from app.extensions import db
from app.main.services import survey_totals
from app.plans import services as plans
from app.plans.models import ActionStatus, Plan, PlanStatus, Report, ReportStatus
from app.plans.reports import plan_reports
from app.surveys.models import Survey, SurveyStatus
from app.zones.models import Zone

PAGE = "/network/programme"
COORDINATOR = "koordynator@strefy.example.org"
OFFICIAL = "urzednik@kwidzyn.example.org"


@pytest.fixture
def demo(demo, app, client):
    """The demo network, read in English (the CSV's headers are the page's words)."""
    client.set_cookie(app.config["LANGUAGE_COOKIE"], "en")


def sign_in(client, email: str) -> User:
    user = db.session.scalar(select(User).where(User.email == email))
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    return user


def zone_named(slug: str) -> Zone:
    return db.session.scalar(select(Zone).where(Zone.slug == slug))


def table(client, query: str = "") -> list[dict[str, str]]:
    """The download's rows (standard CSV), each by the header's words."""
    response = client.get(f"{PAGE}.csv?dialect=standard{'&' + query if query else ''}")
    assert response.status_code == 200
    text = response.get_data(as_text=True).lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


def towns(page: str) -> list[str]:
    """The towns of the zones' table, in the page's order."""
    return re.findall(r'<tr id="zone-[^"]+">\s*<th scope="row"><a href="[^"]+">([^<]+)</a>', page)


def money(grosze: int) -> str:
    """An amount as the English page writes it."""
    return format_money(grosze, "en")


def zloty(grosze: int) -> str:
    return f"{grosze / 100:.2f}"


@pytest.mark.parametrize("slug", ["kwidzyn", "jarocin"])
def test_a_zones_figures_are_its_plans_budget_summary_and_reports(client, demo, slug):
    sign_in(client, COORDINATOR)
    zone = zone_named(slug)
    plan = plans.get_plan(zone)
    summary = plans.budget_summary(plan)
    reports = plan_reports(plan)
    surveys = db.session.scalars(
        select(Survey.id).where(Survey.zone_id == zone.id, Survey.status != SurveyStatus.DRAFT)
    ).all()
    row = next(r for r in table(client) if r["Town"] == zone.town)
    assert row["Plan"] == "published" and row["Stage"] == "carrying out the plan"
    assert row["Grant awarded (zł)"] == zloty(summary.awarded)
    assert row["Grant spent (zł)"] == zloty(summary.grant_spent)
    assert row["Grant limit (zł)"] == zloty(plans.grant_limit())
    assert row["Responses"] == str(sum(survey_totals(list(surveys)).values()))
    statuses = [report.status for report in reports]
    assert row["Reports to review"] == str(statuses.count(ReportStatus.SUBMITTED))
    assert row["Reports accepted"] == str(statuses.count(ReportStatus.ACCEPTED))
    assert row["Reports returned"] == str(statuses.count(ReportStatus.RETURNED))
    assert row["Actions"] == str(len(plan.actions))
    assert row["Actions done"] == str(sum(a.status == ActionStatus.DONE for a in plan.actions))
    # The page says the same, in the reader's money.
    page = client.get(PAGE).get_data(as_text=True)
    cells = page.split(f'<tr id="zone-{slug}">', 1)[1].split("</tr>", 1)[0]
    assert money(summary.awarded) in cells
    assert money(summary.grant_spent) in cells


def test_kwidzyn_spends_part_of_its_grant_and_has_a_report_to_review(client, demo):
    sign_in(client, COORDINATOR)
    row = next(r for r in table(client) if r["Town"] == "Kwidzyn")
    assert 0 < float(row["Spent of awarded (%)"]) < 100
    assert row["Reports to review"] == "1"  # the demo's submitted report
    assert int(row["Ideas"]) > 0 and int(row["Cafés held"]) >= 1


def test_the_totals_are_the_sum_of_the_rows(client, demo):
    sign_in(client, COORDINATOR)
    rows = table(client)
    assert len(rows) == db.session.query(Zone).count()
    awarded = sum(round(float(r["Grant awarded (zł)"]) * 100) for r in rows)
    spent = sum(round(float(r["Grant spent (zł)"]) * 100) for r in rows)
    responses = sum(int(r["Responses"]) for r in rows)
    ideas = sum(int(r["Ideas"]) for r in rows)
    done = sum(int(r["Actions done"]) for r in rows)
    actions = sum(int(r["Actions"]) for r in rows)
    page = client.get(PAGE).get_data(as_text=True)
    network = page.split('id="network-title"', 1)[1].split("</dl>", 1)[0]
    footer = page.split("<tfoot>", 1)[1].split("</tfoot>", 1)[0]
    for part in (network, footer):
        assert money(awarded) in part and money(spent) in part
        assert f"{done} of {actions}" in part
    assert f"<dt>Survey responses</dt><dd>{responses:,}</dd>" in network
    assert f"<dt>Residents' ideas</dt><dd>{ideas:,}</dd>" in network
    assert f"{responses:,} responses" in footer
    chart = page.split('id="money-title"', 1)[1].split("</figure>", 1)[0]
    assert f">{money(awarded)}</span>" in chart and f">{money(spent)}</span>" in chart


def test_an_official_sees_only_their_zones_read_only(client, demo):
    sign_in(client, OFFICIAL)
    page = client.get(PAGE).get_data(as_text=True)
    assert towns(page) == ["Kwidzyn"]
    assert "Jarocin" not in page
    assert "Reports waiting for your review" not in page  # the coordinator's list
    assert "Your zones in figures" in page
    assert [r["Town"] for r in table(client)] == ["Kwidzyn"]
    sheet = load_workbook(io.BytesIO(client.get(f"{PAGE}.xlsx").data)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Kwidzyn"]
    assert 'href="/network/programme">Programme</a>' in page  # in the menu


def test_a_librarian_who_is_an_official_elsewhere_sees_only_that_zone(client, demo):
    librarian = sign_in(client, "bibliotekarka@kwidzyn.example.org")
    grant_role(librarian, zone_named("jarocin"), Role.OFFICIAL)
    db.session.commit()
    assert towns(client.get(PAGE).get_data(as_text=True)) == ["Jarocin"]
    assert [r["Town"] for r in table(client)] == ["Jarocin"]


def test_a_librarian_may_not_and_the_menu_does_not_offer_it(client, demo):
    sign_in(client, "bibliotekarka@kwidzyn.example.org")
    assert client.get(PAGE).status_code == 403
    assert client.get(f"{PAGE}.csv").status_code == 403
    assert 'href="/network/programme"' not in client.get("/work").get_data(as_text=True)


def test_filters_keep_the_zones_asked_for(client, demo):
    sign_in(client, COORDINATOR)
    published = set(
        db.session.scalars(
            select(Zone.town)
            .join(Plan, Plan.zone_id == Zone.id)
            .where(Plan.status == PlanStatus.PUBLISHED)
        )
    )
    page = client.get(f"{PAGE}?stage=carrying_out").get_data(as_text=True)
    assert set(towns(page)) == published
    assert f"{len(published)} of 25 zones shown." in page
    assert {r["Town"] for r in table(client, "stage=carrying_out")} == published
    in_review = set(
        db.session.scalars(
            select(Zone.town)
            .join(Plan, Plan.zone_id == Zone.id)
            .join(Report, Report.plan_id == Plan.id)
            .where(Report.status == ReportStatus.SUBMITTED.value)
        )
    )
    assert "Kwidzyn" in in_review and len(in_review) < len(published)
    assert set(towns(client.get(f"{PAGE}?show=review").get_data(as_text=True))) == in_review
    pomorskie = {z.town for z in db.session.scalars(select(Zone).where(Zone.region == "pomorskie"))}
    assert set(towns(client.get(f"{PAGE}?region=pomorskie").get_data(as_text=True))) == pomorskie
    none = client.get(f"{PAGE}?region=pomorskie&stage=completed").get_data(as_text=True)
    assert "No zone matches these filters." in none and towns(none) == []


def test_sorting_by_a_column_and_back(client, demo):
    sign_in(client, COORDINATOR)
    rows = table(client)
    awarded = {r["Town"]: float(r["Grant awarded (zł)"]) for r in rows}
    page = client.get(f"{PAGE}?sort=awarded&dir=desc").get_data(as_text=True)
    shown = towns(page)
    assert [awarded[t] for t in shown] == sorted(awarded.values(), reverse=True)
    header = r'<th scope="col" class="num" aria-sort="descending">\s*<a href="[^"]*sort=awarded'
    assert re.search(header, page)
    assert page.count("aria-sort=") == 1
    # The header now reverses the order; the download keeps the page's order.
    assert "sort=awarded&amp;dir=asc" in page
    assert [r["Town"] for r in table(client, "sort=awarded&dir=desc")] == shown
    ascending = towns(client.get(f"{PAGE}?sort=awarded&dir=asc").get_data(as_text=True))
    assert [awarded[t] for t in ascending] == sorted(awarded.values())


@pytest.mark.parametrize(
    "query",
    [
        "sort=<script>&dir=sideways",
        "stage=nonsense&show=everything&region=Atlantyda",
        "sort=__class__&dir=desc",
        "region=" + "x" * 5000,
        "stage=diagnosis&stage=completed",
    ],
)
def test_unknown_parameters_give_the_unfiltered_page(client, demo, query):
    sign_in(client, COORDINATOR)
    response = client.get(f"{PAGE}?{query}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    if "stage=diagnosis" not in query:
        assert len(towns(page)) == 25 and "<script>" not in page
    assert client.get(f"{PAGE}.csv?{query}").status_code == 200


def test_a_nul_in_the_query_is_refused_and_an_unknown_format_is_not_found(client, demo):
    sign_in(client, COORDINATOR)
    assert client.get(f"{PAGE}?region=%00").status_code == 400
    assert client.get(f"{PAGE}.json").status_code == 404


def test_reports_waiting_for_review_are_listed_oldest_first(client, demo):
    sign_in(client, COORDINATOR)
    jarocin = plans.get_plan(zone_named("jarocin"))
    today = utcnow().date()
    db.session.add(
        Report(
            plan_id=jarocin.id, number=9, period_start=today - timedelta(days=90),
            period_end=today - timedelta(days=1), status=ReportStatus.SUBMITTED.value,
            snapshot={}, submitted_at=utcnow() - timedelta(days=400),
        )
    )  # fmt: skip
    db.session.commit()
    page = client.get(PAGE).get_data(as_text=True)
    listed = page.split('id="review-title"', 1)[1].split("</section>", 1)[0]
    links = re.findall(r'href="(/zones/[^"]+/plan/reports/\d+)"', listed)
    waiting = db.session.execute(
        select(Zone.slug, Report.number, Report.submitted_at)
        .join(Plan, Plan.zone_id == Zone.id)
        .join(Report, Report.plan_id == Plan.id)
        .where(Report.status == ReportStatus.SUBMITTED.value)
    ).all()
    assert len(waiting) > 2  # the demo's submitted reports, and the one above
    oldest_first = sorted(waiting, key=lambda row: row.submitted_at)
    assert links == [f"/zones/{row.slug}/plan/reports/{row.number}" for row in oldest_first]
    assert links[0] == "/zones/jarocin/plan/reports/9"
    review = client.get(links[1]).get_data(as_text=True)
    assert "Accept" in review  # the coordinator's review page
