"""The privacy notice, its editing by the zone's librarian, and an idea's withdrawal on a
phone, in Polish and English: axe-clean, no sideways scrolling, and the edit and the
withdrawal go through."""

import pytest
from playwright.sync_api import expect

from app.cafes.models import IdeaStatus
from app.cafes.participation import follow_hash
from app.extensions import db
from tests.browser.helpers import LANDING
from tests.browser.layout import assert_reflows
from tests.cafes.factories import add_idea, plan_cafe
from tests.factories import make_user
from tests.helpers import PASSWORD

TOKEN = "browser-test-follow-token-0123456789"
ADDRESS = {"pl": "Adres administratora", "en": "Controller's address"}
SAVE = {"pl": "Zapisz", "en": "Save"}
SAVED = {
    "pl": "Informacja o prywatności została zapisana.",
    "en": "The privacy notice has been saved.",
}
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
def test_the_librarian_edits_the_privacy_notice_on_a_phone(phone, axe_check, sign_in, zone, lang):
    librarian = make_user("librarian", zone)
    page = phone(lang)
    page.goto("/login")
    sign_in(page, librarian.email, PASSWORD, lang=lang)
    expect(page.get_by_role("heading", level=1)).to_have_text(LANDING[lang])
    page.goto("/zones/kwidzyn/privacy/edit")
    address = page.get_by_label(ADDRESS[lang])
    expect(address).to_be_visible()
    assert_reflows(page, f"privacy notice form ({lang})")
    axe_check(page)
    address.fill("ul. Braterstwa Narodów 55, 82-500 Kwidzyn")
    page.get_by_role("button", name=SAVE[lang], exact=True).click()
    expect(page.locator(".flashes")).to_contain_text(SAVED[lang])
    page.goto("/zones/kwidzyn/privacy")
    expect(page.locator("main")).to_contain_text("ul. Braterstwa Narodów 55, 82-500 Kwidzyn")
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
