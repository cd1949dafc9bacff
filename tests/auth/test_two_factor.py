"""Two-factor sign-in (TOTP): setup, the sign-in code step, recovery codes, the
coordinator's requirement and reset. Codes are computed with pyotp, as a phone's app would."""

import re
from datetime import UTC, datetime

import pyotp
import pytest
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.auth.models import User
from app.auth.services import (
    FAILURES_BEFORE_DELAY,
    enable_two_factor,
    new_totp_secret,
    require_two_factor,
    two_factor_required,
)
from app.extensions import db
from tests.helpers import PASSWORD, csrf_token_from


def page(client, url):
    response = client.get(url)
    return response, response.get_data(as_text=True)


def post(client, url, data, page_url=None, **kwargs):
    token = csrf_token_from(client.get(page_url or url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token} | data, **kwargs)


def sign_in(client, user, password=PASSWORD):
    return post(client, "/login", {"email": user.email, "password": password})


def set_up(client):
    """Set two-factor sign-in up through the pages: the secret and the recovery codes."""
    response, html = page(client, "/account/two-factor")
    assert response.status_code == 200
    secret = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', html).group(1).replace(" ", "")
    token = csrf_token_from(html)
    response = client.post(
        "/account/two-factor", data={"csrf_token": token, "code": pyotp.TOTP(secret).now()}
    )
    assert response.status_code == 200
    codes = re.findall(r"<li><code>(\d{5} \d{5})</code></li>", response.get_data(as_text=True))
    return secret, codes


def with_two_factor(user, step_back=1):
    """Turn two-factor sign-in on for `user` directly; the code of the step before now is
    taken as used, so that the current one is free for the test."""
    secret = new_totp_secret()
    totp = pyotp.TOTP(secret)
    codes = enable_two_factor(user, secret, totp.now())
    user.totp_last_step = totp.timecode(datetime.now(UTC)) - step_back
    db.session.commit()
    return secret, codes


def code_step(client, code):
    return post(client, "/login/code", {"code": code})


def test_setup_shows_a_qr_code_the_key_and_its_otpauth_address(client, login_as):
    user = login_as("librarian")
    html = page(client, "/account/two-factor")[1]
    assert "<svg" in html
    secret = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', html).group(1).replace(" ", "")
    assert len(secret) == 32
    uri = re.search(r'href="(otpauth://[^"]+)"', html).group(1)
    assert "issuer=Strefy" in uri
    assert f"secret={secret}" in uri
    assert user.email.replace("@", "%40") in uri
    assert 'autocomplete="one-time-code"' in html
    assert 'inputmode="numeric"' in html
    assert '<label for="code">' in html
    # Nothing is kept until a code confirms it.
    assert db.session.get(User, user.id).totp_secret is None


def test_setup_refuses_a_wrong_code_and_says_so(client, login_as):
    user = login_as("librarian")
    html = page(client, "/account/two-factor")[1]
    secret = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', html).group(1).replace(" ", "")
    wrong = f"{(int(pyotp.TOTP(secret).now()) + 1) % 10**6:06d}"
    response = client.post(
        "/account/two-factor", data={"csrf_token": csrf_token_from(html), "code": wrong}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Ten kod jest błędny" in html
    assert 'aria-describedby="code-error"' in html or 'id="code-error"' in html
    db.session.expire_all()
    assert db.session.get(User, user.id).totp_secret is None


def test_the_whole_flow_setup_sign_out_and_in_with_a_code(app, client, login_as):
    user = login_as("librarian")
    secret, codes = set_up(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    db.session.expire_all()
    stored = db.session.get(User, user.id)
    assert stored.totp_secret == secret
    assert all(
        code.replace(" ", "") not in r.code_hash for code in codes for r in stored.recovery_codes
    )
    assert "Dwuetapowe logowanie: włączone" in page(client, "/account")[1]
    post(client, "/logout", {}, "/account")

    # The password alone does not sign in: the second step asks for the code.
    client = app.test_client()
    response = sign_in(client, user)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/login/code")
    assert client.get("/account").status_code == 302
    response = code_step(client, "000000" if pyotp.TOTP(secret).now() != "000000" else "111111")
    assert response.status_code == 200
    assert client.get("/account").status_code == 302
    # The code of this step was used by the setup: the next one is awaited. We move the
    # stored step back, as if the setup had been 30 seconds ago.
    stored = db.session.get(User, user.id)
    stored.totp_last_step -= 1
    db.session.commit()
    response = code_step(client, pyotp.TOTP(secret).now())
    assert response.status_code == 302
    assert client.get("/account").status_code == 200
    entries = db.session.scalars(select(AuditEntry.action)).all()
    assert "account.two_factor_on" in entries


def test_a_code_cannot_be_used_twice(app, make_user, zone):
    user = make_user("librarian", zone)
    secret, _codes = with_two_factor(user)
    code = pyotp.TOTP(secret).now()
    first = app.test_client()
    sign_in(first, user)
    assert code_step(first, code).status_code == 302
    second = app.test_client()
    sign_in(second, user)
    response = code_step(second, code)
    assert response.status_code == 200
    assert "Ten kod jest błędny albo został już użyty" in response.get_data(as_text=True)
    assert second.get("/account").status_code == 302


def test_a_recovery_code_works_once(app, make_user, zone):
    user = make_user("librarian", zone)
    _secret, codes = with_two_factor(user)
    client = app.test_client()
    sign_in(client, user)
    assert code_step(client, codes[3]).status_code == 302
    assert client.get("/account").status_code == 200
    client = app.test_client()
    sign_in(client, user)
    assert code_step(client, codes[3].replace(" ", "")).status_code == 200
    assert code_step(client, codes[4].replace(" ", "-")).status_code == 302
    assert len(db.session.get(User, user.id).recovery_codes) == 8


def test_wrong_codes_count_towards_the_accounts_slow_down(app, make_user, zone):
    user = make_user("librarian", zone)
    secret, _codes = with_two_factor(user)
    client = app.test_client()
    sign_in(client, user)
    for _ in range(FAILURES_BEFORE_DELAY):
        assert code_step(client, "12345").status_code == 200
    response = code_step(client, pyotp.TOTP(secret).now())
    assert response.status_code == 429
    assert "Spróbuj ponownie za 1 minutę" in response.get_data(as_text=True)
    assert client.get("/account").status_code == 302


def test_the_code_step_needs_a_password_just_passed(client, make_user):
    response = client.get("/login/code")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/login")


def both_factors(client, url, prefix, password, code):
    """Send the two-factor page's form `prefix` ("off" or "renew") with both factors."""
    token = csrf_token_from(page(client, "/account/two-factor")[1])
    return client.post(url, data={f"{prefix}-csrf_token": token, f"{prefix}-password": password,
                                  f"{prefix}-code": code})  # fmt: skip


def test_turning_it_off_needs_the_password_and_a_code(client, login_as):
    user = login_as("official")
    secret, _codes = set_up(client)
    totp = pyotp.TOTP(secret)
    off = "/account/two-factor/off"
    response = both_factors(client, off, "off", "wrong", totp.now())
    assert response.status_code == 200
    assert "To nie jest Twoje obecne hasło." in response.get_data(as_text=True)
    # A browser left signed in, with the password, is not enough: the phone's code too.
    wrong = "000000" if totp.now() != "000000" else "111111"
    response = both_factors(client, off, "off", PASSWORD, wrong)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Ten kod jest błędny" in html and 'href="#off-code"' in html
    assert db.session.get(User, user.id).totp_secret is not None
    # The code used to turn it on is spent: the next step's code is the one that works.
    later = totp.at(datetime.now(UTC), counter_offset=1)
    response = both_factors(client, off, "off", PASSWORD, later)
    assert response.status_code == 302
    db.session.expire_all()
    stored = db.session.get(User, user.id)
    assert stored.totp_secret is None and stored.recovery_codes == []


def test_new_recovery_codes_replace_the_old_ones_after_both_factors(app, client, login_as):
    user = login_as("librarian")
    _secret, old_codes = with_two_factor(user)
    renew = "/account/two-factor/recovery-codes"
    html = page(client, "/account/two-factor")[1]
    assert "Pozostało 10 kodów zapasowych." in html
    assert both_factors(client, renew, "renew", "wrong", old_codes[0]).status_code == 200
    assert len(db.session.get(User, user.id).recovery_codes) == 10  # nothing used up
    # A recovery code stands for the phone (a lost one): it is used up, and all go.
    response = both_factors(client, renew, "renew", PASSWORD, old_codes[0])
    assert response.status_code == 200
    new_codes = re.findall(r"<li><code>(\d{5} \d{5})</code></li>", response.get_data(as_text=True))
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    assert "no-store" in response.headers["Cache-Control"]  # codes shown once, never cached
    client.get("/logout")
    other = app.test_client()  # the old codes no longer sign in; a new one does
    assert sign_in(other, user).headers["Location"].endswith("/login/code")
    assert code_step(other, old_codes[1]).status_code == 200
    assert code_step(other, new_codes[0]).status_code == 302
    [entry] = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "account.recovery_codes_renewed")
    )
    assert entry.subject_id == user.id


def test_without_two_factor_there_is_nothing_to_renew_or_turn_off(client, login_as):
    login_as("librarian")
    for url in ("/account/two-factor/recovery-codes", "/account/two-factor/off"):
        response = both_factors(client, url, "renew", PASSWORD, "123456")
        assert response.headers["Location"].endswith("/account/two-factor")


def test_the_coordinator_requires_it_and_staff_are_sent_to_set_it_up(
    app, client, login_as, make_user, zone
):
    login_as("coordinator")
    response = post(client, "/admin/users/two-factor", {"required": "y"}, "/admin/users")
    assert response.status_code == 302
    assert two_factor_required()
    # The coordinator, without it, is sent to set it up too.
    assert client.get("/admin/users").headers["Location"].endswith("/account/two-factor")

    librarian = make_user("librarian", zone)
    other = app.test_client()
    response = sign_in(other, librarian)
    assert response.status_code == 302
    for url in ("/account", f"/zones/{zone.slug}/team", "/"):
        response = other.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].endswith("/account/two-factor")
    response, html = page(other, "/account/two-factor")
    assert response.status_code == 200
    assert "Koordynator sieci prosi" in html
    assert other.get("/language/en").status_code == 302
    set_up(other)
    assert other.get("/account").status_code == 200

    # A resident's account (no role) is not staff: not asked.
    resident = make_user()
    third = app.test_client()
    sign_in(third, resident)
    assert third.get("/account").status_code == 200


def test_the_requirement_can_be_lifted(client, login_as):
    login_as("coordinator")
    post(client, "/admin/users/two-factor", {"required": "y"}, "/admin/users")
    require_two_factor(False)
    db.session.commit()
    assert client.get("/admin/users").status_code == 200
    response = post(client, "/admin/users/two-factor", {}, "/admin/users")
    assert response.status_code == 302
    assert not two_factor_required()


@pytest.mark.parametrize("role", ["librarian", "official", "resident"])
def test_only_the_coordinator_sets_the_requirement(client, login_as, role):
    login_as(role)
    response = post(client, "/admin/users/two-factor", {"required": "y"}, "/account")
    assert response.status_code == 403
    assert not two_factor_required()


def test_the_coordinator_resets_a_lost_phone_and_it_is_audited(
    app, client, login_as, make_user, zone
):
    librarian = make_user("librarian", zone)
    with_two_factor(librarian)
    login_as("coordinator")
    html = page(client, f"/admin/users/{librarian.id}")[1]
    assert f"/admin/users/{librarian.id}/two-factor/reset" in html
    response = post(
        client, f"/admin/users/{librarian.id}/two-factor/reset", {}, f"/admin/users/{librarian.id}"
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, librarian.id).totp_secret is None
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "account.two_factor_reset")
    ).one()
    assert entry.subject_id == librarian.id
    html = page(client, "/admin/audit")[1]
    assert "dwuetapowe logowanie wyłączone przez koordynatora" in html
    # The person signs in with the password alone again.
    other = app.test_client()
    sign_in(other, librarian)
    assert other.get("/account").status_code == 200


def test_a_librarian_cannot_reset_anyones_two_factor(client, login_as, make_user, zone):
    other = make_user("librarian", zone)
    with_two_factor(other)
    login_as("librarian")
    response = post(client, f"/admin/users/{other.id}/two-factor/reset", {}, "/account")
    assert response.status_code == 403
    assert db.session.get(User, other.id).totp_secret is not None


def test_pages_in_english(client, login_as):
    login_as("librarian")
    client.get("/language/en")
    html = page(client, "/account/two-factor")[1]
    assert "Set up two-factor sign-in" in html
    assert "Code from the app" in html


def test_the_network_wide_choice_is_in_the_audit_log(client, login_as):
    coordinator = login_as("coordinator")
    with_two_factor(coordinator)  # so that the log stays open to them once it is required
    post(client, "/admin/users/two-factor", {"required": "y"}, "/admin/users")
    post(client, "/admin/users/two-factor", {"required": "y"}, "/admin/users")  # no change
    [entry] = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "account.two_factor_policy")
    )
    assert (entry.actor_id, entry.subject_id) == (coordinator.id, coordinator.id)
    assert (entry.before, entry.after) == (
        {"two_factor_required": False}, {"two_factor_required": True},
    )  # fmt: skip
    log = client.get("/admin/audit").get_data(as_text=True)
    assert "wybór dla całej sieci: każde konto pracownika loguje się dwuetapowo" in log
