"""Site-wide pages: the language switch and the favicon; and, in
`zone_page`, the pages composed from several features."""

from flask import current_app, redirect, request, send_from_directory, url_for

from app.core.security import safe_local_path
from app.main import bp, programme, work, zone_page  # noqa: F401  (their routes)

ONE_YEAR = 365 * 24 * 3600
ONE_WEEK = 7 * 24 * 3600


@bp.get("/language/<code>")
def language(code: str):
    """Remember the chosen language in a cookie and go back to the page the visitor was on."""
    target = safe_local_path(request.args.get("next"), url_for("zones.index"))
    response = redirect(target)
    if code in current_app.config["LANGUAGES"]:
        response.set_cookie(
            current_app.config["LANGUAGE_COOKIE"],
            code,
            max_age=ONE_YEAR,
            httponly=True,
            samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
    return response


@bp.get("/favicon.ico")
def favicon():
    """The icon browsers ask for at the root on pages that name none (and older ones)."""
    return send_from_directory(
        current_app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon",
        max_age=ONE_WEEK,
    )  # fmt: skip
