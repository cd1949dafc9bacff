"""The plan's thread in a real browser: its Sankey diagram drawn under the strict CSP when
it comes near the screen, the nested lists accessible, nothing logged as an error."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.surveys.models import Survey
from app.zones.models import Zone


@pytest.fixture
def thread(demo) -> str:
    """Kwidzyn's published demo plan, whose actions carry out the café's ideas and answer
    the diagnosis's findings, with the survey's results made public."""
    zone = db.session.scalar(select(Zone).where(Zone.slug == "kwidzyn"))
    for survey in db.session.scalars(select(Survey).where(Survey.zone_id == zone.id)):
        survey.results_public = True
    db.session.commit()
    return "/zones/kwidzyn/plan/thread"


def test_the_sankey_is_drawn_under_the_csp_and_the_lists_are_accessible(phone, axe_check,
                                                                        thread):  # fmt: skip
    page = phone("pl")
    page.add_init_script(
        """window.cspViolations = [];
        document.addEventListener('securitypolicyviolation', e => window.cspViolations.push(
            e.violatedDirective + ' ' + (e.blockedURI || '')));"""
    )
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(thread)
    expect(page.get_by_role("heading", level=1)).to_have_text("Nić planu")
    page.keyboard.press("Shift")  # the reader acts: until then no plotly.js is fetched
    page.locator("[data-figure]").scroll_into_view_if_needed()
    expect(page.locator("figure.chart-drawn svg .sankey-node").first).to_be_attached(timeout=30_000)
    assert page.locator("figure.chart-drawn svg .sankey-node").count() >= 5
    expect(page.locator("#action-1")).to_contain_text("Klub Młodych Mam")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    axe_check(page)
    assert page.evaluate("window.cspViolations") == []
    assert errors == []
