"""Fixtures of the dashboards' tests (data and helpers are in helpers.py)."""

import pytest

from app.extensions import db
from app.surveys.models import Channel
from app.surveys.services import submit_response
from tests.dashboards.helpers import PEOPLE


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
