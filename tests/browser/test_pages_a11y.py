"""Every public page, in Polish and English, on a phone: right language, right heading, and no
WCAG 2.x A/AA violation that axe-core can find."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import LANDING
from tests.browser.layout import assert_reflows

LANGS = ["pl", "en"]
PASSWORD = "browser-test-password"

HEADINGS = {
    "network": {
        "pl": "Strefy Innowacji w bibliotekach publicznych",
        "en": "Innovation Zones in public libraries",
    },
    "zone": {"pl": "Strefa Innowacji Kwidzyn", "en": "Innovation Zone Kwidzyn"},
    "login": {"pl": "Zaloguj się", "en": "Sign in"},
    "404": {"pl": "Nie znaleziono strony", "en": "Page not found"},
    "403": {"pl": "Brak dostępu", "en": "No access"},
    "landing": LANDING,
    "api": {"pl": "API otwartych danych", "en": "Open data API"},
}
SUMMARY_TITLE = {"pl": "Popraw następujące błędy", "en": "Please correct the following"}
WRONG_CREDENTIALS = {
    "pl": "Nieprawidłowy adres e-mail lub hasło.",
    "en": "Wrong e-mail address or password.",
}


def assert_page(page, lang: str, heading: str) -> None:
    """The page speaks `lang` and its one main heading, visible, says `heading`."""
    expect(page.locator("html")).to_have_attribute("lang", lang)
    h1 = page.get_by_role("heading", level=1)
    expect(h1).to_have_count(1)
    expect(h1).to_be_visible()
    expect(h1).to_have_text(heading)


@pytest.mark.parametrize("lang", LANGS)
def test_network_page(phone, axe_check, demo, lang):
    page = phone(lang)
    response = page.goto("/")
    assert response.status == 200
    assert_page(page, lang, HEADINGS["network"][lang])
    expect(page.locator(".zone-list > li")).to_have_count(25)
    axe_check(page)


@pytest.mark.parametrize("lang", LANGS)
def test_zone_page(phone, axe_check, demo, lang):
    page = phone(lang)
    response = page.goto("/zones/kwidzyn")
    assert response.status == 200
    assert_page(page, lang, HEADINGS["zone"][lang])
    expect(page.get_by_text("Klub Młodych Mam")).to_be_visible()  # the zone's description
    axe_check(page)


@pytest.mark.parametrize("lang", LANGS)
def test_login_page(phone, axe_check, lang):
    page = phone(lang)
    response = page.goto("/login")
    assert response.status == 200
    assert_page(page, lang, HEADINGS["login"][lang])
    axe_check(page)


@pytest.mark.parametrize("lang", LANGS)
def test_login_page_after_wrong_credentials(phone, axe_check, sign_in, make_user, lang):
    make_user(email="anna@example.org", password=PASSWORD)
    page = phone(lang)
    page.goto("/login")
    sign_in(page, "anna@example.org", "not the password", lang)

    summary = page.get_by_role("alert")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", level=2)).to_have_text(SUMMARY_TITLE[lang])
    expect(summary).to_contain_text(WRONG_CREDENTIALS[lang])
    assert_page(page, lang, HEADINGS["login"][lang])
    axe_check(page)


@pytest.mark.parametrize("lang", LANGS)
def test_login_page_after_an_empty_form(phone, axe_check, lang):
    page = phone(lang)
    page.goto("/login")
    page.locator("main form").get_by_role("button").click()

    summary = page.get_by_role("alert")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", level=2)).to_have_text(SUMMARY_TITLE[lang])
    expect(summary.get_by_role("link")).to_have_count(2)  # one per field, leading to it
    assert_page(page, lang, HEADINGS["login"][lang])
    axe_check(page)


@pytest.mark.parametrize("lang", LANGS)
def test_not_found_page(phone, axe_check, lang):
    page = phone(lang)
    response = page.goto("/zones/no-such-zone")
    assert response.status == 404
    assert_page(page, lang, HEADINGS["404"][lang])
    axe_check(page)


@pytest.mark.parametrize("lang", LANGS)
def test_forbidden_page(phone, axe_check, sign_in, zone, other_zone, make_user, lang):
    make_user("librarian", other_zone, email="librarian@sopot.example.org", password=PASSWORD)
    page = phone(lang)
    page.goto("/login")
    sign_in(page, "librarian@sopot.example.org", PASSWORD, lang)
    expect(page.locator("h1")).to_have_text(HEADINGS["landing"][lang])
    response = page.goto("/zones/kwidzyn/edit")
    assert response.status == 403
    assert_page(page, lang, HEADINGS["403"][lang])
    axe_check(page)


def test_axe_check_reports_violations(page, axe_check, live_server):
    """The checker itself: a page with a known WCAG failure must not pass."""
    page.goto("/login")
    page.evaluate("document.documentElement.removeAttribute('lang')")
    with pytest.raises(pytest.fail.Exception, match="html-has-lang"):
        axe_check(page)


@pytest.mark.parametrize("lang", LANGS)
def test_api_reference_page(phone, axe_check, demo, lang):
    # Reached from every page's footer; made from the OpenAPI document, with no script.
    page = phone(lang)
    page.goto("/")
    page.get_by_role("contentinfo").get_by_role("link", name=HEADINGS["api"][lang]).click()
    assert_page(page, lang, HEADINGS["api"][lang])
    expect(page.get_by_role("heading", name="GET /api/v1/zones", exact=True)).to_be_visible()
    expect(page.locator("#schema-Error")).to_be_attached()
    assert_reflows(page, "the API's reference page")
    axe_check(page)
