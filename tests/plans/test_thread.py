"""The thread page: from a finding to the residents' ideas, the actions and the reports,
and back; what residents may see of it; its Sankey figure; a fixed number of queries."""

from datetime import date

import plotly.graph_objects as go
import pytest

from app.cafes.models import Idea
from app.dashboards.findings import add_finding
from app.dashboards.models import Finding
from app.extensions import db
from app.plans.models import Plan, Report, ReportKind, ReportStatus
from app.plans.services import get_plan
from app.plans.thread import Thread, build_thread, load_thread, sankey, visible_to
from tests.cafes.factories import add_idea, plan_cafe
from tests.dashboards.helpers import counting_queries
from tests.plans.factories import add_action, make_plan

URL = "/zones/{}/plan/thread"


def _report(plan, number, status):
    report = Report(
        plan_id=plan.id, number=number, kind=ReportKind.PARTIAL.value, status=status.value,
        period_start=date(2026, 1, 1), period_end=date(2026, 6, 30),
    )  # fmt: skip
    db.session.add(report)
    db.session.commit()
    return report


def _chain(zone, survey, *, published=True, actions=0):
    """A finding → a café's idea → action 1 → an accepted report; a hidden idea and a draft
    report beside them; `actions` more actions answering the finding."""
    survey.results_public = True
    finding = add_finding(survey, "Rodzice małych dzieci nie mają gdzie się spotkać", ["wiek"])
    cafe = plan_cafe(zone)
    cafe.findings.append(finding)
    db.session.commit()
    idea = add_idea(cafe.boards[0], title="Klub młodych mam",
                    description="Spotkania w czytelni we wtorki rano.")  # fmt: skip
    hidden = add_idea(cafe.boards[0], title="Ukryty pomysł", hidden=True)
    add_idea(cafe.boards[0], title="Odrzucony pomysł", status="rejected", reason="Obraźliwy")
    plan = make_plan(zone)
    action = add_action(plan, "Klub Młodych Mam")
    action.ideas.extend([idea, hidden])
    action.findings.append(finding)
    for _ in range(actions):
        more = add_action(plan)
        more.findings.append(finding)
    db.session.commit()
    _report(plan, 1, ReportStatus.ACCEPTED)
    _report(plan, 2, ReportStatus.DRAFT)
    if published:
        plan.status = "published"
        db.session.commit()
    return {"finding": finding, "idea": idea, "hidden": hidden, "action": action, "plan": plan}


def _sections(html):
    forward, _, back = html.partition('id="back-title"')
    return forward, back


def test_the_chain_forward_from_a_finding_to_the_report(client, zone, survey, english):
    chain = _chain(zone, survey)
    response = client.get(URL.format(zone.slug))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    forward, _back = _sections(html)
    card = forward.split(f'id="finding-{chain["finding"].id}"')[1]
    # finding → the café's idea → its action → the reports
    assert card.index("Klub młodych mam") < card.index("Action 1") < card.index("Report 1")
    assert 'href="#action-1"' in card and 'href="#report-1"' in card
    # The Sankey diagram above the lists is hidden from screen readers: the lists say it.
    assert '<div class="chart-plot" data-figure="fig-thread" aria-hidden="true">' in html
    assert 'id="fig-thread"' in html and "data-plotly=" in html


def test_the_chain_back_from_the_reports_to_the_residents_words(client, zone, survey, english):
    chain = _chain(zone, survey)
    html = client.get(URL.format(zone.slug)).get_data(as_text=True)
    _, back = _sections(html)
    assert back.index('id="report-1"') < back.index('id="action-1"')
    action = back.split('id="action-1"')[1]
    assert "Klub Młodych Mam" in action
    assert "Klub młodych mam" in action and "Spotkania w czytelni we wtorki rano." in action
    assert f'href="#finding-{chain["finding"].id}"' in action


def test_every_anchor_once_for_the_links_of_other_pages(client, app, zone, survey):
    chain = _chain(zone, survey)
    html = client.get(URL.format(zone.slug)).get_data(as_text=True)
    for anchor in (f'id="finding-{chain["finding"].id}"', f'id="idea-{chain["idea"].id}"',
                   'id="action-1"', 'id="report-1"'):  # fmt: skip
        assert html.count(anchor) == 1, anchor
    with app.test_request_context():
        template = app.jinja_env.from_string("{{ thread_url(zone, 'idea', id) }}")
        url = template.render(zone=zone, id=chain["idea"].id)
    assert url == f"/zones/{zone.slug}/plan/thread#idea-{chain['idea'].id}"


def test_residents_see_neither_hidden_ideas_nor_draft_reports(client, zone, survey):
    _chain(zone, survey)
    html = client.get(URL.format(zone.slug)).get_data(as_text=True)
    assert "Klub młodych mam" in html
    assert "Ukryty pomysł" not in html and "Odrzucony pomysł" not in html
    assert 'id="report-1"' in html and 'id="report-2"' not in html


def test_the_team_sees_the_draft_and_all_of_it(client, zone, survey, login_as):
    _chain(zone, survey, published=False)
    assert client.get(URL.format(zone.slug)).status_code == 404
    login_as("resident")
    assert client.get(URL.format(zone.slug)).status_code == 404
    login_as("official")
    response = client.get(URL.format(zone.slug))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Ukryty pomysł" in html and 'id="report-2"' in html
    assert "Odrzucony pomysł" not in html  # never on the board: not in the thread either
    assert "no-store" in response.headers["Cache-Control"]


def test_findings_of_private_results_stay_with_the_team(client, zone, survey, login_as):
    chain = _chain(zone, survey)
    survey.results_public = False
    db.session.commit()
    html = client.get(URL.format(zone.slug)).get_data(as_text=True)
    assert f'id="finding-{chain["finding"].id}"' not in html
    assert "nie mają gdzie się spotkać" not in html
    login_as("librarian")
    html = client.get(URL.format(zone.slug)).get_data(as_text=True)
    assert f'id="finding-{chain["finding"].id}"' in html


def test_no_plan_no_thread(client, zone, login_as):
    login_as("librarian")
    assert client.get(URL.format(zone.slug)).status_code == 404


def test_the_sankey_is_a_valid_plotly_figure(app, zone, survey):
    _chain(zone, survey, actions=1)
    with app.test_request_context():
        loaded = load_thread(get_plan(zone))
        thread = build_thread(loaded, *visible_to(_anonymous(), loaded))
        figure = sankey(thread, "pl")
    go.Figure(figure)  # raises on any property plotly.js does not know
    trace = figure["data"][0]
    labels = trace["node"]["label"]
    assert trace["type"] == "sankey"
    assert set(trace["link"]["value"]) == {1}
    # finding → idea, idea → action 1, finding → action 2 (with no idea)
    assert len(trace["link"]["source"]) == 3
    assert "Ukryty pomysł" not in labels
    assert any(label.startswith("Rodzice małych") for label in labels)
    assert "1. Klub Młodych Mam" in labels


def test_the_sankey_shows_the_ideas_in_the_plan_and_leaves_the_rest_to_the_lists(app):
    """Forty café ideas' labels would cover each other on a phone: the diagram shows the
    ideas an action carries out; the lists below it name every idea."""
    links = [("finding-1", f"idea-{n}") for n in range(1, 13)] + [("idea-1", "action-1")]
    labels = {"finding-1": "42% rodziców", "idea-1": "Klub Młodych Mam", "action-1": "1. Klub"}
    labels |= {f"idea-{n}": f"Pomysł {n}" for n in range(2, 13)}
    figure = sankey(Thread(None, [], [], [], links, labels), "pl")
    go.Figure(figure)
    trace = figure["data"][0]
    assert trace["node"]["label"] == ["42% rodziców", "Klub Młodych Mam", "1. Klub"]
    assert len(trace["link"]["source"]) == 2


def _anonymous():
    from flask_login import AnonymousUserMixin

    return AnonymousUserMixin()


@pytest.mark.parametrize("role", ["anonymous", "librarian"])
def test_a_fixed_number_of_queries_whatever_the_plan_size(client, zone, survey, make_zone,
                                                         make_user, login_as, role):  # fmt: skip
    chain = _chain(zone, survey, actions=1)
    login_as(role)
    url = URL.format(zone.slug)
    client.get(url)
    with counting_queries() as small:
        assert client.get(url).status_code == 200
    plan = db.session.get(Plan, chain["plan"].id)
    finding = db.session.get(Finding, chain["finding"].id)
    board = db.session.get(Idea, chain["idea"].id).board
    for n in range(10):
        idea = add_idea(board, title=f"Pomysł {n}")
        action = add_action(plan)
        action.findings.append(finding)
        action.ideas.append(idea)
    db.session.commit()
    with counting_queries() as large:
        html = client.get(url).get_data(as_text=True)
    assert 'id="action-12"' in html and "Pomysł 9" in html
    assert len(large) == len(small)
