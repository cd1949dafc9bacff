"""Every list of the API comes in pages: `?page=` (from 1) and `?limit=` (1 to MAX_LIMIT,
DEFAULT_LIMIT when not given). A reply says where it is (`pagination`) and links the pages
around it (`links`, and a `Link` header with rel="next" and rel="prev"). A page past the
last one is an empty list, not an error: a list may shrink between two requests."""

from dataclasses import dataclass
from typing import Any

from flask import request, url_for
from flask_babel import gettext as _
from sqlalchemy import Select

from app.core.params import plain_int
from app.errors.handlers import api_error
from app.extensions import db

DEFAULT_LIMIT = 50
MAX_LIMIT = 100
MAX_PAGE = 100_000


class RefusedError(Exception):
    """A request the API refuses: `reply` is the error to send (see views' errorhandler)."""

    def __init__(self, reply):
        super().__init__()
        self.reply = reply


def whole_number(name: str, default: int, minimum: int, maximum: int) -> int:
    """The query parameter `name`, a whole number in [minimum, maximum]; `default` when it
    is not sent; RefusedError (400, naming it) when it is sent and is anything else."""
    if name not in request.args:
        return default
    number = plain_int(request.args[name], maximum)
    if number is not None and minimum <= number:
        return number
    message = _("Send %(name)s as a whole number from %(minimum)d to %(maximum)d.",
                name=name, minimum=minimum, maximum=maximum)  # fmt: skip
    raise RefusedError(api_error(400, message, code="bad_parameter", fields={name: message}))


@dataclass
class Page:
    items: list
    number: int
    limit: int
    total: int

    @property
    def pages(self) -> int:
        return -(-self.total // self.limit)

    def url(self, number: int) -> str:
        """This list's address at page `number`, keeping the other query parameters."""
        args = {k: v for k, v in request.args.items() if k != "page"}
        args |= request.view_args or {}
        if number > 1:
            args["page"] = number
        return url_for(request.endpoint, **args, _external=True)

    def body(self) -> dict[str, Any]:
        """`links` and `pagination` of the reply."""
        last = max(self.pages, 1)
        return {
            "links": {
                "self": self.url(self.number),
                "next": self.url(self.number + 1) if self.number < self.pages else None,
                "prev": self.url(min(self.number - 1, last)) if self.number > 1 else None,
            },
            "pagination": {
                "page": self.number, "pages": self.pages, "limit": self.limit,
                "total": self.total,
            },
        }  # fmt: skip

    def link_header(self) -> str | None:
        links = self.body()["links"]
        parts = [f'<{links[rel]}>; rel="{rel}"' for rel in ("next", "prev") if links[rel]]
        return ", ".join(parts) or None


def asked_page() -> tuple[int, int]:
    """The page number and the limit the request asks for (RefusedError when either is
    not a whole number in its range)."""
    return whole_number("page", 1, 1, MAX_PAGE), whole_number("limit", DEFAULT_LIMIT, 1, MAX_LIMIT)


def page_of(rows: Select | list) -> Page:
    """The page of `rows` (a query of scalars, or a list) that the request asks for."""
    number, limit = asked_page()
    if isinstance(rows, list):
        start = (number - 1) * limit
        return Page(rows[start : start + limit], number, limit, len(rows))
    found = db.paginate(rows, page=number, per_page=limit, max_per_page=MAX_LIMIT,
                        error_out=False, count=True)  # fmt: skip
    return Page(list(found.items), number, limit, found.total or 0)


def paged_reply(page: Page, **body):
    """The JSON reply for one page of a list: `body` with the page's links, and the
    `Link` header."""
    from flask import jsonify

    reply = jsonify(**body, **page.body())
    header = page.link_header()
    if header:
        reply.headers["Link"] = header
    return reply
