"""Forms of the moderation pages: status changes, edits, merges, bulk acts."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from app.cafes.models import DESCRIPTION_MAX, NICKNAME_MAX, REASON_MAX, TITLE_MAX
from app.cafes.moderation import REASON_TEMPLATES, THEME_MAX, BulkAction


def reason_choices() -> list[SelectChoice]:
    return [SelectChoice("", _l("Own reason (write it below)"))] + [
        SelectChoice(t.key, t.label) for t in REASON_TEMPLATES.values()
    ]


def bulk_choices() -> list[SelectChoice]:
    return [SelectChoice("", _l("Choose an action"))] + [
        SelectChoice(a.value, a.label) for a in BulkAction
    ]


class ReasonMixin:
    # Checked by moderation.rejection_reason, and only when rejecting.
    reason_template = SelectField(_l("Reason"), choices=reason_choices, validate_choice=False)
    reason = TextAreaField(
        _l("Reason in your own words"),
        validators=[Optional(), Length(max=REASON_MAX)],
        description=_l("The author sees it. Leave empty to use the chosen reason's text."),
    )


class StatusForm(ReasonMixin, FlaskForm):
    """One idea's move along its lifecycle."""

    to = HiddenField(validators=[DataRequired()])
    next = HiddenField()
    # Sent by the idea's own page: after the decision, on to the next idea waiting.
    go_on = HiddenField()


class EditIdeaForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=TITLE_MAX)])
    description = TextAreaField(_l("Description"), validators=[Length(max=DESCRIPTION_MAX)])
    nickname = StringField(_l("Nickname"), validators=[Optional(), Length(max=NICKNAME_MAX)])
    themes = StringField(
        _l("Themes"),
        validators=[Length(max=20 * THEME_MAX)],
        description=_l("Separated by commas, e.g.: seniors, public space"),
    )
    save = SubmitField(_l("Save changes"))


class WithdrawSupportsForm(FlaskForm):
    """Ticked supports (fields named `support`) are withdrawn."""

    withdraw = SubmitField(_l("Withdraw the ticked supports"))
    supports_ok = SubmitField(_l("The supports look right: keep them"))


class ResolveReportsForm(FlaskForm):
    keep_hidden = BooleanField(_l("Keep the idea hidden from residents"))
    resolve = SubmitField(_l("Mark the reports as dealt with"))


class MergeForm(FlaskForm):
    target = RadioField(_l("Merge into"), coerce=int, validators=[InputRequired()])
    reason = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=REASON_MAX)])


class BulkForm(ReasonMixin, FlaskForm):
    """Ticked ideas (fields named `idea`) get one action."""

    action = SelectField(
        _l("With the ticked ideas"),
        choices=bulk_choices,
        validators=[DataRequired()],
    )
    theme = StringField(_l("Theme"), validators=[Optional(), Length(max=THEME_MAX)])
