"""`flask purge`: residents' data goes when the privacy notice says it does."""

from datetime import timedelta

from sqlalchemy import func, select, update

from app.audit.models import AuditEntry
from app.cafes.models import Idea, Support
from app.core.time import utcnow
from app.extensions import db
from app.surveys.models import Channel, Response, ResponseStatus
from app.surveys.services import start_response, submit_response
from tests.cafes.factories import add_idea, plan_cafe

ANSWERS = {"wiek": "do_24", "dzieci": "nie", "informacje": 2}


def _age(model, row_id, days, *columns):
    moment = utcnow() - timedelta(days=days)
    db.session.execute(
        update(model).where(model.id == row_id).values(dict.fromkeys(columns, moment))
    )
    db.session.commit()


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_purge_deletes_old_unfinished_answers_and_keeps_the_rest(runner, survey):
    old = start_response(survey, "device-old", Channel.LINK)
    old.draft = {"wiek": "do_24"}
    recent = start_response(survey, "device-new", Channel.LINK)
    db.session.commit()
    sent, _new = submit_response(survey, ANSWERS, Channel.LINK, "key-1", "h")
    db.session.commit()
    old_id, recent_id, sent_id = old.id, recent.id, sent.id
    _age(Response, old_id, 31, "created_at", "updated_at")
    _age(Response, sent_id, 31, "created_at", "updated_at")

    dry = runner.invoke(args=["purge", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "older than 30 days: 1 would be deleted" in dry.output
    assert db.session.get(Response, old_id) is not None

    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert "older than 30 days: 1 deleted" in result.output
    db.session.expire_all()
    assert db.session.get(Response, old_id) is None
    assert db.session.get(Response, recent_id).status == ResponseStatus.IN_PROGRESS
    assert db.session.get(Response, sent_id).status == ResponseStatus.COMPLETE  # sent: kept


def test_purge_unlinks_old_responses_and_ideas_from_devices(runner, survey, zone):
    ids = []
    for n in (1, 2):
        stored, _new = submit_response(
            survey, ANSWERS, Channel.LINK, f"key-{n}", "h", address=f"addr-{n}"
        )
        db.session.get(Response, stored.id).device_hash = f"device-{n}"
        ids.append(stored.id)
    db.session.commit()
    old_id, recent_id = ids
    _age(Response, old_id, 91, "submitted_at")
    board = plan_cafe(zone).boards[0]
    idea = add_idea(board, device_hash="author-device")
    db.session.add(Support(idea_id=idea.id, device_hash="supporter", address_hash="addr"))
    db.session.commit()
    idea_id = idea.id
    _age(Idea, idea_id, 91, "created_at")
    db.session.execute(update(Support).values(created_at=utcnow() - timedelta(days=91)))
    db.session.commit()

    assert "1 of survey responses, 2 of ideas" in runner.invoke(args=["purge", "--dry-run"]).output
    result = runner.invoke(args=["purge"])
    assert "older than 90 days: 1 of survey responses, 2 of ideas" in result.output
    db.session.expire_all()
    unlinked = db.session.get(Response, old_id)
    assert (unlinked.device_hash, unlinked.address_hash) == (None, None)
    assert unlinked.status == ResponseStatus.COMPLETE  # its answers still count
    assert db.session.get(Response, recent_id).device_hash == "device-2"
    assert db.session.get(Idea, idea_id).device_hash is None
    support = db.session.scalar(select(Support))
    assert (support.device_hash, support.address_hash) == ("supporter", None)


def test_the_retention_periods_come_from_the_environment(monkeypatch, survey):
    from app import create_app

    monkeypatch.setenv("PURGE_UNFINISHED_DAYS", "7")
    monkeypatch.setenv("PURGE_DEVICE_LINK_DAYS", "14")
    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")
    assert (app.config["PURGE_UNFINISHED_DAYS"], app.config["PURGE_DEVICE_LINK_DAYS"]) == (7, 14)


def test_the_audit_log_records_the_run_without_residents_data(runner, survey):
    response = start_response(survey, "device-old", Channel.LINK)
    response.draft = {"wiek": "do_24"}
    db.session.commit()
    _age(Response, response.id, 40, "created_at", "updated_at")
    runner.invoke(args=["purge", "--dry-run"])
    assert _count(AuditEntry) == 0  # a dry run writes nothing
    runner.invoke(args=["purge"])
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "retention.purge"))
    assert entry.after["unfinished_responses"] == 1 and entry.actor_id is None
    recorded = repr((entry.before, entry.after, entry.reason))
    assert "device-old" not in recorded and "do_24" not in recorded
