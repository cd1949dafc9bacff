"""A survey's life: the shipped templates, a zone's survey made from one, found, listed,
opened and closed, and its responses counted."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from app.audit.services import record
from app.auth.models import User
from app.core.links import new_short_code, unique_slug
from app.core.time import utcnow
from app.extensions import db
from app.surveys.models import (
    Channel,
    Response,
    ResponseStatus,
    Survey,
    SurveyStatus,
)
from app.surveys.schema import SurveyTemplate, TemplateError, load_template
from app.zones.models import Zone


def templates_dir() -> Path:
    return Path(current_app.config["SURVEY_TEMPLATES_DIR"])


def available_templates() -> dict[str, SurveyTemplate]:
    """The templates shipped in `surveys/`, by file name; broken files are left out."""
    found = {}
    for path in sorted(templates_dir().glob("*.yaml")):
        try:
            found[path.name] = load_template(path)
        except TemplateError as error:
            current_app.logger.warning("survey template skipped: %s", error)
    return found


def template_file(name: str) -> SurveyTemplate:
    """A shipped template by file name (no paths from outside `surveys/`)."""
    path = templates_dir() / name
    if path.parent != templates_dir() or path.suffix != ".yaml":
        raise TemplateError(f"{name}: not a survey template")
    return load_template(path)


def create_survey(zone: Zone, template: SurveyTemplate, slug: str | None = None) -> Survey:
    """A draft survey for `zone`, a copy of `template` (flushes)."""
    taken = db.session.scalars(select(Survey.slug).where(Survey.zone_id == zone.id))
    survey = Survey(
        zone=zone,
        slug=unique_slug(
            slug or template.title.pl,
            taken,
            fallback=template.key.replace("_", "-"),
            max_length=50,
        ),
        short_code=new_short_code(Survey),
        template_key=template.key,
        version=template.version,
        definition=template.model_dump(mode="json", exclude_none=True),
    )
    db.session.add(survey)
    db.session.flush()
    return survey


def get_zone_survey(zone: Zone | str, slug: str) -> Survey:
    """One of the zone's surveys by its slug (drafts too), or 404. The zone is the one its
    zone route loaded, or its slug: then the zone comes with the survey in one query (the
    API's submission path, whose every statement counts)."""
    query = select(Survey).where(Survey.slug == slug)
    if isinstance(zone, Zone):
        return db.one_or_404(query.where(Survey.zone_id == zone.id))
    query = query.join(Survey.zone).options(contains_eager(Survey.zone))
    return db.one_or_404(query.where(Zone.slug == zone))


def survey_by_code(code: str) -> Survey:
    """The survey of a poster's short link, or 404."""
    return db.one_or_404(select(Survey).where(Survey.short_code == code.lower()))


def zone_surveys(zone: Zone) -> list[Survey]:
    """All of a zone's surveys, newest first."""
    return list(
        db.session.scalars(
            select(Survey).where(Survey.zone_id == zone.id).order_by(Survey.created_at.desc())
        )
    )


def open_surveys(zone: Zone) -> list[Survey]:
    """The zone's surveys that residents can answer now."""
    now = utcnow()
    return [s for s in zone_surveys(zone) if s.accepts_answers(now)]


def open_survey(
    survey: Survey,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    *,
    by: User | None = None,
) -> None:
    """Publish a survey, optionally between two dates (flushes). Done by a person (`by`, a
    librarian on the survey's page), it is in the audit log."""
    before = survey.status
    survey.status = SurveyStatus.OPEN.value
    survey.opens_at, survey.closes_at = opens_at, closes_at
    db.session.flush()
    if by is not None:
        dates = {"opens_at": _iso(opens_at), "closes_at": _iso(closes_at)}
        _record(survey, "survey.open", by, {"status": before}, {"status": survey.status, **dates})


def close_survey(survey: Survey, *, by: User | None = None) -> None:
    """Stop taking answers; the answers stay (flushes; in the audit log when done `by` a
    person)."""
    before = survey.status
    survey.status = SurveyStatus.CLOSED.value
    db.session.flush()
    if by is not None:
        _record(survey, "survey.close", by, {"status": before}, {"status": survey.status})


def allow_repeats(survey: Survey, allowed: bool, by: User) -> None:
    """Let one device answer the survey more than once (a shared computer), or stop it."""
    change_setting(survey, "allow_repeat", allowed, by)


def change_setting(survey: Survey, name: str, value: bool, by: User) -> None:
    """Turn one of the survey's yes/no settings on or off (flushes); a change is in the
    audit log as `survey.<name>`, an unchanged setting writes nothing."""
    before = getattr(survey, name)
    if before == value:
        return
    setattr(survey, name, value)
    db.session.flush()
    _record(survey, f"survey.{name}", by, {name: before}, {name: value})


def _record(survey: Survey, action: str, by: User, before: dict, after: dict) -> None:
    record(
        action, "survey", survey.id, actor_id=by.id, zone_id=survey.zone_id, before=before,
        after=after,
    )  # fmt: skip


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def response_counts(survey: Survey) -> dict[str, Any]:
    """Complete responses in all, by channel and by day (counted by the database)."""
    complete = (Response.survey_id == survey.id, Response.status == ResponseStatus.COMPLETE)
    by_channel = dict(
        db.session.execute(
            select(Response.channel, func.count()).where(*complete).group_by(Response.channel)
        ).all()
    )
    day = func.date(Response.submitted_at)
    by_day = [
        (str(d), n)
        for d, n in db.session.execute(
            select(day, func.count()).where(*complete).group_by(day).order_by(day)
        ).all()
    ]
    by_status = dict(
        db.session.execute(
            select(Response.status, func.count())
            .where(Response.survey_id == survey.id, Response.status != ResponseStatus.COMPLETE)
            .group_by(Response.status)
        ).all()
    )
    return {
        "total": sum(by_channel.values()),
        "by_channel": {channel.value: by_channel.get(channel.value, 0) for channel in Channel},
        "by_day": by_day,
        "in_progress": by_status.get(ResponseStatus.IN_PROGRESS.value, 0),
        "withdrawn": by_status.get(ResponseStatus.WITHDRAWN.value, 0),
    }


@dataclass(frozen=True)
class Burst:
    """Many responses from one address in a short time: for the librarian to look at."""

    responses: int
    first: datetime
    last: datetime


def response_bursts(survey: Survey) -> list[Burst]:
    """Periods in which one address sent SURVEY_BURST_RESPONSES complete responses or more
    within SURVEY_BURST_MINUTES, newest first (the responses are counted all the same)."""
    size = current_app.config["SURVEY_BURST_RESPONSES"]
    window = timedelta(minutes=current_app.config["SURVEY_BURST_MINUTES"])
    busy = (
        select(Response.address_hash)
        .where(
            Response.survey_id == survey.id,
            Response.status == ResponseStatus.COMPLETE,
            Response.address_hash.is_not(None),
        )
        .group_by(Response.address_hash)
        .having(func.count() >= size)
    )
    times: dict[str, list[datetime]] = {}
    for address, moment in db.session.execute(
        select(Response.address_hash, Response.submitted_at)
        .where(
            Response.survey_id == survey.id,
            Response.status == ResponseStatus.COMPLETE,
            Response.address_hash.in_(busy),
        )
        .order_by(Response.address_hash, Response.submitted_at)
    ):
        times.setdefault(address, []).append(moment)
    bursts = []
    for moments in times.values():
        start = end = None  # the current period: indexes into moments
        for i in range(len(moments) - size + 1):
            if moments[i + size - 1] - moments[i] > window:
                continue
            if start is not None and i <= end:
                end = i + size - 1
            else:
                if start is not None:
                    bursts.append(Burst(end - start + 1, moments[start], moments[end]))
                start, end = i, i + size - 1
        if start is not None:
            bursts.append(Burst(end - start + 1, moments[start], moments[end]))
    return sorted(bursts, key=lambda burst: burst.last, reverse=True)


def responses_since(zone_ids: Sequence[int], since: datetime) -> dict[int, int]:
    """Per zone, the complete responses to its surveys submitted since `since`. One query."""
    counts = dict.fromkeys(zone_ids, 0)
    if not counts:
        return counts
    for zone_id, n in db.session.execute(
        select(Survey.zone_id, func.count())
        .join(Response, Response.survey_id == Survey.id)
        .where(
            Survey.zone_id.in_(counts),
            Response.status == ResponseStatus.COMPLETE.value,
            Response.submitted_at >= since,
        )
        .group_by(Survey.zone_id)
    ):
        counts[zone_id] = n
    return counts
