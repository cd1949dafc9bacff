"""GET …/results: aggregates with suppression marked, for those allowed to see them."""

import pytest

from app.extensions import db
from app.surveys.models import Channel
from app.surveys.services import submit_response

URL = "/api/v1/zones/kwidzyn/surveys/proba/results"


@pytest.fixture
def answered(survey):
    # 6 aged 25+, of whom 4 parents; 2 under 25: a small group.
    people = [("od_25", "tak")] * 4 + [("od_25", "nie")] * 2 + [("do_24", "nie")] * 2
    for n, (age, kids) in enumerate(people):
        answers = {"wiek": age, "dzieci": kids, "informacje": 1 + n % 5}
        if kids == "tak":
            answers |= {"ile_dzieci": 1, "gdzie_spotkania": ["biblioteka"]}
        submit_response(survey, answers, Channel.KIOSK, f"k{n}", "h")
    db.session.commit()
    return survey


def test_official_reads_results_with_counts_and_time(client, login_as, answered):
    login_as("official")
    data = client.get(URL).get_json()
    assert data["respondents"] == 8
    assert data["suppression_threshold"] == 5
    assert data["url"] == "http://localhost/zones/kwidzyn/surveys/proba"
    assert data["computed_at"].endswith("Z")
    age = next(q for q in data["questions"] if q["key"] == "wiek")
    assert age["text"]["pl"] == "Ile masz lat?"
    assert age["groups"]["all"]["options"]["od_25"] == {"count": 6, "share": 0.75}
    # 4 parents said how many children: fewer than 5, so hidden.
    children = next(q for q in data["questions"] if q["key"] == "ile_dzieci")
    assert children["groups"]["all"] == {"suppressed": True}


def test_breakdown_hides_small_groups_and_their_complement(client, login_as, answered):
    login_as("official")
    data = client.get(URL, query_string={"by": "wiek"}).get_json()
    assert data["groups"] == [
        {"key": "do_24", "respondents": None, "suppressed": True},
        {"key": "od_25", "respondents": None, "suppressed": True},
        {"key": "no_answer", "respondents": None, "suppressed": True},
    ]
    info = next(q for q in data["questions"] if q["key"] == "informacje")
    assert info["groups"] == {g: {"suppressed": True} for g in ("do_24", "od_25", "no_answer")}


def test_only_dimensions_can_break_results_down(client, login_as, answered):
    login_as("librarian")
    response = client.get(URL, query_string={"by": "informacje"})
    assert response.status_code == 400
    assert "informacje" not in response.get_json()["error"]["message"]
    assert "wiek" in response.get_json()["error"]["message"]


def test_public_results_are_open_to_everyone(client, login_as, answered):
    # As on the dashboard: anonymous readers are asked to sign in, others are refused.
    refused = client.get(URL)
    assert refused.status_code == 401
    assert refused.get_json()["error"]["code"] == "unauthorized"
    login_as("resident")
    forbidden = client.get(URL)
    assert forbidden.status_code == 403
    assert forbidden.get_json()["error"]["code"] == "forbidden"
    answered.results_public = True
    db.session.commit()
    assert client.get(URL).get_json()["respondents"] == 8


def test_a_survey_with_few_answers_shows_no_figure(client, login_as, survey):
    submit_response(
        survey, {"wiek": "do_24", "dzieci": "nie", "informacje": 3}, Channel.KIOSK, "a", "h"
    )
    db.session.commit()
    login_as("official")
    data = client.get(URL).get_json()
    assert data["respondents"] == {"suppressed": True}
    assert all(q["groups"]["all"] == {"suppressed": True} for q in data["questions"])


def test_a_filter_keeps_one_answer_of_another_dimension(client, login_as, answered):
    login_as("official")
    body = client.get(URL, query_string={"only": "dzieci:tak", "by": "wiek"}).get_json()
    assert body["only"] == {"key": "dzieci", "option": "tak"}
    # Hidden (2 non-parents under 25): every group listed, the parents' empty ones too.
    assert body["groups"] == [
        {"key": g, "respondents": None, "suppressed": True} for g in ("do_24", "od_25", "no_answer")
    ]
    for bad in ("dzieci", "dzieci:maybe", "informacje:1", "wiek:do_24"):
        response = client.get(URL, query_string={"only": bad, "by": "wiek"})
        assert response.status_code == 400, bad


@pytest.mark.parametrize("reader", ["anonymous", "resident", "other_librarian"])
@pytest.mark.parametrize(
    "query", [{"by": "wiek"}, {"only": "dzieci:tak"}, {"by": "wiek", "only": "dzieci:tak"},
              {"by": "nope"}, {"only": "x"}],
)  # fmt: skip
def test_readers_of_public_results_get_no_comparisons(
    client, login_as, other_zone, answered, reader, query
):
    # As on the page: published results are the whole only, whoever asks for more.
    answered.results_public = True
    db.session.commit()
    login_as("librarian", other_zone) if reader == "other_librarian" else login_as(reader)
    client.set_cookie("strefy_lang", "en")
    response = client.get(URL, query_string=query)
    assert response.status_code == 403
    assert response.get_json()["error"]["status"] == 403
    assert "published results show everyone together" in response.get_json()["error"]["message"]
    whole = client.get(URL)
    assert whole.status_code == 200
    assert whole.get_json()["by"] is None and whole.get_json()["only"] is None


def test_refusals_speak_the_readers_language(client, answered):
    answered.results_public = True
    db.session.commit()
    response = client.get(URL, query_string={"by": "wiek"}, headers={"Accept-Language": "pl"})
    assert response.status_code == 403
    assert "wszystkich razem" in response.get_json()["error"]["message"]


@pytest.mark.parametrize("role", ["official", "librarian", "coordinator"])
def test_the_zones_people_compare_groups_of_public_results_too(client, login_as, answered, role):
    answered.results_public = True
    db.session.commit()
    login_as(role)
    response = client.get(URL, query_string={"by": "dzieci", "only": "wiek:od_25"})
    assert response.status_code == 200
    assert response.get_json()["by"] == "dzieci"


def test_a_draft_has_no_results_even_for_its_librarians(client, login_as, zone, template):
    from app.surveys.services import create_survey

    create_survey(zone, template, slug="szkic")
    db.session.commit()
    login_as("librarian")
    response = client.get("/api/v1/zones/kwidzyn/surveys/szkic/results")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"
