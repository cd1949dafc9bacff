"""Adoption in a real browser: Kwidzyn's librarian adopts another zone's action into a board of
Kwidzyn's café (a seed idea) and another into Kwidzyn's plan (a draft action), on a phone in
Polish and in English; the adopt page and each copy's page axe-clean, without sideways
scrolling, the copy saying where it came from."""

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.extensions import db
from app.plans.models import Action, Plan
from app.zones.models import Zone

LIBRARIAN = ("bibliotekarka@kwidzyn.example.org", "demo-bibliotekarka")

# What the pages say, in each language (app/translations/pl/LC_MESSAGES/messages.po).
WORDS = {
    "pl": {
        "adopt_heading": "Przejmij do swojej strefy",
        "as_idea": "pomysł na tablicy, do dyskusji",
        "as_action": "projekt działania w planie",
        "note": "Jak to dostosowaliście",
        "title": "Tytuł",
        "adopt": "Przejmij",
        "adopted": "Przejęte do strefy Kwidzyn.",
        "from": "Przejęte z",
        "action": "Działanie",
    },
    "en": {
        "adopt_heading": "Adopt into your zone",
        "as_idea": "a seed idea on a board",
        "as_action": "a draft action in the plan",
        "note": "How you adapted it",
        "title": "Title",
        "adopt": "Adopt it",
        "adopted": "Adopted into Kwidzyn.",
        "from": "Adopted from",
        "action": "Action",
    },
}


def action_of(zone_slug: str, title: str) -> Action:
    return db.session.scalar(
        select(Action)
        .join(Action.plan)
        .join(Zone, Zone.id == Plan.zone_id)
        .where(Zone.slug == zone_slug, Action.title == title)
    )


def checked(page: Page, axe_check) -> None:
    """A page as a person reaches it: one main heading, no sideways scrolling, axe-clean."""
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, page.url
    axe_check(page)


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_a_librarian_adopts_entries_into_a_board_and_into_the_plan(
    phone, sign_in, axe_check, demo, lang
):
    words = WORDS[lang]
    radio = action_of("oswiecim", "Internetowe radio OIL")
    forum = action_of("nowy-tomysl", "Forum organizacji pozarządowych")
    page = phone(lang)
    page.goto("/login")
    sign_in(page, *LIBRARIAN, lang)
    expect(page.get_by_role("heading", level=1)).not_to_have_text(words["adopt_heading"])

    # (a) Oświęcim's radio as a seed idea on a board of Kwidzyn's café.
    page.goto(f"/catalogue/action/{radio.id}/adopt")
    expect(page.get_by_role("heading", level=1)).to_have_text(words["adopt_heading"])
    expect(page.get_by_label(words["title"], exact=True)).to_have_value("Internetowe radio OIL")
    checked(page, axe_check)
    page.get_by_label(words["as_idea"]).check()
    page.get_by_label(words["title"], exact=True).fill("Radio młodzieżowe w bibliotece")
    page.get_by_label(words["note"]).fill("U nas audycje prowadzi młodzież z ZSP nr 1.")
    page.get_by_role("button", name=words["adopt"], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Radio młodzieżowe w bibliotece")
    expect(page.get_by_text(words["adopted"])).to_be_visible()
    expect(page.locator(".adopted-from")).to_contain_text(words["from"])
    expect(page.locator(".adopted-from")).to_contain_text("Internetowe radio OIL, Oświęcim")
    checked(page, axe_check)

    # (b) Nowy Tomyśl's forum as a draft action of Kwidzyn's plan.
    page.goto(f"/catalogue/action/{forum.id}/adopt")
    checked(page, axe_check)
    page.get_by_label(words["as_action"]).check()
    page.get_by_label(words["note"]).fill("Forum organizacji z Kwidzyna i gmin powiatu.")
    page.get_by_role("button", name=words["adopt"], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Forum organizacji pozarządowych")
    expect(page.get_by_role("heading", level=1)).to_contain_text(words["action"])
    expect(page.locator(".adopted-from")).to_contain_text(
        "Forum organizacji pozarządowych, Nowy Tomyśl"
    )
    checked(page, axe_check)

    # The origin's lineage lists Kwidzyn now (shown on the adopt page for now).
    page.goto(f"/catalogue/action/{forum.id}/adopt")
    expect(page.locator(".lineage")).to_contain_text("Kwidzyn")
    expect(page.locator(".lineage")).to_contain_text("Forum organizacji z Kwidzyna")
