"""Security policy and permission checks shared by every feature."""

import hashlib
import hmac
from collections.abc import Callable
from functools import wraps

from flask import Flask, Response, abort, current_app, g, request
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from app.database import database_unavailable
from app.extensions import db

PRIVATE = "private, no-store"


def csp_policy() -> dict:
    """Content-Security-Policy: only this origin, scripts only with the per-request nonce."""
    return {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }


def init_security(app: Flask) -> None:
    """Request-wide rules: private pages are never stored by browsers or proxies."""
    app.after_request(mark_private)


def mark_private(response: Response) -> Response:
    """`Cache-Control: private, no-store` on every response to a signed-in person and on
    every response of a route that needs a role; public assets keep their own caching."""
    if request.endpoint == "static" or response.cache_control.public:
        return response
    if g.get("private_route") or _maybe_signed_in():
        response.headers["Cache-Control"] = PRIVATE
    return response


def _maybe_signed_in() -> bool:
    """Whether the visitor is signed in; when that cannot be looked up (the database away,
    on a route that did not need it, such as choosing a language), assume so: the response
    is then kept private, and the visitor still gets it instead of an error."""
    try:
        return current_user.is_authenticated
    except SQLAlchemyError as error:
        if not database_unavailable(error):
            raise
        db.session.rollback()
        return True


def coordinator_required(view: Callable) -> Callable:
    """Allow only the network coordinator; anonymous visitors are sent to sign in."""
    return role_required(lambda user, **_: user.is_coordinator)(view)


def refuse() -> None:
    """Stop the request of a visitor without the right, the same way everywhere: anonymous
    visitors are asked to sign in (401 under /api/), signed-in ones get 403."""
    if not current_user.is_authenticated:
        if request.path.startswith("/api/"):
            abort(401)
        from app.extensions import login_manager

        abort(login_manager.unauthorized())
    abort(403)


def role_required(predicate: Callable[..., bool]) -> Callable:
    """Allow a signed-in user for whom `predicate(user, **view_kwargs)` holds; else
    `refuse()`. (Zone routes use `app.zones.access.zone_route`, which refuses alike.)"""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(**kwargs):
            g.private_route = True
            if not current_user.is_authenticated or not predicate(current_user, **kwargs):
                refuse()
            return view(**kwargs)

        return wrapped

    return decorator


def safe_local_path(target: str | None, default: str) -> str:
    """`target` if it is a path on this site, else `default` (no open redirects)."""
    if (
        not target
        or not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
        or any(ord(c) < 32 for c in target)
    ):
        return default
    return target


def keyed_hash(purpose: str, value: str) -> str:
    """HMAC-SHA256 of `value` for one purpose, keyed with SECRET_KEY: without the key it
    cannot be guessed back, and the hashes of one purpose cannot be joined to another's."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{purpose}\x00{value}".encode(), hashlib.sha256).hexdigest()


def address_hash(purpose: str) -> str:
    """The request's address (request.remote_addr), keyed-hashed for `purpose`: the raw IP
    is never stored."""
    return keyed_hash(purpose, request.remote_addr or "")
