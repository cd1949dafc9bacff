"""Survey rules: creating a zone's survey from a template, opening and closing it, and
taking residents' responses, section by section, exactly once."""

import copy
import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, false, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager

from app.audit.services import record
from app.auth.models import User
from app.core.links import new_short_code, unique_slug
from app.core.security import address_hash
from app.core.time import utcnow
from app.extensions import db
from app.surveys.answers import check, other_key, prune, section_applies
from app.surveys.models import (
    AccessCode,
    Answer,
    Channel,
    Response,
    ResponseStatus,
    Survey,
    SurveyStatus,
)
from app.surveys.schema import OTHER, SurveyTemplate, TemplateError, load_template
from app.zones.access import can_manage_zone
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
    """A zone's survey by its slug, or 404. The zone is the one a zone route loaded, or its
    slug (then both are found in one query)."""
    query = select(Survey).where(Survey.slug == slug)
    if isinstance(zone, Zone):
        query = query.where(Survey.zone_id == zone.id)
    else:
        query = query.join(Survey.zone).options(contains_eager(Survey.zone))
        query = query.where(Zone.slug == zone)
    return db.one_or_404(query)


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
    survey: Survey, opens_at: datetime | None = None, closes_at: datetime | None = None
) -> None:
    """Publish a survey, optionally between two dates."""
    survey.status = SurveyStatus.OPEN.value
    survey.opens_at, survey.closes_at = opens_at, closes_at
    db.session.flush()


def close_survey(survey: Survey) -> None:
    """Stop taking answers; the answers stay."""
    survey.status = SurveyStatus.CLOSED.value
    db.session.flush()


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


# Residents' responses -------------------------------------------------------------------


def response_address(survey: Survey) -> str:
    """The requesting address, as kept on the survey's responses: a keyed hash, one per
    survey, so that nothing links a person's responses across surveys."""
    return address_hash(f"survey-responses:{survey.id}")


def device_response(survey: Survey, device: str | None) -> Response | None:
    """The device's unfinished response, else its latest complete one, if any."""
    if device is None:
        return None
    responses = db.session.scalars(
        select(Response)
        .where(
            Response.survey_id == survey.id,
            Response.device_hash == device,
            Response.status != ResponseStatus.WITHDRAWN,
        )
        .order_by(Response.status.desc(), Response.id.desc())  # in_progress before complete
    ).all()
    return responses[0] if responses else None


def start_response(survey: Survey, device: str | None, channel: Channel) -> Response:
    """The device's unfinished response, or a new one; a double tap never makes two."""
    existing = device_response(survey, device)
    if existing is not None and existing.status == ResponseStatus.IN_PROGRESS:
        return existing
    response = Response(
        survey=survey,
        token=secrets.token_urlsafe(32),
        device_hash=device,
        channel=channel.value,
        survey_version=survey.version,
        draft={},
    )
    try:
        with db.session.begin_nested():
            db.session.add(response)
    except IntegrityError:  # the same device started in parallel: use that one
        return device_response(survey, device)
    return response


def get_response(survey: Survey, token: str) -> Response:
    """The survey's response with this token, or 404."""
    return db.one_or_404(
        select(Response).where(Response.survey_id == survey.id, Response.token == token)
    )


def next_step(template: SurveyTemplate, answers: dict, after: int) -> int | None:
    """The next section (index) that applies after `after`, or None at the end."""
    for index in range(after + 1, len(template.sections)):
        if section_applies(template.sections[index], answers):
            return index
    return None


def previous_step(template: SurveyTemplate, answers: dict, before: int) -> int | None:
    for index in range(before - 1, -1, -1):
        if section_applies(template.sections[index], answers):
            return index
    return None


def save_section(
    response: Response, step: int, raw: dict[str, Any], *, partial: bool = False
) -> dict[str, str]:
    """Check and keep one section's answers in the draft; return errors by question key.

    With `partial` (going back), what is valid is kept and errors are not reported.
    """
    template = response.survey.template
    section = template.sections[step]
    draft = dict(response.draft)
    for question in section.questions:  # this section's earlier answers are replaced
        draft.pop(question.key, None)
        draft.pop(other_key(question), None)
    clean, errors = check(section.questions, raw, draft)
    draft.update(clean)
    if partial or not errors:
        response.draft = prune(template, draft)
        if not errors:
            response.step = max(response.step, next_step(template, response.draft, step) or step)
        db.session.flush()
    return {} if partial else errors


def missing_answers(response: Response) -> int | None:
    """The first section with a required answer missing or invalid, or None if complete."""
    template = response.survey.template
    for index, section in enumerate(template.sections):
        if not section_applies(section, response.draft):
            continue
        _clean, errors = check(section.questions, response.draft, response.draft)
        if errors:
            return index
    return None


def complete_response(response: Response, *, address: str | None = None) -> bool:
    """Store the answers for counting and mark the response complete, exactly once.

    The access rule (`admit`) is applied first: SubmissionError if it refuses. The status
    changes with a conditional UPDATE, so two submissions at the same moment (a double
    tap, a retry) cannot both complete it: the second finds nothing to update.
    Returns whether this call completed it.
    """
    admit(response.survey, Channel(response.channel), address=address, response_id=response.id)
    result = db.session.execute(
        update(Response)
        .where(Response.id == response.id, Response.status == ResponseStatus.IN_PROGRESS)
        .values(status=ResponseStatus.COMPLETE.value, submitted_at=utcnow(), address_hash=address)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.refresh(response)
        return False
    survey = response.survey
    store_answers(answer_rows(survey.template, survey.id, response.id, response.draft))
    db.session.flush()
    db.session.refresh(response)
    return True


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
        if q.type in ("single_choice", "multiple_choice"):
            for option in value if isinstance(value, list) else [value]:
                text = answers.get(other_key(q)) if option == OTHER else None
                rows.append(common | {"option": option, "text": text})
        elif q.type == "ranking":
            rows.extend(common | {"option": o, "number": rank} for rank, o in enumerate(value, 1))
        elif q.type in ("likert", "scale", "number"):
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


# Submissions in one go (the JSON API: kiosks and offline capture) ----------------------


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


# The access rule ------------------------------------------------------------------------


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


def code_of(response_id: int) -> AccessCode | None:
    """The access code a response was started or stored with, if any."""
    return db.session.scalar(select(AccessCode).where(AccessCode.response_id == response_id))


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
    if submission.code_id is not None and not _use_code_id(submission.code_id, response_id):
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


# Paper questionnaires, after saving ------------------------------------------------------


def paper_response(survey: Survey, response_id: int) -> Response:
    """A stored (not withdrawn) paper questionnaire of the survey, or 404."""
    # Beyond an integer column there is no such row (and the database would refuse the number).
    in_range = Response.id == response_id if 0 < response_id < 2**31 else false()
    return db.one_or_404(
        select(Response).where(
            in_range,
            Response.survey_id == survey.id,
            Response.channel == Channel.PAPER,
            Response.status == ResponseStatus.COMPLETE,
        )
    )


def correct_paper_response(response: Response, raw: dict[str, Any], librarian: User) -> None:
    """Replace a paper questionnaire's answers with corrected ones, in the audit log (flushes);
    SubmissionError as when it was typed in."""
    survey = response.survey
    admit(survey, Channel.PAPER, address=None, entered_by=librarian)
    clean = check_all(survey, raw, paper=True)
    before = dict(response.draft)
    if clean == before:
        return
    db.session.execute(delete(Answer).where(Answer.response_id == response.id))
    store_answers(answer_rows(survey.template, survey.id, response.id, clean))
    response.draft = clean
    record(
        "response.correct", "response", response.id, actor_id=librarian.id,
        zone_id=survey.zone_id, before={"answers": before}, after={"answers": clean},
    )  # fmt: skip
    db.session.flush()


def withdraw_paper_response(response: Response, librarian: User) -> None:
    """Take a paper questionnaire back: it no longer counts anywhere (its answers are
    deleted); the row stays as withdrawn, with the answers in the audit log (flushes)."""
    survey = response.survey
    admit(survey, Channel.PAPER, address=None, entered_by=librarian)
    db.session.execute(delete(Answer).where(Answer.response_id == response.id))
    record(
        "response.withdraw", "response", response.id, actor_id=librarian.id,
        zone_id=survey.zone_id, before={"status": response.status, "answers": response.draft},
        after={"status": ResponseStatus.WITHDRAWN.value},
    )  # fmt: skip
    response.status = ResponseStatus.WITHDRAWN.value
    db.session.flush()


# Wording ---------------------------------------------------------------------------------


def text_slots(template: SurveyTemplate) -> list[tuple[str, str, Any]]:
    """Every text of a survey that may be reworded: (path, what it is, its Text or None).

    Only wording: keys, types, options and conditions stay, so that answers collected
    before and after a fix mean the same and remain comparable.
    """
    slots = [
        ("title", "title", template.title),
        ("introduction", "introduction", template.introduction),
    ]
    for s in template.sections:
        slots.append((f"s.{s.key}.title", "section", s.title))
        for q in s.questions:
            slots.append((f"q.{q.key}.text", "question", q.text))
            slots.append((f"q.{q.key}.help", "help", q.help))
            slots.extend((f"q.{q.key}.o.{o.value}", "option", o.label) for o in q.options or [])
            slots.extend((f"q.{q.key}.l.{i}", "label", t) for i, t in enumerate(q.labels or []))
    return slots


def _slot_owner(definition: dict, path: str) -> tuple[dict, str]:
    """The dict holding the text at `path`, and the key of the text in it."""
    kind, *rest = path.split(".")
    if kind in ("title", "introduction"):
        return definition, kind
    if kind == "s":
        section = next(s for s in definition["sections"] if s["key"] == rest[0])
        return section, rest[1]
    question = next(
        q for s in definition["sections"] for q in s["questions"] if q["key"] == rest[0]
    )
    if rest[1] == "o":
        return next(o for o in question["options"] if o["value"] == rest[2]), "label"
    if rest[1] == "l":
        return question["labels"], int(rest[2])
    return question, rest[1]


def reword(survey: Survey, texts: dict[str, dict[str, str]]) -> dict[str, str]:
    """Replace the survey's wording with `texts` ({path: {pl, en}}); errors by path.

    Polish is required wherever a text exists (help texts may be emptied); English is
    optional and falls back to Polish.
    """
    definition = copy.deepcopy(survey.definition)
    errors: dict[str, str] = {}
    for path, _kind, _current in text_slots(survey.template):
        if path not in texts:
            continue
        pl = (texts[path].get("pl") or "").strip()
        en = (texts[path].get("en") or "").strip()
        owner, key = _slot_owner(definition, path)
        if not pl:
            if path.endswith(".help"):
                if isinstance(owner, dict):
                    owner.pop(key, None)
                continue
            errors[path] = _("Write the Polish text.")
            continue
        if len(pl) > 2000 or len(en) > 2000:
            errors[path] = _("Use at most 2000 characters.")
            continue
        owner[key] = {"pl": pl, "en": en} if en else {"pl": pl}
    if errors:
        return errors
    survey.definition = SurveyTemplate.model_validate(definition).model_dump(
        mode="json", exclude_none=True
    )
    db.session.flush()  # moves updated_at, so the new wording is parsed afresh
    return {}


# Access codes ----------------------------------------------------------------------------

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to copy from paper
MAX_CODES_AT_ONCE = 500


def generate_codes(survey: Survey, count: int) -> list[AccessCode]:
    """Add `count` new single-use codes to the survey (flushes)."""
    taken = set(
        db.session.scalars(select(AccessCode.code).where(AccessCode.survey_id == survey.id))
    )
    codes = []
    while len(codes) < count:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        if code not in taken:
            taken.add(code)
            codes.append(AccessCode(survey_id=survey.id, code=code))
    db.session.add_all(codes)
    db.session.flush()
    return codes


def normalise_code(code: str) -> str:
    """Codes as people type them: any case, with spaces or dashes."""
    return "".join(c for c in code.upper() if c.isalnum())


def unused_code(survey: Survey, code: str) -> AccessCode | None:
    """The survey's access code if it exists and nobody used it yet."""
    return db.session.scalar(
        select(AccessCode).where(
            AccessCode.survey_id == survey.id,
            AccessCode.code == normalise_code(code),
            AccessCode.response_id.is_(None),
        )
    )


def use_code(code_id: int, response: Response) -> bool:
    """Tie the code to a response, once: False if someone used it in the meantime."""
    return _use_code_id(code_id, response.id)


def _use_code_id(code_id: int, response_id: int) -> bool:
    result = db.session.execute(
        update(AccessCode)
        .where(AccessCode.id == code_id, AccessCode.response_id.is_(None))
        .values(response_id=response_id, used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def survey_codes(survey: Survey) -> list[AccessCode]:
    return list(
        db.session.scalars(
            select(AccessCode).where(AccessCode.survey_id == survey.id).order_by(AccessCode.id)
        )
    )
