"""Strefy: the Flask application factory."""

import os
from pathlib import Path

from flask import Flask
from flask_babel import lazy_gettext as _l

from config import CONFIGS, Config


def create_app(config: str | type[Config] | None = None, **settings) -> Flask:
    """Build the app; `config` is a name from config.CONFIGS or a class, `settings` override it."""
    app = Flask(__name__, instance_relative_config=True)
    if config is None:
        config = os.environ.get("STREFY_ENV", "production")
    config_class = CONFIGS[config] if isinstance(config, str) else config
    app.config.from_object(config_class)
    app.config.update(config_class.environment())
    app.config.update(settings)
    config_class.check(app)
    app.json.ensure_ascii = False  # Polish letters as they are in the API's UTF-8 JSON

    register_database(app)
    register_extensions(app)
    register_blueprints(app)
    register_commands(app)
    register_templates(app)
    return app


def register_database(app: Flask) -> None:
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        db_path = Path(app.instance_path) / "strefy.db"
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{db_path}"
    from app.database import init_database

    init_database(app)


def register_extensions(app: Flask) -> None:
    from app.core.mail import init_mail
    from app.core.params import init_params
    from app.core.security import csp_policy, init_security
    from app.extensions import compress, csrf, db, limiter, login_manager, migrate, talisman
    from app.i18n import init_i18n
    from app.ops.logs import init_logging
    from app.ops.sentry import init_sentry

    init_logging(app)  # first: request ids and the request log see every request
    init_sentry(app)
    init_params(app)  # before the blueprints: their routes use its converters
    migrate.init_app(app, db, directory=str(Path(__file__).parent.parent / "migrations"))
    csrf.init_app(app)
    compress.init_app(app)
    init_i18n(app)
    init_mail(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    # Flashed in the visitor's language: the lazy strings are resolved by str() per request.
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.needs_refresh_message = _l("Please sign in again to see this page.")
    login_manager.localize_callback = str
    # No freshness marking: nothing asks for a "fresh" sign-in (sessions are revoked on the
    # server, auth.services.user_for_session). Flask-Login's "basic" protection only wrote
    # `_fresh` into every visitor's session on its second request, so a request in flight
    # at the same time (the similar-ideas lookup while an idea was sent) sent back an older
    # session cookie over the one the POST had just set: the resident lost "thank you".
    login_manager.session_protection = None
    app.config.setdefault("RATELIMIT_ENABLED", True)
    limiter.init_app(app)
    talisman.init_app(
        app,
        force_https=app.config["FORCE_HTTPS"],
        strict_transport_security=app.config["FORCE_HTTPS"],
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        content_security_policy=csp_policy(),
        content_security_policy_nonce_in=["script-src"],
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
        permissions_policy={"camera": "()", "microphone": "()", "geolocation": "()"},
    )
    init_security(app)
    if app.config["PROXY_FIX_HOPS"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXY_FIX_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def register_blueprints(app: Flask) -> None:
    # Each feature's views module holds its blueprint with the routes attached.
    from app.api import views as api
    from app.audit import views as audit
    from app.auth import views as auth
    from app.cafes import views as cafes
    from app.catalogue import views as catalogue
    from app.dashboards import views as dashboards
    from app.errors import handlers as errors
    from app.extensions import csrf
    from app.main import views as main
    from app.ops import views as ops
    from app.plans import views as plans
    from app.surveys import views as surveys
    from app.zones import views as zones

    features = (
        errors,
        ops,
        main,
        zones,
        auth,
        surveys,
        dashboards,
        cafes,
        plans,
        catalogue,
        audit,
        api,
    )
    for feature in features:
        app.register_blueprint(feature.bp)
    # JSON clients cannot be made to send cross-site requests by a page (CORS preflight),
    # and the API refuses anything but application/json: no CSRF token needed.
    csrf.exempt(api.bp)
    # Anonymous reads from any origin; never the submission (app/api/http.py).
    from app.api.http import init_http

    init_http(app)


def register_commands(app: Flask) -> None:
    from app.auth.cli import users_cli
    from app.demo import demo_command
    from app.main.cli import notify_cli, purge_command
    from app.ops.cli import backup_cli
    from app.surveys.cli import surveys_cli
    from app.translate import translate_cli
    from app.zones.cli import zones_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(zones_cli)
    app.cli.add_command(demo_command)
    app.cli.add_command(translate_cli)
    app.cli.add_command(surveys_cli)
    app.cli.add_command(backup_cli)
    app.cli.add_command(purge_command)
    app.cli.add_command(notify_cli)


def register_templates(app: Flask) -> None:
    from flask_babel import get_locale

    from app.auth.models import Role
    from app.core.forms import field_attrs
    from app.core.money import format_money
    from app.core.pagination import page_url
    from app.core.text import bdi
    from app.i18n import template_globals

    app.context_processor(template_globals)
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals["field_attrs"] = field_attrs
    app.jinja_env.filters["bdi"] = bdi
    app.jinja_env.filters["money"] = format_money
    app.jinja_env.globals["page_url"] = page_url
    app.jinja_env.globals["role_label"] = lambda value: Role(value).label
    # Survey texts: {pl, en} objects shown in the reader's language.
    app.jinja_env.filters["local"] = lambda text: text.get(str(get_locale())) if text else ""
