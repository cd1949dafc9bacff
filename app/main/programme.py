"""The coordinator's view of the programme: every zone and where it stands, from the
diagnosis to the accepted reports, with the network's totals and the reports waiting for
review. Officials read the same page for the zones they are officials of.

Filters and sorting are plain query parameters (a GET form and the column headers' links:
no JavaScript needed); the CSV and XLSX downloads carry the same parameters and give the
same rows. Unknown values are ignored (the page shows every zone, by town). The figures
come from app.main.services.zone_progress: a fixed number of queries for any number of
zones.
"""

from dataclasses import dataclass
from decimal import Decimal

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.auth.models import Role
from app.core import downloads
from app.core.collation import polish_key
from app.core.downloads import csv_text, download, xlsx_bytes
from app.core.money import GROSZE
from app.core.security import role_required
from app.core.time import utcnow
from app.main import bp
from app.main.services import (
    STAGES,
    ZoneProgress,
    programme_zones,
    reports_to_review,
    zone_progress,
)
from app.plans.models import PlanStatus, ReportKind
from app.plans.services import grant_limit

STAGE_LABELS = {
    "not_started": _l("not started"),
    "diagnosis": _l("diagnosis"),
    "cafes": _l("Creative Cafés"),
    "planning": _l("plan in preparation"),
    "carrying_out": _l("carrying out the plan"),
    "completed": _l("completed"),
}
SURVEY_LABELS = {"none": _l("no survey"), "open": _l("open"), "closed": _l("closed")}
PLAN_LABELS = {
    "none": _l("no plan"),
    PlanStatus.DRAFT.value: _l("draft"),
    PlanStatus.PUBLISHED.value: _l("published"),
}
# What the "Show" filter picks out.
SHOW_LABELS = {
    "overdue": _l("with something overdue"),
    "review": _l("with reports to review"),
    "no_plan": _l("without a published plan"),
    "overspent": _l("spending more than awarded"),
}
SHOWS = {
    "overdue": lambda row: row.overdue > 0,
    "review": lambda row: row.submitted > 0,
    "no_plan": lambda row: row.plan != PlanStatus.PUBLISHED.value,
    "overspent": lambda row: row.grant_spent > row.awarded,
}


def _share_key(row: ZoneProgress) -> Decimal:
    return row.spent_share if row.spent_share is not None else Decimal(-1)


PLAN_ORDER = {"none": 0, PlanStatus.DRAFT.value: 1, PlanStatus.PUBLISHED.value: 2}
# Sortable columns: the header's words and the row's key.
SORTS = {
    "zone": (_l("Zone"), lambda row: (polish_key(row.zone.town), row.zone.slug)),
    "stage": (_l("Stage"), lambda row: STAGES.index(row.stage)),
    "responses": (_l("Diagnosis"), lambda row: row.responses),
    "cafes": (_l("Cafés held"), lambda row: row.cafes_held),
    "ideas": (_l("Ideas"), lambda row: row.ideas),
    "plan": (_l("Plan"), lambda row: PLAN_ORDER[row.plan]),
    "awarded": (_l("Grant awarded"), lambda row: row.awarded),
    "spent": (_l("Grant spent"), lambda row: (_share_key(row), row.grant_spent)),
    "reports": (_l("Progress reports"), lambda row: (row.submitted, row.reports)),
    "actions": (_l("Actions done"), lambda row: row.actions_done),
    "overdue": (_l("Overdue"), lambda row: row.overdue),
}
DIRECTIONS = ("asc", "desc")


def can_see_programme(user, **_kwargs) -> bool:
    """The coordinator, and officials (for their zones)."""
    return user.is_coordinator or any(Role(role.role) is Role.OFFICIAL for role in user.roles)


@dataclass
class Choices:
    """What the reader asked for: filters and order, each a known value or empty."""

    region: str = ""
    stage: str = ""
    show: str = ""
    sort: str = "zone"
    direction: str = "asc"

    def args(self, **changes) -> dict[str, str]:
        """The query parameters of these choices (with `changes`), empty ones left out."""
        values = {
            "region": self.region, "stage": self.stage, "show": self.show,
            "sort": self.sort if self.sort != "zone" else "",
            "dir": self.direction if self.direction != "asc" else "",
        } | changes  # fmt: skip
        return {key: value for key, value in values.items() if value}

    def sort_args(self, key: str) -> dict[str, str]:
        """The header link of column `key`: sorts by it, the other way round if it already
        does (numbers start with the largest)."""
        if key == self.sort:
            direction = "desc" if self.direction == "asc" else "asc"
        else:
            direction = "asc" if key in ("zone", "stage", "plan") else "desc"
        return self.args(sort=key if key != "zone" else "", dir=direction)

    def aria_sort(self, key: str) -> str | None:
        if key != self.sort:
            return None
        return "ascending" if self.direction == "asc" else "descending"


def _choices(regions: list[str]) -> Choices:
    """The reader's choices from the query string; anything unknown is ignored."""
    args = request.args
    region, stage, show = args.get("region", ""), args.get("stage", ""), args.get("show", "")
    sort, direction = args.get("sort", "zone"), args.get("dir", "asc")
    return Choices(
        region=region if region in regions else "",
        stage=stage if stage in STAGES else "",
        show=show if show in SHOWS else "",
        sort=sort if sort in SORTS else "zone",
        direction=direction if direction in DIRECTIONS else "asc",
    )


def _shown(rows: list[ZoneProgress], choices: Choices) -> list[ZoneProgress]:
    """The rows the filters keep, in the order asked for (then by town)."""
    kept = [
        row for row in rows
        if (not choices.region or row.zone.region == choices.region)
        and (not choices.stage or row.stage == choices.stage)
        and (not choices.show or SHOWS[choices.show](row))
    ]  # fmt: skip
    kept.sort(key=SORTS["zone"][1])
    if choices.sort != "zone" or choices.direction != "asc":
        kept.sort(key=SORTS[choices.sort][1], reverse=choices.direction == "desc")
    return kept


@dataclass
class Totals:
    """The rows' figures added up."""

    zones: int = 0
    responses: int = 0
    cafes_held: int = 0
    ideas: int = 0
    plans_published: int = 0
    grants: int = 0  # zones with a grant awarded
    awarded: int = 0
    grant_spent: int = 0
    actions: int = 0
    actions_done: int = 0
    submitted: int = 0
    accepted: int = 0
    returned: int = 0
    overdue: int = 0

    @classmethod
    def of(cls, rows: list[ZoneProgress]) -> "Totals":
        return cls(
            zones=len(rows),
            responses=sum(row.responses for row in rows),
            cafes_held=sum(row.cafes_held for row in rows),
            ideas=sum(row.ideas for row in rows),
            plans_published=sum(row.plan == PlanStatus.PUBLISHED.value for row in rows),
            grants=sum(row.awarded > 0 for row in rows),
            awarded=sum(row.awarded for row in rows),
            grant_spent=sum(row.grant_spent for row in rows),
            actions=sum(row.actions for row in rows),
            actions_done=sum(row.actions_done for row in rows),
            submitted=sum(row.submitted for row in rows),
            accepted=sum(row.accepted for row in rows),
            returned=sum(row.returned for row in rows),
            overdue=sum(row.overdue for row in rows),
        )


def _stage_bars(rows: list[ZoneProgress]) -> list[dict]:
    """The zones by stage: a bar per stage, its length the share of the zones."""
    counts = dict.fromkeys(STAGES, 0)
    for row in rows:
        counts[row.stage] += 1
    most = max(counts.values(), default=0) or 1
    return [
        {"stage": stage, "label": STAGE_LABELS[stage], "count": n, "share": n / most}
        for stage, n in counts.items()
    ]


def _money_bars(totals: Totals, limit: int) -> list[dict]:
    """The grants across the zones: the most they could be (the limit for each zone with a
    grant), what was awarded and what was spent, as bars on one scale."""
    ceiling = totals.grants * limit
    return [
        {"label": label, "amount": amount, "share": amount / ceiling if ceiling else 0}
        for label, amount in (
            (_("The limits of the zones with a grant, together"), ceiling),
            (_("Awarded"), totals.awarded),
            (_("Spent from the grants"), totals.grant_spent),
        )
    ]


def _programme():
    """The zones the reader sees, their rows, the choices and the rows shown."""
    zones = programme_zones(current_user)
    rows = zone_progress(zones)
    regions = sorted({zone.region for zone in zones if zone.region}, key=polish_key)
    choices = _choices(regions)
    return rows, regions, choices, _shown(rows, choices)


@bp.get("/network/programme")
@role_required(can_see_programme)
def programme():
    """Every zone and where it stands (officials: their zones), filtered and sorted."""
    rows, regions, choices, shown = _programme()
    coordinator = current_user.is_coordinator
    network, limit = Totals.of(rows), grant_limit()
    return render_template(
        "main/programme.html",
        rows=rows, shown=shown, regions=regions, choices=choices,
        network=network, totals=Totals.of(shown), stage_bars=_stage_bars(rows),
        money_bars=_money_bars(network, limit),
        to_review=reports_to_review([row.zone for row in rows]) if coordinator else [],
        coordinator=coordinator, limit=limit, today=utcnow().date(),
        SORTS=SORTS, STAGES=STAGES, STAGE_LABELS=STAGE_LABELS, SURVEY_LABELS=SURVEY_LABELS,
        PLAN_LABELS=PLAN_LABELS, SHOW_LABELS=SHOW_LABELS, ReportKind=ReportKind,
    )  # fmt: skip


def _zloty(grosze: int) -> Decimal:
    """An amount for a spreadsheet: złoty with 2 decimals, exact."""
    return (Decimal(grosze) / GROSZE).quantize(Decimal("0.01"))


def table_rows(shown: list[ZoneProgress], limit: int) -> list[list]:
    """The download's rows: a header, then a row per zone shown (money in złoty)."""
    header = [
        _("Town"), _("Library"), _("Region"), _("Stage"), _("Survey"), _("Responses"),
        _("Cafés held"), _("Ideas"), _("Ideas waiting for moderation"), _("Plan"),
        _("Grant awarded (zł)"), _("Grant spent (zł)"), _("Grant limit (zł)"),
        _("Spent of awarded (%)"), _("Reports to review"), _("Reports accepted"),
        _("Reports returned"), _("Actions"), _("Actions done"), _("Overdue actions"),
        _("Overdue milestones"), _("Report overdue"),
    ]  # fmt: skip
    body = [
        [
            row.zone.town, row.zone.library_name, row.zone.region, str(STAGE_LABELS[row.stage]),
            str(SURVEY_LABELS[row.survey]), row.responses, row.cafes_held, row.ideas,
            row.pending, str(PLAN_LABELS[row.plan]), _zloty(row.awarded),
            _zloty(row.grant_spent), _zloty(limit), row.spent_share, row.submitted,
            row.accepted, row.returned, row.actions, row.actions_done, row.overdue_actions,
            row.overdue_milestones, _("yes") if row.report_overdue else _("no"),
        ]
        for row in shown
    ]  # fmt: skip
    return [header, *body]


@bp.get("/network/programme.<fmt>")
@role_required(can_see_programme)
def programme_export(fmt: str):
    """The programme's table as shown (the same filters and order), as CSV or XLSX."""
    if fmt not in ("csv", "xlsx"):
        abort(404)
    _rows, _regions, _choices_made, shown = _programme()
    table = table_rows(shown, grant_limit())
    name = f"programme-{utcnow().date().isoformat()}.{fmt}"
    dialect = downloads.dialect()
    if fmt == "csv":
        return download(csv_text(table, dialect), name)
    return download(xlsx_bytes(_("Programme"), table, dialect), name)
