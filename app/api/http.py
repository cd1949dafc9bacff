"""What makes the API's public replies cheap to read again and readable from any web page.

- ETag: every 200 JSON reply to an anonymous GET gets a strong ETag, the hash of its body
  (results: of the body without `computed_at`, which changes every second), and
  `If-None-Match` with it is answered 304 with no body. `Cache-Control: public, max-age=60`:
  proxies may keep it a minute. Replies to a signed-in person (staff figures) are never
  stored (`private, no-store`, app.core.security.mark_private) and have no ETag.
- CORS: anonymous GETs (and HEAD, and their preflight) under /api/v1/ may be read from any
  origin, never with credentials: `Access-Control-Allow-Origin: *`, with which browsers send
  no cookies. The submission endpoint has no CORS at all: a page on another site cannot
  make a browser send it (the preflight fails), which is why the API needs no CSRF token
  (app.register_blueprints).
"""

import hashlib
import json

from flask import Flask, Response, g, request
from flask_cors import CORS
from flask_login import current_user

PUBLIC_CACHE = "public, max-age=60"
# Every path under /api/v1/ but the submission of responses.
CORS_PATHS = r"^/api/v1/(?!zones/[^/]+/surveys/[^/]+/responses$).*"


def init_http(app: Flask) -> None:
    CORS(
        app,
        resources={CORS_PATHS: {"origins": "*"}},
        methods=["GET", "HEAD", "OPTIONS"],
        supports_credentials=False,
        send_wildcard=True,  # "*", not the caller's origin: no credentials, ever
        expose_headers=["ETag", "Link"],
        max_age=600,
        vary_header=False,
    )


def etag_basis(data: dict) -> None:
    """Hash `data` (what the reply says that matters) for the ETag, instead of the body."""
    g.etag_basis = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)


def public_caching(response: Response) -> Response:
    """After every API request: ETag, 304 and public caching for anonymous reads."""
    if (
        request.method not in ("GET", "HEAD")
        or response.status_code != 200
        or response.mimetype != "application/json"
        or current_user.is_authenticated
        or g.get("private_route")
    ):
        return response
    basis = g.get("etag_basis")
    data = basis.encode() if basis is not None else response.get_data()
    response.set_etag(hashlib.sha256(data).hexdigest()[:32])
    response.headers["Cache-Control"] = PUBLIC_CACHE
    response.vary.add("Cookie")
    return response.make_conditional(request)
