"""Forgotten passwords: a link by e-mail (through a real SMTP server) that works once, for
an hour, and ends the account's other sessions."""

import re
import time
from unittest import mock

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.auth.services import RESET_LINK, make_link_token
from app.extensions import db
from tests.helpers import PASSWORD, csrf_token_from, tampered

NEW_PASSWORD = "zupełnie nowe hasło"
SENT_PL = "Jeśli jakieś konto ma adres"


def ask_for_link(client, email, address="10.0.0.1"):
    token = csrf_token_from(client.get("/password/forgot").get_data(as_text=True))
    return client.post(
        "/password/forgot",
        data={"csrf_token": token, "email": email},
        environ_base={"REMOTE_ADDR": address},
    )


def parts(message) -> tuple[str, str]:
    """The plain-text and HTML bodies of a received message."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def link_in(message) -> str:
    text, _ = parts(message)
    return re.search(r"http://localhost(/password/reset/\S+)", text).group(1)


def set_password(client, path, password=NEW_PASSWORD, confirm=None):
    token = csrf_token_from(client.get("/password/forgot").get_data(as_text=True))
    return client.post(
        path,
        data={"csrf_token": token, "password": password, "confirm": confirm or password},
    )


def sign_in(client, email, password):
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    return client.post("/login", data={"csrf_token": token, "email": email, "password": password})


def test_the_sign_in_page_leads_to_the_reset(client):
    assert 'href="/password/forgot"' in client.get("/login").get_data(as_text=True)


def test_link_arrives_in_polish_with_text_and_html_and_works_once(client, make_user, mailbox):
    user = make_user(name="Ewa Lis")
    response = ask_for_link(client, f" {user.email.upper()} ")
    assert response.status_code == 200
    assert SENT_PL in response.get_data(as_text=True)

    [message] = mailbox
    assert message["To"] == user.email
    assert message["Subject"] == "Strefy: ustaw nowe hasło"
    text, html = parts(message)
    assert "Witaj, Ewa Lis" in text and "w ciągu godziny" in text
    path = link_in(message)
    assert f'href="http://localhost{path}"' in html
    assert "Ustaw nowe hasło" in html

    page = client.get(path)
    assert page.status_code == 200 and user.email in page.get_data(as_text=True)
    response = set_password(client, path)
    assert response.headers["Location"] == "/login"
    assert sign_in(client, user.email, NEW_PASSWORD).status_code == 302
    assert sign_in(app_client := client.application.test_client(), user.email, PASSWORD)
    assert app_client.get("/account").status_code == 302  # the old password is gone

    again = client.get(path)
    assert again.status_code == 410
    assert "Ten link został już użyty" in again.get_data(as_text=True)
    assert 'href="/password/forgot"' in again.get_data(as_text=True)
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "account.password_reset")
    )
    assert entry is not None and entry.subject_id == user.id


def test_link_in_english_for_an_english_request(client, make_user, mailbox):
    user = make_user(name="Ewa Lis")
    client.set_cookie("strefy_lang", "en")
    html = ask_for_link(client, user.email).get_data(as_text=True)
    assert "If an account has the address" in html
    [message] = mailbox
    assert message["Subject"] == "Strefy: set a new password"
    text, html = parts(message)
    assert "Hello Ewa Lis," in text and "within one hour" in text
    assert "Set a new password" in html


def test_unknown_address_gets_the_same_page_and_no_mail(client, make_user, mailbox):
    known = make_user(email="jest@example.org")
    html_known = ask_for_link(client, known.email).get_data(as_text=True)
    html_unknown = ask_for_link(client, "nie-ma@example.org").get_data(as_text=True)
    assert len(mailbox) == 1
    assert html_unknown.replace("nie-ma@example.org", "X") == html_known.replace(
        "jest@example.org", "X"
    )


def test_the_mail_goes_once_the_page_has_been_answered(client, make_user, mailbox):
    """The page takes as long for an address nobody has: the message is sent after it."""
    user = make_user()
    token = csrf_token_from(client.get("/password/forgot").get_data(as_text=True))
    response = client.post(
        "/password/forgot", data={"csrf_token": token, "email": user.email}, buffered=False
    )
    assert response.status_code == 200
    assert SENT_PL in response.get_data(as_text=True)
    assert mailbox == []  # the whole page is there, and nothing has been sent yet
    response.close()
    [message] = mailbox
    assert message["To"] == user.email


@pytest.mark.parametrize("app_settings", [{"MAIL_PORT": 1}])  # nothing listens there
def test_a_mail_that_cannot_go_is_logged_and_the_page_is_the_same(client, make_user, caplog):
    user = make_user()
    response = ask_for_link(client, user.email)
    assert response.status_code == 200
    assert SENT_PL in response.get_data(as_text=True)
    assert "The password_reset e-mail could not be sent" in caplog.text


def test_expired_link_says_so(client, make_user):
    user = make_user()
    an_hour_ago = int(time.time()) - 3601
    with mock.patch.object(TimestampSigner, "get_timestamp", return_value=an_hour_ago):
        token = make_link_token(user, RESET_LINK)
    response = client.get(f"/password/reset/{token}")
    assert response.status_code == 410
    html = response.get_data(as_text=True)
    assert "Ten link wygasł" in html and "Ten link został już użyty" not in html
    assert 'href="/password/forgot"' in html
    # Nor can the form be sent through it.
    assert set_password(client, f"/password/reset/{token}").status_code == 410
    assert user.check_password(PASSWORD)


def test_a_changed_link_does_not_work(client, make_user):
    token = make_link_token(make_user(), RESET_LINK)
    assert client.get(f"/password/reset/{tampered(token)}").status_code == 404


def test_password_rules_are_those_of_the_account_page(client, make_user):
    user = make_user()
    path = f"/password/reset/{make_link_token(user, RESET_LINK)}"
    html = set_password(client, path, "krótkie").get_data(as_text=True)
    assert 'href="#password"' in html
    html = set_password(client, path, NEW_PASSWORD, "inne hasło 12345").get_data(as_text=True)
    assert "Hasła różnią się od siebie" in html
    assert user.check_password(PASSWORD)


def test_requests_for_one_address_are_limited_whatever_the_client(client, make_user, mailbox):
    user = make_user()
    statuses = [ask_for_link(client, user.email, f"10.2.{n}.1").status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert len(mailbox) == 3
    assert "Zbyt wiele linków" in ask_for_link(client, user.email, "10.3.0.1").get_data(
        as_text=True
    )
    # Another address is not blocked by requests for this one.
    assert ask_for_link(client, "ktos@example.org", "10.3.0.2").status_code == 200


def test_requests_from_one_client_are_limited(client):
    statuses = [ask_for_link(client, f"osoba{n}@example.org").status_code for n in range(11)]
    assert statuses == [200] * 10 + [429]


def test_reset_ends_the_accounts_other_sessions(app, client, make_user, mailbox):
    user = make_user()
    laptop = app.test_client()
    assert sign_in(laptop, user.email, PASSWORD).status_code == 302
    assert laptop.get("/account").status_code == 200
    ask_for_link(client, user.email)
    set_password(client, link_in(mailbox[0]))
    response = laptop.get("/account")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
