"""The demo's adoptions: Jarocin's city calendar in two zones' plans, Kwidzyn's young mums'
club in Nowy Tomyśl, and Nowy Tomyśl's NGO space taken up by a gminna library of its county;
loaded once however often `flask demo` runs."""

from sqlalchemy import select

from app.catalogue import adoption
from app.catalogue.adoption import Adoption, PartnerUptake
from app.demo import load_demo
from app.extensions import db
from app.plans.models import Action, PartnerKind


def test_the_demo_shows_entries_that_travelled_and_loads_them_once(app):
    load_demo()
    db.session.commit()
    load_demo()
    db.session.commit()
    rows = list(db.session.scalars(select(Adoption).order_by(Adoption.id)))
    assert [(a.origin_title, a.zone.slug, a.copy_kind) for a in rows] == [
        ("Kalendarz miejski w internecie", "kwidzyn", "action"),
        ("Kalendarz miejski w internecie", "oswiecim", "action"),
        ("Klub Młodych Mam", "nowy-tomysl", "action"),
    ]
    assert rows[2].origin_kind == "action"  # Kwidzyn's action, carrying its residents' idea
    assert all(a.copy_action.plan.is_published for a in rows)
    calendar = db.session.scalar(select(Action).where(Action.title == rows[0].origin_title))
    with app.test_request_context():
        assert adoption.zones_count(adoption.lineage(calendar)) == 2
    (uptake,) = db.session.scalars(select(PartnerUptake))
    assert uptake.partner.name == "Gminna Biblioteka Publiczna w Kuślinie"
    assert uptake.partner.kind == PartnerKind.LIBRARY and uptake.zone.slug == "nowy-tomysl"
    assert uptake.origin_title == "Strefa NGO w bibliotece"
