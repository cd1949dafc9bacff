"""Residents answering on the web: a response started on a device (or a kiosk), resumed,
kept section by section, and completed exactly once."""

import secrets
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app.core.security import address_hash
from app.core.time import utcnow
from app.extensions import db
from app.surveys.answers import check, might_apply, other_key, prune, section_applies
from app.surveys.models import (
    Channel,
    Response,
    ResponseStatus,
    Survey,
)
from app.surveys.schema import SurveyTemplate
from app.surveys.services.codes import use_code
from app.surveys.services.submissions import SubmissionError, admit, answer_rows, store_answers


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


def unfinished_response(survey: Survey, token: str | None) -> Response | None:
    """The survey's unfinished response with this token, if any (never a 404)."""
    if not token:
        return None
    return db.session.scalar(
        select(Response).where(
            Response.survey_id == survey.id,
            Response.token == token,
            Response.status == ResponseStatus.IN_PROGRESS,
        )
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

    With `partial` (going back, switching the language), what is valid is kept as on paper
    (a ranking begun, an "other" still without its text) and errors are not reported: the
    section is checked in full when it is sent.
    """
    template = response.survey.template
    section = template.sections[step]
    draft = dict(response.draft)
    for question in section.questions:  # this section's earlier answers are replaced
        draft.pop(question.key, None)
        draft.pop(other_key(question), None)
    clean, errors = check(section.questions, raw, draft, paper=partial)
    draft.update(clean)
    if partial or not errors:
        response.draft = prune(template, draft)
        if not errors and not partial:
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


def begin_response(
    survey: Survey,
    channel: Channel,
    device: str,
    *,
    access_code: str = "",
    address: str | None = None,
) -> Response | None:
    """A resident presses "Start" on `device` (its hash): the response to go on with (new,
    or the device's unfinished one), or None when this device has already answered a survey
    that takes one response per device. On a shared tablet (kiosk) nobody resumes someone
    else's answers and every start is a new response. SubmissionError when the access rule
    refuses (flushes; roll back then)."""
    existing = device_response(survey, device)
    if channel is Channel.KIOSK:
        device, existing = None, None
    elif (
        existing is not None
        and existing.status == ResponseStatus.COMPLETE
        and not survey.allow_repeat
    ):
        return None
    resuming = existing is not None and existing.status == ResponseStatus.IN_PROGRESS
    code_id = admit(
        survey, channel, address=address, access_code=access_code,
        response_id=existing.id if resuming else None,
    )  # fmt: skip
    response = start_response(survey, device, channel)
    if code_id is not None and not use_code(code_id, response):
        raise SubmissionError({"access_code": _("This access code is wrong or used.")})
    return response


@dataclass(frozen=True)
class Next:
    """Where a resident goes after sending a section: another section (`step`), the survey's
    first page (`step` None), the thanks (`done`); with `errors` the same page again."""

    step: int | None = None
    done: bool = False
    errors: dict[str, str] = field(default_factory=dict)


def submit_section(
    response: Response, step: int, raw: dict[str, Any], *, back: bool = False,
    stay: bool = False, address: str | None = None,
) -> Next:  # fmt: skip
    """A section sent by a resident: kept, and where to go next (flushes). Going `back`,
    or staying on the page (`stay`: to see it in another language), keeps what is valid
    and reports nothing; after the last section the response is completed
    (SubmissionError when the access rule refuses: the section stays kept)."""
    template = response.survey.template
    if back or stay:
        save_section(response, step, raw, partial=True)
        return Next(step=step if stay else previous_step(template, response.draft, step))
    errors = save_section(response, step, raw)
    if errors:
        return Next(step=step, errors=errors)
    following = next_step(template, response.draft, step)
    if following is None:
        following = missing_answers(response)
    if following is not None:
        return Next(step=following)
    complete_response(response, address=address)
    return Next(done=True)


def progress(template: SurveyTemplate, answers: dict, step: int) -> tuple[int, int]:
    """(this section's place, how many sections) among those that may apply to the answers."""
    applicable = [
        i for i, s in enumerate(template.sections) if i == step or might_apply(s, answers)
    ]
    return (applicable.index(step) + 1 if step in applicable else 1), len(applicable)


def step_to_show(response: Response, step: int) -> int:
    """The section to show when a resident asks for `step`: that one, unless it is beyond
    where they have got (then that point) or does not apply to their answers (then the next
    one that does)."""
    template = response.survey.template
    if step >= len(template.sections) or step > response.step:
        return response.step
    if not section_applies(template.sections[step], response.draft):
        following = next_step(template, response.draft, step)
        return following if following is not None else response.step
    return step
