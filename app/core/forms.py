"""Small pieces shared by every feature's forms."""

from flask_wtf import FlaskForm


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
