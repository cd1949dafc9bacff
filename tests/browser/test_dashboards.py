"""Kwidzyn's diagnosis dashboard in a real browser: charts really drawn (under the CSP), the
tables there without JavaScript, axe-clean at a phone's and a desktop's size."""

import re

import pytest
from playwright.sync_api import expect

from app.extensions import db
from tests.browser.helpers import LANDING, LOCALES

RESULTS = "/zones/kwidzyn/surveys/diagnoza-potrzeb-mieszkancow/results"
OFFICIAL = ("urzednik@kwidzyn.example.org", "demo-urzednik")
LIBRARIAN = ("bibliotekarka@kwidzyn.example.org", "demo-bibliotekarka")
GROUPS = {"pl": ["Tak", "Nie"], "en": ["Yes", "No"]}  # parents of small children or not
TITLE = {"pl": "Wyniki: Diagnoza potrzeb mieszkańców", "en": "Results: Residents' needs diagnosis"}
COMPARED = {"pl": "Porównanie według pytania", "en": "Compared by"}
PUBLISH = {"pl": "Udostępnij wyniki publicznie", "en": "Make the results public"}
CONFIRM = {"pl": "Udostępnić wyniki publicznie?", "en": "Make the results public?"}
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


def signed_in(page, sign_in, who, lang="pl"):
    page.goto("/login")
    sign_in(page, *who, lang=lang)
    expect(page.get_by_role("heading", level=1)).to_have_text(LANDING[lang])
    return page


def watch_console(page) -> list[str]:
    """Errors the page logs, CSP violations included."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def start_reading(page) -> None:
    """The reader acts on the page (here: presses a key): until then charts.js fetches
    nothing, the tables are the page."""
    page.keyboard.press("Shift")


def draw_every_chart(page) -> None:
    """Charts are drawn as they come near the screen, one at a time, once the reader acts:
    scroll past each one, as a reader does, and wait until it is drawn."""
    start_reading(page)
    plots = page.locator("[data-figure]")
    for i in range(plots.count()):
        plots.nth(i).scroll_into_view_if_needed()
        expect(plots.nth(i).locator("xpath=ancestor::figure[1]")).to_have_class(
            re.compile(r"\bchart-drawn\b"), timeout=30_000
        )


def assert_charts_drawn(page, at_least: int) -> None:
    """Every chart has an SVG with visible bars, and its table folded away under it."""
    draw_every_chart(page)
    drawn = page.locator("figure.chart-drawn")
    expect(drawn.first).to_be_visible()
    count = drawn.count()
    assert count >= at_least
    assert page.locator("[data-figure]").count() == count  # every chart, not some
    bars = page.evaluate(
        """() => [...document.querySelectorAll('figure.chart-drawn')].map(f =>
            [...f.querySelectorAll('svg .bars path, svg .point path')]
              .filter(p => { const b = p.getBBox(); return b.width > 0 && b.height > 0; })
              .length)"""
    )
    assert all(n > 0 for n in bars), bars
    assert page.locator("figure.chart-drawn details.chart-data[open]").count() == 0


def assert_groups_named_by_their_bars(page, section: str, groups: list[str]) -> None:
    """Each bar of a comparison has its group's name written right above it, on screen:
    groups are told apart without telling colours apart (WCAG 1.4.1)."""
    found = page.evaluate(
        """([section, groups]) => {
            const figure = document.querySelector(section + ' figure.chart-drawn');
            const names = [...figure.querySelectorAll('.annotation text, .textpoint text')].map(t =>
                ({text: t.textContent, box: t.getBoundingClientRect()}));
            return [...figure.querySelectorAll('.trace.bars')].map((trace, i) =>
                [...trace.querySelectorAll('.point path')].filter(path => {
                    const b = path.getBBox(); return b.width > 0 && b.height > 0;
                }).map(path => {
                    const bar = path.getBoundingClientRect();
                    return names.some(n => n.text === groups[i] && n.box.bottom <= bar.top + 2
                        && n.box.bottom >= bar.top - 10 && Math.abs(n.box.left - bar.left) < 8);
                }));
        }""",
        [section, groups],
    )
    assert len(found) == len(groups)
    assert all(bars and all(bars) for bars in found), found


def compare_everything(page, lang: str, dimension: str) -> None:
    """The form at the top (each question has its own too, further down)."""
    form = page.locator("section.filters form")
    form.get_by_label(
        {"pl": "Porównaj grupy według", "en": "Compare groups by"}[lang]
    ).select_option(dimension)
    form.get_by_role("button", name={"pl": "Pokaż", "en": "Show"}[lang], exact=True).click()


def assert_legends_clear_of_plots(page) -> None:
    """No chart's legend covers its plot (its first bar and that bar's label)."""
    overlaps = page.evaluate(
        """() => [...document.querySelectorAll('figure.chart-drawn')].flatMap(f => {
            const legend = f.querySelector('g.legend'), plot = f.querySelector('.nsewdrag');
            if (!legend || !plot) return [];
            const l = legend.getBoundingClientRect(), p = plot.getBoundingClientRect();
            return l.bottom > p.top + 1 && l.top < p.bottom ? [f.closest('section').id] : [];
        })"""
    )
    assert page.locator("figure.chart-drawn g.legend").count() > 0
    assert overlaps == []


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_an_official_reads_the_dashboard_on_a_phone(phone, sign_in, axe_check, demo, lang):
    page = phone(lang)
    errors = watch_console(page)
    signed_in(page, sign_in, OFFICIAL, lang)
    page.goto(RESULTS)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE[lang])
    # The findings head the page; the first is about parents with nowhere to meet.
    findings = page.locator("#findings-title")
    expect(findings).to_be_visible()
    expect(page.get_by_text(re.compile("rodziców małych dzieci"))).to_have_count(2)
    assert_charts_drawn(page, at_least=15)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    axe_check(page)
    assert errors == []

    # A chart's picture is not blank: its pixels are not all one colour.
    shot = page.locator("figure.chart-drawn .chart-plot").nth(1).screenshot()
    assert len(shot) > 3000

    # Compare parents with everyone else: a legend appears, the charts are redrawn.
    compare_everything(page, lang, "rodzic_malego_dziecka")
    expect(page).to_have_url(re.compile(r"by=rodzic_malego_dziecka"))
    # The reloaded page says at its top that a comparison is on.
    banner = page.locator("#comparison")
    expect(banner).to_contain_text(COMPARED[lang])
    assert banner.bounding_box()["y"] < 844
    assert_charts_drawn(page, at_least=15)
    assert_groups_named_by_their_bars(page, "#q-czego_brakuje", GROUPS[lang])
    assert_legends_clear_of_plots(page)
    axe_check(page)
    assert errors == []


def test_the_dashboard_on_a_desktop(browser, live_server, sign_in, axe_check, demo):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server,
                                  locale="pl-PL")  # fmt: skip
    try:
        page = context.new_page()
        errors = watch_console(page)
        signed_in(page, sign_in, OFFICIAL)
        page.goto(RESULTS)
        assert_charts_drawn(page, at_least=15)
        width = page.locator("figure.chart-drawn .chart-plot svg.main-svg").first.get_attribute(
            "width"
        )
        assert 600 < float(width) <= 960  # the chart fills the column, not a fixed 700 px
        axe_check(page)
        assert errors == []
    finally:
        context.close()


def test_without_javascript_every_table_is_there(browser, live_server, sign_in, demo):
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server,
                                  locale="pl-PL", java_script_enabled=False)  # fmt: skip
    try:
        page = signed_in(context.new_page(), sign_in, OFFICIAL)
        page.goto(RESULTS)
        tables = page.locator("details.chart-data[open] table")
        assert tables.count() >= 16
        expect(page.locator("svg.main-svg")).to_have_count(0)
        expect(page.locator("#q-czego_brakuje table")).to_contain_text("Miejsca, gdzie rodzice")
    finally:
        context.close()


def test_when_plotly_does_not_load_the_tables_stay_open(phone, sign_in, demo):
    page = phone("pl")
    page.route(re.compile(r".*/assets/plotly-strefy-.*"), lambda route: route.abort())
    signed_in(page, sign_in, OFFICIAL)
    page.goto(RESULTS)
    expect(page.locator("#q-czego_brakuje details.chart-data")).to_have_attribute("open", "")
    expect(page.locator("#q-czego_brakuje table")).to_be_visible()


@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize("lang", ["pl", "en"])
def test_a_librarian_finds_her_way_and_makes_the_results_public(
    browser, live_server, sign_in, axe_check, demo, lang, size
):
    """The contents, the comparison's banner and the confirmation before publishing."""
    context = browser.new_context(viewport=VIEWPORTS[size], base_url=live_server,
                                  locale=LOCALES[lang])  # fmt: skip
    try:
        page = signed_in(context.new_page(), sign_in, LIBRARIAN, lang)
        errors = watch_console(page)
        page.goto(RESULTS)
        # Publishing starts near the top: within the first screen.
        start = page.get_by_role("link", name=PUBLISH[lang])
        assert start.bounding_box()["y"] < VIEWPORTS[size]["height"]
        contents = page.locator("#contents")
        contents.locator("summary").click()
        target = contents.locator('a[href="#q-czego_brakuje"]')
        expect(target).to_be_visible()
        axe_check(page)
        target.click()
        expect(page).to_have_url(re.compile(r"#q-czego_brakuje$"))
        expect(page.locator("#q-czego_brakuje h3")).to_be_in_viewport()

        # Strongest first: the order chosen is the one marked, and the contents follow it.
        page.locator(".order-choice a").nth(1).click()
        expect(page).to_have_url(re.compile(r"order=strongest"))
        expect(page.locator(".order-choice a[aria-current]")).to_have_attribute(
            "href", re.compile("strongest")
        )
        first = page.locator("section.result").first.get_attribute("id")
        assert page.locator("#contents li li a").first.get_attribute("href") == f"#{first}"

        # A comparison: the banner on top, and one link turns it off.
        compare_everything(page, lang, "rodzic_malego_dziecka")
        banner = page.locator("#comparison")
        expect(banner).to_contain_text(COMPARED[lang])
        expect(banner).to_be_in_viewport()
        axe_check(page)
        banner.get_by_role(
            "link", name=re.compile({"pl": "Wyłącz", "en": "Turn off"}[lang])
        ).click()
        expect(page.locator("#comparison")).to_have_count(0)
        expect(page).to_have_url(re.compile(r"order=strongest"))
        expect(page).not_to_have_url(re.compile(r"by="))

        # The same for one question: the page opens at that question's result.
        one = page.locator("#q-czego_brakuje + details.compare-one")
        one.locator("summary").click()
        one.locator("select").select_option("rodzic_malego_dziecka")
        one.get_by_role("button").click()
        expect(page).to_have_url(re.compile(r"by=rodzic_malego_dziecka.*#q-czego_brakuje$"))
        expect(page.locator("#q-czego_brakuje h3")).to_be_in_viewport()
        expect(page.locator("#comparison")).to_contain_text(COMPARED[lang])

        # The confirmation says what residents will see, then publishes.
        page.get_by_role("link", name=PUBLISH[lang]).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(CONFIRM[lang])
        expect(page.locator(".public-url")).to_contain_text(live_server + RESULTS)
        expect(page.locator(".shown-questions li").first).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[size]["width"]
        axe_check(page)
        page.locator("main form").get_by_role("button", name=PUBLISH[lang]).click()
        expect(page.get_by_role("status").first).to_contain_text(
            {"pl": "Wyniki są publiczne", "en": "The results are public"}[lang]
        )
        assert errors == []
    finally:
        context.close()


def test_residents_see_the_published_results(phone, sign_in, axe_check, demo):
    """What the confirmation promised: the figures for everyone together, no comparison."""
    page = signed_in(phone("pl"), sign_in, LIBRARIAN)
    page.goto(RESULTS + "/public")
    page.locator("main form").get_by_role("button", name=PUBLISH["pl"]).click()
    expect(page.get_by_role("status").first).to_contain_text("Wyniki są publiczne")
    resident = phone("pl")
    errors = watch_console(resident)
    resident.goto(RESULTS)
    expect(resident.get_by_role("heading", level=1)).to_have_text(TITLE["pl"])
    expect(resident.get_by_label("Porównaj grupy według")).to_have_count(0)
    expect(resident.get_by_role("link", name=PUBLISH["pl"])).to_have_count(0)
    assert_charts_drawn(resident, at_least=15)
    axe_check(resident)
    assert errors == []


REPORT = RESULTS.replace("/results", "/report")
NETWORK = "/network/results/diagnoza_potrzeb"
COORDINATOR = ("koordynator@strefy.example.org", "demo-koordynator")
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
REPORT_PAGES = 8  # the short report's budget of A4 pages on the demo data (7 when written)


def a4_pages(page) -> int:
    """The page printed to A4, in pages (the browser's print layout, as Ctrl+P gives it)."""
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=True)
    page.emulate_media(media="screen")
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


@pytest.fixture
def screen(browser, live_server, phone):
    """screen(size, lang): a page on a phone, or a desktop of 1280 by 900."""
    contexts = []

    def open_screen(size: str, lang: str):
        if size == "phone":
            return phone(lang)
        db.session.commit()
        headers = {"Accept-Language": LOCALES[lang]}
        context = browser.new_context(
            **DESKTOP, base_url=live_server, locale=LOCALES[lang], extra_http_headers=headers
        )
        contexts.append(context)
        return context.new_page()

    yield open_screen
    for context in contexts:
        context.close()


@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize("lang", ["pl", "en"])
def test_the_report_is_short_on_a4_with_its_charts(screen, sign_in, axe_check, demo, lang, size):
    page = screen(size, lang)
    watch_csp(page)
    errors = watch_console(page)
    signed_in(page, sign_in, OFFICIAL, lang)
    page.goto(REPORT)
    words = {
        "pl": ("Jak przeprowadzono badanie", "Drukuj", "Dołącz pełne tabele (aneks)",
               "Aneks: pełne tabele", "Pomiń pełne tabele"),
        "en": ("How the survey was done", "Print", "Include the full tables (appendix)",
               "Appendix: the full tables", "Leave out the full tables"),
    }[lang]  # fmt: skip
    method, print_label, include, appendix, leave_out = words
    expect(page.get_by_role("heading", name=method)).to_be_visible()
    expect(page.get_by_role("button", name=print_label)).to_be_visible()
    # Each question's chart is drawn on the server: there before any script, and on paper.
    bars = page.locator("#q-czego_brakuje svg.bar")
    expect(bars).to_have_count(10)
    expect(page.locator("svg.main-svg")).to_have_count(0)
    expect(page.get_by_role("heading", name=appendix)).to_have_count(0)
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    axe_check(page)
    short = a4_pages(page)
    assert short <= REPORT_PAGES
    page.emulate_media(media="print")
    expect(bars.first).to_be_visible()
    expect(page.get_by_role("button", name=print_label)).to_be_hidden()
    page.emulate_media(media="screen")

    # The reader adds the full tables: the appendix, with the responses per day.
    page.get_by_role("link", name=include).first.click()
    expect(page.get_by_role("heading", name=appendix)).to_be_visible()
    expect(page.locator("#a-responses tbody tr").first).to_be_visible()
    expect(page.locator("#a-q-czego_brakuje table")).to_be_visible()
    expect(page.get_by_role("link", name=leave_out)).to_be_visible()
    axe_check(page)
    assert a4_pages(page) > short
    assert page.evaluate("window.cspViolations") == []
    assert errors == []


@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize("lang", ["pl", "en"])
def test_the_network_view_leads_with_the_comparison(screen, sign_in, axe_check, demo, lang, size):
    page = screen(size, lang)
    errors = watch_console(page)
    signed_in(page, sign_in, COORDINATOR, lang)
    page.goto(NETWORK)
    words = {
        "pl": ("mediany sieci", "Jak to liczymy", "najnowsza ankieta", "Mediana sieci: "),
        "en": ("network median", "How this is computed", "newest survey", "Network median: "),
    }[lang]  # fmt: skip
    median, how, method, named = words
    # The comparison comes first, right under the title; the method is folded away.
    lead = page.locator("h1 ~ p").first
    expect(lead).to_have_class(re.compile(r"\blead\b"))
    expect(lead).to_contain_text(median)
    expect(page.get_by_text(method)).to_be_hidden()
    page.get_by_text(how, exact=True).click()
    expect(page.get_by_text(method)).to_be_visible()
    # The median is named beside each chart, and drawn as a thick solid line over the bars.
    expect(page.locator("#q-czego_brakuje figcaption")).to_contain_text(named)
    draw_every_chart(page)
    widths = page.locator("#q-czego_brakuje .layer-above .shapelayer path").evaluate_all(
        "paths => paths.map(p => parseFloat(getComputedStyle(p).strokeWidth))"
    )
    assert sorted(widths) == [3, 7]  # the black line on its white halo
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    axe_check(page)
    assert errors == []


def test_an_official_sees_the_zone_against_the_network_first(phone, sign_in, demo):
    """Kwidzyn's official: the demo's other zones but Oświęcim are public, too few to hide
    Oświęcim's figure in the median, which is not shown: the lead says so at once."""
    page = signed_in(phone("en"), sign_in, OFFICIAL, "en")
    page.goto(NETWORK)
    expect(page.locator("h1 ~ p").first).to_have_text(
        "Kwidzyn beside the other zones on every question they share. The network median is "
        "not shown to you: it would give away the figures of zones that are not public."
    )
    expect(page.locator("#q-czego_brakuje figcaption")).to_contain_text(
        "The network median is not shown"
    )


def watch_csp(page) -> None:
    """Record the page's CSP violations in window.cspViolations (console errors miss some)."""
    page.add_init_script(
        """window.cspViolations = [];
        document.addEventListener('securitypolicyviolation', e => window.cspViolations.push(
            e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || '')));"""
    )


@pytest.mark.parametrize(
    "path",
    [
        RESULTS,
        RESULTS + "?by=czesc_miejscowosci",
        "/network/results/diagnoza_potrzeb",
    ],
    ids=["dashboard", "breakdown", "network"],  # the report: see its own test
)
def test_no_dashboard_page_breaks_the_csp(phone, sign_in, demo, path):
    """Seen by Kwidzyn's librarian, whose own zone the network view marks."""
    page = phone("pl")
    watch_csp(page)
    signed_in(page, sign_in, LIBRARIAN)
    errors = watch_console(page)
    page.goto(path)
    draw_every_chart(page)
    expect(page.locator("figure.chart-drawn").first).to_be_visible()
    assert page.locator("figure.chart-drawn").count() >= 10
    assert page.evaluate("window.cspViolations") == []
    assert errors == []
