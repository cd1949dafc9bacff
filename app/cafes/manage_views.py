"""Cafés for librarians (plan, edit, poster, paper cards, export) and the public café page."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from app.cafes import bp
from app.cafes.exports import csv_text, xlsx_bytes
from app.cafes.forms import ROUNDS, CafeForm, CardForm
from app.cafes.models import IdeaChannel, IdeaStatus
from app.cafes.moderation import personal_data_warning
from app.cafes.participation import cafe_is_over, cafe_outcome
from app.cafes.services import (
    BoardHasIdeasError,
    add_paper_card,
    boards_with_ideas,
    cafe_by_code,
    cafe_idea,
    create_cafe,
    get_zone_cafe,
    paper_cards,
    paper_count,
    similar_on_boards,
    update_cafe,
    visible_idea_counts,
    zone_cafes,
    zone_findings,
)
from app.core import downloads
from app.core.downloads import download
from app.core.links import qr_svg
from app.core.params import int_arg
from app.extensions import db
from app.zones.access import can_manage_zone, zone_route
from app.zones.models import Zone

# The ways from a poster to a café page that its link may carry on (?via=).
POSTER_CHANNELS = frozenset({IdeaChannel.QR.value, IdeaChannel.KIOSK.value, IdeaChannel.LINK.value})


def board_path(zone_slug: str, board_id: int) -> str:
    return url_for("cafes.board", zone_slug=zone_slug, board_id=board_id)


def _cafe_form(zone, **kwargs) -> CafeForm:
    form = CafeForm(**kwargs)
    form.findings.choices = [
        SelectChoice(f.id, f"{f.figure}: {f.text}" if f.figure else f.text)
        for f in zone_findings(zone)
    ]
    return form


def _cafe_fields(form: CafeForm) -> dict:
    return {
        "title": form.title.data.strip(),
        "starts_at": form.starts_at_utc(),
        "ends_at": form.ends_at_utc(),
        "place": (form.place.data or "").strip(),
        "description": (form.description.data or "").strip(),
        "questions": form.questions(),
        "finding_ids": form.findings.data or [],
    }


@bp.get("/zones/<zone_slug>/cafes")
@zone_route(can_manage_zone)
def manage_list(zone: Zone):
    """The zone's cafés for its librarians, the latest first."""
    return render_template("cafes/manage_list.html", zone=zone, cafes=zone_cafes(zone))


@bp.route("/zones/<zone_slug>/cafes/new", methods=["GET", "POST"])
@zone_route(can_manage_zone)
def create(zone: Zone):
    """Plan a café: when and where, and a question for each table."""
    form = _cafe_form(zone)
    if form.validate_on_submit():
        cafe = create_cafe(zone, **_cafe_fields(form), author_id=current_user.id)
        db.session.commit()
        flash(_("The café has been planned. Print its poster and invite residents."), "success")
        return redirect(url_for("cafes.show", zone_slug=zone.slug, slug=cafe.slug))
    return render_template("cafes/cafe_form.html", zone=zone, cafe=None, form=form, locked=set()), (
        422 if form.errors else 200
    )


@bp.route("/zones/<zone_slug>/cafes/<slug>/edit", methods=["GET", "POST"])
@zone_route(can_manage_zone)
def edit(zone: Zone, slug: str):
    """Change a café's details and table questions; boards with ideas stay."""
    cafe = get_zone_cafe(zone, slug)
    form = _cafe_form(zone)
    if request.method == "GET":
        form.fill_from(cafe)
    elif form.validate_on_submit():
        try:
            update_cafe(cafe, **_cafe_fields(form))
        except BoardHasIdeasError as refused:
            db.session.rollback()
            for position in refused.positions:
                form[f"question_{position}"].errors = [
                    _("Table %(number)s has ideas: its board cannot be removed.", number=position)
                ]
        else:
            db.session.commit()
            flash(_("The café has been saved."), "success")
            return redirect(url_for("cafes.show", zone_slug=zone.slug, slug=cafe.slug))
    with_ideas = boards_with_ideas(cafe)
    return render_template(
        "cafes/cafe_form.html",
        zone=zone,
        cafe=cafe,
        form=form,
        locked={b.position for b in cafe.boards if b.id in with_ideas},
    ), (422 if form.errors else 200)


@bp.get("/zones/<zone_slug>/cafes/<slug>")
@zone_route()
def show(zone: Zone, slug: str):
    """A café's public page: when and where, why, and its tables' boards; once it is over,
    what came out of it first."""
    cafe = get_zone_cafe(zone, slug)
    over = cafe_is_over(cafe)
    total, top = cafe_outcome(cafe) if over else (0, [])
    return render_template(
        "cafes/cafe.html",
        zone=zone,
        cafe=cafe,
        over=over,
        outcome_total=total,
        outcome_top=top,
        counts=visible_idea_counts(cafe),
        board_urls={b.id: board_path(zone.slug, b.id) for b in cafe.boards},
        can_manage=can_manage_zone(current_user, zone),
    )


@bp.get("/c/<code>")
def short_link(code: str):
    """The short link printed on posters: /c/abc123 (?via=qr from the QR code)."""
    cafe = cafe_by_code(code)
    via = request.args.get("via")
    return redirect(
        url_for(
            "cafes.show", zone_slug=cafe.zone.slug, slug=cafe.slug,
            **({"via": via} if via in POSTER_CHANNELS else {}),
        )
    )  # fmt: skip


@bp.get("/zones/<zone_slug>/cafes/<slug>/poster")
@zone_route(can_manage_zone)
def poster(zone: Zone, slug: str):
    """An A4 poster: the evening, its table questions and a QR code to its boards."""
    cafe = get_zone_cafe(zone, slug)
    link = url_for("cafes.short_link", code=cafe.short_code, _external=True)
    return render_template(
        "cafes/poster.html",
        zone=zone,
        cafe=cafe,
        short_link=link,
        qr_svg=qr_svg(f"{link}?via=qr", scale=8),
    )


def _int_arg(name: str, allowed) -> int | None:
    value = int_arg(name)
    return value if value is not None and value in allowed else None  # `None in range` scans


@bp.route("/zones/<zone_slug>/cafes/<slug>/cards", methods=["GET", "POST"])
@zone_route(can_manage_zone)
def cards(zone: Zone, slug: str):
    """Fast entry of the evening's paper cards: round, table, text; then the next card."""
    cafe = get_zone_cafe(zone, slug)
    boards = {b.id: b for b in cafe.boards}
    form = CardForm(
        round=_int_arg("round", ROUNDS) or 1,
        board=_int_arg("table", boards) or next(iter(boards), None),
    )
    form.board.choices = [
        SelectChoice(b.id, _("Table %(n)s: %(question)s", n=b.position, question=b.question))
        for b in cafe.boards
    ]
    if form.validate_on_submit():
        idea = add_paper_card(
            cafe, boards[form.board.data], form.round.data, form.text.data, current_user.id
        )
        db.session.commit()
        if idea.status == IdeaStatus.PENDING:
            flash(
                _(
                    "Card saved (%(count)s typed so far for this café), but not published: "
                    "it seems to contain personal data. It waits in the moderation queue.",
                    count=paper_count(cafe),
                ),
                "info",
            )
        else:
            flash(
                _("Card saved (%(count)s typed so far for this café).", count=paper_count(cafe)),
                "success",
            )
        return redirect(
            url_for(
                "cafes.cards", zone_slug=zone.slug, slug=cafe.slug, round=form.round.data,
                table=idea.board_id, saved=idea.id,
            )
        )  # fmt: skip
    saved = cafe_idea(cafe, _int_arg("saved", range(1, 2**31)) or 0)
    similar = similar_on_boards(saved) if saved is not None else []
    held = saved if saved is not None and saved.status == IdeaStatus.PENDING else None
    return render_template(
        "cafes/cards.html",
        zone=zone,
        cafe=cafe,
        form=form,
        saved=saved,
        held=held,
        held_warning=personal_data_warning(held.title, held.description) if held else None,
        similar=similar,
        board_urls={b.id: board_path(zone.slug, b.id) for b in cafe.boards},
        latest=paper_cards(cafe),
    ), (422 if form.errors else 200)


@bp.get("/zones/<zone_slug>/cafes/<slug>/ideas.<fmt>")
@zone_route(can_manage_zone)
def export(zone: Zone, slug: str, fmt: str):
    """Every idea of the café, whatever its status, for the zone's records."""
    cafe = get_zone_cafe(zone, slug)
    dialect = downloads.dialect()
    if fmt == "csv":
        body = csv_text(cafe, dialect)
    elif fmt == "xlsx":
        body = xlsx_bytes(cafe, dialect)
    else:
        abort(404)
    return download(body, f"{zone.slug}-{cafe.slug}-ideas.{fmt}")
