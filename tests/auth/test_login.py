from app.auth.services import authenticate
from app.extensions import db
from tests.helpers import PASSWORD


def test_sign_in_and_out(client, post_form, make_user, zone):
    user = make_user("librarian", zone, name="Anna Nowak")
    response = post_form("/login", {"email": user.email.upper(), "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/work"  # a zone's person lands on its work
    html = client.get("/account").get_data(as_text=True)
    assert "Zalogowano jako Anna Nowak" in html
    assert 'href="/zones/kwidzyn">Kwidzyn</a>: Bibliotekarz' in html

    response = post_form("/logout", page="/account", follow_redirects=True)
    assert "Wylogowano" in response.get_data(as_text=True)
    assert client.get("/account").status_code == 302


def test_wrong_password_shows_one_message_and_keeps_the_email(client, post_form, make_user):
    user = make_user()
    response = post_form("/login", {"email": user.email, "password": "wrong password"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Nieprawidłowy adres e-mail lub hasło" in html
    assert f'value="{user.email}"' in html
    assert client.get("/account").status_code == 302


def test_unknown_email_gets_the_same_message(post_form):
    html = post_form("/login", {"email": "nobody@example.org", "password": "whatever1"}).get_data(
        as_text=True
    )
    assert "Nieprawidłowy adres e-mail lub hasło" in html


def test_empty_form_names_each_missing_field(post_form):
    html = post_form("/login", {"email": "", "password": ""}).get_data(as_text=True)
    assert 'class="error-summary"' in html
    assert 'href="#email"' in html
    assert 'href="#password"' in html
    assert 'aria-invalid="true"' in html


def test_deactivated_account_cannot_sign_in_and_is_signed_out(client, post_form, make_user):
    user = make_user()
    response = post_form("/login", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    user.active = False
    db.session.commit()
    assert client.get("/account").status_code == 302
    response = post_form("/login", {"email": user.email, "password": PASSWORD})
    assert "Nieprawidłowy adres e-mail lub hasło" in response.get_data(as_text=True)


def test_sign_in_returns_to_the_page_asked_for_but_never_off_site(client, post_form, make_user):
    user = make_user()
    assert (
        client.get("/account/password").headers["Location"] == "/login?next=%2Faccount%2Fpassword"
    )
    response = post_form(
        "/login?next=/account/password", {"email": user.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/account/password"
    post_form("/logout", page="/account")
    response = post_form(
        "/login?next=https://evil.example/", {"email": user.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/account"


def test_passwords_are_stored_hashed_with_scrypt(make_user):
    user = make_user(password="a long secret phrase")
    assert "a long secret phrase" not in user.password_hash
    assert user.password_hash.startswith("scrypt:")
    assert authenticate(user.email, "a long secret phrase") == user
    assert authenticate(user.email, "a long secret phrasE") is None


def test_change_password(client, post_form, login_as):
    user = login_as("official")
    response = post_form(
        "/account/password",
        {
            "current_password": "wrong one!!",
            "password": "nowe hasło 2026",
            "confirm": "nowe hasło 2026",
        },
    )
    assert "To nie jest Twoje obecne hasło" in response.get_data(as_text=True)
    response = post_form(
        "/account/password",
        {"current_password": PASSWORD, "password": "short", "confirm": "short"},
    )
    assert "Co najmniej 10 znaków" in response.get_data(as_text=True)
    response = post_form(
        "/account/password",
        {"current_password": PASSWORD, "password": "nowe hasło 2026", "confirm": "nowe hasło 2026"},
    )
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.check_password("nowe hasło 2026")
