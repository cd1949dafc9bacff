"""Words to search for: Polish text folded and stemmed the same way when it is indexed and
when it is asked for, and the database's own full-text engine to match it.

Folding: lower case, and the Polish letters without their marks (ą→a, ć→c, ę→e, ł→l, ń→n,
ó→o, ś→s, ź, ż→z; other accented Latin letters lose theirs too), so that "oswiecim" finds
"Oświęcim". Documents are stored folded (SearchRow.document); queries are folded alike.

Stemming: each query word is cut to a stem and searched as a prefix: "kalendarza
miejskiego" → kalendarz* miejsk*, which finds "kalendarz miejski" and every other form
that starts so. The stemmer is a small suffix stripper (POLISH_SUFFIXES): it removes the
longest inflectional ending that leaves at least MIN_STEM letters. Prefix search makes
that enough for a catalogue (it finds more rather than less); it cannot undo alternations
such as internet → internecie. The Stempel stemmer (pystempel) was tried: its answers are
lemmas, not prefixes ("miejsk" → "miejsko", "Oświęcimiu" → "Oświęcimie", "mam" → "mieć"),
so prefix search on them misses what this finds, and it loads an 11 MB table (4 s).

Engines: PostgreSQL's text search (`to_tsvector('simple', document)`, GIN-indexed, prefix
queries `word:*`, ranked by ts_rank) and SQLite's FTS5 (`catalogue_fts`, prefix queries
`"word"*`, ranked by bm25), after the number of query words the title holds (title_hits).
Query words are reduced to [a-z0-9] before either sees them, so quotes, operators (AND,
NEAR, -, *, parentheses) or a very long string are just words.
"""

import re
import unicodedata

from sqlalchemy import ColumnElement, Text, and_, case, column, func, literal, literal_column, table
from sqlalchemy.sql import Select

from app.catalogue.models import SearchRow

MAX_QUERY_CHARS = 200
MAX_TERMS = 8
MAX_TERM_CHARS = 40
MIN_STEM = 4

_FOLD = str.maketrans({"ł": "l", "Ł": "l", "ß": "ss"})  # no Unicode decomposition
_WORD = re.compile(r"[a-z0-9]+")

# Inflectional endings of Polish nouns and adjectives (folded), longest first when tried.
# Adjectives: miejskiego, miejskiemu, miejskimi, miejskich, miejskiej, nowego…; nouns:
# kalendarzami, kalendarzach, kalendarzom, kalendarzow, radiu, mamie…
_ENDINGS = (
    "iego iemu imi ich iej ie im i ego emu ymi ych ej ym y a e o u ami ach om ow owi em ia iu ii ek"
)
POLISH_SUFFIXES = sorted(set(_ENDINGS.split()), key=len, reverse=True)

fts = table("catalogue_fts", column("rowid"))


def fold(text: str) -> str:
    """`text` in lower case with Polish (and other Latin) letters' marks removed."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD).lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str) -> list[str]:
    """The folded words of `text`: runs of ASCII letters and digits only."""
    return _WORD.findall(fold(text))


def stem(word: str) -> str:
    """A folded word without its inflectional ending (see POLISH_SUFFIXES)."""
    for suffix in POLISH_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


def query_terms(query: str | None) -> list[str]:
    """The stems to search for as prefixes, at most MAX_TERMS, each a plain [a-z0-9] word:
    whatever was typed (operators, quotes, 10,000 characters) comes out as words or nothing."""
    found: list[str] = []
    for word in words((query or "")[:MAX_QUERY_CHARS]):
        term = stem(word[:MAX_TERM_CHARS])
        if term not in found:
            found.append(term)
        if len(found) == MAX_TERMS:
            break
    return found


def match(stmt: Select, terms: list[str], dialect: str) -> tuple[Select, ColumnElement]:
    """`stmt` (a select of SearchRow) narrowed to rows whose document has every term as a
    word's prefix, and the rank to order them by (best first when ordered ascending)."""
    if dialect == "postgresql":
        vector = func.to_tsvector(literal_column("'simple'::regconfig"), SearchRow.document)
        tsquery = func.to_tsquery(
            literal_column("'simple'::regconfig"), " & ".join(f"{term}:*" for term in terms)
        )
        return stmt.where(vector.op("@@")(tsquery)), -func.ts_rank(vector, tsquery)
    expression = " AND ".join(f'"{term}"*' for term in terms)
    stmt = stmt.join(fts, fts.c.rowid == SearchRow.id).where(
        and_(literal_column("catalogue_fts").op("MATCH")(expression))
    )
    return stmt, func.bm25(literal_column("catalogue_fts"))


def title_hits(terms: list[str]) -> ColumnElement:
    """How many of the terms begin a word of the entry's (folded) title: results holding more
    of them in their title come first, whatever the engine's rank says. Without it the
    engines favour short documents, and "kalendarza miejskiego" listed the zones that
    adopted Jarocin's city calendar above the calendar itself. Terms are [a-z0-9] only, so
    they need no escaping inside LIKE."""
    heading = literal(" ", type_=Text) + SearchRow.heading  # "|| " on both databases
    return sum((case((heading.like(f"% {term}%"), 1), else_=0) for term in terms), start=literal(0))
