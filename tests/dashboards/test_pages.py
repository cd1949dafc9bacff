"""The dashboard, its CSVs and report as their readers see them, and plotly.js served by us."""

import csv
import gzip
import io
import json
import re

import plotly.graph_objects as go
import pytest

from app.dashboards.charts import figure
from app.dashboards.tables import COUNT, SHARE, Cell, Row, Table
from app.extensions import db
from app.surveys.models import Channel
from app.surveys.services import submit_response
from tests.dashboards.helpers import PEOPLE, counting_queries, parse, results_url

# The trial data set's questions have 2 to 8 answers each: a threshold of three people.
pytestmark = pytest.mark.usefixtures("three_people")


def test_the_dashboard_shows_every_question_as_a_chart_and_a_table(
    client, login_as, answered, english
):
    login_as("official")
    response = client.get(results_url(answered))
    assert response.status_code == 200
    page = parse(response.get_data(as_text=True))
    # Every non-text question of the trial survey, with its figures in words, except the
    # one only two people answered.
    assert set(page.tables) == {"wiek", "dzieci", "ile_dzieci", "gdzie_spotkania",
                                "informacje", "priorytety"}  # fmt: skip
    assert 'id="q-polecenie"' in response.get_data(as_text=True)
    assert "Hidden: fewer than 3 people answered" in response.get_data(as_text=True)
    age = page.tables["wiek"]
    assert age[0] == ["Answer", "People", "Share"]
    assert age[1:3] == [["up to 24", "2", "25%"], ["25 or more", "6", "75%"]]
    assert age[-1][:2] == ["Answered", "8"]
    # The charts' data: bars of the same shares.
    chart = json.loads(page.figures["fig-wiek"])
    assert chart["data"][0]["x"] == [25.0, 75.0]
    assert "8 answered" in response.get_data(as_text=True)


def test_charts_are_valid_plotly_figures(client, login_as, answered):
    login_as("librarian")
    for query in ("", "?by=dzieci", "?only=dzieci:tak"):
        html = client.get(results_url(answered) + query).get_data(as_text=True)
        figures = parse(html).figures
        assert figures, query
        for spec in figures.values():
            go.Figure(json.loads(spec))  # raises on any property plotly.js does not know


def test_small_groups_are_hidden_on_the_page_and_in_the_csv(client, login_as, answered, english):
    login_as("official")
    html = client.get(results_url(answered) + "?by=wiek").get_data(as_text=True)
    # Two people under 25: the comparison by age shows no group's figures at all.
    assert "Hidden: fewer than 3 people answered" in html
    assert "fig-wiek" not in html
    body = client.get(results_url(answered, "/results/informacje.csv?by=wiek"))
    rows = list(csv.reader(io.StringIO(body.get_data(as_text=True).lstrip("\ufeff"))))
    figures = [cell for row in rows[1:] for cell in row[1:] if cell != ""]
    assert figures and set(figures) == {"hidden"}


def number(text: str) -> float | None:
    """A figure as the page writes it in English ("1,234", "25%", "3.75"), as a number."""
    if text in ("\u2013", ""):  # an en dash: no figure
        return None
    if text.endswith("%"):
        return float(text[:-1].replace(",", "")) / 100
    return float(text.replace(",", ""))


@pytest.mark.parametrize(
    ("key", "query"),
    [("wiek", ""), ("gdzie_spotkania", ""), ("informacje", ""), ("priorytety", ""),
     ("ile_dzieci", ""), ("gdzie_spotkania", "?by=dzieci"), ("informacje", "?by=dzieci")],
)  # fmt: skip
def test_each_csv_holds_the_table_shown_on_the_page(
    client, login_as, answered, english, key, query
):
    login_as("librarian")
    page = parse(client.get(results_url(answered) + query).get_data(as_text=True))
    shown = page.tables[key]
    body = client.get(results_url(answered, f"/results/{key}.csv{query}"))
    assert body.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(body.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == shown[0]
    assert [row[0] for row in rows] == [row[0] for row in shown]
    for csv_row, html_row in zip(rows[1:], shown[1:], strict=True):
        for raw, text in zip(csv_row[1:], html_row[1:], strict=True):
            expected = number(text)
            if expected is None:
                assert raw == ""
            else:
                # The page rounds shares to whole percents and means to 2 places.
                assert float(raw) == pytest.approx(expected, abs=0.0051)


def test_a_filter_narrows_every_figure_and_says_so(client, login_as, answered, english):
    login_as("official")
    html = client.get(results_url(answered) + "?only=dzieci:tak").get_data(as_text=True)
    assert "Only people who answered" in html
    assert "Do you have small children?" in html
    info = parse(html).tables["informacje"]
    assert [row[:3] for row in info[1:6]] == [
        ["Zdecydowanie nie", "0", "0%"], ["Raczej nie", "1", "25%"],
        ["Trudno powiedzieć", "0", "0%"], ["Raczej tak", "2", "50%"],
        ["Zdecydowanie tak", "1", "25%"],
    ]  # fmt: skip
    # The parents' ages would be a comparison of groups of 4 and 0 among parents, beside
    # 2 and 2 among the others: decided as the breakdown by age is, and hidden with it.
    assert "wiek" not in parse(html).tables
    assert "fewer than 3 people gave one of the answers to this question" in html


def test_unknown_breakdowns_and_filters_are_ignored(client, login_as, answered, english):
    login_as("official")
    for query in ("?by=pomysl", "?by=../x", "?only=wiek:nope", "?only=nope", "?only=wiek:do_24:x"):
        response = client.get(results_url(answered) + query)
        assert response.status_code == 200, query
        assert parse(response.get_data(as_text=True)).tables["wiek"][1][1] == "2"


def test_the_query_count_does_not_grow_with_responses(client, login_as, survey):
    login_as("official")
    counts = []
    for batch in range(2):
        for n in range(6 * (batch + 1)):
            submit_response(survey, PEOPLE[n % len(PEOPLE)], Channel.LINK, f"{batch}-{n}", "h")
        db.session.commit()
        with counting_queries() as statements:
            assert client.get(results_url(survey) + "?by=wiek").status_code == 200
        counts.append(len(statements))
    # Six for the figures, the rest for the page around them, however many responses.
    assert max(counts) <= 16, counts


def test_results_made_public_show_residents_the_whole_only(
    client, login_as, post_form, answered, english
):
    assert client.get(results_url(answered)).status_code == 302  # to sign in
    login_as("librarian")
    response = post_form(results_url(answered, "/results/public"), {"public": "1"},
                         page=results_url(answered))  # fmt: skip
    assert response.status_code == 302
    with client.session_transaction() as session:
        session.clear()
    html = client.get(results_url(answered) + "?by=dzieci&only=wiek:od_25").get_data(as_text=True)
    assert "Compare groups by" not in html  # no breakdowns for the public
    assert "/results/texts" not in html  # no written answers for the public
    assert parse(html).tables["wiek"][1:3] == [["up to 24", "2", "25%"], ["25 or more", "6", "75%"]]
    csv_body = client.get(results_url(answered, "/results/wiek.csv?by=dzieci")).get_data(
        as_text=True
    )
    assert "Yes" not in csv_body  # the breakdown asked for is not applied


def test_making_results_private_again(client, login_as, post_form, answered):
    answered.results_public = True
    db.session.commit()
    login_as("librarian")
    post_form(results_url(answered, "/results/public"), {"public": "0"},
              page=results_url(answered))  # fmt: skip
    db.session.refresh(answered)
    assert answered.results_public is False


def test_a_draft_survey_has_no_results(client, login_as, zone, template):
    from app.surveys.services import create_survey

    draft = create_survey(zone, template, slug="szkic")
    db.session.commit()
    login_as("coordinator")
    assert client.get(results_url(draft)).status_code == 404


def test_the_report_has_the_method_and_its_tables(client, login_as, answered, english):
    login_as("official")
    response = client.get(results_url(answered, "/report"))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "How the survey was done" in html
    assert "No figure is shown for a group of fewer than 3 people" in html
    assert "library tablet 8" in " ".join(html.split())
    assert "wiek" in parse(html).tables
    assert "css/report.css" in html


def test_labels_reach_the_chart_as_text_not_markup():
    table = Table("q", [""], [COUNT, SHARE])
    table.rows = [Row("<b>Bold</b> & co", [Cell(COUNT, 1), Cell(SHARE, 1.0)], key="a")]
    spec = figure("single_choice", table, "en")
    assert spec["layout"]["annotations"][0]["text"] == "&lt;b&gt;Bold&lt;/b&gt; &amp; co"


def test_plotly_is_served_compressed_cached_and_only_where_there_are_charts(
    client, login_as, answered
):
    login_as("official")
    html = client.get(results_url(answered)).get_data(as_text=True)
    # charts.js (with the page's CSP nonce, which it gives plotly.js) fetches plotly.js late.
    src = re.search(
        r'<script src="[^"]*/charts\.js[^"]*" nonce="[^"]+" defer'
        r' data-plotly="(/assets/plotly-strefy-[\d.]+\.min\.js)"', html,
    )  # fmt: skip
    assert src, "plotly.js is loaded by charts.js, with the page's CSP nonce"
    assert '<script src="/assets/plotly' not in html  # never on the page's critical path
    survey_page = client.get(f"/zones/{answered.zone.slug}/surveys/{answered.slug}")
    assert "plotly" not in survey_page.get_data(as_text=True)

    zipped = client.get(src.group(1), headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "immutable" in zipped.headers["Cache-Control"]
    assert "max-age=31536000" in zipped.headers["Cache-Control"]
    assert len(zipped.data) < 460_000  # bars, scatter and Sankey: about a third of the full one
    assert gzip.decompress(zipped.data).startswith(b"/**\n* plotly.js (Strefy's bundle")
    brotli = client.get(src.group(1), headers={"Accept-Encoding": "br, gzip"})
    assert brotli.headers["Content-Encoding"] == "br"
    assert len(brotli.data) < len(zipped.data)
    again = client.get(src.group(1), headers={"If-None-Match": zipped.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("reader", ["anonymous", "resident", "other_librarian"])
def test_readers_of_public_results_get_the_whole_on_the_page_and_in_csvs(
    client, login_as, other_zone, answered, english, reader
):
    answered.results_public = True
    db.session.commit()
    login_as("librarian", other_zone) if reader == "other_librarian" else login_as(reader)
    html = client.get(results_url(answered) + "?by=dzieci&only=wiek:od_25").get_data(as_text=True)
    assert "Compare groups by" not in html and "Only people who answered" not in html
    assert "/results/texts" not in html
    assert parse(html).tables["wiek"][1:3] == [["up to 24", "2", "25%"], ["25 or more", "6", "75%"]]
    rows = list(csv.reader(io.StringIO(client.get(
        results_url(answered, "/results/informacje.csv?by=dzieci&only=wiek:od_25")
    ).get_data(as_text=True).lstrip("\ufeff"))))  # fmt: skip
    assert rows[0] == ["Answer", "People", "Share"]  # one column group: everyone
    assert rows[-1][:2] == ["Answered", "8"]  # not the 6 aged 25 or more


def test_making_results_public_is_in_the_audit_log_in_both_languages(
    client, login_as, post_form, answered
):
    from flask_babel import force_locale

    from app.audit.services import history, words

    librarian = login_as("librarian")
    for public in ("1", "1", "0"):  # the second changes nothing and is not recorded
        post_form(results_url(answered, "/results/public"), {"public": public},
                  page=results_url(answered))  # fmt: skip
    made_public, made_private = history("survey_results", answered.id)
    assert made_public.actor_id == librarian.id and made_public.zone_id == answered.zone_id
    assert (made_public.before, made_public.after) == (
        {"results_public": False}, {"results_public": True}
    )  # fmt: skip
    told = {}
    for language in ("en", "pl"):
        with force_locale(language):
            told[language] = [words(made_public), words(made_private)]
    assert told["en"][0].action == "results made public"
    assert told["en"][0].subject == "results of the survey “Trial survey”"
    assert [(c.before, c.after) for c in told["en"][1].changes] == [
        ("anyone with the link", "the zone's team only")
    ]
    assert told["pl"][0].action != "results made public"  # translated
    assert "Ankieta próbna" in told["pl"][0].subject
