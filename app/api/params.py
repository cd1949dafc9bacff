"""The parameters and replies that many of the API's operations share, for the document."""

from flask_babel import lazy_gettext as _l

from app.api.openapi import Param
from app.api.paging import DEFAULT_LIMIT, MAX_LIMIT, MAX_PAGE

SLUG = {"type": "string", "minLength": 1, "maxLength": 60}
# Any text but NUL, which no text column holds (app.core.params refuses it: 400).
TEXT = {"type": "string", "pattern": "^[^\\u0000]*$"}
ZONE = Param("zone_slug", "path", SLUG, _l("The zone's slug, as in its page's address."),
             example="kwidzyn")  # fmt: skip
SURVEY = Param("slug", "path", SLUG, _l("The survey's slug."),
               example="diagnoza-potrzeb-mieszkancow")  # fmt: skip
PAGE = Param(
    "page",
    "query",
    {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
    _l("The page, from 1; a page past the last one is empty."),
)
LIMIT = Param(
    "limit", "query",
    {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
    _l("Items per page."),
)  # fmt: skip
IF_NONE_MATCH = Param(
    "If-None-Match", "header", {"type": "string"},
    _l("The ETag of a copy you have: 304 with no body when it is still current."),
)  # fmt: skip
ETAG = {
    "ETag": {
        "description": _l("The reply's version (anonymous reads only)."),
        "schema": {"type": "string"},
    },
}
PAGE_HEADERS = ETAG | {
    "Link": {
        "description": _l('The next and previous pages: <…>; rel="next", <…>; rel="prev".'),
        "schema": {"type": "string"},
    },
}
NOT_MODIFIED = _l("Not modified: the copy with this ETag is current (no body).")
BAD_PARAMETER = _l("A query parameter is not what it may be (code bad_parameter).")
NOT_FOUND = _l("No such zone (or no such thing in it).")
BAD_TEXT = _l("A query value the API cannot use (a character no text can hold, a wrong parameter).")
