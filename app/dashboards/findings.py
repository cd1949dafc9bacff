"""Key findings: librarians' short statements about a survey's results, and their pages.

A finding ("68% of parents of small children say there is nowhere to meet") names the
questions it is based on; findings head the survey's dashboard (`_findings.html`, fed by
`findings_context`). The rules come first (plain functions that flush and never commit),
then the librarians' pages.
"""

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from wtforms import SelectChoice

from app.core.forms import ActionForm
from app.dashboards import bp
from app.dashboards.forms import FindingForm
from app.dashboards.models import FINDING_FIGURE_MAX, FINDING_TEXT_MAX, Finding
from app.extensions import db
from app.surveys.models import Survey
from app.surveys.schema import Question
from app.surveys.services import get_zone_survey
from app.zones.access import can_manage_zone, zone_route

DIRECTIONS = ("up", "down")


class FindingError(ValueError):
    """A finding that cannot be stored (the form checks the same before)."""


# Rules ---------------------------------------------------------------------------------


def findings_for(survey: Survey) -> list[Finding]:
    """The survey's findings in the order the librarians gave them."""
    return list(
        db.session.scalars(
            select(Finding)
            .where(Finding.survey_id == survey.id)
            .order_by(Finding.position, Finding.id)
        )
    )


def questions_by_key(survey: Survey) -> dict[str, Question]:
    """The survey's questions by key, in the survey's order."""
    return {question.key: question for question in survey.template.questions()}


def findings_context(survey: Survey, user) -> dict[str, Any]:
    """What `dashboards/_findings.html` needs, for a page showing `survey` to `user`."""
    return {
        "findings": findings_for(survey),
        "survey": survey,
        "zone": survey.zone,
        "questions_by_key": questions_by_key(survey),
        "can_edit": can_manage_zone(user, survey.zone),
    }


def get_finding(survey: Survey, finding_id: int) -> Finding:
    """One of the survey's findings, or 404 (also for another survey's finding)."""
    finding = db.session.scalar(
        select(Finding).where(Finding.id == finding_id, Finding.survey_id == survey.id)
    )
    if finding is None:
        abort(404)
    return finding


def _checked(survey: Survey, text: str, question_keys: list[str], figure: str | None) -> dict:
    """A finding's fields, checked; question keys in the survey's order."""
    text = (text or "").strip()
    figure = (figure or "").strip() or None
    if not text or len(text) > FINDING_TEXT_MAX:
        raise FindingError(f"the text must have 1 to {FINDING_TEXT_MAX} characters")
    if figure is not None and len(figure) > FINDING_FIGURE_MAX:
        raise FindingError(f"the figure must have at most {FINDING_FIGURE_MAX} characters")
    order = list(questions_by_key(survey))
    if not question_keys or not set(question_keys) <= set(order):
        raise FindingError("a finding is based on one or more questions of its survey")
    return {
        "text": text,
        "figure": figure,
        "question_keys": [key for key in order if key in set(question_keys)],
    }


def add_finding(
    survey: Survey,
    text: str,
    question_keys: list[str],
    figure: str | None = None,
    author_id: int | None = None,
) -> Finding:
    """Add a finding at the end of the survey's list (flushes)."""
    last = db.session.scalar(
        select(func.max(Finding.position)).where(Finding.survey_id == survey.id)
    )
    finding = Finding(
        survey_id=survey.id,
        position=0 if last is None else last + 1,
        created_by_id=author_id,
        **_checked(survey, text, question_keys, figure),
    )
    db.session.add(finding)
    db.session.flush()
    return finding


def update_finding(
    finding: Finding, text: str, question_keys: list[str], figure: str | None = None
) -> Finding:
    """Change a finding's text, figure and questions (flushes)."""
    for name, value in _checked(finding.survey, text, question_keys, figure).items():
        setattr(finding, name, value)
    db.session.flush()
    return finding


def delete_finding(finding: Finding) -> None:
    """Remove a finding (flushes); the others keep their order."""
    db.session.delete(finding)
    db.session.flush()


def move_finding(finding: Finding, direction: str) -> bool:
    """Swap a finding with the one above or below it; False when it is already at that end.

    The list is numbered afresh first, so that ties left by simultaneous additions go away.
    """
    if direction not in DIRECTIONS:
        raise FindingError(f"direction must be one of {DIRECTIONS}")
    findings = findings_for(finding.survey)
    for position, item in enumerate(findings):
        item.position = position
    here = findings.index(finding)
    there = here - 1 if direction == "up" else here + 1
    moved = 0 <= there < len(findings)
    if moved:
        findings[here].position, findings[there].position = there, here
    db.session.flush()
    return moved


# Pages for the zone's librarians and the coordinator -------------------------------------


def _finding_form(survey: Survey, **kwargs) -> FindingForm:
    form = FindingForm(**kwargs)
    language = str(get_locale())
    form.question_keys.choices = [
        SelectChoice(question.key, question.text.get(language))
        for question in survey.template.questions()
    ]
    return form


def _list_url(survey: Survey, **kwargs) -> str:
    return url_for("dashboards.findings", zone_slug=survey.zone.slug, slug=survey.slug, **kwargs)


@bp.route(
    "/zones/<zone_slug>/surveys/<slug>/findings", methods=["GET", "POST"], endpoint="findings"
)
@zone_route(can_manage_zone)
def findings_page(zone, slug: str):
    """The survey's key findings, in order, and a form to add one."""
    survey = get_zone_survey(zone, slug)
    form = _finding_form(survey)
    if form.validate_on_submit():
        finding = add_finding(
            survey, form.text.data, form.question_keys.data, form.figure.data, current_user.id
        )
        db.session.commit()
        flash(_("The finding has been added."), "success")
        return redirect(_list_url(survey, _anchor=f"finding-{finding.id}"))
    return render_template(
        "dashboards/findings.html",
        zone=survey.zone,
        survey=survey,
        findings=findings_for(survey),
        questions_by_key=questions_by_key(survey),
        form=form,
    ), (422 if form.errors else 200)


@bp.route(
    "/zones/<zone_slug>/surveys/<slug>/findings/<int:finding_id>/edit", methods=["GET", "POST"]
)
@zone_route(can_manage_zone)
def finding_edit(zone, slug: str, finding_id: int):
    survey = get_zone_survey(zone, slug)
    finding = get_finding(survey, finding_id)
    form = _finding_form(survey, obj=finding)
    if form.validate_on_submit():
        update_finding(finding, form.text.data, form.question_keys.data, form.figure.data)
        db.session.commit()
        flash(_("The finding has been saved."), "success")
        return redirect(_list_url(survey, _anchor=f"finding-{finding.id}"))
    return render_template(
        "dashboards/finding_edit.html",
        zone=survey.zone,
        survey=survey,
        finding=finding,
        form=form,
    ), (422 if form.errors else 200)


@bp.post("/zones/<zone_slug>/surveys/<slug>/findings/<int:finding_id>/delete")
@zone_route(can_manage_zone)
def finding_delete(zone, slug: str, finding_id: int):
    survey = get_zone_survey(zone, slug)
    finding = get_finding(survey, finding_id)
    if ActionForm().validate_on_submit():
        delete_finding(finding)
        db.session.commit()
        flash(_("The finding has been deleted."), "info")
    return redirect(_list_url(survey, _anchor="findings-title"))


@bp.post("/zones/<zone_slug>/surveys/<slug>/findings/<int:finding_id>/move")
@zone_route(can_manage_zone)
def finding_move(zone, slug: str, finding_id: int):
    """Move a finding one place up or down (`direction`)."""
    survey = get_zone_survey(zone, slug)
    finding = get_finding(survey, finding_id)
    direction = request.form.get("direction")
    if direction not in DIRECTIONS:
        abort(400)
    if ActionForm().validate_on_submit():
        move_finding(finding, direction)
        db.session.commit()
    return redirect(_list_url(survey, _anchor=f"finding-{finding.id}"))
