"""The privacy notice and an idea's withdrawal on a phone, in Polish and English: axe-clean,
no sideways scrolling, and the withdrawal goes through its confirmation."""

import pytest
from playwright.sync_api import expect

from app.cafes.models import IdeaStatus
from app.cafes.participation import follow_hash
from app.extensions import db
from tests.browser.layout import assert_reflows
from tests.cafes.factories import add_idea, plan_cafe

TOKEN = "browser-test-follow-token-0123456789"
CONFIRM = {"pl": "Tak, wycofaj mój pomysł", "en": "Yes, withdraw my idea"}


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_the_privacy_notice_on_a_phone(phone, axe_check, zone, lang):
    page = phone(lang)
    page.goto("/zones/kwidzyn/privacy")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("heading", level=2).first).to_be_visible()
    assert_reflows(page, f"privacy notice ({lang})")
    axe_check(page)


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_withdrawing_an_idea_on_a_phone(phone, axe_check, zone, lang):
    board = plan_cafe(zone).boards[0]
    idea = add_idea(board, title="Klub planszówek", follow_hash=follow_hash(TOKEN))
    page = phone(lang)
    page.goto(f"/i/{TOKEN}/withdraw")
    button = page.get_by_role("button", name=CONFIRM[lang])
    expect(button).to_be_visible()
    assert_reflows(page, f"withdrawal confirmation ({lang})")
    axe_check(page)
    button.click()
    page.wait_for_url(f"**/i/{TOKEN}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Klub planszówek")
    db.session.commit()
    db.session.refresh(idea)
    assert idea.status == IdeaStatus.WITHDRAWN
    axe_check(page)
