"""Dates and times typed by hand: a browser without a picker shows a text box, and people in
Poland write "24.12.2026" and "18.30". Those are read like the pickers' ISO values; a value
that cannot be read is refused with the format to use, and stays in the box."""

from datetime import date, time

import pytest
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from wtforms.validators import DataRequired, Optional

from app.cafes.models import Cafe
from app.core.forms import LenientDateField, LenientTimeField
from app.extensions import db
from tests.cafes.factories import naive_utc


class MomentForm(FlaskForm):
    class Meta:
        csrf = False

    day = LenientDateField("Day", validators=[DataRequired()])
    at = LenientTimeField("At", validators=[Optional()])


def submitted(app, **data) -> MomentForm:
    with app.test_request_context("/", method="POST"):
        form = MomentForm(formdata=MultiDict(data))
        form.validate()
        return form


@pytest.mark.parametrize(
    "typed", ["2026-12-24", "24.12.2026", " 24.12.2026 ", "24.12.26", "24-12-2026", "24/12/2026"]
)
def test_a_day_in_iso_or_as_written_in_poland(app, typed):
    form = submitted(app, day=typed)
    assert form.errors == {} and form.day.data == date(2026, 12, 24)
    assert form.day._value() == "2026-12-24"  # what a date picker shows


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("18:30", time(18, 30)), ("18.30", time(18, 30)), ("8:05", time(8, 5)), ("18", time(18))],
)
def test_a_time_with_a_colon_or_a_dot(app, typed, expected):
    form = submitted(app, day="24.12.2026", at=typed)
    assert form.errors == {} and form.at.data == expected
    assert form.at._value() == expected.strftime("%H:%M")


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("day", "31.02.2026", "Wpisz datę w formacie DD.MM.RRRR, np. 24.12.2026."),
        ("day", "jutro", "Wpisz datę w formacie DD.MM.RRRR, np. 24.12.2026."),
        ("at", "25:00", "Wpisz godzinę w formacie GG:MM, np. 18:30."),
    ],
)
def test_a_value_that_cannot_be_read_names_the_format_and_is_kept(app, field, typed, message):
    form = submitted(app, **({"day": "24.12.2026"} | {field: typed}))
    # The format alone, not also "this field is required": something was typed.
    assert list(form.errors) == [field] and len(form.errors[field]) == 1
    assert message in form.errors[field][0]
    assert form[field]._value() == typed


def test_an_empty_optional_field_is_none_and_a_required_one_is_missing(app):
    form = submitted(app, day="", at="")
    assert form.at.data is None and "at" not in form.errors
    assert len(form.errors["day"]) == 1 and "DD.MM" not in form.errors["day"][0]


def test_the_cafe_form_takes_a_polish_date_and_time(login_as, post_form, zone):
    login_as("librarian")
    response = post_form(
        "/zones/kwidzyn/cafes/new",
        {"title": "Kawiarenka", "day": "15.01.2031", "starts": "18.00", "ends": "20.30",
         "question_1": "Co zrobić z placem?", "question_2": "Jak pomóc seniorom?"},
    )  # fmt: skip
    assert response.status_code == 302
    cafe = db.session.scalar(select(Cafe))
    assert cafe.starts_at == naive_utc(2031, 1, 15, 17, 0)  # 18:00 in Warsaw, winter
    assert cafe.ends_at == naive_utc(2031, 1, 15, 19, 30)


def test_a_bad_date_on_the_cafe_form_is_explained_in_polish_and_kept(login_as, post_form, zone):
    login_as("librarian")
    response = post_form(
        "/zones/kwidzyn/cafes/new",
        {"title": "Kawiarenka", "day": "15.13.2031", "starts": "18.00",
         "question_1": "Co zrobić z placem?", "question_2": "Jak pomóc seniorom?"},
    )  # fmt: skip
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Wpisz datę w formacie DD.MM.RRRR, np. 24.12.2026." in html
    assert 'value="15.13.2031"' in html
    assert 'value="18:00"' in html  # the time was read: shown as the picker expects
    assert db.session.scalar(select(Cafe)) is None


def test_a_survey_opens_until_a_polish_date(login_as, post_form, survey):
    login_as("librarian")
    survey.status = "draft"
    db.session.commit()
    response = post_form(
        "/zones/kwidzyn/surveys/proba/open",
        {"opens_at": "", "closes_at": "31.12.2099"},
        page="/zones/kwidzyn/surveys/proba/manage",
    )
    assert response.status_code == 302
    assert survey.status == "open"
    assert survey.closes_at == naive_utc(2099, 12, 31, 23, 0)  # the day's end in Warsaw
