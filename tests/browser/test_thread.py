"""The plan's thread in a real browser: its Sankey diagram drawn under the strict CSP when
it comes near the screen, the nested lists accessible, nothing logged as an error."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.cafes.models import VISIBLE_STATUSES, Cafe, Idea
from app.dashboards.models import Finding
from app.extensions import db
from app.plans.models import Plan
from app.surveys.models import Survey
from app.zones.models import Zone
from tests.plans.factories import add_action, make_plan


@pytest.fixture
def thread(demo) -> str:
    """Kwidzyn's published plan: two actions carrying out the café's ideas and answering
    the diagnosis's findings (its results made public)."""
    zone = db.session.scalar(select(Zone).where(Zone.slug == "kwidzyn"))
    survey = db.session.scalar(select(Survey).where(Survey.zone_id == zone.id))
    survey.results_public = True
    if db.session.scalar(select(Plan).where(Plan.zone_id == zone.id)) is not None:
        db.session.commit()  # the demo's own plan (its first action: Klub Młodych Mam)
        return "/zones/kwidzyn/plan/thread"
    findings = db.session.scalars(select(Finding).where(Finding.survey_id == survey.id)).all()
    cafe = db.session.scalar(select(Cafe).where(Cafe.zone_id == zone.id))
    cafe.findings.append(findings[0])
    ideas = db.session.scalars(
        select(Idea).where(Idea.zone_id == zone.id, Idea.status.in_(VISIBLE_STATUSES),
                           Idea.hidden.is_(False)).order_by(Idea.id).limit(3)
    ).all()  # fmt: skip
    db.session.commit()
    plan = make_plan(zone)
    first, second = add_action(plan, "Klub Młodych Mam"), add_action(plan, "Kącik malucha")
    first.ideas.extend(ideas[:2])
    first.findings.append(findings[0])
    second.ideas.append(ideas[2])
    second.findings.extend(findings[1:])
    plan.status = "published"
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
