"""Moderation pages of a zone's librarians: the queue, one idea, merging, bulk acts."""

from functools import partial

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy import select
from wtforms import SelectChoice

from app.audit.services import history, words
from app.cafes import bp
from app.cafes.models import DESCRIPTION_MAX, Cafe, Idea, IdeaStatus
from app.cafes.moderation import (
    REASON_TEMPLATES,
    TRANSITIONS,
    BulkAction,
    ModerationError,
    bulk,
    change_status,
    edit_idea,
    idea_text,
    kind_label,
    merge,
    merge_candidates,
    next_pending,
    open_report_counts,
    personal_data,
    personal_data_kinds,
    personal_data_warning,
    provenance,
    queue_place,
    queue_query,
    rejection_reason,
    resolve_reports,
    set_themes,
    similar_ideas,
    supports_checked,
    tree_supports,
    withdraw_supports,
    zone_themes,
)
from app.cafes.moderation_forms import (
    BulkForm,
    EditIdeaForm,
    MergeForm,
    ResolveReportsForm,
    StatusForm,
    WithdrawSupportsForm,
)
from app.cafes.queries import support_counts
from app.cafes.services import get_zone_idea
from app.core.pagination import page_url, paginate
from app.core.params import int_arg, int_list
from app.core.security import safe_local_path
from app.core.text import isolated
from app.extensions import db
from app.zones.access import can_manage_zone, zone_route
from app.zones.models import Zone


def mark_personal_data(text: str) -> Markup:
    """`text`, escaped, with what looks like personal data in <mark>."""
    pieces, last = [], 0
    for match in personal_data(text or ""):
        pieces.append(escape(text[last : match.start]))
        pieces.append(
            Markup(
                '<mark class="personal-data">{}<span class="visually-hidden"> ({})</span></mark>'
            ).format(text[match.start : match.end], kind_label(match.kind))
        )  # fmt: skip
        last = match.end
    pieces.append(escape((text or "")[last:]))
    return Markup("").join(pieces)


def _warnings(idea: Idea) -> list[str]:
    return personal_data_kinds(idea.title, idea.description, idea.nickname)


def _render(template: str, **context):
    return render_template(
        template,
        mark_personal_data=mark_personal_data,
        reason_templates=REASON_TEMPLATES,
        transitions=TRANSITIONS,
        **context,
    )


QUEUE_PAGE = 25  # ideas on one page of the moderation queue


def _queue_args() -> dict:
    """The queue's filters and page as the request gave them: the bulk form posts them
    back, and the librarian returns to the same page of the same filters."""
    return {k: request.args[k] for k in ("status", "cafe", "page") if request.args.get(k)}


def _queue_filters() -> dict:
    """The queue's filters (status, café) the request gave, the valid ones: an idea's page
    keeps them, for its previous and next idea and the way back to the queue."""
    status = request.args.get("status", "")
    cafe_id = int_arg("cafe")
    filters = {}
    if status in {s.value for s in IdeaStatus}:
        filters["status"] = status
    if cafe_id:
        filters["cafe"] = cafe_id
    return filters


def _queue_page(zone: Zone, bulk_form: BulkForm, error: str | None = None):
    filters = _queue_filters()
    status, cafe_id = filters.get("status", ""), filters.get("cafe")
    page = paginate(queue_query(zone, status=status or None, cafe_id=cafe_id), QUEUE_PAGE)
    ideas = list(page.items)
    ids = [i.id for i in ideas]
    candidates = db.session.scalars(
        select(Idea)
        .where(Idea.zone_id == zone.id, Idea.status != IdeaStatus.MERGED.value)
        .order_by(Idea.id)
    ).all()
    cafes = db.session.scalars(
        select(Cafe).where(Cafe.zone_id == zone.id).order_by(Cafe.starts_at.desc())
    ).all()
    return _render(
        "cafes/queue.html",
        zone=zone,
        ideas=ideas,
        pagination=page,
        # The pager's links lead to the queue, also from the bulk form's answer.
        page_url=partial(page_url, endpoint="cafes.queue", zone_slug=zone.slug),
        bulk_url=url_for("cafes.bulk", zone_slug=zone.slug, **_queue_args()),
        supports=support_counts(ids),
        reports=open_report_counts(ids),
        warnings={i.id: _warnings(i) for i in ideas},
        similar={i.id: similar_ideas(i, candidates) for i in ideas},
        cafes=cafes,
        status=status,
        cafe_id=cafe_id,
        cafe=next((cafe for cafe in cafes if cafe.id == cafe_id), None),
        filters=filters,
        statuses=list(IdeaStatus),
        bulk_form=bulk_form,
        error=error,
        here=url_for("cafes.queue", zone_slug=zone.slug, **_queue_args()),
    )


@bp.get("/zones/<zone_slug>/moderation", endpoint="queue")
@zone_route(can_manage_zone)
def queue_page(zone: Zone):
    """The zone's ideas to moderate: pending first, then those hidden by reports."""
    return _queue_page(zone, BulkForm(formdata=None))


@bp.post("/zones/<zone_slug>/moderation/bulk", endpoint="bulk")
@zone_route(can_manage_zone)
def bulk_action(zone: Zone):
    """Publish, reject or tag the ticked ideas, all or none."""
    form = BulkForm()
    if not form.validate_on_submit():
        return _queue_page(zone, form, _("Choose an action.")), 422
    ids = int_list(request.form.getlist("idea"))
    ideas = db.session.scalars(
        select(Idea).where(Idea.id.in_(ids), Idea.zone_id == zone.id).order_by(Idea.id)
    ).all()
    if len(ideas) != len(set(ids)):
        abort(404)
    try:
        reason, for_abuse = None, False
        if form.action.data == BulkAction.REJECT:
            reason, for_abuse = rejection_reason(form.reason_template.data, form.reason.data)
        done = bulk(
            ideas, form.action.data, current_user, reason=reason, theme=form.theme.data,
            for_abuse=for_abuse,
        )  # fmt: skip
    except ModerationError as error:
        db.session.rollback()
        return _queue_page(zone, form, str(error)), 422
    db.session.commit()
    flash(ngettext("%(num)d idea changed.", "%(num)d ideas changed.", done), "success")
    return redirect(url_for("cafes.queue", zone_slug=zone.slug, **_queue_args()))


def _moderate_page(zone, idea: Idea, edit_form=None, error: str | None = None):
    if edit_form is None:
        edit_form = EditIdeaForm(
            formdata=None,
            title=idea.title,
            description=idea.description,
            nickname=idea.nickname,
            themes=", ".join(t.name for t in idea.themes),
        )
    found = provenance(idea)
    filters = _queue_filters()
    return _render(
        "cafes/moderate_idea.html",
        zone=zone,
        idea=idea,
        filters=filters,
        place=queue_place(zone, idea, filters.get("status"), filters.get("cafe")),
        edit_form=edit_form,
        withdraw_form=WithdrawSupportsForm(formdata=None),
        reports_form=ResolveReportsForm(formdata=None),
        status_form=StatusForm(formdata=None),
        supports=tree_supports(idea),
        support_count=support_counts([idea.id])[idea.id],
        report_count=open_report_counts([idea.id])[idea.id],
        warnings=_warnings(idea),
        provenance=found if found["sources"] else None,
        history=[(entry, words(entry)) for entry in history("idea", idea.id)],
        themes=zone_themes(zone.id),
        error=error,
    )


@bp.post("/zones/<zone_slug>/ideas/<int:idea_id>/status", endpoint="change_status")
@zone_route(can_manage_zone)
def change_status_view(zone: Zone, idea_id: int):
    """Publish, reject (with a reason), shortlist, choose... one idea."""
    idea = get_zone_idea(zone, idea_id)
    form = StatusForm()
    if not form.validate_on_submit():
        return _moderate_page(zone, idea, error=_("Choose what to do with the idea.")), 400
    was_pending = idea.state is IdeaStatus.PENDING
    try:
        reason, for_abuse = None, False
        if form.to.data == IdeaStatus.REJECTED:
            reason, for_abuse = rejection_reason(form.reason_template.data, form.reason.data)
        change_status(idea, form.to.data, current_user, reason=reason, for_abuse=for_abuse)
    except ModerationError as error:
        db.session.rollback()
        return _moderate_page(zone, idea, error=str(error)), 422
    db.session.commit()
    flash(
        _(
            "“%(title)s” is now %(status)s.",
            title=isolated(idea.title),
            status=idea.state.label,
        ),
        "success",
    )
    if form.go_on.data:  # from the idea's own page
        return redirect(_after_decision(zone, idea, was_pending))
    default = url_for("cafes.queue", zone_slug=zone.slug)
    return redirect(safe_local_path(form.next.data, default))


def _after_decision(zone: Zone, idea: Idea, was_pending: bool) -> str:
    """Where the idea's page leads after a decision: an idea that was waiting leads on to
    the next one waiting (the queue's filters kept), or to the queue when none is left;
    any other stays on its page (to be put into the plan, say)."""
    filters = _queue_filters()
    if not was_pending:
        return url_for("cafes.moderate", zone_slug=zone.slug, idea_id=idea.id, **filters)
    following = next_pending(zone, idea, filters.get("cafe"))
    if following is None:
        flash(_("No other idea is waiting for moderation."), "info")
        return url_for("cafes.queue", zone_slug=zone.slug, **filters)
    return url_for("cafes.moderate", zone_slug=zone.slug, idea_id=following.id, **filters)


@bp.route("/zones/<zone_slug>/ideas/<int:idea_id>/moderate", methods=["GET", "POST"])
@zone_route(can_manage_zone)
def moderate(zone: Zone, idea_id: int):
    """One idea: edit its words and themes, withdraw supports, deal with reports."""
    idea = get_zone_idea(zone, idea_id)
    if request.method == "GET":
        return _moderate_page(zone, idea)
    here = url_for("cafes.moderate", zone_slug=zone.slug, idea_id=idea.id, **_queue_filters())
    if "withdraw" in request.form:
        if WithdrawSupportsForm().validate_on_submit():
            ids = int_list(request.form.getlist("support"))
            done = withdraw_supports(idea, ids, current_user)
            db.session.commit()
            flash(ngettext("%(num)d support withdrawn.", "%(num)d supports withdrawn.", done))
        return redirect(here)
    if "supports_ok" in request.form:
        if WithdrawSupportsForm().validate_on_submit():
            supports_checked(idea, current_user)
            db.session.commit()
            flash(_("The supports have been kept."), "success")
        return redirect(here)
    if "resolve" in request.form:
        form = ResolveReportsForm()
        if form.validate_on_submit():
            resolve_reports(idea, current_user, keep_hidden=form.keep_hidden.data)
            db.session.commit()
            flash(_("The reports have been dealt with."), "success")
        return redirect(here)
    form = EditIdeaForm()
    if not form.validate_on_submit():
        return _moderate_page(zone, idea, edit_form=form), 422
    try:
        changed = edit_idea(
            idea, current_user, form.title.data, form.description.data, form.nickname.data
        )
        changed |= set_themes(idea, (form.themes.data or "").split(","), current_user)
    except ModerationError as error:
        db.session.rollback()
        return _moderate_page(zone, idea, edit_form=form, error=str(error)), 422
    db.session.commit()
    flash(_("The changes have been saved.") if changed else _("Nothing was changed."), "success")
    return redirect(here)


@bp.route("/zones/<zone_slug>/ideas/<int:idea_id>/merge", methods=["GET", "POST"], endpoint="merge")
@zone_route(can_manage_zone)
def merge_view(zone: Zone, idea_id: int):
    """Merge one idea into another of the zone; similar ideas are offered first."""
    idea = get_zone_idea(zone, idea_id)
    candidates = merge_candidates(idea)
    suggested = similar_ideas(idea, candidates, limit=5)
    others = [c for c in candidates if c not in suggested]
    counts = support_counts([c.id for c in candidates])
    form = MergeForm()
    form.target.choices = [SelectChoice(c.id, c.title) for c in suggested + others]
    error = None
    if form.validate_on_submit():
        target = get_zone_idea(zone, form.target.data)
        try:
            merge([idea], target, current_user, reason=form.reason.data)
        except ModerationError as refused:
            db.session.rollback()
            error = str(refused)
        else:
            db.session.commit()
            flash(_("The idea has been merged; its supports now count here."), "success")
            return redirect(url_for("cafes.moderate", zone_slug=zone.slug, idea_id=target.id))
    return _render(
        "cafes/merge.html",
        zone=zone,
        idea=idea,
        form=form,
        suggested=suggested,
        others=others,
        counts=counts,
        text_of=idea_text,
        error=error,
    ), (422 if request.method == "POST" else 200)


# What the check reads of a text at most: longer than any field it is meant for.
CHECK_MAX = 3 * DESCRIPTION_MAX


@bp.post("/zones/<zone_slug>/moderation/personal-data", endpoint="personal_data_check")
@zone_route(can_manage_zone)
def personal_data_check(zone: Zone):
    """Whether the text a librarian is typing seems to hold personal data (the warning shown
    while typing a paper card or editing an idea; static/js/personal-data.js)."""
    text = request.form.get("text", "")[:CHECK_MAX]
    warning = personal_data_warning(text)
    return jsonify(found=warning is not None, message=warning or "")
