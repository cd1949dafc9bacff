"""Librarians' pages of a survey: the zone's list, creating, opening and closing a survey,
exports, the poster, paper entry, rewording and access codes."""

import re
import secrets

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import NotFound
from wtforms import SelectChoice

from app.core import downloads
from app.core.downloads import download
from app.core.forms import ActionForm
from app.core.links import qr_svg
from app.core.params import int_arg
from app.extensions import db
from app.surveys import bp
from app.surveys.answers import read_form
from app.surveys.exports import csv_chunks, json_chunks, xlsx_bytes
from app.surveys.forms import (
    CodeSettingForm,
    CreateSurveyForm,
    GenerateCodesForm,
    OpenSurveyForm,
)
from app.surveys.models import Channel
from app.surveys.schema import TemplateError
from app.surveys.services import (
    SubmissionError,
    allow_repeats,
    available_templates,
    close_survey,
    correct_paper_response,
    create_survey,
    enter_paper_response,
    generate_codes,
    get_zone_survey,
    open_survey,
    paper_response,
    require_codes,
    response_bursts,
    response_counts,
    reword,
    survey_codes,
    template_file,
    text_slots,
    withdraw_paper_response,
    zone_surveys,
)
from app.zones.access import can_manage_zone, zone_route
from app.zones.models import Zone


@bp.route("/zones/<zone_slug>/surveys", methods=["GET", "POST"])
@zone_route(can_manage_zone)
def manage_list(zone: Zone):
    """The zone's surveys for its librarians, and a new one from a template."""
    templates = available_templates()
    form = CreateSurveyForm()
    form.template.choices = [
        SelectChoice(name, t.title.get(_language())) for name, t in templates.items()
    ]
    if form.validate_on_submit():
        try:
            survey = create_survey(zone, template_file(form.template.data))
        except TemplateError:
            form.template.errors.append(_("This template cannot be used."))
        else:
            db.session.commit()
            flash(_("The survey has been created as a draft. Check it, then open it."), "success")
            return redirect(url_for("surveys.manage", zone_slug=zone.slug, slug=survey.slug))
    surveys = zone_surveys(zone)
    return render_template(
        "surveys/manage_list.html",
        zone=zone,
        surveys=surveys,
        counts={s.id: response_counts(s)["total"] for s in surveys},
        form=form,
    )


@bp.get("/zones/<zone_slug>/surveys/<slug>/manage")
@zone_route(can_manage_zone)
def manage(zone: Zone, slug: str):
    return _manage_page(get_zone_survey(zone, slug), OpenSurveyForm())


def _manage_page(survey, open_form: OpenSurveyForm):
    return render_template(
        "surveys/manage.html",
        zone=survey.zone,
        survey=survey,
        counts=response_counts(survey),
        bursts=response_bursts(survey),
        burst_size=current_app.config["SURVEY_BURST_RESPONSES"],
        burst_minutes=current_app.config["SURVEY_BURST_MINUTES"],
        open_form=open_form,
    )


@bp.post("/zones/<zone_slug>/surveys/<slug>/open")
@zone_route(can_manage_zone)
def publish(zone: Zone, slug: str):
    survey = get_zone_survey(zone, slug)
    form = OpenSurveyForm()
    if form.validate_on_submit():
        open_survey(survey, form.opens_at_utc(), form.closes_at_utc(), by=current_user)
        allow_repeats(survey, form.allow_repeat.data, current_user)
        db.session.commit()
        flash(_("The survey is open: residents can answer it."), "success")
        return redirect(url_for("surveys.manage", zone_slug=zone.slug, slug=survey.slug))
    return _manage_page(survey, form), 422


@bp.post("/zones/<zone_slug>/surveys/<slug>/close")
@zone_route(can_manage_zone)
def close(zone: Zone, slug: str):
    survey = get_zone_survey(zone, slug)
    if ActionForm().validate_on_submit():
        close_survey(survey, by=current_user)
        db.session.commit()
        flash(_("The survey is closed. Its answers are kept."), "info")
    return redirect(url_for("surveys.manage", zone_slug=zone.slug, slug=survey.slug))


def _language() -> str:
    return str(get_locale())


@bp.get("/zones/<zone_slug>/surveys/<slug>/export.<fmt>")
@zone_route(can_manage_zone)
def export(zone: Zone, slug: str, fmt: str):
    """Complete responses as CSV, XLSX or JSON, labelled in the chosen language."""
    survey = get_zone_survey(zone, slug)
    language = request.args.get("lang", _language())
    if language not in current_app.config["LANGUAGES"]:
        language = _language()
    name = f"{zone.slug}-{survey.slug}-{language}"
    dialect = downloads.dialect()
    if fmt == "csv":
        body = stream_with_context(csv_chunks(survey, language, dialect))
    elif fmt == "json":
        body = stream_with_context(json_chunks(survey, language))
    elif fmt == "xlsx":
        body = xlsx_bytes(survey, language, dialect)
    else:
        abort(404)
    return download(body, f"{name}.{fmt}")


@bp.get("/zones/<zone_slug>/surveys/<slug>/poster")
@zone_route(can_manage_zone)
def poster(zone: Zone, slug: str):
    """An A4 poster with the survey's QR code and short link, to print."""
    survey = get_zone_survey(zone, slug)
    link = url_for("surveys.short_link", code=survey.short_code, _external=True)
    return render_template(
        "surveys/poster.html",
        zone=zone,
        survey=survey,
        short_link=link,
        qr_svg=qr_svg(f"{link}?via=qr", scale=10),
    )


ENTRY_KEY = re.compile(r"[A-Za-z0-9_-]{16,43}")


@bp.route("/zones/<zone_slug>/surveys/<slug>/paper", methods=["GET", "POST"])
@zone_route(can_manage_zone)
def paper(zone: Zone, slug: str):
    """Fast entry of paper questionnaires: the whole survey on one page, then an empty one.

    What the person left blank is saved as no answer; the questionnaire just saved can be
    opened again to correct or withdraw it."""
    return _paper_page(get_zone_survey(zone, slug))


@bp.route("/zones/<zone_slug>/surveys/<slug>/paper/<int:response_id>", methods=["GET", "POST"])
@zone_route(can_manage_zone)
def paper_correct(zone: Zone, slug: str, response_id: int):
    """A saved paper questionnaire, to correct what was typed in."""
    survey = get_zone_survey(zone, slug)
    return _paper_page(survey, paper_response(survey, response_id))


def _paper_page(survey, correcting=None):
    """The paper questionnaire form: a new questionnaire, or the saved one `correcting`."""
    form = ActionForm()
    values, errors = (correcting.draft if correcting else {}), {}
    entry_key = request.form.get("entry_key", "")
    if not ENTRY_KEY.fullmatch(entry_key):
        entry_key = secrets.token_urlsafe(16)
    if form.validate_on_submit():
        raw = read_form(survey.template.questions(), request.form)
        try:
            if correcting is None:
                saved = enter_paper_response(survey, raw, entry_key, current_user)
            else:
                correct_paper_response(correcting, raw, current_user)
                saved = correcting.id
        except SubmissionError as error:
            db.session.rollback()
            values, errors = raw, error.errors
        else:
            db.session.commit()
            if correcting is None:
                typed_in = response_counts(survey)["by_channel"][Channel.PAPER]
                flash(_("Questionnaire saved (%(count)s typed in so far). Next one:",
                        count=typed_in), "success")  # fmt: skip
            else:
                flash(_("The questionnaire has been corrected."), "success")
            return redirect(
                url_for("surveys.paper", zone_slug=survey.zone.slug, slug=survey.slug, saved=saved)
            )
    return render_template(
        "surveys/paper.html",
        zone=survey.zone,
        survey=survey,
        form=form,
        values=values,
        errors=errors,
        entry_key=entry_key,
        correcting=correcting,
        saved=None if correcting else _saved_paper(survey, int_arg("saved")),
    ), (422 if errors else 200)


def _saved_paper(survey, saved: int | None):
    """The questionnaire named by ?saved=, if it is still one of this survey's."""
    if saved is None:
        return None
    try:
        return paper_response(survey, saved)
    except NotFound:
        return None


@bp.post("/zones/<zone_slug>/surveys/<slug>/paper/<int:response_id>/withdraw")
@zone_route(can_manage_zone)
def paper_withdraw(zone: Zone, slug: str, response_id: int):
    """Take back a saved paper questionnaire: it no longer counts in the results."""
    survey = get_zone_survey(zone, slug)
    response = paper_response(survey, response_id)
    if ActionForm().validate_on_submit():
        withdraw_paper_response(response, current_user)
        db.session.commit()
        flash(_("The questionnaire has been withdrawn: it no longer counts."), "info")
    return redirect(url_for("surveys.paper", zone_slug=zone.slug, slug=survey.slug))


@bp.route("/zones/<zone_slug>/surveys/<slug>/edit", methods=["GET", "POST"])
@zone_route(can_manage_zone)
def edit(zone: Zone, slug: str):
    """Reword the survey (title, introduction, questions, options) in Polish and English."""
    survey = get_zone_survey(zone, slug)
    form = ActionForm()
    slots = text_slots(survey.template)
    errors, typed = {}, {}
    if form.validate_on_submit():
        typed = {
            path: {lang: request.form.get(f"{path}.{lang}", "") for lang in ("pl", "en")}
            for path, _kind, _text in slots
            if f"{path}.pl" in request.form
        }
        errors = reword(survey, typed)
        if not errors:
            db.session.commit()
            flash(_("The wording has been saved."), "success")
            return redirect(url_for("surveys.manage", zone_slug=zone.slug, slug=survey.slug))
    return render_template(
        "surveys/edit.html",
        zone=zone,
        survey=survey,
        form=form,
        slots=slots,
        typed=typed,
        errors=errors,
        responses=response_counts(survey)["total"],
    ), (422 if errors else 200)


@bp.route("/zones/<zone_slug>/surveys/<slug>/codes", methods=["GET", "POST"])
@zone_route(can_manage_zone)
def codes(zone: Zone, slug: str):
    """Single-use access codes: require them, generate them, print them as a sheet."""
    survey = get_zone_survey(zone, slug)
    generate = GenerateCodesForm(prefix="gen")
    setting = CodeSettingForm(prefix="set", obj=survey)
    if request.method == "POST":
        if "gen-count" in request.form and generate.validate_on_submit():
            made = generate_codes(survey, generate.count.data)
            db.session.commit()
            flash(_("%(count)s codes added.", count=len(made)), "success")
            return redirect(url_for("surveys.codes", zone_slug=zone.slug, slug=survey.slug))
        if "gen-count" not in request.form and setting.validate_on_submit():
            require_codes(survey, setting.requires_code.data, current_user)
            db.session.commit()
            flash(_("The setting has been saved."), "success")
            return redirect(url_for("surveys.codes", zone_slug=zone.slug, slug=survey.slug))
    all_codes = survey_codes(survey)
    return render_template(
        "surveys/codes.html",
        zone=zone,
        survey=survey,
        generate=generate,
        setting=setting,
        codes=all_codes,
        unused=sum(1 for c in all_codes if c.response_id is None),
        short_link=url_for("surveys.short_link", code=survey.short_code, _external=True),
    ), (422 if generate.errors else 200)
