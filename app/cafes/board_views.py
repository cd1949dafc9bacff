"""Residents on a board, from a phone and without an account: read, post, follow, support,
report. A library tablet in kiosk mode (?via=kiosk) may post but not support: one device
gives one support per idea, and a shared tablet is one device."""

from datetime import timedelta

from flask import (
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from itsdangerous import BadSignature, URLSafeSerializer

from app.cafes import bp
from app.cafes.models import DESCRIPTION_MAX, TITLE_MAX, IdeaChannel, IdeaStatus, ReportReason
from app.cafes.participation import (
    BoardSort,
    SupportLimitError,
    SupportLimits,
    board_ideas,
    board_similar,
    can_withdraw,
    follow_hash,
    idea_by_token,
    ideas_by_tokens,
    report_idea,
    similar_ideas,
    support_idea,
    supported_by,
    top_this_week,
    withdraw_idea,
)
from app.cafes.participation import post_idea as add_idea
from app.cafes.participation_forms import IdeaForm, ReportForm, WithdrawIdeaForm
from app.cafes.queries import final_idea, support_counts
from app.cafes.services import get_visible_idea, get_zone_board, get_zone_idea
from app.core.device import current_device, device_hash, remember_device, via
from app.core.device import device_id as _device_id
from app.core.links import qr_svg
from app.core.params import validates_text_itself
from app.core.security import address_hash, safe_local_path
from app.extensions import csrf, db, limiter
from app.zones.access import zone_route
from app.zones.models import Zone

POSTED_KEY = "posted_idea"  # the session's [idea id, follow token] of the idea just posted
THANKED_KEY = "thanked_idea"  # the idea just supported: the thanks is shown next to it
# "Your ideas from this device": the follow tokens of the ideas posted from this device, in
# a signed cookie (a client cannot slip in a token it did not get from us, and a tampered
# cookie counts as none). Never on a kiosk: the next person at the tablet would see them.
MY_IDEAS_COOKIE = "strefy_my_ideas"
MY_IDEAS_MAX = 20  # the newest this many are kept
MY_IDEAS_COOKIE_MAX = 2048  # bytes: 20 tokens take about 1,000; anything longer is not ours
MY_IDEAS_TOKEN_MAX = 64
ONE_YEAR = 365 * 24 * 3600
SIMILAR_QUERY_MAX = TITLE_MAX + DESCRIPTION_MAX


def _idea_rate_limit() -> str:
    return current_app.config["IDEA_RATE_LIMIT"]


def _support_rate_limit() -> str:
    return current_app.config["SUPPORT_RATE_LIMIT"]


def _report_rate_limit() -> str:
    return current_app.config["REPORT_RATE_LIMIT"]


def _similar_rate_limit() -> str:
    return current_app.config["SIMILAR_RATE_LIMIT"]


def _my_ideas_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="my-ideas")


def my_idea_tokens() -> list[str]:
    """The follow tokens this device remembers, oldest first; none if the cookie is
    missing, too long, tampered with or not a list of tokens."""
    raw = request.cookies.get(MY_IDEAS_COOKIE, "")
    if not raw or len(raw) > MY_IDEAS_COOKIE_MAX:
        return []
    try:
        tokens = _my_ideas_serializer().loads(raw)
    except BadSignature:
        return []
    if not isinstance(tokens, list) or not all(
        isinstance(t, str) and 0 < len(t) <= MY_IDEAS_TOKEN_MAX for t in tokens
    ):
        return []
    return tokens[-MY_IDEAS_MAX:]


def _remember_my_ideas(response, tokens: list[str]):
    """Set (or, for no tokens, delete) the cookie of the ideas posted from this device."""
    config = current_app.config
    if not tokens:
        response.delete_cookie(
            MY_IDEAS_COOKIE, httponly=True, samesite="Lax", secure=config["SESSION_COOKIE_SECURE"]
        )
        return response
    response.set_cookie(
        MY_IDEAS_COOKIE, _my_ideas_serializer().dumps(tokens[-MY_IDEAS_MAX:]), max_age=ONE_YEAR,
        httponly=True, samesite="Lax", secure=config["SESSION_COOKIE_SECURE"],
    )  # fmt: skip
    return response


def _thanked() -> int | None:
    """The idea this device has just supported (once: the thanks shows next to it)."""
    return session.pop(THANKED_KEY, None)


def _support_limits() -> SupportLimits:
    config = current_app.config
    return SupportLimits(
        daily=config["SUPPORT_ADDRESS_DAILY_CAP"],
        burst=config["SUPPORT_BURST"],
        burst_window=timedelta(minutes=config["SUPPORT_BURST_MINUTES"]),
    )


def _channel() -> IdeaChannel:
    return IdeaChannel(via())


def _via() -> str | None:
    """The `via` that links and forms carry on (None for a plain link)."""
    channel = _channel()
    return None if channel is IdeaChannel.LINK else channel.value


def _supporting_device(kiosk: bool) -> str | None:
    """The hashed device whose supports a page shows; none on a kiosk (shared by many)."""
    return None if kiosk else current_device("support")


def _private(response):
    # The page shows a private link: never cached, never sent on as a referrer. (Talisman
    # sets the header on every response; the page's <meta name="referrer"> decides.)
    response.headers["Cache-Control"] = "no-store"
    return response


# The board ----------------------------------------------------------------------------


@bp.get("/zones/<zone_slug>/boards/<int:board_id>")
@zone_route()
def board(zone: Zone, board_id: int):
    """A table's question and its published ideas, then the form to post one."""
    return _board_page(zone, get_zone_board(zone, board_id), IdeaForm(formdata=None))


def _board_page(zone, board, form: IdeaForm):
    sort = BoardSort.SUPPORTED if request.args.get("sort") == BoardSort.SUPPORTED else BoardSort.NEW
    kiosk = _channel() is IdeaChannel.KIOSK
    ideas, counts, total = board_ideas(board, sort=sort)
    top = top_this_week(board)
    device = _supporting_device(kiosk)
    mine = [] if kiosk else ideas_by_tokens(zone, my_idea_tokens())
    thanked = _thank_near(ideas)
    page = render_template(
        "cafes/board.html",
        zone=zone,
        board=board,
        cafe=board.cafe,
        form=form,
        ideas=ideas,
        counts=counts,
        total=total,
        top=top,
        supported=supported_by(device, ideas + [idea for idea, _n in top]),
        sort=sort,
        sorts=list(BoardSort),
        kiosk=kiosk,
        via=_via(),
        mine=mine,
        thanked=thanked,
        here=url_for(
            "cafes.board",
            zone_slug=zone.slug,
            board_id=board.id,
            sort=None if sort is BoardSort.NEW else sort.value,
            via=_via(),
        ),
    )
    # The private links of "your ideas from this device" are on the page: keep it out of
    # caches (it also tells the browser to send no referrer, board.html).
    return _private(current_app.make_response(page)) if mine else page


def _thank_near(ideas) -> int | None:
    """The idea just supported, if the page shows it (its card then says thank you);
    otherwise the thanks is a message at the top of the page."""
    thanked = _thanked()
    if thanked is None or thanked in {i.id for i in ideas}:
        return thanked
    flash(_("Thank you: your support is counted."), "success")
    return None


@bp.post("/zones/<zone_slug>/boards/<int:board_id>/ideas")
@csrf.exempt  # the form checks its token itself: an expired page keeps the idea typed
@limiter.limit(_idea_rate_limit)
@validates_text_itself  # NUL and control characters: an error on the field, input kept
@zone_route()
def post_idea(zone: Zone, board_id: int):
    """A resident posts an idea: stored pending, with a private link to follow it."""
    board = get_zone_board(zone, board_id)
    form = IdeaForm()
    posted_url = url_for("cafes.posted", zone_slug=zone.slug, board_id=board.id, via=_via())
    if form.website.data:
        # A bot filled the honeypot: it sees the usual outcome, and nothing is stored.
        current_app.logger.info("Honeypot filled on board %s: idea not stored", board.id)
        return redirect(posted_url, code=303)
    if not form.validate_on_submit():
        return _board_page(zone, board, form), 422
    if request.form.get("checked") != "1":
        # Before the idea is stored: ideas of this board that read like it, to support one
        # instead; "send mine anyway" posts the same form again, checked.
        hints = board_similar(board, f"{form.title.data} {form.description.data or ''}")
        if hints:
            return _check_page(zone, board, form, hints)
    device_id, new = _device_id()
    idea, token = add_idea(
        board, title=form.title.data, description=form.description.data or "",
        nickname=form.nickname.data, channel=_channel(), device=device_hash(device_id, "idea"),
        idempotency_key=form.idempotency_key(),
    )  # fmt: skip
    db.session.commit()
    # Shown on the next page, not in its URL: a token in a URL ends up in logs and history.
    session[POSTED_KEY] = [idea.id, token]
    response = remember_device(redirect(posted_url, code=303), device_id, new)
    if _channel() is not IdeaChannel.KIOSK:
        remembered = my_idea_tokens()
        if token not in remembered:  # a retry of the same form remembers its idea once
            response = _remember_my_ideas(response, [*remembered, token])
    return response


def _check_page(zone, board, form: IdeaForm, hints):
    """The idea typed, kept in its form, under the board's ideas that read like it."""
    kiosk = _channel() is IdeaChannel.KIOSK
    return render_template(
        "cafes/check.html",
        zone=zone,
        board=board,
        cafe=board.cafe,
        form=form,
        hints=hints,
        counts=support_counts([i.id for i in hints]),
        supported=supported_by(_supporting_device(kiosk), hints),
        kiosk=kiosk,
        via=_via(),
        here=url_for("cafes.board", zone_slug=zone.slug, board_id=board.id, via=_via()),
    )


@bp.get("/zones/<zone_slug>/boards/<int:board_id>/similar")
@limiter.limit(_similar_rate_limit)
@zone_route()
def similar(zone: Zone, board_id: int):
    """The board's published ideas that read like `q`, the title being typed (JSON, for
    static/js/similar-ideas.js; without it the check step shows the same ideas)."""
    board = get_zone_board(zone, board_id)
    text = request.args.get("q", "")[:SIMILAR_QUERY_MAX]
    hints = board_similar(board, text)
    counts = support_counts([i.id for i in hints])
    return jsonify(
        ideas=[
            {
                "id": idea.id,
                "title": idea.title,
                "url": url_for("cafes.idea", zone_slug=zone.slug, idea_id=idea.id, via=_via()),
                "supports": ngettext("%(num)d support", "%(num)d supports", counts[idea.id]),
            }
            for idea in hints
        ]
    )


@bp.post("/zones/<zone_slug>/boards/<int:board_id>/mine/forget")
@zone_route()
def forget_mine(zone: Zone, board_id: int):
    """This device forgets the ideas it posted (their private links keep working)."""
    board = get_zone_board(zone, board_id)
    flash(_("This device no longer lists your ideas. Their private links still work."), "success")
    response = redirect(
        url_for("cafes.board", zone_slug=zone.slug, board_id=board.id, via=_via()), code=303
    )
    return _remember_my_ideas(response, [])


@bp.get("/zones/<zone_slug>/boards/<int:board_id>/posted")
@zone_route()
def posted(zone: Zone, board_id: int):
    """After posting: the private link to follow the idea, and similar ideas to support."""
    board = get_zone_board(zone, board_id)
    kiosk = _channel() is IdeaChannel.KIOSK
    idea_id, token = session.get(POSTED_KEY) or (None, "")
    idea = get_zone_idea(zone, idea_id) if idea_id else None
    if idea is None or idea.board_id != board.id or idea.follow_hash != follow_hash(token):
        return redirect(url_for("cafes.board", zone_slug=zone.slug, board_id=board.id, via=_via()))
    # Shown once: whoever uses this browser next (a shared phone or tablet) must not see it.
    session.pop(POSTED_KEY)
    link = url_for("cafes.follow", token=token, _external=True)
    hints = similar_ideas(zone, f"{idea.title} {idea.description}", exclude=idea.id)
    device = _supporting_device(kiosk)
    thanked = _thank_near(hints)
    return _private(
        current_app.make_response(
            render_template(
                "cafes/posted.html",
                thanked=thanked,
                zone=zone,
                board=board,
                cafe=board.cafe,
                idea=idea,
                link=link,
                qr_svg=qr_svg(link, scale=4),
                remembered=not kiosk,
                hints=hints,
                counts=support_counts([i.id for i in hints]),
                supported=supported_by(device, hints),
                kiosk=kiosk,
                via=_via(),
                here=request.path,
            )
        )
    )


@bp.get("/i/<token>")
def follow(token: str):
    """The author's private view of an idea: its status, the reason if rejected."""
    idea = idea_by_token(token)
    target = final_idea(idea) if idea.status == IdeaStatus.MERGED else None
    shown = target or idea
    return _private(
        current_app.make_response(
            render_template(
                "cafes/follow.html",
                zone=idea.board.cafe.zone,
                board=idea.board,
                idea=idea,
                target=target,
                supports=support_counts([shown.id])[shown.id],
                token=token,
                can_withdraw=can_withdraw(idea),
            )
        )
    )


@bp.route("/i/<token>/withdraw", methods=["GET", "POST"])
def withdraw(token: str):
    """The author withdraws the idea, after a confirmation (this page's form)."""
    idea = idea_by_token(token)
    back = redirect(url_for("cafes.follow", token=token))
    if not can_withdraw(idea):
        return _private(back)
    form = WithdrawIdeaForm()
    if form.validate_on_submit():
        withdraw_idea(idea)
        db.session.commit()
        flash(_("Your idea has been withdrawn. Nobody sees it on the boards any more."), "success")
        return _private(back)
    return _private(
        current_app.make_response(
            render_template(
                "cafes/withdraw.html",
                zone=idea.board.cafe.zone,
                board=idea.board,
                idea=idea,
                token=token,
                form=form,
            )
        )
    )


# One idea -----------------------------------------------------------------------------


@bp.get("/zones/<zone_slug>/ideas/<int:idea_id>")
@zone_route()
def idea(zone: Zone, idea_id: int):
    """A published idea's own page (a merged one leads to where it now lives)."""
    found = get_zone_idea(zone, idea_id)
    if found.status == IdeaStatus.MERGED:
        target = final_idea(found)
        if target.visible and target.zone_id == zone.id:
            return redirect(
                url_for("cafes.idea", zone_slug=zone.slug, idea_id=target.id, via=_via()), 301
            )
    if not found.visible:
        abort(404)
    kiosk = _channel() is IdeaChannel.KIOSK
    device = _supporting_device(kiosk)
    thanked = _thank_near([found])
    return render_template(
        "cafes/idea.html",
        thanked=thanked,
        zone=zone,
        board=found.board,
        cafe=found.board.cafe,
        idea=found,
        counts=support_counts([found.id]),
        supported=supported_by(device, [found]),
        kiosk=kiosk,
        via=_via(),
        here=request.path,
    )


@bp.post("/zones/<zone_slug>/ideas/<int:idea_id>/support")
@limiter.limit(_support_rate_limit)
@zone_route()
def support(zone: Zone, idea_id: int):
    """This device supports the idea (once; a second tap changes nothing)."""
    found = get_zone_idea(zone, idea_id)
    board_url = url_for("cafes.board", zone_slug=zone.slug, board_id=found.board_id, via=_via())
    back = safe_local_path(request.form.get("next"), board_url)
    if _channel() is IdeaChannel.KIOSK:
        flash(_("Ideas are supported from your own phone: one phone, one support."), "info")
        return redirect(back, code=303)
    device_id, new = _device_id()
    try:
        supported, _new_support = support_idea(
            found, device_hash(device_id, "support"), address_hash("support"), _support_limits()
        )
    except SupportLimitError:
        db.session.rollback()
        message = _(
            "Too many supports for this idea have come from your internet connection today. "
            "Try again tomorrow, or from another connection (e.g. your phone's mobile data)."
        )
        return render_template(
            "errors/error.html", status=429, title=_("Too many supports"), message=message
        ), 429
    db.session.commit()
    # Thanked next to the idea (the page it leads back to shows it at its anchor), not in
    # a message at the top of the page, out of view.
    session[THANKED_KEY] = supported.id
    return remember_device(redirect(back, code=303), device_id, new)


@bp.route("/zones/<zone_slug>/ideas/<int:idea_id>/report", methods=["GET", "POST"])
@limiter.limit(_report_rate_limit, methods=["POST"])
@zone_route()
def report(zone: Zone, idea_id: int):
    """A resident tells the library an idea is abusive, gives personal data or is off-topic."""
    found = get_visible_idea(zone, idea_id)
    form = ReportForm()
    if form.validate_on_submit():
        device_id, new = _device_id()
        report_idea(
            found, ReportReason(form.reason.data), device_hash(device_id, "report"),
            address_hash("report"), threshold=current_app.config["IDEA_REPORT_THRESHOLD"],
        )  # fmt: skip
        db.session.commit()
        flash(_("Thank you. The library will look at this idea."), "success")
        board_url = url_for("cafes.board", zone_slug=zone.slug, board_id=found.board_id, via=_via())
        return remember_device(redirect(board_url, code=303), device_id, new)
    return render_template(
        "cafes/report.html", zone=zone, idea=found, board=found.board, cafe=found.board.cafe,
        form=form, via=_via(),
    ), (422 if form.errors else 200)  # fmt: skip
