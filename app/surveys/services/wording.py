"""Rewording a survey (title, introduction, poster headline, questions, options) without
changing what its answers mean."""

import copy
from typing import Any

from flask_babel import gettext as _

from app.extensions import db
from app.surveys.models import (
    Survey,
)
from app.surveys.schema import SurveyTemplate


def text_slots(template: SurveyTemplate) -> list[tuple[str, str, Any]]:
    """Every text of a survey that may be reworded: (path, what it is, its Text or None).

    Only wording: keys, types, options and conditions stay, so that answers collected
    before and after a fix mean the same and remain comparable.
    """
    slots = [
        ("title", "title", template.title),
        ("introduction", "introduction", template.introduction),
        # Optional, as help texts are: a survey copied before templates had it may get one.
        ("poster_headline", "poster_headline", template.poster_headline),
    ]
    for s in template.sections:
        slots.append((f"s.{s.key}.title", "section", s.title))
        for q in s.questions:
            slots.append((f"q.{q.key}.text", "question", q.text))
            slots.append((f"q.{q.key}.help", "help", q.help))
            slots.extend((f"q.{q.key}.o.{o.value}", "option", o.label) for o in q.options or [])
            slots.extend((f"q.{q.key}.l.{i}", "label", t) for i, t in enumerate(q.labels or []))
    return slots


def _slot_owner(definition: dict, path: str) -> tuple[dict, str]:
    """The dict holding the text at `path`, and the key of the text in it."""
    kind, *rest = path.split(".")
    if kind in ("title", "introduction", "poster_headline"):
        return definition, kind
    if kind == "s":
        section = next(s for s in definition["sections"] if s["key"] == rest[0])
        return section, rest[1]
    question = next(
        q for s in definition["sections"] for q in s["questions"] if q["key"] == rest[0]
    )
    if rest[1] == "o":
        return next(o for o in question["options"] if o["value"] == rest[2]), "label"
    if rest[1] == "l":
        return question["labels"], int(rest[2])
    return question, rest[1]


def reword(survey: Survey, texts: dict[str, dict[str, str]]) -> dict[str, str]:
    """Replace the survey's wording with `texts` ({path: {pl, en}}); errors by path.

    Polish is required wherever a text exists (help texts may be emptied); English is
    optional and falls back to Polish.
    """
    definition = copy.deepcopy(survey.definition)
    errors: dict[str, str] = {}
    for path, _kind, _current in text_slots(survey.template):
        if path not in texts:
            continue
        pl = (texts[path].get("pl") or "").strip()
        en = (texts[path].get("en") or "").strip()
        owner, key = _slot_owner(definition, path)
        if not pl:
            if path.endswith(".help") or path == "poster_headline":
                if isinstance(owner, dict):
                    owner.pop(key, None)
                continue
            errors[path] = _("Write the Polish text.")
            continue
        if len(pl) > 2000 or len(en) > 2000:
            errors[path] = _("Use at most 2000 characters.")
            continue
        owner[key] = {"pl": pl, "en": en} if en else {"pl": pl}
    if errors:
        return errors
    survey.definition = SurveyTemplate.model_validate(definition).model_dump(
        mode="json", exclude_none=True
    )
    db.session.flush()  # moves updated_at, so the new wording is parsed afresh
    return {}
