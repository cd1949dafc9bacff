"""The pages of e-mailed links, on a phone in both languages: asking for a reset link,
setting a new password by it, accepting an invitation. axe-core finds nothing; they reflow."""

import pytest
from playwright.sync_api import expect

from app.auth.services import INVITATION_LINK, RESET_LINK, make_link_token
from app.extensions import db
from tests.browser.layout import assert_reflows

HEADINGS = {
    "forgot": {"pl": "Nie pamiętasz hasła?", "en": "Forgot your password?"},
    "sent": {"pl": "Sprawdź pocztę", "en": "Check your e-mail"},
    "reset": {"pl": "Ustaw nowe hasło", "en": "Set a new password"},
    "welcome": {"pl": "Witamy w Strefach", "en": "Welcome to Strefy"},
}
EMAIL = {"pl": "Adres e-mail", "en": "E-mail address"}
SEND = {"pl": "Wyślij mi link", "en": "Send me the link"}


def assert_heading(page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_reset_request_page(phone, axe_check, make_user, mailbox, lang):
    user = make_user()
    page = phone(lang)
    page.goto("/login")
    page.get_by_role("link", name=HEADINGS["forgot"][lang]).click()
    assert_heading(page, HEADINGS["forgot"][lang])
    axe_check(page)
    assert_reflows(page, "reset request")
    page.get_by_label(EMAIL[lang]).fill(user.email)
    page.get_by_role("button", name=SEND[lang]).click()
    assert_heading(page, HEADINGS["sent"][lang])
    axe_check(page)
    assert len(mailbox) == 1


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_reset_link_page(phone, axe_check, make_user, lang):
    token = make_link_token(make_user(), RESET_LINK)
    page = phone(lang)
    assert page.goto(f"/password/reset/{token}").status == 200
    assert_heading(page, HEADINGS["reset"][lang])
    axe_check(page)
    assert_reflows(page, "reset link")


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_invitation_acceptance_page(phone, axe_check, make_user, zone, lang):
    user = make_user("official", zone)
    user.password_hash = "!invited"
    db.session.commit()
    token = make_link_token(user, INVITATION_LINK)
    page = phone(lang)
    assert page.goto(f"/invitation/{token}").status == 200
    assert_heading(page, HEADINGS["welcome"][lang])
    axe_check(page)
    assert_reflows(page, "invitation")
