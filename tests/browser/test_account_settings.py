"""The account page's e-mail settings on a phone, in both languages: axe-clean before and
after saving, reflowing, and the daily digest turned off for real."""

import pytest
from playwright.sync_api import expect

from app.auth.models import User
from app.extensions import db
from tests.browser.helpers import LANDING

PASSWORD = "browser-test-password"
EMAIL = "anna@kwidzyn.example.org"
WORDS = {
    "pl": {"digest": "Codzienne podsumowanie", "save": "Zapisz ustawienia e-maili",
           "saved": "Ustawienia e-maili zostały zapisane."},
    "en": {"digest": "Daily digest", "save": "Save the e-mail settings",
           "saved": "Your e-mail settings are saved."},
}  # fmt: skip


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_a_librarian_turns_the_daily_digest_off(
    phone, sign_in, axe_check, make_user, zone, lang, tmp_path
):
    from tests.browser.layout import assert_reflows

    make_user("librarian", zone, email=EMAIL, password=PASSWORD)
    page = phone(lang)
    page.goto("/login")
    sign_in(page, EMAIL, PASSWORD, lang)
    expect(page.get_by_role("heading", level=1)).to_have_text(LANDING[lang])
    page.goto("/account")
    digest = page.get_by_label(WORDS[lang]["digest"])
    expect(digest).to_be_checked()
    axe_check(page)
    assert_reflows(page, "account")
    page.screenshot(path=str(tmp_path / f"account-{lang}.png"), full_page=True)
    digest.uncheck()
    page.get_by_role("button", name=WORDS[lang]["save"]).click()
    expect(page.get_by_text(WORDS[lang]["saved"])).to_be_visible()
    expect(page.get_by_label(WORDS[lang]["digest"])).not_to_be_checked()
    axe_check(page)
    db.session.commit()
    assert db.session.query(User).filter_by(email=EMAIL).one().digest is False
