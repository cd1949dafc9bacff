"""The coordinator on a phone: a new zone, then its librarian's invitation, in two forms."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.auth.models import Role, User
from app.extensions import db
from app.zones.models import Zone
from tests.browser.layout import assert_reflows

PASSWORD = "browser-test-password"
WORDS = {
    "pl": {
        "new_zone": "Nowa strefa", "library": "Biblioteka", "town": "Miejscowość",
        "slug": "Adres", "region": "Województwo", "population": "Liczba mieszkańców",
        "create": "Utwórz strefę", "team": "Zespół strefy Łeba",
        "add": "Dodaj bibliotekarza strefy", "name": "Imię i nazwisko",
        "email": "Adres e-mail",
        "submit": "Wyślij zaproszenie", "done": "rola w strefie Łeba: Bibliotekarz",
    },
    "en": {
        "new_zone": "New zone", "library": "Library", "town": "Town",
        "slug": "Address (slug)", "region": "Voivodeship", "population": "Population",
        "create": "Create the zone", "team": "Team of zone Łeba",
        "add": "Add the zone's librarian", "name": "Full name",
        "email": "E-mail address", "submit": "Send the invitation",
        "done": "their role in zone Łeba: Librarian",
    },
}  # fmt: skip


@pytest.mark.parametrize(("lang", "width"), [("pl", 390), ("en", 390), ("pl", 1280)])
def test_coordinator_creates_a_zone_and_adds_its_librarian(
    phone, sign_in, make_user, axe_check, mailbox, lang, width
):
    make_user("coordinator", email="koordynacja@example.org", password=PASSWORD)
    words = WORDS[lang]
    page = phone(lang)
    size = {"width": width, "height": 844 if width < 1280 else 900}  # a phone or a desktop
    page.set_viewport_size(size)
    page.goto("/login")
    sign_in(page, "koordynacja@example.org", PASSWORD, lang)
    page.goto("/admin/zones/new")
    expect(page.locator("h1")).to_have_text(words["new_zone"])

    page.get_by_label(words["library"]).fill("Miejska Biblioteka Publiczna w Łebie")
    page.get_by_label(words["town"]).press_sequentially("Łeba")
    slug = page.get_by_label(words["slug"], exact=True)
    expect(slug).to_have_value("leba")  # slug.js, as the town is typed
    page.get_by_label(words["region"]).select_option("pomorskie")
    page.get_by_label(words["population"]).fill("3 500")
    axe_check(page)
    page.get_by_role("button", name=words["create"]).click()

    expect(page.locator("h1")).to_have_text(words["team"])
    axe_check(page)
    page.set_viewport_size({"width": 320, "height": 844})  # the narrowest phone (WCAG 1.4.10)
    assert_reflows(page, f"team page ({lang}, 320 px)")
    page.set_viewport_size(size)
    page.get_by_role("link", name=words["add"]).click()
    page.get_by_label(words["name"]).fill("Ewa Lis")
    page.get_by_label(words["email"]).fill("ewa.lis@leba.example.org")
    axe_check(page)
    page.get_by_role("button", name=words["submit"]).click()

    expect(page.locator("h1")).to_have_text(words["team"])
    expect(page.get_by_role("status")).to_contain_text(words["done"])
    expect(page.get_by_role("heading", name="Ewa Lis")).to_be_visible()
    db.session.commit()
    zone = db.session.scalar(select(Zone).where(Zone.slug == "leba"))
    user = db.session.scalar(select(User).where(User.email == "ewa.lis@leba.example.org"))
    assert (zone.population, user.role_in(zone)) == (3500, Role.LIBRARIAN)
    # Nobody chose her password: the invitation, in the coordinator's language, lets her.
    assert [m["To"] for m in mailbox] == ["ewa.lis@leba.example.org"]


def test_slug_script_leaves_an_address_the_person_typed(page, sign_in, make_user):
    make_user("coordinator", email="koordynacja@example.org", password=PASSWORD)
    page.goto("/login")
    sign_in(page, "koordynacja@example.org", PASSWORD)
    page.goto("/admin/zones/new")
    town, slug = page.get_by_label("Miejscowość"), page.get_by_label("Adres", exact=True)
    town.press_sequentially("Grodzisk Mazowiecki")
    expect(slug).to_have_value("grodzisk-mazowiecki")
    slug.fill("grodzisk")
    town.press_sequentially(" Zachód")
    expect(slug).to_have_value("grodzisk")
