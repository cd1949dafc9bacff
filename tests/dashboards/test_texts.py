"""Text answers: librarians read them all and choose what officials may read; residents never."""

import re

import pytest
from sqlalchemy import select

from app.dashboards.texts import set_publishable, text_page
from app.extensions import db
from app.surveys.models import Answer, Channel
from app.surveys.services import create_survey, open_survey, start_response, submit_response

TEXTS = "/zones/kwidzyn/surveys/proba/results/texts"
HOSTILE = "<script>alert(1)</script> \u202egnp.exe 🙂"


def respond(survey, key: str, **answers) -> None:
    """A complete response of the trial survey, with these answers added."""
    base = {"wiek": "od_25", "dzieci": "nie", "informacje": 3}
    submit_response(survey, base | answers, Channel.KIOSK, key, "h")


@pytest.fixture
def writers(survey):
    """Three residents who wrote something, and one who did not; in that order."""
    respond(survey, "a", pomysl="Kino plenerowe", uwagi="Więcej ławek")
    respond(
        survey, "b", dzieci="tak", ile_dzieci=2, gdzie_spotkania=["other"],
        gdzie_spotkania__other="U sąsiadki",
    )  # fmt: skip
    respond(survey, "c", pomysl=HOSTILE)
    respond(survey, "d")
    db.session.commit()
    return survey


def answer_id(text: str) -> int:
    return db.session.scalar(select(Answer.id).where(Answer.text == text))


def publishable(text: str) -> bool:
    db.session.expire_all()
    return db.session.scalar(select(Answer.publishable).where(Answer.text == text))


def test_librarian_reads_every_text_answer_by_question_newest_first(
    client, login_as, english, writers
):
    login_as("librarian")
    html = client.get(TEXTS).get_data(as_text=True)
    for text in ("Kino plenerowe", "Więcej ławek", "U sąsiadki"):
        assert text in html
    # By question in the survey's order (the "other" of a choice first), newest first.
    assert html.index("U sąsiadki") < html.index("gnp.exe") < html.index("Kino plenerowe")
    assert html.index("Kino plenerowe") < html.index("Więcej ławek")
    assert 'id="texts-gdzie_spotkania-title">Where do you meet other parents?</h2>' in html
    assert 'id="texts-pomysl-title">Your idea</h2>' in html
    # A checkbox per answer, none ticked yet, in a form with a CSRF token.
    assert html.count('type="checkbox"') == 4
    assert " checked" not in html
    assert 'name="csrf_token"' in html


def test_coordinator_reads_them_too(client, login_as, english, writers):
    login_as("coordinator")
    html = client.get(TEXTS).get_data(as_text=True)
    assert "Kino plenerowe" in html
    assert 'type="checkbox"' in html


def test_officials_read_only_what_librarians_shared(client, login_as, english, writers):
    login_as("official")
    html = client.get(TEXTS).get_data(as_text=True)
    assert "Kino plenerowe" not in html
    assert "The librarians have not shared any text answers yet." in html

    set_publishable(writers, {answer_id("Kino plenerowe")}, set())
    db.session.commit()
    html = client.get(TEXTS).get_data(as_text=True)
    assert "Kino plenerowe" in html
    for text in ("Więcej ławek", "U sąsiadki", "gnp.exe"):
        assert text not in html
    assert 'type="checkbox"' not in html
    assert '<form method="post" action="/zones/kwidzyn/surveys/proba/results' not in html


@pytest.mark.parametrize("role", ["resident", "other_librarian"])
def test_others_may_not_read_text_answers(client, login_as, other_zone, writers, role):
    writers.results_public = True  # public results never include the texts
    db.session.commit()
    login_as("librarian", other_zone) if role == "other_librarian" else login_as(role)
    assert client.get(TEXTS).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, writers):
    response = client.get(TEXTS)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_a_draft_survey_has_no_text_answers_page(client, login_as, survey):
    survey.status = "draft"
    db.session.commit()
    login_as("librarian")
    assert client.get(TEXTS).status_code == 404


def test_librarian_marks_answers_publishable_and_back(
    client, post_form, login_as, english, writers
):
    login_as("librarian")
    idea, remark = answer_id("Kino plenerowe"), answer_id("Więcej ławek")
    response = post_form(TEXTS, {"publishable": [idea, remark], "shown": [idea, remark]})
    assert response.status_code == 302
    assert response.headers["Location"] == TEXTS
    assert publishable("Kino plenerowe") and publishable("Więcej ławek")
    assert not publishable("U sąsiadki")
    html = client.get(TEXTS).get_data(as_text=True)
    assert "2 answers can now be read by officials." in html
    assert html.count(" checked ") + html.count(" checked>") == 2

    # Unticking one of the answers shown on the page hides it again.
    response = post_form(TEXTS, {"publishable": [idea], "shown": [idea, remark]})
    assert not publishable("Więcej ławek") and publishable("Kino plenerowe")
    assert "1 answer is hidden from officials again." in client.get(TEXTS).get_data(as_text=True)

    post_form(TEXTS, {"publishable": [idea], "shown": [idea]})
    assert "Nothing has changed." in client.get(TEXTS).get_data(as_text=True)


def test_marking_returns_to_the_same_page(post_form, login_as, writers):
    login_as("librarian")
    idea = answer_id("Kino plenerowe")
    response = post_form(
        f"{TEXTS}?page=1&question=pomysl", {"publishable": [idea], "shown": [idea]}, page=TEXTS
    )
    assert response.headers["Location"] == f"{TEXTS}?question=pomysl"


def test_answers_of_another_survey_are_not_marked(post_form, login_as, zone, template, writers):
    other = create_survey(zone, template, slug="druga")
    open_survey(other)
    respond(other, "x", pomysl="Cudza odpowiedź")
    db.session.commit()
    login_as("librarian")
    foreign, own = answer_id("Cudza odpowiedź"), answer_id("Kino plenerowe")
    number = db.session.scalar(select(Answer.id).where(Answer.question_key == "informacje"))
    response = post_form(TEXTS, {"publishable": [foreign, own, number], "shown": []})
    assert response.status_code == 302
    assert not publishable("Cudza odpowiedź")
    assert publishable("Kino plenerowe")
    db.session.expire_all()
    assert db.session.get(Answer, number).publishable is False  # not a text answer


def test_malformed_ids_are_refused(post_form, login_as, writers):
    login_as("librarian")
    assert post_form(TEXTS, {"publishable": ["1 OR 1=1"]}).status_code == 400
    assert post_form(TEXTS, {"shown": ["-3"]}, page=TEXTS).status_code == 400


def test_officials_cannot_mark_answers(client, login_as, csrf_token, writers):
    login_as("official")
    idea = answer_id("Kino plenerowe")
    response = client.post(
        TEXTS, data={"csrf_token": csrf_token(), "publishable": [idea], "shown": [idea]}
    )
    assert response.status_code == 403
    assert not publishable("Kino plenerowe")


def test_hostile_text_is_shown_escaped(client, login_as, english, writers):
    set_publishable(writers, {answer_id(HOSTILE)}, set())
    db.session.commit()
    for role in ("librarian", "official"):
        login_as(role)
        html = client.get(TEXTS).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in html
        # Escaped, and inside an element of its own direction, so an RTL override stays in.
        assert re.search(
            r'<td class="user-text" dir="auto" id="text-\d+">'
            r"&lt;script&gt;alert\(1\)&lt;/script&gt; \u202egnp.exe 🙂</td>",
            html,
        )


def test_answers_come_in_pages(client, login_as, english, survey):
    for n in range(5):
        respond(survey, f"r{n}", pomysl=f"Pomysł {n}", uwagi=f"Uwaga {n}")
    db.session.commit()
    first = text_page(survey, page=1, per_page=4, publishable_only=False)
    assert (first.total, first.pages) == (10, 3)
    assert [a.text for a in first.answers] == ["Pomysł 4", "Pomysł 3", "Pomysł 2", "Pomysł 1"]
    second = text_page(survey, page=2, per_page=4, publishable_only=False)
    assert [(q.key, [a.text for a in answers]) for q, answers in second.groups] == [
        ("pomysl", ["Pomysł 0"]),
        ("uwagi", ["Uwaga 4", "Uwaga 3", "Uwaga 2"]),
    ]
    only = text_page(survey, question="uwagi", per_page=4, publishable_only=False)
    assert (only.total, only.pages) == (5, 2)
    assert {a.question_key for a in only.answers} == {"uwagi"}
    assert first.counts == {"pomysl": (5, 0), "uwagi": (5, 0)}

    login_as("librarian")
    # 10 answers fit on page 1: a page past the last shows the last one; a page that is not
    # a number is refused, naming the parameter (the app's one pager, everywhere).
    past = client.get(f"{TEXTS}?page=2")
    assert past.status_code == 200 and "Uwaga 4" in past.get_data(as_text=True)
    wrong = client.get(f"{TEXTS}?page=abc")
    assert wrong.status_code == 400 and "page" in wrong.get_data(as_text=True)
    html = client.get(f"{TEXTS}?question=uwagi").get_data(as_text=True)
    assert "Uwaga 4" in html
    assert "Pomysł 4" not in html


def test_unfinished_responses_are_not_listed(survey):
    response = start_response(survey, None, Channel.LINK)
    response.draft = {"pomysl": "Jeszcze piszę"}
    db.session.commit()
    assert text_page(survey, publishable_only=False).total == 0


@pytest.fixture
def five_wrote_the_same(survey):
    """Five parents wrote the same "other" place, a sixth another one."""
    for n in range(6):
        respond(
            survey, f"o{n}", dzieci="tak", ile_dzieci=1, gdzie_spotkania=["other"],
            gdzie_spotkania__other="U sąsiadki" if n < 5 else "W kościele",
        )  # fmt: skip
    db.session.commit()
    return survey


def other_texts_seen(client, survey) -> dict[str, bool]:
    """Whether the grouped "other" text reaches the reader: page, report, CSV, API."""
    base = f"/zones/{survey.zone.slug}/surveys/{survey.slug}"
    bodies = {
        "page": client.get(f"{base}/results").get_data(as_text=True),
        "report": client.get(f"{base}/report").get_data(as_text=True),
        "csv": client.get(f"{base}/results/gdzie_spotkania.csv").get_data(as_text=True),
        "api": client.get(f"/api/v1{base}/results").get_data(as_text=True),
    }
    return {name: "sąsiadki" in body or "s\\u0105siadki" in body for name, body in bodies.items()}


def test_officials_see_grouped_other_texts_only_once_a_librarian_marked_them(
    client, login_as, five_wrote_the_same
):
    login_as("librarian")
    assert other_texts_seen(client, five_wrote_the_same) == {
        "page": True, "report": True, "csv": False, "api": True,
    }  # fmt: skip
    login_as("official")
    assert not any(other_texts_seen(client, five_wrote_the_same).values())

    # Marked by a librarian, five of the same words: now officials see them grouped.
    same = db.session.scalars(select(Answer.id).where(Answer.text == "U sąsiadki")).all()
    set_publishable(five_wrote_the_same, set(same), set())
    db.session.commit()
    assert other_texts_seen(client, five_wrote_the_same) == {
        "page": True, "report": True, "csv": False, "api": True,
    }  # fmt: skip
    # Four marked are fewer than five people: not shown grouped.
    set_publishable(five_wrote_the_same, set(), {same[0]})
    db.session.commit()
    assert not any(other_texts_seen(client, five_wrote_the_same).values())


def test_readers_of_public_results_never_see_other_texts(client, five_wrote_the_same):
    five_wrote_the_same.results_public = True
    same = db.session.scalars(select(Answer.id).where(Answer.text == "U sąsiadki")).all()
    set_publishable(five_wrote_the_same, set(same), set())
    db.session.commit()
    assert not any(other_texts_seen(client, five_wrote_the_same).values())
