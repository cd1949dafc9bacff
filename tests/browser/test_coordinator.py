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


ERASE_WORDS = {
    "pl": {
        "erase": "Usuń to konto", "export": "Pobierz dane osobowe (JSON)",
        "heading": "Usuń konto: Jan Nowak", "email": "Adres e-mail tej osoby, dla potwierdzenia",
        "wrong": "To nie jest adres e-mail tego konta",
        "done": "Dane osobowe konta zostały usunięte.",
    },
    "en": {
        "erase": "Erase this account", "export": "Export personal data (JSON)",
        "heading": "Erase the account of Jan Nowak",
        "email": "The person's e-mail address, to confirm",
        "wrong": "This is not this account's e-mail address",
        "done": "The account's personal data has been erased.",
    },
}  # fmt: skip


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_coordinator_erases_an_account_after_typing_its_address(
    phone, sign_in, make_user, zone, axe_check, lang, tmp_path
):
    make_user("coordinator", email="koordynacja@example.org", password=PASSWORD)
    person = make_user("librarian", zone, name="Jan Nowak", email="jan.nowak@example.org")
    words = ERASE_WORDS[lang]
    page = phone(lang)
    page.goto("/login")
    sign_in(page, "koordynacja@example.org", PASSWORD, lang)
    expect(page.locator("h1")).not_to_have_text("")
    page.goto(f"/admin/users/{person.id}")
    expect(page.get_by_role("link", name=words["export"])).to_be_visible()
    axe_check(page)  # the account page, with its personal data section

    page.get_by_role("link", name=words["erase"]).click()
    expect(page.locator("h1")).to_have_text(words["heading"])
    axe_check(page)
    page.screenshot(path=tmp_path / f"erase-{lang}.png", full_page=True)
    assert_reflows(page, f"erasure page ({lang})")
    page.get_by_label(words["email"]).fill("ktos.inny@example.org")
    page.get_by_role("button", name=words["erase"]).click()
    expect(page.locator(".error-summary, [role=alert]").first).to_contain_text(words["wrong"])
    expect(page.get_by_label(words["email"])).to_have_value("ktos.inny@example.org")
    axe_check(page)  # with its error
    page.get_by_label(words["email"]).fill("jan.nowak@example.org")
    page.get_by_role("button", name=words["erase"]).click()
    expect(page.get_by_role("status")).to_contain_text(words["done"])
    expect(page.get_by_text("Jan Nowak")).to_have_count(0)
    db.session.commit()
    assert db.session.get(User, person.id).erased_at is not None
