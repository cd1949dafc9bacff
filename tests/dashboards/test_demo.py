"""The demo dashboard tells Kwidzyn's story: parents of small children have nowhere to meet."""

from app.dashboards.aggregate import compute
from app.dashboards.findings import findings_for
from app.demo import load_demo
from app.extensions import db
from app.surveys.models import Survey


def test_the_demo_findings_point_to_the_young_mothers_club(app):
    load_demo()
    db.session.commit()
    survey = db.session.query(Survey).filter(Survey.status == "open").one()
    parents = compute(survey, k=5, by="rodzic_malego_dziecka").questions["czego_brakuje"]
    share = {g: parents["groups"][g]["options"]["miejsce_rodzice_dzieci"]["share"]
             for g in ("tak", "nie")}  # fmt: skip
    assert share["tak"] > share["nie"] + 0.2  # a difference an official cannot miss

    findings = findings_for(survey)
    assert len(findings) == 3
    # The figures quoted are the dashboard's own.
    assert findings[0].figure == f"{round(share['tak'] * 100)}%"
    assert "Klub Młodych Mam" in findings[1].text
    assert findings[0].question_keys == ["czego_brakuje", "rodzic_malego_dziecka"]


def test_the_demo_shows_suppression_at_work(app):
    load_demo()
    db.session.commit()
    survey = db.session.query(Survey).filter(Survey.status == "open").one()
    by_gender = compute(survey, k=5, by="plec")
    assert min(by_gender.sizes.values()) < 5
    assert by_gender.hidden == set(by_gender.groups)  # all hidden, not just the small one
    assert not compute(survey, k=5, by="grupa_wieku").hidden
