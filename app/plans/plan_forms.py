"""Forms of the plan's own pages: the plan, its goals, partners, actions, milestones and
indicators. Choices that depend on the zone (findings, ideas, owners) are filled by the view."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from app.core.forms import LenientDateField, strip
from app.plans.models import (
    NAME_MAX,
    REASON_MAX,
    SHORT_MAX,
    TITLE_MAX,
    ActionStatus,
    PartnerKind,
)

DEFAULT_TITLE = "Plan rozwoju Strefy Innowacji"
YEARS = NumberRange(min=2000, max=2100)
COUNT = NumberRange(min=0, max=1_000_000_000)  # fits an INTEGER column everywhere


def local_today():
    """Today in the zones' time zone."""
    return datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PlanForm(FlaskForm):
    title = StringField(
        _l("Title"), filters=[strip], validators=[DataRequired(), Length(max=TITLE_MAX)],
        default=DEFAULT_TITLE,
    )  # fmt: skip
    start_year = IntegerField(_l("First year"), validators=[InputRequired(), YEARS])
    end_year = IntegerField(_l("Last year"), validators=[InputRequired(), YEARS])
    vision = TextAreaField(
        _l("Vision"), filters=[strip], validators=[Length(max=5000)],
        description=_l("What the zone should be like at the end of the plan, in a few sentences."),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.start_year.data is None and not self.is_submitted():
            self.start_year.data = local_today().year
            self.end_year.data = self.start_year.data + 1

    def validate_end_year(self, field):
        start = self.start_year.data
        if start is not None and field.data is not None and field.data < start:
            raise ValidationError(_l("The last year cannot be before the first year."))


class GoalForm(FlaskForm):
    title = StringField(
        _l("Goal"), filters=[strip], validators=[DataRequired(), Length(max=TITLE_MAX)]
    )
    description = TextAreaField(
        _l("Description (optional)"), filters=[strip], validators=[Length(max=5000)]
    )
    findings = MultiCheckboxField(_l("What the survey found behind this goal"), coerce=int)


class PartnerForm(FlaskForm):
    name = StringField(
        _l("Name"), filters=[strip], validators=[DataRequired(), Length(max=NAME_MAX)]
    )
    kind = SelectField(
        _l("Kind"),
        choices=[SelectChoice(k.value, k.label) for k in PartnerKind],
        default=PartnerKind.NGO.value,
    )
    note = StringField(
        _l("Note (optional)"), filters=[strip], validators=[Length(max=REASON_MAX)],
        description=_l("For example: who to call there."),
    )  # fmt: skip


class ActionEditForm(FlaskForm):
    title = StringField(
        _l("Title"), filters=[strip], validators=[DataRequired(), Length(max=TITLE_MAX)]
    )
    description = TextAreaField(_l("Description"), filters=[strip], validators=[Length(max=10000)])
    goal = SelectField(_l("Goal"), coerce=int, validators=[Optional()])
    owner = SelectField(
        _l("Who is in charge"),
        description=_l("A person of the zone team or one of the zone's partners."),
    )
    starts_on = LenientDateField(_l("Start date (optional)"), validators=[Optional()])
    ends_on = LenientDateField(_l("End date (optional)"), validators=[Optional()])
    progress_set = IntegerField(
        _l("Progress in per cent (optional)"),
        validators=[Optional(), NumberRange(min=0, max=100)],
        description=_l("From 0 to 100. Leave empty to compute it from the milestones reached."),
    )
    findings = MultiCheckboxField(_l("What the survey found behind this action"), coerce=int)
    ideas = MultiCheckboxField(_l("Residents' ideas this action carries out"), coerce=int)

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The end date cannot be before the start date."))

    def owner_ids(self) -> tuple[int | None, int | None]:
        """(user id, partner id) of the chosen owner: at most one."""
        kind, _sep, number = (self.owner.data or "").partition("-")
        if not number.isdigit():
            return None, None
        return (int(number), None) if kind == "user" else (None, int(number))


class StatusForm(FlaskForm):
    status = SelectField(
        _l("Status"), choices=[SelectChoice(s.value, s.label) for s in ActionStatus],
        validators=[DataRequired()],
    )  # fmt: skip
    reason = TextAreaField(
        _l("Why it is dropped"), filters=[strip], validators=[Length(max=REASON_MAX)],
        description=_l("Needed only when the action is dropped; residents read it."),
    )  # fmt: skip


class MilestoneForm(FlaskForm):
    title = StringField(
        _l("Milestone"), filters=[strip], validators=[DataRequired(), Length(max=TITLE_MAX)]
    )
    due_on = LenientDateField(_l("Due date"), validators=[DataRequired()])
    done_on = LenientDateField(_l("Date reached (optional)"), validators=[Optional()])
    note = TextAreaField(_l("Note (optional)"), filters=[strip], validators=[Length(max=5000)])


class IndicatorForm(FlaskForm):
    name = StringField(
        _l("Indicator"), filters=[strip], validators=[DataRequired(), Length(max=TITLE_MAX)],
        description=_l("For example: participants per meeting."),
    )  # fmt: skip
    unit = StringField(
        _l("Unit (optional)"), filters=[strip], validators=[Length(max=SHORT_MAX)],
        description=_l("For example: people."),
    )  # fmt: skip
    target = IntegerField(_l("Target"), validators=[InputRequired(), COUNT])
    achieved = IntegerField(_l("Achieved so far (optional)"), validators=[Optional(), COUNT])
    source = StringField(
        _l("Where the figure comes from (optional)"), filters=[strip],
        validators=[Length(max=TITLE_MAX)], description=_l("For example: attendance lists."),
    )  # fmt: skip
