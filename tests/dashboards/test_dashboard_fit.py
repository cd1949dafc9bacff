"""The dashboard as its readers find their way in it: publishing after a confirmation that
says what residents will see, a contents list, the strongest findings first, a banner for
the comparison on, and small groups still hidden whatever the order or the filter."""

import re

import pytest

from app.dashboards.ordering import strength
from app.dashboards.tables import COUNT, HIDDEN, SHARE, Cell, Row, Table
from app.extensions import db
from app.surveys.models import Channel
from app.surveys.services import submit_response
from tests.dashboards.helpers import PEOPLE, parse, results_url

pytestmark = pytest.mark.usefixtures("three_people", "english")

QUESTION_IDS = re.compile(r'<section class="result" id="q-([a-z_]+)"')


def question_order(html: str) -> list[str]:
    return QUESTION_IDS.findall(html)


def contents(html: str) -> str:
    return html[
        html.index('<nav class="contents"') : html.index("</nav>", html.index('id="contents"'))
    ]


# Making results public -----------------------------------------------------------------


def test_the_librarian_finds_publishing_at_the_top_and_it_does_not_act_at_once(
    client, login_as, answered
):
    login_as("librarian")
    html = client.get(results_url(answered)).get_data(as_text=True)
    link = f'href="{results_url(answered, "/results/public")}"'
    assert link in html
    # Above the key findings and every figure, not at the foot of the page.
    assert html.index(link) < html.index('id="findings-title"') < html.index('id="responses"')
    # A link to a confirmation, no button that publishes from the dashboard.
    assert 'action="' + results_url(answered, "/results/public") not in html
    db.session.refresh(answered)
    assert answered.results_public is False


def test_the_confirmation_says_what_residents_will_see(client, login_as, answered):
    login_as("librarian")
    response = client.get(results_url(answered, "/results/public"))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Make the results public?" in html
    # The public address, in full, to copy or check.
    assert f"http://localhost{results_url(answered)}" in html
    shown = html[html.index('class="shown-questions"') : html.index('id="stays-hidden-title"')]
    assert "How old are you?" in shown and "What matters most?" in shown
    # Only two people gave a mark out of ten: that question stays hidden, and says so.
    hidden = html[html.index('class="hidden-questions"') :]
    assert "Would you recommend the library?" in hidden
    assert "Would you recommend the library?" not in shown
    assert "Your idea" not in shown  # written answers are never published
    assert "fewer than 3 people" in html
    assert "Comparisons of groups and filters" in html
    assert "Written answers" in html
    assert 'name="public" value="1"' in html
    db.session.refresh(answered)
    assert answered.results_public is False  # reading the confirmation changes nothing


def test_publishing_needs_the_post_with_its_csrf_token(client, login_as, answered, post_form):
    login_as("librarian")
    url = results_url(answered, "/results/public")
    refused = client.post(url, data={"public": "1"})
    assert refused.status_code == 400
    db.session.refresh(answered)
    assert answered.results_public is False

    done = post_form(url, {"public": "1"})
    assert done.status_code == 302 and done.headers["Location"] == results_url(answered)
    db.session.refresh(answered)
    assert answered.results_public is True
    page = client.get(results_url(answered)).get_data(as_text=True)
    assert "The results are public" in page
    assert "Make the results private again" in page

    # Making them private again is confirmed the same way, with its own words.
    confirm = client.get(url).get_data(as_text=True)
    assert "Make the results private again?" in confirm
    assert 'name="public" value="0"' in confirm
    post_form(url, {"public": "0"})
    db.session.refresh(answered)
    assert answered.results_public is False


@pytest.mark.parametrize("viewer", ["official", "other_librarian", "resident"])
def test_no_one_else_may_publish(client, login_as, answered, other_zone, post_form, viewer):
    if viewer == "other_librarian":
        login_as("librarian", other_zone)
    else:
        login_as(viewer)
    url = results_url(answered, "/results/public")
    assert client.get(url).status_code in (403, 404)
    assert post_form(url, {"public": "1"}, page="/account").status_code in (403, 404)
    db.session.refresh(answered)
    assert answered.results_public is False
    if viewer == "official":  # officials read the dashboard, without the publishing link
        assert url not in client.get(results_url(answered)).get_data(as_text=True)


# The contents and the order ------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "?order=strongest", "?by=dzieci&order=strongest"])
def test_the_contents_list_links_to_every_question(client, login_as, answered, query):
    login_as("librarian")
    html = client.get(results_url(answered) + query).get_data(as_text=True)
    every = [q.key for q in answered.template.questions()]
    assert sorted(question_order(html)) == sorted(every)
    links = re.findall(r'href="#q-([a-z_]+)"', contents(html))
    assert links == question_order(html)  # every question, in the page's order
    for anchor in re.findall(r'href="#([a-z_-]+)"', contents(html)):
        assert f'id="{anchor}"' in html, anchor
    # A way back to the top after each part.
    assert html.count('class="back-to-top') >= len(answered.template.sections)


def test_the_strongest_findings_come_first(client, login_as, answered):
    login_as("official")
    html = client.get(results_url(answered) + "?order=strongest").get_data(as_text=True)
    # The largest share of people giving one answer: 6 of 8 are 25 or more (75 %), 2 of 3
    # put culture first (67 %), then four questions where half gave the same answer (in
    # survey order), the Likert statement (25 %); the mark out of ten is hidden (two
    # people answered), then the questions answered in words.
    assert question_order(html) == ["wiek", "priorytety", "dzieci", "ile_dzieci",
                                    "gdzie_spotkania", "informacje", "polecenie", "pomysl",
                                    "uwagi"]  # fmt: skip
    # The order chosen is visible, and the other one a link away.
    assert re.search(r'aria-current="true" class="current">strongest findings first<', html)
    assert f'href="{results_url(answered)}#contents">as in the survey<' in html
    survey_order = client.get(results_url(answered)).get_data(as_text=True)
    assert question_order(survey_order) == [q.key for q in answered.template.questions()]
    assert re.search(r'aria-current="true" class="current">as in the survey<', survey_order)


def test_in_a_comparison_the_largest_gap_between_groups_comes_first(client, login_as, answered):
    login_as("official")
    html = client.get(results_url(answered) + "?by=dzieci&order=strongest").get_data(as_text=True)
    # Parents and the others are 4 and 4: "do you have small children" splits them
    # completely (100 points apart); a Likert point a half of parents chose and no one
    # else (50 points). Age (2 people under 25, none a parent), the ranking and the mark
    # (3 and 2 people) are hidden in this comparison; the number of children and where
    # parents meet have no second group to compare with.
    assert question_order(html) == ["dzieci", "informacje", "wiek", "ile_dzieci",
                                    "gdzie_spotkania", "polecenie", "priorytety", "pomysl",
                                    "uwagi"]  # fmt: skip
    assert "the largest gap between two groups" in html


def gaps_table(shares: list[list[float | None]], hidden: bool = False) -> Table:
    groups = [f"g{i}" for i in range(len(shares[0]))]
    table = Table("q", groups, [COUNT, SHARE], hidden=hidden)
    for n, row in enumerate(shares):
        cells = []
        for share in row:
            cells += (
                [Cell(HIDDEN), Cell(HIDDEN)]
                if share is None
                else [Cell(COUNT, 1), Cell(SHARE, share)]
            )
        table.rows.append(Row(f"option {n}", cells))
    return table


def test_strength_is_the_top_share_or_the_largest_gap_of_what_is_shown():
    assert strength(gaps_table([[0.2], [0.7], [0.1]]), ["all"]) == 0.7
    assert strength(gaps_table([[0.2, 0.5], [0.8, 0.5]]), ["a", "b"]) == pytest.approx(0.3)
    # Those who did not answer the comparison's question are not a group to compare with.
    assert strength(gaps_table([[0.1, 0.2, 0.9]]), ["a", "b", "no_answer"]) == pytest.approx(0.1)
    # Nothing shown, no strength: a hidden question goes last and tells nothing.
    assert strength(gaps_table([[None, None]], hidden=True), ["a", "b"]) is None
    assert strength(gaps_table([[None], [None]]), ["all"]) is None


# The comparison on ---------------------------------------------------------------------


def test_a_banner_says_which_comparison_is_on_and_turns_it_off(client, login_as, answered):
    login_as("official")
    html = client.get(
        results_url(answered) + "?by=dzieci&only=wiek:od_25&order=strongest"
    ).get_data(as_text=True)
    banner = html[html.index('class="comparison-banner') : html.index('class="dashboard-nav')]
    assert "Compared by “Do you have small children?”" in banner
    assert "Only people who answered “How old are you?”: 25 or more" in banner
    # Above every figure, where the reloaded page opens.
    assert html.index("comparison-banner") < html.index('id="responses"')
    off = re.findall(r'<a href="([^"]+)">Turn off', banner)
    assert len(off) == 2
    by_off, only_off = (link.replace("&amp;", "&") for link in off)
    assert "by=" not in by_off and "only=wiek:od_25" in by_off and "order=strongest" in by_off
    assert "only=" not in only_off and "by=dzieci" in only_off

    plain = client.get(by_off.replace("only=wiek:od_25&", "").replace("?only=wiek:od_25", ""))
    assert "comparison-banner" not in plain.get_data(as_text=True)


def test_the_filter_form_keeps_the_order(client, login_as, answered):
    login_as("official")
    html = client.get(results_url(answered) + "?order=strongest").get_data(as_text=True)
    form = html[
        html.index('id="filters-title"') : html.index("</form>", html.index('id="filters-title"'))
    ]
    assert '<input type="hidden" name="order" value="strongest">' in form


# Small groups, whatever the order ------------------------------------------------------


def answered_by(survey, people):
    for n, answers in enumerate(people):
        submit_response(survey, answers, Channel.KIOSK, f"p{n}", "h")
    db.session.commit()
    return survey


VARIANT = [
    # The two people under 25 answer differently; everything else is the same.
    {**PEOPLE[0], "informacje": 5, "polecenie": 0, "priorytety": ["sport"]},
    {**PEOPLE[1], "informacje": 5, "dzieci": "nie", "priorytety": ["sport", "kultura"]},
    *PEOPLE[2:],
]


@pytest.mark.parametrize(
    "query",
    ["?only=wiek:do_24&order=strongest", "?by=wiek&order=strongest",
     "?only=wiek:do_24&by=dzieci&order=strongest"],
)  # fmt: skip
@pytest.mark.parametrize("people", [PEOPLE, VARIANT], ids=["people", "variant"])
def test_a_small_group_gives_nothing_away_through_the_order_or_the_contents(
    client, login_as, survey, query, people
):
    """Two people under 25: a filter or breakdown isolating them hides every figure, so
    the order, the contents and their marks are those of the survey, whatever they said."""
    answered_by(survey, people)
    login_as("librarian")
    html = client.get(results_url(survey) + query).get_data(as_text=True)
    every = [q.key for q in survey.template.questions()]
    assert question_order(html) == every  # no strength, survey order
    assert parse(html).tables == {}  # no figure at all
    assert "fig-" not in html.replace("fig-timeline", "")
    nav = contents(html)
    assert re.findall(r'href="#q-([a-z_]+)"', nav) == every
    assert not re.search(
        r"\d", re.sub(r"<[^>]+>|href=\"[^\"]*\"", "", nav).replace("9 questions", "")
    )


def test_the_order_does_not_depend_on_what_a_hidden_group_said(client, login_as, survey, make_zone):
    """The same page for the two data sets, whose only difference is hidden."""
    from tests import factories

    other = factories.make_survey(make_zone(slug="leba", town="Łeba"), survey.template)
    answered_by(survey, PEOPLE)
    answered_by(other, VARIANT)
    login_as("coordinator")
    for query in ("?only=wiek:do_24&order=strongest", "?by=wiek&order=strongest"):
        pages = [client.get(results_url(s) + query).get_data(as_text=True) for s in (survey, other)]
        assert question_order(pages[0]) == question_order(pages[1])
        assert contents(pages[0]) == contents(pages[1]).replace("leba", "kwidzyn")


def test_comparing_one_question_opens_the_page_at_it(client, login_as, answered):
    login_as("official")
    html = client.get(results_url(answered) + "?only=wiek:od_25&order=strongest").get_data(
        as_text=True
    )
    start = html.index(f'action="{results_url(answered)}#q-informacje"')
    form = html[start : html.index("</form>", start)]
    # The filter and the order stay; the filter's own question is no breakdown of it.
    assert '<input type="hidden" name="only" value="wiek:od_25">' in form
    assert '<input type="hidden" name="order" value="strongest">' in form
    assert 'name="by"' in form and '<option value="dzieci">' in form
    assert '<option value="wiek">' not in form
    # Residents compare nothing: no such form for them.
    answered.results_public = True
    db.session.commit()
    login_as("resident")
    public = client.get(results_url(answered)).get_data(as_text=True)
    assert 'class="compare-one' not in public and f"{results_url(answered)}#q-" not in public
