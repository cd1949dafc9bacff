"""After a form is sent back with errors, the focus is on its error summary (so a keyboard or
screen reader starts from what went wrong), with or without JavaScript, and each of the
summary's links takes the focus to its field. Driven with the keyboard only."""

import re

import pytest
from playwright.sync_api import Page, expect

from app.extensions import db
from tests.browser.helpers import LOCALES, PHONE

BOARD_TITLE = "Jak młodzi rodzice mogliby się spotykać w Kwidzynie?"


def press_button(page: Page, button) -> None:
    """Reach a button with Tab from the page's start and press Enter, as a keyboard does."""
    page.locator("body").focus()
    for _ in range(80):
        page.keyboard.press("Tab")
        if button.evaluate("(el) => el === document.activeElement"):
            break
    else:
        pytest.fail("the button cannot be reached with Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def expect_summary_focused(page: Page) -> None:
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert page.evaluate("document.activeElement.getAttribute('role')") == "alert"


def follow_first_link(page: Page):
    """Tab to the summary's first link and press Enter: the focused element after it."""
    page.keyboard.press("Tab")
    link = page.locator(".error-summary a").first
    expect(link).to_be_focused()
    target = link.get_attribute("href")
    page.keyboard.press("Enter")
    return page.locator(target)


def test_a_survey_page_sent_back_focuses_its_summary(page, survey):
    page.goto("/zones/kwidzyn/surveys/proba")
    press_button(page, page.locator("form[action$='/start'] button[type=submit]"))
    expect(page.get_by_role("heading", level=1)).to_have_text("O Tobie")
    press_button(page, page.locator("button[name=action][value=next]"))

    expect_summary_focused(page)
    field = follow_first_link(page)
    expect(page).to_have_url(re.compile(r"#q-wiek-do_24$"))
    expect(field).to_be_focused()  # the question's first answer, ready to choose
    page.keyboard.press("Space")
    expect(field).to_be_checked()


def test_the_board_form_sent_back_focuses_its_summary(page, demo):
    page.goto("/zones/kwidzyn/cafes/kawiarenka-rodzice-mlodziez-seniorzy")
    page.get_by_role("link", name=re.compile(r"^Stolik 1:")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(BOARD_TITLE)
    press_button(page, page.locator("form[action$='/ideas'] button[type=submit]"))

    expect_summary_focused(page)
    field = follow_first_link(page)
    expect(field).to_have_attribute("id", "title")
    expect(field).to_be_focused()
    page.keyboard.type("Wypożyczalnia nosidełek")
    expect(field).to_have_value("Wypożyczalnia nosidełek")


def test_wrong_credentials_focus_the_summary(page, make_user):
    make_user(email="anna@example.org")
    page.goto("/login")
    page.locator("#email").fill("anna@example.org")
    page.locator("#password").fill("not the password")
    press_button(page, page.locator("main form button[type=submit]"))
    expect_summary_focused(page)


def test_the_summary_takes_the_focus_without_javascript(browser, live_server, survey):
    db.session.commit()
    context = browser.new_context(
        **PHONE, base_url=live_server, locale=LOCALES["pl"], java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto("/zones/kwidzyn/surveys/proba")
        press_button(page, page.locator("form[action$='/start'] button[type=submit]"))
        press_button(page, page.locator("button[name=action][value=next]"))
        expect_summary_focused(page)  # the summary's autofocus, not a script
        field = follow_first_link(page)
        expect(field).to_be_focused()
    finally:
        context.close()
