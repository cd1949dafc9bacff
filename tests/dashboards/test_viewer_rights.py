"""What each viewer may see of a survey's results, walked on every channel: the dashboard,
the printable report, a question's CSV and the API answer the same, because they all ask
one rule (app.dashboards.services.results_access).

Every viewer, on every results route, for the whole, ?by=, ?only= and written answers,
with results private and public: the same allowed or refused decision everywhere, and when
allowed the same counts.
"""

import csv
import io

import pytest

from app.extensions import db
from tests.dashboards.helpers import parse, results_url

VIEWERS = ("anonymous", "resident", "librarian", "other_librarian", "official",
           "other_official", "coordinator")  # fmt: skip
MANAGERS = {"librarian", "coordinator"}  # read every written answer
ZONE_PEOPLE = MANAGERS | {"official"}  # compare groups, read the texts page
QUERIES = {"plain": {}, "by": {"by": "dzieci"}, "only": {"only": "dzieci:tak"}}
QUESTION = "informacje"  # answered by all eight PEOPLE: 4 parents, 4 others
OTHER_TEXT = "u sąsiadki"  # written by two parents as their "other" meeting place


@pytest.fixture
def viewed(app, answered, english, login_as, zone, other_zone, request):
    """The eight PEOPLE's answers read by one viewer (k = 2: every group is shown)."""
    app.config["SUPPRESSION_THRESHOLD"] = 2
    viewer = request.param
    if viewer.startswith("other_"):
        login_as(viewer.removeprefix("other_"), other_zone)
    else:
        login_as(viewer)
    return viewer


def refusal(viewer: str, api: bool) -> int:
    """How a page or the API refuses this viewer: sign in (401 in the API), or 403."""
    if viewer == "anonymous":
        return 401 if api else 302
    return 403


def check_refused(response, viewer: str, api: bool = False) -> None:
    assert response.status_code == refusal(viewer, api), response.request.path
    if api:
        error = response.get_json()["error"]
        assert error["status"] == response.status_code
        assert error["code"] == ("unauthorized" if viewer == "anonymous" else "forbidden")
    elif viewer == "anonymous":
        assert response.headers["Location"].startswith("/login")


def answered_row(rows: list[list[str]]) -> list[int]:
    """The "Answered" figures of a table (a page's or a CSV's), one per group."""
    row = next(row for row in rows if row[0] == "Answered")
    return [int(cell.replace(",", "")) for cell in row[1:] if cell not in ("", "\u2013")]


APPENDIX = {"appendix": "1"}  # the report with its full tables


def channels(client, survey, query: dict) -> dict:
    """The same results asked of every channel."""
    return {
        "page": client.get(results_url(survey), query_string=query),
        "report": client.get(results_url(survey, "/report"), query_string=query | APPENDIX),
        "csv": client.get(results_url(survey, f"/results/{QUESTION}.csv"), query_string=query),
        "api": client.get("/api/v1" + results_url(survey), query_string=query),
    }


def figures(answers: dict) -> dict[str, list[int]]:
    """Per channel, how many people answered QUESTION in each group shown."""
    page, report = (parse(answers[n].get_data(as_text=True)).tables for n in ("page", "report"))
    rows = list(csv.reader(io.StringIO(answers["csv"].get_data(as_text=True).lstrip("\ufeff"))))
    data = answers["api"].get_json()
    groups = next(q for q in data["questions"] if q["key"] == QUESTION)["groups"]
    return {
        "page": answered_row(page[QUESTION]),
        "report": answered_row(report["a-" + QUESTION]),  # the appendix's full table
        "csv": answered_row(rows),
        "api": [groups[g["key"]]["answered"] for g in data["groups"]],
    }


@pytest.mark.parametrize("viewed", VIEWERS, indirect=True)
def test_every_channel_gives_each_viewer_the_same(client, answered, viewed):
    viewer = viewed
    for public in (False, True):
        answered.results_public = public
        db.session.commit()
        sees = viewer in ZONE_PEOPLE or public
        compares = viewer in ZONE_PEOPLE
        context = f"{viewer}, public={public}"
        for name, query in QUERIES.items():
            answers = channels(client, answered, query)
            if not sees:
                for channel, response in answers.items():
                    check_refused(response, viewer, api=channel == "api")
                continue
            asked_for_more = name != "plain"
            if asked_for_more and not compares:
                # Refused the same way everywhere: the pages and the CSV show the whole
                # instead, the API says no; none of them gives the comparison.
                refused = answers.pop("api")
                assert refused.status_code == 403, context
                assert refused.get_json()["error"]["code"] == "comparison_forbidden"
                shown = figures(answers | {"api": channels(client, answered, {})["api"]})
                assert set(map(tuple, shown.values())) == {(8,)}, (context, name, shown)
                continue
            for channel, response in answers.items():
                assert response.status_code == 200, (context, name, channel)
            shown = figures(answers)
            expected = {"plain": [8], "by": [4, 4], "only": [4]}[name]
            if name != "plain":
                # The report is the whole, always: the council gets no ad-hoc comparison.
                assert shown.pop("report") == [8], (context, name)
            assert all(value == expected for value in shown.values()), (context, name, shown)

        # Written answers: the texts page, and grouped "other" texts on the page and in the API.
        texts = client.get(results_url(answered, "/results/texts"))
        if compares:
            assert texts.status_code == 200, context
        else:
            check_refused(texts, viewer)
        if not sees:
            continue
        page = client.get(results_url(answered)).get_data(as_text=True)
        data = client.get("/api/v1" + results_url(answered)).get_json()
        meeting = next(q for q in data["questions"] if q["key"] == "gdzie_spotkania")
        in_api = any(other["text"] == OTHER_TEXT for other in meeting.get("other_answers", []))
        assert in_api == (OTHER_TEXT in page) == (viewer in MANAGERS), context


def test_a_draft_has_no_results_on_any_channel(client, login_as, zone, template):
    from app.surveys.services import create_survey

    draft = create_survey(zone, template, slug="szkic")
    db.session.commit()
    login_as("coordinator")
    answers = channels(client, draft, {})
    answers["texts"] = client.get(results_url(draft, "/results/texts"))
    assert {name: r.status_code for name, r in answers.items()} == dict.fromkeys(answers, 404)
    assert answers["api"].get_json()["error"]["code"] == "not_found"
