"""Real-browser fixtures: the app on a live server, headless Chromium at a phone's size, axe.

Chromium is Debian's own (/usr/bin/chromium); Playwright never downloads a browser here.
Without it these tests are skipped, unless STREFY_REQUIRE_BROWSER=1 (CI), where they fail.
"""

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import Page, expect, sync_playwright
from werkzeug.serving import make_server

from app.extensions import db
from tests.browser.helpers import LOCALES, PHONE, TIMEOUT_MS

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL_HINT = (
    f"Chromium not found at {CHROMIUM}: install it with `sudo apt-get install chromium` "
    "to run the browser tests"
)

# The WCAG levels the issue asks for: A and AA of WCAG 2.0, 2.1 and 2.2.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}

# What the sign-in form says, in each language (app/translations/*/LC_MESSAGES/messages.po).
SIGN_IN_FORM = {
    "pl": {"email": "Adres e-mail", "password": "Hasło", "submit": "Zaloguj się"},
    "en": {"email": "E-mail address", "password": "Password", "submit": "Sign in"},
}


def pytest_collection_modifyitems(config, items):
    """Every test in this folder drives a real browser: mark it `browser`."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


def _require_browser() -> None:
    """Skip without Chromium; in CI (STREFY_REQUIRE_BROWSER=1) fail instead."""
    if CHROMIUM.exists():
        return
    if os.environ.get("STREFY_REQUIRE_BROWSER") == "1":
        pytest.fail(f"STREFY_REQUIRE_BROWSER=1, but the browser tests cannot run. {INSTALL_HINT}")
    pytest.skip(INSTALL_HINT)


# expect()'s assertions wait as long as the steps do (their own default is 5 s).
expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """One headless Chromium for the whole run."""
    _require_browser()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    """The test's app served on 127.0.0.1 at a free port; yields its base URL (no slash)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="live-server", daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture
def phone(browser, live_server) -> Iterator[Callable]:
    """phone(lang="pl"): a new page on a phone whose browser prefers that language.

    Pages open relative to the live server: `page.goto("/zones/kwidzyn")`. Each call is a
    fresh browser context (no cookies); all are closed after the test.

    Opening a phone commits the test's session, so the server sees what the test set up.
    The server answers in its own threads and sessions: to check what a browser action
    stored, a test ends its own transaction first (db.session.commit()) and reads again.
    """
    contexts = []

    def open_phone(lang: str = "pl"):
        db.session.commit()
        context = browser.new_context(
            **PHONE,
            base_url=live_server,
            locale=LOCALES[lang],
            extra_http_headers={"Accept-Language": f"{LOCALES[lang]},{lang};q=0.9"},
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_phone
    for context in contexts:
        context.close()


@pytest.fixture
def page(phone):
    """A page on a Polish phone (the app's default language)."""
    return phone("pl")


@pytest.fixture
def sign_in() -> Callable:
    """sign_in(page, email, password, lang="pl"): fill in and send the sign-in form.

    The page must show the sign-in form. It does not wait for the result: the test asserts
    what the person should see next.
    """

    def submit(page: Page, email: str, password: str, lang: str = "pl") -> None:
        words = SIGN_IN_FORM[lang]
        page.get_by_label(words["email"]).fill(email)
        page.get_by_label(words["password"], exact=True).fill(password)
        page.get_by_role("button", name=words["submit"]).click()

    return submit


@pytest.fixture
def axe_check() -> Callable:
    """axe_check(page): fail if axe-core finds WCAG 2.x A/AA violations on the page as it is."""
    axe = Axe()

    def check(page) -> None:
        # Its stylesheets first: under load, axe once ran on a page just shown but not yet
        # styled, and every link was a 17 px target.
        page.wait_for_load_state("load")
        _assert_no_violations(page, axe.run(page, options=AXE_OPTIONS).response["violations"])

    return check


def _assert_no_violations(page, violations: list[dict]) -> None:
    if not violations:
        return
    lines = [f"{len(violations)} accessibility violation(s) on {page.url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{', '.join(t for t in violation['tags'] if t.startswith('wcag'))}] "
            f"{violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {', '.join(map(str, node['target']))}: {node['html']}")
            if node.get("failureSummary"):
                summary = node["failureSummary"].replace("\n", "\n        ")
                lines.append(f"        {summary}")
    pytest.fail("\n".join(lines), pytrace=False)
