"""Surveys: the pages of each part attach their routes to the blueprint `bp`.

- resident_views: the short link, a survey's first page, answering and the thanks;
- manage_views: the zone's surveys for its librarians, paper entry, wording, codes, exports.

The template helpers the survey pages share are registered here.
"""

from datetime import date

from flask_babel import format_date

from app.surveys import bp, manage_views, resident_views
from app.surveys.answers import is_visible
from app.surveys.models import Channel, ResponseStatus, SurveyStatus
from app.surveys.schema import OPTION_TYPES, SCALE_TYPES, QuestionType

__all__ = ["bp", "manage_views", "resident_views"]


@bp.app_template_global()
def rank_of(value, option: str) -> int | None:
    """The place given to `option` in a ranking answer (a list, or a form's {option: rank})."""
    if isinstance(value, dict):
        rank = value.get(option)
        plain = isinstance(rank, str) and rank.isascii() and rank.isdigit() and len(rank) < 4
        return int(rank) if plain else None
    if isinstance(value, list) and option in value:
        return value.index(option) + 1
    return None


@bp.app_template_global()
def first_input_id(question) -> str:
    """Where an error summary's link leads: the question's first field, which takes focus."""
    if question.type in OPTION_TYPES:
        return f"q-{question.key}-{question.options[0].value}"
    if question.type in SCALE_TYPES:
        return f"q-{question.key}-{1 if question.type == QuestionType.LIKERT else 0}"
    return f"q-{question.key}"


bp.add_app_template_global(is_visible, "is_visible")
# The enums, so that templates compare with them rather than with bare strings.
for _enum in (QuestionType, SurveyStatus, ResponseStatus, Channel):
    bp.add_app_template_global(_enum, _enum.__name__)
bp.add_app_template_filter(lambda day: format_date(date.fromisoformat(day)), "isodate")
