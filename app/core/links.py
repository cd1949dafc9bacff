"""Short link codes and slugs that no sibling row uses yet."""

import secrets
from collections.abc import Iterable

import segno
from markupsafe import Markup
from sqlalchemy import select

from app.core.text import slugify
from app.extensions import db

SHORT_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i


def new_short_code(model) -> str:
    """A six-letter short link code that no row of `model` (a survey, a café) has yet."""
    while True:
        code = "".join(secrets.choice(SHORT_CODE_ALPHABET) for _ in range(6))
        if not db.session.scalar(select(model.id).where(model.short_code == code)):
            return code


def unique_slug(title: str, taken: Iterable[str], *, fallback: str, max_length: int = 60) -> str:
    """A slug from `title` that is not in `taken` (the slugs of its siblings, and any a
    route reserves): "spotkanie", then "spotkanie-2", "spotkanie-3", …"""
    taken = set(taken)
    base = slugify(title)[:max_length] or fallback
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def qr_svg(url: str, scale: int) -> Markup:
    """The QR code of `url` as inline SVG (medium error correction, a two-module border),
    `scale` pixels a module. segno's own markup, built from our link: nothing a user typed."""
    return Markup(segno.make(url, error="m").svg_inline(scale=scale, border=2))  # noqa: S704
