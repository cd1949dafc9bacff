"""The zone's plan in a real browser: a librarian puts a resident's idea into the plan, plans
the grant's budget up to its amount, records an expense with its receipt, and writes, submits
and prints a report. On a phone in Polish and on a desktop in English, every page axe-clean.
"""

import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Page, expect

from app.extensions import db
from tests.browser.helpers import LANDING, LOCALES, PHONE, TIMEOUT_MS
from tests.plans.factories import PDF_BYTES, add_idea, add_line, make_plan

PASSWORD = "browser-test-password"
EMAIL = "anna@kwidzyn.example.org"
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PLAN = "/zones/kwidzyn/plan"
IDEA = "Klub planszówek"

# What the pages say, in each language (app/translations/pl/LC_MESSAGES/messages.po).
WORDS = {
    "pl": {
        "create": "Utwórz z niego działanie",
        "create_button": "Utwórz działanie",
        "carries": "Pomysły mieszkańców, które realizuje",
        "in_plan": "W planie jako działanie 2",
        "line_added": "Pozycja budżetu została dodana.",
        "left": re.compile(r"zostało tylko 500,00\s*zł"),
        "expense_added": "Wydatek został zapisany.",
        "receipt": "skan dokumentu",
        "save_report": "Zapisz sprawozdanie",
        "submit_report": "Złóż sprawozdanie",
        "submitted": "Sprawozdanie zostało złożone koordynatorowi.",
        "print": "Drukuj (A4)",
    },
    "en": {
        "create": "Create an action from it",
        "create_button": "Create the action",
        "carries": "Residents' ideas it carries out",
        "in_plan": "In the plan as action 2",
        "line_added": "The budget line has been added.",
        "left": re.compile(r"only PLN\s*500\.00 is left"),
        "expense_added": "The expense has been recorded.",
        "receipt": "receipt",
        "save_report": "Save the report",
        "submit_report": "Submit the report",
        "submitted": "The report has been submitted to the coordinator.",
        "print": "Print (A4)",
    },
}
# The full journey twice: in Polish on a phone, in English on a desktop.
SCREENS = [pytest.param("pl", PHONE, id="pl-390px"), pytest.param("en", DESKTOP, id="en-1280px")]


@pytest.fixture
def screen(browser, live_server) -> Iterator[Callable]:
    """screen(lang, device): a new page of that size whose browser prefers `lang`."""
    contexts = []

    def open_screen(lang: str, device: dict) -> Page:
        db.session.commit()
        context = browser.new_context(
            **device, base_url=live_server, locale=LOCALES[lang],
            extra_http_headers={"Accept-Language": f"{LOCALES[lang]},{lang};q=0.9"},
        )  # fmt: skip
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_screen
    for context in contexts:
        context.close()


@pytest.fixture
def kwidzyn_plan(zone, make_user):
    """Kwidzyn's published plan: one action (its indicator not reached yet), a grant of
    5000 zł of which 3000 zł is planned; a resident's idea not in the plan yet."""
    make_user("librarian", zone, email=EMAIL, password=PASSWORD)
    plan = make_plan(zone, published=True, actions=1, awarded=500_000)
    add_line(plan, 300_000, action=plan.actions[0], description="Gry planszowe")
    idea = add_idea(zone, IDEA)
    db.session.commit()
    return {"plan": plan, "idea": idea.id, "indicator": plan.actions[0].indicators[0].id}


def no_sideways_scroll(page: Page) -> None:
    width = page.viewport_size["width"]
    page.wait_for_load_state("load")  # styled: its stylesheets first
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def checked(page: Page, axe_check) -> None:
    """A page as a person reaches it: one main heading, no sideways scrolling, axe-clean."""
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    no_sideways_scroll(page)
    axe_check(page)


@pytest.mark.parametrize(("lang", "device"), SCREENS)
def test_a_librarian_runs_the_plan(screen, sign_in, axe_check, kwidzyn_plan, lang, device):
    words = WORDS[lang]
    page = screen(lang, device)
    page.goto("/login")
    sign_in(page, EMAIL, PASSWORD, lang)
    expect(page.get_by_role("heading", level=1)).to_have_text(LANDING[lang])
    checked(page, axe_check)

    # (a) The idea into the plan, from its moderation page.
    idea = kwidzyn_plan["idea"]
    page.goto(f"/zones/kwidzyn/ideas/{idea}/moderate")
    checked(page, axe_check)
    page.locator("section[aria-labelledby=plan-title]").get_by_role(
        "link", name=words["create"]
    ).click()
    expect(page.locator("#title")).to_have_value(IDEA)  # prefilled from the idea
    checked(page, axe_check)
    page.get_by_role("button", name=words["create_button"]).click()
    expect(page).to_have_url(re.compile(r"/plan/actions/2$"))
    expect(page.get_by_role("status")).to_contain_text(IDEA)
    carried = page.get_by_role("heading", name=words["carries"])
    expect(carried).to_be_visible()
    expect(page.locator("main").get_by_role("link", name=IDEA)).to_be_visible()
    checked(page, axe_check)
    page.goto(f"/zones/kwidzyn/ideas/{idea}")  # the idea's public page
    expect(page.locator("main")).to_contain_text(words["in_plan"])
    checked(page, axe_check)

    # (b) Budget lines up to the grant's 5000 zł: 1500 fits, 800 more does not (500 is left).
    page.goto(f"{PLAN}/budget/lines/new")
    checked(page, axe_check)
    add_budget_line(page, "Karty do gier", "1500")
    expect(page.get_by_role("status")).to_contain_text(words["line_added"])
    expect(page.locator("main")).to_contain_text("Karty do gier")
    checked(page, axe_check)
    page.goto(f"{PLAN}/budget/lines/new")
    add_budget_line(page, "Stoliki do gier", "800")
    error = page.locator("#unit_cost-error, .error-message").first
    expect(error).to_contain_text(words["left"])
    expect(page.get_by_role("alert")).to_contain_text(words["left"])
    expect(page.locator("#description")).to_have_value("Stoliki do gier")  # nothing typed lost
    expect(page.locator("#unit_cost")).to_have_value("800")
    checked(page, axe_check)
    page.locator("#unit_cost").fill("500")  # exactly what is left
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("status")).to_contain_text(words["line_added"])

    # (c) An expense with its receipt.
    page.goto(f"{PLAN}/expenses")
    checked(page, axe_check)
    page.locator("#spent_on").fill("2026-05-10")
    page.locator("#amount").fill("120")
    page.locator("#supplier").fill("Sklep Gracz")
    page.locator("#document_number").fill("FV/7/2026")
    line = page.locator("#budget_line option", has_text="Gry planszowe")
    page.locator("#budget_line").select_option(line.get_attribute("value"))
    page.locator("#receipt").set_input_files(
        files=[{"name": "faktura.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    page.locator("main form[enctype] button[type=submit]").click()
    expect(page.get_by_role("status")).to_contain_text(words["expense_added"])
    row = page.locator("#expenses tbody tr", has_text="Sklep Gracz")
    expect(row).to_contain_text("FV/7/2026")
    checked(page, axe_check)
    receipt = row.get_by_role("link", name=re.compile(words["receipt"]))
    response = page.request.get(receipt.get_attribute("href"))
    assert response.ok
    assert response.headers["content-disposition"].startswith("attachment")
    assert response.body() == PDF_BYTES
    with page.expect_download() as download:
        receipt.click()
    assert download.value.suggested_filename.endswith(".pdf")

    # (d) A report: written (the indicator's explanation, the statements), submitted, printed.
    page.goto(f"{PLAN}/reports/new")
    checked(page, axe_check)
    page.locator("#period_start").fill("2026-04-01")
    page.locator("#period_end").fill("2026-06-30")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/plan/reports/1/edit$"))  # straight to writing it
    checked(page, axe_check)
    page.locator(f"#i{kwidzyn_plan['indicator']}_explanation").fill(
        "Klub ruszył w maju, a nie w kwietniu."
    )
    boxes = page.locator("input[name=statements]")
    for i in range(boxes.count()):
        boxes.nth(i).check()
    page.get_by_role("button", name=words["save_report"]).click()
    page.get_by_role("button", name=words["submit_report"]).click()
    expect(page.get_by_role("status")).to_contain_text(words["submitted"])
    expect(page.get_by_role("button", name=words["submit_report"])).to_have_count(0)
    checked(page, axe_check)
    page.get_by_role("link", name=words["print"]).click()
    expect(page.locator("main.report-print")).to_contain_text("Klub ruszył w maju")
    checked(page, axe_check)
    assert page.locator("header, nav, .site-header").count() == 0  # the print layout
    page.emulate_media(media="print")
    expect(page.locator(".screen-only")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("main.report-print")).to_contain_text("Klub ruszył w maju")


def add_budget_line(page: Page, description: str, unit_cost: str) -> None:
    """Fill in and send the new budget line's form (one piece, from the grant)."""
    page.locator("#description").fill(description)
    page.locator("#quantity").fill("1")
    page.locator("#unit_cost").fill(unit_cost)
    page.locator("main form button[type=submit]").click()
