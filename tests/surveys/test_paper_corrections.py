"""Paper questionnaires as residents fill them in: blanks where questions are required, and
the librarian's last saved questionnaire corrected or withdrawn (issue 9)."""

import re

from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.extensions import db
from app.surveys.models import Answer, Channel, Response
from app.surveys.services import submit_response

PAGE = "/zones/kwidzyn/surveys/proba/paper"
RESULTS = "/api/v1/zones/kwidzyn/surveys/proba/results"


def answers_of(response_id: int) -> set[tuple]:
    return set(
        db.session.execute(
            select(Answer.question_key, Answer.option, Answer.number, Answer.text).where(
                Answer.response_id == response_id
            )
        ).all()
    )


def save(post_form, data: dict):
    reply = post_form(PAGE, data)
    assert reply.status_code == 302, reply.get_data(as_text=True)[:2000]
    return int(re.search(r"saved=(\d+)", reply.headers["Location"]).group(1))


def test_blank_required_questions_are_saved_as_no_answer(client, post_form, login_as, survey):
    login_as("librarian")
    # Only the idea was written; "has children" ticked, how many left blank; "other" ticked
    # without saying what: all as on paper.
    response_id = save(
        post_form,
        {
            "dzieci": "tak",
            "gdzie_spotkania": ["other"],
            "pomysl": "Ławki",
            "priorytety__sport": "1",
        },
    )
    assert answers_of(response_id) == {
        ("dzieci", "tak", None, None),
        ("gdzie_spotkania", "other", None, None),
        ("pomysl", None, None, "Ławki"),
        ("priorytety", "sport", 1.0, None),
    }
    html = client.get(PAGE).get_data(as_text=True)
    assert "Ankietę zapisano (wpisano dotąd: 1)" in html


def test_an_empty_questionnaire_is_not_saved(client, post_form, login_as, survey):
    login_as("librarian")
    reply = post_form(PAGE, {})
    assert reply.status_code == 422
    assert "Ankieta jest pusta" in reply.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0


def test_the_last_saved_questionnaire_can_be_corrected(client, post_form, login_as, survey):
    librarian = login_as("librarian")
    response_id = save(post_form, {"wiek": "do_24", "dzieci": "nie", "informacje": "2"})
    html = client.get(f"{PAGE}?saved={response_id}").get_data(as_text=True)
    link = f"{PAGE}/{response_id}"
    assert f'href="{link}"' in html
    form = client.get(link).get_data(as_text=True)
    assert 'value="do_24" checked' in form  # what was typed in, to correct
    reply = post_form(link, {"wiek": "od_25", "dzieci": "nie", "informacje": "5"})
    assert reply.status_code == 302
    assert answers_of(response_id) == {
        ("wiek", "od_25", None, None),
        ("dzieci", "nie", None, None),
        ("informacje", None, 5.0, None),
    }
    assert db.session.scalar(select(func.count()).select_from(Response)) == 1
    [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.subject_type == "response"))
    assert (entry.action, entry.subject_id, entry.actor_id) == (
        "response.correct", response_id, librarian.id
    )  # fmt: skip
    # How many answers changed, never the answers themselves (they are the resident's).
    assert entry.before == {}
    assert entry.after == {"changed": ["answers"], "answers_changed": 2}
    # A mistake in the correction is shown, and nothing is lost.
    reply = post_form(link, {"wiek": "od_25", "informacje": "9"})
    assert reply.status_code == 422
    assert answers_of(response_id) >= {("informacje", None, 5.0, None)}


def test_a_withdrawn_questionnaire_no_longer_counts(client, post_form, login_as, survey):
    librarian = login_as("librarian")
    ids = [
        save(post_form, {"wiek": "do_24", "dzieci": "nie", "informacje": str(1 + n % 5)})
        for n in range(6)
    ]
    assert client.get(RESULTS).get_json()["respondents"] == 6
    reply = post_form(f"{PAGE}/{ids[-1]}/withdraw", {}, page=f"{PAGE}?saved={ids[-1]}")
    assert reply.status_code == 302
    results = client.get(RESULTS).get_json()
    assert results["respondents"] == 5
    [wiek] = [q for q in results["questions"] if q["key"] == "wiek"]
    [everyone] = wiek["groups"].values()
    assert everyone["answered"] == 5  # the question's figures no longer count it
    assert everyone["options"]["do_24"]["count"] == 5
    assert answers_of(ids[-1]) == set()
    html = client.get("/zones/kwidzyn/surveys/proba/manage").get_data(as_text=True)
    assert re.search(r"ankieta papierowa</td><td>5<", html)
    assert "1 ankieta papierowa została wycofana" in html
    [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.subject_type == "response"))
    assert (entry.action, entry.actor_id) == ("response.withdraw", librarian.id)
    assert entry.before == {"status": "complete"}  # the answers are not kept
    assert entry.after == {"status": "withdrawn", "changed": ["answers"]}
    # Gone for correcting, and withdrawing again changes nothing.
    assert client.get(f"{PAGE}/{ids[-1]}").status_code == 404
    assert post_form(f"{PAGE}/{ids[-1]}/withdraw", {}, page=PAGE).status_code == 404
    # The export has the five that count.
    csv = client.get("/zones/kwidzyn/surveys/proba/export.csv").get_data(as_text=True)
    assert len(csv.strip().splitlines()) == 1 + 5


def test_only_paper_questionnaires_of_this_survey_can_be_corrected(
    client, post_form, login_as, survey
):
    resident = submit_response(
        survey, {"wiek": "do_24", "dzieci": "nie", "informacje": 3}, Channel.KIOSK, "k1", "h"
    )[0]
    db.session.commit()
    login_as("librarian")
    assert client.get(f"{PAGE}/{resident.id}").status_code == 404
    reply = post_form(f"{PAGE}/{resident.id}/withdraw", {}, page=PAGE)
    assert reply.status_code == 404
    assert db.session.scalar(select(Response.status)) == "complete"
    # ?saved= naming someone else's response offers nothing.
    html = client.get(f"{PAGE}?saved={resident.id}").get_data(as_text=True)
    assert f"{PAGE}/{resident.id}" not in html


def test_odd_numbers_in_the_address_are_not_found(client, login_as, survey):
    login_as("librarian")
    assert client.get(f"{PAGE}/99999999999999999999").status_code == 404
    assert client.get(f"{PAGE}?saved=²").status_code == 200
    assert client.get(f"{PAGE}?saved=999999999999").status_code == 200
