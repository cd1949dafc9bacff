"""`flask translate …`: keep the Polish and English catalogues in step with the code."""

import subprocess
import sys
from pathlib import Path

import click
from babel.messages.pofile import read_po, write_po
from flask.cli import AppGroup

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "app" / "translations"
POT = TRANSLATIONS / "messages.pot"

translate_cli = AppGroup("translate", help="Extract, update and compile translations.")


def _pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT)  # noqa: S603


def extract(output: Path = POT) -> None:
    """Write the message template from the code and templates."""
    _pybabel(
        "extract",
        "-F",
        "babel.cfg",
        "-k",
        "_l",
        "--no-location",
        "--sort-output",
        "--project",
        "Strefy",
        "-o",
        str(output),
        ".",
    )


@translate_cli.command("update")
def update() -> None:
    """Extract messages, merge them into pl and en, and fill English from the source text."""
    extract()
    for language in ("pl", "en"):
        po = TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"
        # Entries no longer in the code are dropped, not kept as obsolete (#~) comments.
        extra = ("--ignore-obsolete",) if po.exists() else ()
        action = "update" if po.exists() else "init"
        _pybabel(
            action, "-i", str(POT), "-d", str(TRANSLATIONS), "-l", language, "--no-wrap", *extra
        )
    # The code's own text is English: the English catalogue repeats it, so that it is
    # complete and an English wording can later be changed without touching the code.
    en_po = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
    with en_po.open("rb") as f:
        catalog = read_po(f, locale="en")
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if message.pluralizable else (message.string,)
        if message.fuzzy or not all(strings):
            message.string = message.id  # (singular, plural) for plural messages
            message.flags.discard("fuzzy")
    with en_po.open("wb") as f:
        write_po(f, catalog, width=0)
    click.echo("Catalogues updated; translate the empty msgstr entries in pl/messages.po.")


@translate_cli.command("compile")
def compile_command() -> None:
    """Compile the catalogues (.po -> .mo)."""
    _pybabel("compile", "-d", str(TRANSLATIONS))
