"""A staff member's data under RODO/GDPR: the coordinator exports it (a JSON download) or
erases it (an anonymised account: what the person did stays, as "a deleted account"); and
the audit log keeps which fields of residents' ideas and answers changed, not their words."""

import json

import pyotp
import pytest
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.audit.services import record
from app.auth.models import User
from app.auth.services import (
    ErasureRefusedError,
    authenticate,
    enable_two_factor,
    erase_user,
    new_totp_secret,
)
from app.cafes import moderation
from app.cafes.services import add_paper_card
from app.dashboards.findings import add_finding
from app.extensions import db
from tests.cafes.factories import plan_cafe
from tests.helpers import PASSWORD, csrf_token_from

NICKNAME = "Ola z Wrzosowej 7"  # a resident's words, which the audit log must not keep


@pytest.fixture
def librarian(make_user, zone) -> User:
    return make_user("librarian", zone, name="Anna Kowalska", email="anna@kwidzyn.example.org")


def stored(entries) -> str:
    """What the audit log holds of `entries`, as text."""
    return json.dumps([[e.before, e.after, e.reason] for e in entries], ensure_ascii=False)


def test_the_export_holds_what_the_app_knows_of_the_person_and_no_password(
    client, login_as, librarian, zone, survey
):
    finding = add_finding(
        survey, "Młode mamy nie mają gdzie się spotkać", ["wiek"], author_id=librarian.id
    )
    cafe = plan_cafe(zone)
    idea = add_paper_card(cafe, cafe.boards[0], 1, "Ławki w parku", librarian.id)
    moderation.edit_idea(idea, librarian, "Ławki w parku", "", NICKNAME)
    db.session.commit()
    login_as("coordinator")
    reply = client.get(f"/admin/users/{librarian.id}/personal-data.json")
    assert reply.status_code == 200
    assert reply.mimetype == "application/json"
    assert reply.headers["Content-Disposition"] == (
        f'attachment; filename="strefy-personal-data-{librarian.id}.json"'
    )
    assert "no-store" in reply.headers["Cache-Control"]
    body = reply.get_data(as_text=True)
    assert librarian.password_hash not in body and "password_hash" not in body
    data = json.loads(body)
    account = data["account"]
    assert (account["name"], account["email"], account["id"]) == (
        "Anna Kowalska", "anna@kwidzyn.example.org", librarian.id,
    )  # fmt: skip
    assert account["has_password"] is True and account["erased_at"] is None
    assert data["roles"] == [
        {"zone_id": zone.id, "zone": zone.slug, "town": zone.town, "role": "librarian",
         "since": data["roles"][0]["since"]}
    ]  # fmt: skip
    assert data["sessions"]["session_version"] == librarian.session_version
    linked = data["linked_records"]
    assert [r["id"] for r in linked["findings.created_by_id"]] == [finding.id]
    assert [r["id"] for r in linked["ideas.created_by_id"]] == [idea.id]
    acts = linked["audit_entries.actor_id"]
    assert {(a["action"], a["subject_type"], a["zone_id"]) for a in acts} == {
        ("create_paper", "idea", zone.id), ("idea.edit", "idea", zone.id),
    }  # fmt: skip
    assert all(a["created_at"] for a in acts)
    # Where and when, not the records' contents: those are the zone's, and residents'.
    assert "Ławki w parku" not in body and NICKNAME not in body and "Młode mamy" not in body
    # Who looked at the person's data, and when, is in the log.
    exported = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "account.export"))
    assert exported.subject_id == librarian.id and exported.before == exported.after == {}


@pytest.mark.parametrize("role", ["librarian", "other_librarian", "official"])
def test_only_the_coordinator_exports_or_erases(client, login_as, librarian, other_zone, role):
    if role == "other_librarian":
        login_as("librarian", other_zone)
    else:
        login_as(role)
    assert client.get(f"/admin/users/{librarian.id}/personal-data.json").status_code == 403
    assert client.get(f"/admin/users/{librarian.id}/erase").status_code == 403
    token = csrf_token_from(client.get("/account").get_data(as_text=True))
    reply = client.post(
        f"/admin/users/{librarian.id}/erase",
        data={"csrf_token": token, "email": librarian.email},
    )
    assert reply.status_code == 403
    assert db.session.get(User, librarian.id).erased_at is None


def test_erasing_anonymises_the_account_and_ends_its_sessions(
    app, client, login_as, post_form, librarian, zone
):
    # The person is signed in elsewhere: that session must die with the account.
    theirs = app.test_client()
    with theirs.session_transaction() as session:
        session["_user_id"] = librarian.get_id()
    assert theirs.get("/account").status_code == 200
    coordinator = login_as("coordinator")
    page = f"/admin/users/{librarian.id}/erase"
    assert "Usuń to konto" in client.get(f"/admin/users/{librarian.id}").get_data(as_text=True)
    html = client.get(page).get_data(as_text=True)
    assert "anna@kwidzyn.example.org" in html  # what to type

    # The wrong address erases nothing, and says what to type; an empty one too.
    reply = post_form(page, {"email": "ktos@example.org"})
    assert reply.status_code == 200
    assert "To nie jest adres e-mail tego konta" in reply.get_data(as_text=True)
    assert 'value="ktos@example.org"' in reply.get_data(as_text=True)  # kept as typed
    assert post_form(page, {"email": ""}).status_code == 200
    assert db.session.get(User, librarian.id).erased_at is None

    reply = post_form(page, {"email": " Anna@Kwidzyn.example.org "})
    assert reply.status_code == 302 and reply.location.endswith("/admin/users")
    db.session.expire_all()
    user = db.session.get(User, librarian.id)
    assert user.erased_at is not None and not user.active and not user.is_coordinator
    assert (user.name, user.email) == ("", f"deleted-{user.id}@invalid")
    assert user.roles == [] and not user.check_password(PASSWORD)
    assert user.display_name == "usunięte konto"
    # They cannot sign in, and their old session cookie is dead.
    assert authenticate("anna@kwidzyn.example.org", PASSWORD) is None
    assert theirs.get("/account").status_code == 302
    stranger = app.test_client()
    login = stranger.get("/login").get_data(as_text=True)
    reply = stranger.post(
        "/login",
        data={"csrf_token": csrf_token_from(login), "email": "anna@kwidzyn.example.org",
              "password": PASSWORD},
    )  # fmt: skip
    assert reply.status_code == 200  # the form again, not a redirect into the app

    # Gone from the accounts page (with a count), nothing left to manage or export.
    users = client.get("/admin/users").get_data(as_text=True)
    assert "Anna Kowalska" not in users and "1 usunięte konto nie jest na liście" in users
    assert client.get(f"/admin/users/{user.id}").status_code == 404
    assert client.get(f"/admin/users/{user.id}/personal-data.json").status_code == 404
    assert client.get(page).status_code == 404

    # The erasure is in the log, by the coordinator, with nothing personal; the earlier
    # entries about the account forget the name and address they held.
    erased = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "account.erase"))
    assert erased.actor_id == coordinator.id and erased.after == {"erased": True}
    about = db.session.scalars(
        select(AuditEntry).where(AuditEntry.subject_type == "account",
                                 AuditEntry.subject_id == user.id)
    ).all()  # fmt: skip
    text = stored(about)
    assert "Anna" not in text and "anna@" not in text
    created = next(e for e in about if e.action == "account.create")
    assert created.after["changed"] == ["email", "name"]


def test_the_coordinator_cannot_erase_themselves_nor_the_last_coordinator(
    client, login_as, post_form, make_user, librarian
):
    coordinator = login_as("coordinator")
    page = f"/admin/users/{coordinator.id}/erase"
    assert "Nie można usunąć własnego konta." in client.get(page).get_data(as_text=True)
    assert post_form(page, {"email": coordinator.email}).status_code == 409
    assert db.session.get(User, coordinator.id).erased_at is None
    # The last coordinator (erased by a command, say): refused too.
    other = make_user("coordinator")
    coordinator.is_coordinator = False
    db.session.commit()
    with pytest.raises(ErasureRefusedError, match="ostatnie konto koordynatora"):
        erase_user(other, librarian)
    db.session.rollback()
    assert db.session.get(User, other.id).erased_at is None


def test_the_audit_log_shows_a_deleted_account(client, login_as, librarian, zone):
    cafe = plan_cafe(zone)
    idea = add_paper_card(cafe, cafe.boards[0], 1, "Ławki w parku", librarian.id)
    moderation.edit_idea(idea, librarian, "Ławki w parku", "Przy stawie", NICKNAME)
    coordinator = login_as("coordinator")
    erase_user(librarian, coordinator)
    db.session.commit()
    for language, deleted in (("pl", "usunięte konto"), ("en", "a deleted account")):
        client.set_cookie("strefy_lang", language)
        page = client.get("/admin/audit").get_data(as_text=True)
        assert f"<td>{deleted}</td>" in page  # who typed the card in and edited it
        assert "Anna Kowalska" not in page and "anna@kwidzyn" not in page
        moderate = client.get(f"/zones/{zone.slug}/ideas/{idea.id}/moderate")
        assert f"{deleted}:" in moderate.get_data(as_text=True)


def test_idea_edits_and_paper_corrections_keep_no_residents_words(
    client, login_as, librarian, zone
):
    cafe = plan_cafe(zone)
    idea = add_paper_card(cafe, cafe.boards[0], 1, "Ławki w parku", librarian.id)
    moderation.edit_idea(idea, librarian, "Ławki nad stawem", "Przy wejściu", NICKNAME)
    db.session.commit()
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.subject_type == "idea"))
    text = stored(entries)
    for words in ("Ławki w parku", "Ławki nad stawem", "Przy wejściu", NICKNAME):
        assert words not in text
    edit = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "idea.edit"))
    assert edit.before == {} and edit.after == {"changed": ["description", "nickname", "title"]}
    login_as("coordinator")
    for language, told in (
        (
            "pl",
            (
                "Zmienione pola (ich treść nie jest przechowywana)</dt>\n"
                "  <dd><span>Opis, Pseudonim, Tytuł"
            ),
        ),
        (
            "en",
            (
                "Fields changed (their contents are not kept)</dt>\n"
                "  <dd><span>Description, Nickname, Title"
            ),
        ),
    ):
        client.set_cookie("strefy_lang", language)
        page = client.get("/admin/audit").get_data(as_text=True)
        assert told in page
        assert NICKNAME not in page and "Przy wejściu" not in page and "Ławki w parku" not in page


def test_purge_clears_residents_words_from_older_entries(runner, zone, librarian):
    # Entries as they were written before the log stopped keeping residents' words.
    old = [
        record("idea.edit", "idea", 1, actor_id=librarian.id, zone_id=zone.id,
               before={"title": "Ławki", "nickname": NICKNAME},
               after={"title": "Ławki nad stawem", "nickname": None}),
        record("create_paper", "idea", 1, actor_id=librarian.id, zone_id=zone.id,
               after={"title": "Ławki", "board_id": 1, "status": "published"}),
        record("response.correct", "response", 2, actor_id=librarian.id, zone_id=zone.id,
               before={"answers": {"uwagi": NICKNAME}}, after={"answers": {"uwagi": "—"}}),
        record("response.withdraw", "response", 3, actor_id=librarian.id, zone_id=zone.id,
               before={"status": "complete", "answers": {"uwagi": NICKNAME}},
               after={"status": "withdrawn"}),
        # Staff's own words stay: a moderator's reason, a zone's details.
        record("idea.status", "idea", 1, actor_id=librarian.id, zone_id=zone.id,
               before={"status": "pending"}, after={"status": "rejected"}, reason="Poza tematem"),
    ]  # fmt: skip
    db.session.commit()
    ids = [entry.id for entry in old]
    dry = runner.invoke(args=["purge", "--dry-run"]).output
    assert "residents' words or answers: 4 would be cleared" in dry
    db.session.expire_all()
    assert NICKNAME in stored(db.session.get(AuditEntry, i) for i in ids)  # a dry run
    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0 and "residents' words or answers: 4 cleared" in result.output
    db.session.expire_all()
    edit, card, correct, withdraw, status = (db.session.get(AuditEntry, i) for i in ids)
    assert NICKNAME not in stored([edit, card, correct, withdraw]) and "Ławki" not in stored(
        [edit, card]
    )
    assert (edit.before, edit.after) == ({}, {"changed": ["nickname", "title"]})
    assert card.after == {"board_id": 1, "status": "published", "changed": ["title"]}
    assert (correct.before, correct.after) == ({}, {"changed": ["answers"]})
    assert withdraw.before == {"status": "complete"}
    assert withdraw.after == {"status": "withdrawn", "changed": ["answers"]}
    assert (status.after, status.reason) == ({"status": "rejected"}, "Poza tematem")
    # Run again, nothing more to clear.
    assert "answers: 0 cleared" in runner.invoke(args=["purge"]).output


def test_erasing_takes_the_second_factor_with_it(client, login_as, post_form, librarian):
    """The two-factor secret and the recovery codes are the person's too."""
    secret = new_totp_secret()
    assert enable_two_factor(librarian, secret, pyotp.TOTP(secret).now())
    db.session.commit()
    login_as("coordinator")
    reply = post_form(f"/admin/users/{librarian.id}/erase", {"email": librarian.email})
    assert reply.status_code == 302
    db.session.expire_all()
    user = db.session.get(User, librarian.id)
    assert user.totp_secret is None and user.totp_last_step is None
    assert user.recovery_codes == []
