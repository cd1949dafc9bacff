"""Every page a resident sees reflows on the narrowest phone (320 CSS px, WCAG 1.4.10) and
with 200% text on a common one (390 px, WCAG 1.4.4): no sideways scrolling, nothing cut off
at the right edge. The zone's team pages too, and a wide table scrolls in a box that the
keyboard can reach (axe's scrollable-region-focusable).

200% text is Chromium's font-size setting (tests/browser/layout.py says how and why).
"""

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import expect

from app.extensions import db
from tests.browser.helpers import LANDING, LOCALES, TIMEOUT_MS
from tests.browser.layout import (
    PHONE,
    SMALL,
    assert_reflows,
    set_text_size,
    walk_resident_pages,
)

COORDINATOR = ("koordynator@strefy.example.org", "demo-koordynator")
LIBRARIAN = ("bibliotekarka@kwidzyn.example.org", "demo-bibliotekarka")
# (screen, text size in %): the WCAG 1.4.10 width, then large text on a common phone.
SCREENS = {"320 px": (SMALL, 100), "390 px, 200% text": (PHONE, 200)}


@pytest.fixture
def screen(browser, live_server) -> Iterator[Callable]:
    """screen(viewport, text=100): a new Polish phone page of that size and text size."""
    contexts = []

    def open_screen(viewport: dict, text: int = 100):
        db.session.commit()
        context = browser.new_context(
            viewport=viewport, is_mobile=True, has_touch=True, device_scale_factor=2,
            base_url=live_server, locale=LOCALES["pl"],
            extra_http_headers={"Accept-Language": "pl-PL,pl;q=0.9"},
        )  # fmt: skip
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.goto("/")
        if text != 100:
            set_text_size(page, text)
        return page

    yield open_screen
    for context in contexts:
        context.close()


@pytest.mark.parametrize("size", SCREENS)
def test_every_resident_page_reflows(screen, demo, size):
    page = screen(*SCREENS[size])
    seen = []
    for name in walk_resident_pages(page):
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_reflows(page, f"{name} ({size})")
        seen.append(name)
    # The walk reached every page it promises, the five sections of the diagnosis among them.
    assert {"survey section 1 with errors", "survey section 5", "survey thank-you", "board",
            "idea", "follow an idea", "café", "zone", "public results"} <= set(seen)  # fmt: skip


def test_the_long_answer_fits_its_tile_at_200_percent(screen, demo):
    """The issue's example: "Osoby z niepełnosprawnościami" at 200% text on a 390 px phone."""
    page = screen(PHONE, 200)
    walk = walk_resident_pages(page)
    while next(walk) != "survey section 1":
        pass
    tile = page.locator("label.choice", has_text="Osoby z niepełnosprawnościami")
    expect(tile).to_be_visible()
    box, width = tile.bounding_box(), page.viewport_size["width"]
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
    other = page.locator("#q-czego_brakuje__other")  # the "other" field keeps its place
    other_box = other.bounding_box()
    assert other_box["x"] + other_box["width"] <= width, other_box
    heading = page.get_by_role("heading", level=1).bounding_box()
    assert heading["x"] + heading["width"] <= width, heading


def sign_in_as(page, email: str, password: str) -> None:
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(LANDING["pl"])


@pytest.mark.parametrize("size", ["320 px", "390 px", "390 px, 200% text"])
def test_the_team_page_and_cafe_list_reflow(screen, axe_check, demo, size):
    viewport, text = SCREENS.get(size, (PHONE, 100))
    page = screen(viewport, text)
    sign_in_as(page, *LIBRARIAN)
    for path in ("/zones/kwidzyn", "/zones/kwidzyn/moderation", "/zones/kwidzyn/team",
                 "/zones/kwidzyn/cafes"):  # fmt: skip
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_reflows(page, f"{path} ({size})")
        if size == "390 px":
            axe_check(page)
    cafe = page.get_by_role("link", name="Kreatywna Kawiarenka: czego nam brakuje?", exact=True)
    expect(cafe).to_be_visible()


@pytest.mark.parametrize("size", ["320 px", "390 px"])
def test_the_audit_log_scrolls_its_table_not_the_page(screen, axe_check, demo, size):
    page = screen(SCREENS.get(size, (PHONE, 100))[0])
    sign_in_as(page, *COORDINATOR)
    page.goto("/admin/audit")
    table = page.get_by_role("region", name="Dziennik zmian")
    expect(table.get_by_role("table")).to_be_visible()
    assert_reflows(page, f"/admin/audit ({size})")
    axe_check(page)  # scrollable-region-focusable among the rest
    # Where the table is wider than the phone, its box scrolls, and the keyboard reaches it.
    wider = table.evaluate("(box) => box.scrollWidth > box.clientWidth")
    assert wider or size != "320 px", "the audit log's table fits 320 px: nothing to scroll"
    if not wider:
        return
    table.focus()
    expect(table).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.activeElement.scrollLeft > 0")
