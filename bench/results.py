"""Survey results at scale: the results endpoint and the dashboard page against a raw SQL
GROUP BY over the answers table (the floor), same run, same engine.

For each backend (SQLite in a temporary folder; PostgreSQL in a fresh database created and
dropped here) this builds the schema through the migrations, opens the diagnosis survey
(surveys/diagnoza-potrzeb.yaml) in one zone with its results public, and fills it with
complete responses of plausible residents in the exact shape the app stores them (Response
rows, one Answer row per chosen option, number, rank or text). The survey grows through the
sizes asked for (by default 10,000, 100,000 and 1,000,000 responses, ~23 answer rows each):
after each load the database is analysed (PostgreSQL: VACUUM ANALYZE, as autovacuum would)
and, after an untimed warm-up, each of these is timed several times, interleaved (so that
the machine's other load hits all alike):

- floor:     SELECT question_key, option, number, count(*) FROM answers WHERE survey_id = :s
             GROUP BY question_key, option, number (all rows fetched), on the app's engine;
- endpoint:  GET /api/v1/zones/<zone>/surveys/<slug>/results, Flask test client, in-process;
- by:        the same with ?by=grupa_wieku (a breakdown by age group);
- dashboard: GET /zones/<zone>/surveys/<slug>/results, the HTML page (skipped with a note
             while the app has no such page).

Calls slower than 30 s are timed once (their warm-up), fewer rounds are made when five would
take more than --budget seconds, and a call whose time at the previous size, grown in
proportion, would pass --max-call seconds is skipped with its prediction.

It prints per backend the median (and fastest) time of each, its ratio to the floor of the
same run, the load time and database size, and how each grows from one size to the next
compared with the floor. Goal: the endpoint within 3x the floor, and growing no faster than
the floor. Missing the goal is reported, and exits 0: benchmarks report rather than gate; a
run that cannot execute, or results that disagree with the floor's counts, exit 1.

    .venv/bin/python bench/results.py                        # 10k, 100k and 1M responses
    .venv/bin/python bench/results.py --quick                # 1,000 and 10,000
    .venv/bin/python bench/results.py --sizes 10000,100000 --backends sqlite
    .venv/bin/python bench/results.py --sizes 100000 --profile   # where the endpoint's time goes

--profile, at the largest size, times each SQL statement of the endpoint on its own (captured
from a real request) and prints its plan (SQLite: EXPLAIN QUERY PLAN; PostgreSQL: EXPLAIN
ANALYZE); times other query shapes that give the same figures (see shapes()); then creates
candidate indexes (CANDIDATES; in the bench database only, dropped again) and times floor,
endpoint and shapes with each.

PostgreSQL: BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres) names
a server where the user may create databases; when it does not answer, the PostgreSQL run is
skipped with a message.
"""

import argparse
import base64
import bisect
import gzip
import itertools
import json
import logging
import os
import random
import secrets
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from flask import Flask  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from app import create_app  # noqa: E402
from app.auth.services import create_user  # noqa: E402
from app.extensions import db  # noqa: E402
from app.surveys.answers import check, other_key  # noqa: E402
from app.surveys.models import ResponseStatus, Survey  # noqa: E402
from app.surveys.schema import OTHER, SurveyTemplate, parse_template  # noqa: E402
from app.surveys.services import answer_rows, create_survey, open_survey  # noqa: E402
from app.zones.services import create_zone  # noqa: E402
from bench.submissions import (  # noqa: E402
    postgresql_database,
    postgresql_unreachable,
    sqlite_database,
    stop_on_signals,
)

GOAL_RATIO = 3.0
GROWTH_SLACK = 1.10  # "no faster than the floor": within 10%, the noise of a few runs
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
QUICK_SIZES = (1_000, 10_000)
DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
TEMPLATE = ROOT / "surveys" / "diagnoza-potrzeb.yaml"
BREAKDOWN = "grupa_wieku"
BATCH = 10_000  # responses generated and written at a time
IN_PROGRESS_SHARE = 0.02  # unfinished responses beside the complete ones (no answer rows)
SEED = 2013
NOW = datetime(2026, 10, 1, 12, 0, 0)  # fixed, so that runs are comparable  # noqa: DTZ001
ACCEPT = {"Accept-Encoding": "gzip"}  # as browsers and curl --compressed send
HTTPS = "https://localhost"  # production cookies are Secure
SLOW_CALL = 30.0  # seconds: a call slower than this in the warm-up is timed once

FLOOR_SQL = (
    "SELECT question_key, option, number, count(*) FROM answers WHERE survey_id = :s"
    " GROUP BY question_key, option, number"
)
STATEMENT_NAMES = ("sizes", "answered", "choices", "numbers", "ranks", "others")

# Candidate indexes tried by --profile, one at a time (the same DDL on both backends).
CANDIDATES = {
    # The floor's GROUP BY in index order, covering (a wider ix_answers_survey_question_option).
    "a": "CREATE INDEX bench_ix_a ON answers (survey_id, question_key, option, number,"
    " response_id)",
    # A respondent's answer to one question (the dimension of a breakdown), covering.
    "c": "CREATE INDEX bench_ix_c ON answers (survey_id, question_key, response_id, option)",
}


# Residents ------------------------------------------------------------------------------


def _cumulative(weights: list[float]) -> tuple[list[float], float]:
    cum = list(itertools.accumulate(weights))
    return cum, cum[-1]


class Residents:
    """Plausible, valid answer sets to the diagnosis survey, fast and reproducible.

    Each resident has a profile (age group, parent of a small child, part of town, sex,
    library visits) that shifts the other answers: parents miss a place to meet and rank
    the parents' club first, seniors want computer help and hear news at the parish,
    teenagers live on social media, villages rate their town lower, frequent visitors
    recommend the library. Multiple choices are independent yes/no per option (as people
    tick "all that apply"), optional closed questions are skipped by ~5%, a few per cent
    choose "other" and write something (often the same few things, spelt differently;
    sometimes something only they say), and open questions are answered by a minority.
    """

    AGES = ["wiek_15_24", "wiek_25_34", "wiek_35_44", "wiek_45_59", "wiek_60_74", "wiek_75_plus"]
    AGE_WEIGHTS = [14, 24, 22, 18, 16, 6]
    PARENT_BY_AGE = [0.05, 0.42, 0.33, 0.04, 0.01, 0.0]
    SKIP = 0.05

    def __init__(self, template: SurveyTemplate, rng: random.Random):
        self.template = template
        self.rng = rng
        self.q = {question.key: question for question in template.questions()}
        self.age = _cumulative(self.AGE_WEIGHTS)
        self.area = (
            ["centrum", "osiedle", "domy_jednorodzinne", "obrzeza", "wies_w_gminie", "poza_gmina"],
            _cumulative([18, 38, 22, 10, 10, 2]),
        )
        self.sex = (["kobieta", "mezczyzna", "inna", "nie_podam"], _cumulative([58, 36, 1, 5]))
        visits = ["co_tydzien", "co_miesiac", "kilka_razy_w_roku", "rzadziej", "nigdy"]
        self.visits = {
            "young": (visits, _cumulative([8, 14, 22, 26, 30])),
            "adult": (visits, _cumulative([6, 12, 24, 28, 30])),
            "parent": (visits, _cumulative([14, 20, 26, 22, 18])),
            "senior": (visits, _cumulative([22, 24, 20, 18, 16])),
        }
        self.children = ([1, 2, 3, 4], _cumulative([55, 33, 9, 3]))
        self.engagement = (
            ["organizowac", "pomagac", "uczestniczyc", "nie_teraz"],
            _cumulative([6, 14, 38, 42]),
        )
        self.likert = {
            "easy": _cumulative([8, 20, 27, 30, 15]),
            "easy_village": _cumulative([14, 28, 26, 22, 10]),
            "meet": _cumulative([6, 16, 24, 34, 20]),
            "meet_parent": _cumulative([30, 35, 15, 15, 5]),
        }
        self.recommend_mean = {
            "co_tydzien": 9.0, "co_miesiac": 8.0, "kilka_razy_w_roku": 7.0, "rzadziej": 5.5,
            "nigdy": 4.5, None: 6.5,
        }  # fmt: skip

    # Small helpers on the shared generator.

    def pick(self, values: list, cumulative: tuple[list[float], float]):
        cum, total = cumulative
        return values[bisect.bisect(cum, self.rng.random() * total)]

    def likert_answer(self, cumulative) -> int:
        cum, total = cumulative
        return 1 + bisect.bisect(cum, self.rng.random() * total)

    def ticks(self, chances: dict[str, float], limit: int | None, required: bool) -> list[str]:
        """Options ticked independently; at most `limit`; at least one if required."""
        rng = self.rng
        chosen = [option for option, p in chances.items() if rng.random() < p]
        if not chosen and required:
            options = list(chances)
            chosen = rng.choices(options, list(chances.values()))
        if limit and len(chosen) > limit:
            keep = set(rng.sample(chosen, limit))
            chosen = [option for option in chosen if option in keep]
        return chosen

    def other_text(self, question: str) -> str:
        rng = self.rng
        common = OTHER_TEXTS[question]
        text = common[int(len(common) * rng.random() ** 1.6)]  # a few phrases dominate
        roll = rng.random()
        if roll < 0.35:  # something only this person says
            street = STREETS[int(rng.random() * len(STREETS))]
            return f"{text} przy ul. {street} {rng.randint(1, 120)}"
        if roll < 0.5:
            return text.capitalize()  # the app keeps case; results group lower(trim(text))
        if roll < 0.53:
            return text.upper()
        return text

    def idea(self, parent: bool) -> tuple[str, str]:
        ideas = IDEAS
        if parent and self.rng.random() < 0.5:
            return ideas[0]
        return ideas[int(len(ideas) * self.rng.random() ** 1.3)]

    # One resident.

    def one(self) -> dict:
        rng, answers, skip = self.rng, {}, self.SKIP
        a = bisect.bisect(self.age[0], rng.random() * self.age[1])
        age = self.AGES[a]
        parent_answer = None if rng.random() < skip else rng.random() < self.PARENT_BY_AGE[a]
        parent = bool(parent_answer)
        young, senior = a == 0, a >= 4
        area = None if rng.random() < skip else self.pick(*self.area)
        village = area in ("wies_w_gminie", "obrzeza")
        kind = "parent" if parent else "young" if young else "senior" if senior else "adult"
        visits = None if rng.random() < skip else self.pick(*self.visits[kind])
        weekly = visits == "co_tydzien"

        missing = self.ticks(
            {
                "miejsce_rodzice_dzieci": 0.75 if parent else 0.10,
                "zajecia_mlodziez": 0.50 if young else 0.20,
                "zajecia_seniorzy": 0.55 if senior else 0.12,
                "wydarzenia_kulturalne": 0.35,
                "miejsca_spotkan": 0.30,
                "pomoc_komputer": 0.35 if senior else 0.08,
                "informacja_lokalna": 0.20,
                "sport_rekreacja": 0.35 if young else 0.20,
                "nauka_rozwoj": 0.12,
                OTHER: 0.04,
            },
            3,
            required=True,
        )
        self.choice(answers, "czego_brakuje", missing)
        if rng.random() >= skip:
            left_out = self.ticks(
                {
                    "mlodzi_rodzice": 0.60 if parent else 0.18,
                    "nastolatki": 0.35,
                    "seniorzy": 0.50 if senior else 0.28,
                    "niepelnosprawni": 0.20,
                    "szukajacy_pracy": 0.12,
                    "nowi_mieszkancy": 0.08,
                    "mieszkancy_wsi": 0.45 if village else 0.08,
                    OTHER: 0.03,
                },
                None,
                required=False,
            )
            self.choice(answers, "kto_pominiety", left_out)
        good = round(rng.gauss(5.6 if village else 6.9, 1.9))
        answers["dobre_miejsce"] = good = max(0, min(10, good))
        if good <= 4 and rng.random() < 0.45:
            answers["co_zmienic"] = COMPLAINTS[int(len(COMPLAINTS) * rng.random() ** 1.5)]

        meet = self.ticks(
            {
                "kawiarnia": 0.50 if young else 0.32,
                "park_plac_zabaw": 0.70 if parent else 0.15,
                "biblioteka": 0.60 if weekly else 0.08,
                "dom_kultury": 0.12,
                "parafia": 0.40 if senior else 0.08,
                "sklep_targ": 0.25,
                "internet": 0.55 if young else 0.15,
                "nigdzie": 0.25 if parent else 0.08,
                OTHER: 0.03,
            },
            None,
            required=True,
        )
        self.choice(answers, "gdzie_spotkania", meet)
        news = self.ticks(
            {
                "media_spolecznosciowe": 0.85 if young else 0.15 if senior else 0.55,
                "portal_lokalny": 0.35,
                "strona_urzedu": 0.15,
                "gazeta_radio": 0.45 if senior else 0.12,
                "plakaty": 0.20,
                "znajomi": 0.45,
                "parafia": 0.35 if senior else 0.06,
                "szkola": 0.45 if parent else 0.04,
                "biblioteka": 0.50 if weekly else 0.06,
                OTHER: 0.02,
            },
            None,
            required=True,
        )
        self.choice(answers, "skad_informacje", news)
        answers["informacje_latwo"] = self.likert_answer(
            self.likert["easy_village" if village else "easy"]
        )
        if rng.random() >= skip:
            answers["mam_gdzie_sie_spotkac"] = self.likert_answer(
                self.likert["meet_parent" if parent else "meet"]
            )

        if visits is not None:
            answers["wizyty_w_bibliotece"] = visits
        if visits in ("rzadziej", "nigdy") and rng.random() >= skip:
            reasons = self.ticks(
                {
                    "brak_czasu": 0.55 if not (young or senior) else 0.35,
                    "godziny_otwarcia": 0.40 if parent else 0.18,
                    "daleko": 0.45 if village else 0.10,
                    "nic_dla_mnie": 0.35 if young else 0.18,
                    "nie_wiem_co_oferuje": 0.25,
                    "czytam_inaczej": 0.15,
                    OTHER: 0.05,
                },
                None,
                required=False,
            )
            self.choice(answers, "co_powstrzymuje", reasons)
        recommend = round(rng.gauss(self.recommend_mean[visits], 1.8))
        answers["polecenie_biblioteki"] = max(0, min(10, recommend))
        answers["priorytety_strefy"] = self.ranking(parent, young, senior)

        if rng.random() < 0.28:
            title, description = self.idea(parent)
            answers["pomysl"] = title
            if rng.random() < 0.5:
                answers["pomysl_opis"] = description
        engagement = self.pick(*self.engagement)
        answers["zaangazowanie"] = engagement
        if engagement in ("organizowac", "pomagac") and rng.random() < 0.55:
            answers["co_mozesz_zrobic"] = OFFERS[int(len(OFFERS) * rng.random())]

        answers["grupa_wieku"] = age
        if rng.random() >= skip:
            answers["plec"] = self.pick(*self.sex)
        if area is not None:
            answers["czesc_miejscowosci"] = area
        if parent_answer is not None:
            answers["rodzic_malego_dziecka"] = "tak" if parent else "nie"
            if parent and rng.random() >= skip:
                answers["liczba_malych_dzieci"] = self.pick(*self.children)
        return answers

    def choice(self, answers: dict, key: str, chosen: list[str]) -> None:
        if not chosen:
            return
        answers[key] = chosen
        if OTHER in chosen:
            answers[other_key(self.q[key])] = self.other_text(key)

    def ranking(self, parent: bool, young: bool, senior: bool) -> list[str]:
        """All five ranked: weighted picks without replacement (Plackett-Luce)."""
        weights = {
            "klub_rodzicow": 6.0 if parent else 1.0,
            "zajecia_mlodziez": 4.0 if young else 2.0,
            "warsztaty_cyfrowe": 4.0 if senior else 1.5,
            "wydarzenia_kulturalne": 3.0,
            "informator_lokalny": 2.0,
        }
        order = []
        while weights:
            roll = self.rng.random() * sum(weights.values())
            for option, weight in weights.items():  # noqa: B007 - the one the roll lands on
                roll -= weight
                if roll < 0:
                    break
            order.append(option)
            del weights[option]
        return order


OTHER_TEXTS = {
    "czego_brakuje": [
        "ścieżek rowerowych", "basenu", "kina", "komunikacji do miasta", "chodników",
        "ławek w parku", "toalet publicznych", "żłobka", "lekarzy specjalistów", "siłowni",
    ],
    "kto_pominiety": [
        "osoby samotne", "rodziny wielodzietne", "studenci", "osoby starsze na wsi",
        "obcokrajowcy", "ludzie pracujący na zmiany",
    ],
    "gdzie_spotkania": [
        "na działce", "w klubie sportowym", "na siłowni", "u sąsiadów", "na spacerze z psem",
        "w świetlicy wiejskiej", "na orliku",
    ],
    "skad_informacje": [
        "z grupy na whatsappie", "z tablicy w sklepie", "od sołtysa", "z newslettera",
        "z radia parafialnego",
    ],
    "co_powstrzymuje": [
        "brak parkingu", "nie ma windy", "dziecko nie ma gdzie się bawić", "choroba",
        "pracuję w godzinach otwarcia", "za mało nowości",
    ],
}  # fmt: skip
STREETS = [
    "Polnej", "Lipowej", "Kościuszki", "Mickiewicza", "Słonecznej", "Ogrodowej", "Długiej",
    "Kwiatowej", "Szkolnej", "Leśnej", "Łąkowej", "Sienkiewicza", "Wiejskiej", "Parkowej",
]  # fmt: skip
COMPLAINTS = [
    "Nic się tu nie dzieje", "Brak pracy dla młodych", "Dziury w drogach",
    "Nie ma gdzie pójść wieczorem", "Słaby autobus do miasta", "Hałas z obwodnicy",
    "Brak miejsc w żłobku", "Śmieci w parku",
]  # fmt: skip
IDEAS = [
    ("Klub Młodych Mam", "Cotygodniowe spotkania mam z małymi dziećmi w bibliotece."),
    ("Kawiarenka dla rodziców", "Miejsce, gdzie można przyjść z wózkiem i porozmawiać."),
    ("Warsztaty komputerowe dla seniorów", "Jak bezpiecznie korzystać z internetu i e-urzędu."),
    ("Kalendarz wydarzeń w mieście", "Jedna strona ze wszystkimi wydarzeniami w mieście."),
    ("Klub gier planszowych dla młodzieży", "Piątkowe wieczory z grami w bibliotece."),
    ("Kino plenerowe latem", "Filmy w parku w sobotnie wieczory."),
    ("Wymiana książek i zabawek", "Półka, na której rodzice zostawiają i biorą zabawki."),
    ("Repair café", "Raz w miesiącu naprawiamy razem sprzęty zamiast je wyrzucać."),
]
OFFERS = [
    "Mogę poprowadzić warsztaty z szycia.", "Pomogę przy plakatach i w mediach.",
    "Użyczę rzutnika i nagłośnienia.", "Poprowadzę zajęcia z gier planszowych.",
    "Nauczę seniorów obsługi smartfona.", "Upiekę ciasto na spotkanie.",
]  # fmt: skip


# Rows as the app stores them ------------------------------------------------------------


@dataclass
class Layout:
    """What a response's rows need of the survey, worked out once."""

    survey_id: int
    steps: int
    version: int
    questions: list[tuple[str, str, str | None]]  # key, kind, key of the "other" text


def layout_of(survey: Survey) -> Layout:
    questions = []
    for q in survey.template.questions():
        if q.type in ("single_choice", "multiple_choice"):
            kind = "choice"
        elif q.type == "ranking":
            kind = "ranking"
        elif q.type in ("likert", "scale", "number"):
            kind = "number"
        else:
            kind = "text"
        questions.append((q.key, kind, other_key(q) if q.other else None))
    return Layout(survey.id, len(survey.template.sections) - 1, survey.version, questions)


def answer_tuples(layout: Layout, answers: dict) -> list[tuple]:
    """(question_key, option, number, text) of each Answer row: app.surveys.services.answer_rows
    as tuples (checked against it before every load)."""
    rows = []
    for key, kind, other in layout.questions:
        value = answers.get(key)
        if value is None:
            continue
        if kind == "choice":
            for option in value if isinstance(value, list) else [value]:
                text = answers.get(other) if option == OTHER else None
                rows.append((key, option, None, text))
        elif kind == "ranking":
            rows.extend((key, option, rank, None) for rank, option in enumerate(value, 1))
        elif kind == "number":
            rows.append((key, None, value, None))
        else:
            rows.append((key, None, None, value))
    return rows


def timestamp(moment: datetime) -> str:
    """A DateTime as SQLAlchemy writes it to SQLite (PostgreSQL reads it the same)."""
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def channel_weights() -> tuple[list[str], tuple[list[float], float]]:
    from app.surveys.demo import CHANNELS

    return [c.value for c, _ in CHANNELS], _cumulative([w for _, w in CHANNELS])


RESPONSE_COLUMNS = (
    "id", "survey_id", "token", "device_hash", "idempotency_key", "request_hash", "channel",
    "status", "step", "draft", "survey_version", "created_at", "updated_at", "submitted_at",
)  # fmt: skip
ANSWER_COLUMNS = ("id", "response_id", "survey_id", "question_key", "option", "number", "text")


class Generator:
    """Batches of (response rows, answer rows) with consecutive ids, from a fixed seed."""

    def __init__(self, layout: Layout, template: SurveyTemplate, seed: int):
        self.layout = layout
        self.rng = random.Random(seed)
        self.residents = Residents(template, self.rng)
        self.channels = channel_weights()
        self.next_response = 1
        self.next_answer = 1
        self.complete = 0
        self.answers = 0

    def _hex(self, bits: int = 256) -> str:
        return f"{self.rng.getrandbits(bits):064x}"

    def _token(self) -> str:
        raw = self.rng.getrandbits(256).to_bytes(32, "little")
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    def batch(self, count: int, total: int) -> tuple[list[tuple], list[tuple]]:
        """`count` complete responses (and ~2% unfinished ones); `total` is the size the
        survey grows to, which spreads submission times over its 60 days."""
        rng, layout, residents = self.rng, self.layout, self.residents
        responses, answers = [], []
        for _ in range(count):
            rid = self.next_response
            self.next_response += 1
            resident = residents.one()
            channel = self.channels[0][bisect.bisect(self.channels[1][0], rng.random() * 100)]
            # Most answers come early in the campaign, a tail later.
            days = 60 * (self.complete / total) ** 1.6 + rng.random()
            submitted = NOW - timedelta(days=60) + timedelta(days=days)
            created = submitted - timedelta(seconds=90 + 900 * rng.random())
            device = self._hex() if channel in ("link", "qr") else None
            key = request_hash = None
            if channel == "kiosk":
                key, request_hash = f"kiosk-{rid}", self._hex()
            responses.append((
                rid, layout.survey_id, self._token(), device, key, request_hash, channel,
                ResponseStatus.COMPLETE.value, layout.steps,
                json.dumps(resident, ensure_ascii=False), layout.version, timestamp(created),
                timestamp(submitted), timestamp(submitted),
            ))  # fmt: skip
            for question_key, option, number, text in answer_tuples(layout, resident):
                answers.append(
                    (self.next_answer, rid, layout.survey_id, question_key, option, number, text)
                )
                self.next_answer += 1
            self.complete += 1
            if rng.random() < IN_PROGRESS_SHARE:  # someone who started and stopped
                rid = self.next_response
                self.next_response += 1
                started = timestamp(submitted + timedelta(seconds=rng.random() * 3600))
                draft = {"grupa_wieku": resident["grupa_wieku"]} if rng.random() < 0.3 else {}
                responses.append((
                    rid, layout.survey_id, self._token(), self._hex(), None, None, "qr",
                    ResponseStatus.IN_PROGRESS.value, 0, json.dumps(draft), layout.version,
                    started, started, None,
                ))  # fmt: skip
        self.answers += len(answers)
        return responses, answers


def self_check(app: Flask, survey: Survey, layout: Layout, count: int = 300) -> None:
    """The generator's answers pass the app's own checks and make the app's own rows."""
    rng = random.Random(SEED + 1)
    residents = Residents(survey.template, rng)
    questions = survey.template.questions()
    with app.test_request_context():
        for _ in range(count):
            answers = residents.one()
            clean, errors = check(questions, answers, {})
            assert not errors, (errors, answers)
            assert clean == answers, (clean, answers)
            theirs = [
                (r["question_key"], r["option"], r["number"], r["text"])
                for r in answer_rows(survey.template, survey.id, 1, answers)
            ]
            assert theirs == answer_tuples(layout, answers), (theirs, answers)


# Loading --------------------------------------------------------------------------------


def insert_sql(table: str, columns: tuple[str, ...]) -> str:
    values = ", ".join("?" * len(columns))
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({values})"  # noqa: S608


def load_sqlite(url: str, generator: Generator, count: int, total: int) -> None:
    """executemany in batches; no journal and no fsync while loading (a bench, not data)."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA journal_mode=OFF")
            conn.exec_driver_sql("PRAGMA synchronous=OFF")
            conn.exec_driver_sql("PRAGMA cache_size=-1000000")  # 1 GB while loading
            insert_responses = insert_sql("responses", RESPONSE_COLUMNS)
            insert_answers = insert_sql("answers", ANSWER_COLUMNS)
            done = 0
            while done < count:
                n = min(BATCH, count - done)
                responses, answers = generator.batch(n, total)
                conn.exec_driver_sql(insert_responses, responses)
                conn.exec_driver_sql(insert_answers, answers)
                conn.commit()
                done += n
            conn.exec_driver_sql("ANALYZE")
            conn.commit()
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")  # back to the app's mode
    finally:
        engine.dispose()


def copy_sql(table: str, columns: tuple[str, ...]) -> str:
    return f"COPY {table} ({', '.join(columns)}) FROM STDIN"


def copy_text(rows: list[tuple]) -> str:
    """Rows in COPY's text format (psycopg's write_row is ~10x slower per row here)."""

    def field(value) -> str:
        if value is None:
            return "\\N"
        if isinstance(value, str):
            if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
                value = (
                    value.replace("\\", "\\\\")
                    .replace("\t", "\\t")
                    .replace("\n", "\\n")
                    .replace("\r", "\\r")
                )
            return value
        return str(value)

    return "".join("\t".join(map(field, row)) + "\n" for row in rows)


def load_postgresql(url: str, generator: Generator, count: int, total: int) -> None:
    """COPY in batches, then VACUUM ANALYZE (statistics and the visibility map, as autovacuum
    would leave a table that has been written to)."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        raw = engine.raw_connection()
        try:
            conn = raw.driver_connection  # psycopg 3
            try:
                # Foreign-key triggers off while loading rows known to be consistent (checked
                # afterwards by verify()): they cost more than the COPY itself.
                conn.execute("SET session_replication_role = replica")
                conn.commit()
            except psycopg.errors.InsufficientPrivilege:  # not a superuser: keep them
                conn.rollback()
            done = 0
            with conn.cursor() as cursor:
                while done < count:
                    n = min(BATCH, count - done)
                    responses, answers = generator.batch(n, total)
                    with cursor.copy(copy_sql("responses", RESPONSE_COLUMNS)) as copy:
                        copy.write(copy_text(responses))
                    with cursor.copy(copy_sql("answers", ANSWER_COLUMNS)) as copy:
                        copy.write(copy_text(answers))
                    conn.commit()
                    done += n
                for table, last in (
                    ("responses", generator.next_response - 1),
                    ("answers", generator.next_answer - 1),
                ):
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s)", (last,)
                    )
                conn.commit()
            conn.autocommit = True
            conn.execute("VACUUM (ANALYZE) responses")
            conn.execute("VACUUM (ANALYZE) answers")
        finally:
            raw.close()
    finally:
        engine.dispose()


def database_bytes(app: Flask, url: str) -> int:
    if url.startswith("sqlite"):
        path = Path(sa.engine.make_url(url).database)
        wal = path.with_name(path.name + "-wal")
        return path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
    with app.app_context(), db.engine.connect() as conn:
        return conn.exec_driver_sql("SELECT pg_database_size(current_database())").scalar_one()


# Timing ---------------------------------------------------------------------------------


@dataclass
class Timing:
    seconds: list[float] = field(default_factory=list)
    status: str | None = None  # why there is no figure
    note: str | None = None  # fewer runs than asked, to stay within the time budget

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) * 1000

    @property
    def fastest(self) -> float:
        return min(self.seconds) * 1000


@dataclass
class Point:
    """Everything measured at one size."""

    size: int
    answers: int
    load_seconds: float
    db_bytes: int
    timings: dict[str, Timing]


class Bench:
    """The app, its survey, and the timed calls, for one database."""

    def __init__(self, url: str):
        self.url = url
        self.app = create_app(
            "production",
            SQLALCHEMY_DATABASE_URI=url,
            SECRET_KEY=secrets.token_hex(16),
            FORCE_HTTPS=False,
            RATELIMIT_ENABLED=False,
        )
        self.client = self.app.test_client()
        self.signed_in = False

    def setup(self) -> tuple[SurveyTemplate, Layout]:
        with self.app.app_context():
            logging.disable(logging.INFO)  # Alembic's "Running upgrade …" lines
            try:
                upgrade()
            finally:
                logging.disable(logging.NOTSET)
            zone = create_zone(
                slug="bench",
                library_name="Biblioteka Publiczna w Benchmarkowie",
                town="Benchmarkowo",
                region="pomorskie",
                population=20_000,
                is_pilot=False,
                description="",
            )
            template = parse_template(TEMPLATE.read_bytes(), TEMPLATE.name)
            survey = create_survey(zone, template)
            open_survey(survey)
            survey.results_public = True
            db.session.commit()
            self.zone_slug, self.slug, self.survey_id = zone.slug, survey.slug, survey.id
            layout = layout_of(survey)
            self_check(self.app, survey, layout)
            template = survey.template
            db.session.remove()
            db.engine.dispose()
        return template, layout

    @property
    def api_path(self) -> str:
        return f"/api/v1/zones/{self.zone_slug}/surveys/{self.slug}/results"

    @property
    def page_path(self) -> str:
        return f"/zones/{self.zone_slug}/surveys/{self.slug}/results"

    def release(self) -> None:
        """Close the app's connections (SQLite must be alone to change its journal)."""
        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()

    # The four timed calls.

    def floor(self) -> list:
        # In a GET's context: SQLite begins the same deferred transaction as the endpoint's.
        with self.app.test_request_context("/", method="GET"), db.engine.connect() as conn:
            return conn.execute(sa.text(FLOOR_SQL), {"s": self.survey_id}).all()

    def get(self, path: str, query: str = ""):
        reply = self.client.get(path, query_string=query, headers=ACCEPT, base_url=HTTPS)
        reply.get_data()
        return reply

    def endpoint(self):
        return self.get(self.api_path)

    def endpoint_by(self):
        return self.get(self.api_path, f"by={BREAKDOWN}")

    def dashboard(self):
        return self.get(self.page_path)

    def dashboard_status(self) -> str | None:
        """None if the page answers 200 (signing in as a coordinator if it asks); else why."""
        reply = self.dashboard()
        if reply.status_code in (302, 401, 403) and not self.signed_in:
            self.sign_in()
            reply = self.dashboard()
        if reply.status_code == 404:
            return "not available yet (404)"
        if reply.status_code != 200:
            return f"HTTP {reply.status_code}"
        return None

    def sign_in(self) -> None:
        with self.app.app_context():
            user = create_user("bench@example.org", "Bench", secrets.token_hex(8))
            user.is_coordinator = True
            db.session.commit()
            session_id = user.get_id()  # "id-version": ends with the account's sessions
            db.session.remove()
        with self.client.session_transaction(base_url=HTTPS) as session:
            session["_user_id"] = session_id
            session["_fresh"] = True
        self.signed_in = True

    def measure(
        self, runs: int, warmup: int, budget: float, skip: dict[str, str] | None = None
    ) -> dict[str, Timing]:
        """Warm-up rounds, then up to `runs` timed rounds, interleaved (the machine's other
        load hits all alike). A call slower than SLOW_CALL seconds in the warm-up is not
        repeated: its warm-up time is its one figure. Fewer timed rounds are made when
        `runs` of them would take longer than `budget` seconds."""
        calls: dict[str, Callable] = {
            "floor": self.floor,
            "endpoint": self.endpoint,
            "by": self.endpoint_by,
            "dashboard": self.dashboard,
        }
        timings = {name: Timing() for name in calls}
        for name, why in (skip or {}).items():
            timings[name].status = why
            del calls[name]
        # Breakdowns are for the zone's people (published results show residents the whole):
        # every call is made as the coordinator, who may see them.
        if not self.signed_in:
            self.sign_in()
        why = self.dashboard_status() if "dashboard" in calls else None
        if why:
            timings["dashboard"].status = why
            del calls["dashboard"]
        warm: dict[str, float] = {}
        for _ in range(max(1, warmup)):
            for name, call in calls.items():
                began = time.perf_counter()
                reply = call()
                warm[name] = time.perf_counter() - began
                if name in ("endpoint", "by") and reply.status_code != 200:
                    body = reply.get_data()[:300]
                    raise RuntimeError(f"{name}: HTTP {reply.status_code}: {body}")
        for name, seconds in warm.items():
            if seconds > SLOW_CALL:
                timings[name].seconds.append(seconds)
                timings[name].note = "1 run"
                del calls[name]
        round_seconds = sum(warm[name] for name in calls)
        rounds = max(1, min(runs, int(budget / round_seconds))) if round_seconds else runs
        for _ in range(rounds):
            for name, call in calls.items():
                began = time.perf_counter()
                call()
                timings[name].seconds.append(time.perf_counter() - began)
        for name in calls:
            if rounds < runs:
                timings[name].note = f"{rounds} run{'s' if rounds > 1 else ''}"
        return timings

    def verify(self, complete: int, answers: int) -> None:
        """The endpoint counts what the floor counts (a wrong load would show here)."""
        floor = self.floor()
        if sum(n for *_k, n in floor) != answers:
            raise RuntimeError(f"floor counts {sum(n for *_k, n in floor)} rows, not {answers}")
        reply = self.endpoint()
        body = reply.get_data()
        if reply.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        results = json.loads(body)
        if results["respondents"] != complete:
            raise RuntimeError(f"endpoint: {results['respondents']} respondents, not {complete}")
        counts = {(key, option): n for key, option, number, n in floor if number is None}
        for question in results["questions"]:
            if question["type"] not in ("single_choice", "multiple_choice"):
                continue
            for option, figures in question["groups"]["all"]["options"].items():
                expected = counts.get((question["key"], option), 0)
                if figures["count"] != expected:
                    raise RuntimeError(
                        f"{question['key']}={option}: endpoint {figures['count']}, floor {expected}"
                    )


# Profile --------------------------------------------------------------------------------


def capture_statements(bench: Bench, query: str = "") -> list[tuple[str, object]]:
    """The GROUP BY statements (and parameters) one results request runs, in order."""
    seen: list[tuple[str, object]] = []

    def listen(_conn, _cursor, statement, parameters, _context, _many):
        seen.append((statement, parameters))

    with bench.app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", listen)
    try:
        bench.get(bench.api_path, query)
    finally:
        sa.event.remove(engine, "before_cursor_execute", listen)
    return [(s, p) for s, p in seen if "GROUP BY" in s]


def fastest_ms(call: Callable, runs: int) -> float:
    """Fastest of `runs` after one warm-up: the least disturbed by the machine's other load."""
    call()
    seconds = []
    for _ in range(runs):
        began = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - began)
    return min(seconds) * 1000


def run_sql(bench: Bench, statement: str, parameters, driver: bool = True) -> list:
    with bench.app.test_request_context("/", method="GET"), db.engine.connect() as conn:
        if driver:
            return conn.exec_driver_sql(statement, parameters).all()
        return conn.execute(sa.text(statement), parameters).all()


def explain(bench: Bench, statement: str, parameters) -> str:
    with bench.app.test_request_context("/", method="GET"), db.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
            depth = {}
            for node, parent, *_rest in rows:
                depth[node] = depth.get(parent, -1) + 1
            return "\n".join(f"      {'  ' * depth[r[0]]}{r[-1]}" for r in rows)
        rows = conn.exec_driver_sql("EXPLAIN (ANALYZE, COSTS OFF) " + statement, parameters)
        return "\n".join(f"      {line}" for (line,) in rows)


def shapes(template: SurveyTemplate) -> dict[str, dict[str, str]]:
    """What compute() could run instead (same figures): no join with responses where no
    breakdown is asked (answers exist only for complete responses: they are written when a
    response completes), choices, numbers and ranks in one GROUP BY (the floor's own),
    distinct respondents counted only for multiple choice and without count(DISTINCT),
    "other" texts cut to those shown (>= k) in SQL; with a breakdown, the dimension joined
    straight from answers."""
    multi = ", ".join(f"'{q.key}'" for q in template.questions() if q.type == "multiple_choice")
    dim = (
        "LEFT JOIN answers d ON d.survey_id = a.survey_id AND d.response_id = a.response_id"
        " AND d.question_key = :by"
    )
    grp = "coalesce(d.option, 'no_answer')"
    return {
        "all": {
            "sizes": "SELECT count(*) FROM responses WHERE survey_id = :s AND status = 'complete'",
            "counts": FLOOR_SQL,
            "answered": "SELECT question_key, count(*) FROM (SELECT DISTINCT question_key,"  # noqa: S608
            f" response_id FROM answers WHERE survey_id = :s AND question_key IN ({multi}))"
            " AS x GROUP BY question_key",
            "others": "SELECT question_key, lower(trim(text)), count(*) FROM answers"
            " WHERE survey_id = :s AND option = 'other' AND text IS NOT NULL"
            " GROUP BY question_key, lower(trim(text)) HAVING count(*) >= :k",
        },
        "by": {
            "sizes": f"SELECT {grp}, count(*) FROM responses r LEFT JOIN answers d"  # noqa: S608
            " ON d.survey_id = r.survey_id AND d.response_id = r.id AND d.question_key = :by"
            f" WHERE r.survey_id = :s AND r.status = 'complete' GROUP BY {grp}",
            "counts": f"SELECT a.question_key, {grp}, a.option, a.number, count(*)"  # noqa: S608
            f" FROM answers a {dim} WHERE a.survey_id = :s"
            f" GROUP BY a.question_key, {grp}, a.option, a.number",
            "answered": "SELECT question_key, grp, count(*) FROM (SELECT DISTINCT"  # noqa: S608
            f" a.question_key, {grp} AS grp, a.response_id FROM answers a {dim}"
            f" WHERE a.survey_id = :s AND a.question_key IN ({multi})) AS x"
            " GROUP BY question_key, grp",
            "others": f"SELECT a.question_key, {grp}, lower(trim(a.text)), count(*)"  # noqa: S608
            f" FROM answers a {dim} WHERE a.survey_id = :s AND a.option = 'other'"
            f" AND a.text IS NOT NULL GROUP BY a.question_key, {grp}, lower(trim(a.text))"
            " HAVING count(*) >= :k",
        },
    }


def measure_shapes(bench: Bench, template: SurveyTemplate, runs: int) -> dict[str, str]:
    values = {"s": bench.survey_id, "by": BREAKDOWN, "k": bench.app.config["SUPPRESSION_THRESHOLD"]}
    lines = {}
    for scope, statements in shapes(template).items():
        parts, total = [], 0.0
        for name, sql in statements.items():
            ms = fastest_ms(lambda sql=sql: run_sql(bench, sql, values, driver=False), runs)
            total += ms
            parts.append(f"{name} {ms:.0f}")
        lines[scope] = f"{total:.0f} ms ({', '.join(parts)})"
    return lines


def profile(bench: Bench, template: SurveyTemplate, runs: int) -> None:
    """Where the endpoint's time goes, and what indexes and query shapes would change it."""
    print(f"\n  Profile at this size (fastest of {runs} after a warm-up, ms):")
    captured = {
        "all": capture_statements(bench),
        "by": capture_statements(bench, f"by={BREAKDOWN}"),
    }

    def figures(label: str) -> float:
        floor = fastest_ms(bench.floor, runs)
        endpoint = fastest_ms(bench.endpoint, runs)
        by = fastest_ms(bench.endpoint_by, runs)
        print(
            f"  {label}: floor {floor:.0f}; endpoint {endpoint:.0f} ({endpoint / floor:.2f}x);"
            f" ?by={BREAKDOWN} {by:.0f} ({by / floor:.2f}x)"
        )
        for scope, line in measure_shapes(bench, template, runs).items():
            total = float(line.split()[0])
            print(f"    other query shapes, {scope}: {line} = {total / floor:.2f}x floor")
        return floor

    floor = figures("indexes of the migrations")
    for scope, statements in captured.items():
        label = f"?by={BREAKDOWN}" if scope == "by" else "no breakdown"
        print(f"\n  The endpoint's statements, {label}:")
        for name, (statement, parameters) in zip(STATEMENT_NAMES, statements, strict=True):
            ms = fastest_ms(lambda s=statement, p=parameters: run_sql(bench, s, p), runs)
            print(
                f"    {name} {ms:.0f} ms ({ms / floor:.2f}x floor): {' '.join(statement.split())}"
            )
            print(explain(bench, statement, parameters))

    for names in (["a"], ["c"], ["a", "c"]):
        ddls = [CANDIDATES[name] for name in names]
        with bench.app.app_context(), db.engine.begin() as conn:
            began = time.perf_counter()
            for ddl in ddls:
                conn.exec_driver_sql(ddl)
            built = time.perf_counter() - began
            conn.exec_driver_sql("ANALYZE answers")
        try:
            print(f"\n  + {'; '.join(ddls)}  (built in {built:.1f} s)")
            figures("with it")
        finally:
            with bench.app.app_context(), db.engine.begin() as conn:
                for name in names:
                    conn.exec_driver_sql(f"DROP INDEX bench_ix_{name}")
                conn.exec_driver_sql("ANALYZE answers")


# The run --------------------------------------------------------------------------------


def run_backend(url: str, args) -> list[Point]:
    bench = Bench(url)
    template, layout = bench.setup()
    generator = Generator(layout, template, SEED)
    load = load_sqlite if url.startswith("sqlite") else load_postgresql
    points = []
    for size in args.sizes:
        bench.release()
        began = time.perf_counter()
        load(url, generator, size - generator.complete, size)
        load_seconds = time.perf_counter() - began
        bench.verify(generator.complete, generator.answers)
        skip = {}
        if points:  # a call whose time, grown like the size, would pass --max-call
            before = points[-1]
            for name, timing in before.timings.items():
                if timing.status and "predicted" not in timing.status:
                    continue
                predicted = (
                    float(timing.status.split("~")[1].split()[0])
                    if timing.status
                    else timing.median / 1000
                ) * (size / before.size)
                if predicted > args.max_call:
                    skip[name] = (
                        f"skipped: ~{predicted:.0f} s predicted (--max-call {args.max_call:g})"
                    )
        timings = bench.measure(args.runs, args.warmup, args.budget, skip)
        point = Point(
            size, generator.answers, load_seconds, database_bytes(bench.app, url), timings
        )
        points.append(point)
        print_point(point)
        if args.profile and size == args.sizes[-1]:
            profile(bench, template, min(args.runs, 3))
    bench.release()
    return points


HEADER = (
    f"  {'responses':>10} {'answers':>11} {'load s':>7} {'DB MB':>7}"
    f" {'floor ms':>9} {'endpoint ms':>12} {'ratio':>6} {'by ms':>9} {'ratio':>6}"
    f" {'dashboard ms':>13} {'ratio':>6}"
)


def print_point(point: Point) -> None:
    t = point.timings
    floor = t["floor"].median

    def cell(name: str, width: int) -> str:
        timing = t[name]
        if timing.status:
            return f"{'n/a':>{width}} {'':>6}"
        return f"{timing.median:>{width}.1f} {timing.median / floor:>5.2f}x"

    print(
        f"  {point.size:>10,} {point.answers:>11,} {point.load_seconds:>7.1f}"
        f" {point.db_bytes / 2**20:>7.0f} {floor:>9.1f} {cell('endpoint', 12)}"
        f" {cell('by', 9)} {cell('dashboard', 13)}",
        flush=True,
    )


def report(name: str, points: list[Point], args) -> None:
    print(f"\n{name}: medians of {args.runs} runs after {args.warmup} warm-up (fewer where noted);")
    print("  ratio = time / floor of the same run")
    print(HEADER)
    for point in points:
        print_point(point)
    print("  fastest runs, ms:")
    for point in points:
        t = point.timings
        figures = "  ".join(
            f"{key} {t[key].fastest:.1f}" + (f" ({t[key].note})" if t[key].note else "")
            for key in ("floor", "endpoint", "by", "dashboard")
            if not t[key].status
        )
        print(f"  {point.size:>10,}  {figures}")
    for point in points:
        for name, timing in point.timings.items():
            if timing.status:
                label = "dashboard page" if name == "dashboard" else name
                print(f"  {point.size:>10,}  {label}: {timing.status}")
    for before, after in itertools.pairwise(points):
        growth = {
            key: after.timings[key].median / before.timings[key].median
            for key in ("floor", "endpoint", "by", "dashboard")
            if not before.timings[key].status and not after.timings[key].status
        }
        parts = ", ".join(f"{key} x{value:.2f}" for key, value in growth.items())
        times = after.size / before.size
        print(f"  growth {before.size:,} -> {after.size:,} responses (x{times:g}): {parts}")
    if points:
        last = points[-1]
        ratio = last.timings["endpoint"].median / last.timings["floor"].median
        growth_ok = all(
            after.timings["endpoint"].median / before.timings["endpoint"].median
            <= GROWTH_SLACK * after.timings["floor"].median / before.timings["floor"].median
            for before, after in itertools.pairwise(points)
        )
        verdict = "PASS" if ratio <= GOAL_RATIO and growth_ok else "FAIL"
        print(
            f"  goal: endpoint <= {GOAL_RATIO:g}x floor at {last.size:,} ({ratio:.2f}x) and growing"
            f" no faster than the floor (within {GROWTH_SLACK - 1:.0%}:"
            f" {'yes' if growth_ok else 'no'}) -> {verdict}"
        )


def sizes(text: str) -> list[int]:
    values = sorted({int(part.replace("_", "")) for part in text.split(",") if part.strip()})
    if not values or values[0] < 1:
        raise argparse.ArgumentTypeError("sizes are positive whole numbers, e.g. 10000,100000")
    return values


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        type=sizes,
        default=list(DEFAULT_SIZES),
        help="comma-separated numbers of complete responses (default 10000,100000,1000000)",
    )
    parser.add_argument("--quick", action="store_true", help="1,000 and 10,000 responses")
    parser.add_argument(
        "--backends", default="sqlite,postgresql", help="comma-separated: sqlite,postgresql"
    )
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each (default 5)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs first (default 1)")
    parser.add_argument(
        "--budget",
        type=float,
        default=300.0,
        help="seconds of timed runs per size at most; fewer runs past it (default 300)",
    )
    parser.add_argument(
        "--max-call",
        type=float,
        default=240.0,
        help="skip a call whose time at the previous size, grown in proportion to the size,"
        " would exceed this many seconds (default 240)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="at the largest size, time and explain each statement and try candidate indexes",
    )
    parser.add_argument(
        "--postgresql-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_PG_URL),
        help="server for the PostgreSQL run (env BENCH_DATABASE_URL)",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes = list(QUICK_SIZES)
    if args.runs < 1 or args.warmup < 0:
        parser.error("--runs must be >= 1 and --warmup >= 0")
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    if unknown := set(backends) - {"sqlite", "postgresql"}:
        parser.error(f"unknown backend(s): {', '.join(sorted(unknown))}")

    stop_on_signals()
    print(
        "Survey results: the results endpoint and the dashboard page vs a raw GROUP BY over"
        f"\nthe answers (the floor), same engine, same run; sizes {', '.join(map(str, args.sizes))}"
        f" complete responses; {os.cpu_count()} CPU cores."
    )
    for backend in backends:
        if backend == "sqlite":
            database, name = sqlite_database(), "SQLite (WAL)"
        else:
            if why := postgresql_unreachable(args.postgresql_url):
                print(f"\nPostgreSQL: SKIPPED, no server at {args.postgresql_url}: {why}")
                continue
            database, name = postgresql_database(args.postgresql_url), "PostgreSQL"
        print(f"\n{name}:")
        print(HEADER)
        with database as url:
            points = run_backend(url, args)
        report(name, points, args)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt as interrupt:
        print(f"\nInterrupted ({interrupt}); database dropped.", file=sys.stderr)
        sys.exit(130)
