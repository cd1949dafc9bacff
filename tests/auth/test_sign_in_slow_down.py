"""Sign-in: an account (any address typed) is slowed down after repeated failures."""

import itertools
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.auth.models import SignInFailures
from app.auth.services import (
    FAILURES_BEFORE_DELAY,
    RESET_LINK,
    make_link_token,
    record_failed_sign_in,
    sign_in_wait,
)
from app.core.time import utcnow
from app.extensions import db
from tests.helpers import PASSWORD, csrf_token_from


def attempt(client, email, password, address="10.5.0.1"):
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    return client.post(
        "/login",
        data={"csrf_token": token, "email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


_addresses = (f"10.6.{n // 250}.{n % 250 + 1}" for n in itertools.count())


def fail(client, email, times):
    """`times` wrong passwords, each from another address (no per-address limit)."""
    return [attempt(client, email, "a guess", next(_addresses)).status_code for _ in range(times)]


def move_back(minutes):
    """Every stored failure and lock, `minutes` earlier (as if that much time had passed)."""
    for row in db.session.scalars(select(SignInFailures)):
        row.last_failed_at -= timedelta(minutes=minutes)
        if row.locked_until is not None:
            row.locked_until -= timedelta(minutes=minutes)
    db.session.commit()


def test_after_five_failures_even_the_right_password_waits(client, make_user):
    user = make_user()
    assert fail(client, user.email, FAILURES_BEFORE_DELAY) == [200] * FAILURES_BEFORE_DELAY
    response = attempt(client, f" {user.email.upper()}", PASSWORD, "10.7.0.1")
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    assert "Zbyt wiele nieudanych logowań na to konto. Spróbuj ponownie za 1 minutę" in html
    assert "zresetuj hasło" in html
    assert "Retry-After" in response.headers  # Flask-Limiter's, if its window ends later
    assert client.get("/account").status_code == 302
    # Once the minute has passed, the right password signs in, and the count starts again.
    move_back(1)
    assert attempt(client, user.email, PASSWORD).status_code == 302
    assert db.session.scalars(select(SignInFailures)).all() == []


def test_the_delay_doubles_up_to_fifteen_minutes_and_guesses_meanwhile_do_not_lengthen_it(
    app, client, make_user
):
    app.config["LOGIN_ACCOUNT_RATE_LIMIT"] = "1000 per day"  # not the daily cap's test
    user = make_user()
    fail(client, user.email, FAILURES_BEFORE_DELAY)
    waits = []
    for _ in range(6):
        waits.append(round(sign_in_wait(user.email) / 60))
        # Guesses during the lock are refused unchecked: the lock stays as it was.
        assert fail(client, user.email, 3) == [429] * 3
        assert round(sign_in_wait(user.email) / 60) == waits[-1]
        move_back(waits[-1])
        assert fail(client, user.email, 1) == [200]  # checked, wrong: a longer lock
    assert waits == [1, 2, 4, 8, 15, 15]


def test_failures_are_forgotten_after_a_quiet_quarter_of_an_hour(client, make_user):
    user = make_user()
    fail(client, user.email, FAILURES_BEFORE_DELAY - 1)
    move_back(16)
    fail(client, user.email, FAILURES_BEFORE_DELAY - 1)
    assert sign_in_wait(user.email) == 0
    assert attempt(client, user.email, PASSWORD).status_code == 302


def test_an_unknown_address_gets_the_same_answers(client, make_user):
    user = make_user()
    known = fail(client, user.email, FAILURES_BEFORE_DELAY + 1)
    unknown = fail(client, "nobody@example.org", FAILURES_BEFORE_DELAY + 1)
    assert known == unknown == [200] * FAILURES_BEFORE_DELAY + [429]
    html = attempt(client, "nobody@example.org", "x").get_data(as_text=True)
    assert "Spróbuj ponownie za 1 minutę" in html
    # No e-mail address is stored, only keyed hashes.
    assert all("@" not in row.email_hash for row in db.session.scalars(select(SignInFailures)))


def test_the_message_in_english_gives_the_minutes(client, make_user):
    user = make_user()
    client.get("/language/en")
    fail(client, user.email, FAILURES_BEFORE_DELAY)
    move_back(1)
    fail(client, user.email, 1)  # the sixth failure: two minutes
    html = attempt(client, user.email, PASSWORD).get_data(as_text=True)
    assert (
        "Too many failed sign-ins for this account. Try again in 2 minutes, or reset your "
        "password." in html
    )


def test_a_password_reset_works_while_slowed_down_and_lifts_it(client, make_user, post_form):
    user = make_user()
    fail(client, user.email, FAILURES_BEFORE_DELAY + 2)
    assert post_form("/password/forgot", {"email": user.email}).status_code == 200
    url = f"/password/reset/{make_link_token(user, RESET_LINK)}"
    new = "a new long password"
    response = post_form(url, {"password": new, "confirm": new})
    assert response.status_code == 302
    assert attempt(client, user.email, new).status_code == 302


@pytest.mark.parametrize("failures", [FAILURES_BEFORE_DELAY - 1, FAILURES_BEFORE_DELAY])
def test_the_service_locks_at_the_fifth_failure(app, failures):
    for _ in range(failures):
        record_failed_sign_in("Someone@Example.org ")
    db.session.commit()
    wait = sign_in_wait("someone@example.org")
    assert (wait > 0) is (failures >= FAILURES_BEFORE_DELAY)
    assert wait <= 60
    row = db.session.scalars(select(SignInFailures)).one()
    assert row.locked_until is None or row.locked_until > utcnow()
