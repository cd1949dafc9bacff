"""Who may see what of a survey's results: one decision, asked by the dashboard, its CSVs,
the report, the text answers page and the API alike.

The zone's librarians and the coordinator see everything; the zone's officials see
comparisons of groups and the residents' own words a librarian marked for them; anyone else
sees published results as the figures for everyone together, nothing more.
"""

from dataclasses import dataclass

from app.auth.models import User
from app.dashboards.aggregate import ALL_TEXTS, MARKED_TEXTS
from app.surveys.models import Survey
from app.zones.access import can_manage_zone, can_see_zone_team

MANAGER, OFFICIAL, PUBLIC = "manager", "official", "public"


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


def results_access(user: User, survey: Survey) -> ResultsAccess | None:
    """What `user` may see of `survey`'s results; None when nothing at all."""
    if can_manage_zone(user, survey.zone):
        return ResultsAccess(MANAGER, True, True, ALL_TEXTS, ALL_TEXTS)
    if can_see_zone_team(user, survey.zone):
        return ResultsAccess(OFFICIAL, True, True, MARKED_TEXTS, MARKED_TEXTS)
    if survey.results_public:
        return ResultsAccess(PUBLIC, False, False, None, None)
    return None


def can_see_results(user: User, survey: Survey) -> bool:
    """Anything at all of the results (see `results_access`)."""
    return results_access(user, survey) is not None
