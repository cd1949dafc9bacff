"""Fixtures of the dashboards' tests (data and helpers are in helpers.py)."""

import pytest

from app.extensions import db
from app.surveys.models import Channel
from app.surveys.services import create_survey, open_survey, submit_response
from tests.dashboards.helpers import HEL, PEOPLE, SOPOT, USTKA, answer


@pytest.fixture
def answered(survey):
    """The trial survey answered by the eight PEOPLE."""
    for n, answers in enumerate(PEOPLE):
        submit_response(survey, answers, Channel.KIOSK, f"p{n}", "h")
    db.session.commit()
    return survey


@pytest.fixture
def english(client):
    """Pages in English, so that the checks do not depend on the Polish translation."""
    client.set_cookie("strefy_lang", "en")


@pytest.fixture
def three_people(app):
    """A suppression threshold of three people (the trial data set's questions have 2 to 8
    answers each)."""
    app.config["SUPPRESSION_THRESHOLD"] = 3


@pytest.fixture
def network(survey, other_zone, make_zone, template):
    """Four zones ran the trial survey: Hel (2 people), Kwidzyn (8), Sopot (4), Ustka (3)."""
    surveys = {"kwidzyn": survey}
    for zone in (other_zone, make_zone(slug="ustka", town="Ustka"),
                 make_zone(slug="hel", town="Hel")):  # fmt: skip
        surveys[zone.slug] = create_survey(zone, template, slug="proba")
        open_survey(surveys[zone.slug])
    for slug, people in (("kwidzyn", PEOPLE), ("sopot", SOPOT), ("ustka", USTKA), ("hel", HEL)):
        answer(surveys[slug], people)
    db.session.commit()
    return surveys
