"""The API's bodies as pydantic models: the OpenAPI document (app/api/openapi.py) is made
from them, and the tests check every reply against it. The views build plain dicts; these
models say what those dicts are. Objects forbid keys they do not list, so a field added to
a view and not here fails the tests."""

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.cafes.models import VISIBLE_STATUSES, IdeaChannel
from app.catalogue.models import CostBand, EntryKind, ProgrammeTheme, SizeBand
from app.catalogue.services import STATUSES
from app.plans.models import ActionStatus, CostCategory, FundSource, ReportKind, ReportStatus
from app.surveys.models import Channel, SurveyStatus
from app.surveys.schema import QuestionType, ShowIf, Text

Url = Annotated[
    str, Field(description="An absolute URL.", examples=["https://strefy.example/zones/kwidzyn"])
]
Timestamp = Annotated[
    str,
    Field(
        pattern=r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$",
        description="RFC 3339, UTC, to the second.",
        examples=["2026-05-04T10:00:00Z"],
    ),
]
Day = Annotated[str, Field(pattern=r"^\d{4}-\d\d-\d\d$", examples=["2026-05-04"])]
Grosze = Annotated[int, Field(description="An amount in grosze (1/100 PLN).")]
Pln = Annotated[str, Field(pattern=r"^-?\d+\.\d\d$", description="The same amount as PLN text.")]
Share = Annotated[str, Field(pattern=r"^\d+\.\d$", description="Per cent to a tenth, as text.")]
Slug = Annotated[str, Field(examples=["kwidzyn"])]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# Errors


class ErrorDetail(Model):
    status: int = Field(description="The HTTP status again.", ge=400, le=599)
    code: str = Field(
        pattern=r"^[a-z][a-z_]*[a-z]$",
        description="For programs; never translated (the README lists them).",
        examples=["not_found"],
    )
    message: str = Field(description="In the reader's language (Accept-Language).")
    fields: dict[str, str] | None = Field(
        default=None, description="Only when particular fields are wrong: name -> reason."
    )


class Error(Model):
    """The API's one error shape, on every route and status."""

    error: ErrorDetail


# Pagination


class Links(Model):
    self: Url
    next: Url | None = Field(description="The next page, or null on the last one.")
    prev: Url | None = Field(description="The previous page, or null on the first one.")


class Pagination(Model):
    page: int = Field(ge=1)
    pages: int = Field(ge=0, description="How many pages there are (0 for an empty list).")
    limit: int = Field(ge=1, description="Items per page.")
    total: int = Field(ge=0, description="Items on all pages.")


class Paged(Model):
    links: Links
    pagination: Pagination


# Zones


class ZoneLinks(Model):
    self: Url
    surveys: Url
    ideas: Url
    plan: Url
    reports: Url


class Zone(Model):
    slug: Slug
    library_name: str
    town: str
    region: str = Field(description="The voivodeship; empty when not given.")
    population: int | None = Field(description="The town's population, when given.")
    is_pilot: bool
    url: Url = Field(description="The zone's page.")
    api: ZoneLinks = Field(description="The zone's resources in this API.")


class ZoneDetail(Zone):
    description: str


class ZoneList(Paged):
    zones: list[Zone]


# Surveys


class OptionOut(Model):
    value: str
    label: Text


class QuestionOut(Model):
    key: str
    type: QuestionType
    text: Text
    required: bool
    dimension: bool = Field(description="Results can be broken down by its answers.")
    options: list[OptionOut] | None = None
    other: Literal[True] | None = Field(default=None, description="Takes an own answer too.")
    show_if: ShowIf | None = None
    max_choices: int | None = None
    min: int | None = None
    max: int | None = None
    max_length: int | None = None
    labels: list[Text] | None = None


class SurveyOut(Model):
    slug: Slug
    title: Text
    status: Literal[SurveyStatus.OPEN, SurveyStatus.CLOSED]
    accepts_answers: bool
    requires_access_code: bool
    results_public: bool
    opens_at: Timestamp | None
    closes_at: Timestamp | None
    url: Url = Field(description="The survey's page.")
    responses_url: Url = Field(description="POST a response here.")
    results_url: Url = Field(description="Its results in this API (public ones for everyone).")
    questions: list[QuestionOut]


class SurveyList(Paged):
    zone: Slug
    url: Url
    surveys: list[SurveyOut]


# A complete response to the demo's diagnosis (`flask demo`: kwidzyn's open survey).
SUBMISSION = {
    "answers": {
        "czego_brakuje": ["miejsce_rodzice_dzieci", "zajecia_mlodziez"],
        "dobre_miejsce": 7,
        "gdzie_spotkania": ["biblioteka"],
        "skad_informacje": ["portal_lokalny"],
        "informacje_latwo": 4,
        "polecenie_biblioteki": 9,
        "priorytety_strefy": [
            "klub_rodzicow",
            "zajecia_mlodziez",
            "warsztaty_cyfrowe",
            "wydarzenia_kulturalne",
            "informator_lokalny",
        ],
        "zaangazowanie": "uczestniczyc",
        "grupa_wieku": "wiek_25_34",
    },
    "channel": "kiosk",
}


class Submission(BaseModel):
    """One complete response. `answers` maps question keys to answers: an option value
    (single choice), a list of values (multiple choice, ranking in order), a number
    (likert 1-5, scale 0-10, number), text; `<key>__other` for an own answer."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [SUBMISSION]})
    answers: dict[str, Any]
    channel: Literal[Channel.KIOSK, Channel.LINK, Channel.QR] = Channel.KIOSK
    access_code: str | None = Field(
        default=None, max_length=40, description="Where the survey requires one."
    )


class Stored(Model):
    id: int
    survey: Slug
    channel: Channel
    submitted_at: Timestamp
    url: Url = Field(description="The survey's page.")


# Results


class Suppressed(Model):
    suppressed: Literal[True]


class Only(Model):
    key: str
    option: str


class GroupOut(Model):
    key: str
    respondents: int | None = Field(description="null when the group is too small to show.")
    suppressed: bool


class ResultQuestion(BaseModel):
    """A question's figures per group: "all", or each group of `by`; a group too small is
    {"suppressed": true}. The figures depend on the question's type (counts and shares of
    options, mean and median, ranks, grouped texts)."""

    model_config = ConfigDict(extra="allow")
    key: str
    type: QuestionType
    text: Text
    groups: dict[str, dict[str, Any]]


class Results(Model):
    survey: Slug
    url: Url
    computed_at: Timestamp
    respondents: int | Suppressed
    suppression_threshold: int
    by: str | None
    only: Only | None
    groups: list[GroupOut]
    questions: list[ResultQuestion]


# Ideas


class BoardOut(Model):
    id: int
    table: int
    question: str
    url: Url = Field(description="The table's board, where residents post ideas.")


class CafeOut(Model):
    slug: Slug
    title: str
    starts_at: Timestamp | None
    url: Url = Field(description="The café's page.")


class IdeaOut(Model):
    id: int
    title: str
    description: str | None
    nickname: str | None
    status: Literal[tuple(VISIBLE_STATUSES)]  # type: ignore[valid-type]
    themes: list[str]
    supports: int
    merged_sources: int = Field(description="Ideas merged into this one.")
    channel: IdeaChannel
    board: BoardOut
    cafe: CafeOut
    published_at: Timestamp | None
    url: Url


class IdeaList(Paged):
    zone: Slug
    url: Url
    ideas: list[IdeaOut]


# The plan


class Linked(Model):
    id: int
    url: Url


class Period(Model):
    start_year: int
    end_year: int
    text: str


class GoalOut(Model):
    id: int
    title: str
    description: str
    findings: list[Linked]
    url: Url


class Milestone(Model):
    title: str
    due_on: Day | None
    done_on: Day | None


class Indicator(Model):
    name: str
    unit: str
    target: int
    achieved: int | None
    source: str


class ActionOut(Model):
    number: int
    title: str
    description: str
    goal: int | None
    status: ActionStatus
    drop_reason: str | None
    progress: int = Field(ge=0, le=100, description="Per cent.")
    progress_is_set: bool = Field(description="False when the milestones give the progress.")
    starts_on: Day | None
    ends_on: Day | None
    owner: str | None
    milestones: list[Milestone]
    indicators: list[Indicator]
    ideas: list[Linked]
    findings: list[Linked]
    url: Url


class Grant(Model):
    funder: str
    programme: str
    contract_number: str | None
    contract_date: Day | None
    amount_awarded: Grosze
    amount_awarded_pln: Pln
    starts_on: Day | None
    ends_on: Day | None


class Figures(Model):
    planned: Grosze
    planned_pln: Pln
    spent: Grosze
    spent_pln: Pln


class BudgetLine(Figures):
    id: int
    action: int | None
    category: CostCategory
    description: str
    quantity: int
    unit: str
    unit_cost: Grosze
    unit_cost_pln: Pln
    amount: Grosze
    amount_pln: Pln
    source: FundSource


class Budget(Model):
    lines: list[BudgetLine]
    sources: dict[str, Figures]
    categories: dict[str, Figures]
    total: Figures
    awarded: Grosze
    awarded_pln: Pln
    grant_spent: Grosze
    grant_spent_pln: Pln


class PlanOut(Model):
    zone: Slug
    url: Url
    title: str
    period: Period
    vision: str
    version: int
    published_at: Timestamp | None
    goals: list[GoalOut]
    actions: list[ActionOut]
    grant: Grant | None
    budget: Budget


# Reports


class ReportIndicator(Model):
    name: str | None
    unit: str | None
    target: int | None
    achieved: int | None
    reached_share: int | None = Field(description="A whole per cent of the target.")
    explanation: str


class ReportAction(Model):
    number: int | None
    title: str | None
    status: str | None
    achieved: str
    participants: int | None
    lasting: str
    indicators: list[ReportIndicator]


class MoneyRow(Model):
    planned: Grosze
    planned_pln: Pln
    earlier: Grosze
    earlier_pln: Pln
    this_period: Grosze
    this_period_pln: Pln
    total: Grosze
    total_pln: Pln


class CategoryRow(MoneyRow):
    category: str | None


class SourceRow(MoneyRow):
    source: str | None
    planned_share: Share | None
    total_share: Share | None


class ReportMoney(Model):
    categories: list[CategoryRow]
    sources: list[SourceRow]
    total: MoneyRow
    documents_total: Grosze
    documents_total_pln: Pln
    documents_from_grant: Grosze
    documents_from_grant_pln: Pln
    awarded: Grosze
    awarded_pln: Pln


class ReportFigures(Model):
    plan_title: str | None
    actions: list[ReportAction]
    money: ReportMoney
    additional: str


class ReportPeriod(Model):
    start: Day | None
    end: Day | None


class ReportOut(Model):
    number: int
    kind: ReportKind
    period: ReportPeriod
    status: Literal[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED]
    submitted_at: Timestamp | None
    url: Url = Field(description="The report's page.")
    figures: ReportFigures


class ReportList(Paged):
    zone: Slug
    plan_url: Url
    reports: list[ReportOut]


# The catalogue


class EntryStatus(Model):
    code: Literal[tuple(STATUSES)] = Field(  # type: ignore[valid-type]
        description="An action's status, or a chosen or implemented idea's."
    )
    label: str = Field(description="In the reader's language.")


class ThemeOut(Model):
    code: ProgrammeTheme
    label: str


class CostBandOut(Model):
    code: CostBand
    label: str


class SizeBandOut(Model):
    code: SizeBand
    label: str


class Bands(Model):
    cost: CostBandOut | None = Field(description="null when nothing is planned (an idea).")
    size: SizeBandOut | None = Field(description="null when the town's population is not given.")


class CatalogueZone(Model):
    slug: Slug
    town: str
    library: str
    region: str = Field(description="The voivodeship; empty when not given.")
    population: int | None
    url: Url = Field(description="The zone's page.")
    api: Url = Field(description="The zone in this API.")


class CatalogueCost(Model):
    """What the action's budget plans: from the grant, the library's own money, both."""

    grant: Grosze
    grant_pln: Pln
    own: Grosze
    own_pln: Pln
    total: Grosze
    total_pln: Pln


class CatalogueEntry(Model):
    kind: EntryKind
    id: int = Field(description="The action's or the idea's id.")
    title: str
    status: EntryStatus
    zone: CatalogueZone = Field(description="The zone it comes from.")
    cost: CatalogueCost | None = Field(description="null for an idea, or an action with no budget.")
    bands: Bands
    themes: list[ThemeOut] = Field(description="The programme's themes its zone gave it.")
    updated_at: Timestamp
    adopted_in_zones: int = Field(ge=0, description="Other zones with a public copy of it.")
    url: Url = Field(description="The entry's page.")
    api: Url = Field(description="The entry in this API.")


class CatalogueList(Paged):
    url: Url = Field(description="The catalogue's page.")
    entries: list[CatalogueEntry]


class EntryPlan(Model):
    title: str
    period: str = Field(examples=["2025–2026"])
    url: Url = Field(description="The plan's page.")


class EntryIndicatorOut(Model):
    name: str
    unit: str
    target: int
    achieved: int | None
    reached_share: int | None = Field(description="A whole per cent of the target.")


class EntryReport(Model):
    """What a submitted or accepted report of the plan says about the action."""

    number: int
    kind: ReportKind
    period: ReportPeriod
    status: Literal[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED]
    achieved: str
    participants: int | None
    lasting: str
    explanations: dict[str, str] = Field(
        description="Indicator name -> why it stayed below its target."
    )
    url: Url = Field(description="The report's page.")


class EntryIdeaOut(Model):
    id: int
    title: str
    description: str
    status: str
    url: Url = Field(description="The idea's page.")


class EntryFindingOut(Model):
    id: int
    text: str
    figure: str | None


class AdoptedFromOut(Model):
    """The entry is itself a zone's copy of another entry."""

    title: str
    town: str
    library: str
    note: str = Field(description="How the zone adapted it.")
    url: Url | None = Field(description="The origin's entry; null once it is gone or not public.")


class TravelledStatus(Model):
    code: str = Field(description="The copy's status: an action's, or an idea's.")
    label: str


class TravelledOut(Model):
    """A public copy of the entry in another zone: an action of its published plan, or an
    idea on one of its boards."""

    zone: CatalogueZone
    kind: EntryKind = Field(description="What the copy is.")
    title: str
    status: TravelledStatus
    done: bool = Field(description="Done (an action), or implemented (an idea).")
    note: str = Field(description="How the zone adapted it.")
    adopted_at: Timestamp
    url: Url = Field(description="The copy's page.")


class UptakeOut(Model):
    library: str = Field(description="The partner library (it has no account of its own).")
    zone: CatalogueZone = Field(description="The zone whose partner it is.")
    note: str
    taken_up_on: Day


class CatalogueEntryDetail(CatalogueEntry):
    description: str
    drop_reason: str | None = Field(description="Why a dropped action was dropped.")
    number: int | None = Field(description="The action's number in its plan; null for an idea.")
    plan: EntryPlan | None = Field(description="The action's plan; null for an idea.")
    source_url: Url = Field(description="The action's page in its plan, or the idea's page.")
    indicators: list[EntryIndicatorOut]
    reports: list[EntryReport]
    ideas: list[EntryIdeaOut] = Field(description="The residents' ideas behind it (or itself).")
    findings: list[EntryFindingOut] = Field(description="The diagnosis' findings behind it.")
    adopted_from: AdoptedFromOut | None
    travelled: list[TravelledOut] = Field(description="Other zones' public copies, latest first.")
    uptakes: list[UptakeOut] = Field(description="Partner libraries that took it up, latest first.")
