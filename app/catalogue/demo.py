"""Demo programme themes for the demo plans' actions, by (zone slug, action title). A title
of None gives the themes to every action of that zone's plan that has no entry of its own
(for plans whose action titles may change). Zones or actions that are not there are passed
over; an action that has themes already keeps them, so loading twice changes nothing.
"""

from sqlalchemy import select

from app.catalogue import services
from app.catalogue.models import EntryKind, EntryTheme, ProgrammeTheme
from app.extensions import db
from app.plans.models import Action, Plan
from app.zones.models import Zone

T = ProgrammeTheme
DEMO_THEMES: dict[tuple[str, str | None], tuple[ProgrammeTheme, ...]] = {
    ("kwidzyn", "Klub Młodych Mam"): (T.FAMILIES,),
    ("kwidzyn", "Piątkowe wieczory gier planszowych"): (T.YOUTH,),
    ("kwidzyn", "Wnuki uczą dziadków"): (T.SENIORS, T.EDUCATION),
    ("jarocin", "Kalendarz miejski w internecie"): (T.LOCAL_INFORMATION,),
    ("jarocin", "Szkolenia dla redaktorów kalendarza"): (T.LOCAL_INFORMATION, T.EDUCATION),
    ("oswiecim", "Internetowe radio OIL"): (T.LOCAL_INFORMATION,),
    ("oswiecim", "Warsztaty dziennikarskie dla młodzieży"): (T.LOCAL_INFORMATION, T.YOUTH),
    ("nowy-tomysl", None): (T.CIVIC_LIFE,),
    ("grodzisk-mazowiecki", None): (T.NEIGHBOURHOODS,),
    ("piekary-slaskie", None): (T.TECHNOLOGY, T.YOUTH),
    ("cieszyn", None): (T.TECHNOLOGY, T.YOUTH),
    ("krotoszyn", None): (T.TECHNOLOGY, T.YOUTH),
    ("piotrkow-trybunalski", None): (T.TECHNOLOGY, T.YOUTH),
    ("sucha-beskidzka", None): (T.TECHNOLOGY, T.YOUTH),
    ("sopot", None): (T.CULTURE,),
    ("slupsk", None): (T.CULTURE,),
}


def load_demo_catalogue() -> int:
    """Give the demo plans' actions their themes (flushes); the number of actions given
    themes now."""
    slugs = {slug for slug, _title in DEMO_THEMES}
    actions = db.session.execute(
        select(Zone.slug, Action)
        .select_from(Action)
        .join(Plan, Plan.id == Action.plan_id)
        .join(Zone, Zone.id == Plan.zone_id)
        .where(Zone.slug.in_(slugs))
    ).all()
    themed = set(
        db.session.scalars(
            select(EntryTheme.entry_id).where(EntryTheme.kind == EntryKind.ACTION.value)
        )
    )
    made = 0
    for slug, action in actions:
        themes = DEMO_THEMES.get((slug, action.title)) or DEMO_THEMES.get((slug, None))
        if not themes or action.id in themed:
            continue
        services.set_themes(EntryKind.ACTION.value, action.id, themes)
        made += 1
    return made
