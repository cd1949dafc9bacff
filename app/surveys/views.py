import re
import secrets
from datetime import date

import segno
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
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError, validate_csrf
from markupsafe import Markup
from werkzeug.exceptions import NotFound
from wtforms import SelectChoice, ValidationError

from app.core.device import current_device, device_hash, remember_device, via
from app.core.device import device_id as new_device_id
from app.core.downloads import download
from app.core.params import int_arg
from app.extensions import csrf, db, limiter
from app.surveys import bp
from app.surveys.answers import is_visible, might_apply, read_form, section_applies
from app.surveys.exports import csv_chunks, json_chunks, xlsx_bytes
from app.surveys.forms import (
    CodeSettingForm,
    CreateSurveyForm,
    GenerateCodesForm,
    OpenSurveyForm,
    SurveyActionForm,
)
from app.surveys.models import Channel, ResponseStatus
from app.surveys.schema import TemplateError
from app.surveys.services import (
    SubmissionError,
    TooManyResponsesError,
    admit,
    available_templates,
    close_survey,
    code_of,
    complete_response,
    correct_paper_response,
    create_survey,
    device_response,
    generate_codes,
    get_response,
    get_zone_survey,
    missing_answers,
    next_step,
    open_survey,
    paper_response,
    previous_step,
    response_address,
    response_bursts,
    response_counts,
    reword,
    save_section,
    start_response,
    submission_digest,
    submit_response,
    survey_by_code,
    survey_codes,
    template_file,
    text_slots,
    use_code,
    withdraw_paper_response,
    zone_surveys,
)
from app.zones.access import can_manage_zone, zone_route
from app.zones.models import Zone


def _survey_rate_limit() -> str:
    return current_app.config["SURVEY_RATE_LIMIT"]


def _channel() -> Channel:
    return Channel(via())


def _device() -> str | None:
    return current_device("survey")


@bp.app_template_global()
def survey_status_label(survey) -> str:
    if survey.status == "open" and not survey.accepts_answers():
        return _("open, outside its dates")
    return {"draft": _("draft"), "open": _("open"), "closed": _("closed")}[survey.status]


@bp.app_template_global()
def channel_label(channel: str) -> str:
    return Channel(channel).label


@bp.app_template_global()
def rank_of(value, option: str) -> int | None:
    """The place given to `option` in a ranking answer (a list, or a form's {option: rank})."""
    if isinstance(value, dict):
        rank = value.get(option)
        plain = isinstance(rank, str) and rank.isascii() and rank.isdigit() and len(rank) < 4
        return int(rank) if plain else None
    if isinstance(value, list) and option in value:
        return value.index(option) + 1
    return None


@bp.app_template_global()
def first_input_id(question) -> str:
    """Where an error summary's link leads: the question's first field, which takes focus."""
    if question.type in ("single_choice", "multiple_choice", "ranking"):
        return f"q-{question.key}-{question.options[0].value}"
    if question.type in ("likert", "scale"):
        return f"q-{question.key}-{1 if question.type == 'likert' else 0}"
    return f"q-{question.key}"


bp.add_app_template_global(is_visible, "is_visible")
bp.add_app_template_filter(lambda day: format_date(date.fromisoformat(day)), "isodate")


# Residents -----------------------------------------------------------------------------


@bp.get("/s/<code>")
def short_link(code: str):
    """The short link printed on posters: /s/abc123 (?via=qr from the QR code)."""
    survey = survey_by_code(code)
    return redirect(
        url_for("surveys.show", zone_slug=survey.zone.slug, slug=survey.slug, via=_channel().value)
    )


@bp.get("/zones/<zone_slug>/surveys/<slug>")
@zone_route()
def show(zone: Zone, slug: str):
    """A survey's first page: what it is about, and start, continue, or already answered."""
    survey = get_zone_survey(zone, slug)
    if survey.status == "draft" and not can_manage_zone(current_user, zone):
        return render_template("surveys/not_open.html", zone=zone, survey=survey), 404
    return _show(zone, survey, _channel())


def _show(zone, survey, channel: Channel, refusal: SubmissionError | None = None) -> str:
    existing = None if channel is Channel.KIOSK else device_response(survey, _device())
    errors = refusal.errors if refusal is not None else {}
    return render_template(
        "surveys/show.html",
        zone=zone,
        survey=survey,
        channel=channel,
        existing=existing,
        already_answered=(
            existing is not None
            and existing.status == ResponseStatus.COMPLETE
            and not survey.allow_repeat
        ),
        # Started before the survey required codes: the code is asked before going on.
        needs_code=(
            survey.requires_code
            and existing is not None
            and existing.status == ResponseStatus.IN_PROGRESS
            and code_of(existing.id) is None
        ),
        code_error=errors.get("access_code"),
        notice=next((m for k, m in errors.items() if k != "access_code"), None),
    )


def _refused(zone, survey, channel: Channel, refusal: SubmissionError):
    """The survey's first page with why the access rule refused, and its status."""
    status = 429 if isinstance(refusal, TooManyResponsesError) else 422
    return _show(zone, survey, channel, refusal), status


@bp.post("/zones/<zone_slug>/surveys/<slug>/start")
@zone_route()
@limiter.limit(_survey_rate_limit)
def start(zone: Zone, slug: str):
    survey = get_zone_survey(zone, slug)
    if not survey.accepts_answers():
        return render_template("surveys/not_open.html", zone=zone, survey=survey), 409
    channel = _channel()
    device_id, _new = new_device_id()
    existing = device_response(survey, device_hash(device_id, "survey"))
    if (
        channel is not Channel.KIOSK
        and existing is not None
        and existing.status == ResponseStatus.COMPLETE
        and not survey.allow_repeat
    ):
        return redirect(url_for("surveys.show", zone_slug=zone.slug, slug=survey.slug))
    # On a shared tablet nobody resumes someone else's answers.
    device = None if channel is Channel.KIOSK else device_hash(device_id, "survey")
    resuming = (
        device is not None
        and existing is not None
        and existing.status == ResponseStatus.IN_PROGRESS
    )
    try:
        code_id = admit(
            survey, channel, address=response_address(survey),
            access_code=request.form.get("access_code", ""),
            response_id=existing.id if resuming else None,
        )  # fmt: skip
    except SubmissionError as refusal:
        return _refused(zone, survey, channel, refusal)
    response = start_response(survey, device, channel)
    if code_id is not None and not use_code(code_id, response):
        db.session.rollback()
        refusal = SubmissionError({"access_code": _("This access code is wrong or used.")})
        return _refused(zone, survey, channel, refusal)
    db.session.commit()
    # Set again even when known: a year from the last survey started on this device.
    return remember_device(redirect(_step_url(response, response.step)), device_id)


def _step_url(response, step: int) -> str:
    survey = response.survey
    return url_for(
        "surveys.answer", zone_slug=survey.zone.slug, slug=survey.slug, token=response.token,
        step=step,
    )  # fmt: skip


def _done_url(response) -> str:
    survey = response.survey
    return url_for(
        "surveys.done", zone_slug=survey.zone.slug, slug=survey.slug, token=response.token
    )


@bp.route("/zones/<zone_slug>/surveys/<slug>/r/<token>/<int:step>", methods=["GET", "POST"])
@zone_route()
@csrf.exempt  # checked below, so that an expired token keeps the answers instead of a 400
@limiter.limit(_survey_rate_limit, methods=["POST"])
def answer(zone: Zone, slug: str, token: str, step: int):
    """One section of the survey: the answers are kept on the server after every page."""
    survey = get_zone_survey(zone, slug)
    response = get_response(survey, token)
    if response.status == ResponseStatus.COMPLETE:
        return redirect(_done_url(response))
    if not survey.accepts_answers():
        return render_template("surveys/not_open.html", zone=zone, survey=survey), 409
    template = survey.template
    if step >= len(template.sections) or step > response.step:
        return redirect(_step_url(response, response.step))
    section = template.sections[step]
    if not section_applies(section, response.draft):
        following = next_step(template, response.draft, step)
        return redirect(_step_url(response, following if following is not None else response.step))

    values, errors, notice = response.draft, {}, None
    if request.method == "POST":
        raw = read_form(section.questions, request.form)
        try:
            validate_csrf(request.form.get("csrf_token"))
        except (ValidationError, CSRFError):
            values = {**response.draft, **raw}
            notice = _("For your safety the page had expired. Your answers are still here: "
                       "check them and press the button again.")  # fmt: skip
        else:
            if request.form.get("action") == "back":
                save_section(response, step, raw, partial=True)
                db.session.commit()
                back = previous_step(template, response.draft, step)
                if back is None:
                    return redirect(url_for("surveys.show", zone_slug=zone.slug, slug=survey.slug))
                return redirect(_step_url(response, back))
            errors = save_section(response, step, raw)
            if not errors:
                following = next_step(template, response.draft, step)
                if following is not None:
                    db.session.commit()
                    return redirect(_step_url(response, following))
                gap = missing_answers(response)
                if gap is not None:
                    db.session.commit()
                    return redirect(_step_url(response, gap))
                try:
                    complete_response(response, address=response_address(survey))
                except SubmissionError as refusal:
                    db.session.commit()  # this page's answers are kept for later
                    return _refused(zone, survey, Channel(response.channel), refusal)
                db.session.commit()
                return redirect(_done_url(response))
            values = {**response.draft, **raw}
    applicable = [
        i for i, s in enumerate(template.sections) if i == step or might_apply(s, response.draft)
    ]
    return render_template(
        "surveys/answer.html",
        zone=zone,
        survey=survey,
        response=response,
        section=section,
        step=step,
        position=applicable.index(step) + 1 if step in applicable else 1,
        total=len(applicable),
        is_last=next_step(template, values, step) is None,
        values=values,
        errors=errors,
        notice=notice,
    ), (422 if errors else 200)


@bp.get("/zones/<zone_slug>/surveys/<slug>/r/<token>/done")
@zone_route()
def done(zone: Zone, slug: str, token: str):
    survey = get_zone_survey(zone, slug)
    response = get_response(survey, token)
    if response.status != ResponseStatus.COMPLETE:
        return redirect(_step_url(response, response.step))
    return render_template("surveys/done.html", zone=zone, survey=survey, response=response)


# Librarians ----------------------------------------------------------------------------


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
        action_form=SurveyActionForm(),
    )


@bp.post("/zones/<zone_slug>/surveys/<slug>/open")
@zone_route(can_manage_zone)
def publish(zone: Zone, slug: str):
    survey = get_zone_survey(zone, slug)
    form = OpenSurveyForm()
    if form.validate_on_submit():
        open_survey(survey, form.opens_at_utc(), form.closes_at_utc())
        survey.allow_repeat = form.allow_repeat.data
        db.session.commit()
        flash(_("The survey is open: residents can answer it."), "success")
        return redirect(url_for("surveys.manage", zone_slug=zone.slug, slug=survey.slug))
    return _manage_page(survey, form), 422


@bp.post("/zones/<zone_slug>/surveys/<slug>/close")
@zone_route(can_manage_zone)
def close(zone: Zone, slug: str):
    survey = get_zone_survey(zone, slug)
    if SurveyActionForm().validate_on_submit():
        close_survey(survey)
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
    if fmt == "csv":
        body = stream_with_context(csv_chunks(survey, language))
    elif fmt == "json":
        body = stream_with_context(json_chunks(survey, language))
    elif fmt == "xlsx":
        body = xlsx_bytes(survey, language)
    else:
        abort(404)
    return download(body, f"{name}.{fmt}")


@bp.get("/zones/<zone_slug>/surveys/<slug>/poster")
@zone_route(can_manage_zone)
def poster(zone: Zone, slug: str):
    """An A4 poster with the survey's QR code and short link, to print."""
    survey = get_zone_survey(zone, slug)
    link = url_for("surveys.short_link", code=survey.short_code, _external=True)
    qr = segno.make(f"{link}?via=qr", error="m")
    return render_template(
        "surveys/poster.html",
        zone=zone,
        survey=survey,
        short_link=link,
        # segno's own SVG markup, built from our link: nothing a user typed.
        qr_svg=Markup(qr.svg_inline(scale=10, border=2)),  # noqa: S704
    )


ENTRY_KEY = re.compile(r"[A-Za-z0-9_-]{16,43}")


@bp.route("/zones/<zone_slug>/surveys/<slug>/paper", methods=["GET", "POST"])
@zone_route(can_manage_zone)
def paper(zone: Zone, slug: str):
    """Fast entry of paper questionnaires: the whole survey on one page, then an empty one.

    What the person left blank is saved as no answer; the questionnaire just saved can be
    opened again to correct or withdraw it."""
    survey = get_zone_survey(zone, slug)
    form = SurveyActionForm()
    values, errors = {}, {}
    entry_key = request.form.get("entry_key", "")
    if not ENTRY_KEY.fullmatch(entry_key):
        entry_key = secrets.token_urlsafe(16)
    if form.validate_on_submit():
        raw = read_form(survey.template.questions(), request.form)
        digest = submission_digest(raw, Channel.PAPER)
        try:
            stored, _new = submit_response(
                survey, raw, Channel.PAPER, f"paper-{entry_key}", digest, entered_by=current_user
            )
        except SubmissionError as error:
            db.session.rollback()
            values, errors = raw, error.errors
        else:
            db.session.commit()
            flash(
                _("Questionnaire saved (%(count)s typed in so far). Next one:",
                  count=response_counts(survey)["by_channel"]["paper"]),
                "success",
            )  # fmt: skip
            return redirect(
                url_for("surveys.paper", zone_slug=zone.slug, slug=survey.slug, saved=stored.id)
            )
    return render_template(
        "surveys/paper.html",
        zone=zone,
        survey=survey,
        form=form,
        values=values,
        errors=errors,
        entry_key=entry_key,
        saved=_saved_paper(survey, int_arg("saved")),
    ), (422 if errors else 200)


def _saved_paper(survey, saved: int | None):
    """The questionnaire named by ?saved=, if it is still one of this survey's."""
    if saved is None:
        return None
    try:
        return paper_response(survey, saved)
    except NotFound:
        return None


@bp.route("/zones/<zone_slug>/surveys/<slug>/paper/<int:response_id>", methods=["GET", "POST"])
@zone_route(can_manage_zone)
def paper_correct(zone: Zone, slug: str, response_id: int):
    """A saved paper questionnaire, to correct what was typed in."""
    survey = get_zone_survey(zone, slug)
    response = paper_response(survey, response_id)
    form = SurveyActionForm()
    values, errors = response.draft, {}
    if form.validate_on_submit():
        raw = read_form(survey.template.questions(), request.form)
        try:
            correct_paper_response(response, raw, current_user)
        except SubmissionError as error:
            db.session.rollback()
            values, errors = raw, error.errors
        else:
            db.session.commit()
            flash(_("The questionnaire has been corrected."), "success")
            return redirect(
                url_for("surveys.paper", zone_slug=zone.slug, slug=survey.slug, saved=response.id)
            )
    return render_template(
        "surveys/paper.html",
        zone=zone,
        survey=survey,
        form=form,
        values=values,
        errors=errors,
        correcting=response,
    ), (422 if errors else 200)


@bp.post("/zones/<zone_slug>/surveys/<slug>/paper/<int:response_id>/withdraw")
@zone_route(can_manage_zone)
def paper_withdraw(zone: Zone, slug: str, response_id: int):
    """Take back a saved paper questionnaire: it no longer counts in the results."""
    survey = get_zone_survey(zone, slug)
    response = paper_response(survey, response_id)
    if SurveyActionForm().validate_on_submit():
        withdraw_paper_response(response, current_user)
        db.session.commit()
        flash(_("The questionnaire has been withdrawn: it no longer counts."), "info")
    return redirect(url_for("surveys.paper", zone_slug=zone.slug, slug=survey.slug))


@bp.route("/zones/<zone_slug>/surveys/<slug>/edit", methods=["GET", "POST"])
@zone_route(can_manage_zone)
def edit(zone: Zone, slug: str):
    """Reword the survey (title, introduction, questions, options) in Polish and English."""
    survey = get_zone_survey(zone, slug)
    form = SurveyActionForm()
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
            survey.requires_code = setting.requires_code.data
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
