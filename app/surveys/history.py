"""Surveys' audit entries in words: what a librarian did to a survey (opened or closed it,
allowed repeat answers, required access codes) or to a typed-in paper questionnaire
(corrected, withdrawn), as the audit log tells it. Registered with app.audit.services when
the surveys' services are imported."""

from datetime import datetime

from flask_babel import format_datetime, get_locale, ngettext
from flask_babel import gettext as _

from app.audit.models import AuditEntry
from app.audit.services import CHANGED, Change, Words, changed_fields, register_words
from app.extensions import db
from app.surveys.models import ResponseStatus, Survey, SurveyStatus


def _survey_action(entry: AuditEntry) -> str:
    after = entry.after or {}
    if entry.action == "survey.allow_repeat":
        if after.get("allow_repeat"):
            return _("allowed repeat answers from one device")
        return _("stopped repeat answers from one device")
    if entry.action == "survey.requires_code":
        if after.get("requires_code"):
            return _("required access codes")
        return _("stopped requiring access codes")
    return {
        "survey.open": _("opened the survey"),
        "survey.close": _("closed the survey"),
    }.get(entry.action) or _("other change")


def _field_labels() -> dict[str, str]:
    return {
        "status": _("Status"),
        "opens_at": _("Open from"),
        "closes_at": _("Open until"),
        "allow_repeat": _("Repeat answers from one device"),
        "requires_code": _("Access codes required"),
        "answers": _("Answers"),
        "answers_changed": _("Answers changed"),
    }


def _value_words(name: str, value, statuses) -> str:
    if value is None or value == "":
        return "—"
    if name == "status":
        try:
            return statuses(value).label
        except ValueError:
            return str(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if name in ("opens_at", "closes_at"):
        try:
            return format_datetime(datetime.fromisoformat(value), "short")
        except (TypeError, ValueError):
            return str(value)
    if name == "answers" and isinstance(value, dict):
        return ngettext("%(num)d answer", "%(num)d answers", len(value))
    return str(value)


def _changes(entry: AuditEntry, statuses) -> list[Change]:
    labels = _field_labels()
    before, after = entry.before or {}, entry.after or {}
    return [
        Change(
            field=labels.get(name) or _("other field"),
            before=_value_words(name, before[name], statuses) if name in before else None,
            after=_value_words(name, value, statuses),
        )
        for name, value in after.items()
        if name != CHANGED
    ] + changed_fields(entry, labels)


def describe_survey(entry: AuditEntry) -> Words:
    """A survey's entry in words."""
    survey = db.session.get(Survey, entry.subject_id)
    if survey is None:
        subject = _("survey #%(id)s", id=entry.subject_id)
    else:
        subject = _("survey “%(title)s”", title=survey.template.title.get(str(get_locale())))
    return Words(_survey_action(entry), subject, _changes(entry, SurveyStatus))


def describe_response(entry: AuditEntry) -> Words:
    """A paper questionnaire's entry in words."""
    action = {
        "response.correct": _("paper questionnaire corrected"),
        "response.withdraw": _("paper questionnaire withdrawn"),
    }.get(entry.action) or _("other change")
    subject = _("paper questionnaire no. %(id)s", id=entry.subject_id)
    return Words(action, subject, _changes(entry, ResponseStatus))


register_words("survey", describe_survey)
register_words("response", describe_response)
