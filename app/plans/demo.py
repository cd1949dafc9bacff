"""Demo development plans: Kwidzyn's 2026–2027 plan with "Klub Młodych Mam" funded by a
10,000 zł grant from FRSI's Strefy Innowacji (its budget, expenses with receipts, volunteer
hours, a submitted partial report), and the programme's own examples of zone innovations
(shared/seeds): Jarocin's city calendar, Oświęcim's local information radio and Nowy
Tomyśl's meeting place for NGOs. Demo data are Polish and are not translated.

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
from app.plans.reports import STATEMENTS, create_report, submit_report
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


def load_demo_plans(zones: dict[str, Zone], author_id: int | None = None) -> int:
    """The four demo plans, each once; the number of plans made now."""
    made = 0
    specs = {"kwidzyn": KWIDZYN, **OTHER_PLANS}
    taken = set(db.session.scalars(select(Plan.zone_id)))
    for slug, spec in specs.items():
        zone = zones.get(slug)
        if zone is None or zone.id in taken:
            continue
        plan = _build(zone, spec, author_id)
        if slug == "kwidzyn":
            _kwidzyn_money(zone, plan, author_id)
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
    _submitted_report(zone, plan, author_id)


def _submitted_report(zone: Zone, plan: Plan, author_id: int | None) -> None:
    """The partial report for March–June, written and submitted through the reports' own
    rules, so that its figures are frozen as every submitted report's are."""
    db.session.expire(plan)  # read again, whole, as the report's pages read it
    plan = services.get_plan(zone)
    report = create_report(
        plan, kind=ReportKind.PARTIAL, period_start=date(2026, 3, 1),
        period_end=date(2026, 6, 30), due_on=date(2026, 7, 31),
    )  # fmt: skip
    report.texts = {
        "actions": {str(a.id): REPORT_ACTIONS.get(a.number, {}) for a in plan.actions},
        "indicators": {
            str(i.id): REPORT_EXPLANATIONS.get(i.name, "Działanie jeszcze trwa.")
            for a in plan.actions
            for i in a.indicators
        },
        "additional": REPORT_ADDITIONAL,
        "statements": list(STATEMENTS),
    }
    author = db.session.get(User, author_id) if author_id is not None else None
    problems = submit_report(report, plan, author or SimpleNamespace(id=None))
    if problems:  # the demo's words no longer meet the rules
        raise RuntimeError(f"the demo report cannot be submitted: {problems}")
    report.submitted_at = datetime(2026, 7, 14, 9, 30, tzinfo=UTC).replace(tzinfo=None)
    db.session.flush()


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
