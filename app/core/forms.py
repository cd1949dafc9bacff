"""Small pieces shared by every feature's forms."""

import re
from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, IntegerField
from wtforms.widgets import DateInput, TextInput, TimeInput


class ActionForm(FlaskForm):
    """A form of buttons only (open, close, publish, delete…): nothing but its CSRF token.
    Its template is `button_form` in _forms.html."""


def strip(value):
    """WTForms filter: drop surrounding white space so that blank input counts as missing."""
    return value.strip() if isinstance(value, str) else value


def field_attrs(field) -> dict:
    """HTML attributes that tie a field to its hint and error message (for screen readers)."""
    described = []
    if field.description:
        described.append(f"{field.id}-hint")
    if field.errors:
        described.append(f"{field.id}-error")
    attrs = {}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return attrs


# Dates and times typed by hand. A browser with a date or time picker sends ISO ("2026-12-24",
# "18:30"); one that shows a plain text box gets what people write in Poland: "24.12.2026",
# "18.30". Both are read; what was typed stays in the box when it cannot be.
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%d-%m-%Y", "%d/%m/%Y")
TIME_FORMATS = ("%H:%M", "%H.%M", "%H:%M:%S", "%H")


class _LenientMoment(Field):
    """A date, time or both, read in any of `formats` and shown in the first (the one the
    input type expects). A value that cannot be read gets `message` (which names the format
    to use) and no other: "this field is required" would wrongly say nothing was typed."""

    formats: tuple[str, ...] = ()
    message = ""

    def _convert(self, moment: datetime):
        return moment

    def _value(self) -> str:
        if self.data is not None:
            return self.data.strftime(self.formats[0])
        return " ".join(self.raw_data) if self.raw_data else ""

    def process_formdata(self, valuelist) -> None:
        if not valuelist:
            return
        text = " ".join(str(value) for value in valuelist).strip()
        self.data = None
        if not text:
            return
        text = " ".join(text.split())
        for format_ in self.formats:
            try:
                # A wall-clock time in the zone's time zone: the form converts it to UTC.
                self.data = self._convert(datetime.strptime(text, format_))  # noqa: DTZ007
                return
            except ValueError:
                continue
        raise ValueError(str(self.message))

    def validate(self, form, extra_validators=()) -> bool:
        if self.process_errors:
            self.errors = list(self.process_errors)
            return False
        return super().validate(form, extra_validators)


class LenientDateField(_LenientMoment):
    """A day: `<input type=date>`, or "24.12.2026" typed in a text box."""

    widget = DateInput()
    formats = DATE_FORMATS
    message = _l("Type the date as DD.MM.YYYY, for example 24.12.2026.")

    def _convert(self, moment: datetime) -> date:
        return moment.date()


class LenientTimeField(_LenientMoment):
    """A time of day: `<input type=time>`, or "18:30" or "18.30" typed in a text box."""

    widget = TimeInput()
    formats = TIME_FORMATS
    message = _l("Type the time as HH:MM, for example 18:30.")

    def _convert(self, moment: datetime) -> time:
        return moment.time()


# Thousands as people write them: "15 000" (a space, a no-break or a narrow no-break space,
# as Word and the Polish locale print them), "15.000", or "15000".
_WHOLE_NUMBER = re.compile(r"\d+|\d{1,3}(?:([ \u00a0\u202f\u2009.])\d{3})(?:\1\d{3})*")


class WholeNumberField(IntegerField):
    """A whole number typed with or without thousands separators ("15 000", "15.000").

    A text box with the numeric keyboard, not <input type=number>: browsers refuse the space
    there, and some drop the whole value silently. What was typed is shown again on an error.
    """

    widget = TextInput()

    def __init__(self, *args, render_kw=None, **kwargs):
        render_kw = {"inputmode": "numeric", "autocomplete": "off"} | (render_kw or {})
        super().__init__(*args, render_kw=render_kw, **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = valuelist[0].strip()
        if not text:
            self.data = None
            return
        if not _WHOLE_NUMBER.fullmatch(text):
            self.data = None
            raise ValueError(_l("Enter a whole number, e.g. 15 000."))
        self.data = int(re.sub(r"\D", "", text))

    def post_validate(self, form, validation_stopped):
        # A number that could not be read needs one message, not also "must be between".
        if self.process_errors:
            self.errors[:] = list(self.process_errors)
