"""Who may see what of a survey's results: one decision, asked by the dashboard, its CSVs,
the report, the text answers page and the API alike.

The zone's librarians and the coordinator see everything; the zone's officials see
comparisons of groups and the residents' own words a librarian marked for them; anyone else
sees published results as the figures for everyone together, nothing more. A draft survey
has no results at all (404 for everyone); a viewer who may see nothing of a survey's
results is refused by the one status policy (`app.core.security.refuse`).
"""

from dataclasses import dataclass

from flask import abort, g
from flask_babel import get_locale
from flask_babel import gettext as _

from app.audit.models import AuditEntry
from app.audit.services import Change, Words, record, register_words
from app.auth.models import User
from app.core.security import refuse
from app.dashboards.aggregate import ALL_TEXTS, MARKED_TEXTS, dimensions, read_only
from app.dashboards.aggregate import as_json as as_json  # for other features
from app.dashboards.aggregate import compute as compute
from app.extensions import db
from app.surveys.models import Survey, SurveyStatus
from app.zones.access import can_manage_zone, can_see_zone_team

MANAGER, OFFICIAL, PUBLIC = "manager", "official", "public"
# Audit entries about who may see a survey's results (the survey's own are the surveys').
RESULTS_SUBJECT = "survey_results"
PUBLISHED = "survey.results_public"


@dataclass(frozen=True)
class Scope:
    """The breakdown and filter a viewer asked for, as far as they may have them."""

    by: str | None  # a dimension's key, when asked for, known and allowed
    only: tuple[str, str] | None  # (dimension key, option), when asked, valid and allowed
    refused: bool  # a breakdown or filter was asked for that this viewer may not see
    unknown_by: bool  # ?by= names no dimension (asked by someone who may compare)
    unknown_only: bool  # ?only= is not key:option of another dimension (likewise)


@dataclass(frozen=True)
class ResultsAccess:
    """What one viewer may see of one survey's results."""

    viewer: str  # MANAGER (librarians, coordinator), OFFICIAL or PUBLIC
    breakdowns: bool  # groups compared side by side (?by=)
    filters: bool  # only the people who gave one answer (?only=)
    written_answers: str | None  # text answers: ALL_TEXTS, MARKED_TEXTS or None
    other_texts: str | None  # grouped "other, namely" texts: the same choices

    @property
    def edits(self) -> bool:
        return self.viewer == MANAGER

    def scope(self, survey: Survey, by: str | None, only: str | None) -> Scope:
        """What of `?by=` and `?only=` (as sent, or None) this viewer gets: a breakdown and
        a filter only if they may compare groups, and only valid ones."""
        by, only = by or None, only or None
        refused = (by is not None and not self.breakdowns) or (
            only is not None and not self.filters
        )
        if refused:
            return Scope(None, None, True, False, False)
        unknown_by = by is not None and by not in dimensions(survey)
        if unknown_by:
            by = None
        chosen = read_only(survey, only, by) if only is not None else None
        return Scope(by, chosen, False, unknown_by, only is not None and chosen is None)


def results_access(user: User, survey: Survey) -> ResultsAccess | None:
    """What `user` may see of `survey`'s results; None when nothing at all (and for every
    viewer of a draft, which has no results)."""
    if survey.status == SurveyStatus.DRAFT:
        return None
    if can_manage_zone(user, survey.zone):
        return ResultsAccess(MANAGER, True, True, ALL_TEXTS, ALL_TEXTS)
    if can_see_zone_team(user, survey.zone):
        return ResultsAccess(OFFICIAL, True, True, MARKED_TEXTS, MARKED_TEXTS)
    if survey.results_public:
        return ResultsAccess(PUBLIC, False, False, None, None)
    return None


def viewed_results(user: User, survey: Survey, *, texts: bool = False) -> ResultsAccess:
    """What `user` may see of `survey`'s results (of its written answers, if `texts`), for
    a page, a download or the API; stops the request otherwise: a draft is 404 for everyone,
    anyone else without the right is refused (sign in or 401; 403)."""
    if survey.status == SurveyStatus.DRAFT:
        abort(404)
    access = results_access(user, survey)
    if texts or access is None or access.viewer != PUBLIC:
        g.private_route = True  # never stored by browsers or proxies (app.core.security)
    if access is None or (texts and access.written_answers is None):
        refuse()
    return access


def can_see_results(user: User, survey: Survey) -> bool:
    """Anything at all of the results: `results_access` asked yes or no (for lists)."""
    return results_access(user, survey) is not None


# Making results public ------------------------------------------------------------------


def set_results_public(survey: Survey, public: bool, *, actor_id: int | None) -> bool:
    """Make `survey`'s results public (anyone sees the whole, never texts or comparisons),
    or the zone's team's only again; an audit entry says who did it. False when they already
    were (nothing written). Flushes."""
    if survey.results_public == public:
        return False
    before = survey.results_public
    survey.results_public = public
    record(
        PUBLISHED, RESULTS_SUBJECT, survey.id, actor_id=actor_id, zone_id=survey.zone_id,
        before={"results_public": before}, after={"results_public": public},
    )  # fmt: skip
    return True


def _visibility(public: bool | None) -> str:
    if public is None:
        return "—"
    return _("anyone with the link") if public else _("the zone's team only")


def describe_results_entry(entry: AuditEntry) -> Words:
    """An entry about who may see a survey's results, in words."""
    public = (entry.after or {}).get("results_public")
    action = _("results made public") if public else _("results made private again")
    survey = db.session.get(Survey, entry.subject_id)
    if survey is None:
        subject = _("results of survey #%(id)s", id=entry.subject_id)
    else:
        title = survey.template.title.get(str(get_locale()))
        subject = _("results of the survey “%(title)s”", title=title)
    change = Change(
        _("Who can see the results"),
        _visibility((entry.before or {}).get("results_public")),
        _visibility(public),
    )
    return Words(action, subject, [change])


register_words(RESULTS_SUBJECT, describe_results_entry)
