"""Kwidzyn's demo Creative Café: three tables, about forty ideas from phones and paper cards,
duplicates merged, one rejected with its reason, and "Klub Młodych Mam" shortlisted; and
three other zones' small cafés with the ideas behind the programme's examples."""

import hashlib
import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from app.audit.services import record
from app.cafes.models import Board, Cafe, Idea, IdeaChannel, IdeaStatus, Support, Theme
from app.core.links import new_short_code
from app.core.time import utcnow
from app.dashboards.models import Finding
from app.extensions import db
from app.surveys.models import Survey
from app.zones.models import Zone

TABLES = [
    "Jak młodzi rodzice mogliby się spotykać w Kwidzynie?",
    "Co mogłaby robić w bibliotece młodzież po lekcjach?",
    "Jak pomóc seniorom w świecie telefonów i internetu?",
]
# (table, title, description, channel, status); "=N" in the status: merged into idea N.
IDEAS = [
    (1, "Klub Młodych Mam", "Cotygodniowe spotkania mam i ojców z maluchami w bibliotece, z kącikiem do zabawy i kawą.", "link", "shortlisted"),
    (1, "Spotkania dla mam z dziećmi", "Miejsce, gdzie można przyjść z wózkiem i porozmawiać.", "paper", "=0"),
    (1, "klub mam", "raz w tygodniu rano, jak dzieci są małe", "paper", "=0"),
    (1, "Kącik zabaw dla maluchów", "Mata, klocki i książeczki dla dzieci do 3 lat w czytelni.", "qr", "published"),
    (1, "Poranki z bajką", "Czytanie bajek dla najmłodszych w soboty rano.", "link", "published"),
    (1, "Wymiana ubranek dziecięcych", "Raz w miesiącu wymiana ubranek i zabawek między rodzicami.", "paper", "published"),
    (1, "Warsztaty dla rodziców", "Spotkania z położną, logopedą i psychologiem dziecięcym.", "link", "published"),
    (1, "Spacerowa grupa z wózkami", "Wspólne spacery po parku nad Liwą, start spod biblioteki.", "paper", "published"),
    (1, "Przewijak w bibliotece", "Po prostu przewijak i miejsce do karmienia.", "qr", "chosen"),
    (1, "Zajęcia sensoryczne", "Zajęcia sensoryczne dla niemowląt, prowadzone przez wolontariuszki.", "link", "pending"),
    (1, "Spotkania ojców z dziećmi", "Sobotnie spotkania dla tatusiów.", "paper", "published"),
    (1, "Kawiarenka dla rodziców", "Kawa i rozmowa, dzieci bawią się obok.", "paper", "=0"),
    (1, "Sprzedam wózek, tel. 601 234 567", "Mam wózek na sprzedaż, proszę dzwonić.", "link", "rejected"),
    (2, "Klub gier planszowych", "Piątkowe wieczory z grami planszowymi dla młodzieży.", "link", "shortlisted"),
    (2, "Wieczory gier", "Planszówki w piątki po lekcjach.", "paper", "=13"),
    (2, "Planszówki w bibliotece", "Gry planszowe dla nastolatków.", "qr", "=13"),
    (2, "Pracownia robotyki", "Zajęcia z robotyki i programowania, klocki i mikrokontrolery.", "link", "published"),
    (2, "Kino dla młodzieży", "Pokazy filmów i dyskusje raz w miesiącu.", "paper", "published"),
    (2, "Strefa cichej nauki", "Miejsce do nauki do matury z dobrym internetem.", "link", "published"),
    (2, "Podcast młodzieżowy", "Studio do nagrywania podcastów o mieście.", "link", "published"),
    (2, "Turniej e-sportowy", "Turniej gier komputerowych w sali na parterze.", "qr", "published"),
    (2, "Warsztaty komiksu", "Rysowanie komiksów z lokalnym ilustratorem.", "paper", "published"),
    (2, "Klub książki młodzieżowej", "Rozmowy o książkach fantasy i kryminałach.", "paper", "published"),
    (2, "Zajęcia z fotografii", "Fotografia telefonem, wystawa zdjęć Kwidzyna.", "link", "pending"),
    (2, "Escape room w bibliotece", "Zagadki w piwnicy biblioteki.", "link", "pending"),
    (2, "Nauka programowania", "Kurs programowania dla początkujących.", "paper", "=16"),
    (2, "Próby zespołów", "Sala do prób dla młodych zespołów muzycznych.", "paper", "published"),
    (3, "Kurs obsługi smartfona dla seniorów", "Małe grupy, powoli, z wnukami jako pomocnikami.", "link", "shortlisted"),
    (3, "Pomoc z telefonem", "Dyżur, na który można przyjść z telefonem i zapytać.", "paper", "=27"),
    (3, "Bezpieczne zakupy w internecie", "Jak nie dać się oszukać przy płatnościach.", "paper", "published"),
    (3, "E-recepta i IKP", "Pomoc w zakładaniu Internetowego Konta Pacjenta.", "link", "published"),
    (3, "Wnuki uczą dziadków", "Spotkania młodzieży i seniorów przy komputerach.", "qr", "chosen"),
    (3, "Kawiarenka internetowa dla seniorów", "Dwa komputery dostępne rano tylko dla seniorów.", "paper", "published"),
    (3, "Wideorozmowy z rodziną", "Jak dzwonić z kamerką do dzieci za granicą.", "paper", "published"),
    (3, "Zajęcia z tabletem", "Tablety do wypożyczenia i nauka ich obsługi.", "link", "published"),
    (3, "Klub seniora w bibliotece", "Stałe spotkania seniorów, nie tylko o komputerach.", "paper", "published"),
    (3, "Audiobooki dla słabowidzących", "Pomoc w słuchaniu książek w telefonie.", "link", "implemented"),
    (3, "Telefon zaufania", "Dyżur pomocy cyfrowej przez telefon.", "paper", "pending"),
    (3, "Smartfon dla seniora", "Kurs obsługi telefonu dla starszych osób.", "qr", "=27"),
    (3, "Bankowość w telefonie", "Jak bezpiecznie korzystać z aplikacji banku.", "link", "published"),
]  # fmt: skip
REJECTION = (
    "Ogłoszenie sprzedaży i numer telefonu: to nie pomysł na Strefę, a numer to dane osobowe."
)
THEMES = {
    "młodzi rodzice": [0, 3, 4, 5, 6, 7, 8, 10],
    "młodzież": [13, 16, 17, 18, 19, 20, 21, 22, 26],
    "seniorzy": [27, 29, 30, 31, 32, 33, 34, 35, 36, 39],
}
# Supports per idea; merged duplicates keep theirs: some from devices that also supported
# the idea they were merged into (counted once there), some from others.
SUPPORTS = {0: 46, 13: 31, 27: 28, 8: 17, 31: 15, 16: 12, 3: 9, 4: 8, 1: 5, 11: 4, 14: 6}


def load_demo_cafe(zone: Zone, author_id: int | None = None) -> Cafe | None:
    """The café, its boards and ideas, once; None if the zone already has a café."""
    if db.session.scalar(select(Cafe.id).where(Cafe.zone_id == zone.id)):
        return None
    rng = random.Random(2024)  # noqa: S311 - demo data
    now = utcnow()
    evening = (now - timedelta(days=6)).replace(hour=16, minute=0, second=0, microsecond=0)
    cafe = Cafe(
        zone_id=zone.id, slug="kawiarenka-rodzice-mlodziez-seniorzy",
        short_code=new_short_code(Cafe), title="Kreatywna Kawiarenka: czego nam brakuje?",
        starts_at=evening, ends_at=evening + timedelta(hours=2),
        place="Miejska Biblioteka Publiczna w Kwidzynie, czytelnia",
        description="Trzy stoliki, trzy pytania z diagnozy potrzeb mieszkańców. Przyjdź, "
        "porozmawiaj i zapisz swój pomysł.", created_by_id=author_id,
    )  # fmt: skip
    survey = db.session.scalar(select(Survey).where(Survey.zone_id == zone.id))
    if survey is not None:
        cafe.survey_id = survey.id
        cafe.findings = list(
            db.session.scalars(select(Finding).where(Finding.survey_id == survey.id))
        )
    cafe.boards = [Board(position=n, question=q) for n, q in enumerate(TABLES, start=1)]
    db.session.add(cafe)
    db.session.flush()

    ideas: list[Idea] = []
    for n, (table, title, description, channel, _status) in enumerate(IDEAS):
        created = evening + timedelta(minutes=10 + 3 * n)
        idea = Idea(
            zone_id=zone.id, board_id=cafe.boards[table - 1].id, title=title,
            description=description, channel=IdeaChannel(channel).value,
            round=1 + n % 3 if channel == "paper" else None, created_at=created,
            status=IdeaStatus.PENDING.value,
            created_by_id=author_id if channel == "paper" else None,
        )  # fmt: skip
        db.session.add(idea)
        ideas.append(idea)
    db.session.flush()
    for idea, (_table, _title, _d, _channel, status) in zip(ideas, IDEAS, strict=True):
        _moderate(idea, status, ideas, author_id, zone.id, evening)
    for name, members in THEMES.items():
        theme = Theme(zone_id=zone.id, name=name)
        for n in members:
            ideas[n].themes.append(theme)
    for n, count in SUPPORTS.items():
        for device in range(count):
            db.session.add(Support(
                idea_id=ideas[n].id, device_hash=_device(n, device),
                created_at=evening + timedelta(hours=rng.uniform(1, 140)),
            ))  # fmt: skip
    db.session.flush()
    return cafe


def _moderate(idea, status, ideas, actor_id, zone_id, evening) -> None:
    """Bring a demo idea to its status the way a librarian would, audit entries included."""
    if status.startswith("="):
        target = ideas[int(status[1:])]
        idea.status, idea.merged_into_id = IdeaStatus.MERGED.value, target.id
        record("merge", "idea", idea.id, actor_id=actor_id, zone_id=zone_id,
               before={"status": "pending"}, after={"status": "merged", "merged_into": target.id})  # fmt: skip
        return
    if status == "pending":
        return
    if status == "rejected":
        idea.status, idea.reason = IdeaStatus.REJECTED.value, REJECTION
        record("reject", "idea", idea.id, actor_id=actor_id, zone_id=zone_id,
               before={"status": "pending"}, after={"status": "rejected"}, reason=REJECTION)  # fmt: skip
        return
    idea.status = status
    idea.published_at = evening + timedelta(days=1)
    record("publish", "idea", idea.id, actor_id=actor_id, zone_id=zone_id,
           before={"status": "pending"}, after={"status": status})  # fmt: skip


def _device(idea_number: int, n: int) -> str:
    # Demo devices: some residents support several ideas (the same device on many boards).
    return hashlib.sha256(f"demo-device-{(idea_number * 7 + n) % 90}".encode()).hexdigest()


# Three other zones' small cafés, one table each, where the ideas behind the programme's
# examples came from (app/plans/demo.py chooses them into the zones' plan actions). Ideas:
# (title, description, channel, supports).
NETWORK_CAFES = {
    "jarocin": {
        "slug": "kawiarenka-wydarzenia-w-jarocinie",
        "title": "Kreatywna Kawiarenka: skąd wiemy, co się dzieje w Jarocinie?",
        "place": "Biblioteka Publiczna Miasta i Gminy Jarocin, czytelnia",
        "starts_at": datetime(2026, 1, 22, 15, 0, tzinfo=UTC),
        "question": "Skąd dowiadujesz się o wydarzeniach w Jarocinie i czego Ci brakuje?",
        "ideas": [
            ("Jeden kalendarz wszystkich wydarzeń w mieście", "Jedna strona z koncertami, meczami, zajęciami i spotkaniami wszystkich instytucji, zamiast dziesięciu profili na Facebooku.", "link", 38),
            ("Program na miesiąc do druku", "Wydrukowany program wydarzeń w bibliotece i w przychodni, dla tych, którzy nie korzystają z internetu.", "paper", 14),
            ("Tablica z wydarzeniami na rynku", "Duża tablica albo ekran na rynku z tym, co dzieje się w tym tygodniu.", "paper", 11),
            ("Piątkowy newsletter na weekend", "W piątek rano e-mail z planem na weekend.", "qr", 9),
        ],
    },
    "grodzisk-mazowiecki": {
        "slug": "kawiarenka-na-osiedlu",
        "title": "Kreatywna Kawiarenka na osiedlu: jak poznać sąsiadów?",
        "place": "Świetlica osiedlowa, Grodzisk Mazowiecki",
        "starts_at": datetime(2026, 1, 17, 10, 0, tzinfo=UTC),
        "question": "Co pomogłoby sąsiadom z naszego osiedla się poznać?",
        "ideas": [
            ("Poznajmy sąsiadów: piknik na podwórku", "Raz w miesiącu piknik między blokami: każdy przynosi coś do jedzenia, dzieci się bawią, dorośli się poznają.", "paper", 27),
            ("Osiedlowa tablica ogłoszeń", "Miejsce, gdzie można pożyczyć wiertarkę, oddać meble albo zgłosić zepsutą lampę.", "link", 19),
            ("Wspólne sadzenie drzew na podwórku", "Jesienią posadźmy razem drzewa i krzewy między blokami.", "qr", 12),
            ("Książki w świetlicy osiedlowej", "Regał z książkami z biblioteki, żeby nie jeździć po nie do centrum.", "link", 8),
        ],
    },
    "krotoszyn": {
        "slug": "kawiarenka-technologie",
        "title": "Kreatywna Kawiarenka: nowe technologie po krotoszyńsku",
        "place": "Krotoszyńska Biblioteka Publiczna, czytelnia",
        "starts_at": datetime(2026, 1, 29, 16, 0, tzinfo=UTC),
        "question": "Czego potrzebujesz, żeby uczyć się nowych technologii w Krotoszynie?",
        "ideas": [
            ("Klub programowania w bibliotece", "Zajęcia co tydzień po lekcjach, z kimś, kto naprawdę programuje, i z komputerami na miejscu.", "link", 31),
            ("Spotkania z informatykami z naszego miasta", "Ludzie z Krotoszyna, którzy pracują w IT, opowiadają, jak zaczynali.", "qr", 22),
            ("Turniej gier komputerowych", "Turniej w bibliotece raz w miesiącu.", "paper", 15),
            ("Drukarka 3D dla uczniów", "Godzina drukowania do zarezerwowania, z kimś, kto pokaże, jak projektować.", "link", 7),
        ],
    },
}  # fmt: skip


def load_network_cafe(zone: Zone, author_id: int | None = None) -> Cafe | None:
    """The zone's small café from NETWORK_CAFES, once; None if the zone has a café already
    (or none is described for it). Its ideas are published; the diagnosis's findings, if
    the zone has any, are the café's starting point."""
    spec = NETWORK_CAFES.get(zone.slug)
    if spec is None or db.session.scalar(select(Cafe.id).where(Cafe.zone_id == zone.id)):
        return None
    starts = spec["starts_at"].replace(tzinfo=None)  # naive UTC, as stored
    cafe = Cafe(
        zone_id=zone.id, slug=spec["slug"], short_code=new_short_code(Cafe),
        title=spec["title"], starts_at=starts, ends_at=starts + timedelta(hours=2),
        place=spec["place"], created_by_id=author_id,
        description="Jeden stolik, jedno pytanie z diagnozy. Przyjdź i zapisz swój pomysł.",
    )  # fmt: skip
    survey = db.session.scalar(select(Survey).where(Survey.zone_id == zone.id))
    if survey is not None:
        cafe.survey_id = survey.id
        cafe.findings = list(
            db.session.scalars(select(Finding).where(Finding.survey_id == survey.id))
        )
    cafe.boards = [Board(position=1, question=spec["question"])]
    db.session.add(cafe)
    db.session.flush()
    for n, (title, description, channel, supports) in enumerate(spec["ideas"]):
        idea = Idea(
            zone_id=zone.id, board_id=cafe.boards[0].id, title=title, description=description,
            channel=IdeaChannel(channel).value, round=1 if channel == "paper" else None,
            created_at=starts + timedelta(minutes=15 + 7 * n), status=IdeaStatus.PENDING.value,
            created_by_id=author_id if channel == "paper" else None,
        )  # fmt: skip
        db.session.add(idea)
        db.session.flush()
        _moderate(idea, IdeaStatus.PUBLISHED.value, [], author_id, zone.id, starts)
        db.session.add_all(
            Support(idea_id=idea.id, device_hash=_device(zone.id * 100 + n, device),
                    created_at=starts + timedelta(hours=2, minutes=device))
            for device in range(supports)
        )  # fmt: skip
    db.session.flush()
    return cafe
