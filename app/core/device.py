"""The resident's device: a random cookie, kept only as a keyed hash per purpose, and the
`via` channel that links and forms carry (a plain link, a poster's QR code, a kiosk)."""

import secrets

from flask import current_app, request

from app.core.security import keyed_hash

ONE_YEAR = 365 * 24 * 3600
RESIDENT_VIA = ("link", "qr", "kiosk")  # how a resident can reach a page; paper is typed in


def device_hash(device_id: str | None, purpose: str) -> str | None:
    """What we keep of a device's cookie for one purpose ("survey", "idea", "support",
    "report"): a keyed hash, so the database never holds the cookie and a survey response
    cannot be joined to the ideas, supports or reports of the same device."""
    return keyed_hash(purpose, device_id) if device_id else None


def device_cookie() -> str | None:
    """The device cookie this request carries, if any."""
    return request.cookies.get(current_app.config["DEVICE_COOKIE"]) or None


def device_id() -> tuple[str, bool]:
    """The device cookie's value, and whether it is new (then `remember_device` sets it)."""
    existing = device_cookie()
    return (existing, False) if existing else (fresh_device_id(), True)


def fresh_device_id() -> str:
    """A new device cookie value, also to forget the old one ("someone else answers on
    this phone": what the previous person did here is no longer this device's)."""
    return secrets.token_urlsafe(24)


def current_device(purpose: str) -> str | None:
    """The keyed hash of this request's device for `purpose`; None without a cookie."""
    return device_hash(device_cookie(), purpose)


def remember_device(response, value: str, new: bool = True):
    """Set the device cookie on `response` when it is new (a year, HTTP-only, Lax)."""
    if new:
        response.set_cookie(
            current_app.config["DEVICE_COOKIE"], value, max_age=ONE_YEAR, httponly=True,
            samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"],
        )  # fmt: skip
    return response


def via() -> str:
    """How the resident came (`?via=` or the form's `via`): "link", "qr" or "kiosk";
    anything else counts as a plain link."""
    value = request.values.get("via", "")
    return value if value in RESIDENT_VIA else "link"
