"""Forms of adoption and uptake: adopting an entry into a zone (as a seed idea on a board or a
draft action of the plan), choosing the zone first when one runs several, and recording a
partner library's uptake. Choices that depend on the zone are filled by the view."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from app.cafes.models import TITLE_MAX as IDEA_TITLE_MAX
from app.catalogue.adoption import DESCRIPTION_MAX, NOTE_MAX, EntryKind
from app.core.forms import LenientDateField, strip
from app.plans.models import TITLE_MAX as ACTION_TITLE_MAX


class ZoneChoiceForm(FlaskForm):
    """Which of one's zones to adopt into (a GET form: it only opens the adopt form)."""

    class Meta:
        csrf = False

    zone = SelectField(_l("Adopt into the zone"), validators=[DataRequired()])


class AdoptForm(FlaskForm):
    copy_kind = RadioField(
        _l("Adopt it as"),
        choices=[
            SelectChoice(kind.value, kind.label) for kind in (EntryKind.IDEA, EntryKind.ACTION)
        ],
        validators=[InputRequired(_l("Choose how to adopt it."))],
    )
    board = SelectField(
        _l("Board"), coerce=int, validate_choice=False,
        description=_l("The table of one of your zone's cafés where the idea goes."),
    )  # fmt: skip
    title = StringField(
        _l("Title"), filters=[strip], validators=[DataRequired(), Length(max=ACTION_TITLE_MAX)]
    )
    description = TextAreaField(
        _l("Description"), filters=[strip], validators=[Length(max=DESCRIPTION_MAX)]
    )
    note = TextAreaField(
        _l("How you adapted it"), filters=[strip],
        validators=[
            DataRequired(_l("Say how you adapted it for your zone.")), Length(max=NOTE_MAX)
        ],
        description=_l(
            "What you changed for your town: who it is for, when, with whom. Other zones "
            "read it next to the original."
        ),
    )  # fmt: skip

    def __init__(self, *args, board_ids=(), can_idea=True, can_action=True, **kwargs):
        super().__init__(*args, **kwargs)
        self._board_ids = set(board_ids)
        self._allowed = {EntryKind.IDEA.value: can_idea, EntryKind.ACTION.value: can_action}

    def validate_copy_kind(self, field) -> None:
        if field.data and not self._allowed.get(field.data, False):
            raise ValidationError(
                _l("Your zone has no café board yet.")
                if field.data == EntryKind.IDEA
                else _l("Your zone has no plan yet.")
            )

    def validate_board(self, field) -> None:
        if self.copy_kind.data != EntryKind.IDEA:
            return
        # Only the zone's own boards: another zone's board id is an error, never a copy there.
        if field.data not in self._board_ids:
            raise ValidationError(_l("Choose one of your zone's boards."))

    def validate_title(self, field) -> None:
        if self.copy_kind.data == EntryKind.IDEA and len(field.data or "") > IDEA_TITLE_MAX:
            raise ValidationError(
                _l("An idea's title has at most %(max)d characters.", max=IDEA_TITLE_MAX)
            )


class UptakeForm(FlaskForm):
    partner = SelectField(
        _l("Partner library"), coerce=int, validate_choice=False,
        description=_l("One of your zone's partner libraries."),
    )  # fmt: skip
    taken_up_on = LenientDateField(_l("When"), validators=[DataRequired()])
    note = TextAreaField(
        _l("What they did with it"), filters=[strip],
        validators=[DataRequired(), Length(max=NOTE_MAX)],
    )  # fmt: skip

    def __init__(self, *args, partner_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._partner_ids = set(partner_ids)

    def validate_partner(self, field) -> None:
        if field.data not in self._partner_ids:
            raise ValidationError(_l("Choose one of your zone's partner libraries."))
