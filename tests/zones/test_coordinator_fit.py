"""The coordinator's tasks in fewer steps (issue 12): a new zone leads to its team and to its
librarian's account in one submit; no zone or role is chosen in advance; typed passwords,
thousands and Polish town names are taken as people type them; lists are in Polish order."""

import re

import pytest
from sqlalchemy import select

from app.auth.models import Role, User
from app.auth.services import grant_role
from app.demo import ZONES
from app.extensions import db
from app.plans.models import Partner
from app.zones.models import Zone
from app.zones.services import VOIVODESHIPS, suggest_slug
from tests import factories
from tests.helpers import csrf_token_from
from tests.plans.factories import make_plan

NEW_ZONE = {
    "library_name": "Miejska Biblioteka Publiczna w Łebie",
    "town": "Łeba",
    "slug": "",
    "region": "pomorskie",
    "population": "3 500",
}
ACCOUNT = {
    "name": "Ewa Lis",
    "email": "ewa.lis@leba.example.org",
    "language": "pl",
}


def _zone(slug: str) -> Zone | None:
    return db.session.scalar(select(Zone).where(Zone.slug == slug))


def test_new_zone_leads_to_its_team_and_its_librarian_in_one_submit(client, post_form, login_as):
    login_as("coordinator")
    response = post_form("/admin/zones/new", NEW_ZONE)
    assert response.headers["Location"] == "/zones/leba/team"
    zone = _zone("leba")
    assert (zone.town, zone.population) == ("Łeba", 3500)

    team = client.get("/zones/leba/team").get_data(as_text=True)
    assert "Strefa Łeba została utworzona. Teraz dodaj jej bibliotekarza." in team
    link = f"/admin/users/new?zone={zone.id}&amp;role=librarian"
    assert f'href="{link}">Dodaj bibliotekarza strefy</a>' in team

    page = link.replace("&amp;", "&")
    form = client.get(page).get_data(as_text=True)
    assert "Nowe konto w strefie Łeba" in form
    assert "Bibliotekarz" in form
    response = client.post(page, data={"csrf_token": csrf_token_from(form)} | ACCOUNT)
    assert response.headers["Location"] == "/zones/leba/team"
    user = db.session.scalar(select(User).where(User.email == ACCOUNT["email"]))
    assert user.role_in(zone) is Role.LIBRARIAN
    team = client.get("/zones/leba/team").get_data(as_text=True)
    assert "Konto użytkownika Ewa Lis zostało utworzone; rola w strefie Łeba: Bibliotekarz." in team
    assert ">Ewa Lis</a></h3>" in team


def test_team_page_always_offers_the_coordinator_to_add_people(client, login_as, make_user, zone):
    make_user("librarian", zone, name="Anna Nowak")
    login_as("coordinator")
    html = client.get("/zones/kwidzyn/team").get_data(as_text=True)
    assert f"/admin/users/new?zone={zone.id}&amp;role=librarian" in html
    assert f"/admin/users/new?zone={zone.id}&amp;role=official" in html
    assert "Anna Nowak" in html

    login_as("librarian")
    html = client.get("/zones/kwidzyn/team").get_data(as_text=True)
    assert "/admin/users/new" not in html
    assert 'href="/zones/kwidzyn/team/invite"' in html  # officials only: see tests/auth


@pytest.mark.parametrize("query", ["zone=999999&role=librarian", "zone=1&role=boss", "zone=x"])
def test_account_form_with_a_wrong_zone_or_role_gives_no_role(client, post_form, login_as, query):
    login_as("coordinator")
    page = f"/admin/users/new?{query}"
    assert "Nowe konto w strefie" not in client.get(page).get_data(as_text=True)
    response = post_form(page, ACCOUNT)
    user = db.session.scalar(select(User).where(User.email == ACCOUNT["email"]))
    assert response.headers["Location"] == f"/admin/users/{user.id}"
    assert user.roles == []


def test_grant_a_role_chooses_no_zone_and_no_role_in_advance(client, login_as, make_user, zone):
    login_as("coordinator")
    person = make_user()
    page = f"/admin/users/{person.id}"
    html = client.get(page).get_data(as_text=True)
    for name, first in (("role-zone", "Wybierz strefę"), ("role-role", "Wybierz rolę")):
        select_html = html.split(f'name="{name}"')[1].split("</select>")[0]
        assert re.search(rf'<option selected value="">{first}</option>', select_html)
        assert select_html.count("selected") == 1

    token = html.split('name="role-csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        f"{page}/roles", data={"role-csrf_token": token, "role-zone": "", "role-role": ""}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'href="#role-zone">Strefa: Wybierz strefę.</a>' in html
    assert 'href="#role-role">Rola: Wybierz rolę.</a>' in html
    assert person.roles == []


def test_password_change_keeps_the_new_passwords_but_not_a_wrong_current_one(post_form, login_as):
    login_as("coordinator")
    html = post_form(
        "/account/password",
        {
            "current_password": "nie to hasło",
            "password": "nowe hasło 12",
            "confirm": "nowe hasło 12",
        },
    ).get_data(as_text=True)
    assert "To nie jest Twoje obecne hasło" in html
    assert "nie to hasło" not in html
    assert html.count('value="nowe hasło 12"') == 2


def test_sign_in_form_still_forgets_the_password(post_form):
    html = post_form("/login", {"email": "nikt@example.org", "password": "tajne hasło"}).get_data(
        as_text=True
    )
    assert "tajne hasło" not in html


def test_slug_is_made_from_the_town_when_left_empty(client, post_form, login_as):
    login_as("coordinator")
    for town, slug in (("Łeba", "leba"), ("Łeba", "leba-2"), ("Grodzisk Mazowiecki", None)):
        post_form("/admin/zones/new", NEW_ZONE | {"town": town})
        assert _zone(slug or "grodzisk-mazowiecki").town == town
    assert suggest_slug("Łeba") == "leba-3"
    assert suggest_slug("Sępólno Krajeńskie") == "sepolno-krajenskie"


def test_a_taken_slug_is_refused_with_a_free_one_to_use(post_form, login_as, zone):
    login_as("coordinator")
    html = post_form("/admin/zones/new", NEW_ZONE | {"slug": "kwidzyn"}).get_data(as_text=True)
    assert "Ten adres jest już używany przez inną strefę. Wolny jest adres kwidzyn-2." in html


def test_a_slug_taken_meanwhile_is_a_form_error_not_a_server_error(
    post_form, login_as, zone, monkeypatch
):
    login_as("coordinator")
    # Another coordinator creates the zone between the form's check and the insert.
    monkeypatch.setattr("app.zones.forms.slug_taken", lambda slug: False)
    response = post_form("/admin/zones/new", NEW_ZONE | {"town": "Kwidzyn", "slug": "kwidzyn"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Inna strefa właśnie zajęła ten adres. Wolny jest adres kwidzyn-2." in html
    assert 'value="kwidzyn-2"' in html
    assert db.session.scalar(select(db.func.count()).select_from(Zone)) == 1


def test_voivodeship_is_one_of_the_sixteen(client, post_form, login_as, zone):
    login_as("coordinator")
    html = client.get("/admin/zones/new").get_data(as_text=True)
    options = re.findall(r'<option lang="pl"[^>]*>([^<]+)</option>', html)
    assert options == list(VOIVODESHIPS) and len(options) == 16
    assert options[0] == "dolnośląskie" and options[-1] == "zachodniopomorskie"
    assert {region for _name, _town, region, *_rest in ZONES} <= set(VOIVODESHIPS)

    html = post_form("/admin/zones/new", NEW_ZONE | {"region": "Pomorze"}).get_data(as_text=True)
    assert 'href="#region">Województwo: Wybierz jedno z szesnastu województw.</a>' in html
    assert _zone("leba") is None


@pytest.mark.parametrize("typed", ["15 000", "15\u00a0000", "15\u202f000", "15.000", "15000"])
def test_population_is_taken_as_people_type_it(post_form, login_as, zone, typed):
    login_as("librarian")
    fields = {"library_name": zone.library_name, "town": "Kwidzyn", "population": typed}
    assert post_form("/zones/kwidzyn/edit", fields).status_code == 302
    assert zone.population == 15_000


@pytest.mark.parametrize("typed", ["15 00", "15,5", "dużo"])
def test_population_that_is_not_a_whole_number_is_refused_once(post_form, login_as, zone, typed):
    login_as("librarian")
    fields = {"library_name": zone.library_name, "town": "Kwidzyn", "population": typed}
    html = post_form("/zones/kwidzyn/edit", fields).get_data(as_text=True)
    assert 'href="#population">Liczba mieszkańców: Wpisz liczbę całkowitą, np. 15 000.</a>' in html
    assert f'value="{typed}"' in html
    assert zone.population != 15_000


# Polish order: ICU's on PostgreSQL, the registered collation on SQLite, polish_key in Python.
# Byte order puts Łapy and Śrem after Toruń; letters without diacritics put Łeba before Lublin.
TOWNS = ["Głogów", "Gołdap", "Grodzisk Mazowiecki", "Lublin", "Łapy", "Łeba", "Sopot", "Śrem",
         "Toruń"]  # fmt: skip
NAMES = ["Lucyna Nowak", "Łucja Nowak", "Sabina Nowak", "Ścibor Nowak", "Tomasz Nowak"]


def _in_order(html: str, words: list[str]) -> bool:
    return sorted(words, key=html.index) == words


@pytest.fixture
def towns(make_zone):
    return [make_zone(town=town) for town in reversed(TOWNS)]


@pytest.mark.parametrize(
    "page", ["/", "/work", "/admin/users/{me}", "/admin/users/{other}", "/admin/users", "/account"]
)
def test_towns_are_listed_in_polish_order(client, login_as, make_user, towns, page):
    me = login_as("coordinator")
    other = make_user()
    for zone in towns:  # a person's roles are listed by town too
        grant_role(other, zone, Role.OFFICIAL)
        grant_role(me, zone, Role.LIBRARIAN)
    db.session.commit()
    html = client.get(page.format(me=me.id, other=other.id)).get_data(as_text=True)
    assert _in_order(html, TOWNS)


@pytest.mark.parametrize("page", ["/admin/users", "/zones/{zone}/team"])
def test_people_are_listed_in_polish_order(client, login_as, make_user, zone, page):
    login_as("coordinator")
    for name in reversed(NAMES):
        make_user("librarian", zone, name=name)
    html = client.get(page.format(zone=zone.slug)).get_data(as_text=True)
    assert _in_order(html, NAMES)


def test_partners_are_listed_in_polish_order(client, login_as, zone):
    login_as("librarian")
    make_plan(zone)
    for name in reversed(NAMES):
        db.session.add(Partner(zone_id=zone.id, name=name))
    db.session.commit()
    html = client.get(f"/zones/{zone.slug}/plan/partners").get_data(as_text=True)
    assert _in_order(html, NAMES)


def test_network_results_list_zones_in_polish_order(towns, template):
    from app.dashboards.network import network_surveys

    for zone in towns:
        factories.make_survey(zone, template)
    assert [s.zone.town for s in network_surveys(template.key)] == TOWNS
