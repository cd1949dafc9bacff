"""Polish alphabetical order, in the database (ORDER BY) and in Python, the same."""

import random

from sqlalchemy import select

from app.core.collation import polish, polish_key
from app.extensions import db
from app.zones.models import Zone

# Polish order as a dictionary prints it: ł after all of l, ż after ź after z.
TOWNS = [
    "Głogów",
    "Gołdap",
    "Grodzisk Mazowiecki",
    "Lębork",
    "Lubin",
    "Łapy",
    "Łeba",
    "Ostrów",
    "Ośno",
    "Sopot",
    "Śrem",
    "Zabrze",
    "Ząbki",
    "Zielona Góra",
    "Źdźary",
    "Żary",
]


def test_python_key_sorts_in_polish_order():
    shuffled = random.Random(7).sample(TOWNS, len(TOWNS))
    assert sorted(shuffled, key=polish_key) == TOWNS


def test_case_does_not_split_the_alphabet():
    assert sorted(["łeba", "Lubin", "ŁAPY", "lipno"], key=polish_key) == [
        "lipno",
        "Lubin",
        "ŁAPY",
        "łeba",
    ]


def test_database_orders_towns_in_polish_order(app, make_zone):
    for n, town in enumerate(random.Random(3).sample(TOWNS, len(TOWNS))):
        make_zone(town=town, slug=f"town-{n}")
    towns = db.session.scalars(
        select(Zone.town).where(Zone.town.in_(TOWNS)).order_by(polish(Zone.town))
    ).all()
    assert towns == TOWNS


def test_database_and_python_agree_on_any_words(app, make_zone):
    # ICU (PostgreSQL) and polish_key (SQLite, Python) on words mixing every Polish letter,
    # case, spaces and digits: one order whichever sorts them.
    rng = random.Random(11)
    letters = "aąbcćdeęfghijklłmnńoóprsśtuwyzźżAĄĆĘŁŃÓŚŹŻ"
    words = {"".join(rng.choice(letters) for _ in range(rng.randint(1, 5))) for _ in range(40)}
    words |= {"Łeba 2", "Łeba 10", "Nowy Tomyśl", "Nowy Targ", "Nowa Sól"}
    for n, word in enumerate(sorted(words)):
        make_zone(town=word, slug=f"word-{n}")
    in_db = db.session.scalars(
        select(Zone.town).where(Zone.town.in_(words)).order_by(polish(Zone.town))
    ).all()
    assert in_db == sorted(words, key=polish_key)
