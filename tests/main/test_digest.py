"""The librarians' daily digest (`flask notify digest`), through a real SMTP server: what
waits in their zones, in their language, with links that work; once a day at most; never
empty; not for those who turned it off, nor inactive accounts. And the account page's
e-mail settings that turn it off."""

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from app.auth.models import DigestSent, Role
from app.auth.services import claim_digest, grant_role
from app.cafes.models import Report as IdeaReport
from app.extensions import db
from app.main.digest import digests, send_digests
from app.plans.models import ReportStatus
from tests.cafes.factories import add_idea, plan_cafe
from tests.helpers import csrf_token_from
from tests.plans.factories import add_report, make_plan

DAY = date(2026, 12, 4)


def pending_ideas(zone, n: int = 2):
    board = plan_cafe(zone, title=f"Kawiarenka {zone.town}").boards[0]
    return [add_idea(board, f"Czeka {i}", status="pending") for i in range(n)]


def reported_idea(zone):
    board = plan_cafe(zone, title=f"Zgłoszenia {zone.town}").boards[0]
    idea = add_idea(board, "Zgłoszony")
    db.session.add(IdeaReport(idea_id=idea.id, reason="abuse", device_hash="d1"))
    db.session.commit()
    return idea


def returned_report(zone):
    report = add_report(make_plan(zone))
    report.status = ReportStatus.RETURNED.value
    report.review_comment = "Proszę uzupełnić."
    db.session.commit()
    return report


def parts(message) -> tuple[str, str]:
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def run(runner, *args):
    result = runner.invoke(args=["notify", "digest", "--day", DAY.isoformat(), *args])
    assert result.exit_code == 0, result.output
    return result.output


def sign_in_as(client, user):
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


def test_a_librarian_with_pending_ideas_gets_one_digest_in_polish_whose_links_work(
    client, runner, make_user, zone, mailbox
):
    librarian = make_user("librarian", zone, name="Ewa Lis")
    pending_ideas(zone, 2)
    reported_idea(zone)
    report = returned_report(zone)
    output = run(runner)
    assert "1 sent" in output
    assert len(mailbox) == 1
    message = mailbox[0]
    assert message["To"] == librarian.email
    assert message["Subject"] == "Strefy: co dziś na Ciebie czeka"
    text, html = parts(message)
    assert text.startswith("Witaj, Ewa Lis,")
    assert "2 pomysły czekają na moderację" in text
    assert "1 zgłoszony pomysł" in text
    assert f"Sprawozdanie nr {report.number} zwrócono do poprawy" in text
    assert 'href="http://localhost:5000/zones/kwidzyn/moderation?status=pending"' in html
    links = re.findall(r"http://localhost:5000(/\S+)", text)
    assert "/zones/kwidzyn/moderation?status=pending" in links
    assert "/zones/kwidzyn/moderation" in links
    assert f"/zones/kwidzyn/plan/reports/{report.number}" in links
    assert "/account" in links
    sign_in_as(client, librarian)
    queue = client.get("/zones/kwidzyn/moderation?status=pending")
    assert queue.status_code == 200
    assert "Czeka 0" in queue.get_data(as_text=True)
    assert "Zgłoszony" in client.get("/zones/kwidzyn/moderation").get_data(as_text=True)
    assert client.get(f"/zones/kwidzyn/plan/reports/{report.number}").status_code == 200
    assert client.get("/account").status_code == 200


def test_the_digest_is_in_english_for_an_english_account(runner, make_user, zone, mailbox):
    make_user("librarian", zone, language="en")
    pending_ideas(zone, 1)
    run(runner)
    assert mailbox[0]["Subject"] == "Strefy: what waits for you today"
    text, html = parts(mailbox[0])
    assert "1 idea waiting for moderation" in text
    assert 'lang="en"' in html


def test_a_second_run_the_same_day_sends_nothing_and_the_next_day_sends_again(
    runner, make_user, zone, mailbox
):
    make_user("librarian", zone)
    pending_ideas(zone)
    run(runner)
    output = run(runner)
    assert len(mailbox) == 1
    assert "0 sent" in output and "1 skipped (sent already)" in output
    assert db.session.scalar(select(func.count()).select_from(DigestSent)) == 1
    runner.invoke(args=["notify", "digest", "--day", "2026-12-05"])
    assert len(mailbox) == 2


def test_records_of_digests_older_than_a_month_are_deleted_by_the_next_run(
    runner, make_user, zone, mailbox
):
    user = make_user("librarian", zone)
    pending_ideas(zone)
    for day in (date(2026, 10, 1), date(2026, 11, 3), date(2026, 11, 4)):
        db.session.add(DigestSent(user_id=user.id, day=day))
    db.session.commit()
    runner.invoke(args=["notify", "digest", "--day", "2026-12-05"])
    assert len(mailbox) == 1
    days = db.session.scalars(select(DigestSent.day).order_by(DigestSent.day)).all()
    assert days == [date(2026, 11, 4), date(2026, 12, 5)]  # 31 days kept before the day
    runner.invoke(args=["notify", "digest", "--day", "2026-12-06", "--dry-run"])
    assert db.session.scalar(select(func.count()).select_from(DigestSent)) == 2  # untouched


def test_a_digest_claimed_by_a_concurrent_run_is_not_sent(runner, make_user, zone, mailbox):
    librarian = make_user("librarian", zone)
    pending_ideas(zone)
    assert claim_digest(librarian, DAY) is not None  # the other run got there first
    assert claim_digest(librarian, DAY) is None
    run(runner)
    assert mailbox == []


def test_who_gets_nothing(runner, make_user, zone, other_zone, mailbox):
    """Opted out, inactive, invited but not signed up yet, an official, the coordinator,
    nothing waiting in their own zone (the other zone's ideas are not theirs): no e-mail."""
    make_user("librarian", zone, digest=False)
    make_user("librarian", zone, active=False)
    make_user("librarian", zone, password_hash="!invited")  # an invitation not accepted
    make_user("official", zone)
    make_user("coordinator")
    quiet = make_user("librarian", other_zone)
    pending_ideas(zone)
    output = run(runner)
    assert mailbox == []
    assert "0 sent, 1 skipped (nothing to tell)" in output
    assert [digest.user.id for digest in digests()] == [quiet.id]


def test_counts_are_per_zone_and_only_of_the_librarians_zones(
    runner, make_user, make_zone, zone, other_zone, mailbox
):
    librarian = make_user("librarian", zone)
    grant_role(librarian, other_zone, Role.LIBRARIAN)
    third = make_zone(town="Gdańsk", slug="gdansk")  # not theirs
    db.session.commit()
    pending_ideas(zone, 2)
    pending_ideas(other_zone, 3)
    pending_ideas(third, 5)
    run(runner)
    text, _ = parts(mailbox[0])
    assert "Strefa Kwidzyn" in text and "Strefa Sopot" in text and "Gdańsk" not in text
    assert "2 pomysły czekają" in text and "3 pomysły czekają" in text
    assert "5 pomysłów" not in text
    assert text.index("Kwidzyn") < text.index("Sopot")


def test_a_dry_run_sends_and_records_nothing(runner, make_user, zone, mailbox):
    librarian = make_user("librarian", zone)
    pending_ideas(zone)
    output = run(runner, "--dry-run")
    assert f"Would send to {librarian.email}" in output and "1 would be sent" in output
    assert mailbox == []
    assert db.session.scalar(select(func.count()).select_from(DigestSent)) == 0


def test_a_digest_the_smtp_server_refuses_is_tried_again_later(
    app, make_user, zone, mailbox, monkeypatch
):
    make_user("librarian", zone)
    pending_ideas(zone)
    import app.main.digest as digest_module

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr(digest_module, "send_mail", refuse)
    assert send_digests(DAY).failed == 1
    assert db.session.scalar(select(func.count()).select_from(DigestSent)) == 0
    monkeypatch.undo()
    assert send_digests(DAY).sent == 1
    assert len(mailbox) == 1


# The account page's e-mail settings


@pytest.mark.parametrize("language", ["pl", "en"])
def test_a_librarian_turns_the_digest_off_and_chooses_the_language(client, login_as, language):
    librarian = login_as("librarian")
    page = client.get("/account").get_data(as_text=True)
    assert 'name="digest"' in page and "checked" in page
    token = csrf_token_from(page)
    response = client.post(
        "/account/email-settings", data={"csrf_token": token, "language": language},
        follow_redirects=True,
    )  # fmt: skip
    assert "Ustawienia e-maili zostały zapisane." in response.get_data(as_text=True)
    db.session.refresh(librarian)
    assert librarian.digest is False and librarian.language == language
    client.post(
        "/account/email-settings",
        data={"csrf_token": token, "language": "pl", "digest": "y"},
    )
    db.session.refresh(librarian)
    assert librarian.digest is True


def test_the_settings_need_the_csrf_token_and_a_known_language(client, login_as):
    librarian = login_as("librarian")
    assert client.post("/account/email-settings", data={"language": "en"}).status_code == 400
    token = csrf_token_from(client.get("/account").get_data(as_text=True))
    response = client.post("/account/email-settings", data={"csrf_token": token, "language": "xx"})
    assert response.status_code == 200
    assert 'class="error-message"' in response.get_data(as_text=True)
    db.session.refresh(librarian)
    assert librarian.language == "pl" and librarian.digest is True


def test_an_official_sees_the_language_but_no_digest(client, login_as):
    official = login_as("official")
    page = client.get("/account").get_data(as_text=True)
    assert 'name="language"' in page and 'name="digest"' not in page
    token = csrf_token_from(page)
    client.post("/account/email-settings", data={"csrf_token": token, "language": "en"})
    db.session.refresh(official)
    assert official.language == "en" and official.digest is True
