"""Money: exact amounts in grosze (integers), read as Polish people type them and shown in the
reader's locale.

Nothing in the app holds an amount as a float: the database keeps whole grosze
(BigInteger), services add integers, the API sends grosze as integers with their PLN text.
`parse_money` reads "1 234,56", "1234,56 zł", "1234.56", "1.234,56" and "PLN 1,234.56";
it refuses what could mean two amounts ("1,234": one złoty and 23.4 grosze, or 1234 zł?)
with a message that shows how to write it. `format_money` writes "10 000,00 zł" in Polish
and "PLN 10,000.00" in English.
"""

import re
from decimal import Decimal

from babel.numbers import format_currency
from flask import has_request_context
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import StringField

CURRENCY = "PLN"
GROSZE = 100  # in a złoty
# The most any amount may be (a sanity wall, far above a zone's budget): 100 million zł.
MAX_GROSZE = 100_000_000 * GROSZE

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
_CURRENCY_WORDS = re.compile(r"^(pln)|(zł|zl|pln)\.?$", re.IGNORECASE)
# The accepted shapes, after spaces are normalised to one plain space:
_PLAIN = re.compile(r"^(\d+)(?:[.,](\d{1,2}))?$")  # 1234 · 1234,5 · 1234.56
_SPACED = re.compile(r"^(\d{1,3}(?: \d{3})+)(?:[.,](\d{1,2}))?$")  # 1 234,56
_DOT_GROUPS = re.compile(r"^(\d{1,3}(?:\.\d{3})+),(\d{1,2})$")  # 1.234,56
_COMMA_GROUPS = re.compile(r"^(\d{1,3}(?:,\d{3})+)\.(\d{1,2})$")  # 1,234.56


class MoneyError(ValueError):
    """An amount that cannot be read; its message says how to write it, in the reader's
    language."""


def _example() -> str:
    return _l('Write the amount in złoty, e.g. "1234,56" or "1 234,56 zł".')


def parse_money(text: str, *, allow_zero: bool = True) -> int:
    """The amount `text` names, in grosze. Raises MoneyError (with a message for the form)
    for an empty, negative, malformed or ambiguous amount."""
    raw = (text or "").strip()
    raw = _SPACES.sub(" ", raw).strip()
    raw = _CURRENCY_WORDS.sub("", raw).strip()
    raw = _CURRENCY_WORDS.sub("", raw).strip()  # "PLN 12 zł" is odd but unambiguous
    if not raw:
        raise MoneyError(_l("Enter an amount.") + " " + _example())
    if raw.startswith("-"):
        raise MoneyError(_l("An amount cannot be negative."))
    if re.fullmatch(r"\d+[.,]\d{3,}", raw):
        raise MoneyError(
            _l(
                '"%(text)s" could mean two different amounts: a comma or a dot starts the '
                "grosze, which have two digits.",
                text=raw,
            )
            + " "
            + _example()
        )
    for pattern, group_separator in (
        (_PLAIN, ""),
        (_SPACED, " "),
        (_DOT_GROUPS, "."),
        (_COMMA_GROUPS, ","),
    ):
        match = pattern.match(raw)
        if match:
            whole = match.group(1).replace(group_separator, "") if group_separator else match[1]
            fraction = (match.group(2) or "").ljust(2, "0")
            grosze = int(whole) * GROSZE + int(fraction or 0)
            break
    else:
        raise MoneyError(_l('"%(text)s" is not an amount.', text=raw[:40]) + " " + _example())
    if grosze > MAX_GROSZE:
        raise MoneyError(_l("That amount is too large."))
    if not allow_zero and grosze == 0:
        raise MoneyError(_l("The amount must be more than zero."))
    return grosze


def _locale() -> str:
    return str(get_locale()) if has_request_context() else "pl"


def format_money(grosze: int | None, locale: str | None = None) -> str:
    """An amount as its reader writes it: "10 000,00 zł" (pl), "PLN 10,000.00" (en)."""
    if grosze is None:
        return ""
    text = format_currency(
        Decimal(grosze) / GROSZE, CURRENCY, locale=locale or _locale(), currency_digits=True
    )
    # English writes "PLN1,234.56": a (no-break) space reads better and parses the same.
    return re.sub(r"^(-?)PLN(?=\d)", "\\1PLN\u00a0", text)


def money_input(grosze: int | None, locale: str | None = None) -> str:
    """An amount as a form field shows it for editing: "1234,56" (pl), "1234.56" (en); it
    reads back as the same amount."""
    if grosze is None:
        return ""
    whole, fraction = divmod(grosze, GROSZE)
    separator = "," if (locale or _locale()) == "pl" else "."
    return f"{whole}{separator}{fraction:02d}"


def share(part: int, whole: int) -> Decimal | None:
    """`part` as a percentage of `whole`, exact to a tenth of a per cent (None for 0)."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


class MoneyField(StringField):
    """A text field of an amount in złoty: `data` is whole grosze (int) or None; what was
    typed stays in the field when it cannot be read, with the reason as its error."""

    def __init__(self, label=None, validators=None, allow_zero=True, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.allow_zero = allow_zero
        self.parse_error: str | None = None

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return money_input(self.data) if isinstance(self.data, int) else ""

    def process_formdata(self, valuelist):
        self.parse_error = None
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = parse_money(valuelist[0], allow_zero=self.allow_zero)
        except MoneyError as error:
            self.data = None
            self.parse_error = str(error)
            raise ValueError(str(error)) from None
