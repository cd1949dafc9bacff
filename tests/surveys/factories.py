"""Factories for the surveys' tests: responses (surveys are made by tests.factories.
make_survey). Plain functions; fixtures are in conftest.py."""

import uuid
from typing import Any

from app.auth.models import User
from app.extensions import db
from app.surveys.models import Channel, Response, Survey
from app.surveys.services import submit_response


def make_response(
    survey: Survey,
    answers: dict[str, Any],
    channel: Channel = Channel.LINK,
    *,
    entered_by: User | None = None,
) -> Response:
    """A complete response to `survey` stored as the API (or, with `entered_by`, paper
    entry) stores it."""
    stored, _new = submit_response(
        survey, answers, channel, str(uuid.uuid4()), uuid.uuid4().hex, entered_by=entered_by
    )
    db.session.commit()
    return db.session.get(Response, stored.id)
