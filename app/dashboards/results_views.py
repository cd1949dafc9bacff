"""Dashboard pages: a survey's results as charts and tables, per-question CSV, the printable
report, the switch that makes results public, and plotly.js served by the app itself."""

import gzip
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import brotli
from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal, get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from app.core import downloads
from app.core.downloads import download
from app.core.forms import ActionForm
from app.core.time import utcnow
from app.dashboards import bp
from app.dashboards.aggregate import NO_ANSWER, TEXT_TYPES, Results, compute, dimensions
from app.dashboards.charts import figure, timeline
from app.dashboards.findings import findings_for
from app.dashboards.ordering import STRONGEST, read_order, strength, strongest_first
from app.dashboards.services import (
    ResultsAccess,
    set_results_public,
    viewed_results,
)
from app.dashboards.tables import bars, label_of, question_table
from app.extensions import db
from app.surveys.models import Channel, ResponseStatus, SurveyStatus
from app.surveys.models import Response as SurveyResponse
from app.surveys.schema import QuestionType
from app.surveys.services import get_zone_survey, response_counts
from app.zones.access import can_manage_zone, zone_route

PLOTLY_VERSION = "4.1.1"
PLOTLY_FILE = Path(__file__).parent.parent / "static/vendor/plotly/plotly-strefy.min.js"
ONE_YEAR = 365 * 24 * 3600


# Choosing a breakdown and a filter --------------------------------------------------------


def _choices(survey, access: ResultsAccess) -> tuple[str | None, tuple[str, str] | None]:
    """The breakdown (?by=key) and filter (?only=key:option) asked for, as far as the
    viewer may see them (`ResultsAccess.scope`): a page shows the whole instead of what is
    refused or unknown."""
    scope = access.scope(survey, request.args.get("by"), request.args.get("only"))
    return scope.by, scope.only


# The dashboard ------------------------------------------------------------------------------


def _language() -> str:
    return str(get_locale())


def _items(survey, results: Results, by: str | None, only, language: str) -> list[dict]:
    """Every question that has figures, with its table and chart."""
    by_question = next((q for q in survey.template.questions() if q.key == by), None)
    items = []
    for question in survey.template.questions():
        if question.key not in results.questions:
            continue
        table = question_table(question, results, by_question, language)
        items.append({
            "question": question, "table": table,
            "caption": _caption(question, table, by_question),
            "figure": figure(question.type, table, language),
            "strength": strength(table, results.groups),
            # Residents' words, as far as `compute` counted them for this viewer.
            "other_answers": results.questions[question.key].get("other_answers", []),
            "csv_url": url_for(
                "dashboards.question_csv", zone_slug=survey.zone.slug, slug=survey.slug,
                key=question.key, **_query(by, only),
            ),
        })  # fmt: skip
    return items


def _caption(question, table, by_question) -> str:
    """What the chart shows, in words."""
    answered = sum(c.value for c in table.answered if c.value is not None)
    n = format_decimal(answered)
    captions = {
        "single_choice": _("Share of people who chose each answer (%(n)s answered).", n=n),
        "multiple_choice": _(
            "Share of people who chose each answer; one person could choose several "
            "(%(n)s answered).", n=n,
        ),
        "likert": _(
            "Answers from the most negative (left) to the most positive (right), as shares "
            "of people (%(n)s answered).", n=n,
        ),
        "scale": _("Share of people who gave each mark from 0 to 10 (%(n)s answered).", n=n),
        "number": _("Share of people who gave each number (%(n)s answered).", n=n),
        "ranking": _(
            "Share of people who put each option first; the table also gives its mean place "
            "(1 = most important; %(n)s answered).", n=n,
        ),
    }  # fmt: skip
    caption = captions[question.type]
    if by_question is not None:
        if question.type in (QuestionType.SCALE, QuestionType.NUMBER):
            caption = _("Mean per group (%(n)s answered).", n=n)
        dimension = by_question.text.get(_language())
        caption += " " + _("Compared by the answer to “%(dimension)s”", dimension=dimension)
    return caption


def _query(by: str | None, only, order: str | None = None) -> dict[str, str]:
    query = {}
    if by:
        query["by"] = by
    if only:
        query["only"] = f"{only[0]}:{only[1]}"
    if order == STRONGEST:
        query["order"] = order
    return query


def _blocks(survey, items_by_key: dict, order: str) -> list[dict]:
    """The page's parts after "who answered": each of the survey's sections with its
    questions (an item, or None for a question answered in words), or, in the strongest
    order, one part with the questions that have figures from the strongest finding down,
    then the others in survey order."""
    language = _language()
    if order != STRONGEST:
        return [
            {"id": f"s-{section.key}", "title": section.title.get(language),
             "entries": [(q, items_by_key.get(q.key)) for q in section.questions]}
            for section in survey.template.sections
        ]  # fmt: skip
    ranked = strongest_first(list(items_by_key.values()))
    rest = [q for q in survey.template.questions() if q.key not in items_by_key]
    entries = [(item["question"], item) for item in ranked] + [(q, None) for q in rest]
    return [{"id": "s-strongest", "title": _("Questions, strongest findings first"),
             "entries": entries}]  # fmt: skip


def _timeline(survey, language: str) -> dict | None:
    """Complete responses per day and channel, every day from the first to the last."""
    day = func.date(SurveyResponse.submitted_at)
    rows = db.session.execute(
        select(day, SurveyResponse.channel, func.count())
        .where(
            SurveyResponse.survey_id == survey.id,
            SurveyResponse.status == ResponseStatus.COMPLETE,
        )
        .group_by(day, SurveyResponse.channel)
    ).all()
    if not rows:
        return None
    counts = {(str(d), channel): n for d, channel, n in rows}
    first, last = (
        date.fromisoformat(str(d)) for d in (min(r[0] for r in rows), max(r[0] for r in rows))
    )
    days = [(first + timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]
    by_channel = {c.value: [counts.get((d, c.value), 0) for d in days] for c in Channel}
    return timeline(days, by_channel, {c.value: c.label for c in Channel}, language)


def _text_questions(survey) -> list:
    return [q for q in survey.template.questions() if q.type in TEXT_TYPES]


def _page_context(survey, access: ResultsAccess, by, only, order: str | None = None) -> dict:
    language = _language()
    order = read_order(order)
    k = current_app.config["SUPPRESSION_THRESHOLD"]
    results = compute(survey, k=k, by=by, only=only, other_texts=access.other_texts)
    by_key = dimensions(survey)
    items = _items(survey, results, by, only, language)
    only_label = None
    if only:
        question = by_key[only[0]]
        only_label = (question, label_of(question, only[1], language))
    items_by_key = {item["question"].key: item for item in items}
    return {
        "zone": survey.zone,
        "survey": survey,
        "viewer": access.viewer,
        "access": access,
        "results": results,
        "items_by_key": items_by_key,
        "blocks": _blocks(survey, items_by_key, order),
        "order": order,
        "by_question": by_key.get(by) if by else None,
        "questions_by_key": {q.key: q for q in survey.template.questions()},
        "counts": response_counts(survey),
        "timeline": _timeline(survey, language),
        "findings": findings_for(survey),
        "dimensions": list(by_key.values()),
        "by": by,
        "only": only,
        "only_label": only_label,
        "no_answer": NO_ANSWER,
        "threshold": k,
        "computed_at": utcnow(),
        "text_questions": _text_questions(survey) if access.written_answers else [],
        "can_edit": access.edits,
        "page_url": _page_url(survey, by, only, order),
    }


def _page_url(survey, by, only, order):
    """page_url(by=..., only=..., order=..., anchor=...): this dashboard with some of its
    choices changed (None turns one off), the others kept."""
    kept = {"by": by, "only": only, "order": order}

    def url(anchor: str | None = None, **changes) -> str:
        choices = kept | changes
        return url_for(
            "dashboards.results", zone_slug=survey.zone.slug, slug=survey.slug,
            _anchor=anchor, **_query(choices["by"], choices["only"], choices["order"]),
        )  # fmt: skip

    return url


def _viewed(zone, slug: str):
    """The survey and what the visitor may see of its results (else 404, sign-in or 403)."""
    survey = get_zone_survey(zone, slug)
    return survey, viewed_results(current_user, survey)


@bp.get("/zones/<zone_slug>/surveys/<slug>/results")
@zone_route()
def results(zone, slug: str):
    """A survey's dashboard: figures for everyone allowed, live while it is open."""
    survey, access = _viewed(zone, slug)
    by, only = _choices(survey, access)
    context = _page_context(survey, access, by, only, request.args.get("order"))
    response = current_app.make_response(render_template("dashboards/results.html", **context))
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.get("/zones/<zone_slug>/surveys/<slug>/results/<key>.csv")
@zone_route()
def question_csv(zone, slug: str, key: str):
    """One question's table as CSV: the same rows and columns as on the page."""
    survey, access = _viewed(zone, slug)
    question = next((q for q in survey.template.questions() if q.key == key), None)
    if question is None or question.type in TEXT_TYPES:
        abort(404)
    by, only = _choices(survey, access)
    results = compute(survey, k=current_app.config["SUPPRESSION_THRESHOLD"], by=by, only=only)
    language = _language()
    by_question = next((q for q in survey.template.questions() if q.key == by), None)
    table = question_table(question, results, by_question, language)
    name = f"{survey.zone.slug}-{survey.slug}-{key}"
    return download(table.csv(_("Answer"), downloads.dialect()), f"{name}.csv")


@bp.get("/zones/<zone_slug>/surveys/<slug>/report")
@zone_route()
def report(zone, slug: str):
    """The diagnosis on A4 for a council meeting: findings, the method in short and every
    question's chart; the full tables only in an appendix the reader asks for (?appendix=1)."""
    survey, access = _viewed(zone, slug)
    context = _page_context(survey, access, None, None)
    items = context["items_by_key"]
    for item in items.values():  # the report's bars run down the page, not left to right
        if item["question"].type == QuestionType.LIKERT:
            item["caption"] = _(
                "Answers from the most negative to the most positive, as shares of people "
                "(%(n)s answered).", n=format_decimal(item["table"].answered[0].value or 0),
            )  # fmt: skip
    context |= {
        "appendix": request.args.get("appendix") == "1",
        "bars_by_key": {key: bars(item["table"]) for key, item in items.items()},
        # The appendix has the tables, not the charts again (no plotly.js on the report).
        "appendix_items": {key: item | {"figure": None} for key, item in items.items()},
        "report_url": url_for("dashboards.report", zone_slug=zone.slug, slug=slug),
    }
    return render_template("dashboards/report.html", **context)


@bp.get("/zones/<zone_slug>/surveys/<slug>/results/public")
@zone_route(can_manage_zone)
def publish_confirm(zone, slug: str):
    """Before results are made public (or private again): what residents will see, then
    the button that does it."""
    survey = get_zone_survey(zone, slug)
    if survey.status == SurveyStatus.DRAFT:
        abort(404)
    k = current_app.config["SUPPRESSION_THRESHOLD"]
    results = compute(survey, k=k)  # what a resident sees: everyone together, no texts
    language = _language()
    shown, hidden = [], []
    for question in survey.template.questions():
        if question.key in results.questions:
            table = question_table(question, results, None, language)
            (hidden if table.hidden else shown).append(question)
    return render_template(
        "dashboards/publish.html", zone=zone, survey=survey, shown=shown, hidden=hidden,
        written=_text_questions(survey), findings=findings_for(survey), threshold=k,
        counts=response_counts(survey), form=ActionForm(),
        public_url=url_for("dashboards.results", zone_slug=zone.slug, slug=slug, _external=True),
    )  # fmt: skip


@bp.post("/zones/<zone_slug>/surveys/<slug>/results/public")
@zone_route(can_manage_zone)
def publish_results(zone, slug: str):
    """Make a survey's results public (residents see the whole, never texts or breakdowns),
    or private again."""
    survey = get_zone_survey(zone, slug)
    if ActionForm().validate_on_submit():
        set_results_public(survey, request.form.get("public") == "1", actor_id=current_user.id)
        db.session.commit()
        if survey.results_public:
            flash(_("The results are public: anyone with the link can see them."), "success")
        else:
            flash(_("The results are visible to the zone's team only."), "info")
    return redirect(url_for("dashboards.results", zone_slug=zone.slug, slug=slug))


# plotly.js, served by the app -------------------------------------------------------------


@cache
def _plotly_bodies() -> dict[str, bytes]:
    """The bundle, and its compressed forms (made once per process)."""
    raw = PLOTLY_FILE.read_bytes()
    return {
        "br": brotli.compress(raw, quality=11),
        "gzip": gzip.compress(raw, compresslevel=9, mtime=0),
        "identity": raw,
    }


@bp.get(f"/assets/plotly-strefy-{PLOTLY_VERSION}.min.js")
def plotly():
    """plotly.js (the app's own bundle: bars, scatter, Sankey diagrams; see the Makefile's
    vendor-plotly), compressed, cached for a year."""
    tag = f'"plotly-strefy-{PLOTLY_VERSION}"'
    if tag in request.headers.get("If-None-Match", ""):
        return Response(status=304, headers={"ETag": tag})
    accepted = request.accept_encodings
    encoding = next((e for e in ("br", "gzip") if accepted[e]), "identity")
    response = Response(_plotly_bodies()[encoding], mimetype="text/javascript")
    if encoding != "identity":
        response.headers["Content-Encoding"] = encoding
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["ETag"] = tag
    response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    return response
