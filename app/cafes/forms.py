"""Forms for planning a café and typing in its paper cards."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.cafes.models import DESCRIPTION_MAX, QUESTION_MAX
from app.cafes.services import MAX_BOARDS, MIN_BOARDS
from app.core.forms import LenientDateField, LenientTimeField

CAFE_TITLE_MAX = 200
PLACE_MAX = 200
ROUNDS = range(1, 10)


def local_to_utc(day: date, moment: time) -> datetime:
    """A wall-clock time in the zone's time zone on `day`, as naive UTC."""
    local = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    aware = datetime.combine(day, moment.replace(tzinfo=None), local)
    return aware.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def utc_to_local(moment: datetime) -> datetime:
    """Naive UTC as a naive wall-clock time in the zone's time zone."""
    local = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return moment.replace(tzinfo=ZoneInfo("UTC")).astimezone(local).replace(tzinfo=None)


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class CafeForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=CAFE_TITLE_MAX)])
    day = LenientDateField(_l("Date"), validators=[DataRequired()])
    starts = LenientTimeField(
        _l("Start time"), validators=[DataRequired()], description=_l("For example 18:00.")
    )
    ends = LenientTimeField(_l("End time (optional)"), validators=[Optional()])
    place = StringField(
        _l("Place"), validators=[Length(max=PLACE_MAX)],
        description=_l("For example: the library's reading room, 1st floor."),
    )  # fmt: skip
    description = TextAreaField(
        _l("Short description"), validators=[Length(max=DESCRIPTION_MAX)],
        description=_l("What the evening is about and who is welcome."),
    )  # fmt: skip
    findings = MultiCheckboxField(_l("Survey findings that motivated it (optional)"), coerce=int)

    def validate_ends(self, field):
        if field.data and self.starts.data and field.data <= self.starts.data:
            raise ValidationError(_l("The end time must be after the start time."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if len([q for q in self.questions() if q]) < MIN_BOARDS:
            self.question_1.errors = [
                *self.question_1.errors,
                _l("Give at least %(num)s table questions.", num=MIN_BOARDS),
            ]
            return False
        return valid

    def question_fields(self) -> list:
        return [self[f"question_{n}"] for n in range(1, MAX_BOARDS + 1)]

    def questions(self) -> list[str]:
        """Every table's question as typed (empty for no board), table 1 first."""
        return [(f.data or "").strip() for f in self.question_fields()]

    def starts_at_utc(self) -> datetime:
        return local_to_utc(self.day.data, self.starts.data)

    def ends_at_utc(self) -> datetime | None:
        return local_to_utc(self.day.data, self.ends.data) if self.ends.data else None

    def fill_from(self, cafe) -> None:
        """Put a café's details into the form (for editing)."""
        starts = utc_to_local(cafe.starts_at)
        self.title.data, self.place.data = cafe.title, cafe.place
        self.description.data = cafe.description
        self.day.data, self.starts.data = starts.date(), starts.time()
        self.ends.data = utc_to_local(cafe.ends_at).time() if cafe.ends_at else None
        self.findings.data = [f.id for f in cafe.findings]
        by_position = {b.position: b.question for b in cafe.boards}
        for n, f in enumerate(self.question_fields(), start=1):
            f.data = by_position.get(n, "")


for _n in range(1, MAX_BOARDS + 1):
    setattr(
        CafeForm,
        f"question_{_n}",
        StringField(
            _l("Table %(number)s question", number=_n),
            validators=[Optional(), Length(max=QUESTION_MAX)],
        ),
    )


class CardForm(FlaskForm):
    round = SelectField(
        _l("Round"), coerce=int, choices=[SelectChoice(n, str(n)) for n in ROUNDS],
        validators=[DataRequired()],
    )  # fmt: skip
    board = SelectField(_l("Table"), coerce=int, validators=[DataRequired()])
    text = TextAreaField(
        _l("Card text"), validators=[DataRequired(), Length(max=DESCRIPTION_MAX)],
        description=_l(
            "As written on the card. Its first line becomes the idea's title, the rest its "
            "description."
        ),
    )  # fmt: skip
