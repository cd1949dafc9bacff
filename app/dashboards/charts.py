"""Plotly figures (data and layout, as JSON) drawn from a question's table.

The figures are plain dictionaries in Plotly's JSON schema, rendered by plotly.js in the
browser (tests check them against the Plotly Python package's schema). Every chart is a
picture of its table: the table beside it says the same in words, for screen readers,
for printing and when the script does not load.
"""

from typing import Any

from app.dashboards.tables import HIDDEN, Table
from app.surveys.schema import QuestionType

# Groups' colours: each at least 3.3:1 against the white page (WCAG 1.4.11), and any two
# at least 32 apart (CIE76 ΔE) in normal vision and when simulated for protanopia,
# deuteranopia and tritanopia. Groups are named on the charts too (WCAG 1.4.1).
GROUP_COLOURS = ["#004488", "#dd5500", "#2299bb", "#7700dd", "#661100", "#888866"]
# Likert's points, disagree → agree: each at least 3.7:1 against the page, neighbours at
# least 24 apart (CIE76) in normal and colour-blind vision, split by white lines; the
# figures written on them at least 4.5:1.
LIKERT_COLOURS = ["#8e0c25", "#d6604d", "#767676", "#3a87b8", "#053061"]
LIKERT_TEXT = ["#ffffff", "#000000", "#000000", "#000000", "#ffffff"]
CHANNEL_COLOURS = {"link": "#004488", "qr": "#2299bb", "kiosk": "#dd5500", "paper": "#7700dd"}
MUTED = "#50545c"  # the groups' names: 7.6:1 against white
# Stacked channels are told apart by a pattern too, in the bars and the legend alike.
CHANNEL_PATTERNS = {"link": "", "qr": "/", "kiosk": ".", "paper": "x"}
ROW_HEIGHT = 34
LABEL_WIDTH = 44  # characters per line of an option's label
# Bar charts, in pixels: a line of an option's label, a group's name, a bar, the space
# after a bar and after an option's bars.
LINE, GROUP_LINE, BAR, BAR_GAP, ROW_GAP = 20, 18, 16, 4, 12


def base_layout(language: str, height: int) -> dict[str, Any]:
    return {
        "height": height,
        "margin": {"l": 8, "r": 16, "t": 8, "b": 32, "pad": 4},
        "font": {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
                 "size": 14, "color": "#1a1a1a"},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        # Polish writes 1 234,5; English 1,234.5.
        "separators": ", " if language == "pl" else ".,",
        "showlegend": False,
        # A legend over the plot (paper y above 1) was placed from the plot area's old
        # margin when the chart was redrawn at another width (a phone turned, a window
        # widened) and covered the first bar and its label. In the container's top it
        # is placed from the chart's own edge, and the plot is pushed below it.
        "legend": {"orientation": "h", "x": 0, "xanchor": "left", "xref": "container",
                   "y": 1, "yanchor": "top", "yref": "container"},
        "bargap": 0.25,
    }  # fmt: skip


def _percent_axis() -> dict[str, Any]:
    return {"ticksuffix": " %", "rangemode": "tozero", "gridcolor": "#dddddd", "zeroline": False,
            "automargin": True}  # fmt: skip


def _category_axis() -> dict[str, Any]:
    return {"autorange": "reversed", "automargin": True, "ticks": "", "ticklabelstandoff": 6}


def _column(table: Table, group_index: int, kind_index: int) -> list:
    """One column of the table's rows (None where hidden)."""
    index = group_index * len(table.kinds) + kind_index
    return [
        None if row.cells[index].kind == HIDDEN else row.cells[index].value for row in table.rows
    ]


def _percent(values: list) -> list:
    return [None if v is None else round(v * 100, 1) for v in values]


def figure(question_type: str, table: Table, language: str) -> dict[str, Any] | None:
    """The chart for a question of `question_type`, or None when every figure is hidden."""
    if table.hidden or not table.rows:
        return None
    if question_type == QuestionType.LIKERT:
        return _likert(table, language)
    if question_type in (QuestionType.SCALE, QuestionType.NUMBER) and len(table.groups) == 1:
        return _histogram(table, language)
    if question_type in (QuestionType.SCALE, QuestionType.NUMBER):
        return _means(table, language)
    return _bars(table, language, kind_index=1)  # choices: shares; rankings: first choices


def _plain(text: str) -> str:
    """Text for plotly.js, which reads a few HTML tags in labels: shown as written."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _wrap(text: str, width: int = LABEL_WIDTH) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _bars(table: Table, language: str, *, kind_index: int) -> dict[str, Any]:
    """Horizontal bars, each option's label above its bars (it fits a phone): the share of
    people choosing it, one bar per group, each group's name written above its bar.

    The vertical axis counts pixels from the top, so that every label sits exactly over
    its bar: groups are told apart by their names, never by their colours alone.
    """
    many = len(table.groups) > 1
    traces: list[dict[str, Any]] = [
        {"type": "bar", "orientation": "h", "name": _plain(group or ""), "y": [],
         "x": _percent(_column(table, i, kind_index)), "width": BAR,
         "textposition": "outside", "cliponaxis": False, "constraintext": "none",
         "marker": {"color": GROUP_COLOURS[i % len(GROUP_COLOURS)]}, "hoverinfo": "skip"}
        for i, group in enumerate(table.groups)
    ]  # fmt: skip
    for trace in traces:
        trace["text"] = [None if v is None else f"{_number(v, language)} %" for v in trace["x"]]
    annotations: list[dict[str, Any]] = []
    names: dict[str, list] = {"y": [], "text": []}  # the groups' names, one above each bar
    y = 0
    for row in table.rows:
        label = _wrap(row.label)
        annotations.append(_label(y, "<br>".join(_plain(line) for line in label)))
        y += LINE * len(label)
        for group, trace in zip(table.groups, traces, strict=True):
            if many:
                names["y"].append(y + GROUP_LINE / 2)
                names["text"].append(_plain(group))
                y += GROUP_LINE
            trace["y"].append(y + BAR / 2)
            y += BAR + BAR_GAP
        y += ROW_GAP
    if many:  # one text trace draws them all, many times faster than annotations
        traces.append({
            "type": "scatter", "mode": "text", "x": [0] * len(names["y"]), **names,
            "textposition": "middle right", "cliponaxis": False, "showlegend": False,
            "textfont": {"size": 13, "color": MUTED}, "hoverinfo": "skip",
        })  # fmt: skip
    layout = base_layout(language, y + 8)
    layout["margin"] = {"l": 4, "r": 4, "t": 4, "b": 4, "pad": 0}
    layout["annotations"] = annotations
    layout["xaxis"] = {"range": [0, _top(traces)], "visible": False, "fixedrange": True}
    layout["yaxis"] = {"range": [y, 0], "visible": False, "fixedrange": True}
    layout["barmode"] = "overlay"
    return {"data": traces, "layout": layout}


def _label(y: float, text: str) -> dict[str, Any]:
    """Text at the chart's left edge whose top is `y` pixels from the chart's top."""
    return {"x": 0, "y": y, "xref": "x", "yref": "y", "xanchor": "left", "yanchor": "top",
            "showarrow": False, "align": "left", "text": text}  # fmt: skip


def _top(traces: list[dict]) -> float:
    """The axis end: room for the value outside the longest bar."""
    values = [v for trace in traces for v in trace["x"] if v is not None]
    return max(values, default=0) * 1.22 + 6


def _likert(table: Table, language: str) -> dict[str, Any]:
    """Diverging stacked bars: disagreement left of zero, agreement right of it, the
    neutral answer split across it; one bar per group."""
    groups = [_plain(g or "") for g in table.groups]
    shares = [_percent(_column(table, i, 1)) for i in range(len(groups))]

    def trace(point: int, direction: int, fraction: float, legend: bool) -> dict[str, Any]:
        values = [None if s[point] is None else s[point] * fraction for s in shares]
        full = [s[point] for s in shares]
        return {
            "type": "bar", "orientation": "h", "name": _plain(table.rows[point].label), "y": groups,
            "x": [None if v is None else direction * v for v in values],
            "text": [None if not legend or v is None or v < 4 else f"{_number(v, language)} %"
                     for v in full],
            "textposition": "inside", "insidetextanchor": "middle", "textangle": 0,
            "marker": {"color": LIKERT_COLOURS[point], "line": {"color": "#ffffff", "width": 1}},
            "insidetextfont": {"color": LIKERT_TEXT[point]}, "legendrank": point,
            "showlegend": legend, "legendgroup": f"p{point}", "hoverinfo": "skip",
        }  # fmt: skip

    # Relative bars stack outwards from zero in trace order: the neutral halves first.
    traces = [
        trace(2, -1, 0.5, False), trace(1, -1, 1, True), trace(0, -1, 1, True),
        trace(2, 1, 0.5, True), trace(3, 1, 1, True), trace(4, 1, 1, True),
    ]  # fmt: skip
    # Room for the legend of five answers, one a line on a phone (else the last are cut off).
    layout = base_layout(language, 230 + ROW_HEIGHT * 1.4 * len(groups))
    layout["barmode"] = "relative"
    layout["uniformtext"] = {"mode": "hide", "minsize": 11}  # no text squeezed into a sliver
    layout["showlegend"] = True
    layout["xaxis"] = {"range": [-100, 100], "zeroline": True, "zerolinecolor": "#555555",
                       "gridcolor": "#dddddd", "tickvals": [-100, -50, 0, 50, 100],
                       "ticktext": ["100 %", "50 %", "0", "50 %", "100 %"]}  # fmt: skip
    layout["yaxis"] = _category_axis() | {"visible": len(groups) > 1}
    return {"data": traces, "layout": layout}


def _histogram(table: Table, language: str) -> dict[str, Any]:
    """Columns: the share of people giving each value (a scale from 0 to 10, or a number)."""
    values = _percent(_column(table, 0, 1))
    trace = {
        "type": "bar", "x": [_plain(row.label) for row in table.rows], "y": values,
        "text": [None if v is None else _number(v, language) for v in values],
        "textposition": "outside", "cliponaxis": False, "constraintext": "none",
        "textfont": {"size": 12}, "marker": {"color": GROUP_COLOURS[0]}, "hoverinfo": "skip",
    }  # fmt: skip
    layout = base_layout(language, 280)
    layout["xaxis"] = {"type": "category", "ticks": ""}
    layout["yaxis"] = _percent_axis() | {"range": [0, max(v or 0 for v in values) * 1.2 + 5]}
    return {"data": [trace], "layout": layout}


def _means(table: Table, language: str) -> dict[str, Any]:
    """One bar per group: its mean (for scales and numbers broken down by a dimension)."""
    mean_row = next(row for row in table.summary if row.key == "mean")
    means = [
        None if mean_row.cells[i * len(table.kinds)].kind == HIDDEN
        else mean_row.cells[i * len(table.kinds)].value
        for i in range(len(table.groups))
    ]  # fmt: skip
    trace = {
        "type": "bar", "orientation": "h", "y": [_plain(g) for g in table.groups], "x": means,
        "text": [None if v is None else _number(v, language) for v in means],
        "textposition": "outside", "cliponaxis": False,
        "marker": {"color": GROUP_COLOURS[0]}, "hoverinfo": "skip",
    }  # fmt: skip
    layout = base_layout(language, 40 + ROW_HEIGHT * len(table.groups))
    top = max((v for v in means if v is not None), default=0)
    layout["xaxis"] = {"rangemode": "tozero", "gridcolor": "#dddddd", "range": [0, top * 1.25 + 1]}
    layout["yaxis"] = _category_axis()
    return {"data": [trace], "layout": layout}


def timeline(days: list[str], by_channel: dict[str, list[int]], labels: dict[str, str],
             language: str) -> dict[str, Any]:  # fmt: skip
    """Stacked columns: complete responses per day, by channel (by colour and pattern)."""
    traces = [
        {"type": "bar", "name": _plain(labels[channel]), "x": days, "y": counts,
         "marker": {"color": CHANNEL_COLOURS.get(channel, GROUP_COLOURS[0]),
                    "pattern": {"shape": CHANNEL_PATTERNS.get(channel, ""),
                                "fillmode": "overlay", "fgcolor": "#ffffff", "solidity": 0.3}},
         "hoverinfo": "x+y+name"}
        for channel, counts in by_channel.items() if any(counts)
    ]  # fmt: skip
    layout = base_layout(language, 260)
    layout["barmode"] = "stack"
    layout["showlegend"] = True
    layout["xaxis"] = {"type": "date", "ticks": "", "tickformat": "%d.%m"}
    layout["yaxis"] = {"rangemode": "tozero", "gridcolor": "#dddddd", "tickformat": "d",
                       "automargin": True}  # fmt: skip
    return {"data": traces, "layout": layout}


def _number(value: float, language: str) -> str:
    text = f"{value:.0f}" if float(value).is_integer() or value >= 10 else f"{value:.1f}"
    return text.replace(".", ",") if language == "pl" else text
