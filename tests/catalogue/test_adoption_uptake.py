"""Partner libraries' uptake: a zone lists the county's libraries it works with (partners of the
kind "library"), a librarian records that one took a catalogue entry up, and the zone and the
coordinator see what was adopted and taken up."""

import pytest
from sqlalchemy import select

from app.catalogue import adoption
from app.catalogue.adoption import PartnerUptake
from app.extensions import db
from app.plans.models import Partner, PartnerKind
from tests.catalogue.conftest import adopt_path

pytestmark = pytest.mark.usefixtures("english")

LIBRARY = "Gminna Biblioteka Publiczna w Kuślinie"


def uptake_path(entry, kind: str = "action") -> str:
    return f"/catalogue/{kind}/{entry.id}/uptake"


def add_partner(zone, name: str = LIBRARY, kind: PartnerKind = PartnerKind.LIBRARY) -> Partner:
    partner = Partner(zone_id=zone.id, name=name, kind=kind.value)
    db.session.add(partner)
    db.session.commit()
    return partner


def uptakes() -> list[PartnerUptake]:
    db.session.expire_all()
    return list(db.session.scalars(select(PartnerUptake).order_by(PartnerUptake.id)))


def test_a_zone_lists_a_partner_library_on_its_partners_page(client, login_as, post_form, zone):
    login_as("librarian")
    response = post_form(f"/zones/{zone.slug}/plan/partners", {"name": LIBRARY, "kind": "library"})
    assert response.status_code == 302
    partner = db.session.scalar(select(Partner).where(Partner.name == LIBRARY))
    assert partner.kind == PartnerKind.LIBRARY
    page = client.get(f"/zones/{zone.slug}/plan/partners").get_data(as_text=True)
    assert "library (e.g. a gminna library of the county)" in page


def test_a_librarian_records_that_a_partner_library_took_an_entry_up(
    client, login_as, post_form, origin, zone
):
    # Kwidzyn's own entry, taken up by a library of Kwidzyn's county.
    login_as("librarian")
    partner = add_partner(zone)
    page = client.get(uptake_path(origin)).get_data(as_text=True)
    assert LIBRARY in page and "Klub Młodych Mam" in page

    data = {"partner": str(partner.id), "taken_up_on": "2026-10-05",
            "note": "Klub w czytelni, raz w miesiącu."}  # fmt: skip
    response = post_form(uptake_path(origin), data)

    assert response.status_code == 302
    assert response.headers["Location"] == f"/zones/{zone.slug}/catalogue"
    (row,) = uptakes()
    assert (row.partner_id, row.zone_id, row.origin_action_id) == (partner.id, zone.id, origin.id)
    assert row.taken_up_on.isoformat() == "2026-10-05"
    page = client.get(f"/zones/{zone.slug}/catalogue").get_data(as_text=True)
    assert LIBRARY in page and "Klub w czytelni, raz w miesiącu." in page
    assert "Klub Młodych Mam</bdi>, Kwidzyn" in page
    # Recorded again: still one.
    again = post_form(uptake_path(origin), data)
    assert again.status_code == 302 and len(uptakes()) == 1


def test_only_the_zones_own_partner_libraries_may_be_chosen(
    client, login_as, post_form, origin, zone, sopot
):
    login_as("librarian", sopot["zone"])
    add_partner(sopot["zone"])
    school = add_partner(sopot["zone"], "Szkoła Podstawowa nr 1", PartnerKind.SCHOOL)
    kwidzyns = add_partner(zone, "Biblioteka w Sadlinkach")
    for partner_id in (school.id, kwidzyns.id, "abc", ""):
        data = {"partner": str(partner_id), "taken_up_on": "2026-10-05", "note": "Notatka"}
        response = post_form(uptake_path(origin), data)
        assert response.status_code == 422, partner_id
    assert uptakes() == []


def test_the_note_and_the_date_are_required(client, login_as, post_form, origin, zone):
    login_as("librarian")
    partner = add_partner(zone)
    response = post_form(uptake_path(origin), {"partner": str(partner.id), "taken_up_on": "",
                                               "note": " "})  # fmt: skip
    assert response.status_code == 422
    assert uptakes() == []


def test_without_a_partner_library_the_page_says_how_to_add_one(client, login_as, origin, zone):
    login_as("librarian")
    add_partner(zone, "Stowarzyszenie", PartnerKind.NGO)  # not a library
    page = client.get(uptake_path(origin)).get_data(as_text=True)
    assert "Your zone has no partner library yet" in page
    assert f'href="/zones/{zone.slug}/plan/partners"' in page


def test_the_service_refuses_a_partner_that_is_not_a_library_of_the_users_zone(
    app, origin, zone, sopot, make_user
):
    librarian = make_user("librarian", sopot["zone"])
    with app.test_request_context():
        for partner in (add_partner(zone), add_partner(sopot["zone"], "SP 1", PartnerKind.SCHOOL)):
            with pytest.raises(PermissionError):
                adoption.record_uptake(origin, partner, librarian, note="n",
                                       taken_up_on=origin.starts_on)  # fmt: skip


def test_the_coordinator_sees_every_zones_uptake_and_downloads_it(
    client, login_as, post_form, origin, zone, sopot, make_user
):
    librarian = make_user("librarian", sopot["zone"])
    partner = add_partner(zone)
    with client.application.test_request_context():
        adoption.adopt_as_action(origin, sopot["zone"], librarian, title="Klub Rodziców",
                                 description="", note="=HYPERLINK(\"x\")")  # fmt: skip
        adoption.record_uptake(origin, partner, make_user("librarian", zone),
                               note="Klub w czytelni.", taken_up_on=origin.starts_on)  # fmt: skip
    db.session.commit()
    login_as("coordinator")
    page = client.get("/catalogue/uptake").get_data(as_text=True)
    assert "Klub Rodziców" in page and "Sopot" in page
    assert LIBRARY in page and "partner of Kwidzyn" in page
    response = client.get("/catalogue/uptake.csv?dialect=standard")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="catalogue-uptake.csv"'
    text = response.get_data(as_text=True)
    assert "Sopot" in text and LIBRARY in text and "Klub w czytelni." in text
    assert "'=HYPERLINK" in text  # a formula is neutralised


def test_the_zone_page_is_for_the_zones_people(client, login_as, zone, sopot):
    login_as("official")
    assert client.get(f"/zones/{zone.slug}/catalogue").status_code == 200
    login_as("librarian", sopot["zone"])
    assert client.get(f"/zones/{zone.slug}/catalogue").status_code == 403


def test_adopt_page_and_copy_show_up_on_the_zones_catalogue_page(
    client, post_form, origin, sopot, sopot_librarian
):
    post_form(adopt_path(origin), {"copy_kind": "action", "title": "Klub Rodziców",
                                   "description": "", "note": "W soboty."})  # fmt: skip
    page = client.get("/zones/sopot/catalogue").get_data(as_text=True)
    assert "Klub Rodziców" in page and "W soboty." in page
    assert 'href="/zones/sopot/plan/actions/2"' in page


def test_the_entry_pages_partial_offers_adopting_to_those_who_may(
    app, client, login_as, origin, sopot, make_user, zone
):
    from flask import render_template_string
    from flask_login import login_user

    from app.catalogue.adoption import adopt_as_action

    partner = add_partner(sopot["zone"])
    librarian = make_user("librarian", sopot["zone"])
    with app.test_request_context():
        adopt_as_action(origin, sopot["zone"], librarian, title="Klub Rodziców", description="",
                        note="W soboty.")  # fmt: skip
        adoption.record_uptake(origin, partner, librarian, note="Też u nas.",
                               taken_up_on=origin.starts_on)  # fmt: skip
    db.session.commit()
    partial = (
        '{% from "catalogue/adopt_entry.html" import entry_adoption %}{{ entry_adoption(origin) }}'
    )

    def render(user=None) -> str:
        cookie = f"{app.config['LANGUAGE_COOKIE']}=en"
        with app.test_request_context(headers={"Cookie": cookie}):
            if user is not None:
                login_user(user)
            return render_template_string(partial, origin=db.session.get(type(origin), origin.id))

    anonymous = render()
    assert "Adopt into your zone" not in anonymous and "took it up" not in anonymous
    assert "Adopted in 1 zone" in anonymous and "W soboty." in anonymous
    assert LIBRARY in anonymous and "Też u nas." in anonymous
    # Sopot adopted it already as an action; it may still adopt it as an idea.
    theirs = render(librarian)
    assert f'href="/catalogue/action/{origin.id}/adopt"' in theirs
    assert f'href="/catalogue/action/{origin.id}/uptake"' in theirs
    # Kwidzyn's own librarian: nowhere to adopt it, but a partner library may take it up.
    own = render(make_user("librarian", zone))
    assert "/adopt" not in own and f'href="/catalogue/action/{origin.id}/uptake"' in own


def test_the_partners_page_leads_to_what_the_zone_took_up(client, login_as, zone):
    login_as("official")
    page = client.get(f"/zones/{zone.slug}/plan/partners").get_data(as_text=True)
    assert f'href="/zones/{zone.slug}/catalogue"' in page
