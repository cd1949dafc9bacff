"""Text: slugs from Polish names, and typed text kept from spilling into the words around it."""

import re
import unicodedata

from markupsafe import Markup

_POLISH_EXTRA = str.maketrans({"ł": "l", "Ł": "l"})  # ł has no Unicode decomposition


def slugify(text: str) -> str:
    """A URL-safe slug from a Polish name: 'Piotrków Trybunalski' -> 'piotrkow-trybunalski'."""
    ascii_text = (
        unicodedata.normalize("NFKD", text.translate(_POLISH_EXTRA))
        .encode("ascii", "ignore")
        .decode("ascii")
    )
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60]


def isolated(text: str) -> str:
    """`text` between Unicode isolates (FSI … PDI), for plain-text messages such as flashes:
    a right-to-left override typed in it then cannot turn the rest of the sentence around."""
    return f"\u2068{text}\u2069"


def bdi(text: str) -> Markup:
    """Text a person typed, inside an HTML sentence (the `bdi` template filter): isolated,
    so that its writing direction (a right-to-left override included) cannot spill into the
    words around it."""
    return Markup("<bdi>{}</bdi>").format(text)


def has_lone_surrogate(text: str) -> bool:
    """Whether `text` holds a code point of U+D800 to U+DFFF (never valid on its own, and
    impossible to store or send as UTF-8)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
