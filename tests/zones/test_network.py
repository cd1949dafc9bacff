from app.demo import ZONES


def test_the_demo_network_lists_every_zone_and_fills_in_their_privacy_notices(client, demo):
    html = client.get("/").get_data(as_text=True)

    assert len(ZONES) == 25
    for library_name, town, *_rest in ZONES:
        assert f">{town}</a>" in html
        assert library_name in html
    assert html.count("Strefa pilotażowa") == sum(1 for z in ZONES if z[4])
    assert "25 stref w sieci" in html

    # The notice names the library's address and its data protection officer: no gaps.
    notice = client.get("/zones/kwidzyn/privacy").get_data(as_text=True)
    assert "ul. Biblioteczna 1, Kwidzyn" in notice
    assert "iod@kwidzyn.example.org" in notice
    assert "…" not in notice


def test_network_page_without_zones_says_who_adds_them(client):
    html = client.get("/").get_data(as_text=True)
    assert "Nie ma jeszcze żadnych stref" in html or "no zones yet" in html


def test_zone_page_shows_library_and_empty_states(client, zone):
    html = client.get("/zones/kwidzyn").get_data(as_text=True)
    assert "Biblioteka Miejsko-Powiatowa w Kwidzynie" in html
    for heading in ("Ankiety", "Kreatywne Kawiarenki", "Plan rozwoju strefy"):
        assert f">{heading}</h2>" in html


def test_unknown_zone_is_a_404_page(client):
    response = client.get("/zones/atlantyda")
    assert response.status_code == 404
    assert "Nie znaleziono strony" in response.get_data(as_text=True)
