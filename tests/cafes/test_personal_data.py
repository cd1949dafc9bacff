"""Personal data in ideas (app/cafes/personal_data.py): what is flagged, what is left alone."""

import re
from datetime import date

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from app.cafes.personal_data import (
    Match,
    find_personal_data,
    is_pesel,
    pesel_birth_date,
    pesel_checksum_ok,
)

FAST = settings(deadline=None)  # examples: as many as the Hypothesis profile says


def make_pesel(born: date, serial: int) -> str:
    """A PESEL with a right check digit for someone born on `born` (1800-2299)."""
    offset = {18: 80, 19: 0, 20: 20, 21: 40, 22: 60}[born.year // 100]
    first = f"{born.year % 100:02d}{born.month + offset:02d}{born.day:02d}{serial:04d}"
    total = sum(w * int(d) for w, d in zip((1, 3, 7, 9, 1, 3, 7, 9, 1, 3), first, strict=True))
    return first + str((10 - total % 10) % 10)


def with_check_digit(first_ten: str) -> str:
    return next(first_ten + d for d in "0123456789" if pesel_checksum_ok(first_ten + d))


def flagged(text: str) -> list[tuple[str, str]]:
    return [(m.kind, m.text) for m in find_personal_data(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # phone numbers as people write them
        ("Dzwońcie: 601 234 567", "601 234 567"),
        ("601-234-567", "601-234-567"),
        ("601234567", "601234567"),
        ("601.234.567", "601.234.567"),
        ("601 23 45 67", "601 23 45 67"),
        ("+48 601234567", "+48 601234567"),
        ("+48 601 234 567", "+48 601 234 567"),
        ("+48601234567", "+48601234567"),
        ("0048 601 234 567", "0048 601 234 567"),
        ("(+48) 601-234-567", "(+48) 601-234-567"),
        ("48601234567", "48601234567"),
        ("tel. 601234567", "601234567"),
        ("tel.601234567", "601234567"),
        ("tel:601 234 567.", "601 234 567"),
        ("kom. 788 123 456, po 16", "788 123 456"),
        ("(58) 123 45 67", "(58) 123 45 67"),
        ("(058) 123-45-67", "(058) 123-45-67"),
        ("(0-58) 123-45-67", "(0-58) 123-45-67"),
        ("58 123 45 67", "58 123 45 67"),
        ("58 1234567", "58 1234567"),
        ("+48 (58) 123 45 67", "+48 (58) 123 45 67"),
        ("Sekretariat 22 123 45 67 (od 8 do 16)", "22 123 45 67"),
    ],
)
def test_phone_numbers_are_found(text, expected):
    assert flagged(text) == [("phone", expected)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jan.kowalski@wp.pl", "jan.kowalski@wp.pl"),
        ("JAN@WP.PL", "JAN@WP.PL"),
        ("a.b-c+d@poczta.onet.pl", "a.b-c+d@poczta.onet.pl"),
        ("Piszcie: ola_nowak@o2.pl. Dzięki!", "ola_nowak@o2.pl"),
        ("jan [at] wp.pl", "jan [at] wp.pl"),
        ("jan(at)wp.pl", "jan(at)wp.pl"),
        ("jan (at) wp (dot) pl", "jan (at) wp (dot) pl"),
        ("jan[at]wp[dot]pl", "jan[at]wp[dot]pl"),
        ("jan @ wp . pl", "jan @ wp . pl"),
        ("jan at wp.pl", "jan at wp.pl"),
        ("kasia małpa gmail kropka com", "kasia małpa gmail kropka com"),
    ],
)
def test_email_addresses_are_found_plain_or_disguised(text, expected):
    assert flagged(text) == [("email", expected)]


def test_pesel_numbers_are_found():
    pesel = make_pesel(date(1985, 3, 12), 1234)
    assert flagged(f"mój PESEL: {pesel}, proszę") == [("pesel", pesel)]
    assert flagged("PESEL 44051401359") == [("pesel", "44051401359")]


@pytest.mark.parametrize("born", [date(1948, 5, 14), date(2048, 1, 1), date(1848, 12, 31)])
def test_a_pesel_starting_48_is_a_pesel_not_a_phone(born):
    pesel = make_pesel(born, 135)
    assert flagged(pesel) == [("pesel", pesel)]


def test_eleven_digits_with_a_right_check_digit_are_flagged_whatever_the_date():
    number = with_check_digit("9999999999")
    assert pesel_birth_date(number) is None
    assert flagged(f"nr {number}") == [("pesel", number)]


def test_a_phone_written_48_and_nine_digits_stays_a_phone_even_with_a_check_digit():
    number = with_check_digit("4860123456")  # month 60: no birth date
    assert flagged(number) == [("phone", number)]


@pytest.mark.parametrize(
    "text",
    ["PL61 1090 1014 0000 0712 1981 2874", "61 1090 1014 0000 0712 1981 2874",
     "61109010140000071219812874"],
)  # fmt: skip
def test_bank_account_numbers_are_found(text):
    assert flagged(f"wpłaty na konto {text}.") == [("iban", text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mieszkam przy ul. Kwiatowej 5/12", "ul. Kwiatowej 5/12"),
        ("ul. Jana Pawła II 12 m. 4", "ul. Jana Pawła II 12 m. 4"),
        ("ulica długa 7 m 3", "ulica długa 7 m 3"),
        ("os. Słoneczne 2/15", "os. Słoneczne 2/15"),
    ],
)
def test_home_addresses_with_a_flat_number_are_found(text, expected):
    assert flagged(text) == [("address", expected)]


@pytest.mark.parametrize(
    "text",
    [
        "W 2024 roku zróbmy kino plenerowe",
        "rok szkolny 2024/2025",
        "lata 1990-2024",
        "Koszt: 10 000 zł",
        "budżet 10 000 PLN",
        "1 234,56 zł",
        "1 500 000 zł",
        "150 000 000 zł",
        "600 000 000 zł na wszystko",
        "50% mieszkańców",
        "spotkanie 12.05.2025 o 18:00",
        "od 1.05.2025 do 30.06.2025",
        "2025-05-12",
        "w godz. 18:00-20:00",
        "o 18.00",
        "10:00 12:00 14:00",
        "kod 82-500 Kwidzyn",
        "80-001 Gdańsk",
        "sala 101",
        "przyjdzie 150 osób",
        "numer 12345",
        "tel. 112",
        "zamówienie 12345678901",  # eleven digits, wrong check digit
        "2020 2021 2022 2023",
        "ISBN 978-83-240-1234-5",
        "NIP 123-456-78-90",
        "192.168.100.200",
        "100 200 300",
        "@biblioteka",
        "spotkanie @ sala 5",
        "www.biblioteka.pl",
        "jan@localhost",
        "ławka na ul. Parkowej 5",
        "ul. Kwiatowa",
        "plac zabaw dla dzieci 3/4 lat",
        "Zajęcia dla dzieci 6-10 lat, grupy po 12 osób",
    ],
)
def test_numbers_that_are_not_personal_data_are_left_alone(text):
    assert flagged(text) == []


def test_matches_are_in_order_with_positions_for_highlighting():
    text = "Pisz: jan@wp.pl lub dzwoń 601 234 567. Adres: ul. Polna 3/4."
    found = find_personal_data(text)
    assert [m.kind for m in found] == ["email", "phone", "address"]
    for m in found:
        assert isinstance(m, Match)
        assert text[m.start : m.end] == m.text


def test_overlapping_matches_keep_the_stronger_kind():
    # The digits of an account number contain phone-like groups: one match, an account.
    assert [m.kind for m in find_personal_data("61 1090 1014 0000 0712 1981 2874")] == ["iban"]


def test_pesel_helpers():
    assert pesel_checksum_ok("44051401359")
    assert not pesel_checksum_ok("44051401358")
    assert not pesel_checksum_ok("4405140135")
    assert not pesel_checksum_ok("4405140135x")
    assert pesel_birth_date("44051401359") == date(1944, 5, 14)
    assert pesel_birth_date(make_pesel(date(2004, 2, 29), 1)) == date(2004, 2, 29)
    assert pesel_birth_date("01222900000") is None  # 29 February 2001
    assert is_pesel("44051401359")
    assert not is_pesel(with_check_digit("9999999999"))


@pytest.mark.parametrize(
    "text",
    ["1" * 10_000, "a@" * 5_000, "jan [at] " * 1_200, "a." * 5_000, "601 " * 2_500,
     "ul. " * 2_500, ("x " * 5_000) + "@", "-" * 10_000 + "1"],
)  # fmt: skip
def test_hostile_long_input_completes(text):
    assert isinstance(find_personal_data(text), list)


# ---------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------

POLISH_LETTERS = "aąbcćdeęfghijklłmnńoóprsśtuwyzźżAĄBCĆDEĘFGHIJKLŁMNŃOÓPRSŚTUWYZŹŻ"
words = st.text(st.sampled_from(POLISH_LETTERS), min_size=1, max_size=10)
separators = st.sampled_from([" ", ", ", ". ", "! ", " - ", "\n", ": ", " (", ") ", "; "])
polish_text = st.lists(st.tuples(words, separators), max_size=8).map(
    lambda parts: "".join(w + s for w, s in parts)
)
AT_WORDS = re.compile(r"at|małpa|malpa", re.IGNORECASE)


@FAST
@given(
    born=st.dates(date(1800, 1, 1), date(2299, 12, 31)),
    serial=st.integers(0, 9999),
    before=polish_text,
    after=polish_text,
    left=separators,
    right=separators,
)
def test_a_valid_pesel_in_polish_text_is_always_found(born, serial, before, after, left, right):
    assume(not AT_WORDS.search(before + after))  # no disguised e-mail around it
    pesel = make_pesel(born, serial)
    text = f"{before}{left}{pesel}{right}{after}"
    start = len(before) + len(left)
    assert Match("pesel", start, start + 11, pesel) in find_personal_data(text)


not_digits_nor_at = st.characters(blacklist_categories=("Nd", "Cs"), blacklist_characters="@")


@FAST
@given(text=st.one_of(st.text(not_digits_nor_at, max_size=300), polish_text))
def test_text_without_digits_or_at_is_never_flagged(text):
    # "małpa" ("monkey") is the Polish way to say "@": it stands for one too.
    assume(not AT_WORDS.search(text))
    assert find_personal_data(text) == []


@FAST
@given(
    day=st.dates(date(1900, 1, 1), date(2100, 12, 31)),
    hour=st.integers(0, 23),
    minute=st.integers(0, 59),
    amount=st.integers(0, 10**9),
    postal=st.integers(0, 99_999),
    year=st.integers(1000, 2999),
)
def test_dates_times_prices_postal_codes_and_years_are_never_flagged(
    day, hour, minute, amount, postal, year
):
    grouped = f"{amount:,}".replace(",", " ")
    text = (
        f"Spotkanie {day:%d.%m.%Y} ({day:%Y-%m-%d}) o {hour}:{minute:02d}, "
        f"koszt {grouped} zł, {amount} PLN, kod {postal // 1000:02d}-{postal % 1000:03d}, "
        f"rok {year}, {year}/{year + 1}."
    )
    assert find_personal_data(text) == []
