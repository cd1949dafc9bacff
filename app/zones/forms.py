from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError

from app.core.forms import strip
from app.zones.services import SLUG_PATTERN, slug_taken


class ZoneDetailsForm(FlaskForm):
    library_name = StringField(
        _l("Library"),
        filters=[strip],
        validators=[DataRequired(), Length(max=200)],
        description=_l("The library's full name, e.g. Biblioteka Miejsko-Powiatowa w Kwidzynie."),
    )
    town = StringField(_l("Town"), filters=[strip], validators=[DataRequired(), Length(max=100)])
    region = StringField(
        _l("Voivodeship"), filters=[strip], validators=[Optional(), Length(max=60)]
    )
    population = IntegerField(
        _l("Population"),
        validators=[Optional(), NumberRange(min=1, max=10_000_000)],
        description=_l("Number of residents of the town or commune."),
    )
    is_pilot = BooleanField(_l("Pilot zone"))
    description = TextAreaField(
        _l("About the zone"),
        filters=[strip],
        validators=[Optional(), Length(max=4000)],
        description=_l("A few sentences for residents: what the zone does and how to join in."),
    )


class ZoneCreateForm(ZoneDetailsForm):
    slug = StringField(
        _l("Address (slug)"),
        filters=[strip],
        validators=[
            DataRequired(),
            Length(min=2, max=60),
            Regexp(
                SLUG_PATTERN,
                message=_l("Use lower-case letters without Polish characters, digits and hyphens."),
            ),
        ],
        description=_l("Part of the zone's web address, e.g. kwidzyn. It cannot change later."),
    )

    def validate_slug(self, field):
        if slug_taken(field.data):
            raise ValidationError(_l("Another zone already uses this address."))
