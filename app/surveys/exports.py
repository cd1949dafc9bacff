"""Exports of a survey's complete responses: CSV, XLSX and JSON.

One row per response, one column per question (one per option for multiple choice and
ranking), with the questions' and options' labels in the chosen language.
"""

import json
from collections.abc import Iterator
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from app.core import downloads
from app.core.time import rfc3339
from app.extensions import db
from app.surveys.answers import other_key
from app.surveys.models import Response, ResponseStatus, Survey
from app.surveys.schema import OTHER, Question, QuestionType

BATCH = 500


class Column:
    """One export column: its header and how to read it from a response's answers."""

    def __init__(self, header: str, read):
        self.header, self.read = header, read


def columns(survey: Survey, language: str, local_time: bool = False) -> list[Column]:
    """The export's columns for `survey`, labelled in `language`; the moment a response was
    sent is written by the download's dialect, in local time or UTC as its header says."""
    sent = _("Submitted at (local time)") if local_time else _("Submitted at (UTC)")
    cols = [
        Column(_("Response"), lambda r, a: r.id),
        Column(sent, lambda r, a: r.submitted_at),
        Column(_("Channel"), lambda r, a: r.channel),
    ]
    for q in survey.template.questions():
        cols.extend(_question_columns(q, language))
    return cols


def _question_columns(q: Question, language: str) -> list[Column]:
    text = q.text.get(language)
    labels = {o.value: o.label.get(language) for o in q.options or []}
    labels[OTHER] = _("Other")
    if q.type == QuestionType.MULTIPLE_CHOICE:
        cols = [
            Column(f"{text}: {label}", lambda r, a, v=value: int(v in (a.get(q.key) or [])))
            for value, label in labels.items()
            if value != OTHER or q.other
        ]
    elif q.type == QuestionType.RANKING:
        cols = [
            Column(
                f"{text}: {labels[o.value]}",
                lambda r, a, v=o.value: (
                    (a.get(q.key) or []).index(v) + 1 if v in (a.get(q.key) or []) else None
                ),
            )
            for o in q.options
        ]
    elif q.type == QuestionType.SINGLE_CHOICE:
        cols = [Column(text, lambda r, a: labels.get(a.get(q.key)))]
    else:  # Likert, scale, number and text: the answer as given
        cols = [Column(text, lambda r, a: a.get(q.key))]
    if q.other:
        cols.append(Column(f"{text}: {_('Other, namely:')}", lambda r, a: a.get(other_key(q))))
    return cols


def complete_responses(survey_id: int) -> Iterator[Response]:
    """The survey's complete responses in order, read in batches (fine at 100,000 rows)."""
    last_id = 0
    while True:
        batch = db.session.scalars(
            select(Response)
            .where(
                Response.survey_id == survey_id,
                Response.status == ResponseStatus.COMPLETE,
                Response.id > last_id,
            )
            .order_by(Response.id)
            .limit(BATCH)
        ).all()
        if not batch:
            return
        yield from batch
        last_id = batch[-1].id
        for response in batch:  # keep memory flat on large surveys
            db.session.expunge(response)


def _rows(survey: Survey, language: str, dialect: downloads.Dialect) -> Iterator[list[Any]]:
    """The header, then a row per response. Everything about the survey is read before the
    first row: a streamed body is produced after the request's session is gone."""
    cols, survey_id = columns(survey, language, dialect.local_time), survey.id

    def rows() -> Iterator[list[Any]]:
        yield [c.header for c in cols]
        for response in complete_responses(survey_id):
            yield [c.read(response, response.draft) for c in cols]

    return rows()


def csv_chunks(survey: Survey, language: str, dialect: downloads.Dialect) -> Iterator[str]:
    """CSV (UTF-8 with BOM, so that Excel reads Polish letters) in `dialect`, streamed row
    by row."""
    return downloads.csv_chunks(_rows(survey, language, dialect), dialect)


def xlsx_bytes(survey: Survey, language: str, dialect: downloads.Dialect) -> bytes:
    """An XLSX workbook with one sheet of responses (moments in `dialect`'s time)."""
    return downloads.xlsx_bytes(_("Responses"), _rows(survey, language, dialect), dialect)


def json_chunks(survey: Survey, language: str) -> Iterator[str]:
    """JSON: the questions (with labels) and each response's answers by question key."""
    questions = [
        {
            "key": q.key,
            "type": q.type,
            "text": q.text.get(language),
            "options": {o.value: o.label.get(language) for o in q.options or []},
        }
        for q in survey.template.questions()
    ]
    head = {"survey": survey.slug, "zone": survey.zone.slug, "language": language}
    survey_id = survey.id

    def chunks() -> Iterator[str]:
        yield json.dumps(head | {"questions": questions}, ensure_ascii=False)[:-1]
        yield ', "responses": ['
        for n, response in enumerate(complete_responses(survey_id)):
            item = {
                "id": response.id,
                "submitted_at": rfc3339(response.submitted_at),
                "channel": response.channel,
                "answers": response.draft,
            }
            yield ("," if n else "") + json.dumps(item, ensure_ascii=False)
        yield "]}"

    return chunks()
