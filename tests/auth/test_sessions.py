"""Ending sessions: a cookie stops working after logout, a password change or deactivation."""

from app.extensions import db
from tests.helpers import PASSWORD, csrf_token_from

NEW_PASSWORD = "nowe hasło 2026"


def sign_in(client, user) -> None:
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login", data={"csrf_token": token, "email": user.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/account"


def session_cookie(client) -> str:
    return client.get_cookie("strefy_session").value


def test_a_cookie_copied_before_logout_is_signed_out_after_it(app, client, make_user):
    user = make_user()
    sign_in(client, user)
    stolen = session_cookie(client)
    token = csrf_token_from(client.get("/account").get_data(as_text=True))
    client.post("/logout", data={"csrf_token": token})
    assert client.get("/account").status_code == 302

    attacker = app.test_client()
    attacker.set_cookie("strefy_session", stolen)
    response = attacker.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_logout_ends_the_accounts_other_sessions_too(app, client, make_user):
    user = make_user()
    sign_in(client, user)
    other_device = app.test_client()
    sign_in(other_device, user)
    token = csrf_token_from(client.get("/account").get_data(as_text=True))
    client.post("/logout", data={"csrf_token": token})
    assert other_device.get("/account").status_code == 302


def test_password_change_keeps_this_session_and_ends_the_others(app, client, make_user):
    user = make_user()
    sign_in(client, user)
    other_device = app.test_client()
    sign_in(other_device, user)
    copied = session_cookie(client)

    token = csrf_token_from(client.get("/account/password").get_data(as_text=True))
    response = client.post(
        "/account/password",
        data={
            "csrf_token": token,
            "current_password": PASSWORD,
            "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
    )
    assert response.headers["Location"] == "/account"
    assert client.get("/account").status_code == 200  # still signed in here
    assert other_device.get("/account").status_code == 302  # signed out there
    replay = app.test_client()
    replay.set_cookie("strefy_session", copied)
    assert replay.get("/account").status_code == 302  # the cookie from before the change


def test_deactivation_signs_the_person_out_even_if_reactivated(
    app, client, make_user, login_as, post_form
):
    person = make_user()
    their_browser = app.test_client()
    sign_in(their_browser, person)
    login_as("coordinator")
    response = post_form(f"/admin/users/{person.id}", {"name": person.name})
    assert response.status_code == 302
    assert their_browser.get("/account").status_code == 302
    # Reactivating the account does not bring the old session back.
    post_form(f"/admin/users/{person.id}", {"name": person.name, "active": "y"})
    db.session.refresh(person)
    assert person.active
    assert their_browser.get("/account").status_code == 302
    sign_in(their_browser, person)
    assert their_browser.get("/account").status_code == 200


def test_a_forged_or_old_style_user_id_signs_no_one_in(client, make_user):
    user = make_user()
    for forged in (str(user.id), f"{user.id}-", f"{user.id}-x", "9" * 30 + "-1", "-1"):
        with client.session_transaction() as session:
            session["_user_id"] = forged
        assert client.get("/account").status_code == 302, forged
