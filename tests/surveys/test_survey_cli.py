from sqlalchemy import func, select

from app.extensions import db
from app.surveys.models import Response, Survey
from app.zones.models import Zone


def test_surveys_load_creates_a_zones_survey(runner, zone):
    result = runner.invoke(
        args=["surveys", "load", "surveys/uslugi-biblioteki.yaml", "--zone", "kwidzyn", "--open"]
    )
    assert result.exit_code == 0, result.output
    survey = db.session.scalar(select(Survey))
    assert survey.zone_id == zone.id
    assert survey.status == "open"
    assert f"/s/{survey.short_code}" in result.output


def test_surveys_load_refuses_a_bad_file_with_its_name(runner, zone, tmp_path):
    bad = tmp_path / "zla.yaml"
    bad.write_text("key: x\ntitle: T\nintroduction: I\nsections:\n- key: s\n  title: S\n"
                   "  questions:\n  - {key: a, type: slider, text: A}\n")  # fmt: skip
    result = runner.invoke(args=["surveys", "load", str(bad), "--zone", "kwidzyn"])
    assert result.exit_code != 0
    assert "zla.yaml: question 'a': unknown type 'slider'" in result.output
    assert "Traceback" not in result.output
    assert db.session.scalar(select(func.count()).select_from(Survey)) == 0


def test_surveys_check(runner, tmp_path):
    result = runner.invoke(args=["surveys", "check", "surveys/diagnoza-potrzeb.yaml"])
    assert result.exit_code == 0
    assert "ok diagnoza-potrzeb.yaml" in result.output
    (tmp_path / "pusty.yaml").write_text("")
    result = runner.invoke(args=["surveys", "check", str(tmp_path / "pusty.yaml")])
    assert result.exit_code == 1
    assert "pusty.yaml" in result.output


def test_demo_opens_kwidzyn_diagnosis_with_responses(runner):
    result = runner.invoke(args=["demo"])
    # Kwidzyn's 320, and three other zones' earlier diagnoses (140 + 90 + 60).
    assert "610 survey responses" in result.output
    survey = db.session.scalar(select(Survey).join(Survey.zone).where(Zone.slug == "kwidzyn"))
    assert survey.accepts_answers()
    channels = dict(
        db.session.execute(
            select(Response.channel, func.count())
            .where(Response.survey_id == survey.id)
            .group_by(Response.channel)
        ).all()
    )
    assert sum(channels.values()) == 320
    assert channels["paper"] > 20
    others = db.session.scalars(select(Survey).where(Survey.id != survey.id)).all()
    assert {s.status for s in others} == {"closed"}
    assert "survey responses" in runner.invoke(args=["demo"]).output
    assert "610 survey responses" not in runner.invoke(args=["demo"]).output


def test_a_change_of_meaning_is_a_new_version(runner, zone, survey):
    result = runner.invoke(
        args=["surveys", "load", "surveys/uslugi-biblioteki.yaml", "--zone", "kwidzyn",
              "--new-version-of", "proba", "--open"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    db.session.refresh(survey)
    assert survey.status == "closed"  # its answers stay comparable among themselves
    new = db.session.scalar(select(Survey).where(Survey.slug == "proba-v2"))
    assert new.version == 2
    assert new.status == "open"
