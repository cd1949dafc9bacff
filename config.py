"""Configuration classes; values come from the environment.

`create_app()` picks the class named by `STREFY_ENV` (production when unset, so a bare
`gunicorn 'app:create_app()'` is secure by default; the checkout's `.flaskenv` and the
Makefile select development).
"""

import os
from datetime import timedelta
from pathlib import Path

from limits import parse_many


def database_url(value: str | None) -> str | None:
    """Normalise a DATABASE_URL so that PostgreSQL URLs use the psycopg 3 driver."""
    if not value:
        return None
    for prefix in ("postgres://", "postgresql://"):
        if value.startswith(prefix):
            return "postgresql+psycopg://" + value[len(prefix) :]
    return value


# Per-installation numbers an operator may set in the environment (README, "Configuration"):
# each keeps its class attribute as the default, and is read when the app is created.
ENVIRONMENT_SETTINGS = (
    "LOGIN_RATE_LIMIT",
    "LOGIN_ACCOUNT_RATE_LIMIT",
    "SURVEY_RATE_LIMIT",
    "API_SUBMISSION_RATE_LIMIT",
    "SURVEY_RESPONSES_PER_ADDRESS_PER_DAY",
    "SURVEY_BURST_RESPONSES",
    "SURVEY_BURST_MINUTES",
    "SUPPRESSION_THRESHOLD",
    "IDEA_RATE_LIMIT",
    "SUPPORT_RATE_LIMIT",
    "SIMILAR_RATE_LIMIT",
    "SUPPORT_ADDRESS_DAILY_CAP",
    "SUPPORT_BURST",
    "SUPPORT_BURST_MINUTES",
    "IDEA_REPORT_THRESHOLD",
    "REPORT_RATE_LIMIT",
    "PROXY_FIX_HOPS",
    "GRANT_LIMIT",
    "VOLUNTEER_HOURLY_RATE",
    "UPLOAD_MAX_BYTES",
    "BACKUP_KEEP_DAILY",
    "BACKUP_KEEP_WEEKLY",
    "MAIL_PORT",
    "RESET_REQUEST_RATE_LIMIT",
    "RESET_REQUEST_ADDRESS_RATE_LIMIT",
    "PURGE_UNFINISHED_DAYS",
    "PURGE_DEVICE_LINK_DAYS",
)


def from_environment(name: str, default: int | str) -> int | str:
    """The environment variable `name`, read as `default` is: a whole number (0 or more), or
    a rate limit such as "10 per minute; 50 per hour". `default` when it is unset or empty.
    A malformed value stops the app at start, naming the variable."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if isinstance(default, int):
        if not raw.isdigit():
            raise RuntimeError(f"{name} must be a whole number (0 or more), not {raw!r}.")
        return int(raw)
    try:
        parse_many(raw)
    except ValueError:
        raise RuntimeError(
            f'{name} must be a rate limit such as "10 per minute; 50 per hour", not {raw!r}.'
        ) from None
    return raw


class Config:
    PRODUCTION = False  # e.g. `flask demo` refuses to run there unless told explicitly
    SECRET_KEY = os.environ.get("SECRET_KEY")
    # None means "SQLite file in the instance folder", resolved by create_app().
    SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("DATABASE_URL"))
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLITE_IMMEDIATE_OUTSIDE_REQUESTS = True  # see app/database.py
    REDIS_URL = os.environ.get("REDIS_URL")
    # Logs (app/ops/logs.py): "text" lines or "json" objects, one a line, on stderr.
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "").strip().lower() or "text"
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "").strip().upper() or "INFO"
    SENTRY_DSN = os.environ.get("SENTRY_DSN") or None  # errors to Sentry, if set

    # Flask-Babel: Polish first.
    LANGUAGES = ("pl", "en")
    BABEL_DEFAULT_LOCALE = "pl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Warsaw"
    LANGUAGE_COOKIE = "strefy_lang"

    # Sessions and cookies.
    SESSION_COOKIE_NAME = "strefy_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)

    # Requests larger than this get the 413 page (survey files and uploads are small).
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024

    # Survey templates (YAML) that librarians can start a survey from.
    SURVEY_TEMPLATES_DIR = str(Path(__file__).resolve().parent / "surveys")
    DEVICE_COOKIE = "strefy_device"
    # Residents answering from one library's Wi-Fi share an address: a Creative Café of
    # 50 people starting together makes ~100 requests in its first minute. Generous, but
    # still a wall for a script posting in a loop.
    SURVEY_RATE_LIMIT = "300 per minute; 3000 per hour"
    # Complete responses to one survey from one address (kept as a keyed hash) in 24 hours,
    # on every resident path (pages and API): well above a library's Wi-Fi or kiosk on a
    # busy day, a wall for a script that drops its cookies. Paper entry is not counted.
    SURVEY_RESPONSES_PER_ADDRESS_PER_DAY = 200
    # This many responses from one address within this many minutes are shown to the
    # librarians as a burst to look at (they still count).
    SURVEY_BURST_RESPONSES = 20
    SURVEY_BURST_MINUTES = 10
    # No figure is shown for a group of fewer respondents than this (small-cell suppression).
    SUPPRESSION_THRESHOLD = 5
    API_SUBMISSION_RATE_LIMIT = "120 per minute; 3000 per hour"
    # Anonymous ideas and supports, per address: a café's 50 residents share the library's
    # Wi-Fi, so these stop a script, not a busy evening.
    IDEA_RATE_LIMIT = "20 per minute; 300 per hour"
    SUPPORT_RATE_LIMIT = "120 per minute; 2000 per hour"
    # The similar ideas looked up as a resident types an idea's title (a request a pause in
    # typing, about 10 an idea): a café posting at once stays under it, a scraper does not.
    SIMILAR_RATE_LIMIT = "120 per minute; 1500 per hour"
    # Supports of one idea from one address in a day: a café of 60 people on the library's
    # Wi-Fi stays well under it, a script dropping its cookies stops there. This many
    # within SUPPORT_BURST_MINUTES flag the idea for the librarian (who may withdraw them).
    SUPPORT_ADDRESS_DAILY_CAP = 150
    SUPPORT_BURST = 20
    SUPPORT_BURST_MINUTES = 5
    # Reports from this many people (devices and addresses told apart) hide a published
    # idea until a librarian looks; once a librarian reviewed it, they flag it instead.
    IDEA_REPORT_THRESHOLD = 3
    REPORT_RATE_LIMIT = "10 per minute; 30 per day"

    # Flask-Compress: pages and JSON are compressed. Streamed responses (static files) are
    # not: Flask-Compress leaks their file handles; the reverse proxy compresses those.
    COMPRESS_STREAMS = False

    # Rate limits (Flask-Limiter); Redis shares the counters between workers.
    RATELIMIT_STORAGE_URI = REDIS_URL or "memory://"
    RATELIMIT_KEY_PREFIX = "strefy"
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = "10 per minute; 50 per hour"  # per address
    # Failed attempts on one account, from any number of addresses.
    LOGIN_ACCOUNT_RATE_LIMIT = "10 per 15 minutes; 50 per day"
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 - Werkzeug's memory-hard default

    # The programme's limit on one zone's grant, in whole złoty (Strefy Innowacji: 10,000 zł).
    GRANT_LIMIT = 10_000
    # The value of an hour of volunteer work, in grosze, for the library's own contribution
    # (default 40 zł, about the minimum hourly wage in 2026 rounded up).
    VOLUNTEER_HOURLY_RATE = 4_000
    # Receipts and photos (PDF, JPEG, PNG): at most this many bytes each.
    UPLOAD_MAX_BYTES = 5 * 1024 * 1024
    # Where uploaded files are kept (None: "uploads" in the instance folder), never static.
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER") or None
    # `flask backup`: where the archives go (None: "backups" in the instance folder), and
    # how many `create --prune` and `prune` keep: the newest of this many days and weeks.
    BACKUP_DIR = os.environ.get("BACKUP_DIR") or None
    BACKUP_KEEP_DAILY = 7
    BACKUP_KEEP_WEEKLY = 8

    # E-mail (Flask-Mailman): password-reset links and invitations. SMTP with these
    # conventional variables; development without MAIL_SERVER writes to the console and to
    # instance/mail/ instead (DevelopmentConfig).
    MAIL_BACKEND = "smtp"
    MAIL_SERVER = os.environ.get("MAIL_SERVER") or "localhost"
    MAIL_PORT = 25
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "0").lower() in {"1", "true", "yes"}
    MAIL_USE_SSL = os.environ.get("MAIL_USE_SSL", "0").lower() in {"1", "true", "yes"}
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER") or "Strefy <strefy@localhost>"
    MAIL_TIMEOUT = 10
    # The app's address, for the links of e-mails sent outside a request (the daily digest).
    SITE_URL = (os.environ.get("SITE_URL") or "http://localhost:5000").rstrip("/")
    MAIL_FILE_PATH = None  # the file backend's folder; None: "mail" in the instance folder
    # Password-reset requests: per address of the client, and per e-mail address asked for.
    RESET_REQUEST_RATE_LIMIT = "10 per hour"
    RESET_REQUEST_ADDRESS_RATE_LIMIT = "3 per hour"
    # How long the links sent by e-mail stay valid, in seconds.
    PASSWORD_RESET_MAX_AGE = 3600
    INVITATION_MAX_AGE = 7 * 24 * 3600

    # Residents' data kept no longer than needed (`flask purge`, the zones' privacy notices):
    # unfinished survey answers after this many days, and the links of responses and ideas
    # to the device and address they came from (keyed hashes) after this many.
    PURGE_UNFINISHED_DAYS = 30
    PURGE_DEVICE_LINK_DAYS = 90

    # Behind a reverse proxy, how many proxies to trust for X-Forwarded-* (0: none).
    PROXY_FIX_HOPS = 0
    FORCE_HTTPS = False

    @classmethod
    def environment(cls) -> dict:
        """The settings of ENVIRONMENT_SETTINGS, from the environment or this class."""
        return {name: from_environment(name, getattr(cls, name)) for name in ENVIRONMENT_SETTINGS}

    @classmethod
    def check(cls, app) -> None:
        """Refuse to start with settings this environment cannot run with."""
        if app.config["LOG_FORMAT"] not in ("text", "json"):
            raise RuntimeError(
                f'LOG_FORMAT must be "text" or "json", not {app.config["LOG_FORMAT"]!r}.'
            )
        if app.config["LOG_LEVEL"] not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise RuntimeError(
                f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, not {app.config['LOG_LEVEL']!r}."
            )
        if app.config["SUPPRESSION_THRESHOLD"] < 3:
            raise RuntimeError(
                "SUPPRESSION_THRESHOLD must be at least 3: below that, hidden groups of "
                "respondents can be worked out from the totals."
            )


class DevelopmentConfig(Config):
    # A fixed key is fine on a developer's machine only.
    SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-not-secret"
    # Without an SMTP server, e-mails are printed and kept under instance/mail/.
    if not os.environ.get("MAIL_SERVER"):
        MAIL_BACKEND = "app.core.mail.DevelopmentEmailBackend"


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-only"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = None  # the test suite passes its own fresh database
    SQLITE_IMMEDIATE_OUTSIDE_REQUESTS = False
    RATELIMIT_STORAGE_URI = "memory://"
    PASSWORD_HASH_METHOD = "scrypt:1024:8:1"  # noqa: S105 - fast in tests, same code path
    # Real SMTP: the tests start a server on localhost and pass its port (tests/conftest.py).
    MAIL_BACKEND = "smtp"
    MAIL_SERVER = "127.0.0.1"
    MAIL_USE_TLS = MAIL_USE_SSL = False
    MAIL_USERNAME = MAIL_PASSWORD = None
    MAIL_DEFAULT_SENDER = "Strefy <strefy@example.org>"


class ProductionConfig(Config):
    PRODUCTION = True
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    FORCE_HTTPS = os.environ.get("FORCE_HTTPS", "1") != "0"

    @classmethod
    def check(cls, app) -> None:
        """Fail fast, with a message an operator understands, on a missing secret."""
        super().check(app)
        if not app.config.get("SECRET_KEY"):
            raise RuntimeError(
                "SECRET_KEY is not set. Production needs a long random secret, e.g.\n"
                "  export SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))')"
            )


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
