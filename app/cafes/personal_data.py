"""A warning when an idea's text seems to hold personal data, for the librarian to edit.

`find_personal_data` returns each place where a text seems to give a phone number, an
e-mail address, a PESEL number, a bank account number or a home address, with its kind
and position for highlighting. It warns; it never changes or refuses a text.

A missed phone number is published, a false alarm costs a librarian a glance: where the
two conflict, the rules below lean towards warning. They know the usual Polish ways of
writing these, and what else Polish ideas are full of (years, prices, dates, times, postal
codes, counts) is left alone.

- phone: nine digits as 601 234 567, 601-234-567, 601234567, 601 23 45 67, (58) 123 45 67,
  58 123 45 67, 58 1234567 or (058) 123-45-67, with or without +48, 0048, (+48) or a bare
  48 glued to the nine digits (48601234567); dots for separators in the three-by-three
  form (601.234.567). The nine digits must begin as Polish numbers do: a trunk code
  (12, 22, 58...) or a mobile range (45, 5x, 6x, 7x, 8x). Not: a number followed by a
  currency or percent ("150 000 000 zł"), part of a longer run of digits, or glued to
  letters (a product code). Missed on purpose: foreign numbers, numbers split in other
  groupings (60 123 45 67), and numbers written in words.
- email: name@domain.tld, also with spaces around "@" and dots (jan @ wp . pl) and the
  usual disguises: [at], (at), {at}, <at>, " at ", "małpa", and [dot], (dot), "kropka" for
  dots. A bare "@" without a domain and a dot (an @handle) is not an address.
- pesel: eleven digits standing alone whose check digit is right (any real PESEL, and one
  in ten random eleven-digit numbers: a number that long in an idea is worth a look). Its
  birth date (months 1-12, 21-32, 41-52, 61-72 and 81-92 for the 1900s, 2000s, 2100s,
  2200s and 1800s) decides between a PESEL and a phone number written 48 and nine digits.
  Missed on purpose: a PESEL with one digit mistyped, and one written with spaces.
- iban: a Polish account number, 26 digits, with or without PL, in the bank's groups of
  four or in one run; no checksum, since nothing else in an idea is 26 digits long.
- address: a street (ul., ulica, al., aleja, os., osiedle, pl.) with a house and a flat
  number ("ul. Kwiatowa 5/12", "ul. Długa 3 m. 4"). A street alone or with a house number
  is where an idea is to happen (a bench on ul. Parkowa 5), not someone's home; "plac" is
  left out, as "plac zabaw" (a playground) is in every other idea. Missed on purpose:
  houses without a flat number, and addresses without a street word.
"""

import re
from dataclasses import dataclass
from datetime import date

KINDS = ("email", "iban", "pesel", "phone", "address")  # by priority, where matches overlap

# The first two digits of Polish nine-digit numbers: trunk codes and mobile ranges.
_TRUNK_CODES = (
    "12 13 14 15 16 17 18 22 23 24 25 29 32 33 34 41 42 43 44 46 48 52 54 55 56 58 59 "
    "61 62 63 65 67 68 71 74 75 76 77 81 82 83 84 85 86 87 89 91 94 95"
)
_MOBILE = [f"{d}{e}" for d in "45678" for e in "0123456789"]
NUMBER_STARTS = frozenset(_TRUNK_CODES.split() + _MOBILE)

_PESEL_WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
_CENTURY_BY_MONTH_OFFSET = {80: 1800, 0: 1900, 20: 2000, 40: 2100, 60: 2200}

_SEP = r"[ \-]"  # between groups of digits
_NOT_BEFORE = r"(?<![\w+/@])(?<!\d[.,:\-])"
_NOT_AFTER = (
    r"(?!\w|[.,:/\-]\d|\s*(?:zł|zl\b|złot|pln|gr\b|eur|€|\$|usd|%|proc|tys|mln|mld|osób|os\.))"
)
_COUNTRY = r"(?:(?:\+|00)\s?48[ \-]?|\(\s?(?:\+|00)?48\s?\)\s?|48(?=\d{9}(?!\d)))"
_NATIONAL = "|".join(
    [
        r"\d{3}(?P<s>[ .\-]?)\d{3}(?P=s)\d{3}",  # 601 234 567, 601.234.567, 601234567
        rf"\d{{3}}{_SEP}\d{{2}}{_SEP}\d{{2}}{_SEP}\d{{2}}",  # 601 23 45 67
        rf"\(\s?0?[ \-]?\d{{2}}\s?\)\s?\d{{3}}{_SEP}?\d{{2}}{_SEP}?\d{{2}}",  # (58) 123 45 67
        rf"0?\d{{2}}{_SEP}\d{{3}}{_SEP}\d{{2}}{_SEP}\d{{2}}",  # 58 123 45 67, 058-123-45-67
        rf"(?:\(\s?0?\d{{2}}\s?\)\s?|0?\d{{2}}{_SEP})\d{{7}}",  # 58 1234567, (58)1234567
    ]
)
_PHONE = re.compile(rf"{_NOT_BEFORE}{_COUNTRY}?(?:{_NATIONAL}){_NOT_AFTER}", re.IGNORECASE)

_AT = r"(?:\s*@\s*|\s*[\[({<]\s*(?:at|małpa|malpa)\s*[\])}>]\s*|\s+(?:at|małpa|malpa)\s+)"
_DOT = r"(?:\.|\s+\.\s+|\s*[\[({<]\s*(?:dot|kropka)\s*[\])}>]\s*|\s+(?:dot|kropka)\s+)"
_LABEL = r"[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?"
_EMAIL = re.compile(
    rf"(?<![\w.+\-])[\w.+\-]*\w{_AT}(?:{_LABEL}{_DOT})+[a-z]{{2,24}}(?![\w\-]|\.[a-z0-9])",
    re.IGNORECASE,
)

_PESEL = re.compile(r"(?<![\d+])(?<!\d[ .\-])\d{11}(?!\d|[ .\-]\d)")
_IBAN = re.compile(r"(?<![\w])(?:PL ?)?\d{2}(?: ?\d{4}){6}(?!\d| \d)", re.IGNORECASE)
_ADDRESS = re.compile(
    r"\b(?:ul\.|ulic[aąęyi]|al\.|alej[aąęiy]|os\.|osiedl[eau]|pl\.)\s*"
    r"(?:[^\W_][\w.\-]*\s+){1,4}?"
    r"\d+[a-z]?\s*(?:/|m\.?|lok\.?|mieszk\.?)\s*\d+[a-z]?\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Match:
    """A piece of text that seems to be personal data: its kind and where it is."""

    kind: str  # one of KINDS
    start: int
    end: int
    text: str


def pesel_checksum_ok(digits: str) -> bool:
    """Whether eleven digits end with the PESEL check digit of the first ten."""
    if len(digits) != 11 or not digits.isascii() or not digits.isdigit():
        return False
    total = sum(w * int(d) for w, d in zip(_PESEL_WEIGHTS, digits[:10], strict=True))
    return (10 - total % 10) % 10 == int(digits[10])


def pesel_birth_date(digits: str) -> date | None:
    """The birth date a PESEL's first six digits give, None when it is no date."""
    year, month, day = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    offset = (month // 20) * 20
    century = _CENTURY_BY_MONTH_OFFSET.get(offset if month > 12 else 0)
    try:
        return date(century + year, month - offset, day) if century else None
    except ValueError:
        return None


def is_pesel(digits: str) -> bool:
    """Whether `digits` could be a PESEL number: right check digit and a real birth date."""
    return pesel_checksum_ok(digits) and pesel_birth_date(digits) is not None


def _phones(text: str):
    for m in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if m.group().lstrip("( ").startswith(("+", "00")) or len(digits) == 11:
            digits = digits.removeprefix("00").removeprefix("48")
        if len(digits) == 10 and digits.startswith("0"):  # trunk prefix: (058) 123 45 67
            digits = digits[1:]
        if len(digits) == 9 and digits[:2] in NUMBER_STARTS:
            yield m


def _candidates(text: str):
    """(kind, regex match) for every piece of text that looks like personal data."""
    for m in _EMAIL.finditer(text):
        yield "email", m
    for m in _IBAN.finditer(text):
        yield "iban", m
    for m in _PESEL.finditer(text):
        digits = m.group()
        # 48 and nine digits is a phone number too; a real birth date settles it.
        if is_pesel(digits) or (pesel_checksum_ok(digits) and not digits.startswith("48")):
            yield "pesel", m
    for m in _phones(text):
        yield "phone", m
    for m in _ADDRESS.finditer(text):
        yield "address", m


def find_personal_data(text: str) -> list[Match]:
    """What in `text` looks like personal data, in order, without overlaps (the kind
    earlier in KINDS wins)."""
    found: list[Match] = []
    ranked = sorted(_candidates(text), key=lambda c: (KINDS.index(c[0]), c[1].start()))
    for kind, m in ranked:
        start, end = m.span()
        if not any(start < other.end and other.start < end for other in found):
            found.append(Match(kind, start, end, m.group()))
    return sorted(found, key=lambda match: match.start)
