"""Hostile URLs, query strings and forms on every route: a clear 4xx, never a 500; and
nothing private is cached.

Every rule in the url_map is walked, signed out and signed in as the zone's librarian:
each URL parameter in turn gets huge, negative, zero, non-numeric and malformed values;
every query parameter the code reads gets the same; and every HTML form found on the
pages is posted with NUL characters, lone surrogates and huge numbers in all its fields.
"""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

from app.cafes.models import Idea
from app.extensions import db
from tests.routes import MATRIX

APP = Path(__file__).resolve().parents[2] / "app"
# Every query parameter the code reads, found in the code itself, so that a new one is
# walked without anyone listing it here.
READS = re.compile(
    r"""(?:request\.(?:args|values)\.get(?:list)?\(|request\.args\[|int_arg\()["'](\w+)["']"""
)
# Per feature (app/<feature>/…, or "shared" for app/*.py), the query parameters it reads.
FEATURE_PARAMS: dict[str, set[str]] = {}
for _path in APP.rglob("*.py"):
    _parts = _path.relative_to(APP).parts
    FEATURE_PARAMS.setdefault(_parts[0] if len(_parts) > 1 else "shared", set()).update(
        READS.findall(_path.read_text())
    )
QUERY_PARAMS = sorted(set().union(*FEATURE_PARAMS.values()))
# Already percent-encoded where needed: sent as an attacker would type them.
HOSTILE = [
    "99999999999999999999",  # beyond BIGINT
    "2147483648",  # just beyond INTEGER
    "9" * 5000,  # beyond Python's int() digit limit
    "-1",
    "0",
    "abc",
    "%C2%B2",  # '²': str.isdigit() says yes, int() says no
    "%00",  # NUL: PostgreSQL text refuses it
    "%ED%A0%80",  # a lone surrogate, UTF-8 encoded
    "%FF",  # not UTF-8 at all
]
# For query strings, the values that reach parsing code differently (the walk is long).
QUERY_HOSTILE = ["99999999999999999999", "9" * 5000, "-1", "%C2%B2", "%00", "%ED%A0%80"]
# Refused by a before_request hook whichever parameter holds them (app/core/params.py): no
# view reads them, so the request with them in all the parameters at once says it all.
REFUSED_BEFORE_ANY_VIEW = {"%00", "%ED%A0%80"}
PARAMETER = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")
ROLES = ("anonymous", "librarian")


@pytest.fixture
def objects(route_objects):
    """One of each thing a route can name, as in the access matrix."""
    return route_objects


def valid_urls(objects) -> dict[tuple[str, str], str]:
    """(endpoint, method) -> a URL that works, from the access matrix (the plotly bundle,
    slow to compress the first time, has no parameters: left out)."""
    return {
        (endpoint, method): path.format(**objects)
        for endpoint, method, path in MATRIX
        if endpoint != "dashboards.plotly"
    }


def with_parameter(app, endpoint: str, method: str, url: str, name: str, value: str) -> str:
    """`url` (of `endpoint`) with the URL parameter `name` replaced by `value`."""
    adapter = app.url_map.bind("localhost")
    _endpoint, args = adapter.match(url.split("?")[0], method=method)
    rule = next(
        r for r in app.url_map.iter_rules(endpoint) if method in r.methods and name in r.arguments
    )

    def part(match):
        arg = match.group(1)
        return value if arg == name else quote(str(args[arg]), safe="")

    return PARAMETER.sub(part, rule.rule)


def send(client, method: str, url: str, token: str):
    if method == "GET":
        return client.get(url)
    return client.post(url, data={"csrf_token": token, "role-csrf_token": token})


def sign_in(role, login_as, zone):
    if role == "librarian":
        login_as("librarian", zone)


@pytest.mark.parametrize("role", ROLES)
def test_hostile_url_parameters_never_cause_a_500(
    role, app, client, objects, login_as, zone, csrf_token
):
    sign_in(role, login_as, zone)
    token = csrf_token()
    failures = []
    walked = 0
    for (endpoint, method), url in valid_urls(objects).items():
        rule = next(r for r in app.url_map.iter_rules(endpoint) if method in r.methods)
        for name in rule.arguments:
            for value in HOSTILE:
                hostile = with_parameter(app, endpoint, method, url, name, value)
                status = send(client, method, hostile, token).status_code
                walked += 1
                if status >= 500:
                    failures.append((status, method, hostile[:120]))
    assert walked > 500
    assert failures == []


@pytest.mark.parametrize("role", ROLES)
def test_hostile_query_parameters_never_cause_a_500(
    role, app, client, objects, login_as, zone, csrf_token
):
    assert {"page", "cafe", "by", "only", "status", "via", "next"} <= set(QUERY_PARAMS)
    sign_in(role, login_as, zone)
    token = csrf_token()
    failures = []
    for (endpoint, method), url in valid_urls(objects).items():
        if method != "GET":
            continue
        # The parameters read by the route's own feature, and the shared ones (app/*.py).
        feature = app.view_functions[endpoint].__module__.split(".")[1]
        names = sorted(FEATURE_PARAMS.get(feature, set()) | FEATURE_PARAMS["shared"])
        plain = send(client, method, url, token).status_code
        for value in QUERY_HOSTILE:
            # All the parameters at once; one at a time only where that answer differs from
            # the plain URL's (a parameter refused may hide how the others are read).
            together = f"{url}?{'&'.join(f'{name}={value}' for name in names)}"
            status = send(client, method, together, token).status_code
            if status >= 500:
                failures.append((status, together[:120]))
            if status == plain or value in REFUSED_BEFORE_ANY_VIEW:
                continue
            for name in names:
                hostile = f"{url}?{name}={value}"
                status = send(client, method, hostile, token).status_code
                if status >= 500:
                    failures.append((status, hostile[:120]))
    assert failures == []


def test_out_of_range_numbers_in_urls_are_not_found(client, objects):
    zone = objects["zone"]
    for url in (
        f"/zones/{zone}/boards/99999999999999999999",
        f"/zones/{zone}/boards/2147483648",
        f"/zones/{zone}/ideas/99999999999999999999",
        "/admin/users/99999999999999999999",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Pod tym adresem nie ma strony" in response.get_data(as_text=True)


def test_query_numbers_out_of_range_fall_back_or_are_refused_clearly(
    client, login_as, objects, zone
):
    login_as("librarian", zone)
    assert client.get(f"/zones/{zone.slug}/moderation?cafe=99999999999999999999").status_code == 200
    texts = f"/zones/{zone.slug}/surveys/{objects['survey']}/results/texts"
    # Every paged list reads ?page= with the one pager: too big a page is refused by name.
    response = client.get(f"{texts}?page=99999999999999999999")
    assert response.status_code == 400
    assert "Adres ma nieprawidłową wartość „page”" in response.get_data(as_text=True)
    login_as("coordinator")
    response = client.get("/admin/audit?page=99999999999999999999")
    assert response.status_code == 400
    assert "Adres ma nieprawidłową wartość „page”" in response.get_data(as_text=True)


class FormFinder(HTMLParser):
    """The POST forms of a page: action and the names of their fields."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, set[str]]] = []
        self._open = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.forms.append((attrs.get("action") or "", set()))
            self._open = True
        elif self._open and tag in ("input", "select", "textarea", "button") and "name" in attrs:
            self.forms[-1][1].add(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._open = False


def html_forms(client, urls) -> dict[str, set[str]]:
    """Every POST form on these pages: action URL -> field names."""
    forms: dict[str, set[str]] = {}
    for url in urls:
        response = client.get(url)
        if response.mimetype != "text/html":
            continue
        finder = FormFinder()
        finder.feed(response.get_data(as_text=True))
        for action, fields in finder.forms:
            forms.setdefault(action or url, set()).update(fields)
    return forms


# Field values an attacker types, encoded as the raw bytes they would send.
FORM_VALUES = {
    "nul": "ab%00cd",
    "surrogate": "ab%ED%A0%80cd",
    "surrogate-pair-halves": "%ED%A0%BD%ED%B8%80",  # CESU-8: halves of an emoji
    "huge": "99999999999999999999",
    "superscript": "%C2%B2",
}


@pytest.mark.parametrize("role", ROLES)
def test_hostile_text_in_every_html_form_never_causes_a_500(
    role, client, objects, login_as, zone, csrf_token
):
    sign_in(role, login_as, zone)
    get_urls = [
        url
        for (endpoint, method), url in valid_urls(objects).items()
        if method == "GET" and endpoint != "main.language"  # stay in Polish
    ]
    forms = html_forms(client, get_urls)
    assert len(forms) >= (20 if role == "librarian" else 5), sorted(forms)
    token = csrf_token()
    failures = []
    for action, fields in sorted(forms.items()):
        if action.startswith("/logout"):
            continue
        for kind, value in FORM_VALUES.items():
            pairs = [
                (quote(name), quote(token) if name.endswith("csrf_token") else value)
                for name in sorted(fields)
            ]
            body = "&".join(f"{name}={encoded}" for name, encoded in pairs)
            response = client.post(
                action, data=body, content_type="application/x-www-form-urlencoded"
            )
            if response.status_code >= 500:
                failures.append((response.status_code, kind, action))
            if kind == "nul" and len(fields) > 1:
                # Refused: a 400 naming the field, or the form's own error with the input
                # kept (forms marked validates_text_itself).
                html = response.get_data(as_text=True)
                assert response.status_code in (303, 400, 422), (action, response.status_code)
                assert response.status_code != 400 or "zawiera znaki, których" in html, action
    assert failures == []
    # Forms that refuse control characters themselves (a 422, or the board's decoy 303
    # for robots) stored none.
    assert not any("\x00" in f"{i.title}{i.description}" for i in db.session.query(Idea))


def test_nul_in_a_form_is_refused_naming_the_field_in_the_users_language(
    client, post_form, login_as, zone
):
    login_as("librarian", zone)
    edit = f"/zones/{zone.slug}/edit"
    response = post_form(edit, {"description": "Opis\x00", "town": "Kwidzyn"})
    assert response.status_code == 400
    assert "Pole „description” zawiera znaki" in response.get_data(as_text=True)
    client.get("/language/en")
    response = post_form(edit, {"description": "Opis\x00"})
    assert "The field “description” contains characters" in response.get_data(as_text=True)
    db.session.refresh(zone)
    assert "\x00" not in zone.description


def test_nul_in_a_query_string_is_refused(client, zone):
    response = client.get(f"/zones/{zone.slug}?via=%00")
    assert response.status_code == 400
    assert "Pole „via” zawiera znaki" in response.get_data(as_text=True)


# Cache-Control -----------------------------------------------------------------------

PUBLIC_ASSETS = {"static", "dashboards.plotly", "main.favicon"}


@pytest.mark.parametrize("role", ["librarian", "coordinator"])
def test_every_response_to_a_signed_in_person_is_private_no_store(
    role, client, objects, login_as, zone, csrf_token
):
    login_as(role, zone) if role == "librarian" else login_as(role)
    token = csrf_token()
    checked = 0
    for (endpoint, method), url in valid_urls(objects).items():
        if endpoint in PUBLIC_ASSETS or endpoint == "auth.logout":
            continue
        response = send(client, method, url, token)
        assert response.headers.get("Cache-Control") == "private, no-store", (
            method,
            url,
            response.status_code,
        )
        checked += 1
    assert checked > 80


def test_role_pages_are_private_even_signed_out_and_assets_keep_their_caching(
    client, objects, login_as, zone
):
    for url in (f"/zones/{zone.slug}/moderation", f"/zones/{zone.slug}/surveys"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.headers["Cache-Control"] == "private, no-store"
    # A public page for a resident stays cacheable by the browser's own rules.
    assert "no-store" not in client.get(f"/zones/{zone.slug}").headers.get("Cache-Control", "")
    login_as("librarian", zone)
    assert "no-store" not in client.get("/static/css/app.css").headers.get("Cache-Control", "")


def test_query_string_helper_values(app):
    from app.core.params import int_arg

    cases = {
        "": 7,
        "12": 12,
        "0": 7,
        "-1": 7,
        "²": 7,
        "99999999999999999999": 7,
        "2147483647": 2147483647,
        "2147483648": 7,
    }
    for raw, expected in cases.items():
        with app.test_request_context("/?" + urlencode({"n": raw})):
            assert int_arg("n", 7, minimum=1) == expected, raw
