"""Polish alphabetical order: Głogów, Gołdap, Grodzisk Mazowiecki … Lubin, Łapy, Łeba … Żary.

Two ways, one order:

- `polish(column)` in a query's ORDER BY: PostgreSQL's ICU collation "pl-PL-x-icu";
  SQLite has no ICU, so each connection registers a collation named `polish` that compares
  with `polish_key` (app/database.py registers it).
- `polish_key(text)` for what is sorted in Python (a list already loaded, a select's
  choices).

The key follows the Polish alphabet (a ą b c ć d e ę … ł … ń … ó … ś … z ź ż): each
letter with a diacritic is a letter of its own, after its base letter, and case matters only
between words that are otherwise the same. Other letters (ü, é) sort as their base letter,
just after it; spaces and punctuation before digits, digits before letters, as ICU does.
"""

import unicodedata

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

# q, v and x are not Polish letters but occur in names (Quo Vadis, Xawery): where ICU puts them.
ALPHABET = "aąbcćdeęfghijklłmnńoópqrsśtuvwxyzźż"
_RANK = {letter: index for index, letter in enumerate(ALPHABET)}
_LETTERS = 1000  # letters rank above everything else
PG_COLLATION = "pl-PL-x-icu"
SQLITE_COLLATION = "polish"


def _primary(char: str) -> tuple[int, int]:
    if char in _RANK:
        return (_LETTERS + _RANK[char] * 2, 0)
    base = unicodedata.normalize("NFD", char)[0]
    if base in _RANK:  # é, ü, ö: right after their base letter
        return (_LETTERS + _RANK[base] * 2 + 1, ord(char))
    if char.isdigit():
        return (500 + (unicodedata.digit(char, 0)), 0)
    if char.isalpha():  # other scripts: after the Latin letters, by code point
        return (_LETTERS * 10 + ord(char), 0)
    return (1 if char.isspace() else 2, ord(char))


def polish_key(text: str | None) -> tuple:
    """A sort key in Polish alphabetical order; None and "" sort first."""
    text = unicodedata.normalize("NFC", text or "")
    folded = text.casefold()
    # Lower case before upper case for words that differ only in case, as ICU does.
    return (tuple(_primary(c) for c in folded), tuple(not c.islower() for c in text))


def compare(left: str, right: str) -> int:
    """SQLite's collation function: negative, zero or positive."""
    a, b = polish_key(left), polish_key(right)
    return (a > b) - (a < b)


class polish(ColumnElement):  # noqa: N801 - used like SQLAlchemy's own func-style names
    """`column COLLATE <Polish>` for ORDER BY, on the database the query runs on."""

    inherit_cache = True
    _traverse_internals = [("clause", InternalTraversal.dp_clauseelement)]

    def __init__(self, clause):
        self.clause = clause
        self.type = clause.type


@compiles(polish)
def _polish_default(element, compiler, **kw):
    return compiler.process(element.clause, **kw)


@compiles(polish, "postgresql")
def _polish_postgresql(element, compiler, **kw):
    return f'{compiler.process(element.clause, **kw)} COLLATE "{PG_COLLATION}"'


@compiles(polish, "sqlite")
def _polish_sqlite(element, compiler, **kw):
    return f"{compiler.process(element.clause, **kw)} COLLATE {SQLITE_COLLATION}"
