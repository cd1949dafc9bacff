from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import (
    AnyOf,
    DataRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from app.core.forms import WholeNumberField, strip
from app.zones.privacy import NOTICE_MAX
from app.zones.services import SLUG_MAX_LENGTH, SLUG_PATTERN, VOIVODESHIPS, slug_taken, suggest_slug


def voivodeship_choices() -> list[SelectChoice]:
    # The names are Polish in every language of the page: lang="pl" tells screen readers.
    return [SelectChoice("", _l("Choose the voivodeship"))] + [
        SelectChoice(name, name, render_kw={"lang": "pl"}) for name in VOIVODESHIPS
    ]


class ZoneDetailsForm(FlaskForm):
    library_name = StringField(
        _l("Library"),
        filters=[strip],
        validators=[DataRequired(), Length(max=200)],
        description=_l("The library's full name, e.g. Biblioteka Miejsko-Powiatowa w Kwidzynie."),
    )
    town = StringField(_l("Town"), filters=[strip], validators=[DataRequired(), Length(max=100)])
    region = SelectField(
        _l("Voivodeship"),
        choices=voivodeship_choices,
        validate_choice=False,  # AnyOf says it in words
        validators=[
            Optional(),
            AnyOf(VOIVODESHIPS, message=_l("Choose one of the sixteen voivodeships.")),
        ],
    )
    population = WholeNumberField(
        _l("Population"),
        validators=[Optional(), NumberRange(min=1, max=10_000_000)],
        description=_l("Number of residents of the town or commune, e.g. 15 000."),
    )
    is_pilot = BooleanField(_l("Pilot zone"))
    description = TextAreaField(
        _l("About the zone"),
        filters=[strip],
        validators=[Optional(), Length(max=4000)],
        description=_l("A few sentences for residents: what the zone does and how to join in."),
    )


class PrivacyNoticeForm(FlaskForm):
    privacy_controller = StringField(
        _l("Data controller"),
        filters=[strip],
        validators=[Optional(), Length(max=300)],
        description=_l("Left empty, the zone's library is the controller."),
    )
    privacy_address = StringField(
        _l("Controller's address"),
        filters=[strip],
        validators=[Optional(), Length(max=300)],
        description=_l(
            "Street, postcode and town, e.g. ul. Braterstwa Narodów 55, 82-500 Kwidzyn."
        ),
    )
    privacy_dpo = StringField(
        _l("Data protection officer's contact"),
        filters=[strip],
        validators=[Optional(), Length(max=300)],
        description=_l("An e-mail address or phone number, e.g. iod@biblioteka.kwidzyn.pl."),
    )
    privacy_notice = TextAreaField(
        _l("Notice text"),
        filters=[strip],
        validators=[Optional(), Length(max=NOTICE_MAX)],
        description=_l(
            "Start from the default text and change what differs in your library. An empty "
            "line starts a paragraph, ## a heading, and - a list item. Left as the default, "
            "residents read it in their language."
        ),
        render_kw={"rows": 24},
    )


class ZoneCreateForm(ZoneDetailsForm):
    slug = StringField(
        _l("Address (slug)"),
        filters=[strip],
        validators=[
            Optional(),
            Length(min=2, max=SLUG_MAX_LENGTH),
            Regexp(
                SLUG_PATTERN,
                message=_l("Use lower-case letters without Polish characters, digits and hyphens."),
            ),
        ],
        description=_l(
            "Part of the zone's web address, e.g. kwidzyn. Left empty, it is made from the "
            "town's name. It cannot change later."
        ),
        render_kw={"autocapitalize": "none", "autocomplete": "off", "spellcheck": "false"},
    )

    def validate_slug(self, field):
        if field.data and slug_taken(field.data):
            raise ValidationError(
                _l(
                    "Another zone already uses this address. %(free)s is free.",
                    free=suggest_slug(field.data),
                )
            )
