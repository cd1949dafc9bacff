from sqlalchemy import select

from app.core.text import slugify
from app.extensions import db
from app.zones.models import Zone


def test_librarian_edits_the_zone_description(client, post_form, login_as, zone):
    login_as("librarian")
    html = client.get("/zones/kwidzyn").get_data(as_text=True)
    assert 'href="/zones/kwidzyn/edit"' in html
    response = post_form(
        "/zones/kwidzyn/edit",
        {
            "library_name": zone.library_name,
            "town": "Kwidzyn",
            "region": "pomorskie",
            "population": "38000",
            "description": "Spotykamy się w czwartki.",
        },
    )
    assert response.status_code == 302
    assert "Spotykamy się w czwartki." in client.get("/zones/kwidzyn").get_data(as_text=True)


def test_edit_with_errors_keeps_what_was_typed(post_form, login_as, zone):
    login_as("librarian")
    html = post_form(
        "/zones/kwidzyn/edit",
        {
            "library_name": "   ",
            "town": "Kwidzyn",
            "population": "dużo",
            "description": "Nowy opis, który nie może zginąć",
        },
    ).get_data(as_text=True)
    assert 'href="#library_name"' in html
    assert 'href="#population"' in html
    assert "Nowy opis, który nie może zginąć" in html
    assert zone.library_name == "Biblioteka Miejsko-Powiatowa w Kwidzynie"


def test_official_and_visitors_see_no_edit_link(client, login_as, zone):
    assert "/zones/kwidzyn/edit" not in client.get("/zones/kwidzyn").get_data(as_text=True)
    login_as("official")
    assert "/zones/kwidzyn/edit" not in client.get("/zones/kwidzyn").get_data(as_text=True)


def test_coordinator_creates_a_zone(client, post_form, login_as):
    login_as("coordinator")
    response = post_form(
        "/admin/zones/new",
        {
            "library_name": "Biblioteka Publiczna w Ustce",
            "town": "Ustka",
            "slug": "ustka",
            "region": "pomorskie",
            "population": "15000",
            "is_pilot": "y",
        },
    )
    assert response.headers["Location"] == "/zones/ustka/team"  # next: add its people
    zone = db.session.scalar(select(Zone).where(Zone.slug == "ustka"))
    assert (zone.town, zone.population, zone.is_pilot) == ("Ustka", 15000, True)


def test_zone_slug_must_be_new_and_url_safe(post_form, login_as, zone):
    login_as("coordinator")
    base = {"library_name": "B", "town": "T"}
    html = post_form("/admin/zones/new", base | {"slug": "kwidzyn"}).get_data(as_text=True)
    assert "Ten adres jest już używany przez inną strefę" in html
    html = post_form("/admin/zones/new", base | {"slug": "Łódź!"}).get_data(as_text=True)
    assert 'href="#slug"' in html
    assert 'value="Łódź!"' in html


def test_team_page_lists_the_zone_people(client, login_as, make_user, zone):
    make_user("librarian", zone, name="Anna Nowak")
    make_user("official", zone, name="Piotr Kowalski")
    login_as("official")
    html = client.get("/zones/kwidzyn/team").get_data(as_text=True)
    assert html.index("Anna Nowak") < html.index("Piotr Kowalski")
    assert "Przedstawiciel samorządu" in html


def test_slugify_polish_town_names():
    assert slugify("Piotrków Trybunalski") == "piotrkow-trybunalski"
    assert slugify("Łapy") == "lapy"
    assert slugify("Sępólno Krajeńskie") == "sepolno-krajenskie"
