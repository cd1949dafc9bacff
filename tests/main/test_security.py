"""Headers, cookies, CSRF and error pages a visitor (or an attacker) would meet."""

import re

import pytest

from app import create_app
from app.extensions import db
from app.zones.models import Zone


def test_security_headers_and_csp_without_inline_script(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]+)", csp).group(1)
    assert "'unsafe-inline'" not in csp
    assert re.fullmatch(r"'self' 'nonce-[\w-]+'", script_src)
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_nonce_changes_with_every_response(client):
    nonces = {
        re.search(r"nonce-([\w-]+)", client.get("/").headers["Content-Security-Policy"]).group(1)
        for _ in range(3)
    }
    assert len(nonces) == 3


def test_pages_load_nothing_from_another_host(client, zone):
    for url in ("/", "/zones/kwidzyn", "/login"):
        html = client.get(url).get_data(as_text=True)
        assert re.findall(r'(?:src|href)="(?:https?:)?//', html) == []


def test_session_cookie_is_httponly_and_samesite(client, post_form, make_user):
    user = make_user()
    response = post_form("/login", {"email": user.email, "password": "correct horse battery"})
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if "strefy_session" in c)
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain HTTP in tests and development


def test_production_cookies_are_secure_and_https_forced(database):
    app = create_app("production", SECRET_KEY="s" * 32, SQLALCHEMY_DATABASE_URI=database)
    client = app.test_client()
    response = client.get("/login")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("https://")
    response = client.get("/login", base_url="https://strefy.example.org")
    assert "max-age=" in response.headers["Strict-Transport-Security"]
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if "strefy_session" in c)
    assert "Secure" in cookie
    assert "HttpOnly" in cookie
    with app.app_context():
        db.engine.dispose()


def test_post_without_csrf_token_is_refused_with_a_clear_page(client, make_user):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": "x" * 12})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Formularz wygasł" in html
    assert "strefy_session" not in "".join(
        c for c in response.headers.getlist("Set-Cookie") if "_user_id" in c
    )


def test_button_only_post_needs_csrf_too(client, login_as):
    login_as("librarian")
    assert client.post("/logout").status_code == 400
    assert client.get("/account").status_code == 200  # still signed in


@pytest.mark.parametrize(
    ("url", "status", "polish", "english"),
    [
        ("/zones/nowhere", 404, "Nie znaleziono strony", "Page not found"),
        ("/logout", 405, "Niedozwolona operacja", "Not allowed"),
    ],
)
def test_error_pages_in_both_languages(client, url, status, polish, english):
    response = client.get(url)
    assert response.status_code == status
    assert f"<h1>{polish}</h1>" in response.get_data(as_text=True)
    response = client.get(url, headers={"Accept-Language": "en"})
    assert f"<h1>{english}</h1>" in response.get_data(as_text=True)


def test_403_page(client, login_as, zone):
    login_as("official")
    response = client.get("/zones/kwidzyn/edit")
    assert response.status_code == 403
    assert "<h1>Brak dostępu</h1>" in response.get_data(as_text=True)


def test_too_large_request_gets_413_page(client, csrf_token):
    token = csrf_token()
    response = client.post(
        "/login", data={"csrf_token": token, "email": "a@b.pl", "password": "x" * (3 * 2**20)}
    )
    assert response.status_code == 413
    assert "<h1>Za dużo danych</h1>" in response.get_data(as_text=True)


def test_login_is_rate_limited_with_a_429_page(client, csrf_token):
    token = csrf_token()
    # A new address each time: the limit per client, not the slow-down of one account.
    statuses = [
        client.post(
            "/login", data={"csrf_token": token, "email": f"nobody{n}@example.org", "password": "x"}
        ).status_code
        for n in range(12)
    ]
    assert statuses[:10] == [200] * 10
    assert statuses[10:] == [429, 429]
    response = client.post("/login", data={"csrf_token": token, "email": "a@b.pl", "password": "x"})
    assert "<h1>Zbyt wiele prób</h1>" in response.get_data(as_text=True)
    assert "Retry-After" in response.headers


def test_500_page_rolls_back_and_speaks_polish(failing_app):
    client = failing_app.test_client()
    response = client.post("/crash")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "<h1>Coś poszło nie tak</h1>" in html
    with failing_app.app_context():
        assert db.session.query(Zone).filter_by(slug="half-written").count() == 0
