from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField
from wtforms.validators import DataRequired, NumberRange, Optional, ValidationError

from app.core.forms import LenientDateField


class CreateSurveyForm(FlaskForm):
    template = SelectField(_l("Template"), validators=[DataRequired()])


def _utc(day: date | None, *, end_of_day: bool) -> datetime | None:
    """A calendar day in the zone's time zone, as naive UTC (the start or end of that day)."""
    if day is None:
        return None
    local = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    moment = datetime.combine(day + timedelta(days=1) if end_of_day else day, time(), local)
    return moment.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


class OpenSurveyForm(FlaskForm):
    opens_at = LenientDateField(
        _l("Open from"), validators=[Optional()],
        description=_l("Leave empty to open it now."),
    )  # fmt: skip
    closes_at = LenientDateField(
        _l("Open until (inclusive)"), validators=[Optional()],
        description=_l("Leave empty to keep it open until you close it."),
    )  # fmt: skip
    allow_repeat = BooleanField(
        _l("Let the same device answer more than once"),
        description=_l("For a shared computer. Library tablets in kiosk mode always may."),
    )

    def validate_closes_at(self, field):
        if field.data and self.opens_at.data and field.data < self.opens_at.data:
            raise ValidationError(_l("The closing date is before the opening date."))

    def opens_at_utc(self) -> datetime | None:
        return _utc(self.opens_at.data, end_of_day=False)

    def closes_at_utc(self) -> datetime | None:
        return _utc(self.closes_at.data, end_of_day=True)


class GenerateCodesForm(FlaskForm):
    count = IntegerField(
        _l("How many codes"),
        validators=[DataRequired(), NumberRange(min=1, max=500)],
        description=_l("One per person; from 1 to 500 at a time."),
    )


class CodeSettingForm(FlaskForm):
    requires_code = BooleanField(_l("Only people with an access code can answer"))
