"""The one way to page a list: Flask-SQLAlchemy's pagination, read from `?page=` with the
one integer reader, and links that keep every other query parameter (filters, sorting)."""

from flask import request, url_for
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

from app.core.params import int_arg
from app.extensions import db


def paginate(query: Select, per_page: int, *, page: int | None = None) -> Pagination:
    """One page of `query`'s rows (scalars), `per_page` to a page, from `page` or `?page=`:
    a `?page=` that is not a whole number from 1 gets a 400 naming it; a page past the last
    shows the last one (lists shrink while a librarian works through them)."""
    number = page if page is not None else int_arg("page", 1, minimum=1, strict=True)
    found = db.paginate(query, page=number, per_page=per_page, max_per_page=per_page,
                        error_out=False)  # fmt: skip
    if number > 1 and number > found.pages:
        found = db.paginate(query, page=max(1, found.pages), per_page=per_page,
                            max_per_page=per_page, error_out=False)  # fmt: skip
    return found


def page_url(number: int, endpoint: str | None = None, **values) -> str:
    """This page's address (or `endpoint`'s) at page `number`, keeping the query's other
    parameters; page 1 has no `?page=` (one address per page)."""
    args = {k: v for k, v in request.args.items(multi=False) if k != "page"}
    if endpoint is None:
        args.update(request.view_args or {})
    args.update(values)
    if number > 1:
        args["page"] = number
    return url_for(endpoint or request.endpoint, **args)
