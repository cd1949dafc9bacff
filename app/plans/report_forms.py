"""Forms of the progress reports: a new report's period, the librarian's words (one field
per action and indicator, built for the plan), and the coordinator's return."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.core.forms import LenientDateField, strip
from app.plans.models import Attachment, Plan, ReportKind
from app.plans.reports import EXPLAIN_BELOW, STATEMENTS, TEXT_MAX


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ReportNewForm(FlaskForm):
    kind = SelectField(
        _l("Kind of report"),
        choices=[SelectChoice(kind.value, kind.label) for kind in ReportKind],
        default=ReportKind.PARTIAL.value,
    )
    period_start = LenientDateField(_l("Period from"), validators=[DataRequired()])
    period_end = LenientDateField(_l("Period to"), validators=[DataRequired()])
    due_on = LenientDateField(
        _l("Due date (optional)"), validators=[Optional()],
        description=_l("When the funder expects the report."),
    )  # fmt: skip

    def validate_period_end(self, field):
        if self.period_start.data and field.data and field.data < self.period_start.data:
            raise ValidationError(_l("The period must end on or after the day it starts."))


class ReturnForm(FlaskForm):
    comment = TextAreaField(
        _l("What needs changing"), filters=[strip],
        validators=[DataRequired(_l("Say what the library should change.")),
                    Length(max=TEXT_MAX)],
    )  # fmt: skip


def _text(label, description=None):
    return TextAreaField(
        label, filters=[strip], validators=[Length(max=TEXT_MAX)], description=description
    )


def report_texts_form(plan: Plan, photos: list[Attachment], **kwargs) -> FlaskForm:
    """The report's words for this plan: per action (what was achieved, participants,
    what lasts), per indicator (the explanation), and Part III."""

    class ReportTextsForm(FlaskForm):
        additional = _text(_l("Additional information"))
        statements = MultiCheckboxField(
            _l("The library's statements"),
            choices=[SelectChoice(key, label) for key, label in STATEMENTS.items()],
        )
        photo_ids = MultiCheckboxField(_l("Photos"), coerce=int, choices=[])

    for action in plan.actions:
        setattr(
            ReportTextsForm, f"a{action.id}_achieved",
            _text(_l("What was achieved"), _l("The results, in a few sentences.")),
        )  # fmt: skip
        setattr(
            ReportTextsForm, f"a{action.id}_participants",
            IntegerField(_l("Participants reached"), validators=[
                Optional(), NumberRange(min=0, max=10_000_000,
                                        message=_l("Enter a whole number, 0 or more."))]),
        )  # fmt: skip
        setattr(
            ReportTextsForm, f"a{action.id}_lasting",
            _text(_l("What lasts after the grant")),
        )  # fmt: skip
        for indicator in action.indicators:
            setattr(
                ReportTextsForm, f"i{indicator.id}_explanation",
                _text(_l("Why it reached less than planned")),
            )  # fmt: skip
    form = ReportTextsForm(**kwargs)
    for action in plan.actions:
        for indicator in action.indicators:
            hint = _(
                "%(name)s: planned %(target)s, achieved %(achieved)s.",
                name=indicator.name, target=indicator.target,
                achieved=indicator.achieved if indicator.achieved is not None else "—",
            )  # fmt: skip
            reached = indicator.reached_share
            if indicator.target and (reached is None or reached < EXPLAIN_BELOW):
                hint += " " + _(
                    "Below %(share)s%% of the target: an explanation is required.",
                    share=EXPLAIN_BELOW,
                )
            form[f"i{indicator.id}_explanation"].description = hint
    form.photo_ids.choices = [
        SelectChoice(photo.id, photo.original_name or str(photo.id)) for photo in photos
    ]
    return form


def texts_from_form(form: FlaskForm, plan: Plan) -> dict:
    """The report's `texts` from a validated form."""
    actions, indicators = {}, {}
    for action in plan.actions:
        actions[str(action.id)] = {
            "achieved": form[f"a{action.id}_achieved"].data or "",
            "participants": form[f"a{action.id}_participants"].data,
            "lasting": form[f"a{action.id}_lasting"].data or "",
        }
        for indicator in action.indicators:
            indicators[str(indicator.id)] = form[f"i{indicator.id}_explanation"].data or ""
    return {
        "actions": actions,
        "indicators": indicators,
        "additional": form.additional.data or "",
        "statements": [key for key in form.statements.data or [] if key in STATEMENTS],
    }


def form_data_from_texts(texts: dict, photo_ids: list[int]) -> dict:
    """A saved report's words as the form's initial data."""
    data = {
        "additional": texts.get("additional", ""),
        "statements": texts.get("statements", []),
        "photo_ids": photo_ids,
    }
    for action_id, words in texts.get("actions", {}).items():
        data[f"a{action_id}_achieved"] = words.get("achieved", "")
        data[f"a{action_id}_participants"] = words.get("participants")
        data[f"a{action_id}_lasting"] = words.get("lasting", "")
    for indicator_id, words in texts.get("indicators", {}).items():
        data[f"i{indicator_id}_explanation"] = words
    return data
