"""The network view: zones side by side on the questions their surveys share, each against
the network median.

A template's key (`Survey.template_key`) is what makes surveys comparable: every zone's
newest non-draft survey of a template is counted by `compute` (six queries per zone,
whatever the number of responses), then each question is summed up per zone by one
headline figure. Zones are the units: the median is the middle zone, and the answer a
choice question is summed up by is the one chosen most on average over zones, so a big
town counts no more than a small one. Whoever has a role in some zone sees every zone,
but the figures only of the zones they work in and of those whose results are public.
The rules come first (plain functions), then the pages.
"""

import statistics
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from flask import abort, current_app, render_template
from flask_babel import format_decimal, format_percent, get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import undefer

from app.core.collation import polish_key
from app.core.security import role_required
from app.core.time import utcnow
from app.dashboards import bp
from app.dashboards.aggregate import ALL, SHARE_TYPES, TEXT_TYPES, compute
from app.dashboards.charts import GROUP_COLOURS, ROW_HEIGHT, _plain, base_layout
from app.dashboards.services import results_access
from app.dashboards.tables import label_of
from app.extensions import db
from app.surveys.models import Response, ResponseStatus, Survey, SurveyStatus
from app.surveys.schema import CHOICE_TYPES, OTHER, Question, QuestionType, SurveyTemplate
from app.zones.models import Zone

SHARE, MEAN = "share", "mean"  # what a headline figure is
SHOWN, HIDDEN, NOT_PUBLIC = "shown", "hidden", "not_public"  # a zone's figure, to a viewer
AGREE = (4, 5)  # the two most positive points of a Likert question
# A viewer who may not see some zones gets the median only when at least this many of
# them count in it: the median is one zone's figure (or the mean of two), and with one or
# two zones unseen it would give away which figure is theirs. The same floor as people's.
MEDIAN_MIN_UNSEEN_ZONES = 3
EN_DASH = "\u2013"  # no figure
MEDIAN_LINE, MEDIAN_HALO = 3, 7  # the median's line on the charts, and the white around it


# Rules ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ZoneFigure:
    """One zone's headline figure for a question, as one viewer may see it.

    A zone the viewer may not see carries no value at all, so no page can show it.
    """

    zone: Zone
    survey: Survey
    state: str  # SHOWN, HIDDEN (too few people answered) or NOT_PUBLIC
    value: float | None = None
    answered: int | None = None
    own: bool = False  # the viewer works in this zone


@dataclass
class NetworkQuestion:
    """A question every zone asked: each zone's figure and the zones' median."""

    question: Question
    kind: str  # SHARE or MEAN
    option: str | None  # the option a choice's or ranking's figure is about
    zones: list[ZoneFigure]
    median: float | None  # of the zones with figures, seen by the viewer or not
    counted: int  # zones in the median
    withheld: bool = False  # the median would give away a zone the viewer may not see

    @property
    def shown_median(self) -> float | None:
        return None if self.withheld else self.median

    def formatted(self, value: float | None) -> str:
        """A figure as the page shows it: shares in whole percent, means to one decimal."""
        if value is None:
            return EN_DASH
        shown = _rounded(value, self.kind)
        if self.kind == SHARE:
            return format_percent(shown / 100, "#,##0%")
        return format_decimal(shown, "#,##0.0")

    def _diff(self, figure: ZoneFigure) -> Decimal | None:
        if figure.value is None or self.shown_median is None:
            return None
        return _rounded(figure.value, self.kind) - _rounded(self.shown_median, self.kind)

    def side(self, figure: ZoneFigure) -> int | None:
        """1 above the median, -1 below, 0 level (of the figures as shown); None without one."""
        diff = self._diff(figure)
        return None if diff is None else (diff > 0) - (diff < 0)

    def difference(self, figure: ZoneFigure) -> str:
        """A zone's figure less the median, of the figures as shown ("+12 pp", "-0.8")."""
        diff = self._diff(figure)
        if diff is None:
            return EN_DASH
        pattern = "#,##0" if self.kind == SHARE else "#,##0.0"
        text = ("+" if diff > 0 else "") + format_decimal(diff, pattern)
        return _("%(value)s pp", value=text) if self.kind == SHARE else text


@dataclass
class Network:
    """A template's results across the network, for one viewer."""

    template_key: str
    template: SurveyTemplate  # the newest version: its sections and wording
    surveys: list[Survey]  # each zone's newest survey of the template, by town
    visible: set[int]  # zones whose figures the viewer may see
    k: int
    questions: list[NetworkQuestion] = field(default_factory=list)

    @property
    def sees_all(self) -> bool:
        return len(self.visible) == len(self.surveys)


@dataclass
class OwnZoneSummary:
    """How one of the viewer's zones stands against the network median: the questions where
    both figures are shown, and how many of them it is above, below and level on."""

    zone: Zone
    rows: list[tuple[NetworkQuestion, ZoneFigure]] = field(default_factory=list)
    above: int = 0
    below: int = 0
    level: int = 0
    withheld: int = 0  # questions whose median is not shown to the viewer


def own_zone_summaries(network: Network) -> list[OwnZoneSummary]:
    """The page's lead: each of the viewer's zones against the median, question by question
    (a zone with no row: the median is withheld from the viewer, or its figures hidden)."""
    summaries: dict[int, OwnZoneSummary] = {}
    for item in network.questions:
        for figure in item.zones:
            if not figure.own:
                continue
            summary = summaries.setdefault(figure.zone.id, OwnZoneSummary(figure.zone))
            side = item.side(figure)  # None where the zone's figure or the median is not shown
            summary.withheld += item.withheld
            if side is None:
                continue
            summary.rows.append((item, figure))
            summary.above += side == 1
            summary.below += side == -1
            summary.level += side == 0
    return list(summaries.values())


@dataclass(frozen=True)
class NetworkTemplate:
    """A template with a non-draft survey in at least one zone."""

    key: str
    template: SurveyTemplate
    zones: int
    responses: int


def _rounded(value: float, kind: str) -> Decimal:
    """A figure as shown: a share in whole percentage points, a mean to one decimal."""
    if kind == SHARE:
        return (Decimal(str(value)) * 100).quantize(Decimal(1), ROUND_HALF_UP)
    return Decimal(str(value)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _by_town(surveys: list[Survey]) -> list[Survey]:
    return sorted(surveys, key=lambda s: (polish_key(s.zone.town), s.zone.slug))


def _newest_per_zone(surveys) -> list[Survey]:
    """The first survey per zone and template of surveys ordered newest first."""
    seen: dict[tuple[int, str], Survey] = {}
    for survey in surveys:
        seen.setdefault((survey.zone_id, survey.template_key), survey)
    return list(seen.values())


def _newest_first(query):
    return query.where(Survey.status != SurveyStatus.DRAFT.value).order_by(
        Survey.created_at.desc(), Survey.id.desc()
    )


def network_surveys(template_key: str) -> list[Survey]:
    """Each zone's newest non-draft survey of `template_key`, by town (one query)."""
    query = select(Survey).options(undefer(Survey.definition))
    surveys = db.session.scalars(_newest_first(query.where(Survey.template_key == template_key)))
    return _by_town(_newest_per_zone(surveys))


def network_templates() -> list[NetworkTemplate]:
    """Templates run in at least one zone, with their zones and complete responses (in
    each zone's newest survey of the template), by title."""
    chosen = _newest_per_zone(db.session.scalars(_newest_first(select(Survey))))
    if not chosen:
        return []
    counts = dict(
        db.session.execute(
            select(Response.survey_id, func.count())
            .where(
                Response.survey_id.in_([s.id for s in chosen]),
                Response.status == ResponseStatus.COMPLETE,
            )
            .group_by(Response.survey_id)
        ).all()
    )
    by_key: dict[str, list[Survey]] = {}
    for survey in chosen:
        by_key.setdefault(survey.template_key, []).append(survey)
    templates = [
        NetworkTemplate(
            key=key,
            template=_reference(surveys).template,
            zones=len(surveys),
            responses=sum(counts.get(s.id, 0) for s in surveys),
        )
        for key, surveys in by_key.items()
    ]
    return sorted(templates, key=lambda t: (polish_key(t.template.title.pl), t.key))


def _reference(surveys: list[Survey]) -> Survey:
    """The newest survey: its version of the template names and orders the questions."""
    return max(surveys, key=lambda s: (s.created_at, s.id))


def shared_questions(surveys: list[Survey]) -> Iterator[tuple[Question, list[str]]]:
    """The questions every survey asks with the same type (text questions left out), each
    with the options every survey offers ("other" left out: it differs from town to town)."""
    asked = [{q.key: q for q in s.template.questions()} for s in surveys]
    for question in _reference(surveys).template.questions():
        if question.type in TEXT_TYPES:
            continue
        copies = [questions.get(question.key) for questions in asked]
        if any(copy is None or copy.type != question.type for copy in copies):
            continue
        options = [
            option.value
            for option in question.options or []
            if option.value != OTHER
            and all(option.value in copy.option_values() for copy in copies)
        ]
        if question.type in CHOICE_TYPES and not options:
            continue
        yield question, options


def _network_option(question: Question, options: list[str], figures: list[dict]) -> str:
    """The option a choice's or ranking's figure is about: for a choice, the one with the
    highest share, for a ranking the best mean place, each averaged over the zones with
    figures; the first in the template's order on a tie."""
    ranking = question.type == QuestionType.RANKING
    score_of = "mean_rank" if ranking else "share"

    def score(value: str) -> float:
        scores = [
            f["options"][value][score_of]
            for f in figures
            if not f["suppressed"] and f["options"][value][score_of] is not None
        ]
        if not scores:
            return float("inf") if ranking else float("-inf")
        return statistics.fmean(scores)

    return (min if ranking else max)(options, key=score)  # the first of equals


def _headline(question: Question, option: str | None, figures: dict) -> float | None:
    """A zone's one figure for a question, or None when hidden."""
    if figures["suppressed"]:
        return None
    if question.type in SHARE_TYPES:
        return figures["options"][option]["share"]
    if question.type == QuestionType.RANKING:
        return figures["options"][option]["first_choice_share"]
    if question.type == QuestionType.LIKERT:
        agree = sum(figures["distribution"].get(point, 0) for point in AGREE)
        return round(agree / figures["answered"], 4) if figures["answered"] else None
    return figures["mean"]


def can_see_network(user, **_kwargs) -> bool:
    """The coordinator, and anyone with a role in some zone (librarians and officials)."""
    return user.is_coordinator or bool(user.roles)


def network_results(template_key: str, user, k: int) -> Network | None:
    """The network's figures for `template_key` as `user` may see them; None when no zone
    has a non-draft survey of it. Counted by `compute`, six queries per zone."""
    surveys = network_surveys(template_key)
    if not surveys:
        return None
    network = Network(
        template_key=template_key,
        template=_reference(surveys).template,
        surveys=surveys,
        visible={s.zone_id for s in surveys if results_access(user, s) is not None},
        k=k,
    )
    results = {s.zone_id: compute(s, k=k) for s in surveys}
    for question, options in shared_questions(surveys):
        figures = [results[s.zone_id].questions[question.key]["groups"][ALL] for s in surveys]
        option = _network_option(question, options, figures) if options else None
        values = [_headline(question, option, f) for f in figures]
        network.questions.append(_question(network, user, question, option, figures, values))
    return network


def _question(
    network: Network,
    user,
    question: Question,
    option: str | None,
    figures: list[dict],
    values: list[float | None],
) -> NetworkQuestion:
    """One question's zones as `user` may see them, and the median of all zones' figures."""
    zones = []
    for survey, figure, value in zip(network.surveys, figures, values, strict=True):
        own = user.role_in(survey.zone) is not None
        if survey.zone_id not in network.visible:
            zones.append(ZoneFigure(survey.zone, survey, NOT_PUBLIC, own=own))
        elif value is None:
            zones.append(ZoneFigure(survey.zone, survey, HIDDEN, own=own))
        else:
            zones.append(ZoneFigure(survey.zone, survey, SHOWN, value, figure["answered"], own=own))
    counted = [v for v in values if v is not None]
    unseen = sum(
        1
        for survey, value in zip(network.surveys, values, strict=True)
        if value is not None and survey.zone_id not in network.visible
    )
    return NetworkQuestion(
        question=question,
        kind=MEAN if question.type in (QuestionType.SCALE, QuestionType.NUMBER) else SHARE,
        option=option,
        zones=zones,
        median=round(statistics.median(counted), 4) if counted else None,
        counted=len(counted),
        withheld=0 < unseen < MEDIAN_MIN_UNSEEN_ZONES,
    )


# Charts --------------------------------------------------------------------------------


def network_figure(item: NetworkQuestion, language: str) -> dict[str, Any] | None:
    """Horizontal bars, one per zone (by town, the same order on every question), with a
    line at the network median; None when the viewer sees no zone's figure."""
    shown = [z for z in item.zones if z.state == SHOWN]
    if not shown:
        return None
    scale = 100 if item.kind == SHARE else 1
    slugs = [z.zone.slug for z in item.zones]
    values = [None if z.value is None else float(_rounded(z.value, item.kind)) for z in item.zones]
    median = item.shown_median
    median_x = None if median is None else float(_rounded(median, item.kind))
    trace = {
        "type": "bar", "orientation": "h", "y": slugs, "x": values,
        "text": [None if z.value is None else _plain(item.formatted(z.value)) for z in item.zones],
        # Inside the bar at its start where it fits, clear of the median line drawn over
        # the bars (a median near zero is rare); else beyond its end.
        "textposition": "auto", "insidetextanchor": "start", "cliponaxis": False,
        "constraintext": "none", "outsidetextfont": {"color": "#1a1a1a"},
        # The viewer's own zones in orange, with black text on it (white would be too faint).
        "marker": {"color": [GROUP_COLOURS[1] if z.own else GROUP_COLOURS[0]
                             for z in item.zones]},
        "insidetextfont": {"color": ["#000000" if z.own else "#ffffff" for z in item.zones]},
        "hoverinfo": "skip",
    }  # fmt: skip
    # Zones without a figure say why where their bar would be.
    annotations = [
        {"x": 0, "y": z.zone.slug, "xref": "x", "yref": "y", "xanchor": "left",
         "showarrow": False, "font": {"color": "#50545c", "size": 13},
         "text": _plain(_("hidden") if z.state == HIDDEN else _("not public"))}
        for z in item.zones if z.state != SHOWN
    ]  # fmt: skip
    shapes = []
    if median_x is not None:
        # Over the bars: a solid black line on a white halo, so that it stands out on the
        # dark bars and on the white page alike, labelled in a box above the chart.
        shapes += [
            {"type": "line", "xref": "x", "yref": "paper", "x0": median_x, "x1": median_x,
             "y0": 0, "y1": 1, "layer": "above", "line": {"color": colour, "width": width}}
            for colour, width in (("#ffffff", MEDIAN_HALO), ("#000000", MEDIAN_LINE))
        ]  # fmt: skip
        annotations.append({
            "x": median_x, "y": 1, "xref": "x", "yref": "paper", "yanchor": "bottom",
            "showarrow": False, "font": {"size": 13, "color": "#000000"},
            "bgcolor": "#ffffff", "bordercolor": "#000000", "borderwidth": 1, "borderpad": 2,
            "text": _plain(_("network median: %(value)s", value=item.formatted(median))),
        })  # fmt: skip
    ends = [v for v in values if v is not None] + ([] if median_x is None else [median_x])
    # Room for the value written beyond the longest bar (a mean may be below zero).
    low, high = min(0.0, *ends), max(0.0, *ends)
    span = (high - low) or scale
    layout = base_layout(language, 56 + ROW_HEIGHT * len(item.zones))
    layout["margin"] = {"l": 8, "r": 16, "t": 34, "b": 28, "pad": 4}
    layout["annotations"] = annotations
    layout["shapes"] = shapes
    layout["xaxis"] = {
        "range": [low - (0.25 * span if low < 0 else 0), high + 0.25 * span],
        "fixedrange": True, "gridcolor": "#dddddd", "zeroline": low < 0,
        "zerolinecolor": "#555555", "automargin": True,
    }  # fmt: skip
    if item.kind == SHARE:  # no tick beyond 100 %, where the axis only makes room for text
        layout["xaxis"] |= {"tickvals": [0, 25, 50, 75, 100], "ticksuffix": " %"}
    layout["yaxis"] = {
        "autorange": "reversed", "automargin": True, "ticks": "", "fixedrange": True,
        "tickmode": "array", "tickvals": slugs,
        # Plain text: plotly.js draws <b> and the like with style attributes, which the CSP
        # blocks. The viewer's own zones are named so, not only coloured.
        "ticktext": [_plain(_("%(town)s (your zone)", town=z.zone.town) if z.own
                            else z.zone.town) for z in item.zones],
    }  # fmt: skip
    return {"data": [trace], "layout": layout}


# Pages ---------------------------------------------------------------------------------


def _language() -> str:
    return str(get_locale())


def _description(item: NetworkQuestion, language: str) -> str:
    """What a question's figure is, in words (the chart's caption)."""
    q = item.question
    option = label_of(q, item.option, language) if item.option else ""
    descriptions = {
        "single_choice": _(
            "Share of people who chose “%(option)s”, the answer chosen most across the network.",
            option=option,
        ),
        "multiple_choice": _(
            "Share of people who chose “%(option)s” (among other answers or alone), the answer "
            "chosen most across the network.",
            option=option,
        ),
        "likert": _("Share of people who agree (the two most positive answers)."),
        "scale": _("Mean mark from 0 to 10."),
        "number": _("Mean of the numbers given."),
        "ranking": _(
            "Share of people who put “%(option)s” first, the option placed highest across "
            "the network.",
            option=option,
        ),
    }
    return descriptions[q.type]


def _items(network: Network, language: str) -> list[dict[str, Any]]:
    return [
        {
            "network_question": item,
            "question": item.question,
            "caption": _description(item, language),
            "figure": network_figure(item, language),
            "header": _("Mean") if item.kind == MEAN else _("Share"),
        }
        for item in network.questions
    ]


@bp.get("/network/results")
@role_required(can_see_network)
def network_index():
    """The templates run across the network, each with a link to its comparison."""
    return render_template("dashboards/network.html", templates=network_templates())


@bp.get("/network/results/<template_key>")
@role_required(can_see_network)
def network(template_key: str):
    """Zones side by side on one template's questions, each against the network median."""
    k = current_app.config["SUPPRESSION_THRESHOLD"]
    results = network_results(template_key, current_user, k)
    if results is None:
        abort(404)
    items = _items(results, _language())
    response = current_app.make_response(
        render_template(
            "dashboards/network.html",
            network=results,
            items_by_key={item["question"].key: item for item in items},
            has_charts=any(item["figure"] for item in items),
            own_zones=own_zone_summaries(results),
            threshold=k,
            computed_at=utcnow(),
            min_unseen=MEDIAN_MIN_UNSEEN_ZONES,
            SHOWN=SHOWN,
            HIDDEN=HIDDEN,
            NOT_PUBLIC=NOT_PUBLIC,
        )
    )
    response.headers["Cache-Control"] = "private, no-cache"
    return response
