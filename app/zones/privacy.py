"""A zone's privacy notice: the library is the controller of its residents' data (RODO/GDPR).

The librarians write the notice from a default text, in Polish or English, filled in from
the zone (the controller, its address, the data protection officer) and from the retention
periods that `flask purge` enforces. A zone that keeps the default (its text left empty)
shows it in each reader's language. The text is plain: paragraphs apart by an empty line,
"## " starts a heading, lines starting with "- " make a list.
"""

from pathlib import Path

from flask import current_app
from flask_babel import get_locale
from markupsafe import Markup, escape

from app.zones.models import Zone

NOTICE_MAX = 20_000

# The default texts, one file a language, with {placeholders} filled from the zone.
DEFAULTS_DIR = Path(__file__).parent / "templates" / "zones"
DEFAULTS = {
    language: (DEFAULTS_DIR / f"privacy_default.{language}.txt").read_text(encoding="utf-8")
    for language in ("pl", "en")
}


def controller(zone: Zone) -> str:
    """The data controller's name: the library unless the librarians named another body."""
    return zone.privacy_controller or zone.library_name


def retention_days() -> tuple[int, int]:
    """How many days unfinished answers and device links are kept (what `flask purge` does)."""
    config = current_app.config
    return config["PURGE_UNFINISHED_DAYS"], config["PURGE_DEVICE_LINK_DAYS"]


def default_notice(zone: Zone, language: str | None = None) -> str:
    """The default text in `language` (the reader's by default), filled in from the zone."""
    language = language or str(get_locale())
    unfinished, device = retention_days()
    missing = "…"  # not given yet: the librarians see the gap on the form
    return DEFAULTS.get(language, DEFAULTS["pl"]).format(
        town=zone.town,
        controller=controller(zone),
        address=zone.privacy_address or missing,
        dpo=zone.privacy_dpo or missing,
        unfinished_days=unfinished,
        device_days=device,
    )


def is_default(zone: Zone, text: str) -> bool:
    """Whether `text` is the default notice as filled in now, in either language (then the
    zone keeps following the default, in each reader's language)."""
    normal = _normal(text)
    return any(normal == _normal(default_notice(zone, language)) for language in DEFAULTS)


def notice_text(zone: Zone) -> str:
    """The notice the zone's residents read: the librarians' own, or the default."""
    return zone.privacy_notice or default_notice(zone)


def render_notice(text: str) -> Markup:
    """The plain text as HTML (escaped): headings, lists and paragraphs."""
    html = []
    for block in _normal(text).split("\n\n"):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if lines[0].startswith("## "):
            html.append(Markup("<h2>{}</h2>").format(lines[0][3:].strip()))
            lines = lines[1:]
        paragraph: list[str] = []
        items: list[str] = []
        for line in lines:
            if line.startswith("- "):
                if paragraph:
                    html.append(_paragraph(paragraph))
                    paragraph = []
                items.append(line[2:].strip())
            else:
                if items:
                    html.append(_list(items))
                    items = []
                paragraph.append(line)
        if paragraph:
            html.append(_paragraph(paragraph))
        if items:
            html.append(_list(items))
    return Markup("\n").join(html)


def _paragraph(lines: list[str]) -> Markup:
    return Markup("<p>{}</p>").format(Markup("<br>\n").join(escape(line) for line in lines))


def _list(items: list[str]) -> Markup:
    return Markup("<ul>{}</ul>").format(
        Markup("").join(Markup("<li>{}</li>").format(item) for item in items)
    )


def _normal(text: str) -> str:
    """Line ends made "\\n", headings apart from what follows them, ends trimmed."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        if line.strip().startswith("## ") and out and out[-1].strip():
            out.append("")
        out.append(line.rstrip())
    return "\n".join(out)
