from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.core.forms import strip
from app.dashboards.models import FINDING_FIGURE_MAX, FINDING_TEXT_MAX


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes; the template lays them out in a fieldset."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class FindingForm(FlaskForm):
    """A key finding; `question_keys.choices` are set by the view from the survey."""

    figure = StringField(
        _l("Figure (optional)"),
        filters=[strip],
        validators=[Optional(), Length(max=FINDING_FIGURE_MAX)],
        description=_l("Shown big above the finding, e.g. 68% or 1 in 3."),
    )
    text = TextAreaField(
        _l("Finding"),
        filters=[strip],
        validators=[
            DataRequired(_l("Write the finding.")),
            Length(max=FINDING_TEXT_MAX, message=_l("At most %(max)d characters.")),
        ],
        description=_l("One or two sentences, at most %(max)d characters.", max=FINDING_TEXT_MAX),
    )
    # Checked here, with our own message, rather than by WTForms' choice check.
    question_keys = CheckboxesField(_l("Based on the questions"), validate_choice=False)

    def validate_question_keys(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one question."))
        known = {choice.value for choice in field.iter_choices()}
        if any(key not in known for key in field.data):
            raise ValidationError(_l("Choose questions of this survey."))


class PublishTextsForm(FlaskForm):
    """The publishable checkboxes of a page of text answers (read from the request as ids)."""
