"""The people's main tasks, measured: taps and keystrokes of the shortest path through the
pages, and how long the long pages are on a phone. The figures issue 12 asks for, before and
after it.

It builds a temporary SQLite database through the migrations with the demo data, serves the
app as in production with gunicorn on a free local port (bench.lighthouse's server), and
walks the tasks in Debian's Chromium at a phone's viewport (390x844, Polish):

- moderate: a librarian publishes five pending ideas (ten are posted first on Kwidzyn's
  board), starting from the page she lands on after signing in: by the fastest path (the
  queue's "publish" buttons), then idea by idea on their own pages, each decision leading
  on to the next idea waiting;
- paper: a librarian types in ten paper questionnaires, each with the same answers (the
  first option of every question shown, a number where one is asked), from the survey's
  paper entry page;
- public: a librarian makes a survey's results public, starting from her landing page;
- lengths: the height of the moderation queue, the librarian's and the official's dashboard
  and the printable report on a phone, the A4 pages the report prints to, and how far down
  the first idea of the queue and the "make public" button are.

A tap is a click or a choice in a drop-down (two taps: open, choose); a keystroke is one
character typed. Scrolling is not counted as a tap; the button's distance from the top is.
Every figure is printed with its ratio to the baseline of the same kind measured in the same
run: taps against the task's number of items (a task that needs one tap per item scores 1.0),
heights against one phone screen (844 px), pages against one A4 page.

    .venv/bin/python bench/tasks.py
"""

import re
import secrets
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.lighthouse import CHROME, Server, build_database  # noqa: E402

PHONE = {"width": 390, "height": 844}
LIBRARIAN = ("bibliotekarka@kwidzyn.example.org", "demo-bibliotekarka")
OFFICIAL = ("urzednik@kwidzyn.example.org", "demo-urzednik")


class Counter:
    """The taps and keystrokes a task takes."""

    def __init__(self, page):
        self.page, self.taps, self.keys = page, 0, 0

    def click(self, locator):
        locator.first.click()
        self.taps += 1

    def choose(self, locator, **option):
        locator.first.select_option(**option)
        self.taps += 2

    def type(self, locator, text: str):
        locator.first.fill(text)
        self.keys += len(text)


def sign_in(page, base: str, account) -> None:
    page.goto(base + "/login")
    page.fill("input[name=email]", account[0])
    page.fill("input[name=password]", account[1])
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()


def height(page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def top_of(page, selector: str) -> int | None:
    element = page.locator(selector).first
    if element.count() == 0:
        return None
    return round(element.evaluate("e => e.getBoundingClientRect().top + window.scrollY"))


def post_ideas(page, base: str, count: int) -> None:
    """`count` new ideas on Kwidzyn's first open board, as a resident."""
    page.goto(base + "/zones/kwidzyn")
    page.locator("a[href*='/cafes/']").first.click()
    board = page.locator("a[href*='/boards/']").first.get_attribute("href")
    for n in range(count):
        page.goto(base + board)
        page.fill("[name=title]", f"Pomysł do moderacji {n + 1} {secrets.token_hex(3)}")
        page.fill("[name=description]", "Zajęcia dla seniorów w bibliotece w soboty.")
        # The posting form (its action ends in /ideas; the ideas above it have support
        # forms whose actions only contain /ideas/).
        form = page.locator("form[action$='/ideas']").first
        form.locator("button[type=submit]").last.click()
        page.wait_for_load_state()
        # A "similar ideas" step, where there is one, is answered with "send mine".
        send = page.get_by_role("button", name=re.compile("wyślij mój|mój pomysł", re.I))
        if send.count():
            send.first.click()
            page.wait_for_load_state()


def pending_count(page, base: str) -> int:
    """The ideas waiting for moderation, as the queue filtered on them counts them."""
    page.goto(base + "/zones/kwidzyn/moderation?status=pending")
    return int(re.search(r"\d+", page.locator("main [role=status]").first.inner_text()).group(0))


def moderate(page, base: str, ideas: int = 5) -> tuple[Counter, int]:
    """The fastest path: from the landing page's "ideas waiting" link to the queue, where
    the first idea waiting is on the first screen; its "publish" returns to the queue,
    where the next one waiting is first. Returns the taps and how many were published."""
    sign_in(page, base, LIBRARIAN)
    before = pending_count(page, base)
    page.goto(base + "/work")
    count = Counter(page)
    count.click(page.locator("main a[href$='/moderation?status=pending']"))
    page.wait_for_load_state()
    publish = page.locator(
        "article.moderation-item form:has(input[name=to][value=published]) button"
    )
    for _n in range(ideas):
        count.click(publish)
        page.wait_for_load_state()
    return count, before - pending_count(page, base)


def moderate_one_by_one(page, base: str, ideas: int = 5) -> tuple[Counter, int]:
    """Reading each idea on its own page: from the queue to the first idea waiting, then
    "publish", which leads on to the next idea waiting (no return to the list)."""
    before = pending_count(page, base)
    page.goto(base + "/work")
    count = Counter(page)
    count.click(page.locator("main a[href$='/moderation?status=pending']"))
    page.wait_for_load_state()
    count.click(page.locator("article.moderation-item h2 a"))
    page.wait_for_load_state()
    for _n in range(ideas):
        count.click(
            page.locator("form:has(input[name=to][value=published]):has(input[name=go_on]) button")
        )
        page.wait_for_load_state()
    return count, before - pending_count(page, base)


def paper(page, base: str, slug: str, questionnaires: int = 10) -> tuple[Counter, int]:
    """The taps of typing in `questionnaires` paper questionnaires, and how many were saved."""
    count = Counter(page)
    saved = 0
    page.goto(f"{base}/zones/kwidzyn/surveys/{slug}/paper")
    for _ in range(questionnaires):
        form = page.locator("form.paper-form")
        # One control per question, rankings apart: their selects need different places.
        names = form.evaluate(
            "f => [...new Set([...f.elements].filter(e => e.name && e.type !== 'hidden'"
            " && !e.closest('[hidden]') && !e.closest('.ranking')).map(e => e.name))]"
        )
        for name in names:
            inputs = form.locator(f"[name='{name}']")
            kind = inputs.first.evaluate("e => e.type")
            if kind in ("radio", "checkbox"):
                choice = inputs.first
                if choice.is_visible():
                    count.click(choice)
                else:  # a styled control: its label
                    count.click(form.locator(f"label[for='{choice.get_attribute('id')}']"))
            elif kind == "number":
                count.type(inputs, "5")
            elif kind == "select-one":
                options = inputs.first.locator("option").evaluate_all(
                    "os => os.map(o => o.value).filter(v => v)"
                )
                if options:
                    count.choose(inputs, value=options[0])
        # A ranking of selects: each select gets the next place, as a person fills it.
        rankings = form.locator(".ranking")
        for r in range(rankings.count()):
            selects = rankings.nth(r).locator("select")
            for s in range(selects.count()):
                count.choose(selects.nth(s), value=str(s + 1))
        count.click(form.locator("button[type=submit]"))
        page.wait_for_load_state()
        saved += page.locator("#saved-title").count()
    return count, saved


def make_public(page, base: str) -> tuple[Counter, int | None]:
    count = Counter(page)
    page.goto(base + "/work")
    direct = page.get_by_role("link", name=re.compile("^Wyniki: ", re.I))
    if direct.count():  # the landing page links to the results
        count.click(direct)
    else:  # the surveys, the survey, its results
        count.click(page.get_by_role("link", name=re.compile("odpowied", re.I)))
        page.wait_for_load_state()
        count.click(page.locator("main table a").first)
        page.wait_for_load_state()
        count.click(page.get_by_role("link", name="Wyniki", exact=True))
    page.wait_for_load_state()
    # Near the top of the dashboard, a link to the confirmation page (what residents will
    # see), whose button publishes; before issue 12 a button at the foot of the page
    # published at once.
    name = re.compile("Upublicznij wyniki|Udostępnij wyniki", re.I)
    start = page.get_by_role("link", name=name)
    if not start.count():
        start = page.get_by_role("button", name=name)
    where = round(start.first.evaluate("e => e.getBoundingClientRect().top + window.scrollY"))
    count.click(start)
    page.wait_for_load_state()
    confirm = page.locator("main form").get_by_role("button", name=name)
    if confirm.count():
        count.click(confirm)
        page.wait_for_load_state()
    return count, where


def report_pages(page, base: str, path: str) -> tuple[int, int]:
    page.goto(base + path)
    page.mouse.wheel(0, 50)  # the reader's first action draws the charts
    page.wait_for_timeout(2500)
    length = height(page)
    pdf = page.pdf(format="A4", print_background=False)
    return length, len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def ratio(value, base) -> str:
    return f"{value / base:.2f}x" if value is not None and base else "-"


def main() -> int:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/tasks.db"
        paths = build_database(url)
        server = Server(url, Path(folder) / "gunicorn.log")
        try:
            server.wait_until_up()
            base = server.url("")
            slug = paths["survey"].rsplit("/", 1)[1]
            results = f"/zones/kwidzyn/surveys/{slug}/results"
            rows = []
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROME)

                def phone():
                    return browser.new_context(viewport=PHONE, locale="pl-PL").new_page()

                page = phone()
                post_ideas(page, base, 10)  # with the demo's, enough for both paths
                page = phone()
                task, published = moderate(page, base)
                rows.append(("moderate 5 pending ideas: taps", task.taps, 5))
                rows.append(("  ideas published", published, 5))
                task, published = moderate_one_by_one(page, base)
                rows.append(("  one by one on their pages (next after save): taps", task.taps, 5))
                rows.append(("  ideas published", published, 5))
                page.goto(base + "/zones/kwidzyn/moderation")
                rows.append(("moderation queue on a phone: px", height(page), PHONE["height"]))
                rows.append(("  first idea of the queue from the top: px",
                             top_of(page, ".moderation-item"), PHONE["height"]))  # fmt: skip
                task, saved = paper(page, base, slug)
                rows.append(("type in 10 paper questionnaires: taps", task.taps, 10))
                rows.append(("  keystrokes", task.keys, 10))
                rows.append(("  questionnaires saved", saved, 10))
                page.goto(base + results)
                rows.append(("dashboard (librarian) on a phone: px", height(page), PHONE["height"]))
                task, where = make_public(page, base)
                rows.append(("make results public: taps", task.taps, 1))
                rows.append(("  the button from the top: px", where, PHONE["height"]))
                official = phone()
                sign_in(official, base, OFFICIAL)
                official.goto(base + results)
                rows.append(
                    ("dashboard (official) on a phone: px", height(official), PHONE["height"])
                )
                length, pages = report_pages(official, base, results.replace("/results", "/report"))
                rows.append(("report on a phone: px", length, PHONE["height"]))
                rows.append(("report printed: A4 pages", pages, 1))
                browser.close()
        finally:
            server.stop()
    width = max(len(row[0]) for row in rows)
    for name, value, base_value in rows:
        print(f"{name:<{width}}  {value!s:>7}  {ratio(value, base_value):>7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
