"""What people do on their phones, end to end in a real browser."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import LANDING

PASSWORD = "browser-test-password"
PHONE_WIDTH = 390


def test_the_chosen_language_sticks(page, live_server, zone):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.locator("h1")).to_have_text("Strefy Innowacji w bibliotekach publicznych")

    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Innovation Zones in public libraries")
    expect(page).to_have_url(f"{live_server}/")  # back on the page the visitor was on
    expect(page.get_by_role("link", name="Polski")).to_be_visible()

    page.get_by_role("link", name="Kwidzyn").click()
    expect(page.locator("h1")).to_have_text("Innovation Zone Kwidzyn")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.reload()
    expect(page.locator("h1")).to_have_text("Innovation Zone Kwidzyn")
    expect(page.get_by_role("heading", name="Creative Cafés")).to_be_visible()


def test_a_librarian_edits_the_zone_description(page, sign_in, zone, make_user):
    make_user(
        "librarian", zone, email="anna@kwidzyn.example.org", name="Anna Nowak", password=PASSWORD
    )
    new_description = "Zapraszamy na Kreatywną Kawiarenkę w każdy czwartek o 17:00."

    page.goto("/")
    page.get_by_role("link", name="Zaloguj się").click()
    sign_in(page, "anna@kwidzyn.example.org", PASSWORD)

    expect(page.locator("h1")).to_have_text(LANDING["pl"])
    expect(page.get_by_role("status")).to_contain_text("Zalogowano jako Anna Nowak.")
    page.locator("main").get_by_role("link", name="Moje konto").click()
    expect(page.locator("h1")).to_have_text("Moje konto")
    my_zones = page.get_by_role("region", name="Moje strefy")
    expect(my_zones).to_contain_text("Kwidzyn: Bibliotekarz")

    my_zones.get_by_role("link", name="Kwidzyn").click()
    expect(page.locator("h1")).to_have_text("Strefa Innowacji Kwidzyn")
    page.get_by_role("link", name="Edytuj dane strefy").click()

    expect(page.locator("h1")).to_have_text("Edytuj strefę Kwidzyn")
    page.get_by_label("O strefie").fill(new_description)
    page.get_by_role("button", name="Zapisz").click()

    expect(page.locator("h1")).to_have_text("Strefa Innowacji Kwidzyn")
    expect(page.get_by_role("status")).to_contain_text("Dane strefy zostały zapisane.")
    expect(page.get_by_text(new_description)).to_be_visible()

    page.get_by_role("button", name="Wyloguj się").click()
    expect(page.get_by_role("status")).to_contain_text("Wylogowano.")
    expect(page.get_by_role("link", name="Zaloguj się")).to_be_visible()
    expect(page.get_by_role("link", name="Moje konto")).to_have_count(0)

    page.goto("/zones/kwidzyn")
    expect(page.get_by_text(new_description)).to_be_visible()
    expect(page.get_by_role("link", name="Edytuj dane strefy")).to_have_count(0)


@pytest.mark.parametrize("lang", ["pl", "en"])
@pytest.mark.parametrize("path", ["/", "/zones/kwidzyn"])
def test_no_sideways_scrolling_on_a_phone(phone, demo, path, lang):
    page = phone(lang)
    page.goto(path)
    expect(page.locator("h1")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, f"{path} is {width}px wide on a {PHONE_WIDTH}px phone"


@pytest.mark.parametrize("path", ["/", "/zones/kwidzyn"])
def test_no_request_leaves_the_site(page, live_server, demo, path):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path, wait_until="networkidle")

    assert f"{live_server}/static/css/app.css" in requests  # the page did load its assets
    elsewhere = [url for url in requests if not url.startswith(f"{live_server}/")]
    assert elsewhere == [], f"requests to other hosts: {elsewhere}"


def test_the_first_tab_reaches_the_skip_link(page, zone):
    page.goto("/zones/kwidzyn")
    skip_link = page.get_by_role("link", name="Przejdź do treści")
    expect(skip_link).not_to_be_in_viewport()

    page.keyboard.press("Tab")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()

    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    expect(skip_link).not_to_be_in_viewport()
