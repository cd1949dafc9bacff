"""The coordinator creates accounts and gives people roles in zones, from the web UI."""

from sqlalchemy import select

from app.auth.models import Role, User
from app.auth.services import has_password
from app.extensions import db


def test_coordinator_creates_an_account_and_gives_a_role(
    client, post_form, login_as, zone, mailbox
):
    login_as("coordinator")
    response = post_form(
        "/admin/users/new",
        {
            "name": "Ewa Lis",
            "email": " Ewa.Lis@Kwidzyn.example.org ",
            "language": "pl",
        },
    )
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "ewa.lis@kwidzyn.example.org"))
    # An invitation: no password until the person sets their own by the e-mailed link.
    assert user is not None and not has_password(user)
    assert [m["To"] for m in mailbox] == ["ewa.lis@kwidzyn.example.org"]

    page = f"/admin/users/{user.id}"
    html = client.get(page).get_data(as_text=True)
    token = html.split('name="role-csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        f"{page}/roles",
        data={"role-csrf_token": token, "role-zone": zone.id, "role-role": "librarian"},
    )
    assert response.status_code == 302
    html = client.get(page).get_data(as_text=True)
    assert "Ewa Lis ma teraz rolę w strefie Kwidzyn" in html
    assert user.role_in(zone) is Role.LIBRARIAN

    # Giving another role in the same zone replaces the first.
    client.post(
        f"{page}/roles",
        data={"role-csrf_token": token, "role-zone": zone.id, "role-role": "official"},
    )
    assert [r.role for r in user.roles] == ["official"]

    html = client.get("/admin/users").get_data(as_text=True)
    assert "Przedstawiciel samorządu: Kwidzyn" in html


def test_coordinator_takes_a_role_away(client, post_form, login_as, make_user, zone):
    login_as("coordinator")
    user = make_user("librarian", zone)
    role_id = user.roles[0].id
    response = post_form(
        f"/admin/users/{user.id}/roles/{role_id}/delete", page=f"/admin/users/{user.id}"
    )
    assert response.status_code == 302
    assert user.roles == []


def test_role_of_someone_else_cannot_be_revoked_through_another_account(
    post_form, login_as, make_user, zone
):
    login_as("coordinator")
    alice, bob = make_user("librarian", zone), make_user()
    response = post_form(
        f"/admin/users/{bob.id}/roles/{alice.roles[0].id}/delete", page=f"/admin/users/{bob.id}"
    )
    assert response.status_code == 404
    assert len(alice.roles) == 1


def test_duplicate_email_is_refused_with_a_message(post_form, login_as, make_user):
    login_as("coordinator")
    existing = make_user(email="jan@example.org")
    response = post_form(
        "/admin/users/new",
        {
            "name": "Jan Drugi",
            "email": "JAN@example.org",
            "language": "pl",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Konto z tym adresem e-mail już istnieje" in html
    assert 'value="Jan Drugi"' in html  # what was typed stays
    assert db.session.scalar(select(db.func.count()).select_from(User)) == 2
    assert existing.name != "Jan Drugi"


def test_invalid_email_is_refused(post_form, login_as, mailbox):
    login_as("coordinator")
    html = post_form(
        "/admin/users/new", {"name": "X", "email": "not-an-email", "language": "pl"}
    ).get_data(as_text=True)
    assert 'href="#email"' in html
    assert mailbox == []


def test_coordinator_cannot_lock_themselves_out(client, post_form, login_as):
    me = login_as("coordinator")
    html = post_form(f"/admin/users/{me.id}", {"name": me.name, "active": "y"}).get_data(
        as_text=True
    )
    assert "Nie możesz odebrać sobie" in html
    assert me.is_coordinator


def test_coordinator_deactivates_an_account(post_form, login_as, make_user):
    login_as("coordinator")
    user = make_user(name="Stara Nazwa")
    response = post_form(f"/admin/users/{user.id}", {"name": "Nowa Nazwa"})
    assert response.status_code == 302
    assert user.name == "Nowa Nazwa"
    assert not user.active


def test_hostile_names_are_shown_escaped(client, post_form, login_as):
    login_as("coordinator")
    post_form(
        "/admin/users/new",
        {
            "name": "<script>alert(1)</script>",
            "email": "x@example.org",
            "language": "pl",
        },
    )
    html = client.get("/admin/users").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
