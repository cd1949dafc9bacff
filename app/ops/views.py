"""The operator's routes: health checks for the load balancer.

`/healthz`: the process is up (no database access). `/readyz`: it can serve, its database
(and Redis, when one is configured) answering. Both are exempt from rate limits and from
the HTTPS redirect (load balancers probe over plain HTTP), set no cookie and are never
cached.
"""

import redis
from flask import Blueprint, current_app, g, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db, limiter, talisman

bp = Blueprint("ops", __name__)

PROBE_TIMEOUT_SECONDS = 2


def _probe_response(status: str, checks: dict | None = None, code: int = 200):
    # Marked private, the response is not stored, and the security hook does not look up
    # a signed-in person for it (which would take the database).
    g.private_route = True
    body = {"status": status} | ({"checks": checks} if checks is not None else {})
    return jsonify(body), code


@bp.get("/healthz")
@limiter.exempt
@talisman(force_https=False)
def healthz():
    """The process is up and serving requests."""
    return _probe_response("ok")


@bp.get("/readyz")
@limiter.exempt
@talisman(force_https=False)
def readyz():
    """200 when the database (and Redis, if configured) answer; 503 naming what did not."""
    checks = {"database": _check_database()}
    url = redis_url()
    if url:
        checks["redis"] = _check_redis(url)
    ready = all(result == "ok" for result in checks.values())
    return _probe_response("ok" if ready else "unavailable", checks, 200 if ready else 503)


def redis_url() -> str | None:
    """The Redis the app uses (REDIS_URL, which the rate limits' counters are kept in), or
    the limiter's storage when that was set to a Redis directly; None without Redis."""
    config = current_app.config
    url = config.get("REDIS_URL") or config.get("RATELIMIT_STORAGE_URI") or ""
    return url if url.startswith(("redis://", "rediss://", "unix://")) else None


def _check_database() -> str:
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        _log_failure("database", error)
        return "failed"
    return "ok"


def _check_redis(url: str) -> str:
    client = redis.Redis.from_url(
        url,
        socket_timeout=PROBE_TIMEOUT_SECONDS,
        socket_connect_timeout=PROBE_TIMEOUT_SECONDS,
    )
    try:
        client.ping()
    except redis.RedisError as error:
        _log_failure("redis", error)
        return "failed"
    finally:
        client.close()
    return "ok"


def _log_failure(name: str, error: Exception) -> None:
    # The error's class and first line: never the URL, which may hold a password.
    cause = getattr(error, "orig", None) or error
    first_line = str(cause).strip().splitlines()[0] if str(cause).strip() else ""
    current_app.logger.warning(
        "Not ready: %s failed (%s: %s)", name, type(cause).__name__, first_line
    )
