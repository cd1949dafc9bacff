"""The network view: zones side by side against the network median, computed by hand, and
who sees which zone's figures."""

import json

import plotly.graph_objects as go
import pytest

from app.dashboards.network import HIDDEN, NOT_PUBLIC, SHOWN, network_results
from app.extensions import db
from app.surveys.services import close_survey, create_survey, open_survey
from tests.dashboards.helpers import SOPOT, Tables, answer
from tests.helpers import counting_queries

NETWORK = "/network/results/proba"
HOSTILE = "<script>alert(1)</script> & <b>Zażółć</b>"

NONE = "\u2013"  # an en dash: no figure


@pytest.fixture
def app_settings() -> dict:
    return {"SUPPRESSION_THRESHOLD": 3}


class Page(Tables):
    """A network page's tables (rows of cell texts), charts by question key, and links."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append(dict(attrs).get("href", ""))
        super().handle_starttag(tag, attrs)


def page(client, url: str = NETWORK) -> Page:
    response = client.get(url)
    assert response.status_code == 200
    parsed = Page()
    parsed.feed(response.get_data(as_text=True))
    parsed.figures = {
        key.removeprefix("fig-"): json.loads(text) for key, text in parsed.figures.items()
    }
    return parsed


# The figures -------------------------------------------------------------------------------


def test_each_zone_against_the_median_by_hand(make_user, network):
    coordinator = make_user("coordinator")
    result = network_results("proba", coordinator, k=3)
    assert [s.zone.town for s in result.surveys] == ["Hel", "Kwidzyn", "Sopot", "Ustka"]
    by_key = {item.question.key: item for item in result.questions}
    # Text questions are not compared.
    assert list(by_key) == ["wiek", "dzieci", "ile_dzieci", "gdzie_spotkania", "informacje",
                            "polecenie", "priorytety"]  # fmt: skip

    # Agreeing (4 or 5): Kwidzyn 4 of 8, Sopot 3 of 4, Ustka 1 of 3; Hel's 2 are hidden.
    info = by_key["informacje"]
    assert [z.state for z in info.zones] == [HIDDEN, SHOWN, SHOWN, SHOWN]
    assert [z.value for z in info.zones] == [None, 0.5, 0.75, 0.3333]
    assert (info.median, info.counted, info.withheld) == (0.5, 3, False)

    # Means of 0-10 marks: Sopot 7.5, Ustka 8; Kwidzyn's 2 answers are hidden.
    scale = by_key["polecenie"]
    assert [z.value for z in scale.zones] == [None, None, 7.5, 8]
    assert (scale.median, scale.counted) == (7.75, 2)

    # Age: "25 or more" has the highest share on average over zones (0.75, 0.75, 1/3)
    # though "up to 24" comes first in the template.
    age = by_key["wiek"]
    assert age.option == "od_25"
    assert [z.value for z in age.zones] == [None, 0.75, 0.75, 0.3333]
    assert age.median == 0.75

    # Ranking: only Kwidzyn's 3 rankings count; kultura has the best mean place (1.33).
    ranking = by_key["priorytety"]
    assert ranking.option == "kultura"
    assert [z.value for z in ranking.zones] == [None, 0.6667, None, None]
    assert ranking.median == 0.6667


def test_the_page_shows_figures_and_differences_to_the_median(client, login_as, network, english):
    login_as("coordinator")
    shown = page(client)
    assert shown.tables["informacje"] == [
        ["Zone", "Share", "Difference to the median", "Answered"],
        ["Hel", "hidden", NONE, "hidden"],
        ["Kwidzyn", "50%", "0 pp", "8"],
        ["Sopot", "75%", "+25 pp", "4"],
        ["Ustka", "33%", "-17 pp", "3"],
        ["Network median (3 zones)", "50%", NONE, NONE],
    ]
    # The median of 7.5 and 8 is 7.75, shown as 7.8; differences are of the figures shown.
    assert shown.tables["polecenie"][1:] == [
        ["Hel", "hidden", NONE, "hidden"],
        ["Kwidzyn", "hidden", NONE, "hidden"],
        ["Sopot", "7.5", "-0.3", "4"],
        ["Ustka", "8.0", "+0.2", "3"],
        ["Network median (2 zones)", "7.8", NONE, NONE],
    ]
    chart = shown.figures["informacje"]
    assert chart["data"][0]["y"] == ["hel", "kwidzyn", "sopot", "ustka"]
    assert chart["data"][0]["x"] == [None, 50.0, 75.0, 33.0]
    median_line = chart["layout"]["shapes"][0]
    assert (median_line["x0"], median_line["x1"]) == (50.0, 50.0)
    assert any("network median" in a["text"] for a in chart["layout"]["annotations"])


def test_a_chart_per_shared_question_each_a_valid_plotly_figure(client, login_as, network):
    login_as("coordinator")
    shown = page(client)
    assert set(shown.figures) == set(shown.tables) == {
        "wiek", "dzieci", "ile_dzieci", "gdzie_spotkania", "informacje", "polecenie",
        "priorytety",
    }  # fmt: skip
    for spec in shown.figures.values():
        go.Figure(spec)  # raises on any property plotly.js does not know


def test_the_newest_non_draft_survey_of_each_zone_is_compared(
    client, login_as, network, template, english
):
    newer = create_survey(network["kwidzyn"].zone, template, slug="proba-2")
    open_survey(newer)
    answer(newer, [{"wiek": "od_25", "dzieci": "nie", "informacje": 5}] * 3, prefix="v2-")
    close_survey(newer)
    create_survey(network["sopot"].zone, template, slug="proba-szkic")  # a draft: ignored
    db.session.commit()
    login_as("coordinator")
    shown = page(client)
    assert shown.tables["informacje"][2] == ["Kwidzyn", "100%", "+25 pp", "3"]
    assert shown.tables["informacje"][3][:2] == ["Sopot", "75%"]
    assert "/zones/kwidzyn/surveys/proba-2/results" in shown.links


def test_questions_another_zone_does_not_ask_are_left_out(make_user, network, make_zone):
    smaller = """
key: proba
title: Ankieta próbna
introduction: Wersja 2.
sections:
  - key: miasto
    title: Miasto
    questions:
      - {key: informacje, type: scale, text: Inaczej}
      - {key: polecenie, type: scale, text: 'Czy polecisz bibliotekę?'}
"""
    from app.surveys.schema import parse_template

    survey = create_survey(make_zone(town="Łeba"), parse_template(smaller, "v2.yaml"))
    open_survey(survey)
    db.session.commit()
    result = network_results("proba", make_user("coordinator"), k=3)
    # informacje is a scale here, a Likert question elsewhere: not comparable.
    assert [item.question.key for item in result.questions] == ["polecenie"]


# Who sees what -----------------------------------------------------------------------------


def test_an_official_sees_own_and_public_zones_only(client, login_as, network, english):
    network["sopot"].results_public = True
    db.session.commit()
    login_as("official")  # of Kwidzyn
    shown = page(client)
    assert shown.tables["informacje"][1:5] == [
        ["Hel", "not public", NONE, NONE],  # not "hidden": nothing is said about it
        ["Kwidzyn (your zone)", "50%", NONE, "8"],
        ["Sopot", "75%", NONE, "4"],
        ["Ustka", "not public", NONE, NONE],
    ]
    # Ustka counts in the median, but it is the only unseen zone with a figure: a median of
    # three zones, two of them known, says where Ustka's figure lies or is Ustka's figure.
    assert shown.tables["informacje"][5] == ["Network median (3 zones)", "not shown", NONE, NONE]
    chart = shown.figures["informacje"]
    assert chart["data"][0]["x"] == [None, 50.0, 75.0, None]
    assert "shapes" not in chart["layout"] or chart["layout"]["shapes"] == []
    assert "/zones/kwidzyn/surveys/proba/results" in shown.links
    assert "/zones/sopot/surveys/proba/results" in shown.links
    assert not any("ustka" in link or "/hel/" in link for link in shown.links)


def test_zones_the_viewer_may_not_see_carry_no_figure(make_user, network):
    official = make_user("official", network["kwidzyn"].zone)
    result = network_results("proba", official, k=3)
    for item in result.questions:
        unseen = [z for z in item.zones if z.zone.slug != "kwidzyn"]
        assert {z.state for z in unseen} == {NOT_PUBLIC}
        assert {(z.value, z.answered) for z in unseen} == {(None, None)}
        assert item.withheld is (item.question.key in ("wiek", "dzieci", "informacje", "polecenie"))


def test_an_official_gets_the_median_when_no_unseen_zone_is_in_it(
    client, login_as, network, english
):
    for slug in ("sopot", "ustka"):  # Hel stays private, but its figures are hidden anyway
        network[slug].results_public = True
    db.session.commit()
    login_as("official")
    rows = page(client).tables["informacje"]
    assert rows[1] == ["Hel", "not public", NONE, NONE]
    assert rows[2:5] == [
        ["Kwidzyn (your zone)", "50%", "0 pp", "8"],
        ["Sopot", "75%", "+25 pp", "4"],
        ["Ustka", "33%", "-17 pp", "3"],
    ]
    assert rows[5] == ["Network median (3 zones)", "50%", NONE, NONE]


def test_a_librarian_of_another_zone_sees_that_zone_and_not_kwidzyn(
    client, login_as, network, english
):
    login_as("librarian", network["ustka"].zone)
    rows = page(client).tables["informacje"]
    assert [row[:2] for row in rows[1:5]] == [
        ["Hel", "not public"], ["Kwidzyn", "not public"], ["Sopot", "not public"],
        ["Ustka (your zone)", "33%"],
    ]  # fmt: skip


def test_the_coordinator_sees_every_zone(client, login_as, network, english):
    login_as("coordinator")
    rows = page(client).tables["wiek"]
    assert [row[1] for row in rows[1:5]] == ["hidden", "75%", "75%", "33%"]
    assert "not public" not in json.dumps(page(client).tables)


@pytest.mark.parametrize("url", ["/network/results", NETWORK])
def test_anonymous_visitors_sign_in_and_people_without_a_role_are_refused(
    client, login_as, network, url
):
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    login_as("resident")
    assert client.get(url).status_code == 403


def test_a_template_no_zone_has_opened_is_not_found(client, login_as, zone, template):
    create_survey(zone, template, slug="szkic")  # a draft only
    db.session.commit()
    login_as("coordinator")
    assert client.get(NETWORK).status_code == 404
    assert client.get("/network/results/nieznany").status_code == 404


# The page ----------------------------------------------------------------------------------


def test_the_index_lists_templates_with_their_zones_and_responses(
    client, login_as, network, template, english
):
    create_survey(network["sopot"].zone, template, slug="szkic")  # drafts do not count
    db.session.commit()
    login_as("official")
    html = client.get("/network/results").get_data(as_text=True)
    assert f'href="{NETWORK}"' in html
    rows = [" ".join(r.split()) for r in html.split("<tr>")[2:]]
    assert rows[0].startswith(f'<th scope="row"><a href="{NETWORK}">Trial survey</a></th>')
    assert "<td>4</td> <td>17</td>" in rows[0]  # 4 zones; 8 + 4 + 3 + 2 responses


def test_hostile_zone_names_are_escaped_in_the_page_and_the_chart(
    client, login_as, network, make_zone, template
):
    zone = make_zone(slug="zla", town=HOSTILE)
    survey = create_survey(zone, template, slug="proba")
    open_survey(survey)
    answer(survey, SOPOT)
    db.session.commit()
    login_as("coordinator")
    html = client.get(NETWORK).get_data(as_text=True)
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;Zażółć&lt;/b&gt;" in html
    chart = page(client).figures["informacje"]
    index = chart["data"][0]["y"].index("zla")
    # plotly.js reads a few tags in labels: the name reaches it as text.
    assert chart["layout"]["yaxis"]["ticktext"][index] == (
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;Zażółć&lt;/b&gt;"
    )


def test_queries_do_not_grow_with_responses(client, login_as, network):
    login_as("coordinator")
    counts = []
    for batch in range(2):
        for survey in network.values():
            answer(survey, SOPOT, prefix=f"more-{batch}-")
        db.session.commit()
        with counting_queries() as statements:
            assert client.get(NETWORK).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]
    assert counts[0] <= 6 * len(network) + 10, counts  # six per zone, a few for the page


def test_the_index_says_when_no_zone_has_opened_a_survey(client, login_as, english):
    login_as("coordinator")
    assert "No zone has opened a survey yet." in client.get("/network/results").get_data(
        as_text=True
    )


def test_the_viewers_zone_is_named_so_in_plain_text(client, login_as, network, english):
    """Not in bold (plotly.js draws <b> with a style attribute, which the CSP blocks) nor
    by colour alone: in words."""
    login_as("librarian")
    for chart in page(client).figures.values():
        ticks = chart["layout"]["yaxis"]["ticktext"]
        assert ticks == ["Hel", "Kwidzyn (your zone)", "Sopot", "Ustka"]
        assert "<" not in json.dumps(chart, ensure_ascii=False).replace("<br>", "")
