"""Closed-group surveys: single-use access codes, generated and printed by librarians."""

import re
import uuid

from sqlalchemy import func, select

from app.extensions import db
from app.surveys.models import AccessCode, Response
from app.surveys.services import generate_codes

INTRO = "/zones/kwidzyn/surveys/proba"
KEY_A, KEY_B, KEY_C = (str(uuid.uuid4()) for _ in range(3))


def start(client, code, phone=None):
    phone = phone or client
    html = phone.get(INTRO).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    return phone.post(f"{INTRO}/start", data={"csrf_token": token, "access_code": code})


def test_librarian_requires_codes_and_prints_a_sheet(client, post_form, login_as, survey):
    login_as("librarian")
    page = f"{INTRO}/codes"
    response = post_form(page, {"set-requires_code": "y"})
    assert response.status_code == 302
    assert survey.requires_code
    html = client.get(page).get_data(as_text=True)
    token = re.search(r'name="gen-csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    response = client.post(page, data={"gen-csrf_token": token, "gen-count": "12"})
    assert response.status_code == 302
    html = client.get(page).get_data(as_text=True)
    assert html.count('class="code-card"') == 12
    assert "data-print hidden>Drukuj</button>" in html and 'src="/static/js/print.js"' in html
    assert f"localhost/s/{survey.short_code}" in html
    response = client.post(page, data={"gen-csrf_token": token, "gen-count": "501"})
    assert response.status_code == 422


def test_a_code_works_once(app, client, survey):
    survey.requires_code = True
    [code] = generate_codes(survey, 1)
    db.session.commit()
    html = client.get(INTRO).get_data(as_text=True)
    assert 'name="access_code"' in html

    response = start(client, "WRONG123")
    assert response.status_code == 422
    assert "Kod dostępu jest błędny lub został już użyty" in response.get_data(as_text=True)

    typed = f"{code.code[:4].lower()} {code.code[4:]}"  # as people copy it from paper
    response = start(client, typed)
    assert response.status_code == 302
    # The same phone resumes without the code; another phone cannot reuse it.
    html = client.get(INTRO).get_data(as_text=True)
    assert "Kontynuuj" in html
    assert 'name="access_code"' not in html
    assert start(client, code.code, phone=app.test_client()).status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Response)) == 1
    db.session.refresh(code)
    assert code.response_id is not None and code.used_at is not None


def test_api_submissions_need_an_unused_code(client, survey):
    survey.requires_code = True
    [code] = generate_codes(survey, 1)
    db.session.commit()
    url = "/api/v1/zones/kwidzyn/surveys/proba/responses"
    body = {"answers": {"wiek": "do_24", "dzieci": "nie", "informacje": 2}}
    reply = client.post(url, json=body, headers={"Idempotency-Key": KEY_A})
    assert reply.status_code == 422
    assert "access_code" in reply.get_json()["error"]["fields"]
    reply = client.post(
        url, json=body | {"access_code": code.code}, headers={"Idempotency-Key": KEY_B}
    )
    assert reply.status_code == 201
    replay = client.post(
        url, json=body | {"access_code": code.code}, headers={"Idempotency-Key": KEY_B}
    )
    assert replay.status_code == 201 and replay.get_json()["id"] == reply.get_json()["id"]
    other = client.post(
        url, json=body | {"access_code": code.code}, headers={"Idempotency-Key": KEY_C}
    )
    assert other.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Response)) == 1
    assert (
        db.session.scalar(
            select(func.count()).select_from(AccessCode).where(AccessCode.response_id.is_not(None))
        )
        == 1
    )
