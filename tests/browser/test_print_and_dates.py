"""Paper pages and date fields on a phone (390 by 844): a poster shows its Print button
(it needs JavaScript, so only the script shows it), and the café form's date and time
fields are as tall as its text fields, finger-sized, and axe-clean."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import LANDING

CAFE = "/zones/kwidzyn/cafes/kawiarenka-rodzice-mlodziez-seniorzy"
LIBRARIAN = ("bibliotekarka@kwidzyn.example.org", "demo-bibliotekarka")
PRINT = {"pl": "Drukuj", "en": "Print"}
MIN_TARGET = 44  # px: WCAG 2.5.5's size, the app's rule for phones


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_a_poster_prints_and_date_fields_look_like_the_others(
    phone, demo, sign_in, axe_check, lang
):
    page = phone(lang)
    page.goto("/login")
    sign_in(page, *LIBRARIAN, lang=lang)
    expect(page.get_by_role("heading", level=1)).to_have_text(LANDING[lang])

    page.goto(f"{CAFE}/poster")
    button = page.get_by_role("button", name=PRINT[lang])
    expect(button).to_be_visible()
    assert button.bounding_box()["height"] >= MIN_TARGET
    # The button opens the print dialogue: stand in for it, and see it asked for.
    page.evaluate("window.print = () => { window.printed = true; }")
    button.click()
    assert page.evaluate("window.printed") is True
    axe_check(page)

    page.goto("/zones/kwidzyn/cafes/new")
    heights = {
        name: page.locator(f"#{name}").bounding_box()["height"]
        for name in ("title", "day", "starts", "ends")
    }
    assert all(height >= MIN_TARGET for height in heights.values()), heights
    assert max(heights.values()) - min(heights.values()) <= 2, heights
    border = page.locator("#day").evaluate("e => getComputedStyle(e).borderTopWidth")
    assert border == page.locator("#title").evaluate("e => getComputedStyle(e).borderTopWidth")
    axe_check(page)
