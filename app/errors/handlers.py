"""Error pages in the visitor's language, as HTML or, under /api/, as JSON.

The API's one error dialect (documented in the README):
`{"error": {"status": 422, "code": "invalid", "message": "…", "fields": {"key": "…"}}}`:
`code` is for programs and never translated, `message` is in the reader's language, and
`fields` appears only when particular fields are wrong.
"""

from contextlib import suppress

from flask import current_app, g, jsonify, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException, InternalServerError

from app.database import database_unavailable, unavailable_cause
from app.errors import bp
from app.extensions import db, login_manager

MESSAGES = {
    400: (
        _l("Bad request"),
        _l("The page could not understand what was sent. Go back and try again."),
    ),
    403: (
        _l("No access"),
        _l("Your account does not allow you to see this page."),
    ),
    404: (
        _l("Page not found"),
        _l("There is no page at this address. It may have moved, or the link may be mistyped."),
    ),
    405: (
        _l("Not allowed"),
        _l("This page cannot be used this way."),
    ),
    413: (
        _l("Too much data"),
        _l("What you sent is too large. Send a smaller file or shorter text."),
    ),
    429: (
        _l("Too many attempts"),
        _l("Too many attempts in a short time. Wait a minute and try again."),
    ),
    500: (
        _l("Something went wrong"),
        _l("Something went wrong on our side. Nothing you entered has been lost; try again later."),
    ),
    503: (
        _l("Unavailable for a moment"),
        _l(
            "The Innovation Zones are unavailable for a moment. Try again in a minute. If you "
            "were sending a form, send it again then: it has not been saved."
        ),
    ),
}
# Machine-readable codes of the API's errors, by status (an error may name a narrower one).
CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "rate_limited",
    500: "server_error",
    503: "unavailable",
}
# How long to tell browsers and API clients to wait when the database is away (seconds).
RETRY_AFTER_SECONDS = 30
CSRF_MESSAGE = _l(
    "The form has expired or was sent from another page. Go back, reload the page and send it "
    "again."
)


def _words(status: int) -> tuple:
    return MESSAGES.get(status, MESSAGES[500] if status >= 500 else MESSAGES[400])


def api_error(status: int, message=None, *, code: str | None = None, fields: dict | None = None):
    """The API's one error response (see the module's docstring): a JSON body and `status`."""
    error = {
        "status": status,
        "code": code or CODES.get(status, "server_error" if status >= 500 else "bad_request"),
        "message": str(message or _words(status)[1]),
    }
    if fields:
        error["fields"] = {key: str(text) for key, text in fields.items()}
    return make_response(jsonify(error=error), status)


def render_error(status: int, message=None, *, fields: dict | None = None):
    """The error page for `status`: HTML, or under /api/ the API's JSON dialect."""
    if request.path.startswith("/api/"):
        return api_error(status, message, fields=fields)
    title, default_message = _words(status)
    body = render_template(
        "errors/error.html", status=status, title=title, message=message or default_message
    )
    return make_response(body, status)


@bp.app_errorhandler(CSRFError)
def csrf_error(_error):
    return render_error(400, CSRF_MESSAGE)


@bp.app_errorhandler(HTTPException)
def http_error(error: HTTPException):
    if error.code is None or error.code < 400:
        return error
    # An exception may carry a message for the visitor (e.g. which field to correct).
    message = getattr(error, "user_message", None)
    if isinstance(error, RateLimitExceeded) and error.limit.error_message:
        message = error.description
    response = render_error(error.code, message)
    if error.code == 405 and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


@bp.app_errorhandler(InternalServerError)
def internal_error(_error):
    db.session.rollback()
    return render_error(500)


@bp.app_errorhandler(OperationalError)
@bp.app_errorhandler(InterfaceError)
@bp.app_errorhandler(DisconnectionError)
def database_error(error: Exception):
    """The database cannot be reached: 503 and a time to retry, one warning in the log
    (no traceback: nothing in the app is wrong). Other database errors stay 500s."""
    if not database_unavailable(error):
        raise error
    with suppress(SQLAlchemyError):  # a connection that is gone has nothing to roll back
        db.session.rollback()
    # Who is signed in cannot be looked up now: the page is shown as to a visitor. The zone
    # a zone route loaded is expired by the rollback: the page must not read it again (its
    # footer would, and fail a second time, now as a 500).
    g._login_user = login_manager.anonymous_user()
    g.pop("zone", None)
    current_app.logger.warning("Database unavailable (%s)", unavailable_cause(error))
    response = render_error(503)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
