"""Open data API, read-only but for JSON submission of survey responses (kiosks, offline)."""

import re
import uuid

from flask import current_app, jsonify, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, selectinload

from app.api import bp
from app.api import catalogue as _catalogue  # noqa: F401 - attaches the catalogue's routes
from app.api import docs as _docs  # noqa: F401 - attaches the document and its page
from app.api import plans as _plans  # noqa: F401 - attaches the plan's routes
from app.api import schemas as s
from app.api import zones as _zones  # noqa: F401 - attaches the zones' routes
from app.api.bodies import check_json_body, json_body
from app.api.http import etag_basis, public_caching
from app.api.openapi import Param, documented
from app.api.paging import RefusedError, page_of, paged_reply
from app.api.params import BAD_PARAMETER, LIMIT, NOT_FOUND, PAGE, PAGE_HEADERS, SURVEY, TEXT, ZONE
from app.cafes.models import VISIBLE_STATUSES, Board, Cafe, Idea
from app.cafes.services import source_counts, support_counts
from app.core.time import rfc3339, utcnow
from app.dashboards.services import as_json, compute, dimensions, viewed_results
from app.database import read_phase
from app.errors.handlers import api_error
from app.extensions import db, limiter
from app.surveys.models import Channel, Survey, SurveyStatus
from app.surveys.schema import Question, QuestionType
from app.surveys.services import (
    Stored,
    Submission,
    SubmissionError,
    TooManyResponsesError,
    get_zone_survey,
    prepare_submission,
    replayed,
    response_address,
    store_submission,
    submission_digest,
)
from app.zones.access import zone_route

# Every route that takes a body reads it through one safe reader (app/api/bodies.py).
bp.before_request(check_json_body)
bp.after_request(public_caching)


@bp.errorhandler(RefusedError)
def refused(problem: RefusedError):
    return problem.reply


UUID_FORM = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
SUBMISSION_FIELDS = {"answers", "channel", "access_code"}
MAX_CODE_LENGTH = 40
# Paper is recorded only by librarians, on the paper entry page (the access rule says so).
API_CHANNELS = (Channel.KIOSK.value, Channel.LINK.value, Channel.QR.value)
FIELDS_MESSAGE = _l("Some fields cannot be used: each is named in fields, with the reason.")


def _text(text) -> dict | None:
    return text.model_dump(exclude_none=True) if text is not None else None


def _question(q: Question) -> dict:
    data = {
        "key": q.key,
        "type": q.type,
        "text": _text(q.text),
        "required": q.required,
        "dimension": q.dimension,
    }
    if q.options:
        data["options"] = [{"value": o.value, "label": _text(o.label)} for o in q.options]
    if q.other:
        data["other"] = True
    if q.show_if:
        data["show_if"] = q.show_if.model_dump(exclude_none=True)
    for name in ("max_choices", "min", "max", "max_length"):
        if getattr(q, name) is not None:
            data[name] = getattr(q, name)
    if q.labels:
        data["labels"] = [_text(label) for label in q.labels]
    if q.type == QuestionType.LIKERT:
        data["min"], data["max"] = 1, 5
    if q.type == QuestionType.SCALE:
        data["min"], data["max"] = 0, 10
    return data


def _survey(survey: Survey) -> dict:
    zone = survey.zone
    return {
        "slug": survey.slug,
        "title": _text(survey.template.title),
        "status": survey.status,
        "accepts_answers": survey.accepts_answers(),
        "requires_access_code": survey.requires_code,
        "opens_at": rfc3339(survey.opens_at),
        "closes_at": rfc3339(survey.closes_at),
        "results_public": survey.results_public,
        "url": url_for("surveys.show", zone_slug=zone.slug, slug=survey.slug, _external=True),
        "responses_url": url_for(
            "api.submit", zone_slug=zone.slug, slug=survey.slug, _external=True
        ),
        "results_url": url_for(
            "api.results", zone_slug=zone.slug, slug=survey.slug, _external=True
        ),
        "questions": [_question(q) for q in survey.template.questions()],
    }


IDEA_STATUSES = [status.value for status in VISIBLE_STATUSES]


@bp.get("/zones/<zone_slug>/ideas")
@documented(
    summary=_l("The zone's ideas"),
    description=_l(
        "The ideas of the zone's Creative Cafés residents may see: published and every later "
        "step, never pending, rejected, merged-away or reported-and-hidden ones, newest first. "
        "Nicknames only where their authors gave one."
    ),
    params=[ZONE, Param("status", "query", {"type": "string", "enum": IDEA_STATUSES},
                        _l("Only ideas with this status (code unknown_status otherwise).")),
            Param("cafe", "query", TEXT,
                  _l("Only the ideas of this café (its slug).")),
            PAGE, LIMIT],
    responses={200: (_l("A page of ideas."), s.IdeaList), 400: BAD_PARAMETER, 404: NOT_FOUND},
    headers={200: PAGE_HEADERS},
)  # fmt: skip
@zone_route()
def ideas(zone):
    """The zone's ideas residents may see, a page at a time."""
    statuses = IDEA_STATUSES
    if "status" in request.args:
        wanted = request.args["status"]
        if wanted not in statuses:
            message = _("Ask for one of the statuses: %(statuses)s.", statuses=", ".join(statuses))
            return api_error(400, message, code="unknown_status")
        statuses = [wanted]
    query = (
        select(Idea)
        .join(Idea.board)
        .join(Board.cafe)
        .options(contains_eager(Idea.board).contains_eager(Board.cafe), selectinload(Idea.themes))
        .where(Idea.zone_id == zone.id, Idea.status.in_(statuses), Idea.hidden.is_(False))
        .order_by(Idea.published_at.desc(), Idea.id.desc())
    )
    if request.args.get("cafe"):
        query = query.where(Cafe.slug == request.args["cafe"])
    page = page_of(query)
    found = page.items
    supports = support_counts(i.id for i in found)
    merged = source_counts(i.id for i in found)
    return paged_reply(
        page,
        zone=zone.slug,
        url=url_for("zones.show", zone_slug=zone.slug, _external=True),
        ideas=[_idea(idea, supports[idea.id], merged[idea.id]) for idea in found],
    )


def _idea(idea: Idea, supports: int, merged_sources: int) -> dict:
    board, cafe = idea.board, idea.board.cafe
    return {
        "id": idea.id,
        "title": idea.title,
        "description": idea.description,
        "nickname": idea.nickname or None,
        "status": idea.status,
        "themes": [theme.name for theme in idea.themes],
        "supports": supports,
        "merged_sources": merged_sources,
        "channel": idea.channel,
        "board": {
            "id": board.id,
            "table": board.position,
            "question": board.question,
            "url": url_for(
                "cafes.board", zone_slug=cafe.zone.slug, board_id=board.id, _external=True
            ),
        },
        "cafe": {
            "slug": cafe.slug,
            "title": cafe.title,
            "starts_at": rfc3339(cafe.starts_at),
            "url": url_for("cafes.show", zone_slug=cafe.zone.slug, slug=cafe.slug, _external=True),
        },
        "published_at": rfc3339(idea.published_at),
        "url": url_for("cafes.idea", zone_slug=cafe.zone.slug, idea_id=idea.id, _external=True),
    }


SURVEY_LINKS = {
    "results": {"operationId": "results", "parameters": {
        "zone_slug": "$response.body#/zone", "slug": "$response.body#/surveys/0/slug"}},
    "submit": {"operationId": "submit", "parameters": {
        "zone_slug": "$response.body#/zone", "slug": "$response.body#/surveys/0/slug"}},
}  # fmt: skip


@bp.get("/zones/<zone_slug>/surveys")
@documented(
    summary=_l("The zone's surveys"),
    description=_l("The zone's published surveys, open or closed, newest first, with their "
                   "questions (drafts are never listed)."),
    params=[ZONE, PAGE, LIMIT],
    responses={200: (_l("A page of surveys."), s.SurveyList), 400: BAD_PARAMETER,
               404: NOT_FOUND},
    headers={200: PAGE_HEADERS},
    links={200: SURVEY_LINKS},
    tag="surveys",
)  # fmt: skip
@zone_route()
def surveys(zone):
    """The zone's published surveys (open or closed) with their questions."""
    page = page_of(
        select(Survey)
        .where(Survey.zone_id == zone.id, Survey.status != SurveyStatus.DRAFT)
        .order_by(Survey.created_at.desc(), Survey.id.desc())
    )
    return paged_reply(
        page,
        zone=zone.slug,
        url=url_for("zones.show", zone_slug=zone.slug, _external=True),
        surveys=[_survey(survey) for survey in page.items],
    )


def _submission_limit() -> str:
    return current_app.config["API_SUBMISSION_RATE_LIMIT"]


UUID4_PATTERN = (
    "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$"
)
IDEMPOTENCY_KEY = Param(
    "Idempotency-Key", "header",
    {"type": "string", "format": "uuid", "pattern": UUID4_PATTERN},
    _l("A new random UUID (version 4) for each response, the same one for each retry of it. "
       "A key that could be guessed (not random, too few different digits) is refused."),
    required=True, example="0b7c8e4e-3f7a-4c1d-9a55-2f9d3c1e8b6a",
)  # fmt: skip


@bp.post("/zones/<zone_slug>/surveys/<slug>/responses")
@documented(
    summary=_l("Submit one response"),
    description=_l(
        "Store one complete response to an open survey (kiosks, offline capture). Retries are "
        "safe: a retry with the same Idempotency-Key and the same body gets the stored "
        "response again (201, Idempotent-Replayed: true), even after the survey closed; the "
        "same key with another body is refused (422). The answers are checked against the "
        "survey's questions: each wrong one is named in fields. Rate-limited per address "
        "(API_SUBMISSION_RATE_LIMIT) and per survey and address a day."
    ),
    params=[ZONE, SURVEY, IDEMPOTENCY_KEY],
    body=s.Submission,
    responses={
        201: (_l("Stored (or replayed)."), s.Stored),
        400: _l("No or a guessable Idempotency-Key, or a body that is not a JSON object."),
        404: _l("No such zone or survey (drafts included)."),
        409: _l("The survey does not take answers now (code survey_closed)."),
        413: _l("The body is over 2 MB."),
        415: _l("The body is not sent as application/json."),
        422: _l("Fields or answers cannot be stored: each is named in fields."),
        429: _l("Too many responses from this address (rate_limited, address_limit)."),
    },
    headers={201: {"Idempotent-Replayed": {
        "description": _l("true when this is the reply to a retry."),
        "schema": {"type": "string", "enum": ["true"]}}}},
    tag="surveys",
    public=False,
)  # fmt: skip
@limiter.limit(_submission_limit)
def submit(zone_slug: str, slug: str):
    """Store one complete response; the Idempotency-Key header makes retries safe. (Not
    through zone_route: the zone comes with the survey in one query, and on SQLite it is
    read, like everything here, before the write lock is taken, in the read phase.)"""
    try:
        with read_phase():  # on SQLite, check everything before taking the write lock
            survey = get_zone_survey(zone_slug, slug)
            zone = survey.zone
            if survey.status == SurveyStatus.DRAFT:
                return api_error(404, _("There is no such survey."))
            checked = _checked_submission(survey)
            if not isinstance(checked, Submission | Stored):
                return checked  # an error reply
            page = url_for("surveys.show", zone_slug=zone.slug, slug=slug, _external=True)
            if isinstance(checked, Stored):
                return _stored(checked, slug, page, replay=True)
        response, created = store_submission(checked)
        reply = _stored(response, slug, page, replay=not created)
    except TooManyResponsesError as error:
        db.session.rollback()
        return api_error(429, " ".join(error.errors.values()), code="address_limit")
    except SubmissionError as error:
        db.session.rollback()
        return api_error(422, FIELDS_MESSAGE, fields=error.errors)
    db.session.commit()
    return reply


def idempotency_key_error(key: str) -> str | None:
    """Why a key cannot be used, or None: it must be a random UUID (version 4).

    A key is the client's promise that a submission is new: one that can be guessed (a
    counter, a device name) can be taken first by anyone, and the real submission is
    then refused. A UUID with hardly any variety in its digits was not drawn at random.
    """
    if not UUID_FORM.fullmatch(key.lower()) or len(set(key.replace("-", ""))) < 6:
        return _(
            "Send an Idempotency-Key header with a new random UUID (version 4) for each "
            "response, e.g. 0b7c8e4e-3f7a-4c1d-9a55-2f9d3c1e8b6a."
        )
    return None


def _checked_submission(survey: Survey):
    """The request's response, checked (or the stored one for a replay), or an error reply."""
    key = request.headers.get("Idempotency-Key", "").strip().lower()
    problem = idempotency_key_error(key)
    if problem:
        return api_error(400, problem, code="bad_idempotency_key")
    key = str(uuid.UUID(key))
    body = json_body()
    if not isinstance(body, dict):
        message = _('The body must be a JSON object with "answers": {question key: answer}.')
        return api_error(400, message)
    errors = _field_errors(body)
    if errors:
        return api_error(422, FIELDS_MESSAGE, fields=errors)
    channel = Channel(body.get("channel", Channel.KIOSK.value))
    digest = submission_digest(body["answers"], channel)
    if not survey.accepts_answers():
        # A retry of a response stored before the survey closed still gets its reply.
        return replayed(survey.id, key, digest) or api_error(
            409, _("This survey is not open for answers."), code="survey_closed"
        )
    return prepare_submission(
        survey, body["answers"], channel, key, digest, body.get("access_code"),
        address=response_address(survey),
    )  # fmt: skip


def _field_errors(body: dict) -> dict[str, str]:
    """A message per top-level field of a submission that is missing, unknown or of the
    wrong type (the answers themselves are checked against the questions)."""
    errors = {
        name[:60]: _("There is no such field: send answers, channel and access_code.")
        for name in body
        if name not in SUBMISSION_FIELDS
    }
    if not isinstance(body.get("answers"), dict):
        errors["answers"] = _("Send the answers as a JSON object: {question key: answer}.")
    channel = body.get("channel", Channel.KIOSK.value)
    if not isinstance(channel, str) or channel not in {c.value for c in Channel}:
        errors["channel"] = _("Send one of the channels: %(channels)s.",
                              channels=", ".join(API_CHANNELS))  # fmt: skip
    code = body.get("access_code")
    if code is not None and (not isinstance(code, str) or len(code) > MAX_CODE_LENGTH):
        errors["access_code"] = _("Send the access code as text, as printed on its card.")
    return errors


def _stored(response: Stored, slug: str, page: str, *, replay: bool):
    """The 201 reply for a stored response (built before the commit: no reload after it)."""
    reply = jsonify(
        id=response.id,
        survey=slug,
        channel=response.channel,
        submitted_at=rfc3339(response.submitted_at),
        url=page,
    )
    reply.status_code = 201
    if replay:
        reply.headers["Idempotent-Replayed"] = "true"
    return reply


@bp.get("/zones/<zone_slug>/surveys/<slug>/results")
@documented(
    summary=_l("A survey's results"),
    description=_l(
        "Aggregated results; every figure of a group smaller than suppression_threshold is "
        "{\"suppressed\": true}. Public results are open to everyone, as a whole; the zone's "
        "librarians and officials may also break them down (by) and filter them (only), "
        "and read results not yet published (signed in, on the pages' session)."
    ),
    params=[ZONE, SURVEY,
            Param("by", "query", TEXT,
                  _l("A dimension question's key: figures per group of its answers.")),
            Param("only", "query", TEXT,
                  _l("<dimension key>:<option>: only the respondents who gave that answer."))],
    responses={
        200: (_l("The results."), s.Results),
        400: _l("by or only name no dimension (unknown_dimension, unknown_filter)."),
        401: _l("The results are not published: sign in."),
        403: _l("This account may not see them, or compare groups (comparison_forbidden)."),
        404: _l("No such zone or survey (drafts included)."),
    },
    tag="surveys",
)  # fmt: skip
@zone_route()
def results(zone, slug: str):
    """Aggregated results, suppressed where groups are small; for the zone's people
    optionally ?by=<dimension> and ?only=<dimension>:<option>. Who may see what is the
    dashboard's one rule (app.dashboards.services): 401, 403 and 404 as on its pages."""
    survey = get_zone_survey(zone, slug)
    access = viewed_results(current_user, survey)
    scope = access.scope(survey, request.args.get("by"), request.args.get("only"))
    if scope.refused:
        return api_error(403, _("Comparisons of groups are for the zone's librarians and "
                                "officials; published results show everyone together."),
                         code="comparison_forbidden")  # fmt: skip
    if scope.unknown_by:
        keys = ", ".join(sorted(dimensions(survey)))
        return api_error(400, _("Break results down by one of: %(keys)s.", keys=keys),
                         code="unknown_dimension")  # fmt: skip
    if scope.unknown_only:
        return api_error(
            400,
            _("Filter with only=<dimension key>:<option>, on another dimension than by."),
            code="unknown_filter",
        )
    computed = compute(
        survey, k=current_app.config["SUPPRESSION_THRESHOLD"], by=scope.by, only=scope.only,
        other_texts=access.other_texts,
    )  # fmt: skip
    figures = as_json(computed, survey)
    etag_basis(figures)  # not the time it was computed at
    return jsonify(
        survey=survey.slug,
        url=url_for("surveys.show", zone_slug=zone.slug, slug=slug, _external=True),
        computed_at=rfc3339(utcnow()),
        **figures,
    )
