from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from app.auth.models import Role
from app.core.forms import strip

PASSWORD_MIN_LENGTH = 10


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
        validators=[DataRequired(), Length(min=PASSWORD_MIN_LENGTH, max=200)],
        description=_l("At least %(count)d characters.", count=PASSWORD_MIN_LENGTH),
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )


class ChangePasswordForm(NewPasswordMixin, FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )


class UserCreateForm(NewPasswordMixin, FlaskForm):
    name = StringField(
        _l("Full name"), filters=[strip], validators=[DataRequired(), Length(max=120)]
    )
    email = EmailField(
        _l("E-mail address"),
        filters=[strip],
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
    )
    is_coordinator = BooleanField(_l("Network coordinator (sees and manages every zone)"))

    def validate_email(self, field):
        from app.auth.services import find_user

        if find_user(field.data) is not None:
            raise ValidationError(_l("An account with this e-mail address already exists."))


class UserEditForm(FlaskForm):
    name = StringField(
        _l("Full name"), filters=[strip], validators=[DataRequired(), Length(max=120)]
    )
    active = BooleanField(_l("Can sign in"))
    is_coordinator = BooleanField(_l("Network coordinator (sees and manages every zone)"))


class RoleForm(FlaskForm):
    zone = SelectField(_l("Zone"), coerce=int, validators=[DataRequired()])
    role = SelectField(
        _l("Role"),
        choices=[SelectChoice(role.value, role.label) for role in Role],
        validators=[DataRequired()],
    )
