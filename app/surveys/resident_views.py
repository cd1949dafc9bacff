"""Residents' pages of a survey: the poster's short link, the first page, answering section
by section, and the thanks."""

from flask import (
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms import ValidationError

from app.core.device import current_device, device_hash, fresh_device_id, remember_device, via
from app.core.device import device_id as new_device_id
from app.extensions import csrf, db, limiter
from app.surveys import bp
from app.surveys.answers import read_form
from app.surveys.models import Channel, ResponseStatus
from app.surveys.services import (
    SubmissionError,
    TooManyResponsesError,
    begin_response,
    code_of,
    device_response,
    get_response,
    get_zone_survey,
    next_step,
    progress,
    response_address,
    step_to_show,
    submit_section,
    survey_by_code,
    unfinished_response,
)
from app.zones.access import can_manage_zone, zone_route
from app.zones.models import Zone


def _survey_rate_limit() -> str:
    return current_app.config["SURVEY_RATE_LIMIT"]


def _channel() -> Channel:
    return Channel(via())


def _device() -> str | None:
    return current_device("survey")


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
    if survey.is_draft and not can_manage_zone(current_user, zone):
        return render_template("surveys/not_open.html", zone=zone, survey=survey), 404
    return _show(zone, survey, _channel())


def _show(zone, survey, channel: Channel, refusal: SubmissionError | None = None) -> str:
    # Back from the first part: that response (a kiosk's too, which no device keeps).
    resumed = unfinished_response(survey, request.args.get("r"))
    existing = resumed or (None if channel is Channel.KIOSK else device_response(survey, _device()))
    errors = refusal.errors if refusal is not None else {}
    return render_template(
        "surveys/show.html",
        zone=zone,
        survey=survey,
        channel=channel,
        existing=existing,
        resumed=resumed is not None,
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
    if request.form.get("someone_else") and survey.allow_repeat and channel is not Channel.KIOSK:
        device_id = fresh_device_id()  # the previous person's answers stay theirs
    try:
        response = begin_response(
            survey, channel, device_hash(device_id, "survey"),
            access_code=request.form.get("access_code", ""), address=response_address(survey),
        )  # fmt: skip
    except SubmissionError as refusal:
        db.session.rollback()
        return _refused(zone, survey, channel, refusal)
    if response is None:  # answered already on this device
        return redirect(url_for("surveys.show", zone_slug=zone.slug, slug=survey.slug))
    db.session.commit()
    # Set again even when known: a year from the last survey started on this device.
    return remember_device(redirect(_step_url(response, response.step)), device_id)


def _language(action: str) -> str | None:
    """The language a survey page's language button asks for ("language:en"), if any."""
    code = action.removeprefix("language:")
    return code if code != action and code in current_app.config["LANGUAGES"] else None


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
    if (shown := step_to_show(response, step)) != step:
        return redirect(_step_url(response, shown))
    section = survey.template.sections[step]
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
            action = request.form.get("action", "")
            language = _language(action)
            try:
                went = submit_section(
                    response, step, raw, back=action == "back", stay=language is not None,
                    address=response_address(survey),
                )  # fmt: skip
            except SubmissionError as refusal:
                db.session.commit()  # this page's answers are kept for later
                return _refused(zone, survey, Channel(response.channel), refusal)
            if went.errors:
                values, errors = {**response.draft, **raw}, went.errors
            else:
                db.session.commit()
                if went.done:
                    return redirect(_done_url(response))
                if language is not None:  # kept: the same page in the chosen language
                    return redirect(
                        url_for("main.language", code=language, next=_step_url(response, step))
                    )
                if went.step is None:  # back from the first section: the response goes on
                    return redirect(url_for(
                        "surveys.show", zone_slug=zone.slug, slug=survey.slug,
                        via=response.channel, r=response.token,
                    ))  # fmt: skip
                return redirect(_step_url(response, went.step))
    position, total = progress(survey.template, response.draft, step)
    return render_template(
        "surveys/answer.html",
        zone=zone,
        survey=survey,
        response=response,
        section=section,
        step=step,
        position=position,
        total=total,
        is_last=next_step(survey.template, values, step) is None,
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
