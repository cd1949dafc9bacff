"""Searching the network's catalogue on a phone, in Polish and in English: an inflected
Polish phrase finds Jarocin's city calendar (adopted in two zones) above the zones' two
copies of it, its entry opens with the plan's figures, and both pages are axe-clean and
never scroll sideways."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.plans.models import Action
from tests.browser.helpers import LANDING
from tests.browser.layout import assert_reflows
from tests.factories import make_user
from tests.helpers import PASSWORD

WORDS = {
    "pl": {"nav": "Katalog", "words": "Słowa", "search": "Szukaj", "count": "3 wpisy",
           "cost": "Ile kosztuje", "grant": re.compile(r"8\s000,00\s*zł"),
           "adopted": "Przejęte w 2 strefach"},
    "en": {"nav": "Catalogue", "words": "Words", "search": "Search", "count": "3 entries",
           "cost": "What it costs", "grant": re.compile(r"PLN\s*8,000\.00"),
           "adopted": "Adopted in 2 zones"},
}  # fmt: skip


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_search_the_catalogue_on_a_phone(phone, demo, axe_check, lang):
    words = WORDS[lang]
    page = phone(lang)
    page.goto("/")
    page.get_by_role("navigation", name=re.compile("Menu główne|Main menu")).get_by_role(
        "link", name=words["nav"]
    ).click()
    page.get_by_label(words["words"], exact=True).fill("kalendarza miejskiego")
    page.get_by_role("button", name=words["search"], exact=True).click()
    expect(page.locator(".catalogue-count")).to_have_text(words["count"])
    assert "q=kalendarza+miejskiego" in page.url
    # Jarocin's calendar first, then the two zones' copies of it.
    first = page.locator(".catalogue-results > li").first
    expect(first.get_by_role("heading")).to_have_text("Kalendarz miejski w internecie")
    expect(first).to_contain_text(words["adopted"])  # Kwidzyn's and Oświęcim's plans
    axe_check(page)
    assert_reflows(page, "the catalogue's results")
    page.get_by_role("link", name="Kalendarz miejski w internecie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kalendarz miejski w internecie")
    expect(page.get_by_role("heading", name=words["cost"])).to_be_visible()
    expect(page.locator("main")).to_contain_text(words["grant"])  # 6,700 + 1,300 zł
    expect(page.locator("main")).to_contain_text("Jarocin")
    axe_check(page)
    assert_reflows(page, "a catalogue entry")


def test_the_zones_librarian_gives_an_entry_a_theme_on_a_phone(phone, demo, axe_check, sign_in):
    club = db.session.scalar(select(Action).where(Action.title == "Klub Młodych Mam"))
    librarian = make_user("librarian", club.plan.zone, email="temat@kwidzyn.example.org")
    page = phone("pl")
    page.goto("/login")
    sign_in(page, librarian.email, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text(LANDING["pl"])
    page.goto(f"/catalogue/action/{club.id}")
    page.get_by_label("seniorzy").check()
    axe_check(page)
    assert_reflows(page, "an entry with its themes form")
    page.get_by_role("button", name="Zapisz tematy").click()
    expect(page.get_by_role("status")).to_contain_text("Tematy wpisu są zapisane.")
    expect(page.locator("#themes-title + .theme-list")).to_contain_text("seniorzy")
