"""What a librarian changes in a survey's settings is in the coordinator's audit log, in
words, in Polish and in English."""

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.extensions import db
from tests.helpers import audit_words


def audit_log(client, login_as, language: str) -> str:
    login_as("coordinator")
    client.set_cookie("strefy_lang", language)
    return audit_words(client.get("/admin/audit").get_data(as_text=True))


def entries() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry))


@pytest.mark.parametrize(
    ("language", "opened", "repeats"),
    [
        ("en", "opened the survey", "allowed repeat answers from one device"),
        ("pl", "otwarto ankietę", "zezwolono na kilka odpowiedzi z jednego urządzenia"),
    ],
)
def test_allowing_repeats_reads_in_words(
    client, post_form, login_as, draft_survey, language, opened, repeats
):
    login_as("librarian")
    url = f"/zones/kwidzyn/surveys/{draft_survey.slug}"
    reply = post_form(f"{url}/open", {"allow_repeat": "y"}, page=f"{url}/manage")
    assert reply.status_code == 302
    assert draft_survey.allow_repeat

    html = audit_log(client, login_as, language)
    assert opened in html
    assert repeats in html
    assert "survey.allow_repeat" not in html  # no codes shown


@pytest.mark.parametrize(
    ("language", "required", "stopped"),
    [
        ("en", "required access codes", "stopped requiring access codes"),
        ("pl", "wprowadzono kody dostępu", "zniesiono wymóg kodów dostępu"),
    ],
)
def test_requiring_codes_and_stopping_read_in_words(
    client, post_form, login_as, survey, language, required, stopped
):
    login_as("librarian")
    page = "/zones/kwidzyn/surveys/proba/codes"
    assert post_form(page, {"set-requires_code": "y"}).status_code == 302
    html = audit_log(client, login_as, language)
    assert required in html
    assert stopped not in html

    login_as("librarian")
    assert post_form(page, {}).status_code == 302
    assert not survey.requires_code
    assert stopped in audit_log(client, login_as, language)


def test_saving_an_unchanged_setting_writes_no_entry(post_form, login_as, survey):
    login_as("librarian")
    page = "/zones/kwidzyn/surveys/proba/codes"
    post_form(page, {"set-requires_code": "y"})
    before = entries()
    post_form(page, {"set-requires_code": "y"})
    assert entries() == before


def test_closing_the_survey_reads_in_words(client, post_form, login_as, survey):
    login_as("librarian")
    manage = "/zones/kwidzyn/surveys/proba/manage"
    assert post_form("/zones/kwidzyn/surveys/proba/close", page=manage).status_code == 302
    html = audit_log(client, login_as, "en")
    assert "closed the survey" in html
    assert "Trial survey" in html  # which survey, by its title
