"""The audit log tells every recorded act in words, in the reader's language (Polish and
English): who, what was done to which record, and each changed field and value; never an
action code, a field's key or JSON, which stay one click away ("as recorded"). Each act is
done for real, through the pages or the services the pages call."""

import html as html_lib
import re
from datetime import timedelta

import pytest

from app.audit.models import AuditEntry
from app.audit.services import record
from app.auth.models import User, ZoneRole
from app.cafes import moderation
from app.cafes.demo import load_demo_cafe
from app.cafes.models import ReportReason, Support
from app.cafes.participation import SupportLimits, report_idea, support_idea
from app.cafes.services import add_paper_card
from app.dashboards.services import set_results_public
from app.extensions import db
from app.plans import services as plan_services
from app.plans.models import Goal, Partner, Plan
from app.plans.reports import review_report
from app.surveys.models import Channel, Response
from app.surveys.services import (
    allow_repeats,
    change_setting,
    close_survey,
    correct_paper_response,
    open_survey,
    submit_response,
    withdraw_paper_response,
)
from app.zones.services import create_zone, update_zone
from tests.cafes.factories import add_idea, plan_cafe
from tests.helpers import PASSWORD, audit_words
from tests.plans import factories as plan_factories

HOSTILE = '<script>alert("x")</script> Ławki w parku'
CODE = re.compile(r"\b[a-z]{2,}[._][a-z_]{2,}\b")  # survey.open, board_id, plan_action…


def log_text(client, language: str) -> str:
    """The audit table as a reader sees it (the records as stored folded away)."""
    client.set_cookie("strefy_lang", language)
    page = client.get("/admin/audit").get_data(as_text=True)
    table = audit_words(page[page.index("<table") : page.index("</table>")])
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", table))
    return re.sub(r"\s+", " ", text)


def assert_in_words(text: str, language: str) -> None:
    """No code, key or JSON in what the reader sees."""
    assert "{" not in text and "}" not in text and '"' not in text, text
    codes = CODE.findall(re.sub(r"\S+@\S+|e-mail", "", text))
    assert not codes, codes
    keys = set()
    for entry in db.session.scalars(db.select(AuditEntry)):
        keys |= set(entry.before or {}) | set(entry.after or {})
    if language == "en":  # English says "status changed", "password changed" in words
        keys = {key for key in keys if "_" in key}
    for key in keys:
        assert not re.search(rf"\b{key}\b", text), key
    assert "None" not in text and "True" not in text and "False" not in text


def read_as_coordinator(client, login_as, expected: dict[str, list[str]]) -> None:
    login_as("coordinator")
    for language, sentences in expected.items():
        text = log_text(client, language)
        assert_in_words(text, language)
        for sentence in sentences:
            assert sentence in text, f"{language}: {sentence!r} not in {text!r}"


def test_ideas_acts_read_in_words(client, login_as, zone):
    librarian = login_as("librarian")
    cafe = plan_cafe(zone)
    idea = add_paper_card(cafe, cafe.boards[1], 1, "Ławki w parku", librarian.id)
    moderation.change_status(idea, "shortlisted", librarian)
    moderation.edit_idea(idea, librarian, "Ławki w parku miejskim", "Przy stawie.", None)
    moderation.set_themes(idea, ["Zieleń"], librarian)
    other = add_idea(cafe.boards[0], "Ławki przy stawie", status="pending")
    moderation.merge([other], idea, librarian, reason="To samo.")
    support = Support(idea_id=idea.id, device_hash="d1")
    db.session.add(support)
    db.session.flush()
    moderation.withdraw_supports(idea, [support.id], librarian, reason="Podwójne.")
    limits = SupportLimits(daily=10, burst=2, burst_window=timedelta(hours=1))
    for device in ("d2", "d3"):
        support_idea(idea, device, address="a1", limits=limits)
    moderation.supports_checked(idea, librarian)
    reported = add_idea(cafe.boards[0], "Parking pod biblioteką")
    report_idea(reported, ReportReason.OFF_TOPIC, "r1", None, threshold=1)
    moderation.resolve_reports(reported, librarian, keep_hidden=False)
    report_idea(reported, ReportReason.OFF_TOPIC, "r2", None, threshold=1)  # reviewed: flagged
    db.session.commit()

    read_as_coordinator(client, login_as, {
        "pl": [
            f"Pomysł „Ławki w parku miejskim” (nr {idea.id}): przepisano papierową karteczkę.",
            f"Pomysł „Ławki w parku miejskim” (nr {idea.id}): zmiana statusu.",
            "Status opublikowany → na krótkiej liście",
            # Which fields were edited, not the resident's words before or after.
            "poprawiono treść. Zmienione pola (ich treść nie jest przechowywana) Opis, Tytuł",
            "zmiana tematów. Tematy — → Zieleń",
            f"Pomysł „Ławki przy stawie” (nr {other.id}): połączony z innym pomysłem.",
            f"Połączony z — → pomysł nr {idea.id}", "To samo.",
            "wycofano poparcia", "oznaczony do sprawdzenia: wiele poparć z jednego adresu",
            "poparcia sprawdzone i zachowane",
            (f"Pomysł „Parking pod biblioteką” (nr {reported.id}): "
            "ukryty po zgłoszeniach mieszkańców."),
            "oznaczony do sprawdzenia po zgłoszeniach mieszkańców", "zgłoszenia rozpatrzone",
            "Ukryty przed mieszkańcami nie → tak",
            "aplikacja (samoczynnie) lub usunięte konto", librarian.name,
        ],
        "en": [
            f"Idea “Ławki w parku miejskim” (no. {idea.id}): paper card typed in.",
            "Status published → shortlisted", "themes changed",
            "wording edited. Fields changed (their contents are not kept) Description, Title",
            f"Idea “Ławki przy stawie” (no. {other.id}): merged into another idea.",
            "supports withdrawn", "flagged: many supports from one address",
            "supports checked and kept", "hidden after residents' reports",
            "flagged after residents' reports", "reports dealt with",
        ],
    })  # fmt: skip


def test_a_hostile_title_is_shown_as_text(client, login_as, zone):
    librarian = login_as("librarian")
    cafe = plan_cafe(zone)
    idea = add_paper_card(cafe, cafe.boards[0], 1, HOSTILE, librarian.id)
    moderation.edit_idea(idea, librarian, HOSTILE + "!", '<img src=x onerror="alert(1)">', None)
    db.session.commit()
    login_as("coordinator")
    for language in ("pl", "en"):
        client.set_cookie("strefy_lang", language)
        page = client.get("/admin/audit").get_data(as_text=True)
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Ławki w parku" in page
        # The idea's title as it is now, escaped; the edited words are not kept at all.
        assert "&lt;img src=x" not in page and "onerror" not in page


def test_survey_acts_read_in_words(client, login_as, survey):
    librarian = login_as("librarian")
    close_survey(survey, by=librarian)
    open_survey(survey, by=librarian)
    allow_repeats(survey, True, librarian)
    change_setting(survey, "requires_code", True, librarian)
    paper, _new = submit_response(
        survey, {"wiek": "do_24"}, Channel.PAPER, "paper-1", "h", entered_by=librarian
    )
    paper = db.session.get(Response, paper.id)
    correct_paper_response(paper, {"wiek": "od_25"}, librarian)
    withdraw_paper_response(paper, librarian)
    set_results_public(survey, True, actor_id=librarian.id)
    db.session.commit()

    read_as_coordinator(client, login_as, {
        "pl": [
            "Ankieta „Ankieta próbna”: zamknięto ankietę.",
            "Ankieta „Ankieta próbna”: otwarto ankietę.",
            "zezwolono na kilka odpowiedzi z jednego urządzenia",
            "wprowadzono kody dostępu", "poprawiono ankietę papierową",
            (f"Ankieta papierowa nr {paper.id}: wycofano ankietę papierową. "
            "Status ukończona → wycofane"),
            "Wyniki ankiety „Ankieta próbna”: wyniki udostępnione publicznie.",
        ],
        "en": [
            "Survey “Trial survey”: closed the survey.", "opened the survey",
            "allowed repeat answers from one device", "required access codes",
            f"Paper questionnaire no. {paper.id}: paper questionnaire corrected.",
            "paper questionnaire withdrawn", "results made public",
            "Who can see the results the zone's team only → anyone with the link",
        ],
    })  # fmt: skip


def test_plan_acts_read_in_words(client, login_as, zone, post_form):
    librarian = login_as("librarian")
    plan_url = f"/zones/{zone.slug}/plan"
    post_form(
        f"{plan_url}/new",
        {"title": "Plan rozwoju", "start_year": "2026", "end_year": "2027", "vision": "Wizja."},
        page=plan_url,
    )  # fmt: skip
    plan = db.session.scalar(db.select(Plan).where(Plan.zone_id == zone.id))
    goal = Goal(plan=plan, position=1, title="Miejsca spotkań")
    db.session.add(goal)
    db.session.commit()
    new_action = f"{plan_url}/actions/new"
    action_fields = {"title": "Spotkania dla mam", "description": "We wtorki.", "goal": "0",
                     "owner": "", "starts_on": "2026-04-01", "ends_on": "2026-06-30",
                     "progress_set": ""}  # fmt: skip
    assert post_form(new_action, action_fields).status_code == 302
    goal_edit = f"{plan_url}/goals/{goal.id}/edit"
    assert post_form(f"{plan_url}/goals/{goal.id}/delete", page=goal_edit).status_code == 302
    grant = {
        "funder": plan_services.DEFAULT_FUNDER, "programme": plan_services.DEFAULT_PROGRAMME,
        "contract_number": "SI/7/2026", "contract_date": "2026-03-01",
        "amount_awarded": "5000", "starts_on": "2026-03-01", "ends_on": "2027-12-31",
    }  # fmt: skip
    assert post_form(f"{plan_url}/grant", grant).status_code == 302
    assert post_form(f"{plan_url}/publish", page=plan_url).status_code == 302
    db.session.expire_all()
    action = plan.actions[0]
    plan_services.set_action_status(action, "dropped", "Brak sali.", librarian)
    partner = Partner(zone_id=zone.id, name="Stowarzyszenie Sąsiedzi")
    db.session.add(partner)
    db.session.commit()
    partners = f"{plan_url}/partners"
    assert post_form(f"{partners}/{partner.id}/delete", page=partners).status_code == 302
    line = plan_factories.add_line(plan, 100_000, action=action)
    receipt = plan_factories.add_attachment(zone)
    expense = plan_factories.add_expense(line, 20_000, receipt_id=receipt.id)
    db.session.commit()
    expenses = f"{plan_url}/expenses"
    assert post_form(f"{expenses}/{expense.id}/delete", page=expenses).status_code == 302
    report = plan_factories.submitted_report(plan, librarian)
    coordinator = login_as("coordinator")
    review_report(report, plan, coordinator, accept=False, comment="Popraw liczby.")
    db.session.commit()

    read_as_coordinator(client, login_as, {
        "pl": [
            "Plan „Plan rozwoju”: utworzono plan.", "opublikowano plan", "Wersja 1",
            "Działanie 1 „Spotkania dla mam”: dodano działanie. Tytuł Spotkania dla mam",
            "Cel „Miejsca spotkań”: usunięto cel.",
            "Dotacja planu: zapisano dane dotacji.", "Przyznana kwota 5 000,00 zł",
            "Numer umowy SI/7/2026",
            "Działanie 1 „Spotkania dla mam”: zmiana statusu działania.",
            "Status zaplanowane → zarzucone", "Powód rezygnacji — → Brak sali.",
            "Partner „Stowarzyszenie Sąsiedzi”: usunięto partnera z planu.",
            "Wydatek planu: usunięto wydatek. Kwota 200,00 zł", "Data wydatku 10 maj 2026",
            f"Sprawozdanie nr {report.id}: sprawozdanie złożone. Status szkic → złożone",
            "sprawozdanie zwrócone do poprawy", "Popraw liczby.",
        ],
        "en": [
            "Plan “Plan rozwoju”: plan created.", "plan published", "action added",
            "Goal “Miejsca spotkań”: goal deleted.", "The plan's grant: grant saved.",
            "Amount awarded PLN 5,000.00",
            "Action 1 “Spotkania dla mam”: action's status changed.",
            "Status planned → dropped", "Why it was dropped — → Brak sali.",
            "partner removed from the plan", "expense deleted", "report submitted",
            "report returned for changes",
        ],
    })  # fmt: skip


def test_account_and_role_changes_are_in_the_log_in_words(
    client, login_as, zone, post_form, make_user
):
    coordinator = login_as("coordinator")
    response = post_form(
        "/admin/users/new",
        {"email": "jan@example.org", "name": "Jan Kowalski", "language": "pl"},
    )  # fmt: skip
    assert response.status_code == 302, response.text
    user_url = response.headers["Location"]
    response = post_form(
        f"{user_url}/roles", {"role-zone": str(zone.id), "role-role": "librarian"}, page=user_url
    )
    assert response.status_code == 302, response.text
    post_form(
        f"{user_url}/roles", {"role-zone": str(zone.id), "role-role": "official"}, page=user_url
    )
    post_form(user_url, {"name": "Jan Nowak", "active": "y"})
    jan = db.session.scalar(db.select(User).where(User.email == "jan@example.org"))
    zone_role = db.session.scalar(db.select(ZoneRole).where(ZoneRole.user_id == jan.id))
    post_form(f"{user_url}/roles/{zone_role.id}/delete", page=user_url)
    grants = db.session.scalars(
        db.select(AuditEntry).where(
            AuditEntry.subject_id == jan.id, AuditEntry.subject_type == "account"
        )
    ).all()
    assert {e.action for e in grants} == {
        "account.create", "account.invitation", "role.grant", "account.update", "role.revoke"
    }  # fmt: skip
    assert all(e.actor_id == coordinator.id for e in grants)
    db.session.expire_all()

    client.set_cookie("strefy_lang", "pl")
    read_as_coordinator(client, login_as, {
        "pl": [
            "Konto: Jan Nowak (jan@example.org): utworzono konto.",
            "wysłano zaproszenie e-mailem",
            "nadano rolę w strefie Kwidzyn: Bibliotekarz",
            "zmiana roli w strefie Kwidzyn na: Przedstawiciel samorządu",
            "odebrano rolę w strefie Kwidzyn: Przedstawiciel samorządu",
            "zmiana danych konta", "Imię i nazwisko Jan Kowalski → Jan Nowak",
            coordinator.name,
        ],
        "en": [
            "Account of Jan Nowak (jan@example.org): account created.",
            "invitation sent by e-mail",
            "role granted in Kwidzyn: Librarian", "role in Kwidzyn changed to: Official",
            "role taken away in Kwidzyn: Official", "Name Jan Kowalski → Jan Nowak",
        ],
    })  # fmt: skip


def test_a_password_change_is_in_the_log_without_the_password(client, login_as, post_form):
    person = login_as("librarian")
    post_form(
        "/account/password",
        {"current_password": PASSWORD, "password": "Nowe-hasło-bardzo-długie",
         "confirm": "Nowe-hasło-bardzo-długie"},
    )  # fmt: skip
    [entry] = db.session.scalars(
        db.select(AuditEntry).where(AuditEntry.action == "account.password")
    )
    assert entry.actor_id == person.id and "Nowe-hasło" not in repr(entry.after)
    read_as_coordinator(client, login_as, {
        "pl": ["zmiana hasła", "Hasło zmienione"], "en": ["password changed", "Password changed"],
    })  # fmt: skip


@pytest.mark.parametrize("language", ["pl", "en"])
def test_an_act_no_feature_told_the_log_about_reads_as_fields_in_words(
    client, login_as, zone, language
):
    record("something.new", "gadget", 5, actor_id=None, zone_id=zone.id,
           before={"status": "a", "is_coordinator": False, "weird_key": {"x": 1}},
           after={"status": "b", "is_coordinator": True,
                  "weird_key": {"x": 2, "y": 3}})  # fmt: skip
    db.session.commit()
    login_as("coordinator")
    text = log_text(client, language)
    assert_in_words(text, language)
    expected = {
        "pl": [
            "Rekord nr 5: inna zmiana.",
            "Koordynator sieci nie → tak",
            "inne pole 1 pozycja → 2 pozycje",
        ],
        "en": [
            "Record #5: other change.",
            "Network coordinator no → yes",
            "other field 1 item → 2 items",
        ],
    }[language]
    for sentence in expected:
        assert sentence in text, text
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "something.new" in page and "weird_key" in page  # as recorded, one click away


def test_the_demo_cafe_s_moderation_reads_in_words(client, login_as, zone):
    librarian = login_as("librarian")
    load_demo_cafe(zone, librarian.id)  # publishes, rejects and merges as a librarian would
    db.session.commit()
    acts = set(
        db.session.scalars(db.select(AuditEntry.action).where(AuditEntry.actor_id.is_not(None)))
    )
    assert {"publish", "reject", "merge"} <= acts
    read_as_coordinator(client, login_as, {
        "pl": ["zmiana statusu. Status czeka na moderację → opublikowany",
               "połączony z innym pomysłem", "Status czeka na moderację → odrzucony"],
        "en": ["status changed. Status waiting for moderation → published",
               "merged into another idea", "Status waiting for moderation → rejected"],
    })  # fmt: skip


def test_zone_changes_are_in_the_log_in_words(client, login_as):
    zone = create_zone(
        slug="leba", library_name="Biblioteka w Łebie", town="Łeba", region="pomorskie",
        population=3700, is_pilot=False, description="",
    )  # fmt: skip
    update_zone(zone, town="Łeba", population=3650, is_pilot=True, description="Nad morzem.")
    update_zone(zone, town="Łeba")  # nothing changed: nothing written
    db.session.commit()
    assert [e.action for e in db.session.scalars(db.select(AuditEntry).where(
        AuditEntry.subject_type == "zone"))] == ["zone.create", "zone.update"]  # fmt: skip
    read_as_coordinator(client, login_as, {
        "pl": ["Strefa Łeba: utworzono strefę.", "Biblioteka Biblioteka w Łebie",
               "Strefa Łeba: zmiana danych strefy.", "Liczba mieszkańców 3 700 → 3 650",
               "Strefa pilotażowa nie → tak"],
        "en": ["Zone Łeba: zone created.", "Zone Łeba: zone's details changed.",
               "Population 3,700 → 3,650", "Pilot zone no → yes"],
    })  # fmt: skip
