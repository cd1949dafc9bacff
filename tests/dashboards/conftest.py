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
    """The test client reads pages in English."""
    client.set_cookie("strefy_lang", "en")
