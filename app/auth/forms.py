from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length
from wtforms.widgets import PasswordInput

from app.auth.models import Role
from app.core.forms import strip

PASSWORD_MIN_LENGTH = 10

# On the account forms a password typed once survives an error elsewhere on the form (a
# taken e-mail address): typing two long passwords again is what people then get wrong.
# The pages are never stored (private routes), and the sign-in form still forgets it.
KEEP_TYPED = PasswordInput(hide_value=False)


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        filters=[strip],
        validators=[DataRequired(), Length(max=254)],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )


class NewPasswordMixin:
    password = PasswordField(
        _l("New password"),
        widget=KEEP_TYPED,
        validators=[DataRequired(), Length(min=PASSWORD_MIN_LENGTH, max=200)],
        description=_l("At least %(count)d characters.", count=PASSWORD_MIN_LENGTH),
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        widget=KEEP_TYPED,
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )


class ChangePasswordForm(NewPasswordMixin, FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        widget=KEEP_TYPED,
        validators=[DataRequired(), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )


def language_choices() -> list[SelectChoice]:
    from app.i18n import LANGUAGE_NAMES

    return [SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()]


class InviteMixin:
    """A person invited by e-mail: they set their own first password by the link (nobody
    chooses a password for another person)."""

    name = StringField(
        _l("Full name"), filters=[strip], validators=[DataRequired(), Length(max=120)]
    )
    email = EmailField(
        _l("E-mail address"),
        filters=[strip],
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
    )
    language = SelectField(
        _l("Language of the e-mail"),
        choices=language_choices,
        validators=[DataRequired()],
    )


class EmailSettingsForm(FlaskForm):
    """The account page's e-mail settings (the view drops `digest` for non-librarians)."""

    language = SelectField(
        _l("Language of e-mails"), choices=language_choices, validators=[DataRequired()]
    )
    digest = BooleanField(
        _l("Daily digest"),
        description=_l(
            "Once a day, an e-mail when ideas wait for moderation or were reported, or a "
            "report was returned for changes, in your zones. Nothing is sent on a quiet day."
        ),
    )


class UserCreateForm(InviteMixin, FlaskForm):
    is_coordinator = BooleanField(_l("Network coordinator (sees and manages every zone)"))


class ZoneInviteForm(InviteMixin, FlaskForm):
    """A zone's invitation; the view gives the roles the inviter may give."""

    role = SelectField(_l("Role"), validators=[DataRequired(message=_l("Choose a role."))])


class UserEditForm(FlaskForm):
    name = StringField(
        _l("Full name"), filters=[strip], validators=[DataRequired(), Length(max=120)]
    )
    active = BooleanField(_l("Can sign in"))
    is_coordinator = BooleanField(_l("Network coordinator (sees and manages every zone)"))


class EraseAccountForm(FlaskForm):
    """The coordinator types the person's e-mail address: a checkbox is ticked without
    reading, and typing the address says which account goes (as good admin tools ask)."""

    email = StringField(
        _l("The person's e-mail address, to confirm"),
        filters=[strip],
        validators=[DataRequired(), Length(max=254)],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )


def _id_or_none(value) -> int | None:
    """A select's value as an id; the empty "choose…" option is None."""
    if value in (None, ""):
        return None
    return int(value)


def role_choices() -> list[SelectChoice]:
    return [SelectChoice("", _l("Choose a role"))] + [
        SelectChoice(role.value, role.label) for role in Role
    ]


class RoleForm(FlaskForm):
    """A role in a zone, with neither chosen in advance: a quick click must not give the
    first zone of the list. The view fills the zones (with the "choose" option first)."""

    zone = SelectField(
        _l("Zone"), coerce=_id_or_none, validators=[DataRequired(message=_l("Choose a zone."))]
    )
    role = SelectField(
        _l("Role"),
        choices=role_choices,
        default="",
        validators=[DataRequired(message=_l("Choose a role."))],
    )


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        filters=[strip],
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
        render_kw={"autocomplete": "email"},
    )


class SetPasswordForm(NewPasswordMixin, FlaskForm):
    """The password set by an e-mailed link: a reset, or an invitation's first password."""


class TwoFactorCodeForm(FlaskForm):
    """A code from the authenticator app (or, at sign-in, a recovery code)."""

    code = StringField(
        _l("Code from the app"),
        filters=[strip],
        validators=[DataRequired(), Length(max=20)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )


class SecondFactorCheckForm(FlaskForm):
    """Both factors again, before two-factor sign-in is turned off or its recovery codes are
    made anew: a signed-in browser left open is not enough (one form class, prefixed on the
    page for each use)."""

    password = PasswordField(
        _l("Your password"),
        validators=[DataRequired(), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )
    code = StringField(
        _l("Code from the app, or a recovery code"),
        filters=[strip],
        validators=[DataRequired(), Length(max=20)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )


class TwoFactorPolicyForm(FlaskForm):
    required = BooleanField(_l("Every staff account signs in with a code from an app"))
