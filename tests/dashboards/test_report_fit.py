"""The report for a council meeting (short: findings, method, a chart per question; the full
tables only in an appendix) and the network view (the comparison first, the method one
click away, the median named and drawn so that it is seen)."""

import json
import re
from html.parser import HTMLParser

import pytest

from app.dashboards.findings import add_finding
from app.extensions import db
from tests.dashboards.helpers import parse, results_url

NETWORK = "/network/results/proba"

pytestmark = pytest.mark.usefixtures("three_people")


class Outline(HTMLParser):
    """The page's headings and paragraphs in order (text, and whether inside a <details>),
    every id, and each <figure>'s caption by the question's section."""

    def __init__(self):
        super().__init__()
        self.blocks: list[tuple[str, str, bool]] = []
        self.ids: list[str] = []
        self.captions: dict[str, str] = {}
        self.details = 0
        self.open: tuple[str, list[str]] | None = None
        self.section = None
        self.caption: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "section" and attrs.get("id", "").startswith("q-"):
            self.section = attrs["id"][2:]
        if tag == "details":
            self.details += 1
        elif tag in ("h1", "h2", "p", "summary"):
            self.open = (tag, [])
        elif tag == "figcaption":
            self.caption = []

    def handle_endtag(self, tag):
        if tag == "details":
            self.details -= 1
        elif self.open and tag == self.open[0]:
            text = " ".join("".join(self.open[1]).split())
            self.blocks.append((tag, text, self.details > 0))
            self.open = None
        elif tag == "figcaption" and self.caption is not None:
            self.captions[self.section] = " ".join("".join(self.caption).split())
            self.caption = None

    def handle_data(self, data):
        if self.open:
            self.open[1].append(data)
        if self.caption is not None:
            self.caption.append(data)

    def after_h1(self) -> list[tuple[str, str, bool]]:
        """What follows the page's title, the breadcrumb and meta line left out."""
        start = next(i for i, (tag, *_) in enumerate(self.blocks) if tag == "h1")
        return self.blocks[start + 1 :]


def outline(html: str) -> Outline:
    parsed = Outline()
    parsed.feed(html)
    return parsed


def report(client, survey, query: str = "") -> str:
    response = client.get(results_url(survey, "/report") + query)
    assert response.status_code == 200
    return response.get_data(as_text=True)


# The report --------------------------------------------------------------------------------


def test_the_report_has_a_chart_per_question_and_no_full_table(client, login_as, answered, english):
    login_as("official")
    html = report(client, answered)
    page = parse(html)
    # Each question as bars drawn on the server: the share and the number of people in
    # words beside each bar, no "Answered" rows and no per-day table.
    assert page.tables["wiek"] == [
        ["Answer", "Share (people)"], ["up to 24", "25% (2)"], ["25 or more", "75% (6)"],
    ]  # fmt: skip
    assert re.search(r'<rect class="bar-fill" width="75\.0"', html)
    assert not any(row[0] == "Answered" for rows in page.tables.values() for row in rows)
    assert "Complete responses per day" not in html
    assert "Appendix" not in html
    assert page.figures == {}  # nothing left for plotly.js to draw: paper shows the bars
    assert "plotly" not in html
    # The ranking: who put each option first, and its mean place.
    assert all(re.fullmatch(r"\d+% first; mean place \d\.\d+", row[1])
               for row in page.tables["priorytety"][1:])  # fmt: skip
    # The hidden question says so; the method is there, in short.
    assert "Hidden: fewer than 3 people answered" in html
    assert "How the survey was done" in html
    assert "library tablet 8" in " ".join(html.split())
    # The reader may add the full tables, and print.
    assert 'href="/zones/kwidzyn/surveys/proba/report?appendix=1"' in html
    assert "Include the full tables (appendix)" in html
    assert re.search(r'<button type="button" class="[^"]*print-button[^"]*" data-print', html)
    assert "js/print.js" in html


def test_the_appendix_has_every_full_table_with_ids_of_its_own(client, login_as, answered, english):
    login_as("official")
    html = report(client, answered, "?appendix=1")
    page = parse(html)
    assert "Appendix: the full tables" in html
    # The per-day table, and each question's full table beside its chart.
    days = _table_after(html, 'id="a-responses"')
    assert days[0] == ["Day", "Responses"] and days[1][1] == "8"
    assert page.tables["a-wiek"][0] == ["Answer", "People", "Share"]
    assert page.tables["a-wiek"][-1][:2] == ["Answered", "8"]
    assert page.tables["wiek"][1] == ["up to 24", "25% (2)"]  # the chart stays
    ids = outline(html).ids
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
    assert "Leave out the full tables" in html
    assert page.figures == {}


def _table_after(html: str, marker: str) -> list[list[str]]:
    """The rows of the first table after `marker` (in a section not keyed by a question)."""
    table = html[html.index(marker) :]
    table = table[table.index("<table") : table.index("</table>")]
    return [
        [
            " ".join(re.sub(r"<[^>]+>", "", cell).split())
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)
    ]


def test_a_findings_link_leads_to_its_chart_in_the_short_report(
    client, login_as, answered, english
):
    add_finding(answered, "Three in four are 25 or more.", ["wiek"], figure="75%")
    db.session.commit()
    login_as("official")
    html = report(client, answered)
    assert 'href="#q-wiek"' in html
    assert 'id="q-wiek"' in html


# The network view --------------------------------------------------------------------------


def public(network) -> None:
    for survey in network.values():
        survey.results_public = True
    db.session.commit()


def network_page(client) -> tuple[str, Outline]:
    response = client.get(NETWORK)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return html, outline(html)


def test_the_network_page_leads_with_the_comparison_and_folds_the_method(
    client, login_as, network, english
):
    login_as("coordinator")
    html, page = network_page(client)
    first = page.after_h1()[0]
    assert first[0] == "p" and not first[2]
    assert "against the network median" in first[1]
    assert "thick black line" in first[1]
    # The method is one click away.
    method = [text for tag, text, folded in page.blocks if "newest survey" in text]
    assert method and all(folded for tag, text, folded in page.blocks if "newest survey" in text)
    assert ("summary", "How this is computed", True) in page.blocks
    assert "How to read this page" not in html


def test_the_viewers_zone_against_the_median_comes_first(client, login_as, network, english):
    public(network)
    login_as("librarian", network["kwidzyn"].zone)
    html, page = network_page(client)
    lead = page.after_h1()[0]
    assert lead[0] == "p"
    # Kwidzyn's figures against the median, counted from the table that follows.
    table = _table_after(html, 'id="own-kwidzyn"')
    assert table[0] == ["Question", "Kwidzyn", "Network median", "Difference to the median"]
    rows = table[1:]
    above = sum(row[3].startswith("+") for row in rows)
    below = sum(row[3].startswith("-") for row in rows)
    level = len(rows) - above - below
    assert lead[1] == (
        f"Kwidzyn against the network median: above it on {above}, below it on {below} and "
        f"level with it on {level} of the {len(rows)} questions compared."
    )
    # Agreeing: Kwidzyn 50% (4 of 8), the median of 50%, 75% and 33% is 50%; all of
    # Sopot's and Ustka's people have no small children, half of Kwidzyn's do.
    assert ["Information is easy to find.", "50%", "50%", "0 pp"] in rows
    assert ["Do you have small children?", "50%", "100%", "-50 pp"] in rows
    assert (above, below, level) == (0, 1, 5)
    assert page.captions["informacje"].endswith(
        "Network median: 50% (the thick black line). Kwidzyn: 50% (0 pp)."
    )


def test_the_median_is_named_in_the_text_and_drawn_to_be_seen(client, login_as, network, english):
    login_as("coordinator")
    html, page = network_page(client)
    # The chart's text alternative: its caption and the table's last row.
    assert "Network median: 50% (the thick black line)." in page.captions["informacje"]
    informacje = parse(html).tables["informacje"]
    assert informacje[-1][:2] == ["Network median (3 zones)", "50%"]
    # On the chart: a solid black line over the bars, on a white halo, labelled in a box.
    spec = json.loads(parse(html).figures["fig-informacje"])
    lines = spec["layout"]["shapes"]
    assert [(s["line"]["color"], s["layer"]) for s in lines] == [
        ("#ffffff", "above"), ("#000000", "above"),
    ]  # fmt: skip
    assert lines[1]["line"]["width"] >= 3 and "dash" not in lines[1]["line"]
    assert lines[0]["line"]["width"] > lines[1]["line"]["width"]
    label = next(a for a in spec["layout"]["annotations"] if "network median" in a["text"])
    assert label["text"] == "network median: 50%"
    assert label["bgcolor"] == "#ffffff" and label["borderwidth"] >= 1


def test_a_withheld_median_is_said_so_first(client, login_as, network, english):
    """Kwidzyn's official: Sopot and Ustka are not public, too few to hide in the median of
    the questions they answered; on the others Kwidzyn is the median's only seen zone."""
    login_as("official", network["kwidzyn"].zone)
    _html, page = network_page(client)
    lead = page.after_h1()[0]
    assert lead[1] == (
        "Kwidzyn against the network median: above it on 0, below it on 0 and level with it "
        "on 3 of the 3 questions compared. On 4 other questions the network median is not "
        "shown to you: it would give away the figures of zones that are not public."
    )
    assert page.captions["informacje"].endswith(
        "The network median is not shown: it would give away the figure of a zone that is "
        "not public."
    )
