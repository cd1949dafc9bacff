"""One factory per core model: zones, accounts (with their role) and surveys.

Plain functions that add what they make to the database and commit it; they need an app
context, which the `app` fixture gives every test. The fixtures of the same names in
conftest.py hand these functions to tests that have no app yet:
`def test_x(make_zone): make_zone(town="Sopot")`, or import them in a feature's own factories.
"""

from itertools import count

from app.auth.models import Role, User
from app.auth.services import create_user, grant_role
from app.extensions import db
from app.surveys.models import Survey
from app.surveys.schema import parse_template
from app.surveys.services import create_survey, open_survey
from app.zones.models import Zone
from tests.helpers import PASSWORD, SMALL_TEMPLATE

_serial = count(1)


# The two zones most tests act in: conftest's `zone` and `other_zone`, and the access
# matrix's world (tests/matrix/conftest.py).
KWIDZYN = {"slug": "kwidzyn", "town": "Kwidzyn",
           "library_name": "Biblioteka Miejsko-Powiatowa w Kwidzynie"}  # fmt: skip
SOPOT = {"slug": "sopot", "town": "Sopot", "library_name": "Biblioteka Sopocka"}


def make_zone(**fields) -> Zone:
    """make_zone(town="Kwidzyn", ...): a zone; every field has a unique default."""
    n = next(_serial)
    town = fields.pop("town", f"Miasto {n}")
    defaults = {
        "slug": f"zone-{n}",
        "library_name": f"Biblioteka Publiczna w mieście {n}",
        "town": town,
        "region": "pomorskie",
        "population": 10_000 + n,
        "is_pilot": False,
        "description": "",
    }
    zone = Zone(**(defaults | fields))
    db.session.add(zone)
    db.session.commit()
    return zone


def make_user(role: str | None = None, zone: Zone | None = None, **fields) -> User:
    """make_user(role="librarian", zone=zone): an account with PASSWORD and that role.

    Roles: None (a resident's account), "librarian" or "official" (of `zone`), "coordinator".
    Other fields (email, name, password, any column of User) override the defaults.
    """
    n = next(_serial)
    user = create_user(
        fields.pop("email", f"person{n}@example.org"),
        fields.pop("name", f"Osoba {n}"),
        fields.pop("password", PASSWORD),
        is_coordinator=role == "coordinator",
    )
    if role in (Role.LIBRARIAN, Role.OFFICIAL):
        grant_role(user, zone, Role(role))
    for name, value in fields.items():
        setattr(user, name, value)
    db.session.commit()
    return user


def make_survey(
    zone: Zone, template=None, slug: str = "proba", *, opened: bool = True, **settings
) -> Survey:
    """THE survey factory: a survey of SMALL_TEMPLATE (or `template`, parsed or YAML) in
    `zone`, open for answers unless opened=False, with any column set from `settings`
    (allow_repeat=True, requires_code=True…); committed."""
    if template is None or isinstance(template, str):
        template = parse_template(template or SMALL_TEMPLATE, f"{slug}.yaml")
    survey = create_survey(zone, template, slug=slug)
    if opened:
        open_survey(survey)
    for name, value in settings.items():
        setattr(survey, name, value)
    db.session.commit()
    return survey
