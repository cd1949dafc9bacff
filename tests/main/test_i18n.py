"""Polish first, English complete; the choice sticks; numbers in the reader's locale."""

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]


def test_polish_is_the_default(client):
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="pl">' in html
    assert "Zaloguj się" in html


def test_first_visit_follows_accept_language(client):
    html = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Sign in" in html
    html = client.get("/", headers={"Accept-Language": "de-DE,de;q=0.9"}).get_data(as_text=True)
    assert '<html lang="pl">' in html


def test_language_switch_sticks_over_accept_language(client, zone):
    response = client.get("/language/en?next=/zones/kwidzyn")
    assert response.status_code == 302
    assert response.headers["Location"] == "/zones/kwidzyn"
    cookie = response.headers["Set-Cookie"]
    assert "strefy_lang=en" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie

    html = client.get("/zones/kwidzyn", headers={"Accept-Language": "pl"}).get_data(as_text=True)
    assert "Innovation Zone Kwidzyn" in html
    assert 'href="/language/pl?next=/zones/kwidzyn"' in html

    client.get("/language/pl")
    html = client.get("/zones/kwidzyn", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Strefa Innowacji Kwidzyn" in html


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil", "x"])
def test_language_switch_never_redirects_off_site(client, target):
    response = client.get("/language/en", query_string={"next": target})
    assert response.headers["Location"] == "/"


def test_unknown_language_is_ignored(client):
    response = client.get("/language/xx")
    assert "Set-Cookie" not in response.headers
    assert client.get("/").get_data(as_text=True).count('<html lang="pl">') == 1


def test_numbers_follow_the_locale(client, zone):
    pl = client.get("/zones/kwidzyn").get_data(as_text=True)
    client.get("/language/en")
    en = client.get("/zones/kwidzyn").get_data(as_text=True)
    population = f"{zone.population:,}"
    assert population.replace(",", "\u00a0") + " mieszkańców" in pl
    assert population + " residents" in en


def test_polish_plural_forms(client, make_zone):
    for _ in range(2):
        make_zone()
    assert "2 strefy w sieci" in client.get("/").get_data(as_text=True)
    for _ in range(3):
        make_zone()
    assert "5 stref w sieci" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("language", ["pl", "en"])
def test_every_message_in_the_code_is_translated(language, tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as f:
        wanted = {m.id for m in read_po(f) if m.id}
    po_file = ROOT / "app" / "translations" / language / "LC_MESSAGES" / "messages.po"
    with po_file.open("rb") as f:
        catalog = read_po(f, locale=language)
    missing = sorted(str(i) for i in wanted if i not in catalog)
    assert missing == [], f"run `make messages` and translate: {missing}"
    untranslated = [
        str(m.id)
        for m in catalog
        if m.id in wanted and (m.fuzzy or not all(m.string if m.pluralizable else (m.string,)))
    ]
    assert untranslated == [], f"untranslated or fuzzy in {language}: {untranslated}"
