"""One access rule for every path that stores a response (issue 9): the API cannot claim
the paper channel, and a survey that requires access codes takes no response without one,
whichever way it arrives; only the zone's librarians record paper questionnaires."""

import re
import uuid

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.surveys.models import AccessCode, Response
from app.surveys.services import generate_codes, start_response

INTRO = "/zones/kwidzyn/surveys/proba"
API = "/api/v1/zones/kwidzyn/surveys/proba/responses"
ANSWERS = {"wiek": "do_24", "dzieci": "nie", "informacje": 2}


def stored() -> list[tuple[str, str]]:
    return db.session.execute(select(Response.channel, Response.status)).all()


def api_post(client, body):
    return client.post(API, json=body, headers={"Idempotency-Key": str(uuid.uuid4())})


@pytest.fixture
def closed_group(survey):
    """The survey for a closed group: one single-use code printed."""
    survey.requires_code = True
    [code] = generate_codes(survey, 1)
    db.session.commit()
    return code


def test_the_api_cannot_claim_paper_even_with_codes_required(client, closed_group):
    reply = api_post(client, {"answers": ANSWERS, "channel": "paper"})
    assert reply.status_code == 422
    # Who records paper, in Polish.
    assert "bibliotek" in reply.get_json()["error"]["fields"]["channel"]
    assert stored() == []
    assert closed_group.response_id is None


def test_the_api_cannot_claim_paper_on_an_open_survey_either(client, login_as, survey):
    login_as("librarian")  # even a signed-in librarian: paper has its own page
    reply = api_post(client, {"answers": ANSWERS, "channel": "paper"})
    assert reply.status_code == 422
    assert set(reply.get_json()["error"]["fields"]) == {"channel"}
    assert stored() == []
    html = client.get(f"{INTRO}/manage").get_data(as_text=True)
    assert re.search(r"ankieta papierowa</td><td>0<", html)  # paper counts not inflated


@pytest.mark.parametrize("channel", ["kiosk", "link", "qr", None])
def test_every_api_channel_needs_an_unused_code(client, closed_group, channel):
    body = {"answers": ANSWERS} | ({"channel": channel} if channel else {})
    reply = api_post(client, body)
    assert reply.status_code == 422
    assert "access_code" in reply.get_json()["error"]["fields"]
    assert api_post(client, body | {"access_code": closed_group.code}).status_code == 201
    assert api_post(client, body | {"access_code": closed_group.code}).status_code == 422
    assert len(stored()) == 1


@pytest.mark.parametrize("via", ["paper", "kiosk", "link", "qr"])
def test_the_web_pages_need_a_code_whatever_the_channel_claimed(client, closed_group, via):
    token = re.search(
        r'name="csrf_token" value="([^"]+)"', client.get(INTRO).get_data(as_text=True)
    ).group(1)
    reply = client.post(f"{INTRO}/start", data={"csrf_token": token, "via": via})
    assert reply.status_code == 422
    assert "Kod dostępu jest błędny" in reply.get_data(as_text=True)
    assert stored() == []


def test_a_response_begun_before_codes_were_required_needs_one_to_finish(client, survey, make_user):
    # A resident starts while the survey is open to all, and reaches the last page.
    token = re.search(
        r'name="csrf_token" value="([^"]+)"', client.get(INTRO).get_data(as_text=True)
    ).group(1)
    first = client.post(f"{INTRO}/start", data={"csrf_token": token}).headers["Location"]
    client.post(first, data={"csrf_token": token, "wiek": "do_24", "dzieci": "nie"})
    # Then the librarian makes it a closed-group survey.
    survey.requires_code = True
    [code] = generate_codes(survey, 1)
    db.session.commit()
    last = first.removesuffix("/0") + "/2"
    reply = client.post(last, data={"csrf_token": token, "informacje": "4"})
    assert reply.status_code == 422
    html = reply.get_data(as_text=True)
    assert 'name="access_code"' in html
    assert stored() == [("link", "in_progress")]  # nothing counted, nothing lost
    # The intro page asks for the code too, instead of a bare "continue" link.
    assert 'name="access_code"' in client.get(INTRO).get_data(as_text=True)
    reply = client.post(f"{INTRO}/start", data={"csrf_token": token, "access_code": code.code})
    assert reply.headers["Location"].endswith("/2")  # back where the resident stopped
    reply = client.post(last, data={"csrf_token": token, "informacje": "4"})
    assert reply.status_code == 302 and reply.headers["Location"].endswith("/done")
    assert stored() == [("link", "complete")]
    db.session.refresh(code)
    assert code.response_id is not None


def test_a_code_started_response_finishes_without_asking_again(client, closed_group):
    token = re.search(
        r'name="csrf_token" value="([^"]+)"', client.get(INTRO).get_data(as_text=True)
    ).group(1)
    first = client.post(
        f"{INTRO}/start", data={"csrf_token": token, "access_code": closed_group.code}
    ).headers["Location"]
    client.post(first, data={"csrf_token": token, "wiek": "do_24", "dzieci": "nie"})
    reply = client.post(
        first.removesuffix("/0") + "/2", data={"csrf_token": token, "informacje": "4"}
    )
    assert reply.headers["Location"].endswith("/done")
    assert stored() == [("link", "complete")]


def test_librarians_type_in_paper_without_codes(client, post_form, login_as, closed_group):
    login_as("librarian")
    reply = post_form(f"{INTRO}/paper", {"wiek": "do_24", "dzieci": "nie"})
    assert reply.status_code == 302
    assert stored() == [("paper", "complete")]
    assert closed_group.response_id is None  # the code is still the resident's


def test_a_paper_response_started_by_hand_cannot_be_completed(client, survey):
    # No page starts a paper response; if one ever existed, finishing it is refused too.
    from app.surveys.models import Channel
    from app.surveys.services import SubmissionError, complete_response

    response = start_response(survey, None, Channel.PAPER)
    response.draft = ANSWERS
    db.session.commit()
    with pytest.raises(SubmissionError):
        complete_response(response, address=None)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(AccessCode)) == 0
    assert stored() == [("paper", "in_progress")]
