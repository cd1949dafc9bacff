"""E-mail: one helper renders a message in the recipient's language and sends it.

Flask-Mailman sends by SMTP (MAIL_SERVER, MAIL_PORT, MAIL_USE_TLS, MAIL_USE_SSL,
MAIL_USERNAME, MAIL_PASSWORD, MAIL_DEFAULT_SENDER). In development without MAIL_SERVER,
`DevelopmentEmailBackend` prints each message and keeps it as a file under instance/mail/.
"""

import sys
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, after_this_request, current_app, render_template
from flask_babel import force_locale
from flask_mailman import EmailMultiAlternatives, Mail
from flask_mailman.backends.file import EmailBackend as FileEmailBackend

mail = Mail()


class DevelopmentEmailBackend(FileEmailBackend):
    """Each message to the console and to a file of MAIL_FILE_PATH: `make run` needs no SMTP."""

    def write_message(self, message):
        super().write_message(message)
        sys.stdout.write(message.message().as_bytes().decode() + "\n" + "-" * 79 + "\n")
        sys.stdout.flush()


def init_mail(app: Flask) -> None:
    if not app.config.get("MAIL_FILE_PATH"):
        app.config["MAIL_FILE_PATH"] = str(Path(app.instance_path) / "mail")
    mail.init_app(app)


def send_mail(to: str, template: str, locale: str, **context) -> None:
    """Send `mail/<template>.txt` with `mail/<template>.html` as its alternative to `to`, both
    rendered in `locale` (the recipient's language). The plain-text template sets the
    subject (`{% set subject = _("…") %}`), so that it is translated like the body."""
    with force_locale(locale):
        text_template = current_app.jinja_env.get_template(f"mail/{template}.txt")
        subject = str(text_template.make_module(context).subject).strip()
        text = render_template(f"mail/{template}.txt", **context)
        html = render_template(f"mail/{template}.html", subject=subject, **context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()


def send_mail_after_response(to: str, template: str, locale: str, **context) -> None:
    """`send_mail`, once the response has gone to the visitor: a page whose answer must not
    tell whether a message was sent (the password reset's) takes as long either way. A
    message that cannot be sent is logged for the operator; the visitor is not told."""
    app = current_app._get_current_object()

    @after_this_request
    def send_when_closed(response):
        def send() -> None:
            with app.app_context():
                try:
                    send_mail(to, template, locale, **context)
                except OSError:
                    app.logger.exception("The %s e-mail could not be sent", template)

        response.call_on_close(send)
        return response


def site_url(endpoint: str, **values) -> str:
    """An absolute link into the app for an e-mail sent by a command (outside any request),
    built on SITE_URL as url_for(..., _external=True) builds one on the request's address.
    No request context is pushed for it: on SQLite a command's transactions must stay
    write transactions (app/database.py), which a pretend GET request would turn off."""
    parts = urlsplit(current_app.config["SITE_URL"])
    adapter = current_app.url_map.bind(
        parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)
