"""A librarian moderates on a phone (390 by 844), in Polish and English: from the landing
page to the queue, whose first idea is on the first screen; then five ideas waiting, one
after another, each decision leading on to the next idea. The pages are axe-clean, the
"save changes" button is the app's, and the reject disclosure opens where it is.

Selectors are by structure (form fields, rel links), so that both languages run the same
journey; the words are checked in English."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.cafes.models import Idea, IdeaStatus
from app.extensions import db
from tests.browser.helpers import LANDING, PHONE
from tests.cafes.factories import add_idea

LIBRARIAN = ("bibliotekarka@kwidzyn.example.org", "demo-bibliotekarka")
SCREEN = PHONE["viewport"]["height"]
ACCENT = "rgb(11, 92, 173)"  # --accent: the primary button's background


DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def pending_titles() -> list[str]:
    db.session.commit()  # end our transaction: see what the server stored
    return list(db.session.scalars(select(Idea.title).where(Idea.status == IdeaStatus.PENDING)))


def top(locator) -> float:
    return locator.evaluate("e => e.getBoundingClientRect().top + window.scrollY")


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_a_librarian_moderates_five_ideas_one_after_another(phone, sign_in, axe_check, demo, lang):
    board = db.session.scalar(select(Idea).where(Idea.title == "Zajęcia sensoryczne")).board
    for n in range(2):  # the demo's four waiting, and two more
        add_idea(board, f"Pomysł do moderacji {n + 1}", "pending")
    waiting = len(pending_titles())
    assert waiting >= 5

    page = phone(lang)
    page.goto("/login")
    sign_in(page, *LIBRARIAN, lang=lang)
    expect(page.get_by_role("heading", level=1)).to_have_text(LANDING[lang])
    page.locator("main a[href$='/moderation?status=pending']").first.click()

    # The queue: its first idea within the first screen, the filters folded above it.
    first = page.locator("article.moderation-item").first
    expect(first).to_be_visible()
    assert top(first) < SCREEN, top(first)
    expect(page.locator("details.queue-filters")).not_to_have_attribute("open", "")
    expect(page.locator("details.bulk-actions > summary")).to_be_visible()
    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # One idea after another: each decision leads on to the next idea waiting.
    first.locator("h2 a").click()
    expect(page.locator("#status-title")).to_be_visible()
    page.wait_for_load_state("load")  # the stylesheet too, not only the markup
    save = page.locator("button[name=save]")
    expect(save).to_have_css("background-color", ACCENT)
    assert save.evaluate("e => e.getBoundingClientRect().height") >= 44

    # The reject disclosure opens under its summary, which stays where it was.
    summary = page.locator("details.reject-form > summary")
    before = summary.bounding_box()
    summary.click()
    reason = page.locator("details.reject-form select[name=reason_template]")
    expect(reason).to_be_visible()
    after = summary.bounding_box()
    assert (after["x"], after["y"]) == (before["x"], before["y"])
    form = page.locator("details.reject-form form").bounding_box()
    assert after["y"] + after["height"] <= form["y"] < after["y"] + after["height"] + 24
    axe_check(page)
    summary.click()  # fold it again

    decided = []
    for _n in range(5):
        title = page.locator("h1").inner_text()
        decided.append(title)
        page.locator(
            "form:has(input[name=to][value=published]):has(input[name=go_on]) button"
        ).click()
        expect(page.locator(".flashes")).to_contain_text(title)
        if lang == "en":
            expect(page.locator(".flashes")).to_contain_text("is now published")
    assert len(set(decided)) == 5
    assert len(pending_titles()) == waiting - 5
    assert not set(decided) & set(pending_titles())
    if waiting > 5:  # on the next one waiting
        expect(page.locator("#status-title")).to_be_visible()
        expect(page.locator("h1")).not_to_have_text(re.compile("|".join(map(re.escape, decided))))
    axe_check(page)


def test_the_queue_and_an_idea_on_a_desktop(browser, live_server, sign_in, axe_check, demo):
    db.session.commit()
    context = browser.new_context(**DESKTOP, base_url=live_server, locale="en-GB")
    try:
        page = context.new_page()
        page.goto("/login")
        sign_in(page, *LIBRARIAN, lang="en")
        expect(page.get_by_role("heading", level=1)).to_have_text(LANDING["en"])
        page.goto("/zones/kwidzyn/moderation?status=pending")
        first = page.locator("article.moderation-item").first
        assert top(first) < DESKTOP["viewport"]["height"]
        page.locator("details.queue-filters > summary").click()
        expect(page.get_by_label("Status")).to_be_visible()
        axe_check(page)
        first.locator("h2 a").click()
        expect(page.get_by_role("link", name="Next idea")).to_be_visible()
        summary = page.locator("details.reject-form > summary")
        before = summary.bounding_box()
        summary.click()
        expect(page.get_by_label("Reason", exact=True)).to_be_visible()
        assert summary.bounding_box() == before
        axe_check(page)
    finally:
        context.close()
