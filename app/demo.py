"""`flask demo`: the network's 25 real libraries, three demo accounts, Kwidzyn's open
diagnosis survey with a few hundred responses, its café, three other zones' small cafés and
twelve zones' development plans (the programme's own examples), loaded idempotently."""

import random
import secrets

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from app.auth.models import Role
from app.auth.services import change_password, create_user, find_user, grant_role
from app.cafes.demo import NETWORK_CAFES, load_demo_cafe, load_network_cafe
from app.catalogue.adoption_demo import load_demo_adoptions
from app.catalogue.demo import load_demo_catalogue
from app.core.text import slugify
from app.dashboards.demo import load_demo_findings, load_network_findings
from app.database import refresh_statistics
from app.extensions import db
from app.plans.demo import load_demo_plans
from app.surveys.demo import DEMO_RESPONSES, load_demo_survey
from app.zones.models import Zone

# From the programme's own list (shared/seeds): library, town, voivodeship, approximate
# number of residents, pilot edition or not, and what the zone is known for.
ZONES = [
    (
        "Biblioteka Publiczna Gminy Grodzisk Mazowiecki",
        "Grodzisk Mazowiecki",
        "mazowieckie",
        31_000,
        True,
        "Jak zintegrować mieszkańców jednego z miejskich osiedli?",
    ),
    (
        "Biblioteka Publiczna Miasta i Gminy Jarocin",
        "Jarocin",
        "wielkopolskie",
        26_000,
        True,
        "Kalendarz miejski: łatwy dostęp do oferty lokalnych instytucji i organizacji.",
    ),
    (
        "Miejska Biblioteka Publiczna w Oświęcimiu GALERIA KSIĄŻKI",
        "Oświęcim",
        "małopolskie",
        39_000,
        True,
        "Oświęcimska Informacja Lokalna i radio OIL.",
    ),
    (
        "Miejska Biblioteka Publiczna w Piekarach Śląskich",
        "Piekary Śląskie",
        "śląskie",
        56_000,
        True,
        "Pomagamy młodym z małych miast w drodze do kariery w nowych technologiach.",
    ),
    (
        "Powiatowa i Miejska Biblioteka Publiczna w Wieliczce",
        "Wieliczka",
        "małopolskie",
        22_000,
        True,
        "",
    ),
    (
        "Biblioteka Miejska w Cieszynie",
        "Cieszyn",
        "śląskie",
        35_000,
        False,
        "Pomagamy młodym z małych miast w drodze do kariery w nowych technologiach.",
    ),
    (
        "Miejska Biblioteka Publiczna w Dąbrowie Górniczej",
        "Dąbrowa Górnicza",
        "śląskie",
        120_000,
        False,
        "",
    ),
    ("Miejska Biblioteka Publiczna w Głogowie", "Głogów", "dolnośląskie", 67_000, False, ""),
    ("Biblioteka Publiczna w Gołdapi", "Gołdap", "warmińsko-mazurskie", 13_000, False, ""),
    ("Miejska Biblioteka Publiczna w Jaśle", "Jasło", "podkarpackie", 36_000, False, ""),
    ("Krośnieńska Biblioteka Publiczna", "Krosno", "podkarpackie", 47_000, False, ""),
    (
        "Krotoszyńska Biblioteka Publiczna im. Arkadego Fiedlera w Krotoszynie",
        "Krotoszyn",
        "wielkopolskie",
        29_000,
        False,
        "Pomagamy młodym z małych miast w drodze do kariery w nowych technologiach.",
    ),
    (
        "Biblioteka Miejsko-Powiatowa w Kwidzynie",
        "Kwidzyn",
        "pomorskie",
        38_000,
        False,
        (
            "Diagnozujemy potrzeby mieszkańców razem z nimi. Z naszej Kreatywnej Kawiarenki "
            "wyrósł Klub Młodych Mam, sfinansowany z grantu Strefy Innowacji."
        ),
    ),
    ("Biblioteka Publiczna Miasta i Gminy Łapy", "Łapy", "podlaskie", 16_000, False, ""),
    ("Miejska Biblioteka Publiczna w Morągu", "Morąg", "warmińsko-mazurskie", 14_000, False, ""),
    (
        "Miejska i Powiatowa Biblioteka Publiczna w Nowym Tomyślu",
        "Nowy Tomyśl",
        "wielkopolskie",
        15_000,
        False,
        "Miejsce spotkań lokalnych organizacji pozarządowych.",
    ),
    (
        "Powiatowa i Miejska Biblioteka Publiczna w Oławie",
        "Oława",
        "dolnośląskie",
        33_000,
        False,
        "",
    ),
    (
        "Biblioteka Publiczna Miasta i Gminy Piaseczno",
        "Piaseczno",
        "mazowieckie",
        46_000,
        False,
        "",
    ),
    (
        "Miejska Biblioteka Publiczna im. Adama Próchnika w Piotrkowie Trybunalskim",
        "Piotrków Trybunalski",
        "łódzkie",
        75_000,
        False,
        "Pomagamy młodym z małych miast w drodze do kariery w nowych technologiach.",
    ),
    (
        "Miejska Biblioteka Publiczna im. Zofii Nałkowskiej w Przasnyszu",
        "Przasnysz",
        "mazowieckie",
        17_000,
        False,
        "",
    ),
    (
        "Biblioteka Publiczna im. Jarosława Iwaszkiewicza w Sępólnie Krajeńskim",
        "Sępólno Krajeńskie",
        "kujawsko-pomorskie",
        9_000,
        False,
        "",
    ),
    (
        "Miejska Biblioteka Publiczna w Słupsku",
        "Słupsk",
        "pomorskie",
        91_000,
        False,
        "Biblioteka, która animuje lokalną kulturę.",
    ),
    (
        "Biblioteka Sopocka im. Józefa Wybickiego w Sopocie",
        "Sopot",
        "pomorskie",
        37_000,
        False,
        "Biblioteka, która animuje lokalną kulturę.",
    ),
    (
        "Biblioteka Suska w Suchej Beskidzkiej",
        "Sucha Beskidzka",
        "małopolskie",
        9_000,
        False,
        "Pomagamy młodym z małych miast w drodze do kariery w nowych technologiach.",
    ),
    (
        "Miejska Biblioteka Publiczna im. Zofii Nałkowskiej w Wołominie",
        "Wołomin",
        "mazowieckie",
        37_000,
        False,
        "",
    ),
]

# Development passwords only: `make run` prints them; production creates real accounts.
# Other zones that ran the same diagnosis earlier (for the network view): slug, responses,
# weeks ago, results public.
NETWORK_SURVEYS = [
    ("jarocin", 140, 10, True),
    ("oswiecim", 90, 16, False),
    ("grodzisk-mazowiecki", 60, 6, True),
]
DEMO_ACCOUNTS = [
    ("koordynator@strefy.example.org", "Maria Koordynatorska", "demo-koordynator", None, None),
    (
        "bibliotekarka@kwidzyn.example.org",
        "Anna Nowak",
        "demo-bibliotekarka",
        "kwidzyn",
        Role.LIBRARIAN,
    ),
    ("urzednik@kwidzyn.example.org", "Piotr Kowalski", "demo-urzednik", "kwidzyn", Role.OFFICIAL),
]


def load_demo(passwords: dict[str, str] | None = None) -> dict[str, int]:
    """Create or update the demo zones and accounts; safe to run again (flushes only).

    `passwords` (e-mail -> password) replaces the published demo passwords: new demo
    accounts get them, and so do existing ones that still have their demo password."""
    created = {"zones": 0, "accounts": 0, "responses": 0}
    zones = {zone.slug: zone for zone in db.session.scalars(select(Zone))}
    for library_name, town, region, population, is_pilot, description in ZONES:
        slug = slugify(town)
        zone = zones.get(slug)
        if zone is None:
            zone = zones[slug] = Zone(slug=slug, description=description)
            db.session.add(zone)
            created["zones"] += 1
        zone.library_name, zone.town, zone.region = library_name, town, region
        zone.population, zone.is_pilot = population, is_pilot
        # The privacy notice's contacts, as a library fills them in (kept once edited).
        zone.privacy_address = zone.privacy_address or f"ul. Biblioteczna 1, {town}"
        zone.privacy_dpo = zone.privacy_dpo or f"iod@{slug}.example.org"
    db.session.flush()
    for email, name, demo_password, zone_slug, role in DEMO_ACCOUNTS:
        password = (passwords or {}).get(email, demo_password)
        user = find_user(email)
        if user is None:
            user = create_user(email, name, password, is_coordinator=zone_slug is None)
            created["accounts"] += 1
        elif password != demo_password and user.check_password(demo_password):
            change_password(user, password)
        if zone_slug:
            grant_role(user, zones[zone_slug], role)
    db.session.flush()
    created["responses"] = 0
    survey = load_demo_survey(zones["kwidzyn"])
    if survey is not None:
        created["responses"] = DEMO_RESPONSES
        librarian = find_user(DEMO_ACCOUNTS[1][0])
        load_demo_findings(survey, librarian.id if librarian else None)
    for seed, (slug, count, weeks_ago, public) in enumerate(NETWORK_SURVEYS):
        network = load_demo_survey(zones[slug], random.Random(seed), responses=count,  # noqa: S311
                                   weeks_ago=weeks_ago, public=public)  # fmt: skip
        if network is not None:
            created["responses"] += count
            load_network_findings(network, slug)
    librarian = find_user(DEMO_ACCOUNTS[1][0])
    if load_demo_cafe(zones["kwidzyn"], librarian.id if librarian else None) is not None:
        created["cafes"] = 1
    for slug in NETWORK_CAFES:  # the ideas behind other zones' programme examples
        if load_network_cafe(zones[slug]) is not None:
            created["cafes"] = created.get("cafes", 0) + 1
    coordinator = find_user(DEMO_ACCOUNTS[0][0])
    created["plans"] = load_demo_plans(
        zones, librarian.id if librarian else None, coordinator.id if coordinator else None
    )
    created["adoptions"] = load_demo_adoptions(zones, coordinator)
    created["catalogue_themes"] = load_demo_catalogue()
    return created


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Load only into a database without zones.")
@click.option(
    "--allow-production",
    is_flag=True,
    help="Load into a production database too, with random passwords printed once.",
)
@with_appcontext
def demo_command(if_empty: bool, allow_production: bool):
    """Load the demo data: the 25 zones, three accounts, Kwidzyn's survey and responses."""
    production = current_app.config["PRODUCTION"]
    if production and not allow_production:
        raise click.ClickException(
            "this is a production database (STREFY_ENV=production): demo data would add "
            "accounts anyone could guess. Use --allow-production to load it anyway, with "
            "random passwords."
        )
    # In production the published demo passwords are never used: each account gets a
    # random one, shown here only.
    passwords = (
        {email: secrets.token_urlsafe(12) for email, *_rest in DEMO_ACCOUNTS} if production else {}
    )
    if if_empty and db.session.scalar(select(func.count()).select_from(Zone)):
        click.echo("The database already has zones; demo data not loaded.")
        if production:
            return
    else:
        created = load_demo(passwords)
        db.session.commit()
        refresh_statistics()
        click.echo(
            f"Demo data loaded: {created['zones']} new zones, {created['accounts']} new "
            f"accounts, {created['responses']} survey responses."
        )
    if production:
        click.echo("\nDemo accounts (random passwords, shown only now):")
    else:
        click.echo("\nDemo accounts (development passwords):")
    for email, _name, demo_password, zone_slug, role in DEMO_ACCOUNTS:
        what = f"{role.value} of {zone_slug}" if role else "network coordinator"
        shown = passwords.get(email, demo_password)
        user = find_user(email)
        if production and user is not None and not user.check_password(shown):
            shown = "(existing account: password unchanged)"
        click.echo(f"  {what:<24} {email:<36} {shown}")
