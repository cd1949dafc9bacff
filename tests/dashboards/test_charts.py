"""Charts readable without telling colours apart: every group named next to its bars, colours
that stand out from the page, and no markup that plotly.js would draw with inline styles
(blocked by the CSP)."""

import json
import re

import pytest

from app.dashboards.charts import CHANNEL_COLOURS, GROUP_COLOURS, LIKERT_COLOURS, figure
from app.dashboards.tables import COUNT, SHARE, Cell, Row, Table
from app.extensions import db
from app.surveys.models import Channel
from app.surveys.services import submit_response
from tests.dashboards.helpers import PEOPLE, parse, results_url

GROUPS = ["Rodzice małych dzieci", "Pozostali", "Brak odpowiedzi"]
# The tags plotly.js turns into style attributes (<br> is only a line break).
STYLED_MARKUP = re.compile(r"<(?!br>)[a-z]", re.IGNORECASE)


def comparison(groups: list[str]) -> Table:
    """Two options' shares in each group."""
    table = Table("q", groups, [COUNT, SHARE])
    table.rows = [
        Row(label, [Cell(kind, value) for _ in groups for kind, value in
                    ((COUNT, 3), (SHARE, share))], key=key)
        for key, label, share in (("a", "Plac zabaw", 0.3), ("b", "Biblioteka", 0.6))
    ]  # fmt: skip
    return table


def texts(spec: dict) -> list[tuple[float, str]]:
    """What the chart writes at its left edge (annotations and text points), by height."""
    written = [(a["y"], a["text"]) for a in spec["layout"]["annotations"] if a["x"] == 0]
    for trace in spec["data"]:
        if trace["type"] == "scatter":
            assert set(trace["x"]) == {0} and trace["mode"] == "text"
            written += zip(trace["y"], trace["text"], strict=True)
    return written


def nearest_above(spec: dict, y: float) -> tuple[float, str]:
    """The text written nearest above the height `y` (in pixels from the top)."""
    return max((t for t in texts(spec) if t[0] < y), key=lambda t: t[0])


def bars(spec: dict) -> list[dict]:
    return [trace for trace in spec["data"] if trace["type"] == "bar"]


def test_each_group_is_named_right_above_each_of_its_bars():
    spec = figure("single_choice", comparison(GROUPS), "pl")
    assert spec["layout"]["showlegend"] is False  # no colour key to decode
    assert len(bars(spec)) == len(GROUPS)
    for trace, group in zip(bars(spec), GROUPS, strict=True):
        assert len(trace["y"]) == 2  # a bar per option
        for y in trace["y"]:
            label_y, label = nearest_above(spec, y)
            assert label == group
            assert y - label_y < 2 * trace["width"]  # right above its bar, not far


def test_without_a_comparison_each_bar_sits_under_its_option():
    spec = figure("single_choice", comparison([""]), "pl")
    [trace] = bars(spec)
    assert [nearest_above(spec, y)[1] for y in trace["y"]] == ["Plac zabaw", "Biblioteka"]


def luminance(colour: str) -> float:
    """WCAG 2's relative luminance of a #rrggbb colour."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str = "#ffffff") -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("colour", [*GROUP_COLOURS, *CHANNEL_COLOURS.values(), *LIKERT_COLOURS])
def test_bar_colours_stand_out_from_the_page(colour):
    assert contrast(colour) >= 3  # WCAG 1.4.11, graphical objects


def test_figures_written_on_likert_bars_can_be_read():
    table = Table("q", [""], [COUNT, SHARE])
    table.rows = [Row(str(n), [Cell(COUNT, 2), Cell(SHARE, 0.2)], key=str(n)) for n in range(5)]
    for trace in figure("likert", table, "pl")["data"]:
        text, bar = trace["insidetextfont"]["color"], trace["marker"]["color"]
        assert contrast(text, bar) >= 4.5, (text, bar)  # WCAG 1.4.3


def test_the_palette_has_six_distinct_colours():
    assert len(set(GROUP_COLOURS)) == len(GROUP_COLOURS) >= 6


def strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


# The report draws its charts on the server (tests/dashboards/test_report_fit.py).
@pytest.mark.parametrize("suffix", ["/results", "/results?by=dzieci"])
def test_dashboard_charts_carry_no_styled_markup(client, login_as, three_people, answered, suffix):
    login_as("librarian")
    html = client.get(results_url(answered, suffix)).get_data(as_text=True)
    specs = [json.loads(spec) for spec in parse(html).figures.values()]
    assert specs
    assert [s for spec in specs for s in strings(spec) if STYLED_MARKUP.search(s)] == []


def test_channels_are_told_apart_by_pattern_too(client, login_as, make_user, survey):
    for n, channel in enumerate((Channel.KIOSK, Channel.PAPER, Channel.QR, Channel.LINK)):
        # Only a librarian types in paper questionnaires.
        entered_by = make_user("librarian", survey.zone) if channel is Channel.PAPER else None
        submit_response(survey, PEOPLE[n], channel, f"c{n}", "h", entered_by=entered_by)
    db.session.commit()
    login_as("librarian")
    html = client.get(results_url(survey)).get_data(as_text=True)
    timeline = json.loads(next(v for k, v in parse(html).figures.items() if "timeline" in k))
    shapes = [trace["marker"]["pattern"]["shape"] for trace in timeline["data"]]
    assert len(shapes) == 4
    assert len(set(shapes)) == 4
