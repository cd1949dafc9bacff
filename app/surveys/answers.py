"""Answers: which questions apply, reading them from a form, and checking them.

One set of rules serves the web form, paper entry and the JSON API. Canonical answers are a
dict by question key: single choice -> option value ("other" with its text under
`<key>__other`), multiple choice -> list of values, Likert/scale/number -> int, text -> str,
ranking -> list of option values, most important first.
"""

import re
from collections.abc import Iterable, Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from app.core.text import has_lone_surrogate
from app.surveys.schema import (
    NUMBER_TYPES,
    OTHER,
    TEXT_TYPES,
    Question,
    QuestionType,
    Section,
    ShowIf,
    SurveyTemplate,
)

OTHER_SUFFIX = "__other"
OTHER_MAX_LENGTH = 200
DEFAULT_MAX_LENGTH = {"short_text": 200, "long_text": 2000}


def other_key(question: Question) -> str:
    return question.key + OTHER_SUFFIX


def condition_holds(condition: ShowIf, answers: Mapping[str, Any]) -> bool:
    """Whether an earlier answer meets a `show_if` condition."""
    value = answers.get(condition.question)
    if condition.answered:
        return value not in (None, "", [])
    wanted = condition.one_of if condition.one_of is not None else [condition.equals]
    if isinstance(value, list):
        return any(v in wanted for v in value)
    return value in wanted


def is_visible(question: Question, answers: Mapping[str, Any]) -> bool:
    return question.show_if is None or condition_holds(question.show_if, answers)


def section_applies(section: Section, answers: Mapping[str, Any]) -> bool:
    """A section is shown when at least one of its questions applies."""
    return any(is_visible(q, answers) for q in section.questions)


def might_apply(section: Section, answers: Mapping[str, Any]) -> bool:
    """Whether a section may still be shown: for the progress indicator, a condition on a
    question not answered yet counts as possibly true."""
    return any(
        q.show_if is None
        or q.show_if.question not in answers
        or condition_holds(q.show_if, answers)
        for q in section.questions
    )


def prune(template: SurveyTemplate, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Drop answers to questions whose condition no longer holds (conditions look back only)."""
    kept: dict[str, Any] = {}
    for question in template.questions():
        if not is_visible(question, kept):
            continue
        for key in (question.key, other_key(question)):
            if key in answers:
                kept[key] = answers[key]
    return kept


def with_other(q: Question, value: Any, other_text: Any) -> Any:
    """A choice with "other" implied by its text: whoever types what they mean by "other"
    has chosen it, ticked or not. A single choice of another option keeps that option."""
    if not q.other or not isinstance(other_text, str) or not other_text.strip():
        return value
    if q.type == QuestionType.SINGLE_CHOICE:
        return OTHER if value in (None, "") else value
    if q.type == QuestionType.MULTIPLE_CHOICE:
        values = value if isinstance(value, list) else ([] if value in (None, "") else [value])
        return values if OTHER in values else [*values, OTHER]
    return value


def read_form(questions: Iterable[Question], form) -> dict[str, Any]:
    """Raw answers from a submitted form (a werkzeug MultiDict)."""
    raw: dict[str, Any] = {}
    for q in questions:
        if q.type == QuestionType.MULTIPLE_CHOICE:
            raw[q.key] = form.getlist(q.key)
        elif q.type == QuestionType.RANKING:
            raw[q.key] = {
                option.value: form.get(f"{q.key}__{option.value}", "") for option in q.options
            }
        else:
            raw[q.key] = form.get(q.key, "")
        if q.other:
            raw[other_key(q)] = form.get(other_key(q), "")
            # Shown ticked again if the page comes back with an error.
            raw[q.key] = with_other(q, raw[q.key], raw[other_key(q)])
    return raw


def check(
    questions: Iterable[Question],
    raw: Mapping[str, Any],
    earlier: Mapping[str, Any],
    *,
    paper: bool = False,
) -> tuple[dict[str, Any], dict[str, str]]:
    """Check raw answers to `questions`: (clean answers, error message by question key).

    `earlier` holds answers already given, for conditions on previous sections. Questions
    whose condition does not hold are skipped and their answers dropped. On `paper`, what
    the person left blank is no answer: required questions, an "other" without its text
    and options left out of a ranking are taken as they are.
    """
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for q in questions:
        if not is_visible(q, {**earlier, **clean}):
            continue
        try:
            other = _text(raw.get(other_key(q))) if q.other else ""
            value = with_other(q, raw.get(q.key), other)
            value = _clean(q, value, complete=q.required and not paper)
        except ValueError as error:
            errors[q.key] = str(error)
            continue
        if value is None:
            if q.required and not paper:
                errors[q.key] = _required_message(q)
            continue
        clean[q.key] = value
        if q.other and (value == OTHER or (isinstance(value, list) and OTHER in value)):
            if len(other) > OTHER_MAX_LENGTH:
                errors[q.key] = _too_long(OTHER_MAX_LENGTH, len(other))
            elif other:
                clean[other_key(q)] = other
            elif not paper:
                errors[q.key] = _("Say what you mean by “other”.")
    return clean, errors


def _required_message(q: Question) -> str:
    if q.type in (QuestionType.SINGLE_CHOICE, QuestionType.LIKERT, QuestionType.SCALE):
        return _("Choose an answer.")
    if q.type == QuestionType.MULTIPLE_CHOICE:
        return _("Choose at least one answer.")
    if q.type == QuestionType.RANKING:
        return _("Put the options in order.")
    return _("Answer this question.")


def _text(value: Any) -> str:
    """Text as typed, without surrounding space and NUL characters (which nothing can store).

    ValueError for what is not text, or holds half of a UTF-16 pair (a lone surrogate),
    which no encoding can store: PostgreSQL refuses it, SQLite would keep a broken string.
    """
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(_("Send this answer as text."))
    if has_lone_surrogate(value):
        raise ValueError(_("This text holds a character that is not valid Unicode."))
    return value.replace("\x00", "").strip()


def _too_long(limit: int, used: int) -> str:
    return ngettext(
        "Use at most %(num)d character (you used %(used)d).",
        "Use at most %(num)d characters (you used %(used)d).",
        limit,
        used=used,
    )


def _clean(q: Question, value: Any, *, complete: bool = True) -> Any:
    """The canonical value of one answer, None when unanswered; ValueError with a message.

    `complete`: a ranking must place every option (a required one, not on paper)."""
    if q.type in TEXT_TYPES:
        text = _text(value)
        limit = q.max_length or DEFAULT_MAX_LENGTH[q.type]
        if len(text) > limit:
            raise ValueError(_too_long(limit, len(text)))
        return text or None
    if q.type == QuestionType.SINGLE_CHOICE:
        if value in (None, ""):
            return None
        if not isinstance(value, str) or value not in q.option_values():
            raise ValueError(_("Choose one of the options."))
        return value
    if q.type == QuestionType.MULTIPLE_CHOICE:
        values = value if isinstance(value, list) else ([] if value in (None, "") else [value])
        allowed = q.option_values()
        if any(not isinstance(v, str) or v not in allowed for v in values):
            raise ValueError(_("Choose among the options."))
        chosen = [v for v in allowed if v in values]  # template order, no repeats
        if q.max_choices and len(chosen) > q.max_choices:
            raise ValueError(
                ngettext("Choose at most %(num)d answer.", "Choose at most %(num)d answers.",
                         q.max_choices)
            )  # fmt: skip
        return chosen or None
    if q.type in NUMBER_TYPES:
        if value in (None, ""):
            return None
        low, high = {"likert": (1, 5), "scale": (0, 10)}.get(q.type, (q.min, q.max))
        number = _whole_number(value)
        if (low is not None and number < low) or (high is not None and number > high):
            if low is not None and high is not None:
                raise ValueError(_("Enter a number from %(min)d to %(max)d.", min=low, max=high))
            if low is not None:
                raise ValueError(_("Enter a number of at least %(min)d.", min=low))
            raise ValueError(_("Enter a number of at most %(max)d.", max=high))
        return number
    if q.type == QuestionType.RANKING:
        return _ranking(q, value, complete=complete)
    raise ValueError(_("This question cannot be answered."))


MAX_WHOLE_NUMBER = 10**12 - 1  # twelve digits: more than any count a survey asks for
WHOLE_NUMBER = re.compile(r"-?[0-9]{1,12}")


def _whole_number(value: Any) -> int:
    """An int from an int, a whole float or digits as typed (and no more than 12 of them)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(_("Enter a whole number, for example 3."))
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(_("Enter a whole number, for example 3."))
        value = int(value)
    if isinstance(value, str):
        text = value.strip().replace("\u00a0", "").replace(" ", "")
        if not WHOLE_NUMBER.fullmatch(text):
            raise ValueError(_("Enter a whole number, for example 3."))
        value = int(text)
    if abs(value) > MAX_WHOLE_NUMBER:
        raise ValueError(_("Enter a whole number, for example 3."))
    return value


def _ranking(q: Question, value: Any, *, complete: bool = True) -> list[str] | None:
    """From the form, {option: "rank"}; from the API, [option, …] most important first."""
    allowed = q.option_values()
    if isinstance(value, Mapping):
        ranks = {}
        for option, rank in value.items():
            if rank in (None, ""):
                continue
            if not isinstance(rank, int | str) or isinstance(rank, bool):
                raise ValueError(_("Put the options in order."))
            try:
                ranks[option] = int(rank)
            except (TypeError, ValueError):
                raise ValueError(_("Put the options in order.")) from None
        if any(r < 1 or r > len(allowed) for r in ranks.values()):
            raise ValueError(_("Put the options in order."))
        if len(set(ranks.values())) != len(ranks):
            raise ValueError(_("Give each option a different place."))
        value = sorted(ranks, key=ranks.get)
    if value in (None, "", []):
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) and v in allowed for v in value):
        raise ValueError(_("Put the options in order."))
    if len(set(value)) != len(value):
        raise ValueError(_("Give each option a different place."))
    if complete and len(value) != len(allowed):
        raise ValueError(_("Give every option a place."))
    return value
