"""Demo responses: Kwidzyn's diagnosis, answered by a few hundred plausible residents.

The answers follow the seed's story: parents of small children often say there is nowhere
to meet, which later leads to the "Klub Młodych Mam" idea. Generated with a fixed seed, and
checked by the same rules as real answers.
"""

import random
from datetime import timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from app.core.time import utcnow
from app.extensions import db
from app.surveys.answers import check
from app.surveys.models import Channel, Response, ResponseStatus, Survey
from app.surveys.schema import TEXT_TYPES, Question, QuestionType, load_template
from app.surveys.services import (
    answer_rows,
    close_survey,
    create_survey,
    open_survey,
    store_answers,
)
from app.zones.models import Zone

DEMO_RESPONSES = 320
# A town's people as a survey meets them: few describe their gender otherwise, so
# comparing by gender hides every group (fewer than 5 people in one), as it should.
SINGLE_CHOICE_WEIGHTS = {"plec": [57, 38, 1, 4]}
CHANNELS = [(Channel.QR, 40), (Channel.LINK, 33), (Channel.KIOSK, 10), (Channel.PAPER, 17)]
IDEAS = [
    ("Klub Młodych Mam", "Cotygodniowe spotkania mam z małymi dziećmi w bibliotece."),
    ("Kawiarenka dla rodziców", "Miejsce, gdzie można przyjść z wózkiem i porozmawiać."),
    ("Warsztaty komputerowe dla seniorów", "Jak bezpiecznie korzystać z internetu i e-urzędu."),
    ("Kalendarz wydarzeń w mieście", "Jedna strona ze wszystkimi wydarzeniami w Kwidzynie."),
    ("Klub gier planszowych dla młodzieży", "Piątkowe wieczory z grami w bibliotece."),
    ("Kino plenerowe latem", "Filmy w parku w sobotnie wieczory."),
    ("Wymiana książek i zabawek", "Półka, na której rodzice zostawiają i biorą zabawki."),
]


def load_demo_survey(
    zone: Zone,
    rng: random.Random | None = None,
    *,
    responses: int = DEMO_RESPONSES,
    weeks_ago: int = 0,
    public: bool = False,
) -> Survey | None:
    """A zone's diagnosis survey with demo responses; nothing if it already exists.

    Kwidzyn's is open now; other zones' ran `weeks_ago` and are closed (for the network
    view), some with their results public.
    """
    exists = db.session.scalar(
        select(Survey.id).where(
            Survey.zone_id == zone.id, Survey.template_key == "diagnoza_potrzeb"
        )
    )
    if exists:
        return None
    rng = rng or random.Random(2013)  # noqa: S311 - demo data, not security
    path = Path(current_app.config["SURVEY_TEMPLATES_DIR"]) / "diagnoza-potrzeb.yaml"
    survey = create_survey(zone, load_template(path))
    now = utcnow() - timedelta(weeks=weeks_ago)
    open_survey(survey, opens_at=now - timedelta(days=35))
    for n in range(responses):
        answers = _resident(survey, rng)
        submitted = now - timedelta(days=34 * (1 - n / responses) ** 1.5, minutes=rng.random())
        channel = rng.choices([c for c, _ in CHANNELS], [w for _, w in CHANNELS])[0]
        response = Response(
            survey=survey,
            token=f"demo-{survey.id}-{n}",
            channel=channel.value,
            status=ResponseStatus.COMPLETE.value,
            step=len(survey.template.sections) - 1,
            draft=answers,
            created_at=submitted - timedelta(minutes=6),
            submitted_at=submitted,
        )
        db.session.add(response)
        db.session.flush()
        store_answers(answer_rows(survey.template, survey.id, response.id, answers))
    if weeks_ago:
        close_survey(survey)
    survey.results_public = public
    db.session.flush()
    return survey


def _resident(survey: Survey, rng: random.Random) -> dict:
    """One resident's answers, valid by the survey's own rules."""
    age = rng.choices(
        ["wiek_15_24", "wiek_25_34", "wiek_35_44", "wiek_45_59", "wiek_60_74", "wiek_75_plus"],
        [14, 24, 22, 18, 16, 6],
    )[0]
    parent = age in ("wiek_25_34", "wiek_35_44") and rng.random() < 0.5
    profile = {"grupa_wieku": age, "rodzic_malego_dziecka": "tak" if parent else "nie"}
    raw: dict = {}
    for question in survey.template.questions():
        raw[question.key] = _answer(question, profile, parent, rng)
    clean, errors = check(survey.template.questions(), raw, {})
    assert not errors, errors  # the generator must follow the template's rules
    return clean


def _answer(q: Question, profile: dict, parent: bool, rng: random.Random):
    if q.key in profile:
        return profile[q.key]
    if q.type == QuestionType.SINGLE_CHOICE:
        if not q.required and rng.random() < 0.1:
            return None
        options = [o.value for o in q.options]
        weights = SINGLE_CHOICE_WEIGHTS.get(q.key, [1] * len(options))
        return rng.choices(options, weights)[0]
    if q.type == QuestionType.MULTIPLE_CHOICE:
        options = [o.value for o in q.options]
        weights = [
            8 if parent and v in ("miejsce_rodzice_dzieci", "mlodzi_rodzice", "nigdzie") else 2
            for v in options
        ]
        k = min(q.max_choices or 3, 1 + int(rng.random() * 3))
        return sorted(set(rng.choices(options, weights, k=k)), key=options.index)
    if q.type == QuestionType.LIKERT:
        if q.key == "mam_gdzie_sie_spotkac" and parent:
            return rng.choices([1, 2, 3, 4, 5], [30, 35, 15, 15, 5])[0]
        return rng.choices([1, 2, 3, 4, 5], [8, 20, 27, 30, 15])[0]
    if q.type == QuestionType.SCALE:
        return max(0, min(10, round(rng.gauss(7, 2))))
    if q.type == QuestionType.NUMBER:
        return rng.choice([1, 1, 1, 2, 2, 3])
    if q.type == QuestionType.RANKING:
        options = [o.value for o in q.options]
        if parent and "klub_rodzicow" in options:
            rest = [v for v in options if v != "klub_rodzicow"]
            rng.shuffle(rest)
            return ["klub_rodzicow", *rest]
        rng.shuffle(options)
        return options
    if q.type in TEXT_TYPES:
        if rng.random() < 0.7:
            return None
        title, description = IDEAS[0] if parent and rng.random() < 0.6 else rng.choice(IDEAS)
        return (title if q.type == QuestionType.SHORT_TEXT else description)[: q.max_length or 200]
    return None
