"""Small pieces shared by every feature's forms."""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.widgets import TextInput


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
