"""Residents' forms on a board: an idea, a report. Text is kept exactly as typed; what
cannot be kept (control characters, NUL) is refused with a message, never stripped."""

import unicodedata
import uuid

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.cafes.models import DESCRIPTION_MAX, NICKNAME_MAX, TITLE_MAX, ReportReason


class NoControlCharacters:
    """Refuse control characters (NUL, escape, bell...), which no keyboard types and
    PostgreSQL cannot always store; `allowed` ones (a text area's tab and newline) pass."""

    def __init__(self, allowed: str = ""):
        self.allowed = set(allowed)

    def __call__(self, form, field):
        if any(unicodedata.category(c) == "Cc" and c not in self.allowed for c in field.data or ""):
            raise ValidationError(
                _l("This contains invisible control characters. Please type it again.")
            )


def _unix_newlines(text: str | None) -> str | None:
    # Browsers send a text area's line breaks as CRLF, but count them as one character
    # (maxlength): so do we, and store the line breaks the way they were typed.
    return text.replace("\r\n", "\n").replace("\r", "\n") if text else text


class IdeaForm(FlaskForm):
    title = StringField(
        _l("Your idea in a few words"),
        validators=[
            DataRequired(_l("Give your idea a title.")),
            Length(max=TITLE_MAX, message=_l("At most %(max)d characters.")),
            NoControlCharacters(),
        ],
        description=_l("At most %(max)d characters.", max=TITLE_MAX),
    )
    description = TextAreaField(
        _l("Tell us more (optional)"),
        filters=[_unix_newlines],
        validators=[
            Optional(),
            Length(max=DESCRIPTION_MAX, message=_l("At most %(max)d characters.")),
            NoControlCharacters(allowed="\t\n"),
        ],
        description=_l("What should happen, for whom, where? At most %(max)d characters.",
                       max=DESCRIPTION_MAX),
    )  # fmt: skip
    nickname = StringField(
        _l("Your first name or nickname (optional)"),
        validators=[
            Optional(),
            Length(max=NICKNAME_MAX, message=_l("At most %(max)d characters.")),
            NoControlCharacters(),
        ],
        description=_l("Shown with your idea. Leave it empty to post anonymously."),
    )
    # The honeypot: in a container with the `hidden` attribute, so people (with or without
    # a screen reader, keyboard or mouse) never reach it; naive bots fill every field.
    website = StringField(_l("Leave this empty"))
    # A new random key each time the form is shown, sent back with it: a retry of the same
    # form (the reply was lost, a second tap) stores the idea once (post_idea).
    key = HiddenField(default=lambda: str(uuid.uuid4()))

    def idempotency_key(self) -> str | None:
        """The form's key if it is a UUID (as the form gave it), else None (no replays)."""
        try:
            return str(uuid.UUID((self.key.data or "").strip()))
        except ValueError:
            return None


def report_reasons() -> list[SelectChoice]:
    return [SelectChoice(r.value, r.label) for r in ReportReason]


class ReportForm(FlaskForm):
    reason = RadioField(
        _l("What is wrong with this idea?"),
        choices=report_reasons,
        validators=[DataRequired(_l("Choose a reason."))],
    )


class WithdrawIdeaForm(FlaskForm):
    """The author's confirmation that the idea is to be withdrawn (its CSRF token only)."""
