"""The status policy on the surveys' pages: anonymous visitors on a librarian's page are
asked to sign in, another zone's librarian is refused (403), and a draft survey does not
exist for residents (404)."""

import pytest

LIBRARIANS_PAGES = [
    "/zones/kwidzyn/surveys",
    "/zones/kwidzyn/surveys/proba/manage",
    "/zones/kwidzyn/surveys/proba/edit",
    "/zones/kwidzyn/surveys/proba/codes",
    "/zones/kwidzyn/surveys/proba/paper",
    "/zones/kwidzyn/surveys/proba/poster",
    "/zones/kwidzyn/surveys/proba/export.csv",
]


@pytest.mark.parametrize("page", LIBRARIANS_PAGES)
def test_anonymous_visitors_are_asked_to_sign_in(client, survey, page):
    reply = client.get(page)
    assert reply.status_code == 302
    assert "/login" in reply.headers["Location"]


@pytest.mark.parametrize("page", LIBRARIANS_PAGES)
def test_another_zones_librarian_is_refused(client, login_as, survey, other_zone, page):
    login_as("librarian", other_zone)
    assert client.get(page).status_code == 403


def test_closing_as_another_zones_librarian_changes_nothing(
    client, login_as, csrf_token, survey, other_zone
):
    login_as("librarian", other_zone)
    reply = client.post(
        "/zones/kwidzyn/surveys/proba/close", data={"csrf_token": csrf_token("/login")}
    )
    assert reply.status_code == 403
    assert survey.is_open


@pytest.mark.parametrize("role", ["anonymous", "resident", "official"])
def test_a_draft_survey_is_not_found_by_residents(client, login_as, draft_survey, role):
    login_as(role)
    assert client.get(f"/zones/kwidzyn/surveys/{draft_survey.slug}").status_code == 404
    link = client.get(f"/s/{draft_survey.short_code}", follow_redirects=True)
    assert link.status_code == 404


def test_the_zones_librarian_sees_the_draft(client, login_as, draft_survey):
    login_as("librarian")
    assert client.get(f"/zones/kwidzyn/surveys/{draft_survey.slug}").status_code == 200


def test_an_unknown_survey_or_zone_is_not_found(client, login_as, survey):
    login_as("librarian")
    assert client.get("/zones/kwidzyn/surveys/nie-ma/manage").status_code == 404
    assert client.get("/zones/nigdzie/surveys/proba/manage").status_code == 404
    assert client.get("/zones/kwidzyn/surveys/proba/paper/99999999999").status_code == 404
