"""Money (app.core.money): exact grosze, read as Polish people type amounts, shown in the
reader's locale."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from wtforms import Form

from app.core.money import (
    MAX_GROSZE,
    MoneyError,
    MoneyField,
    format_money,
    money_input,
    parse_money,
)

AMOUNTS = st.integers(min_value=0, max_value=MAX_GROSZE)


@pytest.mark.parametrize(
    ("typed", "grosze"),
    [
        ("1 234,56", 123456),
        ("1234,56 zł", 123456),
        ("1234.56", 123456),
        ("1.234,56", 123456),
        ("PLN 1,234.56", 123456),
        ("10 000,00 zł", 1_000_000),
        ("10\u00a0000 zł", 1_000_000),
        ("0,5", 50),
        ("12", 1200),
        ("12 zl", 1200),
    ],
)
def test_what_polish_people_type_is_read_as_the_amount(typed, grosze):
    assert parse_money(typed) == grosze


@pytest.mark.parametrize("typed", ["1,234", "1.234", "12,345"])
def test_an_ambiguous_amount_is_refused_with_how_to_write_it(app, typed):
    with app.test_request_context(), pytest.raises(MoneyError) as refused:
        parse_money(typed)
    assert "1234,56" in str(refused.value)


@pytest.mark.parametrize("typed", ["", "abc", "-5", "1 23", "12,3,4", "1e5", "∞"])
def test_what_is_not_an_amount_is_refused(app, typed):
    with app.test_request_context(), pytest.raises(MoneyError):
        parse_money(typed)


def test_amounts_are_shown_in_the_readers_locale():
    assert format_money(1_000_000, "pl") == "10\u00a0000,00\u00a0zł"
    assert format_money(123456, "en") == "PLN\u00a01,234.56"


@given(AMOUNTS, st.sampled_from(["pl", "en"]))
def test_every_amount_formatted_reads_back_as_the_same_amount(grosze, locale):
    assert parse_money(format_money(grosze, locale)) == grosze
    assert parse_money(money_input(grosze, locale)) == grosze


class _Form(Form):
    amount = MoneyField()


def test_the_field_keeps_what_was_typed_when_it_cannot_be_read(app):
    from werkzeug.datastructures import MultiDict

    with app.test_request_context():
        form = _Form(MultiDict({"amount": "1,234"}))
        assert not form.validate()
        assert form.amount.data is None
        assert form.amount._value() == "1,234"
        assert form.amount.errors
        form = _Form(MultiDict({"amount": "1 234,56 zł"}))
        assert form.validate()
        assert form.amount.data == 123456
