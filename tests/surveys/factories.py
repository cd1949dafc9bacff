"""Factories for the surveys' tests: one per model, plain functions (fixtures are in
conftest.py). Each commits, as the pages under test would find the record."""

import uuid
from typing import Any

from app.auth.models import User
from app.extensions import db
from app.surveys.models import Channel, Response, Survey
from app.surveys.schema import SurveyTemplate
from app.surveys.services import create_survey, open_survey, submit_response
from app.zones.models import Zone


def make_survey(
    zone: Zone, template: SurveyTemplate, slug: str, *, opened: bool = True, **settings: Any
) -> Survey:
    """A survey of `zone` made from `template`: open unless `opened` is False (a draft), with
    any column set from `settings` (allow_repeat=True, requires_code=True…)."""
    survey = create_survey(zone, template, slug=slug)
    if opened:
        open_survey(survey)
    for name, value in settings.items():
        setattr(survey, name, value)
    db.session.commit()
    return survey


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
