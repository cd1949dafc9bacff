"""Responses stored in one go (the JSON API, kiosks, offline capture, paper entry): the one
access rule (`admit`), checking a whole response, the per-address cap, idempotency keys,
and the fast path that writes Answer rows."""

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, insert, select, text
from sqlalchemy.exc import IntegrityError

from app.auth.models import User
from app.core.time import utcnow
from app.extensions import db
from app.surveys.answers import check, other_key
from app.surveys.models import (
    Answer,
    Channel,
    Response,
    ResponseStatus,
    Survey,
)
from app.surveys.schema import CHOICE_TYPES, NUMBER_TYPES, OTHER, QuestionType, SurveyTemplate
from app.surveys.services.codes import code_of, unused_code, use_code_id
from app.zones.access import can_manage_zone


def answer_rows(
    template: SurveyTemplate, survey_id: int, response_id: int | None, answers: dict[str, Any]
) -> list[dict]:
    """The Answer rows of one complete response (see Answer for their shape), as dicts."""
    rows = []
    for q in template.questions():
        value = answers.get(q.key)
        if value is None:
            continue
        common = {
            "survey_id": survey_id, "response_id": response_id, "question_key": q.key,
            "option": None, "number": None, "text": None,
        }  # fmt: skip
        if q.type in CHOICE_TYPES:
            for option in value if isinstance(value, list) else [value]:
                text = answers.get(other_key(q)) if option == OTHER else None
                rows.append(common | {"option": option, "text": text})
        elif q.type == QuestionType.RANKING:
            rows.extend(common | {"option": o, "number": rank} for rank, o in enumerate(value, 1))
        elif q.type in NUMBER_TYPES:
            rows.append(common | {"number": value})
        else:
            rows.append(common | {"text": value})
    return rows


# Core statements (compiled once and cached): storing a response is the hot path of the
# kiosks and the benchmark, and ORM unit-of-work bookkeeping costs more than the INSERTs.
_INSERT_ANSWERS = insert(Answer.__table__)


_INSERT_RESPONSE = insert(Response.__table__).returning(Response.__table__.c.id)


# On PostgreSQL, one INSERT … SELECT FROM unnest(arrays) writes all rows in one statement.
_UNNEST_ANSWERS = text(
    "INSERT INTO answers (response_id, survey_id, question_key, option, number, text) "
    "SELECT * FROM unnest(CAST(:response_id AS integer[]), CAST(:survey_id AS integer[]), "
    "CAST(:question_key AS varchar[]), CAST(:option AS varchar[]), "
    "CAST(:number AS double precision[]), CAST(:text AS text[]))"
)


def store_answers(rows: list[dict]) -> None:
    """Insert Answer rows in one executemany (cheaper than ORM objects or a long VALUES).

    Every row has every column, so that they all go in one batch."""
    if not rows:
        return
    if db.session.get_bind().dialect.name == "postgresql":
        columns = ("response_id", "survey_id", "question_key", "option", "number", "text")
        db.session.execute(_UNNEST_ANSWERS, {c: [row[c] for row in rows] for c in columns})
    else:
        db.session.execute(_INSERT_ANSWERS, rows)


class SubmissionError(Exception):
    """Answers that cannot be stored; `errors` by question key."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


class TooManyResponsesError(SubmissionError):
    """The address has sent the day's share of responses to this survey."""


def check_all(survey: Survey, answers: dict[str, Any], *, paper: bool = False) -> dict[str, Any]:
    """Check a whole response at once; raise SubmissionError with a message per key.

    On `paper`, what the person left blank is no answer, required or not.
    """
    template = survey.template
    known = {q.key for q in template.questions()} | {
        other_key(q) for q in template.questions() if q.other
    }
    errors = {key[:60]: _("There is no such question.") for key in answers if key not in known}
    clean, answer_errors = check(template.questions(), answers, {}, paper=paper)
    errors.update(answer_errors)
    if errors:
        raise SubmissionError(errors)
    if paper and not any(key in clean for key in (q.key for q in template.questions())):
        raise SubmissionError({"": _("This questionnaire is empty: there is nothing to save.")})
    return clean


def admit(
    survey: Survey,
    channel: Channel,
    *,
    address: str | None,
    access_code: str | None = None,
    response_id: int | None = None,
    entered_by: User | None = None,
) -> int | None:
    """The one rule for every path that stores a response; raises SubmissionError.

    Paper questionnaires are recorded only by the zone's librarians (`entered_by`), and
    only they skip the rest. Residents' responses (web pages, kiosks, the API) need the
    survey's access code when it requires one — unused (`access_code`), or already tied
    to the response being completed (`response_id`) — and at most
    SURVEY_RESPONSES_PER_ADDRESS_PER_DAY of them come from one `address` (a keyed hash).
    Returns the id of the code to tie to the new response, if any.
    """
    if channel is Channel.PAPER:
        if entered_by is None or not can_manage_zone(entered_by, survey.zone):
            raise SubmissionError({"channel": _(
                "Paper questionnaires are typed in by the zone's librarians on the survey's "
                "paper entry page; they cannot be sent here."
            )})  # fmt: skip
        return None
    if address is not None:
        limit = current_app.config["SURVEY_RESPONSES_PER_ADDRESS_PER_DAY"]
        if responses_from(survey.id, address, utcnow() - timedelta(days=1)) >= limit:
            raise TooManyResponsesError({"address": _(
                "So many responses to this survey have come from your network in the last "
                "24 hours (%(limit)d) that no more are taken from it today. If many people "
                "are really answering here, ask the library.", limit=limit
            )})  # fmt: skip
    if not survey.requires_code:
        return None
    if response_id is not None and code_of(response_id) is not None:
        return None
    code = unused_code(survey, access_code or "")
    if code is None:
        raise SubmissionError({"access_code": _("This access code is wrong or used.")})
    return code.id


def responses_from(survey_id: int, address: str, since: datetime) -> int:
    """Complete responses to the survey from one address (a hash) since a moment."""
    return db.session.scalar(
        select(func.count()).where(
            Response.survey_id == survey_id,
            Response.address_hash == address,
            Response.status == ResponseStatus.COMPLETE,
            Response.submitted_at >= since,
        )
    )


@dataclass
class Submission:
    """A checked response, ready to store (everything read; nothing written yet).

    It carries what storing needs of the survey, not the survey itself, so that storing
    does not reload it after a read phase.
    """

    survey_id: int
    survey_version: int
    template: SurveyTemplate
    clean: dict[str, Any]
    channel: Channel
    idempotency_key: str
    request_hash: str
    code_id: int | None
    address: str | None = None


@dataclass(frozen=True)
class Stored:
    """A stored response, as a submission's reply tells it."""

    id: int
    channel: str
    submitted_at: datetime


def prepare_submission(
    survey: Survey,
    answers: dict[str, Any],
    channel: Channel,
    idempotency_key: str,
    request_hash: str,
    access_code: str | None = None,
    *,
    address: str | None = None,
    entered_by: User | None = None,
) -> Submission | Stored:
    """Check a whole response and the access rule, or find the one stored under the same
    key (a replay).

    Keys are looked up only when a check fails (a retry whose code is now used, say):
    new keys are the rule, and the database's unique key catches a replay when storing.
    """
    try:
        code_id = admit(
            survey, channel, address=address, access_code=access_code, entered_by=entered_by
        )
        clean = check_all(survey, answers, paper=channel is Channel.PAPER)
    except SubmissionError:
        stored = replayed(survey.id, idempotency_key, request_hash)
        if stored is None:
            raise
        return stored
    return Submission(
        survey.id, survey.version, survey.template, clean, channel, idempotency_key,
        request_hash, code_id, None if channel is Channel.PAPER else address,
    )  # fmt: skip


def store_submission(submission: Submission) -> tuple[Stored, bool]:
    """Write a prepared response and its answers: (what was stored, whether it is new).

    Call it first in its transaction: a duplicate key rolls the transaction back.
    """
    submitted_at = utcnow()
    values = {
        "survey_id": submission.survey_id,
        "token": secrets.token_urlsafe(32),
        "idempotency_key": submission.idempotency_key,
        "request_hash": submission.request_hash,
        "channel": submission.channel.value,
        "status": ResponseStatus.COMPLETE.value,
        "step": len(submission.template.sections) - 1,
        "draft": submission.clean,
        "address_hash": submission.address,
        "survey_version": submission.survey_version,
        "created_at": submitted_at,
        "updated_at": submitted_at,
        "submitted_at": submitted_at,
    }
    rows = answer_rows(submission.template, submission.survey_id, None, submission.clean)
    try:
        response_id = db.session.execute(_INSERT_RESPONSE, values).scalar_one()
    except IntegrityError:  # this key was stored before, or arrived twice at once
        db.session.rollback()  # nothing else was written in this transaction
        stored = replayed(submission.survey_id, submission.idempotency_key, submission.request_hash)
        if stored is None:
            raise  # not a replay: a real integrity problem
        return stored, False
    store_answers([row | {"response_id": response_id} for row in rows])
    if submission.code_id is not None and not use_code_id(submission.code_id, response_id):
        raise SubmissionError({"access_code": _("This access code is wrong or used.")})
    return Stored(response_id, submission.channel.value, submitted_at), True


def submit_response(
    survey: Survey,
    answers: dict[str, Any],
    channel: Channel,
    idempotency_key: str,
    request_hash: str,
    access_code: str | None = None,
    *,
    address: str | None = None,
    entered_by: User | None = None,
) -> tuple[Stored, bool]:
    """Store a complete response once per key: (what was stored, whether it is new).

    The same key with the same answers returns the stored response; with other answers it is
    refused, since a client must not reuse a key for a different submission.
    """
    prepared = prepare_submission(
        survey, answers, channel, idempotency_key, request_hash, access_code,
        address=address, entered_by=entered_by,
    )  # fmt: skip
    if isinstance(prepared, Stored):
        return prepared, False
    return store_submission(prepared)


def submission_digest(answers: dict[str, Any], channel: Channel) -> str:
    """What a submission sent, hashed: a key reused with other answers is then refused."""
    body = json.dumps([answers, channel.value], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(body.encode()).hexdigest()


def replayed(survey_id: int, key: str, request_hash: str) -> Stored | None:
    """The response already stored under `key`, if any; a different body is refused."""
    existing = _by_key(survey_id, key)
    if existing is None:
        return None
    if existing.request_hash != request_hash:
        raise SubmissionError(
            {"Idempotency-Key": _("This key was already used for different answers.")}
        )
    return Stored(existing.id, existing.channel, existing.submitted_at)


def _by_key(survey_id: int, key: str) -> Response | None:
    return db.session.scalar(
        select(Response).where(Response.survey_id == survey_id, Response.idempotency_key == key)
    )
