"""Demo development plans: Kwidzyn's 2026–2027 plan with "Klub Młodych Mam" funded by a
10,000 zł grant from FRSI's Strefy Innowacji (its budget, expenses with receipts, volunteer
hours, a submitted partial report), and the programme's own examples of zone innovations
(shared/seeds): Jarocin's city calendar, Oświęcim's local information radio, Nowy Tomyśl's
meeting place for NGOs, Grodzisk Mazowiecki's housing estate, five zones' ways into tech
careers for young people (Krotoszyn, Cieszyn, Piotrków Trybunalski, Piekary Śląskie, Sucha
Beskidzka) and Sopot's and Słupsk's local culture, several with a submitted or accepted
progress report. Demo data are Polish and are not translated.

Each zone's plan is made once: a zone that has a plan already is left alone.
"""

import io
from datetime import UTC, date, datetime
from types import SimpleNamespace

from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from app.audit.services import record
from app.auth.models import User
from app.cafes.models import Idea, IdeaStatus
from app.dashboards.models import Finding
from app.extensions import db
from app.plans import services
from app.plans.models import (
    Action,
    ActionStatus,
    Attachment,
    AttachmentKind,
    BudgetLine,
    Contribution,
    CostCategory,
    Expense,
    FundSource,
    Goal,
    Grant,
    Indicator,
    Milestone,
    Partner,
    PartnerKind,
    Plan,
    ReportKind,
)
from app.plans.reports import STATEMENTS, create_report, review_report, submit_report
from app.plans.uploads import store_upload
from app.surveys.models import Survey
from app.zones.models import Zone

GRANT, OWN, IN_KIND, VOLUNTEER = (s.value for s in FundSource)
TASK, ADMIN = CostCategory.TASK.value, CostCategory.ADMIN.value
VOLUNTEER_RATE = None  # a volunteer line's unit cost: the hourly rate when loaded
PUBLISHED_AT = datetime(2026, 2, 27, 10, 0, tzinfo=UTC).replace(tzinfo=None)  # naive UTC


def _zl(whole: int, grosze: int = 0) -> int:
    return whole * 100 + grosze


# Kwidzyn: the seed's own story. Lines are (description, quantity, unit, unit cost in
# grosze or VOLUNTEER_RATE, source, category); the grant lines add up to exactly 10,000 zł.
KLUB_LINES = [
    ("Mata piankowa do zabawy dla niemowląt (180 × 200 cm)", 1, "szt.", _zl(450), GRANT, TASK),
    ("Zabawki sensoryczne i klocki dla dzieci do 3 lat", 1, "komplet", _zl(1150), GRANT, TASK),
    ("Przewijak ścienny składany", 1, "szt.", _zl(890), GRANT, TASK),
    ("Czajnik elektryczny", 1, "szt.", _zl(160), GRANT, TASK),
    ("Książeczki dla najmłodszych do kącika klubu", 20, "szt.", _zl(25), GRANT, TASK),
    ("Warsztaty z położną", 8, "spotkanie", _zl(300), GRANT, TASK),
    ("Spotkania z psychologiem dziecięcym", 6, "spotkanie", _zl(350), GRANT, TASK),
    ("Poczęstunek na spotkania (kawa, herbata, owoce)", 30, "spotkanie", _zl(45), GRANT, TASK),
    ("Plakaty A3 (projekt i druk)", 50, "szt.", _zl(4), GRANT, TASK),
    ("Ulotki A5", 500, "szt.", _zl(0, 40), GRANT, TASK),
    ("Obsługa księgowa grantu", 1, "usługa", _zl(600), GRANT, ADMIN),
    ("Sala spotkań: ogrzewanie, prąd i sprzątanie", 30, "spotkanie", _zl(40), OWN, TASK),
    ("Użyczenie sali Oddziału dla Dzieci (wycena)", 30, "spotkanie", _zl(80), IN_KIND, TASK),
    ("Wolontariat: prowadzenie spotkań klubu", 60, "godz.", VOLUNTEER_RATE, VOLUNTEER, TASK),
]
# (line number in KLUB_LINES, day, amount, supplier, document, receipt file or None)
# fmt: off
KLUB_EXPENSES = [
    (0, date(2026, 3, 16), _zl(449, 99), "Smyk Sp. z o.o., sklep w Kwidzynie",
     "FV/2026/03/0412", "pdf"),
    (1, date(2026, 3, 16), _zl(1149, 50), "Smyk Sp. z o.o., sklep w Kwidzynie",
     "FV/2026/03/0413", None),
    (2, date(2026, 3, 18), _zl(889), "IKEA Retail Sp. z o.o.", "FV/GDA/2026/031877", "png"),
    (3, date(2026, 3, 18), _zl(159, 99), "Media Expert, Kwidzyn ul. Grudziądzka",
     "FV/MX/2026/118204", None),
    (4, date(2026, 4, 2), _zl(498, 60), "Księgarnia Matras, Kwidzyn", "FV/0417/04/2026", None),
    (8, date(2026, 3, 25), _zl(200), "Drukarnia Kwidzyńska s.c.", "FV/87/2026", None),
    (9, date(2026, 3, 25), _zl(192), "Drukarnia Kwidzyńska s.c.", "FV/88/2026", None),
    (5, date(2026, 4, 30), _zl(600), "Gabinet Położnej Katarzyna Wiśniewska", "RACH/4/2026",
     "pdf"),
    (5, date(2026, 6, 30), _zl(600), "Gabinet Położnej Katarzyna Wiśniewska", "RACH/6/2026",
     None),
    (6, date(2026, 6, 26), _zl(350), "Pracownia Psychologiczna Dobry Start", "FV/12/06/2026",
     None),
    (7, date(2026, 4, 30), _zl(215, 40), "Jeronimo Martins Polska S.A. (Biedronka)",
     "FV/2026/K/04/1187", None),
    (7, date(2026, 6, 30), _zl(318, 75), "Jeronimo Martins Polska S.A. (Biedronka)",
     "FV/2026/K/06/2290", None),
    (11, date(2026, 6, 30), _zl(480), "Energa Obrót S.A.", "FV/ENG/2026/06/55123", None),
]

KWIDZYN = {
    "title": "Plan rozwoju Strefy Innowacji w Kwidzynie",
    "years": (2026, 2027),
    "vision": (
        "Biblioteka jako miejsce, do którego każdy może przyjść ze swoim pomysłem: młodzi "
        "rodzice z maluchami, młodzież po lekcjach i seniorzy, którzy chcą pewniej korzystać "
        "z telefonu. Z diagnozy i Kreatywnej Kawiarenki wiemy, czego brakuje; ten plan mówi, "
        "co z tym zrobimy w latach 2026–2027."
    ),
    "grant": ("SI/2026/014", date(2026, 2, 20), _zl(10_000), date(2026, 3, 1),
              date(2026, 12, 31)),
    "partners": [("Stowarzyszenie Młodzi Kwidzyn", PartnerKind.NGO),
                 ("Zespół Szkół Ponadgimnazjalnych nr 1 w Kwidzynie", PartnerKind.SCHOOL)],
    "goals": [
        ("Miejsce spotkań dla młodych rodziców",
         ("Rodzice małych dzieci mówią w diagnozie, że nie mają w mieście gdzie się "
          "spotykać. Biblioteka daje im stałe miejsce, czas i wsparcie specjalistów.")),
        ("Biblioteka otwarta dla młodzieży po lekcjach",
         "Młodzież szuka miejsca na wspólne popołudnia bez kosztów."),
        ("Seniorzy pewniej w świecie cyfrowym",
         "Małe grupy, cierpliwi pomocnicy i tematy, o które pytają sami seniorzy."),
    ],
    "actions": [
        {
            "goal": 0, "title": "Klub Młodych Mam", "owner": "librarian",
            "description": (
                "Cotygodniowe spotkania mam i ojców z maluchami w bibliotece: kącik do zabawy, "
                "kawa, rozmowa, a co kilka tygodni warsztaty z położną lub psychologiem "
                "dziecięcym. Pomysł z Kreatywnej Kawiarenki, sfinansowany z grantu Strefy "
                "Innowacji."
            ),
            "status": ActionStatus.IN_PROGRESS, "dates": (date(2026, 3, 2), date(2026, 12, 18)),
            "ideas": ["Klub Młodych Mam", "Przewijak w bibliotece"], "findings": [0, 1],
            "milestones": [
                ("Zakup wyposażenia kącika dla maluchów", date(2026, 3, 20), date(2026, 3, 18)),
                ("Pierwsze spotkanie klubu", date(2026, 4, 8), date(2026, 4, 8)),
                ("Cztery pierwsze warsztaty z położną", date(2026, 6, 30), date(2026, 6, 24)),
                ("Cykl spotkań z psychologiem dziecięcym", date(2026, 10, 31), None),
                ("Rodzinny piknik na zakończenie roku", date(2026, 12, 12), None),
            ],
            "indicators": [
                ("Spotkania klubu", "spotkań", 30, 12, "kalendarz spotkań klubu"),
                ("Uczestnicy na spotkaniu (średnio)", "osób", 12, 14, "listy obecności"),
                ("Warsztaty ze specjalistami", "warsztatów", 14, 5, "listy obecności"),
            ],
            "lines": KLUB_LINES,
        },
        {
            "goal": 1, "title": "Piątkowe wieczory gier planszowych", "owner": 0,
            "description": "Raz w tygodniu gry planszowe dla młodzieży, prowadzone przez "
            "wolontariuszy stowarzyszenia; gry z zasobów biblioteki.",
            "status": ActionStatus.PLANNED, "dates": (date(2026, 9, 4), date(2027, 6, 25)),
            "ideas": ["Klub gier planszowych"], "findings": [],
            "milestones": [("Pierwszy wieczór gier", date(2026, 9, 4), None)],
            "indicators": [("Wieczory gier", "spotkań", 30, None, "kalendarz biblioteki")],
            "lines": [("Gry planszowe do biblioteki", 10, "szt.", _zl(120), OWN, TASK)],
        },
        {
            "goal": 2, "title": "Wnuki uczą dziadków", "owner": 1, "progress": 30,
            "description": "Uczniowie szkoły średniej pomagają seniorom w obsłudze smartfona: "
            "małe grupy, raz w tygodniu, w czytelni.",
            "status": ActionStatus.IN_PROGRESS, "dates": (date(2026, 4, 13), date(2026, 11, 30)),
            "ideas": ["Wnuki uczą dziadków", "Kurs obsługi smartfona dla seniorów"],
            "findings": [],
            "milestones": [("Nabór seniorów i uczniów", date(2026, 4, 10), date(2026, 4, 10)),
                           ("Dziesięć spotkań", date(2026, 9, 30), None)],
            "indicators": [("Seniorzy, którzy ukończyli cykl", "osób", 24, 7, "listy obecności")],
            "lines": [("Wolontariat uczniów", 40, "godz.", VOLUNTEER_RATE, VOLUNTEER, TASK)],
        },
    ],
}

# The programme's examples of zone innovations (shared/seeds), as their plans.
OTHER_PLANS = {
    "jarocin": {
        "title": "Plan rozwoju Strefy Innowacji w Jarocinie",
        "years": (2026, 2027),
        "vision": "Wszystko, co dzieje się w Jarocinie, w jednym miejscu: kalendarz miejski, "
        "do którego wydarzenia wpisują same instytucje i organizacje.",
        "grant": ("SI/2026/006", date(2026, 2, 12), _zl(10_000), date(2026, 3, 1),
                  date(2026, 12, 31)),
        "partners": [("Jarociński Ośrodek Kultury", PartnerKind.OTHER),
                     ("Urząd Miejski w Jarocinie, Wydział Promocji", PartnerKind.COUNCIL)],
        "goals": [
            ("Łatwy dostęp do oferty lokalnych instytucji i organizacji",
             "Mieszkańcy dowiadują się o wydarzeniach po fakcie: informacje są rozproszone."),
            ("Organizacje same informują o swoich wydarzeniach", ""),
        ],
        "actions": [
            {"goal": 0, "title": "Kalendarz miejski w internecie", "owner": 0,
             "description": "Wspólny kalendarz wydarzeń Jarocina na stronie biblioteki i w "
             "aplikacji na telefon, z wersją do druku w bibliotece.",
             "status": ActionStatus.IN_PROGRESS, "dates": (date(2026, 3, 1), date(2026, 9, 30)),
             "ideas": ["Jeden kalendarz wszystkich wydarzeń w mieście"], "findings": [0],
             "milestones": [("Wybór narzędzia i projekt", date(2026, 4, 15), date(2026, 4, 20)),
                            ("Uruchomienie kalendarza", date(2026, 6, 1), date(2026, 6, 5)),
                            ("Wersja na telefon", date(2026, 9, 30), None)],
             "indicators": [("Wydarzenia w kalendarzu", "wydarzeń", 300, 184, "kalendarz"),
                            ("Instytucje i organizacje, które wpisują", "podmiotów", 25, 17,
                             "konta w kalendarzu")],
             "lines": [("Wdrożenie i hosting kalendarza", 1, "usługa", _zl(6_700), GRANT, TASK),
                       ("Tablet do punktu informacji w bibliotece", 1, "szt.", _zl(1_300),
                        GRANT, TASK)]},
            {"goal": 1, "title": "Szkolenia dla redaktorów kalendarza", "owner": None,
             "description": "Jak wpisać wydarzenie, dodać zdjęcie i dostępny opis.",
             "status": ActionStatus.DONE, "dates": (date(2026, 5, 11), date(2026, 6, 19)),
             "milestones": [("Trzy szkolenia", date(2026, 6, 19), date(2026, 6, 17))],
             "indicators": [("Przeszkoleni redaktorzy", "osób", 30, 34, "listy obecności")],
             "lines": [("Prowadzenie szkoleń", 3, "szkolenie", _zl(500), GRANT, TASK),
                       ("Ulotki o kalendarzu", 1_000, "szt.", _zl(0, 50), GRANT, TASK),
                       ("Sala szkoleniowa (użyczenie)", 3, "dzień", _zl(150), IN_KIND, TASK)]},
        ],
    },
    "oswiecim": {
        "title": "Plan rozwoju Strefy Innowacji w Oświęcimiu",
        "years": (2026, 2027),
        "vision": "Oświęcimska Informacja Lokalna: radio OIL, w którym mieszkańcy mówią o "
        "swoim mieście, a biblioteka daje im studio i warsztat.",
        "grant": ("SI/2026/009", date(2026, 2, 16), _zl(9_800), date(2026, 3, 1),
                  date(2026, 12, 31)),
        "partners": [("Stowarzyszenie Radio OIL", PartnerKind.NGO),
                     ("Zespół Szkół nr 2 w Oświęcimiu", PartnerKind.SCHOOL)],
        "goals": [
            ("Pełna wiedza o życiu miasta w zasięgu ręki",
             "Lokalne wiadomości, zapowiedzi i rozmowy z mieszkańcami w jednym miejscu."),
            ("Mieszkańcy tworzą lokalne media", ""),
        ],
        "actions": [
            {"goal": 0, "title": "Internetowe radio OIL", "owner": 0,
             "description": "Studio w bibliotece i cotygodniowa audycja o tym, co dzieje się "
             "w Oświęcimiu, także jako podcast.",
             "status": ActionStatus.IN_PROGRESS, "dates": (date(2026, 3, 1), date(2026, 12, 31)),
             "milestones": [("Studio gotowe", date(2026, 4, 30), date(2026, 5, 6)),
                            ("Pierwsza audycja", date(2026, 5, 15), date(2026, 5, 15)),
                            ("Trzydziesta audycja", date(2026, 12, 11), None)],
             "indicators": [("Audycje", "audycji", 30, 21, "archiwum podcastu"),
                            ("Odsłuchy (średnio na audycję)", "odsłuchów", 200, 240,
                             "statystyki serwisu")],
             "lines": [("Mikrofony, mikser i słuchawki", 1, "zestaw", _zl(4_900), GRANT, TASK),
                       ("Wygłuszenie pokoju studia", 1, "usługa", _zl(2_100), GRANT, TASK),
                       ("Wolontariat redakcji", 120, "godz.", VOLUNTEER_RATE, VOLUNTEER,
                        TASK)]},
            {"goal": 1, "title": "Warsztaty dziennikarskie dla młodzieży", "owner": 1,
             "description": "Jak przeprowadzić wywiad i zmontować materiał do radia.",
             "status": ActionStatus.PLANNED, "dates": (date(2026, 9, 14), date(2026, 11, 30)),
             "milestones": [("Nabór uczestników", date(2026, 9, 11), None)],
             "indicators": [("Uczestnicy warsztatów", "osób", 15, None, "listy obecności")],
             "lines": [("Prowadzenie warsztatów", 8, "warsztat", _zl(300), GRANT, TASK),
                       ("Obsługa księgowa grantu", 1, "usługa", _zl(400), GRANT, ADMIN)]},
        ],
    },
    "nowy-tomysl": {
        "title": "Plan rozwoju Strefy Innowacji w Nowym Tomyślu",
        "years": (2026, 2027),
        "vision": "Biblioteka jako dom lokalnych organizacji pozarządowych: miejsce spotkań, "
        "wspólnych projektów i wymiany doświadczeń.",
        "grant": ("SI/2026/017", date(2026, 2, 24), _zl(8_500), date(2026, 3, 1),
                  date(2026, 12, 31)),
        "partners": [("Nowotomyska Rada Działalności Pożytku Publicznego", PartnerKind.COUNCIL),
                     ("Stowarzyszenie Przyjaciół Nowego Tomyśla", PartnerKind.NGO)],
        "goals": [
            ("Miejsce spotkań organizacji pozarządowych",
             "Organizacje nie mają gdzie się spotykać i wspólnie planować."),
            ("Organizacje współpracują ze sobą i z samorządem", ""),
        ],
        "actions": [
            {"goal": 0, "title": "Strefa NGO w bibliotece", "owner": None,
             "description": "Sala z dostępem do internetu, drukarką i szafkami dla "
             "organizacji, otwarta w godzinach pracy biblioteki i wieczorami po rezerwacji.",
             "status": ActionStatus.DONE, "dates": (date(2026, 3, 1), date(2026, 6, 30)),
             "milestones": [("Wyposażenie sali", date(2026, 5, 15), date(2026, 5, 12)),
                            ("Otwarcie Strefy NGO", date(2026, 6, 1), date(2026, 6, 1))],
             "indicators": [("Organizacje korzystające z sali", "organizacji", 12, 15,
                             "rejestr rezerwacji")],
             "lines": [("Szafki zamykane dla organizacji", 6, "szt.", _zl(450), GRANT, TASK),
                       ("Drukarka wielofunkcyjna", 1, "szt.", _zl(1_600), GRANT, TASK),
                       ("Stół konferencyjny i krzesła", 1, "komplet", _zl(2_800), GRANT,
                        TASK),
                       ("Sala (użyczenie na spotkania)", 20, "wieczór", _zl(100), IN_KIND,
                        TASK)]},
            {"goal": 1, "title": "Forum organizacji pozarządowych", "owner": 0,
             "description": "Dwa razy w roku spotkanie organizacji z burmistrzem i radnymi.",
             "status": ActionStatus.IN_PROGRESS, "dates": (date(2026, 6, 1), date(2027, 5, 31)),
             "milestones": [("Pierwsze forum", date(2026, 10, 15), date(2026, 10, 15)),
                            ("Drugie forum", date(2027, 4, 15), None)],
             "indicators": [("Uczestnicy forum", "osób", 40, 36, "lista obecności")],
             "lines": [("Moderacja forum", 2, "forum", _zl(400), GRANT, TASK),
                       ("Poczęstunek", 2, "forum", _zl(300), GRANT, TASK)]},
            {"goal": 1, "title": "Mapa organizacji powiatu", "owner": 1,
             "description": "Spis organizacji z kontaktami i tym, czym się zajmują.",
             "status": ActionStatus.DROPPED,
             "drop_reason": "Powiat przygotował taki spis sam; korzystamy z niego.",
             "dates": (date(2026, 9, 1), date(2026, 12, 31)),
             "milestones": [], "indicators": [], "lines": []},
        ],
    },
    "grodzisk-mazowiecki": {
        "title": "Plan rozwoju Strefy Innowacji w Grodzisku Mazowieckim",
        "years": (2026, 2027),
        "vision": "Osiedle, na którym sąsiedzi się znają: biblioteka pomaga mieszkańcom nowego "
        "osiedla na obrzeżach Grodziska poznać się, działać razem i mówić miastu, czego "
        "potrzebują.",
        "grant": ("SI/2026/005", date(2026, 2, 10), _zl(9_600), date(2026, 3, 1),
                  date(2026, 12, 31)),
        "partners": [("Stowarzyszenie Sąsiedzi z Osiedla", PartnerKind.NGO),
                     ("Spółdzielnia Mieszkaniowa w Grodzisku Mazowieckim", PartnerKind.OTHER)],
        "goals": [
            ("Sąsiedzi z osiedla znają się i spotykają",
             ("Nowi mieszkańcy mówią w diagnozie, że poza pracą w Warszawie i domem nie znają w "
             "Grodzisku nikogo; na osiedlu nie ma gdzie się spotkać.")),
            ("Mieszkańcy osiedla sami dbają o swoje otoczenie", ""),
        ],
        "actions": [
            {"goal": 0, "title": "Sąsiedzkie pikniki i wieczory na osiedlu", "owner": 0,
             "description": "Raz w miesiącu, od wiosny do jesieni, spotkanie na podwórku "
             "między blokami: stoły, gry dla dzieci, wymiana roślin i książek, a w deszczowe "
             "dni wieczór gier w świetlicy osiedlowej.",
             "status": ActionStatus.IN_PROGRESS, "dates": (date(2026, 4, 1), date(2026, 10, 31)),
             "ideas": ["Poznajmy sąsiadów: piknik na podwórku"], "findings": [0],
             "milestones": [("Pierwszy piknik sąsiedzki", date(2026, 5, 16), date(2026, 5, 16)),
                            ("Wieczór gier w świetlicy", date(2026, 6, 12), date(2026, 6, 12)),
                            ("Jesienne sadzenie drzew na podwórku", date(2026, 10, 10), None)],
             "indicators": [("Spotkania sąsiedzkie", "spotkań", 7, 4, "kalendarz Strefy"),
                            ("Uczestnicy spotkań (razem)", "osób", 350, 290,
                             "liczenie na miejscu")],
             "lines": [("Namiot ogrodowy 3 × 6 m", 1, "szt.", _zl(1_250), GRANT, TASK),
                       ("Gry podwórkowe i materiały plastyczne", 1, "komplet", _zl(650), GRANT,
                        TASK),
                       ("Poczęstunek na spotkania", 7, "spotkanie", _zl(150), GRANT, TASK),
                       ("Nagłośnienie (wypożyczenie)", 3, "dzień", _zl(200), OWN, TASK)]},
            {"goal": 1, "title": "Osiedlowa tablica w internecie i na klatkach", "owner": None,
             "description": "Strona osiedla z ogłoszeniami sąsiadów, zgłaszaniem usterek do "
             "spółdzielni i zapowiedziami spotkań; te same ogłoszenia co tydzień na tablicach "
             "w klatkach schodowych.",
             "status": ActionStatus.DONE, "dates": (date(2026, 3, 2), date(2026, 5, 29)),
             "ideas": ["Osiedlowa tablica ogłoszeń"],
             "milestones": [("Strona osiedla działa", date(2026, 4, 15), date(2026, 4, 20)),
                            ("Tablice w 12 klatkach", date(2026, 5, 29), date(2026, 5, 27))],
             "indicators": [("Mieszkańcy zapisani do powiadomień", "osób", 200, 236,
                             "lista subskrybentów"),
                            ("Tablice w klatkach", "tablic", 12, 12, "protokół montażu")],
             "lines": [("Tablice korkowe z zamykaną szybą", 12, "szt.", _zl(95), GRANT, TASK),
                       ("Domena i hosting strony na dwa lata", 1, "usługa", _zl(360), GRANT,
                        TASK)]},
            {"goal": 1, "title": "Biblioteka w świetlicy osiedlowej", "owner": 1,
             "description": "Regał z książkami, siedziska i tablet z katalogiem biblioteki w "
             "świetlicy osiedla; w każdą sobotę dyżur bibliotekarki, która zapisuje i "
             "wypożycza na miejscu.",
             "status": ActionStatus.PLANNED, "dates": (date(2026, 9, 1), date(2027, 6, 30)),
             "ideas": ["Książki w świetlicy osiedlowej"],
             "milestones": [("Wyposażenie świetlicy", date(2026, 9, 30), None),
                            ("Pierwszy sobotni dyżur", date(2026, 10, 3), None)],
             "indicators": [("Wypożyczenia na osiedlu", "wypożyczeń", 400, None,
                             "system biblioteczny")],
             "lines": [("Regały i siedziska do świetlicy", 1, "komplet", _zl(3_800), GRANT,
                        TASK),
                       ("Tablet z etui i uchwytem", 1, "szt.", _zl(1_350), GRANT, TASK),
                       ("Książki do księgozbioru osiedlowego", 1, "komplet", _zl(1_500), OWN,
                        TASK)]},
        ],
    },
    "krotoszyn": {
        "title": "Plan rozwoju Strefy Innowacji w Krotoszynie",
        "years": (2026, 2027),
        "vision": "Młodzi z Krotoszyna nie muszą wyjeżdżać, żeby zacząć przygodę z nowymi "
        "technologiami: w bibliotece uczą się programować, poznają ludzi z branży i sprawdzają, "
        "czy to droga dla nich, nawet jeśli marzą o Dolinie Krzemowej.",
        "grant": ("SI/2026/013", date(2026, 2, 18), _zl(10_000), date(2026, 3, 1),
                  date(2026, 12, 31)),
        "partners": [("Zespół Szkół Technicznych w Krotoszynie", PartnerKind.SCHOOL),
                     ("KrotoSoft sp. z o.o.", PartnerKind.BUSINESS)],
        "goals": [
            ("Młodzież uczy się programowania na miejscu",
             ("Uczniowie, którzy chcą pracować w IT, jeżdżą na zajęcia do Poznania albo uczą się "
             "sami z internetu i szybko się zniechęcają.")),
            ("Młodzi poznają ludzi, którzy pracują w nowych technologiach", ""),
        ],
        "actions": [
            {"goal": 0, "title": "Klub programowania w bibliotece", "owner": 1,
             "description": "Cotygodniowe zajęcia dla młodzieży od 13 do 19 lat: Python, "
             "strony internetowe i proste gry, praca w parach nad własnym projektem. Prowadzi "
             "programista z krotoszyńskiej firmy; laptopy zostają w bibliotece.",
             "status": ActionStatus.IN_PROGRESS, "dates": (date(2026, 3, 2), date(2026, 12, 18)),
             "ideas": ["Klub programowania w bibliotece"],
             "milestones": [("Zakup laptopów", date(2026, 3, 20), date(2026, 3, 19)),
                            ("Pierwsze zajęcia", date(2026, 3, 25), date(2026, 3, 25)),
                            ("Pokaz projektów uczestników", date(2026, 6, 19), date(2026, 6, 19)),
                            ("Drugi semestr klubu", date(2026, 12, 18), None)],
             "indicators": [("Uczestnicy klubu", "osób", 20, 18, "lista zapisów"),
                            ("Zajęcia klubu", "zajęć", 36, 14, "dziennik zajęć"),
                            ("Ukończone projekty uczestników", "projektów", 10, 7,
                             "pokaz projektów")],
             "lines": [("Laptopy do zajęć", 6, "szt.", _zl(1_100), GRANT, TASK),
                       ("Prowadzenie zajęć przez programistę", 18, "zajęcia", _zl(100), GRANT,
                        TASK),
                       ("Sala i internet (koszt biblioteki)", 36, "zajęcia", _zl(20), OWN,
                        TASK)]},
            {"goal": 1, "title": "Rozmowy z informatykami stąd", "owner": 0,
             "description": "Cztery spotkania, na żywo i przez internet, z informatykami, "
             "którzy wyrośli w Krotoszynie, a pracują w Poznaniu, Berlinie i w Dolinie "
             "Krzemowej: jak zaczynali, czego się uczyć, jak wygląda ich dzień pracy.",
             "status": ActionStatus.DONE, "dates": (date(2026, 4, 1), date(2026, 6, 30)),
             "ideas": ["Spotkania z informatykami z naszego miasta"],
             "milestones": [("Cztery spotkania", date(2026, 6, 30), date(2026, 6, 26))],
             "indicators": [("Uczestnicy spotkań (razem)", "osób", 120, 146, "listy obecności")],
             "lines": [("Kamera konferencyjna z mikrofonem", 1, "zestaw", _zl(1_200), GRANT,
                        TASK),
                       ("Plakaty i ulotki", 1, "komplet", _zl(400), GRANT, TASK)]},
        ],
    },
    "cieszyn": {
        "title": "Plan rozwoju Strefy Innowacji w Cieszynie",
        "years": (2026, 2027),
        "vision": "Cieszyn leży na granicy, a młodzi z obu brzegów Olzy chcą pracować w nowych "
        "technologiach. Biblioteka łączy ich z mentorami i ze sobą nawzajem.",
        "grant": ("SI/2026/003", date(2026, 2, 9), _zl(5_500), date(2026, 3, 1),
                  date(2026, 12, 31)),
        "partners": [("Uniwersytet Śląski, Wydział w Cieszynie", PartnerKind.SCHOOL),
                     ("Knihovna Český Těšín", PartnerKind.OTHER)],
        "goals": [
            ("Młodzi z Cieszyna mają wsparcie w drodze do pracy w IT",
             ("Licealiści mówią, że nie znają nikogo, kto pracuje w branży, i nie wiedzą, od "
             "czego zacząć.")),
        ],
        "actions": [
            {"goal": 0, "title": "Hackathon Cieszyn–Český Těšín", "owner": 1,
             "description": "Weekendowy hackathon dla młodzieży z obu stron granicy: 24 "
             "godziny, zespoły polsko-czeskie, zadania zgłoszone przez miasto i lokalne "
             "organizacje, jury z firm informatycznych.",
             "status": ActionStatus.DONE, "dates": (date(2026, 4, 1), date(2026, 5, 31)),
             "milestones": [("Zadania od miasta i organizacji", date(2026, 4, 24),
                             date(2026, 4, 22)),
                            ("Hackathon", date(2026, 5, 16), date(2026, 5, 17))],
             "indicators": [("Uczestnicy hackathonu", "osób", 40, 52, "lista uczestników"),
                            ("Gotowe prototypy", "prototypów", 8, 9, "protokół jury")],
             "lines": [("Wyżywienie uczestników przez 24 godziny", 50, "osoba", _zl(45),
                        GRANT, TASK),
                       ("Nagrody dla zespołów (sprzęt)", 3, "nagroda", _zl(500), GRANT, TASK),
                       ("Sala i nocleg w bibliotece (użyczenie)", 1, "weekend", _zl(800),
                        IN_KIND, TASK)]},
            {"goal": 0, "title": "Mentoring: studenci informatyki dla licealistów", "owner": 0,
             "description": "Pary mentor–uczeń spotykają się co dwa tygodnie w bibliotece "
             "lub przez internet: wybór kierunku studiów, pierwszy projekt do portfolio, "
             "przygotowanie do praktyk.",
             "status": ActionStatus.IN_PROGRESS, "dates": (date(2026, 3, 16), date(2027, 1, 29)),
             "milestones": [("Dobór par", date(2026, 3, 31), date(2026, 4, 3)),
                            ("Półmetek programu", date(2026, 9, 30), None)],
             "indicators": [("Pary mentor–uczeń", "par", 12, 10, "porozumienia mentoringowe"),
                            ("Spotkania par (razem)", "spotkań", 150, 64, "dzienniczki par")],
             "lines": [("Szkolenie dla mentorów", 1, "szkolenie", _zl(900), GRANT, TASK),
                       ("Dostęp do kursów online dla uczniów", 10, "osoba", _zl(85), GRANT,
                        TASK)]},
        ],
    },
    "piotrkow-trybunalski": {
        "title": "Plan rozwoju Strefy Innowacji w Piotrkowie Trybunalskim",
        "years": (2026, 2027),
        "vision": "W Piotrkowie są firmy technologiczne, a młodzież o nich nie wie. Biblioteka "
        "łączy uczniów z pracodawcami i daje im miejsce do nauki nowych technologii.",
        "grant": ("SI/2026/019", date(2026, 2, 25), _zl(9_900), date(2026, 3, 1),
                  date(2026, 12, 31)),
        "partners": [("Piotrkowskie Forum Firm IT", PartnerKind.BUSINESS),
                     ("Zespół Szkół Ponadgimnazjalnych nr 3 w Piotrkowie Trybunalskim",
                      PartnerKind.SCHOOL)],
        "goals": [
            ("Uczniowie poznają pracę w firmach technologicznych",
             ("Uczniowie techników nie wiedzą, że w ich mieście są firmy, które szukają "
             "programistów i testerów.")),
            ("Pracownia nowych technologii w bibliotece", ""),
        ],
        "actions": [
            {"goal": 0, "title": "Wakacyjne praktyki w piotrkowskich firmach IT", "owner": 0,
             "description": "Dwutygodniowe praktyki dla uczniów szkół średnich w lokalnych "
             "firmach informatycznych. Biblioteka prowadzi nabór, przygotowuje uczniów na "
             "warsztatach z CV i rozmowy, a po wakacjach zaprasza na spotkanie podsumowujące.",
             "status": ActionStatus.IN_PROGRESS, "dates": (date(2026, 5, 4), date(2026, 9, 30)),
             "milestones": [("Nabór praktykantów", date(2026, 5, 29), date(2026, 5, 29)),
                            ("Warsztaty z CV i rozmowy", date(2026, 6, 19), date(2026, 6, 18)),
                            ("Spotkanie podsumowujące", date(2026, 9, 25), None)],
             "indicators": [("Praktykanci", "osób", 15, 11, "umowy o praktyki"),
                            ("Firmy przyjmujące praktykantów", "firm", 6, 5, "porozumienia")],
             "lines": [("Warsztaty z CV i rozmowy kwalifikacyjnej", 2, "warsztat", _zl(450),
                        GRANT, TASK),
                       ("Bilety miesięczne komunikacji miejskiej dla praktykantów", 15,
                        "bilet", _zl(60), GRANT, TASK)]},
            {"goal": 1, "title": "Pracownia robotyki i druku 3D", "owner": None,
             "description": "Drukarka 3D, zestawy do robotyki i stanowiska do programowania w "
             "czytelni: trzy popołudnia w tygodniu dla młodzieży, w soboty dla rodzin.",
             "status": ActionStatus.DONE, "dates": (date(2026, 3, 2), date(2026, 6, 30)),
             "milestones": [("Zakup sprzętu", date(2026, 4, 10), date(2026, 4, 8)),
                            ("Otwarcie pracowni", date(2026, 5, 4), date(2026, 5, 4))],
             "indicators": [("Wizyty w pracowni", "wizyt", 400, 512, "rejestr wizyt"),
                            ("Zajęcia z robotyki", "zajęć", 20, 22, "dziennik zajęć")],
             "lines": [("Drukarka 3D z filamentami", 1, "zestaw", _zl(3_900), GRANT, TASK),
                       ("Zestawy do robotyki", 4, "zestaw", _zl(1_050), GRANT, TASK),
                       ("Stoły i krzesła do stanowisk", 1, "komplet", _zl(1_800), OWN, TASK)]},
            {"goal": 0, "title": "Wyjazd na targi pracy IT w Łodzi", "owner": None,
             "description": "Autokar dla 40 uczniów na targi pracy w branży informatycznej.",
             "status": ActionStatus.DROPPED,
             "drop_reason": "Organizatorzy przenieśli targi do internetu; uczniowie wzięli w "
             "nich udział w pracowni biblioteki, bez kosztów wyjazdu.",
             "dates": (date(2026, 10, 1), date(2026, 10, 31)),
             "milestones": [], "indicators": [], "lines": []},
        ],
    },
    "piekary-slaskie": {
        "title": "Plan rozwoju Strefy Innowacji w Piekarach Śląskich",
        "years": (2026, 2027),
        "vision": "Młodzi z Piekar chcą pracować w nowych technologiach: w Katowicach, w "
        "Krakowie, niektórzy w Dolinie Krzemowej. Biblioteka pomaga im zrobić pierwszy krok "
        "tutaj.",
        "grant": ("SI/2026/010", date(2026, 2, 16), _zl(8_000), date(2026, 3, 1),
                  date(2026, 12, 31)),
        "partners": [("Młodzieżowa Rada Miasta Piekary Śląskie", PartnerKind.COUNCIL),
                     ("Fundacja Kod Śląska", PartnerKind.NGO)],
        "goals": [
            ("Młodzi z Piekar zdobywają pierwsze umiejętności informatyczne",
             "Zajęcia z programowania są w mieście tylko płatne i tylko dla małych dzieci."),
        ],
        "actions": [
            {"goal": 0, "title": "Akademia Młodego Programisty", "owner": 1,
             "description": "Kurs na trzech poziomach (Scratch, Python, strony internetowe) "
             "dla uczniów od 11 do 18 lat, w małych grupach, z certyfikatem ukończenia i "
             "pokazem projektów na koniec roku.",
             "status": ActionStatus.IN_PROGRESS, "dates": (date(2026, 3, 9), date(2026, 12, 14)),
             "milestones": [("Nabór do trzech grup", date(2026, 3, 6), date(2026, 3, 6)),
                            ("Pierwsze certyfikaty", date(2026, 6, 26), date(2026, 6, 26)),
                            ("Pokaz projektów", date(2026, 12, 11), None)],
             "indicators": [("Absolwenci kursu z certyfikatem", "osób", 30, 12,
                             "rejestr certyfikatów"),
                            ("Grupy kursowe", "grup", 3, 3, "dziennik zajęć")],
             "lines": [("Prowadzenie zajęć (trzy grupy)", 60, "godz.", _zl(90), GRANT, TASK),
                       ("Mikrokontrolery i zestawy czujników", 8, "zestaw", _zl(200), GRANT,
                        TASK)]},
            {"goal": 0, "title": "Spotkania z ludźmi z branży IT", "owner": 0,
             "description": "Raz w miesiącu gość z firmy technologicznej ze Śląska opowiada, "
             "jak wygląda jego praca; potem pytania i rozmowy przy kawie.",
             "status": ActionStatus.PLANNED, "dates": (date(2026, 10, 1), date(2027, 3, 31)),
             "milestones": [("Pierwsze spotkanie", date(2026, 10, 8), None)],
             "indicators": [("Spotkania z gośćmi", "spotkań", 6, None, "kalendarz biblioteki")],
             "lines": [("Zwrot kosztów dojazdu gości", 6, "spotkanie", _zl(100), GRANT, TASK),
                       ("Poczęstunek", 5, "spotkanie", _zl(80), GRANT, TASK)]},
        ],
    },
    "sucha-beskidzka": {
        "title": "Plan rozwoju Strefy Innowacji w Suchej Beskidzkiej",
        "years": (2026, 2027),
        "vision": "W Suchej Beskidzkiej nie ma firm informatycznych ani uczelni, ale jest "
        "internet i biblioteka. Tu młodzi spotykają mentorów z całej Polski i uczą się razem, "
        "zamiast wyjeżdżać po pierwszą lekcję programowania.",
        "grant": ("SI/2026/022", date(2026, 2, 26), _zl(6_000), date(2026, 3, 1),
                  date(2026, 12, 31)),
        "partners": [("Liceum Ogólnokształcące w Suchej Beskidzkiej", PartnerKind.SCHOOL),
                     ("Stowarzyszenie Mentorzy w Sieci", PartnerKind.NGO)],
        "goals": [
            ("Młodzież z małego miasta ma dostęp do nauki nowych technologii",
             "Najbliższe zajęcia z programowania są w Krakowie, dwie godziny autobusem."),
        ],
        "actions": [
            {"goal": 0, "title": "Mentorzy online z branży IT", "owner": 1,
             "description": "Co dwa tygodnie wideospotkanie w bibliotece z informatykiem, "
             "który pracuje w Krakowie, Warszawie albo za granicą: pytania uczniów, przegląd "
             "ich projektów i zadania na kolejne spotkanie.",
             "status": ActionStatus.IN_PROGRESS, "dates": (date(2026, 4, 13), date(2026, 12, 11)),
             "milestones": [("Sala gotowa do wideospotkań", date(2026, 4, 10), date(2026, 4, 9)),
                            ("Pierwsze spotkanie z mentorem", date(2026, 4, 16),
                             date(2026, 4, 16)),
                            ("Ósme spotkanie", date(2026, 8, 27), None)],
             "indicators": [("Wideospotkania z mentorami", "spotkań", 16, 6, "kalendarz"),
                            ("Stali uczestnicy", "osób", 12, 9, "lista obecności")],
             "lines": [("Ekran i kamera do sali spotkań", 1, "zestaw", _zl(2_400), GRANT, TASK),
                       ("Mikrofon konferencyjny", 1, "szt.", _zl(600), GRANT, TASK),
                       ("Szybszy internet (różnica abonamentu)", 9, "miesiąc", _zl(50), OWN,
                        TASK)]},
            {"goal": 0, "title": "Wypożyczalnia laptopów dla uczniów", "owner": None,
             "description": "Trzy laptopy do wypożyczenia do domu na dwa tygodnie dla "
             "uczniów, którzy uczą się programowania, a nie mają własnego komputera.",
             "status": ActionStatus.PLANNED, "dates": (date(2026, 9, 1), date(2027, 6, 30)),
             "milestones": [("Zakup laptopów i regulamin", date(2026, 9, 15), None)],
             "indicators": [("Wypożyczenia laptopów", "wypożyczeń", 30, None,
                             "system biblioteczny")],
             "lines": [("Odnowione laptopy", 3, "szt.", _zl(1_000), GRANT, TASK)]},
        ],
    },
    "sopot": {
        "title": "Plan rozwoju Strefy Innowacji w Sopocie",
        "years": (2026, 2027),
        "vision": "Sopot to nie tylko kurort. Biblioteka zbiera i pokazuje historie "
        "mieszkańców, ich zdjęcia i wspomnienia, i zaprasza sopocian do tworzenia kultury "
        "miasta razem.",
        "grant": ("SI/2026/021", date(2026, 2, 26), _zl(9_200), date(2026, 3, 1),
                  date(2026, 12, 31)),
        "partners": [("Muzeum Sopotu", PartnerKind.OTHER),
                     ("Towarzystwo Przyjaciół Sopotu", PartnerKind.NGO)],
        "goals": [
            ("Pamięć mieszkańców Sopotu dostępna dla wszystkich",
             ("Mieszkańcy czują, że ich Sopot znika za wizerunkiem kurortu; starsi sopocianie "
             "mają zdjęcia i historie, których nikt nie zbiera.")),
            ("Mieszkańcy tworzą kulturę miasta", ""),
        ],
        "actions": [
            {"goal": 0, "title": "Sopockie archiwum wspomnień", "owner": 1,
             "description": "Nagrywamy rozmowy z najstarszymi sopocianami i skanujemy ich "
             "zdjęcia; wszystko trafia do internetowego archiwum na stronie biblioteki, z "
             "opisami i mapą miejsc. Rozmowy nagrywają wolontariusze z liceum.",
             "status": ActionStatus.IN_PROGRESS, "dates": (date(2026, 3, 2), date(2026, 12, 18)),
             "milestones": [("Skaner i sprzęt do nagrań", date(2026, 3, 31), date(2026, 3, 27)),
                            ("Pierwsze 20 rozmów", date(2026, 6, 30), date(2026, 6, 29)),
                            ("Archiwum w internecie", date(2026, 10, 31), None)],
             "indicators": [("Nagrane rozmowy", "rozmów", 40, 22, "archiwum"),
                            ("Zeskanowane zdjęcia", "zdjęć", 600, 430, "archiwum")],
             "lines": [("Skaner do zdjęć i negatywów", 1, "szt.", _zl(2_600), GRANT, TASK),
                       ("Rejestratory dźwięku z mikrofonami", 2, "zestaw", _zl(900), GRANT,
                        TASK),
                       ("Strona archiwum: projekt i wdrożenie", 1, "usługa", _zl(2_900), GRANT,
                        TASK)]},
            {"goal": 1, "title": "Spacery literackie po Sopocie", "owner": 0,
             "description": "Pięć sobotnich spacerów śladami pisarzy i poetów związanych z "
             "Sopotem, prowadzonych przez przewodników i czytelników biblioteki; każdy kończy "
             "się czytaniem w plenerze.",
             "status": ActionStatus.DONE, "dates": (date(2026, 5, 9), date(2026, 9, 26)),
             "milestones": [("Pięć spacerów", date(2026, 9, 26), date(2026, 9, 26))],
             "indicators": [("Uczestnicy spacerów (razem)", "osób", 150, 171,
                             "liczenie na miejscu")],
             "lines": [("Prowadzenie spacerów przez przewodników", 5, "spacer", _zl(300),
                        GRANT, TASK),
                       ("Mapka spacerowa (druk)", 500, "szt.", _zl(0, 80), GRANT, TASK)]},
        ],
    },
    "slupsk": {
        "title": "Plan rozwoju Strefy Innowacji w Słupsku",
        "years": (2026, 2027),
        "vision": "Biblioteka jako scena dla słupskich twórców, muzyków, poetów i "
        "ilustratorów, i miejsce, z którego mieszkańcy ruszają robić kulturę w swoich "
        "dzielnicach.",
        "grant": ("SI/2026/020", date(2026, 2, 25), _zl(10_000), date(2026, 3, 1),
                  date(2026, 12, 31)),
        "partners": [("Słupski Ośrodek Kultury", PartnerKind.OTHER),
                     ("Stowarzyszenie Młodzi Twórcy Słupska", PartnerKind.NGO)],
        "goals": [
            ("Lokalni twórcy mają gdzie się pokazać",
             ("W Słupsku dzieje się dużo, ale zawsze w tych samych miejscach i dla tych samych "
             "osób; młodzi twórcy nie mają gdzie zagrać ani pokazać prac.")),
            ("Mieszkańcy sami ożywiają kulturę w dzielnicach", ""),
        ],
        "actions": [
            {"goal": 0, "title": "Scena Strefy: wieczory lokalnych twórców", "owner": 1,
             "description": "Co dwa tygodnie w piątek wieczorem w czytelni występuje ktoś "
             "stąd: zespół, poetka, ilustrator z wystawą. Wstęp wolny, program układają sami "
             "twórcy.",
             "status": ActionStatus.DONE, "dates": (date(2026, 3, 6), date(2026, 6, 26)),
             "milestones": [("Nagłośnienie sceny", date(2026, 3, 6), date(2026, 3, 4)),
                            ("Osiem wieczorów", date(2026, 6, 26), date(2026, 6, 26))],
             "indicators": [("Wieczory na scenie", "wieczorów", 8, 8, "kalendarz"),
                            ("Widzowie (razem)", "osób", 400, 468, "liczenie na miejscu"),
                            ("Twórcy, którzy wystąpili", "osób", 20, 27, "program wieczorów")],
             "lines": [("Nagłośnienie: kolumny, mikser, mikrofony", 1, "zestaw", _zl(2_900),
                        GRANT, TASK),
                       ("Honoraria dla twórców", 8, "wieczór", _zl(200), GRANT, TASK)]},
            {"goal": 1, "title": "Kultura na podwórku: wydarzenia mieszkańców dzielnic",
             "owner": 0,
             "description": "Mieszkańcy Zatorza i Osiedla Niepodległości zgłaszają pomysły "
             "na wydarzenia w swojej okolicy (potańcówka, kino na ścianie bloku, warsztaty); "
             "biblioteka pomaga je zorganizować i daje do 500 zł na materiały.",
             "status": ActionStatus.IN_PROGRESS, "dates": (date(2026, 5, 4), date(2026, 10, 31)),
             "milestones": [("Nabór pomysłów", date(2026, 5, 29), date(2026, 5, 29)),
                            ("Sześć wydarzeń w dzielnicach", date(2026, 10, 31), None)],
             "indicators": [("Wydarzenia zorganizowane przez mieszkańców", "wydarzeń", 6, 2,
                             "sprawozdania grup")],
             "lines": [("Materiały na wydarzenia mieszkańców", 6, "wydarzenie", _zl(500),
                        GRANT, TASK),
                       ("Projektor i ekran plenerowy", 1, "zestaw", _zl(2_500), GRANT, TASK)]},
        ],
    },
}
# fmt: on

# The librarian's words in the partial report for March–June, by action number: what was
# achieved, how many took part and what lasts; then the explanations of the indicators
# below 80% of their targets (by name), which the reports' rules ask for before submitting.
REPORT_ACTIONS = {
    1: {
        "achieved": (
            "Od kwietnia do czerwca odbyło się 12 spotkań Klubu Młodych Mam, średnio po 14 "
            "osób, więcej niż zakładaliśmy. Kącik dla maluchów jest wyposażony, "
            "przeprowadziliśmy cztery warsztaty z położną i pierwsze spotkanie z psychologiem "
            "dziecięcym."
        ),
        "participants": 38,
        "lasting": (
            "Klub spotyka się w każdą środę o 10:00 w Oddziale dla Dzieci. Rodzice sami "
            "zaproponowali wymianę ubranek raz w miesiącu."
        ),
    },
    2: {"achieved": "Działanie zacznie się we wrześniu.", "participants": 0, "lasting": ""},
    3: {
        "achieved": "Zapisało się 9 seniorów i 6 uczniów; 7 seniorów ukończyło pierwszy cykl.",
        "participants": 15,
        "lasting": "Uczniowie chcą prowadzić kolejne grupy jesienią.",
    },
}
REPORT_EXPLANATIONS = {
    "Spotkania klubu": "To pierwsze 4 miesiące z 10: spotkania odbywają się co tydzień "
    "zgodnie z planem, pozostałe 18 przypada na jesień i zimę.",
    "Warsztaty ze specjalistami": "Warsztaty z psychologiem zaczęły się w czerwcu; cykl "
    "potrwa do października.",
    "Wieczory gier": "Działanie zaczyna się we wrześniu 2026 r.",
    "Seniorzy, którzy ukończyli cykl": "Pierwsza grupa skończyła w czerwcu, dwie kolejne "
    "zaczną się po wakacjach.",
}
REPORT_ADDITIONAL = (
    "Wkład własny biblioteki: koszty sali (ogrzewanie, prąd, sprzątanie), użyczenie sali "
    "Oddziału dla Dzieci i praca wolontariuszek prowadzących spotkania."
)


def _utc(*parts: int) -> datetime:
    """A naive UTC moment, as the database keeps them."""
    return datetime(*parts, tzinfo=UTC).replace(tzinfo=None)


KWIDZYN_REPORT = {
    "period": (date(2026, 3, 1), date(2026, 6, 30)), "due": date(2026, 7, 31),
    "submitted": _utc(2026, 7, 14, 9, 30), "actions": REPORT_ACTIONS,
    "explanations": REPORT_EXPLANATIONS, "additional": REPORT_ADDITIONAL,
}  # fmt: skip

# The other zones' progress reports, submitted (and some accepted by the coordinator): the
# librarian's words on each action by its number, the explanations of indicators below 80%
# of their targets, by name. Zones without one here have no report yet.
# fmt: off
REPORTS = {
    "jarocin": {
        "period": (date(2026, 3, 1), date(2026, 6, 30)), "due": date(2026, 7, 31),
        "submitted": _utc(2026, 7, 10, 12, 0),
        "actions": {
            1: {"achieved": "Kalendarz miejski działa od 5 czerwca na stronie biblioteki. W "
                "pierwszych tygodniach 17 instytucji i organizacji wpisało 184 wydarzenia: "
                "koncerty w ośrodku kultury, mecze, spotkania w parafiach, zajęcia w szkołach. "
                "W bibliotece stoi tablet, na którym każdy przejrzy kalendarz i wydrukuje plan "
                "na weekend.",
                "participants": 17,
                "lasting": "Wydarzenia wpisują same instytucje, biblioteka tylko zakłada konta. "
                "Urząd Miejski prowadzi do kalendarza ze swojej strony."},
            2: {"achieved": "Trzy szkolenia dla redaktorów kalendarza w maju i czerwcu: "
                "przeszkoliliśmy 34 osoby z 21 instytucji i organizacji, więcej niż "
                "zakładaliśmy.",
                "participants": 34,
                "lasting": "Instrukcja wpisywania wydarzeń, z dostępnym opisem zdjęcia, jest "
                "na stronie kalendarza."},
        },
        "explanations": {
            "Wydarzenia w kalendarzu": "Kalendarz działa dopiero od czerwca; 300 wydarzeń to "
            "cel na cały rok, a jesienią dojdzie sezon kulturalny.",
            "Instytucje i organizacje, które wpisują": "Kolejne organizacje zgłosiły się po "
            "szkoleniach; ich konta założymy we wrześniu, po wakacjach.",
        },
        "additional": "Wkład własny: Jarociński Ośrodek Kultury użyczył sali na szkolenia.",
        "expenses": [
            (1, 0, date(2026, 6, 5), _zl(6_700), "WebJar s.c., Jarocin", "FV/2026/06/018"),
            (1, 1, date(2026, 4, 28), _zl(1_279), "Media Expert, Jarocin", "FV/MX/2026/0455"),
            (2, 0, date(2026, 6, 19), _zl(1_500), "Fundacja Edukacji Cyfrowej", "RACH/7/2026"),
            (2, 1, date(2026, 5, 8), _zl(480), "Drukarnia Jarocińska", "FV/112/2026"),
        ],
    },
    "nowy-tomysl": {
        "period": (date(2026, 3, 1), date(2026, 10, 31)), "due": date(2026, 11, 30),
        "submitted": _utc(2026, 11, 9, 10, 15), "accepted": _utc(2026, 11, 20, 13, 0),
        "comment": "Sprawozdanie przyjęte. Strefa NGO to dobry przykład dla innych bibliotek "
        "w sieci.",
        "actions": {
            1: {"achieved": "Strefa NGO działa od 1 czerwca: sala z internetem, drukarką, "
                "sześcioma szafkami i stołem na 16 osób. Do końca października skorzystało z "
                "niej 15 organizacji, od koła gospodyń wiejskich po klub sportowy; odbyło się "
                "48 spotkań.",
                "participants": 210,
                "lasting": "Organizacje rezerwują salę przez stronę biblioteki; trzy z nich "
                "mają tu stałe dyżury dla mieszkańców."},
            2: {"achieved": "Pierwsze forum organizacji odbyło się 15 października: 36 osób, "
                "burmistrz i czworo radnych. Ustaliliśmy wspólny kalendarz naborów na małe "
                "granty gminy.",
                "participants": 36,
                "lasting": "Drugie forum w kwietniu 2027 r.; program przygotowują same "
                "organizacje."},
            3: {"achieved": "Działanie zaniechane: powiat przygotował spis organizacji sam, a "
                "my z niego korzystamy.", "participants": 0, "lasting": ""},
        },
        "explanations": {},
        "additional": "Wkład własny: sala biblioteki udostępniana organizacjom wieczorami.",
        "expenses": [
            (1, 0, date(2026, 5, 12), _zl(2_670), "Biuro-Serwis, Nowy Tomyśl", "FV/05/2026/221"),
            (1, 1, date(2026, 5, 12), _zl(1_589), "Komputronik S.A.", "FV/KT/2026/77812"),
            (1, 2, date(2026, 5, 14), _zl(2_790), "Meble Wielkopolska sp. z o.o.",
             "FV/2026/0514/3"),
            (2, 0, date(2026, 10, 15), _zl(400), "Pracownia Dialogu Społecznego",
             "RACH/10/2026"),
            (2, 1, date(2026, 10, 15), _zl(284, 50), "Piekarnia Tomyska", "FV/2026/10/095"),
        ],
    },
    "krotoszyn": {
        "period": (date(2026, 3, 1), date(2026, 6, 30)), "due": date(2026, 7, 31),
        "submitted": _utc(2026, 7, 8, 14, 40),
        "actions": {
            1: {"achieved": "Klub programowania spotyka się od 25 marca w każdą środę: 18 "
                "uczestników, w tym 7 dziewcząt. Na pokazie 19 czerwca pokazali 7 projektów, "
                "między innymi grę o historii Krotoszyna i stronę dla schroniska.",
                "participants": 18,
                "lasting": "Programista z KrotoSoft prowadzi zajęcia także po wakacjach; "
                "dwoje uczestników pomaga młodszym."},
            2: {"achieved": "Cztery rozmowy z informatykami z Krotoszyna, w tym jedna na żywo "
                "z Kalifornii, o 20:00 naszego czasu. Przyszło razem 146 osób, także rodzice.",
                "participants": 146,
                "lasting": "Nagrania rozmów są na kanale biblioteki; dwoje gości zostało "
                "mentorami klubu."},
        },
        "explanations": {
            "Zajęcia klubu": "36 zajęć to cel na cały rok; od marca do czerwca odbyło się 14, "
            "zgodnie z planem. Drugi semestr zaczyna się we wrześniu.",
            "Ukończone projekty uczestników": "Część uczestników pracuje w parach nad "
            "większymi projektami; pokażą je w grudniu.",
        },
        "additional": "Wkład własny: sala i internet biblioteki na zajęcia klubu.",
        "expenses": [
            (1, 0, date(2026, 3, 19), _zl(6_594), "x-kom sp. z o.o.", "FV/XK/2026/03/99120"),
            (1, 1, date(2026, 6, 30), _zl(800), "KrotoSoft sp. z o.o.", "FV/2026/06/07"),
            (2, 0, date(2026, 4, 2), _zl(1_189), "Media Markt, Ostrów Wielkopolski",
             "FV/MM/2026/04/3321"),
            (2, 1, date(2026, 4, 3), _zl(380), "Drukarnia Krotoszyńska", "FV/41/2026"),
        ],
    },
    "cieszyn": {
        "period": (date(2026, 3, 1), date(2026, 6, 30)), "due": date(2026, 7, 31),
        "submitted": _utc(2026, 7, 6, 8, 50), "accepted": _utc(2026, 7, 17, 11, 20),
        "comment": "Sprawozdanie przyjęte bez uwag.",
        "actions": {
            1: {"achieved": "Hackathon 16–17 maja w bibliotece: 52 uczniów z Cieszyna i "
                "Czeskiego Cieszyna w 11 zespołach. Powstało 9 prototypów, między innymi "
                "rozkład autobusów po obu stronach granicy i mapa wejść do sklepów dostępnych "
                "dla wózków.",
                "participants": 52,
                "lasting": "Miasto chce wdrożyć mapę dostępności; Knihovna Český Těšín "
                "zaprasza na kolejny hackathon u siebie w 2027 r."},
            2: {"achieved": "Dobraliśmy 10 par studentów informatyki i licealistów; do końca "
                "czerwca spotkały się razem 64 razy.",
                "participants": 20,
                "lasting": "Pary spotykają się także w wakacje, przez internet."},
        },
        "explanations": {
            "Spotkania par (razem)": "Program trwa do stycznia 2027 r.; 64 spotkania w "
            "pierwszych trzech miesiącach to tyle, ile zakładaliśmy na ten czas.",
        },
        "additional": "Wkład własny: sala i nocleg uczestników hackathonu w bibliotece.",
        "expenses": [
            (1, 0, date(2026, 5, 17), _zl(2_180), "Catering Śląsk Cieszyński s.c.",
             "FV/2026/05/144"),
            (1, 1, date(2026, 5, 15), _zl(1_497), "Media Expert, Cieszyn", "FV/MX/2026/0981"),
            (2, 0, date(2026, 3, 28), _zl(900), "Fundacja Mentoringu", "RACH/3/2026"),
        ],
    },
    "sopot": {
        "period": (date(2026, 3, 1), date(2026, 9, 30)), "due": date(2026, 10, 31),
        "submitted": _utc(2026, 10, 12, 9, 0),
        "actions": {
            1: {"achieved": "Nagraliśmy 22 rozmowy z sopocianami w wieku od 68 do 97 lat i "
                "zeskanowaliśmy 430 zdjęć z rodzinnych albumów: plaża w latach 50., molo zimą, "
                "pensjonaty, których już nie ma. Archiwum w internecie przygotowujemy.",
                "participants": 64,
                "lasting": "Ośmioro licealistów nauczyło się prowadzić wywiady i zostaje z "
                "nami jako wolontariusze; Muzeum Sopotu pokaże wybrane zdjęcia na wystawie."},
            2: {"achieved": "Pięć spacerów literackich od maja do września, razem 171 osób. "
                "Najwięcej przyszło na spacer śladami poetów Dolnego Sopotu.",
                "participants": 171,
                "lasting": "Mapka spacerowa jest w bibliotece i w informacji turystycznej: "
                "trasę można przejść samemu."},
        },
        "explanations": {
            "Nagrane rozmowy": "Część rozmówców wolała spotkać się po sezonie letnim; 18 "
            "rozmów jest umówionych na październik i listopad.",
            "Zeskanowane zdjęcia": "Skanujemy po każdej rozmowie; kolejne albumy dostaniemy "
            "przy jesiennych nagraniach.",
        },
        "additional": "",
        "expenses": [
            (1, 0, date(2026, 3, 27), _zl(2_589), "Foto-Gdańsk sp. z o.o.", "FV/2026/03/778"),
            (1, 1, date(2026, 3, 27), _zl(1_798), "Sklep Muzyczny Trójmiasto",
             "FV/2026/0327/12"),
            (2, 0, date(2026, 9, 26), _zl(1_500), "Koło Przewodników Pomorskich",
             "RACH/9/2026"),
            (2, 1, date(2026, 5, 4), _zl(400), "Drukarnia Sopocka", "FV/52/2026"),
        ],
    },
    "slupsk": {
        "period": (date(2026, 3, 1), date(2026, 6, 30)), "due": date(2026, 7, 31),
        "submitted": _utc(2026, 7, 9, 15, 10), "accepted": _utc(2026, 7, 21, 10, 0),
        "comment": "",
        "actions": {
            1: {"achieved": "Od marca do czerwca osiem piątkowych wieczorów: pięć koncertów, "
                "dwa wieczory poezji i wystawa ilustracji. Wystąpiło 27 twórców ze Słupska i "
                "okolic, przyszło razem 468 osób.",
                "participants": 468,
                "lasting": "Scena Strefy zostaje w programie biblioteki; twórcy sami "
                "zgłaszają się na kolejne terminy, grafik jest pełny do grudnia."},
            2: {"achieved": "Mieszkańcy zgłosili 9 pomysłów; do końca czerwca odbyły się dwa "
                "wydarzenia: potańcówka na Zatorzu i warsztaty murali na Osiedlu "
                "Niepodległości.",
                "participants": 130,
                "lasting": "Grupy mieszkańców z obu dzielnic chcą działać dalej, także bez "
                "pieniędzy z grantu."},
        },
        "explanations": {
            "Wydarzenia zorganizowane przez mieszkańców": "Pozostałe cztery wydarzenia są "
            "zaplanowane na wakacje i wrzesień, kiedy można działać na podwórkach.",
        },
        "additional": "",
        "expenses": [
            (1, 0, date(2026, 3, 4), _zl(2_890), "Sklep Muzyczny Riff, Słupsk",
             "FV/2026/03/061"),
            (1, 1, date(2026, 6, 26), _zl(1_600), "Twórcy (8 umów o dzieło)", "UOD/1-8/2026"),
            (2, 0, date(2026, 6, 20), _zl(980), "Castorama Polska sp. z o.o.",
             "FV/CAS/2026/06/5512"),
        ],
    },
}
# fmt: on


def load_demo_plans(
    zones: dict[str, Zone], author_id: int | None = None, coordinator_id: int | None = None
) -> int:
    """The demo plans, each once, with their money and reports; the number made now.

    `author_id` is Kwidzyn's librarian (the other zones have no demo account: their plans
    and reports have no author); `coordinator_id` accepts the accepted reports."""
    made = 0
    specs = {"kwidzyn": KWIDZYN, **OTHER_PLANS}
    taken = set(db.session.scalars(select(Plan.zone_id)))
    for slug, spec in specs.items():
        zone = zones.get(slug)
        if zone is None or zone.id in taken:
            continue
        if slug == "kwidzyn":
            plan = _build(zone, spec, author_id)
            _kwidzyn_money(zone, plan, author_id)
            _report(zone, plan, KWIDZYN_REPORT, author_id, coordinator_id)
        else:
            plan = _build(zone, spec, None)
            if slug in REPORTS:
                _expenses(plan, REPORTS[slug]["expenses"])
                _report(zone, plan, REPORTS[slug], None, coordinator_id)
        made += 1
    return made


def _build(zone: Zone, spec: dict, author_id: int | None) -> Plan:
    """The plan as `spec` says, published (version 1, dated before the grant's start)."""
    start, end = spec["years"]
    plan = services.create_plan(
        zone, title=spec["title"], start_year=start, end_year=end, vision=spec["vision"]
    )
    plan.created_by_id = author_id
    number, contract_date, awarded, starts_on, ends_on = spec["grant"]
    db.session.add(Grant(
        plan=plan, funder=services.DEFAULT_FUNDER, programme=services.DEFAULT_PROGRAMME,
        contract_number=number, contract_date=contract_date, amount_awarded=awarded,
        starts_on=starts_on, ends_on=ends_on,
    ))  # fmt: skip
    partners = [Partner(zone_id=zone.id, name=name, kind=kind.value)
                for name, kind in spec["partners"]]  # fmt: skip
    db.session.add_all(partners)
    goals = [Goal(plan=plan, position=n, title=title, description=description)
             for n, (title, description) in enumerate(spec["goals"], start=1)]  # fmt: skip
    db.session.add_all(goals)
    findings = _zone_findings(zone)
    ideas = _zone_ideas(zone)
    rate = services.hourly_rate()
    for n, item in enumerate(spec["actions"], start=1):
        action = Action(
            plan=plan, goal=goals[item["goal"]], number=n, title=item["title"],
            description=item["description"], status=item["status"].value,
            drop_reason=item.get("drop_reason"), progress_set=item.get("progress"),
            starts_on=item["dates"][0], ends_on=item["dates"][1],
        )  # fmt: skip
        db.session.add(action)
        owner = item["owner"]
        if owner == "librarian":
            action.owner_user_id = author_id
        elif owner is not None:
            action.owner_partner = partners[owner]
        action.milestones = [Milestone(title=title, due_on=due, done_on=done)
                             for title, due, done in item["milestones"]]  # fmt: skip
        action.indicators = [
            Indicator(name=name, unit=unit, target=target, achieved=achieved, source=source)
            for name, unit, target, achieved, source in item["indicators"]
        ]
        action.findings = [findings[i] for i in item.get("findings", []) if i < len(findings)]
        for title in item.get("ideas", []):
            if title in ideas:
                _choose(ideas[title], action, author_id)
        for description, quantity, unit, unit_cost, source, category in item["lines"]:
            db.session.add(BudgetLine(
                plan=plan, action=action, description=description, quantity=quantity,
                unit=unit, unit_cost=rate if unit_cost is VOLUNTEER_RATE else unit_cost,
                source=source, category=category,
            ))  # fmt: skip
    if findings:
        goals[0].findings = findings
    db.session.flush()
    version = services.publish_plan(plan, None)
    plan.published_at = version.created_at = PUBLISHED_AT
    version.created_by_id = author_id
    db.session.flush()
    return plan


def _zone_findings(zone: Zone) -> list[Finding]:
    return list(db.session.scalars(
        select(Finding).join(Survey).where(Survey.zone_id == zone.id)
        .order_by(Finding.position, Finding.id)
    ))  # fmt: skip


def _zone_ideas(zone: Zone) -> dict[str, Idea]:
    found = db.session.scalars(
        select(Idea).where(Idea.zone_id == zone.id, Idea.merged_into_id.is_(None))
    )
    return {idea.title: idea for idea in found if idea.visible}


def _choose(idea: Idea, action: Action, actor_id: int | None) -> None:
    """Link the idea to the action: it is now chosen for the plan (audited)."""
    action.ideas.append(idea)
    if idea.status in (IdeaStatus.PUBLISHED, IdeaStatus.SHORTLISTED):
        before = idea.status
        idea.status = IdeaStatus.CHOSEN.value
        record("choose", "idea", idea.id, actor_id=actor_id, zone_id=idea.zone_id,
               before={"status": before}, after={"status": idea.status})  # fmt: skip


def _kwidzyn_money(zone: Zone, plan: Plan, author_id: int | None) -> None:
    """Expenses with receipts, the in-kind and volunteer contributions and the submitted
    partial report for March–June."""
    club = plan.actions[0]
    lines = [line for line in plan.budget_lines if line.action_id == club.id]
    for n, day, amount, supplier, document, receipt in KLUB_EXPENSES:
        line = lines[n]
        expense = Expense(
            plan_id=plan.id, budget_line=line, spent_on=day, amount=amount, supplier=supplier,
            document_number=document, paid_from=line.source, created_by_id=author_id,
        )  # fmt: skip
        if receipt is not None:
            expense.receipt = _receipt(zone, receipt, document, author_id)
        db.session.add(expense)
    in_kind = next(line for line in lines if line.source == IN_KIND)
    db.session.add(Contribution(
        plan_id=plan.id, budget_line=in_kind, kind=IN_KIND, given_on=date(2026, 6, 30),
        description="Użyczenie sali na 12 spotkań klubu (kwiecień–czerwiec)",
        value=12 * in_kind.unit_cost, created_by_id=author_id,
    ))  # fmt: skip
    volunteer = next(line for line in lines if line.source == VOLUNTEER)
    rate = services.hourly_rate()
    for day, hours, month in ((date(2026, 4, 30), 8, "kwiecień"), (date(2026, 5, 31), 10, "maj"),
                              (date(2026, 6, 30), 6, "czerwiec")):  # fmt: skip
        db.session.add(Contribution(
            plan_id=plan.id, budget_line=volunteer, kind=VOLUNTEER, given_on=day,
            description=f"Wolontariuszki prowadzące spotkania klubu: {month}", hours=hours,
            hourly_rate=rate, value=hours * rate, created_by_id=author_id,
        ))  # fmt: skip
    db.session.flush()


def _expenses(plan: Plan, items: list[tuple]) -> None:
    """Invoices paid so far, without receipt files: (action number, line of that action,
    day, amount, supplier, document)."""
    actions = {action.number: action for action in plan.actions}
    for number, n, day, amount, supplier, document in items:
        line = [line for line in plan.budget_lines if line.action_id == actions[number].id][n]
        db.session.add(Expense(
            plan_id=plan.id, budget_line=line, spent_on=day, amount=amount, supplier=supplier,
            document_number=document, paid_from=line.source,
        ))  # fmt: skip
    db.session.flush()


def _report(
    zone: Zone, plan: Plan, spec: dict, author_id: int | None, coordinator_id: int | None
) -> None:
    """A partial report written and submitted through the reports' own rules, so that its
    figures are frozen as every submitted report's are; accepted by the coordinator when
    `spec` says so."""
    db.session.expire(plan)  # read again, whole, as the report's pages read it
    plan = services.get_plan(zone)
    start, end = spec["period"]
    report = create_report(
        plan, kind=ReportKind.PARTIAL, period_start=start, period_end=end, due_on=spec["due"]
    )
    explanations = spec["explanations"]
    report.texts = {
        "actions": {str(a.id): spec["actions"].get(a.number, {}) for a in plan.actions},
        "indicators": {
            str(i.id): explanations.get(i.name, "Działanie jeszcze trwa.")
            for a in plan.actions
            for i in a.indicators
        },
        "additional": spec["additional"],
        "statements": list(STATEMENTS),
    }
    problems = submit_report(report, plan, _user(author_id))
    if problems:  # the demo's words no longer meet the rules
        raise RuntimeError(f"the demo report of {zone.slug} cannot be submitted: {problems}")
    report.submitted_at = spec["submitted"]
    if "accepted" in spec:
        review_report(report, plan, _user(coordinator_id), accept=True, comment=spec["comment"])
        report.reviewed_at = spec["accepted"]
    db.session.flush()


def _user(user_id: int | None) -> User | SimpleNamespace:
    user = db.session.get(User, user_id) if user_id is not None else None
    return user or SimpleNamespace(id=None)


# Receipts: small real files, stored as every upload is (app.plans.uploads).


def _receipt(zone: Zone, kind: str, document: str, author_id: int | None) -> Attachment:
    data = _png(document) if kind == "png" else _pdf(document)
    if data is None:
        kind, data = "pdf", _pdf(document)
    upload = FileStorage(io.BytesIO(data), filename=f"{document.replace('/', '-')}.{kind}")
    attachment = store_upload(upload, zone, AttachmentKind.RECEIPT, None)
    attachment.created_by_id = author_id
    return attachment


def _pdf(text: str) -> bytes:
    """A one-page PDF showing `text` (ASCII), with a correct cross-reference table."""
    line = "".join(c for c in text if c.isascii() and c not in "()\\")
    stream = f"BT /F1 14 Tf 40 100 Td (Faktura {line}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 200] "
            b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
        ),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref,
    )  # fmt: skip
    return bytes(out)


def _png(text: str) -> bytes | None:
    """A small receipt-like PNG (Pillow), or None without Pillow."""
    try:
        from PIL import Image, ImageDraw
    except ImportError:  # pragma: no cover - Pillow is a dependency of uploads
        return None
    image = Image.new("RGB", (320, 160), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((4, 4, 315, 155), outline="black")
    draw.text((16, 20), "PARAGON / FAKTURA", fill="black")
    draw.text((16, 50), "".join(c for c in text if c.isascii()), fill="black")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
