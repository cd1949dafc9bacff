"""Forms of the grant, the budget, the expenses, the contributions and the uploads."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from app.core.forms import LenientDateField, strip
from app.core.money import MoneyField
from app.plans.models import (
    NAME_MAX,
    PAID_SOURCES,
    SHORT_MAX,
    TITLE_MAX,
    CostCategory,
    FundSource,
)

QUANTITY_MAX = 1_000_000
HOURS_MAX = 100_000
NOTE_MAX = 2_000
NO_LINE = 0  # the select's value for "no line" / "no action"


class GrantForm(FlaskForm):
    funder = StringField(
        _l("Funder"), filters=[strip], validators=[DataRequired(), Length(max=NAME_MAX)]
    )
    programme = StringField(
        _l("Programme"), filters=[strip], validators=[DataRequired(), Length(max=NAME_MAX)]
    )
    contract_number = StringField(
        _l("Contract number"), filters=[strip], validators=[Length(max=SHORT_MAX)],
        description=_l("As on the signed contract, e.g. SI/12/2026."),
    )  # fmt: skip
    contract_date = LenientDateField(_l("Contract date"), validators=[Optional()])
    amount_awarded = MoneyField(_l("Amount awarded"), validators=[InputRequired()])
    starts_on = LenientDateField(_l("Grant period from"), validators=[Optional()])
    ends_on = LenientDateField(_l("Grant period to"), validators=[Optional()])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.starts_on.data and self.ends_on.data and self.ends_on.data < self.starts_on.data:
            self.ends_on.errors = [
                *self.ends_on.errors,
                _l("The period's end cannot come before its start."),
            ]
            return False
        return valid

    def fields(self) -> dict:
        return {
            "funder": self.funder.data,
            "programme": self.programme.data,
            "contract_number": self.contract_number.data or "",
            "contract_date": self.contract_date.data,
            "amount_awarded": self.amount_awarded.data,
            "starts_on": self.starts_on.data,
            "ends_on": self.ends_on.data,
        }


class BudgetLineForm(FlaskForm):
    action = SelectField(_l("Action"), coerce=int, default=NO_LINE)
    category = SelectField(
        _l("Cost category"),
        choices=[SelectChoice(c.value, c.label) for c in CostCategory],
        default=CostCategory.TASK.value,
    )
    description = StringField(
        _l("Description"), filters=[strip], validators=[DataRequired(), Length(max=TITLE_MAX)],
        description=_l("What is bought or paid for, e.g. \"Art materials for the workshops\"."),
    )  # fmt: skip
    quantity = IntegerField(
        _l("Quantity"), default=1,
        validators=[InputRequired(), NumberRange(min=1, max=QUANTITY_MAX)],
    )  # fmt: skip
    unit = StringField(
        _l("Unit"), filters=[strip], validators=[Length(max=SHORT_MAX)],
        description=_l("For example \"szt.\", \"godz.\", \"usł.\"."),
    )  # fmt: skip
    unit_cost = MoneyField(_l("Unit cost"))
    source = SelectField(
        _l("Source of funds"),
        choices=[SelectChoice(s.value, s.label) for s in FundSource],
        default=FundSource.GRANT.value,
    )

    def validate_unit_cost(self, field):
        # Volunteer work may leave it empty: the hourly rate is its unit cost.
        volunteer = self.source.data == FundSource.VOLUNTEER
        if field.data is None and not field.parse_error and not volunteer:
            raise ValidationError(_l("Enter the unit cost."))

    def fields(self) -> dict:
        return {
            "action_id": self.action.data or None,
            "category": self.category.data,
            "description": self.description.data,
            "quantity": self.quantity.data,
            "unit": self.unit.data or "",
            "unit_cost": self.unit_cost.data,
            "source": self.source.data,
        }


class ExpenseForm(FlaskForm):
    spent_on = LenientDateField(_l("Date"), validators=[DataRequired()])
    amount = MoneyField(_l("Amount"), allow_zero=False, validators=[InputRequired()])
    supplier = StringField(
        _l("Supplier"), filters=[strip], validators=[DataRequired(), Length(max=NAME_MAX)]
    )
    document_number = StringField(
        _l("Accounting document number"), filters=[strip],
        validators=[DataRequired(), Length(max=SHORT_MAX)],
        description=_l("The invoice's or bill's number, e.g. FV/123/2026."),
    )  # fmt: skip
    budget_line = SelectField(_l("Budget line"), coerce=int, validators=[DataRequired()])
    paid_from = RadioField(
        _l("Paid from"),
        choices=[SelectChoice(s.value, s.label) for s in PAID_SOURCES],
        default=FundSource.GRANT.value,
        validators=[InputRequired()],
    )
    note = TextAreaField(_l("Note (optional)"), filters=[strip], validators=[Length(max=NOTE_MAX)])
    receipt = FileField(
        _l("Receipt or invoice (optional)"),
        description=_l("A PDF, JPEG or PNG file, at most 5 MB."),
    )

    def fields(self) -> dict:
        return {
            "spent_on": self.spent_on.data,
            "amount": self.amount.data,
            "supplier": self.supplier.data,
            "document_number": self.document_number.data,
            "budget_line_id": self.budget_line.data,
            "paid_from": self.paid_from.data,
            "note": self.note.data or "",
        }


class ContributionForm(FlaskForm):
    kind = RadioField(
        _l("Kind"),
        choices=[
            SelectChoice(FundSource.VOLUNTEER.value, FundSource.VOLUNTEER.label),
            SelectChoice(FundSource.IN_KIND.value, FundSource.IN_KIND.label),
        ],
        default=FundSource.VOLUNTEER.value,
        validators=[InputRequired()],
    )
    given_on = LenientDateField(_l("Date"), validators=[DataRequired()])
    description = StringField(
        _l("Description"), filters=[strip], validators=[DataRequired(), Length(max=TITLE_MAX)],
        description=_l(
            'Who gave what, e.g. "Workshop run by a volunteer", "Room lent by the school".'
        ),
    )  # fmt: skip
    hours = IntegerField(
        _l("Hours (volunteer work)"), validators=[Optional(), NumberRange(min=1, max=HOURS_MAX)]
    )
    value = MoneyField(_l("Valuation (in-kind contribution)"), allow_zero=False)
    budget_line = SelectField(_l("Budget line (optional)"), coerce=int, default=NO_LINE)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.kind.data == FundSource.VOLUNTEER and self.hours.data is None:
            if not self.hours.errors:
                self.hours.errors = [_l("Enter the hours of volunteer work.")]
            return False
        if self.kind.data == FundSource.IN_KIND and self.value.data is None:
            if not self.value.errors:
                self.value.errors = [_l("Enter the contribution's valuation.")]
            return False
        return valid

    def fields(self) -> dict:
        volunteer = self.kind.data == FundSource.VOLUNTEER
        return {
            "kind": self.kind.data,
            "given_on": self.given_on.data,
            "description": self.description.data,
            "hours": self.hours.data if volunteer else None,
            "value": None if volunteer else self.value.data,
            "budget_line_id": self.budget_line.data or None,
        }


class PhotoForm(FlaskForm):
    photo = FileField(
        _l("Photo"),
        description=_l(
            "A JPEG or PNG photo, at most 5 MB. Its location and camera data are removed."
        ),
    )
