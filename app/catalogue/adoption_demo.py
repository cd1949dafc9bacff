"""Demo data for adoption: entries of the catalogue that travelled between the demo zones, and
partner libraries of the county that took one up. Safe to run again: what exists is kept.

Called by app.demo after the plans, with the coordinator as the one who adopts (the demo zones
other than Kwidzyn have no librarian account).
"""

from datetime import date

from sqlalchemy import select

from app.auth.models import User
from app.cafes.models import Idea
from app.catalogue import adoption
from app.catalogue.index import LISTED_IDEA_STATUSES
from app.extensions import db
from app.plans.models import Action, Partner, PartnerKind, Plan
from app.zones.models import Zone

# The county's gminna libraries that work with the zone: (zone slug, name, note).
PARTNER_LIBRARIES = [
    ("nowy-tomysl", "Gminna Biblioteka Publiczna w Kuślinie",
     "Biblioteka gminy Kuślin w powiecie nowotomyskim; kontakt: kierowniczka biblioteki."),
    ("kwidzyn", "Gminna Biblioteka Publiczna w Sadlinkach",
     "Biblioteka gminy Sadlinki w powiecie kwidzyńskim; wspólne szkolenia bibliotekarzy."),
]  # fmt: skip

# (origin zone, origin action's title, adopting zone, copy's title, description, note)
ADOPTED_ACTIONS = [
    ("jarocin", "Kalendarz miejski w internecie", "kwidzyn", "Kalendarz wydarzeń Kwidzyna",
     ("Wspólny kalendarz wydarzeń miasta na stronie biblioteki, z wydrukiem co tydzień na "
     "tablicy w holu."),
     ("Jak w Jarocinie, ale zaczynamy od wersji papierowej w holu biblioteki i na tablicy "
     "ogłoszeń urzędu: seniorzy w Kwidzynie rzadziej szukają wydarzeń w internecie. "
     "Wydarzenia wpisują Kwidzyńskie Centrum Kultury i szkoły.")),
    ("jarocin", "Kalendarz miejski w internecie", "oswiecim", "Kalendarz Oświęcimia",
     "Kalendarz wydarzeń miasta prowadzony z redakcją radia OIL.",
     ("Kalendarz prowadzi z nami redakcja radia OIL: co piątek zapowiada w audycji "
     "wydarzenia z kalendarza na najbliższy tydzień.")),
]  # fmt: skip
# (origin zone, origin idea's title, adopting zone, copy's title, description, note)
ADOPTED_IDEAS: list[tuple[str, str, str, str, str, str]] = []
# Kwidzyn's residents' idea lives on in its plan's action, which the catalogue lists.
ADOPTED_ACTIONS += [
    ("kwidzyn", "Klub Młodych Mam", "nowy-tomysl", "Klub Młodych Rodziców",
     "Spotkania rodziców z maluchami w bibliotece raz w tygodniu, z kącikiem do zabawy.",
     ("W Nowym Tomyślu zapraszamy mamy i ojców, a spotkania prowadzi z nami Stowarzyszenie "
     "Przyjaciół Nowego Tomyśla; warsztaty z położną przenosimy na soboty.")),
]  # fmt: skip
# (zone of the partner library, its name, origin zone, origin action's title, note, when)
UPTAKES = [
    ("nowy-tomysl", "Gminna Biblioteka Publiczna w Kuślinie", "nowy-tomysl",
     "Strefa NGO w bibliotece",
     ("Biblioteka w Kuślinie urządziła w czytelni kącik dla kół gospodyń wiejskich i OSP: "
     "stół, drukarka i szafka, na wzór Strefy NGO w Nowym Tomyślu."),
     date(2026, 10, 5)),
]  # fmt: skip


def load_demo_adoptions(zones: dict[str, Zone], coordinator: User | None) -> int:
    """The demo's adoptions and partner libraries' uptake, each once; how many were made."""
    if coordinator is None:
        return 0
    made = 0
    for slug, name, note in PARTNER_LIBRARIES:
        zone = zones.get(slug)
        if zone is not None and _partner(zone, name) is None:
            db.session.add(
                Partner(zone_id=zone.id, name=name, kind=PartnerKind.LIBRARY.value, note=note)
            )
    db.session.flush()
    for origin_slug, title, slug, copy_title, description, note in ADOPTED_ACTIONS:
        origin, zone = _action(zones.get(origin_slug), title), zones.get(slug)
        if origin is None or zone is None or not origin.plan.is_published:
            continue
        _saved, new = adoption.adopt_as_action(
            origin, zone, coordinator, title=copy_title, description=description, note=note
        )
        made += new
    for origin_slug, title, slug, copy_title, description, note in ADOPTED_IDEAS:
        origin, zone = _idea(zones.get(origin_slug), title), zones.get(slug)
        if origin is None or zone is None or origin.status not in LISTED_IDEA_STATUSES:
            continue
        boards = adoption.zone_boards(zone)
        if boards:  # a seed idea where the zone has a café; else an action of its plan
            _saved, new = adoption.adopt_as_idea(
                origin, zone, boards[0], coordinator, title=copy_title,
                description=description, note=note,
            )  # fmt: skip
        else:
            _saved, new = adoption.adopt_as_action(
                origin, zone, coordinator, title=copy_title, description=description, note=note
            )
        made += new
    for slug, name, origin_slug, title, note, when in UPTAKES:
        zone = zones.get(slug)
        partner = _partner(zone, name) if zone is not None else None
        origin = _action(zones.get(origin_slug), title)
        if partner is None or origin is None:
            continue
        _found, new = adoption.record_uptake(
            origin, partner, coordinator, note=note, taken_up_on=when
        )
        made += new
    return made


def _partner(zone: Zone, name: str) -> Partner | None:
    return db.session.scalar(
        select(Partner).where(Partner.zone_id == zone.id, Partner.name == name)
    )


def _action(zone: Zone | None, title: str) -> Action | None:
    if zone is None:
        return None
    return db.session.scalar(
        select(Action).join(Action.plan).where(Plan.zone_id == zone.id, Action.title == title)
    )


def _idea(zone: Zone | None, title: str) -> Idea | None:
    if zone is None:
        return None
    return db.session.scalar(
        select(Idea).where(Idea.zone_id == zone.id, Idea.title == title).order_by(Idea.id).limit(1)
    )
