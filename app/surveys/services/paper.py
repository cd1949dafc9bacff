"""Paper questionnaires after they were typed in: found again, corrected, withdrawn (each in
the audit log)."""

from typing import Any

from sqlalchemy import delete, false, select

from app.audit.services import CHANGED, forget_values, record
from app.auth.models import User
from app.extensions import db
from app.surveys.models import (
    Answer,
    Channel,
    Response,
    ResponseStatus,
    Survey,
)
from app.surveys.services.submissions import (
    admit,
    answer_rows,
    check_all,
    store_answers,
    submission_digest,
    submit_response,
)


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
    # Which answers changed, not what they were or became: they are the resident's.
    questions = {*before, *clean}
    changed = sum(1 for q in questions if before.get(q) != clean.get(q))
    record(
        "response.correct", "response", response.id, actor_id=librarian.id,
        zone_id=survey.zone_id, after={CHANGED: ["answers"], "answers_changed": changed},
    )  # fmt: skip
    db.session.flush()


def withdraw_paper_response(response: Response, librarian: User) -> None:
    """Take a paper questionnaire back: it no longer counts anywhere (its answers are
    deleted, and the audit log does not keep them); the row stays as withdrawn (flushes)."""
    survey = response.survey
    admit(survey, Channel.PAPER, address=None, entered_by=librarian)
    db.session.execute(delete(Answer).where(Answer.response_id == response.id))
    record(
        "response.withdraw", "response", response.id, actor_id=librarian.id,
        zone_id=survey.zone_id, before={"status": response.status},
        after={"status": ResponseStatus.WITHDRAWN.value, CHANGED: ["answers"]},
    )  # fmt: skip
    response.status = ResponseStatus.WITHDRAWN.value
    db.session.flush()


def enter_paper_response(
    survey: Survey, raw: dict[str, Any], entry_key: str, librarian: User
) -> int:
    """Store a paper questionnaire a librarian typed in, once per entry form (`entry_key`: a
    second press of "Save" stores nothing new); its id. SubmissionError as for any response."""
    digest = submission_digest(raw, Channel.PAPER)
    stored, _new = submit_response(
        survey, raw, Channel.PAPER, f"paper-{entry_key}", digest, entered_by=librarian
    )
    return stored.id


def forget_answers_in_audit() -> int:
    """Drop residents' answers from the entries written before the audit log stopped
    keeping them (`flask purge`); how many entries changed (flushes)."""
    actions = ("response.correct", "response.withdraw")
    return forget_values("response", None, {"answers"}, actions)
