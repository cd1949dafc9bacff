"""Text answers: what residents wrote in their own words, and who may read it.

Text answers (short and long text questions, and the "other, namely" of choice questions)
can name or identify people, so this page is never open to residents, whatever the survey's
results_public. The zone's librarians and the coordinator read them all and mark those the
zone's officials may read (`Answer.publishable`). The rules come first (plain functions
that flush and never commit), then the page.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import case, func, select, update

from app.core.pagination import paginate
from app.core.params import int_arg
from app.dashboards import bp
from app.dashboards.aggregate import ALL_TEXTS, TEXT_TYPES
from app.dashboards.forms import PublishTextsForm
from app.dashboards.services import viewed_results
from app.extensions import db
from app.surveys.models import Answer, Response, ResponseStatus, Survey
from app.surveys.schema import Question
from app.surveys.services import get_zone_survey
from app.zones.access import can_manage_zone, zone_route

PER_PAGE = 100
MAX_IDS = 1000  # ids in one marking request: a page has at most PER_PAGE of each kind
ID_PATTERN = re.compile(r"[0-9]{1,11}")


@dataclass(frozen=True)
class TextAnswer:
    """One text answer of a complete response."""

    id: int
    question_key: str
    text: str
    is_other: bool  # the "other, namely" text of a choice question
    publishable: bool
    submitted_at: datetime


@dataclass
class TextPage:
    """One page of a survey's text answers, by question (in the survey's order), newest first."""

    questions: list[Question]  # all questions answered in words, on this page or not
    counts: dict[str, tuple[int, int]]  # question key -> (answers, publishable answers)
    answers: list[TextAnswer]
    pagination: Pagination | None  # None when the survey has no question answered in words
    question: str | None = None  # the one question shown, if chosen

    @property
    def page(self) -> int:
        return self.pagination.page if self.pagination else 1

    @property
    def pages(self) -> int:
        return max(1, self.pagination.pages) if self.pagination else 1

    @property
    def total(self) -> int:
        return self.pagination.total or 0 if self.pagination else 0

    @property
    def groups(self) -> list[tuple[Question, list[TextAnswer]]]:
        """This page's answers under their questions (a question may go on the next page)."""
        by_key: dict[str, list[TextAnswer]] = {}
        for answer in self.answers:
            by_key.setdefault(answer.question_key, []).append(answer)
        return [(q, by_key[q.key]) for q in self.questions if q.key in by_key]


# Rules ---------------------------------------------------------------------------------


def text_questions(survey: Survey) -> list[Question]:
    """Questions whose answers include residents' own words: text questions and "other"."""
    return [q for q in survey.template.questions() if q.type in TEXT_TYPES or q.other]


def _text_answers(survey: Survey, keys: list[str], publishable_only: bool):
    """The text answers of complete responses to these questions (a query to add to)."""
    query = (
        select(Answer)
        .join(Response, Response.id == Answer.response_id)
        .where(
            Answer.survey_id == survey.id,
            Answer.question_key.in_(keys),
            Answer.text.is_not(None),
            Answer.text != "",
            Response.status == ResponseStatus.COMPLETE,
        )
    )
    return query.where(Answer.publishable.is_(True)) if publishable_only else query


def _newest_first(survey: Survey, keys: list[str], publishable_only: bool):
    order = case({key: n for n, key in enumerate(keys)}, value=Answer.question_key)
    return (
        _text_answers(survey, keys, publishable_only)
        .order_by(order, Response.submitted_at.desc(), Answer.id.desc())
        .execution_options(populate_existing=True)  # marks changed in bulk are read afresh
    )


def _answer(answer: Answer, submitted_at: datetime) -> TextAnswer:
    return TextAnswer(
        id=answer.id, question_key=answer.question_key, text=answer.text,
        is_other=answer.option is not None, publishable=answer.publishable,
        submitted_at=submitted_at,
    )  # fmt: skip


def text_page(
    survey: Survey,
    *,
    page: int = 1,
    question: str | None = None,
    publishable_only: bool,
    per_page: int = PER_PAGE,
) -> TextPage:
    """One page of the survey's text answers (of one question, if `question` is one of them);
    only those officials may read when `publishable_only`. Paged by the app's one pager
    (`app.core.pagination.paginate`)."""
    questions = text_questions(survey)
    keys = [q.key for q in questions]
    if question not in keys:
        question = None
    listing = TextPage(questions=questions, counts={}, answers=[], pagination=None,
                       question=question)  # fmt: skip
    if not keys:
        return listing
    in_scope = _text_answers(survey, keys, publishable_only).subquery()
    listing.counts = {
        key: (n, int(published or 0))
        for key, n, published in db.session.execute(
            select(
                in_scope.c.question_key,
                func.count(),
                func.sum(case((in_scope.c.publishable.is_(True), 1), else_=0)),
            ).group_by(in_scope.c.question_key)
        )
    }
    shown = [question] if question else keys
    listing.pagination = paginate(
        _newest_first(survey, shown, publishable_only), per_page, page=page
    )
    answers = list(listing.pagination.items)
    submitted = dict(
        db.session.execute(
            select(Response.id, Response.submitted_at).where(
                Response.id.in_({answer.response_id for answer in answers})
            )
        ).all()
    ) if answers else {}  # fmt: skip
    listing.answers = [_answer(answer, submitted[answer.response_id]) for answer in answers]
    return listing


def set_publishable(survey: Survey, publishable: set[int], shown: set[int]) -> tuple[int, int]:
    """Let officials read the text answers in `publishable`, and no longer those in `shown`
    but not in `publishable`; ids of other surveys, or of answers that are not texts, are
    left alone. Returns how many answers changed each way (flushes)."""

    def mark(ids: set[int], value: bool) -> int:
        if not ids:
            return 0
        result = db.session.execute(
            update(Answer)
            .where(
                Answer.survey_id == survey.id,
                Answer.id.in_(sorted(ids)),
                Answer.text.is_not(None),
                Answer.publishable.is_(not value),
            )
            .values(publishable=value)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount

    return mark(publishable, True), mark(shown - publishable, False)


# Pages --------------------------------------------------------------------------------


def _page_args() -> dict:
    """The page and question asked for in the query string (page 1, all questions if not)."""
    question = request.args.get("question") or None
    return {"page": int_arg("page", 1, minimum=1, strict=True), "question": question}


def _ids(name: str) -> set[int]:
    """The answer ids sent under `name`; 400 for anything else, or for too many."""
    values = request.form.getlist(name)
    if len(values) > MAX_IDS or not all(ID_PATTERN.fullmatch(value) for value in values):
        abort(400)
    return {int(value) for value in values}


def _saved_message(marked: int, unmarked: int) -> str:
    messages = []
    if marked:
        messages.append(
            ngettext(
                "%(num)d answer can now be read by officials.",
                "%(num)d answers can now be read by officials.",
                marked,
            )
        )
    if unmarked:
        messages.append(
            ngettext(
                "%(num)d answer is hidden from officials again.",
                "%(num)d answers are hidden from officials again.",
                unmarked,
            )
        )
    return " ".join(messages) or _("Nothing has changed.")


@bp.get("/zones/<zone_slug>/surveys/<slug>/results/texts")
@zone_route()
def texts(zone, slug: str):
    """Text answers: all of them for librarians, with checkboxes; the shared ones for officials."""
    survey = get_zone_survey(zone, slug)
    access = viewed_results(current_user, survey, texts=True)
    editor = access.written_answers == ALL_TEXTS
    asked = _page_args()
    listing = text_page(survey, **asked, publishable_only=not editor)
    return render_template(
        "dashboards/texts.html",
        zone=survey.zone,
        survey=survey,
        listing=listing,
        editor=editor,
        form=PublishTextsForm() if editor else None,
    )


@bp.post("/zones/<zone_slug>/surveys/<slug>/results/texts")
@zone_route(can_manage_zone)
def texts_mark(zone, slug: str):
    """Save which of a page's text answers officials may read, then show that page again."""
    survey = get_zone_survey(zone, slug)
    viewed_results(current_user, survey, texts=True)  # a draft has no texts to mark: 404
    asked = _page_args()
    if PublishTextsForm().validate_on_submit():
        marked, unmarked = set_publishable(survey, _ids("publishable"), _ids("shown"))
        db.session.commit()
        flash(_saved_message(marked, unmarked), "success" if marked or unmarked else "info")
    return redirect(
        url_for(
            "dashboards.texts",
            zone_slug=survey.zone.slug,
            slug=survey.slug,
            page=asked["page"] if asked["page"] > 1 else None,
            question=asked["question"],
        )
    )
