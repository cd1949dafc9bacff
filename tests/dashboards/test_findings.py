"""Key findings: librarians write, edit, order and delete them; the dashboard shows them."""

import re

import pytest
from flask import render_template
from sqlalchemy import select

from app.dashboards.findings import (
    FindingError,
    add_finding,
    findings_context,
    findings_for,
    move_finding,
)
from app.dashboards.models import Finding
from app.extensions import db
from app.surveys.services import create_survey, open_survey

FINDINGS = "/zones/kwidzyn/surveys/proba/findings"
HOSTILE = "<script>alert(1)</script> \u202egnp.exe 🙂 Zażółć"


@pytest.fixture
def librarian(login_as, english, survey):
    return login_as("librarian")


def finding(survey, text="Finding", keys=("dzieci",), figure=None) -> Finding:
    made = add_finding(survey, text, list(keys), figure)
    db.session.commit()
    return made


def texts_of(survey) -> list[str]:
    db.session.expire_all()
    return [f.text for f in findings_for(survey)]


def test_librarian_adds_a_finding_linked_to_questions(client, post_form, librarian, survey):
    response = post_form(
        FINDINGS,
        {
            "figure": " 68% ",
            "text": "68% of parents of small children say there is nowhere to meet.",
            # Ticked in any order, stored in the survey's order.
            "question_keys": ["gdzie_spotkania", "dzieci"],
        },
    )
    assert response.status_code == 302
    added = db.session.scalar(select(Finding))
    assert response.headers["Location"].endswith(f"{FINDINGS}#finding-{added.id}")
    assert added.figure == "68%"
    assert added.question_keys == ["dzieci", "gdzie_spotkania"]
    assert added.created_by_id == librarian.id
    assert added.survey_id == survey.id

    html = client.get(FINDINGS).get_data(as_text=True)
    assert "The finding has been added." in html
    assert "nowhere to meet" in html
    assert "Do you have small children?; Where do you meet other parents?" in html


# The tile is the label: the checkbox, then the question's text.
LABEL = r'<label class="choice" for="question_keys-1"><input[^>]*> <span class="choice-text">{}<'


def test_questions_are_labelled_in_the_page_language(client, librarian):
    html = client.get(FINDINGS).get_data(as_text=True)
    assert re.search(LABEL.format("Do you have small children\\?"), html)
    client.set_cookie("strefy_lang", "pl")
    html = client.get(FINDINGS).get_data(as_text=True)
    assert re.search(LABEL.format("Czy masz małe dzieci\\?"), html)


def test_an_empty_finding_is_refused_with_the_reasons(post_form, librarian):
    response = post_form(FINDINGS, {"figure": "12%", "text": "   "})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Write the finding." in html
    assert "Choose at least one question." in html
    assert 'value="12%"' in html  # what was typed stays
    assert 'href="#question_keys"' in html  # the error summary leads to the checkboxes
    assert db.session.scalar(select(Finding)) is None


def test_a_too_long_finding_is_refused_and_kept(post_form, librarian):
    text = "Ż" * 301
    response = post_form(FINDINGS, {"text": text, "question_keys": ["wiek"]})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "At most 300 characters." in html
    assert f"\n{text}</textarea>" in html
    assert re.search(
        r'<input checked id="question_keys-0" name="question_keys" type="checkbox"', html
    )
    assert db.session.scalar(select(Finding)) is None
    assert post_form(FINDINGS, {"text": "Ż" * 300, "question_keys": ["wiek"]}).status_code == 302


def test_an_unknown_question_is_refused(post_form, librarian):
    response = post_form(FINDINGS, {"text": "Something", "question_keys": ["wiek", "<b>nope</b>"]})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Choose questions of this survey." in html
    assert "<b>nope</b>" not in html
    assert re.search(r'<input checked id="question_keys-0"', html)
    assert db.session.scalar(select(Finding)) is None


def test_a_too_long_figure_is_refused(post_form, librarian):
    response = post_form(FINDINGS, {"figure": "9" * 41, "text": "x", "question_keys": ["wiek"]})
    assert response.status_code == 422
    assert "9" * 41 in response.get_data(as_text=True)


def test_librarian_edits_a_finding(client, post_form, librarian, survey):
    made = finding(survey, "Old text", ["wiek"], "1 in 3")
    url = f"{FINDINGS}/{made.id}/edit"
    html = client.get(url).get_data(as_text=True)
    assert "\nOld text</textarea>" in html
    assert 'value="1 in 3"' in html
    assert re.search(r'<input checked id="question_keys-0"', html)

    response = post_form(url, {"text": "New text", "figure": "", "question_keys": ["informacje"]})
    assert response.status_code == 302
    db.session.expire_all()
    assert (made.text, made.figure, made.question_keys) == ("New text", None, ["informacje"])

    response = post_form(url, {"text": "", "question_keys": ["informacje"]})
    assert response.status_code == 422
    db.session.expire_all()
    assert made.text == "New text"


def test_librarian_deletes_a_finding(client, post_form, librarian, survey):
    made = finding(survey)
    kept = finding(survey, "Kept")
    response = post_form(f"{FINDINGS}/{made.id}/delete", page=FINDINGS)
    assert response.status_code == 302
    assert texts_of(survey) == ["Kept"]
    assert "The finding has been deleted." in client.get(FINDINGS).get_data(as_text=True)
    assert kept.id


def test_findings_move_up_and_down(post_form, librarian, survey):
    first, second, third = (finding(survey, name) for name in ("first", "second", "third"))
    assert post_form(f"{FINDINGS}/{third.id}/move", {"direction": "up"}).status_code == 302
    assert texts_of(survey) == ["first", "third", "second"]
    post_form(f"{FINDINGS}/{first.id}/move", {"direction": "down"}, page=FINDINGS)
    assert texts_of(survey) == ["third", "first", "second"]
    # Already at the top: nothing moves.
    post_form(f"{FINDINGS}/{third.id}/move", {"direction": "up"}, page=FINDINGS)
    assert texts_of(survey) == ["third", "first", "second"]
    response = post_form(f"{FINDINGS}/{second.id}/move", {"direction": "sideways"}, page=FINDINGS)
    assert response.status_code == 400


def test_ties_in_position_are_resolved_when_moving(survey):
    first, second, third = (finding(survey, name) for name in ("first", "second", "third"))
    for item in (first, second, third):
        item.position = 7  # as if added at the same moment
    db.session.commit()
    assert texts_of(survey) == ["first", "second", "third"]  # ties go by id
    assert move_finding(third, "up")
    db.session.commit()
    assert texts_of(survey) == ["first", "third", "second"]
    assert [f.position for f in findings_for(survey)] == [0, 1, 2]


def test_a_finding_is_reached_only_through_its_own_survey(
    client, post_form, librarian, zone, template, survey
):
    other = create_survey(zone, template, slug="druga")
    open_survey(other)
    db.session.commit()
    made = finding(survey)
    elsewhere = f"/zones/kwidzyn/surveys/druga/findings/{made.id}"
    assert client.get(f"{elsewhere}/edit").status_code == 404
    page = "/zones/kwidzyn/surveys/druga/findings"
    data = {"text": "Hijacked", "question_keys": ["wiek"]}
    assert post_form(f"{elsewhere}/edit", data, page=page).status_code == 404
    assert post_form(f"{elsewhere}/delete", page=page).status_code == 404
    assert post_form(f"{elsewhere}/move", {"direction": "up"}, page=page).status_code == 404
    assert texts_of(survey) == ["Finding"]
    assert client.get(f"{FINDINGS}/{made.id + 1000}/edit").status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [("official", 403), ("resident", 403), ("other_librarian", 403), ("coordinator", 200)],
)
def test_who_may_manage_findings(client, login_as, english, other_zone, survey, role, status):
    made = finding(survey)
    if role == "other_librarian":
        login_as("librarian", other_zone)
    else:
        login_as(role)
    assert client.get(FINDINGS).status_code == status
    assert client.get(f"{FINDINGS}/{made.id}/edit").status_code == status


def test_officials_cannot_change_findings(client, login_as, csrf_token, survey):
    made = finding(survey)
    login_as("official")
    token = csrf_token()
    for url, data in [
        (FINDINGS, {"text": "x", "question_keys": ["wiek"]}),
        (f"{FINDINGS}/{made.id}/edit", {"text": "Changed", "question_keys": ["wiek"]}),
        (f"{FINDINGS}/{made.id}/delete", {}),
        (f"{FINDINGS}/{made.id}/move", {"direction": "down"}),
    ]:
        assert client.post(url, data={"csrf_token": token} | data).status_code == 403
    assert texts_of(survey) == ["Finding"]


def test_anonymous_visitors_are_sent_to_sign_in(client, survey):
    response = client.get(FINDINGS)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_hostile_text_is_shown_escaped(client, post_form, librarian, survey):
    response = post_form(
        FINDINGS, {"figure": "<b>9</b>", "text": HOSTILE, "question_keys": ["wiek"]}
    )
    assert response.status_code == 302
    assert findings_for(survey)[0].text == HOSTILE  # stored as written
    html = client.get(FINDINGS).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; \u202egnp.exe 🙂 Zażółć" in html
    assert "&lt;b&gt;9&lt;/b&gt;" in html
    # Right-to-left overrides stay inside their own element (dir="auto" isolates them).
    assert re.search(r'dir="auto" id="finding-\d+-text">&lt;script', html)


def test_service_refuses_what_the_form_would(survey):
    with pytest.raises(FindingError):
        add_finding(survey, "x", ["nope"])
    with pytest.raises(FindingError):
        add_finding(survey, "x", [])
    with pytest.raises(FindingError):
        add_finding(survey, "x" * 301, ["wiek"])
    with pytest.raises(FindingError):
        add_finding(survey, "x", ["wiek"], figure="9" * 41)


def test_the_dashboard_section_for_readers_and_editors(app, make_user, zone, survey):
    official = make_user("official", zone)
    librarian = make_user("librarian", zone)
    with app.test_request_context(headers={"Cookie": "strefy_lang=en"}):
        # No findings: nothing for readers, a hint for editors.
        assert (
            render_template(
                "dashboards/_findings.html", **findings_context(survey, official)
            ).strip()
            == ""
        )
        html = render_template("dashboards/_findings.html", **findings_context(survey, librarian))
        assert 'id="findings-title"' in html
        assert "No key findings yet." in html
        assert f'href="{FINDINGS}"' in html

        finding(survey, "Nowhere to meet", ["dzieci", "gdzie_spotkania"], "68%")
        finding(survey, HOSTILE, ["wiek"])
        html = render_template("dashboards/_findings.html", **findings_context(survey, official))
        assert "Key findings" in html
        assert html.index("Nowhere to meet") < html.index("&lt;script&gt;")
        assert '<p class="big-number user-text" dir="auto">68%</p>' in html
        assert '<a href="#q-dzieci">Do you have small children?</a>' in html
        assert '<a href="#q-gdzie_spotkania">Where do you meet other parents?</a>' in html
        assert "<script>" not in html
        assert f'href="{FINDINGS}"' not in html  # readers get no link to edit
        html = render_template("dashboards/_findings.html", **findings_context(survey, librarian))
        assert f'href="{FINDINGS}"' in html


def test_findings_go_with_their_survey(survey):
    finding(survey)
    db.session.delete(survey)
    db.session.commit()
    assert db.session.scalar(select(Finding)) is None
