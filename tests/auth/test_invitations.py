"""Invitations by e-mail (through a real SMTP server): the coordinator invites anyone, a
zone's librarian only officials of their own zone; the link sets the first password, once."""

import re
import time
from unittest import mock

from itsdangerous import TimestampSigner
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.auth.models import Role, User
from app.auth.services import INVITATION_LINK, has_password, make_link_token
from app.extensions import db
from tests.helpers import PASSWORD, csrf_token_from

FIRST_PASSWORD = "moje pierwsze hasło"
PERSON = {"name": "Ewa Lis", "email": "ewa.lis@example.org", "language": "pl"}


def parts(message) -> tuple[str, str]:
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def invitation_path(message) -> str:
    return re.search(r"http://localhost(/invitation/\S+)", parts(message)[0]).group(1)


def accept(client, path, password=FIRST_PASSWORD):
    token = csrf_token_from(client.get("/password/forgot").get_data(as_text=True))
    return client.post(path, data={"csrf_token": token, "password": password, "confirm": password})


def invited(email="ewa.lis@example.org") -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def test_coordinator_invites_a_librarian_who_accepts_once(
    app, client, post_form, login_as, zone, mailbox
):
    login_as("coordinator")
    page = f"/admin/users/new?zone={zone.id}&role=librarian"
    form = client.get(page).get_data(as_text=True)
    assert 'name="password"' not in form  # nobody chooses another person's password
    response = post_form(page, PERSON)
    assert response.headers["Location"] == "/zones/kwidzyn/team"
    user = invited()
    assert user.role_in(zone) is Role.LIBRARIAN and not has_password(user)
    team = client.get("/zones/kwidzyn/team").get_data(as_text=True)
    assert "Wysłaliśmy zaproszenie na adres ewa.lis@example.org" in team

    [message] = mailbox
    assert message["To"] == "ewa.lis@example.org"
    assert message["Subject"] == "Strefy: Twoje zaproszenie"
    text, html = parts(message)
    assert "Witaj, Ewa Lis" in text and "w strefie Kwidzyn: Bibliotekarz" in text
    path = invitation_path(message)
    assert f'href="http://localhost{path}"' in html

    # Nobody can sign in to the account before the invitation is accepted.
    guest = app.test_client()
    token = csrf_token_from(guest.get("/login").get_data(as_text=True))
    guest.post("/login", data={"csrf_token": token, "email": user.email, "password": "!invited"})
    assert guest.get("/account").status_code == 302

    page = guest.get(path)
    assert page.status_code == 200
    assert "Witamy w Strefach" in page.get_data(as_text=True)
    response = accept(guest, path)
    assert response.status_code == 302
    assert guest.get("/account").status_code == 200  # signed in
    assert user.check_password(FIRST_PASSWORD)

    again = app.test_client().get(path)
    assert again.status_code == 410
    assert "Ten link został już użyty" in again.get_data(as_text=True)
    actions = set(
        db.session.scalars(select(AuditEntry.action).where(AuditEntry.subject_id == user.id))
    )
    assert {"account.create", "role.grant", "account.invitation"} <= actions
    assert "account.invitation_accepted" in actions


def test_invitation_in_english(client, post_form, login_as, zone, mailbox):
    login_as("coordinator")
    post_form(f"/admin/users/new?zone={zone.id}&role=official", PERSON | {"language": "en"})
    [message] = mailbox
    assert message["Subject"] == "Strefy: your invitation"
    text, html = parts(message)
    assert "Hello Ewa Lis," in text and "in zone Kwidzyn: Official" in text
    assert "Accept the invitation and choose your password" in html
    # The invitation's language stays the account's, for the e-mails sent later (the digest).
    assert db.session.scalar(select(User.language).where(User.email == PERSON["email"])) == "en"


def test_librarian_invites_an_official_of_their_own_zone(
    client, post_form, login_as, zone, mailbox
):
    login_as("librarian")
    team = client.get("/zones/kwidzyn/team").get_data(as_text=True)
    assert 'href="/zones/kwidzyn/team/invite"' in team
    form = client.get("/zones/kwidzyn/team/invite").get_data(as_text=True)
    assert 'value="librarian"' not in form  # only officials' roles to give
    response = post_form("/zones/kwidzyn/team/invite", PERSON | {"role": "official"})
    assert response.headers["Location"] == "/zones/kwidzyn/team"
    assert invited().role_in(zone) is Role.OFFICIAL
    assert len(mailbox) == 1


def test_librarian_cannot_invite_a_librarian(post_form, login_as, zone, mailbox):
    login_as("librarian")
    response = post_form("/zones/kwidzyn/team/invite", PERSON | {"role": "librarian"})
    assert response.status_code == 200
    assert invited() is None and mailbox == []


def test_librarian_cannot_invite_to_another_zone(client, post_form, login_as, other_zone, mailbox):
    login_as("librarian")  # of Kwidzyn
    response = post_form(
        "/zones/sopot/team/invite", PERSON | {"role": "official"}, page="/zones/kwidzyn/team"
    )
    assert response.status_code == 403
    assert invited() is None and mailbox == []
    assert 'href="/zones/sopot/team/invite"' not in client.get("/zones/kwidzyn/team").get_data(
        as_text=True
    )


def test_an_existing_account_gets_the_role_and_a_notice(
    client, post_form, login_as, make_user, zone, mailbox
):
    person = make_user(email="ewa.lis@example.org", name="Ewa Lis")
    login_as("librarian")
    response = post_form(
        "/zones/kwidzyn/team/invite", PERSON | {"name": "Inna Nazwa", "role": "official"}
    )
    assert response.status_code == 302
    assert person.role_in(zone) is Role.OFFICIAL
    assert person.name == "Ewa Lis" and person.check_password(PASSWORD)  # nothing else changed
    assert db.session.scalar(select(db.func.count()).select_from(User)) == 2
    [message] = mailbox
    assert message["Subject"] == "Strefy: nowa rola w strefie Kwidzyn"
    text, _ = parts(message)
    assert "/invitation/" not in text and "http://localhost/login" in text
    team = client.get("/zones/kwidzyn/team").get_data(as_text=True)
    assert "Ewa Lis ma już konto" in team


def test_expired_invitation_says_so(client, make_user):
    user = make_user()
    user.password_hash = "!invited"
    db.session.commit()
    eight_days_ago = int(time.time()) - 8 * 24 * 3600
    with mock.patch.object(TimestampSigner, "get_timestamp", return_value=eight_days_ago):
        token = make_link_token(user, INVITATION_LINK)
    response = client.get(f"/invitation/{token}")
    assert response.status_code == 410
    html = response.get_data(as_text=True)
    assert "Ten link wygasł" in html and "7 dni" in html


def test_a_reset_link_is_no_invitation(client, make_user):
    from app.auth.services import RESET_LINK

    token = make_link_token(make_user(), RESET_LINK)
    assert client.get(f"/invitation/{token}").status_code == 404


def test_librarian_cannot_change_a_role_someone_has_in_the_zone(
    post_form, login_as, make_user, zone, mailbox
):
    colleague = make_user("librarian", zone, email="ewa.lis@example.org")
    login_as("librarian")
    html = post_form("/zones/kwidzyn/team/invite", PERSON | {"role": "official"}).get_data(
        as_text=True
    )
    assert "Ta osoba ma już rolę w tej strefie" in html
    assert colleague.role_in(zone) is Role.LIBRARIAN and mailbox == []


def test_an_account_that_cannot_sign_in_is_not_given_a_role(
    client, post_form, login_as, make_user, zone, mailbox
):
    """A role would not let them in: the form says so, nothing is given or sent."""
    person = make_user(email="ewa.lis@example.org", name="Ewa Lis")
    person.active = False
    db.session.commit()
    login_as("librarian")
    response = post_form("/zones/kwidzyn/team/invite", PERSON | {"role": "official"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Konto z tym adresem nie może się logować" in html
    assert 'value="ewa.lis@example.org"' in html  # what was typed stays
    db.session.expire_all()
    assert person.role_in(zone) is None
    assert mailbox == []
