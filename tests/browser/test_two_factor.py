"""Two-factor sign-in on a phone in both languages: the setup page (QR code, key, a first
code) and the sign-in code page, with codes an authenticator app would show (pyotp).
axe-core finds nothing; they reflow; they work without JavaScript."""

import re
from datetime import UTC, datetime

import pyotp
import pytest
from playwright.sync_api import expect

from app.auth.services import enable_two_factor, new_totp_secret
from app.extensions import db
from tests.browser.helpers import LOCALES, PHONE
from tests.browser.layout import assert_reflows
from tests.helpers import PASSWORD

SETUP = {"pl": "Ustaw dwuetapowe logowanie", "en": "Set up two-factor sign-in"}
CODE = {"pl": "Kod z aplikacji", "en": "Code from the app"}
TURN_ON = {"pl": "Włącz dwuetapowe logowanie", "en": "Turn on two-factor sign-in"}
RECOVERY = {"pl": "Kody zapasowe", "en": "Recovery codes"}
CODE_PAGE = {"pl": "Kod logowania", "en": "Sign-in code"}
SIGN_IN = {"pl": "Zaloguj się", "en": "Sign in"}
POLICY = {
    "pl": "Każde konto pracownicze loguje się z kodem z aplikacji",
    "en": "Every staff account signs in with a code from an app",
}
TURN_OFF = {"pl": "Wyłącz dwuetapowe logowanie", "en": "Turn off two-factor sign-in"}
WRONG = {"pl": "Ten kod jest błędny", "en": "This code is wrong"}


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_setting_it_up(phone, axe_check, sign_in, make_user, zone, lang):
    user = make_user("librarian", zone)
    page = phone(lang)
    page.goto("/login")
    sign_in(page, user.email, PASSWORD, lang)
    page.goto("/account/two-factor")
    expect(page.get_by_role("heading", level=1)).to_have_text(SETUP[lang])
    expect(page.locator(".qr-code svg")).to_be_visible()
    axe_check(page)
    assert_reflows(page, "two-factor setup")
    secret = page.locator("code.secret").inner_text().replace(" ", "")  # shown in fours
    code = page.get_by_label(CODE[lang])
    assert code.get_attribute("autocomplete") == "one-time-code"
    assert code.get_attribute("inputmode") == "numeric"
    code.fill("000000" if pyotp.TOTP(secret).now() != "000000" else "111111")
    page.get_by_role("button", name=TURN_ON[lang]).click()
    expect(page.locator("#code-error")).to_contain_text(WRONG[lang])
    axe_check(page)
    page.get_by_label(CODE[lang]).fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name=TURN_ON[lang]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(RECOVERY[lang])
    assert len(re.findall(r"\d{5} \d{5}", page.locator(".recovery-codes").inner_text())) == 10
    axe_check(page)


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_signing_in_with_a_code(phone, axe_check, sign_in, make_user, zone, lang):
    user = make_user("librarian", zone)
    secret = new_totp_secret()
    totp = pyotp.TOTP(secret)
    enable_two_factor(user, secret, totp.now())
    user.totp_last_step = totp.timecode(datetime.now(UTC)) - 1  # the current code is free
    db.session.commit()
    page = phone(lang)
    page.goto("/login")
    sign_in(page, user.email, PASSWORD, lang)
    expect(page.get_by_role("heading", level=1)).to_have_text(CODE_PAGE[lang])
    axe_check(page)
    assert_reflows(page, "sign-in code")
    page.get_by_label(CODE[lang]).fill("12345")
    page.get_by_role("button", name=SIGN_IN[lang]).click()
    expect(page.locator("#code-error")).to_contain_text(WRONG[lang])
    axe_check(page)
    page.get_by_label(CODE[lang]).fill(totp.now())
    page.get_by_role("button", name=SIGN_IN[lang]).click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text(CODE_PAGE[lang])
    assert "/login" not in page.url


def test_signing_in_with_a_code_works_without_javascript(
    browser, live_server, sign_in, make_user, zone
):
    user = make_user("librarian", zone)
    secret = new_totp_secret()
    totp = pyotp.TOTP(secret)
    enable_two_factor(user, secret, totp.now())
    user.totp_last_step = totp.timecode(datetime.now(UTC)) - 1
    db.session.commit()
    context = browser.new_context(
        **PHONE,
        base_url=live_server,
        java_script_enabled=False,
        locale=LOCALES["pl"],
        extra_http_headers={"Accept-Language": "pl-PL,pl;q=0.9"},
    )
    try:
        page = context.new_page()
        page.goto("/login")
        sign_in(page, user.email, PASSWORD)
        expect(page.get_by_role("heading", level=1)).to_have_text(CODE_PAGE["pl"])
        page.get_by_label(CODE["pl"]).fill(totp.now())
        page.get_by_role("button", name=SIGN_IN["pl"]).click()
        expect(page.get_by_role("heading", level=1)).not_to_have_text(CODE_PAGE["pl"])
        assert "/login" not in page.url
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_the_coordinators_two_factor_controls(phone, axe_check, sign_in, make_user, zone, lang):
    librarian = make_user("librarian", zone)
    secret = new_totp_secret()
    enable_two_factor(librarian, secret, pyotp.TOTP(secret).now())
    coordinator = make_user("coordinator")
    page = phone(lang)
    page.goto("/login")
    sign_in(page, coordinator.email, PASSWORD, lang)
    page.goto("/admin/users")
    expect(page.get_by_label(POLICY[lang])).not_to_be_checked()
    axe_check(page)
    assert_reflows(page, "accounts and roles")
    page.goto(f"/admin/users/{librarian.id}")
    axe_check(page)
    page.get_by_role("button", name=TURN_OFF[lang]).click()
    expect(page.get_by_role("status")).to_contain_text(librarian.name)


NEW_CODES = {"pl": "Nowe kody zapasowe", "en": "New recovery codes"}
MAKE_CODES = {"pl": "Utwórz nowe kody zapasowe", "en": "Make new recovery codes"}
YOUR_PASSWORD = {"pl": "Twoje hasło", "en": "Your password"}
EITHER_CODE = {
    "pl": "Kod z aplikacji lub kod zapasowy",
    "en": "Code from the app, or a recovery code",
}


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_new_recovery_codes_with_both_factors(phone, axe_check, sign_in, make_user, zone, lang):
    user = make_user("librarian", zone)
    secret = new_totp_secret()
    totp = pyotp.TOTP(secret)
    codes = enable_two_factor(user, secret, totp.now())
    user.totp_last_step = totp.timecode(datetime.now(UTC)) - 1
    db.session.commit()
    page = phone(lang)
    page.goto("/login")
    sign_in(page, user.email, PASSWORD, lang)
    page.get_by_label(CODE[lang]).fill(totp.now())
    page.get_by_role("button", name=SIGN_IN[lang]).click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text(CODE_PAGE[lang])
    page.goto("/account/two-factor")
    renew = page.locator("section").filter(has=page.get_by_role("heading", name=NEW_CODES[lang]))
    expect(renew).to_be_visible()
    axe_check(page)  # two forms with the same fields: their ids differ
    assert_reflows(page, "two-factor sign-in, on")
    renew.get_by_label(YOUR_PASSWORD[lang]).fill(PASSWORD)
    renew.get_by_label(EITHER_CODE[lang]).fill("12345")  # never a code: too short
    renew.get_by_role("button", name=MAKE_CODES[lang]).click()
    expect(page.locator("#renew-code-error")).to_contain_text(WRONG[lang])
    axe_check(page)
    renew.get_by_label(YOUR_PASSWORD[lang]).fill(PASSWORD)
    renew.get_by_label(EITHER_CODE[lang]).fill(codes[0])  # a recovery code: the phone is lost
    renew.get_by_role("button", name=MAKE_CODES[lang]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(RECOVERY[lang])
    shown = re.findall(r"\d{5} \d{5}", page.locator(".recovery-codes").inner_text())
    assert len(shown) == 10 and not set(shown) & set(codes)
