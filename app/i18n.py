"""Locale selection (cookie, then Accept-Language, then Polish) and template helpers."""

from flask import Flask, current_app, has_request_context, request
from flask_babel import format_date, format_datetime, format_decimal, get_locale

from app.extensions import babel

LANGUAGE_NAMES = {"pl": "Polski", "en": "English"}


def select_locale() -> str:
    """The visitor's chosen language, else the best match for their browser, else Polish."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI commands and scripts speak the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = request.cookies.get(current_app.config["LANGUAGE_COOKIE"])
    if chosen in languages:
        return chosen
    return (
        request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def init_i18n(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.filters["number"] = format_decimal
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["datetime"] = format_datetime


def template_globals() -> dict:
    """Values every template needs: the current language and the others to switch to."""
    current = str(get_locale())
    return {
        "current_language": current,
        "language_names": LANGUAGE_NAMES,
        "other_languages": [code for code in current_app.config["LANGUAGES"] if code != current],
    }
