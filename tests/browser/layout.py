"""What a person with large text on a small phone sees: helpers for the layout tests.

Large text is Chromium's own font-size setting (Settings > Appearance > Font size), set
through the DevTools protocol (Page.setFontSizes): the default font size becomes 32 px
instead of 16 px, so every rem and em of the stylesheet doubles, as it does for a person
who chose 200% text. It is a setting of the browser, not a style added to the page, so the
page's strict CSP stays on and nothing of the page is changed.
"""

import re
from collections.abc import Iterator

from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.cafes.models import Idea
from app.cafes.participation import follow_hash
from app.extensions import db
from app.surveys.models import Survey
from app.zones.models import Zone

DEFAULT_FONT_PX = 16
CAFE = "/zones/kwidzyn/cafes/kawiarenka-rodzice-mlodziez-seniorzy"
FOLLOW_TOKEN = "reflow-token-0123456789abc"

# Small phones: the WCAG 1.4.10 width (320 CSS px), and a common phone with 200% text.
SMALL = {"width": 320, "height": 640}
PHONE = {"width": 390, "height": 844}

# Every element whose right edge lies beyond the viewport, except what sits inside a wide
# table's wrapper that scrolls on its own and can be reached and scrolled with the keyboard,
# and the shapes inside an SVG (a chart), which the SVG's own box clips.
OVERFLOW_JS = """
(screen) => {
  const root = document.scrollingElement;
  // A phone widens its layout viewport to fit a page that overflows, then zooms out: compare
  // with the screen's width, not only with the layout's.
  const width = Math.min(root.clientWidth, screen);
  const beyond = [];
  for (const el of document.body.querySelectorAll("*")) {
    // An SVG clips what it draws: its own box is checked, not the shapes inside it.
    if (el instanceof SVGElement && el.ownerSVGElement) continue;
    const scroller = el.closest(".table-scroll");
    if (scroller && scroller !== el && scroller.tabIndex === 0) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.right > width + 0.5) {
      const classes = typeof el.className === "string" ? el.className.trim() : "";
      const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
        (classes ? "." + classes.split(/\\s+/).join(".") : "");
      const text = (el.textContent || "").trim().slice(0, 40);
      beyond.push(`${name} right=${Math.round(box.right)} "${text}"`);
    }
  }
  return {scrollWidth: root.scrollWidth, clientWidth: width, beyond: beyond.slice(0, 10)};
}
"""


def set_text_size(page: Page, percent: int) -> None:
    """Chromium's font-size setting, as a person with large text sets it (100 is the default)."""
    session = page.context.new_cdp_session(page)
    size = DEFAULT_FONT_PX * percent // 100
    session.send("Page.setFontSizes", {"fontSizes": {"standard": size, "fixed": size * 13 // 16}})
    page.reload()
    root = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert root == size, f"text size {percent}% not applied: the root font is {root}px"


def assert_reflows(page: Page, where: str = "") -> None:
    """No horizontal scrolling and nothing sticking out to the right of the screen, once the
    page's stylesheets and scripts have loaded (under load, an unstyled page was measured)."""
    page.wait_for_load_state("load")
    found = page.evaluate(OVERFLOW_JS, page.viewport_size["width"])
    assert found["scrollWidth"] <= found["clientWidth"] and not found["beyond"], (
        f"{where or page.url}: page {found['scrollWidth']}px wide on a "
        f"{found['clientWidth']}px screen; beyond its right edge: {found['beyond']}"
    )


def demo_survey(zone_slug: str = "kwidzyn", public: bool | None = None) -> Survey:
    db.session.commit()  # end this test's transaction: read what the server stored
    query = select(Survey).join(Zone, Survey.zone_id == Zone.id)
    query = query.where(Survey.template_key == "diagnoza_potrzeb", Zone.slug == zone_slug)
    if public is not None:
        query = query.where(Survey.results_public.is_(public))
    return db.session.scalars(query.order_by(Survey.id)).first()


def idea_named(title: str) -> Idea:
    db.session.commit()
    return db.session.scalar(select(Idea).where(Idea.title == title))


def _answer_with_every_first_option(page: Page) -> None:
    """Fill the section shown: the first option of each choice question, 1.. for rankings,
    a word in each text field, so that the page is accepted."""
    ids = page.locator(".question").evaluate_all("(qs) => qs.map((q) => q.id)")
    for group in (page.locator(f"#{question_id}") for question_id in ids):
        if not group.is_visible():
            continue
        ranks = group.locator(".rank-row select")
        if ranks.count():
            for n, select_box in enumerate(ranks.all(), start=1):
                select_box.select_option(str(n))
            continue
        choice = group.locator("input[type=radio], input[type=checkbox]")
        if choice.count():
            choice.first.check()
            continue
        field = group.locator("input[type=text], textarea")
        if field.count():
            field.first.fill("5" if field.first.get_attribute("inputmode") == "numeric" else "Tak")


def walk_resident_pages(page: Page) -> Iterator[str]:
    """Open, one after another, every page a resident sees; yields each page's name once the
    page shows. Needs the demo network (load_demo) and the live server."""
    page.goto("/")
    yield "network"
    page.goto("/zones/kwidzyn")
    yield "zone"

    survey = demo_survey()
    page.goto(f"/zones/kwidzyn/surveys/{survey.slug}")
    yield "survey start"
    page.locator("form[action$='/start'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/r/[\w-]+/0$"))
    step = 1
    yield f"survey section {step}"
    page.locator("button[name=action][value=next]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    yield "survey section 1 with errors"
    while True:
        _answer_with_every_first_option(page)
        with page.expect_navigation():
            page.locator("button[name=action][value=next]").click()
        if "/done" in page.url:
            break
        summary = page.locator(".error-summary")
        assert summary.count() == 0, f"section {step + 1} refused: {summary.inner_text()}"
        step += 1
        yield f"survey section {step}"
    expect(page).to_have_url(re.compile(r"/done$"))
    yield "survey thank-you"

    public = demo_survey("jarocin", public=True)
    # plotly.js is large: on a busy machine its load event takes long; the page shows first.
    page.goto(f"/zones/jarocin/surveys/{public.slug}/results", wait_until="domcontentloaded")
    page.wait_for_load_state("load", timeout=90_000)
    yield "public results"

    page.goto(CAFE)
    yield "café"
    page.locator("a[href*='/boards/']").first.click()
    yield "board"
    page.locator("form[action$='/ideas'] button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    yield "board's post form with errors"
    page.locator("#title").fill("Wypożyczalnia nosidełek dla niepełnosprawnościami")
    page.locator("form[action$='/ideas'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/boards/\d+/posted"))
    yield "idea posted"

    morning = idea_named("Poranki z bajką")
    page.goto(f"/zones/kwidzyn/ideas/{morning.id}")
    yield "idea"
    page.goto(f"/zones/kwidzyn/ideas/{morning.id}/report")
    yield "report an idea"
    idea_named("Sprzedam wózek, tel. 601 234 567").follow_hash = follow_hash(FOLLOW_TOKEN)
    db.session.commit()
    page.goto(f"/i/{FOLLOW_TOKEN}")
    yield "follow an idea"
    page.goto("/login")
    yield "sign in"
