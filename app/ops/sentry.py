"""Optional error reporting to Sentry: on when SENTRY_DSN is set and sentry-sdk is installed
(`pip install 'strefy[sentry]'`)."""

from flask import Flask

from app.ops.logs import request_id


def init_sentry(app: Flask) -> bool:
    """Initialise sentry-sdk with its Flask integration if SENTRY_DSN is set; True if it was.
    Without the package the app starts anyway, saying so in its log."""
    dsn = app.config.get("SENTRY_DSN")
    if not dsn:
        return False
    try:
        import sentry_sdk
        from sentry_sdk.integrations.flask import FlaskIntegration
    except ImportError:
        app.logger.warning(
            "SENTRY_DSN is set but sentry-sdk is not installed: errors are not reported to "
            "Sentry. Install it with: pip install 'strefy[sentry]'"
        )
        return False
    sentry_sdk.init(
        dsn=dsn,
        integrations=[FlaskIntegration()],
        environment="production" if app.config["PRODUCTION"] else "development",
        send_default_pii=False,  # no addresses, cookies or signed-in people's details
    )

    @app.before_request
    def tag_request_id():
        # Inside a request the scope is the request's own: its events name its id.
        sentry_sdk.set_tag("request_id", request_id())

    return True
