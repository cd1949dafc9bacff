"""The catalogue's one form: the programme themes of an entry."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget

from app.catalogue.models import ProgrammeTheme


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ThemesForm(FlaskForm):
    themes = MultiCheckboxField(
        _l("Themes"), choices=[SelectChoice(theme.value, theme.label) for theme in ProgrammeTheme]
    )
