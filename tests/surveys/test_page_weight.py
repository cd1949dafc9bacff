"""A survey page, with everything it loads, weighs at most 30 KB compressed (HTML, CSS, JS,
fonts, icons together) and makes no request to another host.

Residents answer on phones, often on a slow or capped connection, so every page of the demo
diagnosis survey (the largest template) is weighed as a browser would load it: the HTML, then
every stylesheet, script, icon and image it references, then every url(...) inside the CSS.
"""

import gzip
import random
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from app.extensions import db
from app.surveys.models import Survey

BUDGET = 30 * 1024  # bytes, compressed, for one page and everything it loads
BASE = "http://localhost/"  # where the Flask test client pretends to be
ACCEPT = {"Accept-Encoding": "gzip"}

# Valid answers for each section of surveys/diagnoza-potrzeb.yaml, to walk through it.
SECTION_ANSWERS = [
    {"czego_brakuje": ["zajecia_mlodziez"], "dobre_miejsce": "7"},
    {"gdzie_spotkania": ["biblioteka"], "skad_informacje": ["plakaty"], "informacje_latwo": "4"},
    {
        "wizyty_w_bibliotece": "co_miesiac",
        "polecenie_biblioteki": "9",
        "priorytety_strefy__klub_rodzicow": "1",
        "priorytety_strefy__zajecia_mlodziez": "2",
        "priorytety_strefy__warsztaty_cyfrowe": "3",
        "priorytety_strefy__wydarzenia_kulturalne": "4",
        "priorytety_strefy__informator_lokalny": "5",
    },
    {"zaangazowanie": "pomagac"},
    {"grupa_wieku": "wiek_25_34"},
]

# The resources a page makes the browser fetch (links to other pages are not fetched).
LOADED_LINK_RELS = {"stylesheet", "icon", "apple-touch-icon", "preload", "modulepreload"}
LOADED_LINK_RELS |= {"manifest", "mask-icon"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.IGNORECASE)


class ResourceFinder(HTMLParser):
    """The URLs of what a page loads: stylesheets, icons, scripts, images, media, frames."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.inline_css: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and LOADED_LINK_RELS & set((attrs.get("rel") or "").lower().split()):
            self._add(attrs.get("href"))
        elif tag in ("script", "img", "iframe", "source", "audio", "video", "embed", "input"):
            self._add(attrs.get("src"))
        if tag in ("img", "source"):
            for candidate in (attrs.get("srcset") or "").split(","):
                self._add(candidate.strip().split(" ")[0])
        if tag == "video":
            self._add(attrs.get("poster"))
        if tag == "object":
            self._add(attrs.get("data"))
        if attrs.get("style"):
            self.inline_css.append(attrs["style"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.inline_css.append(data)

    def _add(self, url):
        if url and url.strip():
            self.urls.append(url.strip())


def css_urls(css: str) -> list[str]:
    return [m.group(2) or m.group(4) for m in CSS_URL.finditer(css) if m.group(2) or m.group(4)]


@dataclass
class Weight:
    """What one page made the browser download: compressed bytes by URL."""

    page: str
    sizes: dict[str, int] = field(default_factory=dict)
    compressed_by_app: dict[str, bool] = field(default_factory=dict)
    elsewhere: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.sizes.values())

    def report(self) -> str:
        lines = [f"{self.page}: {self.total / 1024:.1f} KB compressed (budget 30 KB)"]
        for url, size in self.sizes.items():
            how = "by the app" if self.compressed_by_app[url] else "gzip -6, as the proxy would"
            lines.append(f"  {size / 1024:6.1f} KB  {url}  ({how})")
        return "\n".join(lines)


def compressed_size(response) -> tuple[int, bool]:
    """Bytes on the wire: the body as sent when the app compressed it, else gzip level 6.

    Pages are compressed by the app (Flask-Compress). Static files are not (COMPRESS_STREAMS
    is off): in production the reverse proxy gzips them, which gzip -6 stands for here.
    """
    body = response.get_data()
    if response.headers.get("Content-Encoding") in ("gzip", "br", "deflate", "zstd"):
        return len(body), True
    return len(gzip.compress(body, compresslevel=6, mtime=0)), False


def same_host(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme == "data" or (
        parts.scheme in ("http", "https") and parts.netloc == "localhost"
    )


def weigh(client, path: str, page=None) -> Weight:
    """Fetch `path` (or take its response, `page`) and everything it loads, as a phone would."""
    weight = Weight(path)
    queue = [urljoin(BASE, path)]
    while queue:
        url = queue.pop(0)
        if url in weight.sizes or url in weight.elsewhere or url.startswith("data:"):
            continue  # data: URLs are inline, already counted in the file that holds them
        if not same_host(url):
            weight.elsewhere.append(url)
            continue
        if page is not None and url == urljoin(BASE, path):
            response = page
        else:
            parts = urlsplit(url)
            response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""),
                                  headers=ACCEPT)  # fmt: skip
        with response:
            assert response.status_code < 300 or response is page, f"{url}: {response.status}"
            weight.sizes[url], weight.compressed_by_app[url] = compressed_size(response)
            if response.mimetype == "text/html" and url == urljoin(BASE, path):
                finder = ResourceFinder()
                finder.feed(decoded(response))
                refs = finder.urls + [ref for css in finder.inline_css for ref in css_urls(css)]
            elif response.mimetype == "text/css":
                refs = css_urls(decoded(response))
            else:
                refs = []
        queue.extend(urljoin(url, ref) for ref in refs)
    return weight


def decoded(response) -> str:
    """The text of a response, as the browser sees it once decompressed."""
    body = response.get_data()
    encoding = response.headers.get("Content-Encoding")
    assert encoding in (None, "gzip"), f"{encoding} sent to a client that accepts only gzip"
    if encoding == "gzip":
        body = gzip.decompress(body)
    return body.decode(response.mimetype_params.get("charset", "utf-8"))


# The survey's pages -----------------------------------------------------------------


@pytest.fixture
def diagnosis(demo) -> Survey:
    """Kwidzyn's open demo diagnosis survey (with its 320 demo responses)."""
    return db.session.scalar(
        db.select(Survey).where(Survey.template_key == "diagnoza_potrzeb", Survey.status == "open")
    )


@pytest.fixture
def survey_pages(client, csrf_token, diagnosis) -> dict[str, str]:
    """The paths of the survey's pages as a resident reaches them: the intro, then each
    section (all answered but the last, so that every section page can still be opened)."""
    intro = f"/zones/{diagnosis.zone.slug}/surveys/{diagnosis.slug}"
    token = csrf_token(intro)
    started = client.post(f"{intro}/start", data={"csrf_token": token})
    pages = {"intro": intro}
    path = urlsplit(started.headers["Location"]).path
    for n, answers in enumerate(SECTION_ANSWERS):
        pages[f"section {n + 1}"] = path
        if n + 1 < len(SECTION_ANSWERS):
            reply = client.post(path, data={"csrf_token": token, "action": "next", **answers})
            assert reply.status_code == 302, f"section {n + 1} refused the answers"
            path = urlsplit(reply.headers["Location"]).path
    pages["token"] = token
    return pages


def check_page(weight: Weight) -> None:
    """The promise: nothing from another host, and at most 30 KB on the wire."""
    assert weight.elsewhere == [], f"{weight.page} loads from other hosts: {weight.elsewhere}"
    assert weight.total <= BUDGET, f"over budget: {weight.report()}"


PAGES = ["intro", *(f"section {n + 1}" for n in range(len(SECTION_ANSWERS)))]


@pytest.mark.parametrize("name", PAGES)
def test_a_survey_page_with_all_it_loads_fits_in_30_kb(client, survey_pages, name, record_property):
    weight = weigh(client, survey_pages[name])
    record_property("compressed_bytes", weight.total)
    print(weight.report())  # noqa: T201 - the figure, shown with -s and in the junit XML

    # The page did load its stylesheet, script and icon: they are part of the weight.
    loaded = " ".join(weight.sizes)
    assert "/static/css/app.css" in loaded, weight.report()
    assert "/static/favicon.svg" in loaded, weight.report()
    if name != "intro":
        assert "/static/js/survey.js" in loaded, weight.report()
    check_page(weight)


def test_the_largest_section_with_its_error_summary_fits_in_30_kb(
    client, survey_pages, record_property
):
    path = survey_pages["section 1"]
    page = client.post(path, data={"csrf_token": survey_pages["token"], "action": "next"},
                       headers=ACCEPT)  # fmt: skip
    assert page.status_code == 422  # every required question left empty: the error summary
    weight = weigh(client, path, page=page)
    record_property("compressed_bytes", weight.total)
    print(weight.report())  # noqa: T201
    check_page(weight)


def test_a_section_page_is_compressed_by_the_app(client, survey_pages):
    with client.get(survey_pages["section 1"], headers=ACCEPT) as response:
        assert response.status_code == 200
        assert response.headers.get("Content-Encoding") in ("gzip", "br")
        assert "accept-encoding" in response.headers.get("Vary", "").lower()
        assert "Zajęć dla nastolatków" in decoded(response)


# The measure itself: it must notice a heavier page and a resource from elsewhere. --------


@pytest.fixture
def tamper(app, monkeypatch):
    """tamper(html=..., css=...): add text to every page's <head> and to the stylesheet,
    as a careless change to the templates or app.css would."""

    def install(html: str = "", css: bytes = b"") -> None:
        original = app.process_response

        def process_response(response):
            if response.mimetype == "text/html" and html:
                page = response.get_data(as_text=True).replace("</head>", f"{html}</head>")
                response.set_data(page)
            elif response.mimetype == "text/css" and css:
                response.direct_passthrough = False
                response.set_data(response.get_data() + css)
            return original(response)

        monkeypatch.setattr(app, "process_response", process_response)

    return install


def test_the_measure_notices_a_heavier_page(client, survey_pages, tamper):
    before = weigh(client, survey_pages["section 1"]).total
    noise = random.Random(0).randbytes(BUDGET - before + 1024).hex().encode()
    tamper(css=b"/* " + noise + b" */")

    weight = weigh(client, survey_pages["section 1"])
    assert weight.total > BUDGET
    with pytest.raises(AssertionError, match="over budget"):
        check_page(weight)


def test_the_measure_notices_resources_from_other_hosts(client, survey_pages, tamper):
    tamper(
        html='<script src="https://cdn.example.net/lib.js"></script>'
        '<link rel="stylesheet" href="//fonts.example.net/css?family=Lato">',
        css=b"@import 'https://cdn.example.net/reset.css';"
        b'@font-face { font-family: Lato; src: url("https://fonts.example.net/lato.woff2"); }',
    )

    weight = weigh(client, survey_pages["section 1"])
    assert sorted(weight.elsewhere) == [
        "http://fonts.example.net/css?family=Lato",
        "https://cdn.example.net/lib.js",
        "https://cdn.example.net/reset.css",
        "https://fonts.example.net/lato.woff2",
    ]
    with pytest.raises(AssertionError, match="other hosts"):
        check_page(weight)
