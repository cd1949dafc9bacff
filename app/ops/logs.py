"""Request ids and request logging: one line per request, plain text or JSON (LOG_FORMAT).

Every response carries `X-Request-ID`: the caller's own when it looks sane (a proxy or load
balancer that sets one can follow a request through), else a new one; every log line
written while a request is served names it, the tracebacks of 500s too. Only the path is
logged, never the query string (it may hold tokens).
"""

import logging
import re
import time
import uuid

from flask import Flask, Response, current_app, g, has_request_context, request
from flask.logging import default_handler, wsgi_errors_stream
from pythonjsonlogger.json import JsonFormatter

REQUEST_ID_HEADER = "X-Request-ID"
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
TEXT_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(message)s"
JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s"
# The load balancer's probes, every few seconds: logged at DEBUG when they pass.
HEALTH_ENDPOINTS = frozenset({"ops.healthz", "ops.readyz"})


def request_id() -> str:
    """This request's id: the incoming X-Request-ID if sane, else a new uuid4 (hex)."""
    if "request_id" not in g:
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = incoming if SANE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
    return g.request_id


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record: the request's, or "-" outside requests."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id() if has_request_context() else "-"
        return True


def formatter(log_format: str) -> logging.Formatter:
    if log_format == "json":
        return JsonFormatter(JSON_FIELDS, rename_fields={"levelname": "level", "asctime": "time"})
    return logging.Formatter(TEXT_FORMAT)


def init_logging(app: Flask) -> None:
    """The app's logger writes to the server's error stream (stderr under gunicorn) in
    LOG_FORMAT at LOG_LEVEL; request ids and the request log are hooked in first, so that
    they see every request, those stopped early (rate limits, HTTPS redirects) too."""
    logger = app.logger
    for handler in list(logger.handlers):
        if handler is default_handler or getattr(handler, "strefy", False):
            logger.removeHandler(handler)  # one handler, when tests create many apps
    handler = logging.StreamHandler(wsgi_errors_stream)
    handler.strefy = True
    handler.setFormatter(formatter(app.config["LOG_FORMAT"]))
    handler.addFilter(RequestIdFilter())
    logger.addHandler(handler)
    if not any(isinstance(f, RequestIdFilter) for f in logger.filters):
        logger.addFilter(RequestIdFilter())  # records seen by other handlers (pytest's) too
    logger.setLevel(app.config["LOG_LEVEL"])

    app.before_request_funcs.setdefault(None, []).insert(0, _start)
    app.after_request_funcs.setdefault(None, []).insert(0, _finish)


def _start() -> None:
    g.request_started = time.perf_counter()
    request_id()


def _finish(response: Response) -> Response:
    """After every response, errors included (after_request functions run last to first:
    this one, inserted first, sees the final status)."""
    response.headers[REQUEST_ID_HEADER] = request_id()
    started = g.get("request_started")
    duration_ms = round((time.perf_counter() - started) * 1000, 1) if started else None
    quiet = request.endpoint in HEALTH_ENDPOINTS and response.status_code == 200
    current_app.logger.log(
        logging.DEBUG if quiet else logging.INFO,
        "%s %s %s %sms",
        request.method,
        request.path,
        response.status_code,
        duration_ms,
        extra={
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": duration_ms,
        },
    )
    return response
