"""Reading JSON request bodies for every API route that takes one, safely.

Whatever a client sends, it gets a clear 4xx, never a 500 and never a stored broken string:
not JSON (or NaN, Infinity, a number too large for a float) -> 400; nested deeper than any
body of this API -> 400; a lone UTF-16 surrogate in any key or string, which no database
can store as text -> 422 naming where it is.
"""

import json
import math
from typing import Any

from flask import g, request
from flask_babel import gettext as _

from app.core.text import has_lone_surrogate
from app.errors.handlers import api_error

MAX_DEPTH = 8  # a response is {"answers": {key: [option, …]}}: three levels
BODY_METHODS = ("POST", "PUT", "PATCH")


class BodyError(Exception):
    """A body that cannot be used: the reply to send."""

    def __init__(self, reply):
        super().__init__()
        self.reply = reply


def read_body() -> Any:
    """The request's JSON body, checked as this module says; BodyError otherwise."""
    if not request.is_json:
        raise BodyError(
            api_error(415, _("Send the body as JSON (Content-Type: application/json)."))
        )
    try:
        body = json.loads(
            request.get_data(cache=True), parse_float=_finite, parse_constant=_no_constant
        )
    except (ValueError, RecursionError):  # RecursionError: nested thousands of levels deep
        raise BodyError(
            api_error(400, _("The body is not valid JSON."), code="invalid_json")
        ) from None
    if _depth(body) > MAX_DEPTH:
        raise BodyError(
            api_error(400, _("The body is nested too deeply (at most %(n)d levels).",
                             n=MAX_DEPTH), code="too_deep")
        )  # fmt: skip
    broken = _broken_text(body, "")
    if broken is not None:
        message = _("This text holds a character that is not valid Unicode (a lone surrogate).")
        raise BodyError(
            api_error(422, _("This text cannot be stored: see fields."), code="invalid_text",
                      fields={broken or "body": message})
        )  # fmt: skip
    return body


def json_body() -> Any:
    """The body read by `check_json_body` for this request."""
    return g.json_body


def check_json_body():
    """Before every API request with a body: read it once, or reply with the error."""
    if request.method not in BODY_METHODS:
        return None
    try:
        g.json_body = read_body()
    except BodyError as error:
        return error.reply
    return None


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):  # 1e999 parses as infinity
        raise ValueError(text)
    return number


def _no_constant(name: str):
    raise ValueError(name)  # NaN, Infinity, -Infinity: not JSON


def _depth(value: Any) -> int:
    """How deeply `value` nests lists and objects (iteratively: no recursion to exhaust)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if level <= MAX_DEPTH:
                children = item.values() if isinstance(item, dict) else item
                stack.extend((child, level + 1) for child in children)
    return deepest


def _broken_text(value: Any, path: str) -> str | None:
    """The path ("answers.pomysl", "answers.gdzie_spotkania[1]") of the first key or string
    holding a lone surrogate, or None. Depth is checked before, so recursion is bounded."""
    if isinstance(value, str):
        return path if has_lone_surrogate(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            here = f"{path}.{_printable(key)}" if path else _printable(key)
            if has_lone_surrogate(key):
                return here
            found = _broken_text(item, here)
            if found is not None:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _broken_text(item, f"{path}[{index}]")
            if found is not None:
                return found
    return None


def _printable(key: str) -> str:
    """A key as an error may name it: lone surrogates replaced, at most 60 characters."""
    return key.encode("utf-8", "replace").decode("utf-8")[:60]
