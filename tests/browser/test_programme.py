"""The coordinator reads the programme view on a desktop, in Polish and in English: the
reports waiting for review, the network's figures, the zones by stage, the zones' table
sorted by a column's header; no accessibility violations (axe). On a phone the page
reflows and only the table scrolls sideways, in its own region."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.plans.models import Plan, Report, ReportStatus
from app.zones.models import Zone
from tests.browser.helpers import LANDING, LOCALES, PHONE, TIMEOUT_MS
from tests.browser.layout import assert_reflows

COORDINATOR = ("koordynator@strefy.example.org", "demo-koordynator")
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
WORDS = {
    "pl": {"title": "Program", "review": "Tabela sprawozdań do oceny",
           "awarded": "Dotacja przyznana", "table": "Tabela stref"},
    "en": {"title": "Programme", "review": "Table of reports to review",
           "awarded": "Grant awarded", "table": "Table of zones"},
}  # fmt: skip


def reports_to_review() -> list[str]:
    """The demo's submitted reports' addresses, the oldest submission first."""
    rows = db.session.execute(
        select(Zone.slug, Report.number)
        .join(Plan, Plan.zone_id == Zone.id)
        .join(Report, Report.plan_id == Plan.id)
        .where(Report.status == ReportStatus.SUBMITTED.value)
        .order_by(Report.submitted_at, Report.id)
    )
    return [f"/zones/{slug}/plan/reports/{number}" for slug, number in rows]


def open_as_coordinator(browser, live_server, lang: str, device: dict):
    accept = f"{LOCALES[lang]},{lang};q=0.9"
    context = browser.new_context(
        **device, base_url=live_server, locale=LOCALES[lang],
        extra_http_headers={"Accept-Language": accept},
    )  # fmt: skip
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto("/login")
    page.locator("#email").fill(COORDINATOR[0])
    page.locator("#password").fill(COORDINATOR[1])
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(LANDING[lang])
    return context, page


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_the_coordinator_reads_and_sorts_the_programme_on_a_desktop(
    browser, live_server, axe_check, demo, lang
):
    words = WORDS[lang]
    context, page = open_as_coordinator(browser, live_server, lang, DESKTOP)
    try:
        page.get_by_role("navigation", name="Menu główne" if lang == "pl" else "Main menu") \
            .get_by_role("link", name=words["title"], exact=True).click()  # fmt: skip
        expect(page.get_by_role("heading", level=1)).to_have_text(words["title"])
        review = page.get_by_role("region", name=words["review"])
        waiting = reports_to_review()
        assert "/zones/kwidzyn/plan/reports/1" in waiting
        expect(review.locator("tbody tr")).to_have_count(len(waiting))
        for row, href in zip(review.locator("tbody tr").all(), waiting, strict=True):
            expect(row.get_by_role("link")).to_have_attribute("href", href)
        zones = page.get_by_role("region", name=words["table"])
        expect(zones.locator("tbody tr")).to_have_count(25)
        axe_check(page)

        header = zones.locator("thead th", has_text=words["awarded"])
        header.get_by_role("link").click()  # the largest award first
        expect(header).to_have_attribute("aria-sort", "descending")
        first = zones.locator("tbody tr").first.locator("td").nth(5)
        expect(first).to_contain_text("10 000,00 zł" if lang == "pl" else "PLN\u00a010,000.00")
        header.get_by_role("link").click()  # and back
        expect(header).to_have_attribute("aria-sort", "ascending")
        expect(zones.locator("tbody tr").first.locator("td").nth(5)).to_have_text("–")
        axe_check(page)
    finally:
        context.close()


def test_the_programme_reflows_on_a_phone(browser, live_server, axe_check, demo):
    context, page = open_as_coordinator(browser, live_server, "pl", PHONE)
    try:
        page.goto("/network/programme")
        expect(page.get_by_role("heading", level=1)).to_have_text("Program")
        assert_reflows(page)
        scroller = page.get_by_role("region", name="Tabela stref")
        widths = scroller.evaluate("box => [box.scrollWidth, box.clientWidth]")
        assert widths[0] > widths[1]  # the table scrolls in its own box, not the page
        axe_check(page)
    finally:
        context.close()
