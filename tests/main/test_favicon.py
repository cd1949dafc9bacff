"""The site's icon: /favicon.ico answers, and every page, posters included, names an icon
that exists (else browsers ask for /favicon.ico and log a 404)."""

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).parents[2] / "app"
ICON_LINK = re.compile(r'<link rel="icon" href="([^"]+)"')


def test_favicon_ico_is_an_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype == "image/vnd.microsoft.icon"
    assert response.data[:4] == b"\x00\x00\x01\x00"  # the ICO format's signature
    assert response.cache_control.max_age > 0


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/account",
        "/zones/kwidzyn/surveys/proba/poster",
        "/zones/kwidzyn/surveys/proba/codes",
        "/zones/kwidzyn/cafes/{cafe}/poster",
        "/zones/kwidzyn/surveys/proba/report",
        "/no-such-page",
    ],
)
def test_every_page_names_icons_that_exist(client, login_as, survey, cafe, path):
    login_as("librarian")
    html = client.get(path.format(cafe=cafe.slug)).get_data(as_text=True)
    icons = ICON_LINK.findall(html)
    assert "/favicon.ico" in icons
    for href in icons:
        assert client.get(href).status_code == 200, href


@pytest.mark.parametrize(
    "template",
    # E-mails' HTML (templates/mail/) is no page: a mail client shows no icons.
    sorted(
        p
        for p in TEMPLATES.rglob("*.html")
        if "<html" in p.read_text() and "mail" not in p.relative_to(TEMPLATES).parts
    ),
    ids=lambda p: str(p.relative_to(TEMPLATES)),
)
def test_every_stand_alone_page_includes_the_icons(template):
    """A page that does not extend base.html (a poster) names the icons itself."""
    assert '{% include "_icons.html" %}' in template.read_text()
