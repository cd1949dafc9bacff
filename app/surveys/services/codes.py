"""Single-use access codes for surveys of a closed group."""

import secrets

from sqlalchemy import select, update

from app.auth.models import User
from app.core.time import utcnow
from app.extensions import db
from app.surveys.models import (
    AccessCode,
    Response,
    Survey,
)
from app.surveys.services.lifecycle import change_setting


def code_of(response_id: int) -> AccessCode | None:
    """The access code a response was started or stored with, if any."""
    return db.session.scalar(select(AccessCode).where(AccessCode.response_id == response_id))


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
    return use_code_id(code_id, response.id)


def use_code_id(code_id: int, response_id: int) -> bool:
    result = db.session.execute(
        update(AccessCode)
        .where(AccessCode.id == code_id, AccessCode.response_id.is_(None))
        .values(response_id=response_id, used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def require_codes(survey: Survey, required: bool, by: User) -> None:
    """Let only people with an access code answer the survey, or everyone again (flushes;
    in the audit log when it changes)."""
    change_setting(survey, "requires_code", required, by)


def survey_codes(survey: Survey) -> list[AccessCode]:
    return list(
        db.session.scalars(
            select(AccessCode).where(AccessCode.survey_id == survey.id).order_by(AccessCode.id)
        )
    )
