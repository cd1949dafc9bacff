"""The demo dashboard tells Kwidzyn's story: parents of small children have nowhere to meet."""

from sqlalchemy import select

from app.dashboards.aggregate import TEXT_TYPES, compute
from app.dashboards.findings import findings_for
from app.database import refresh_statistics
from app.demo import load_demo
from app.extensions import db
from app.surveys.models import Answer, Response, ResponseStatus, Survey
from tests.dashboards.helpers import check_every_channel


def test_the_demo_findings_point_to_the_young_mothers_club(demo):
    survey = db.session.query(Survey).filter(Survey.status == "open").one()
    parents = compute(survey, k=5, by="rodzic_malego_dziecka").questions["czego_brakuje"]
    share = {g: parents["groups"][g]["options"]["miejsce_rodzice_dzieci"]["share"]
             for g in ("tak", "nie")}  # fmt: skip
    assert share["tak"] > share["nie"] + 0.2  # a difference an official cannot miss

    findings = findings_for(survey)
    assert len(findings) == 3
    # The figures quoted are the dashboard's own.
    assert findings[0].figure == f"{round(share['tak'] * 100)}%"
    assert "Klub Młodych Mam" in findings[1].text
    assert findings[0].question_keys == ["czego_brakuje", "rodzic_malego_dziecka"]


def test_the_demo_shows_suppression_at_work(demo):
    survey = db.session.query(Survey).filter(Survey.status == "open").one()
    by_gender = compute(survey, k=5, by="plec")
    assert min(by_gender.sizes.values()) < 5
    assert by_gender.hidden == set(by_gender.groups)  # all hidden, not just the small one
    assert not compute(survey, k=5, by="grupa_wieku").hidden


def demo_people(survey) -> list[dict]:
    """Each complete demo response as the oracle reads it: its answer to every dimension
    question, and which other questions it answered."""
    dimension_keys = {q.key for q in survey.template.questions() if q.dimension}
    people: dict[int, dict] = {}
    rows = db.session.execute(
        select(Answer.response_id, Answer.question_key, Answer.option)
        .join(Response, Response.id == Answer.response_id)
        .where(Answer.survey_id == survey.id, Response.status == ResponseStatus.COMPLETE)
    )
    for response_id, key, option in rows:
        people.setdefault(response_id, {})[key] = option if key in dimension_keys else True
    return list(people.values())


def test_no_filter_or_breakdown_of_the_demo_shows_a_small_group(app, client, login_as):
    # An official of Kwidzyn reads every filter with every question over the page and the
    # API, and with each dimension question over its CSV (every question's CSV under the
    # filter the attack used); and every breakdown over the API. No figure may be about a
    # group of 1 to 4 people (k=5), nor let one be worked out.
    login_as("official")
    client.set_cookie("strefy_lang", "en")
    load_demo()
    db.session.commit()
    refresh_statistics()  # as `flask demo` does: without it, 267 s on PostgreSQL
    survey = db.session.query(Survey).filter(Survey.status == "open").one()
    k = app.config["SUPPRESSION_THRESHOLD"]
    assert k == 5
    people = demo_people(survey)
    dimensions = {q.key: q.option_values() for q in survey.template.questions() if q.dimension}
    questions = [q.key for q in survey.template.questions() if q.type not in TEXT_TYPES]
    filters = [(key, option) for key, options in dimensions.items() for option in options]
    for only in filters:
        csvs = questions if only == ("grupa_wieku", "wiek_75_plus") else list(dimensions)
        check_every_channel(client, survey, people, k, only, None, csvs)
    for by in dimensions:
        check_every_channel(client, survey, people, k, None, by, [by], html=False)
