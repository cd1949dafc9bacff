"""Values from URLs, query strings and forms, read so that none reaches the database in a
form it cannot hold: integers beyond its INTEGER columns, NUL characters (PostgreSQL text
refuses them), lone surrogates (not encodable as UTF-8)."""

import re

from flask import Flask, current_app, request
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter, UnicodeConverter

# Ids and counts are INTEGER columns: 32 bits on PostgreSQL, where the ids are SERIAL.
DB_INT_MAX = 2**31 - 1
# Characters no text column can hold: NUL, and surrogates without their pair.
UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")
SURROGATES = re.compile(r"[\ud800-\udfff]")


class IdConverter(IntegerConverter):
    """`<int:…>` in every route: a number the database cannot hold matches nothing (404)."""

    def __init__(self, map, fixed_digits=0, min=None, max=DB_INT_MAX, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class TextConverter(UnicodeConverter):
    """`<…>` and `<string:…>`: a segment with a NUL or other control character matches
    nothing (404) instead of reaching a query."""

    def __init__(self, map, minlength=1, maxlength=None, length=None):  # noqa: A002
        super().__init__(map, minlength=minlength, maxlength=maxlength, length=length)
        self.regex = self.regex.replace("[^/]", r"[^/\x00-\x1f\x7f]")


class UnstorableText(BadRequest):
    """A query or form value with characters that cannot be stored; names the field."""

    def __init__(self, field: str):
        super().__init__()
        self.field = field

    @property
    def user_message(self) -> str:
        from flask_babel import gettext as _

        return _(
            "The field “%(field)s” contains characters that cannot be saved (such as a null "
            "character or a broken emoji). Go back, remove them and send it again.",
            field=self.field[:60],
        )


def init_params(app: Flask) -> None:
    """Bounded converters for every route (call before the blueprints are registered)."""
    app.url_map.converters["int"] = IdConverter
    app.url_map.converters["default"] = TextConverter
    app.url_map.converters["string"] = TextConverter
    app.before_request(refuse_unstorable_text)


def validates_text_itself(view):
    """Mark a view whose form refuses control characters itself, field by field, keeping
    what was typed: its form values are left to it (lone surrogates are still refused)."""
    view.validates_text = True
    return view


def refuse_unstorable_text() -> None:
    """400, naming the field, for any query or HTML form value the database cannot store."""
    view = current_app.view_functions.get(request.endpoint)
    in_form = SURROGATES if getattr(view, "validates_text", False) else UNSTORABLE
    checks = [(request.args, UNSTORABLE)]
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        checks.append((request.form, in_form))
    for values, pattern in checks:
        for name, value in values.items(multi=True):
            if pattern.search(name) or pattern.search(value):
                raise UnstorableText(UNSTORABLE.sub("?", name))


class BadParameter(BadRequest):
    """A query parameter that is not a number in its range; names the parameter."""

    def __init__(self, name: str):
        super().__init__()
        self.parameter = name

    @property
    def user_message(self) -> str:
        from flask_babel import gettext as _

        return _(
            "The address has a wrong value for “%(name)s”. Go back and follow the link again.",
            name=self.parameter,
        )


def int_arg(name: str, default: int | None = None, *, minimum: int = 0,
            maximum: int = DB_INT_MAX, strict: bool = False) -> int | None:  # fmt: skip
    """The query parameter `name` as an integer in [minimum, maximum]; `default` when it is
    missing, or when it is not a plain number in that range (then 400 if `strict`)."""
    value = request.args.get(name, "")
    number = plain_int(value, maximum)
    if number is not None and minimum <= number:
        return number
    if strict and value:
        raise BadParameter(name)
    return default


def int_list(values: list[str], *, maximum: int = DB_INT_MAX) -> list[int]:
    """Form values as ids: those that are plain numbers the database can hold."""
    return [number for value in values if (number := plain_int(value, maximum)) is not None]


def plain_int(value: str, maximum: int = DB_INT_MAX) -> int | None:
    """`value` as a whole number of ASCII digits up to `maximum`, else None ("²" and "٣"
    are digits to str.isdigit() but not to int()). The one reader of numbers in addresses:
    int_arg, int_list and the API's parameters use it."""
    if value.isascii() and value.isdigit() and len(value) <= len(str(maximum)):
        number = int(value)
        return number if number <= maximum else None
    return None
