"""The thread: from the diagnosis's findings to the residents' ideas, the plan's actions and
the reports that account for them, and back.

`load_thread` reads everything in a fixed number of queries (whatever the plan's size);
`build_thread` is pure: it links what the viewer may see into the two views of the page
(findings forward, reports back) and the Sankey figure drawn above them.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from flask import url_for
from flask_login import current_user
from sqlalchemy import select, union
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.cafes.models import VISIBLE_STATUSES, Board, Cafe, Idea, cafe_findings
from app.dashboards.models import Finding
from app.dashboards.services import results_access
from app.extensions import db
from app.plans.models import (
    Action,
    Goal,
    Plan,
    PlanStatus,
    Report,
    ReportStatus,
    action_findings,
    goal_findings,
)  # fmt: skip
from app.surveys.models import Survey
from app.zones.access import can_see_zone_team
from app.zones.models import Zone

KINDS = ("finding", "idea", "action", "report")
FROZEN = (ReportStatus.SUBMITTED.value, ReportStatus.ACCEPTED.value)
# The Sankey's colours: findings, ideas, actions (each at least 4.5:1 against white).
NODE_COLOURS = {"finding": "#004488", "idea": "#dd5500", "action": "#2d6a2d"}
LINK_COLOUR = "rgba(80, 84, 92, 0.25)"
LABEL_MAX = 40  # characters of a node's label on the chart


def thread_url(zone: Zone, kind: str, key: int) -> str:
    """The thread page at one finding, idea, action (by its number) or report (by its
    number): for the links of the finding's, idea's and action's pages."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of thread's node: {kind}")
    return url_for("plans.thread", zone_slug=zone.slug, _anchor=f"{kind}-{key}")


def plan_finding_ids(zone: Zone) -> frozenset[int]:
    """The ids of the findings the zone's plan answers (its goals' and actions' findings):
    for everyone when the plan is published, for the zone's team always. One query, for a
    whole page of findings (template global, see `thread_url`)."""
    where = [Plan.zone_id == zone.id]
    if not can_see_zone_team(current_user, zone):
        where.append(Plan.status == PlanStatus.PUBLISHED.value)
    by_goal = (
        select(goal_findings.c.finding_id)
        .join(Goal, Goal.id == goal_findings.c.goal_id)
        .join(Plan, Plan.id == Goal.plan_id)
        .where(*where)
    )
    by_action = (
        select(action_findings.c.finding_id)
        .join(Action, Action.id == action_findings.c.action_id)
        .join(Plan, Plan.id == Action.plan_id)
        .where(*where)
    )
    return frozenset(db.session.scalars(union(by_goal, by_action)))


# Reading: a fixed number of queries ------------------------------------------------------


@dataclass
class Loaded:
    """What the thread page reads from the database, not yet sorted for the viewer."""

    plan: Plan
    findings: list[Finding]
    reports: list[Report]
    # (finding id, idea) for the ideas of cafés motivated by a finding
    cafe_ideas: list[tuple[int, Idea]]


def load_thread(plan: Plan) -> Loaded:
    """Everything else of the thread: the zone's findings (with their surveys), the plan's
    reports and the ideas of the cafés the findings motivated."""
    findings = list(
        db.session.scalars(
            select(Finding)
            .join(Survey, Finding.survey_id == Survey.id)
            .where(Survey.zone_id == plan.zone_id)
            .options(selectinload(Finding.survey))
            .order_by(Survey.id, Finding.position, Finding.id)
        )
    )
    reports = list(
        db.session.scalars(select(Report).where(Report.plan_id == plan.id).order_by(Report.number))
    )
    cafe_ideas: list[tuple[int, Idea]] = []
    if findings:
        rows = db.session.execute(
            select(cafe_findings.c.finding_id, Idea)
            .join(Board, Idea.board_id == Board.id)
            .join(Cafe, Board.cafe_id == Cafe.id)
            .join(cafe_findings, cafe_findings.c.cafe_id == Cafe.id)
            .where(
                Cafe.zone_id == plan.zone_id,
                cafe_findings.c.finding_id.in_([finding.id for finding in findings]),
            )
            .order_by(Idea.id)
        )
        cafe_ideas = [(finding_id, idea) for finding_id, idea in rows]
    return Loaded(plan, findings, reports, cafe_ideas)


# Linking: pure ----------------------------------------------------------------------------


@dataclass
class IdeaNode:
    idea: Idea
    actions: list[Action] = field(default_factory=list)
    anchor: bool = False  # this occurrence carries id="idea-N"


@dataclass
class FindingNode:
    """A finding, forward: the ideas that followed it (each with its actions) and the
    actions answering it with no idea of the residents."""

    finding: Finding
    ideas: list[IdeaNode] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)


@dataclass
class ActionNode:
    """An action, back: the residents' ideas it carries out and the findings it answers."""

    action: Action
    ideas: list[IdeaNode] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Thread:
    plan: Plan
    forward: list[FindingNode]
    back: list[ActionNode]
    reports: list[Report]
    links: list[tuple[str, str]]  # ("finding-1", "idea-2"): the Sankey's connections
    labels: dict[str, str]  # node key -> its label

    @property
    def empty(self) -> bool:
        return not self.forward and not self.back


def visible_to(user: User, loaded: Loaded) -> tuple[list[Finding], set[int], list[Report]]:
    """The findings, ideas' ids (among those read) and reports `user` may see: residents see
    findings of surveys whose results are public, only published ideas not hidden, and only
    submitted or accepted reports; the zone's team sees every finding of its surveys with
    results, every idea of an action (hidden ones too), the cafés' ideas that were published
    and every report (drafts too)."""
    team = can_see_zone_team(user, loaded.plan.zone)
    by_survey: dict[int, bool] = {}
    findings = []
    for finding in loaded.findings:
        if finding.survey_id not in by_survey:
            by_survey[finding.survey_id] = results_access(user, finding.survey) is not None
        if by_survey[finding.survey_id]:
            findings.append(finding)
    if team:  # the actions' ideas, and the cafés' ideas that made it onto their boards
        ideas = {idea.id for action in loaded.plan.actions for idea in action.ideas}
        ideas |= {idea.id for _, idea in loaded.cafe_ideas if idea.status in VISIBLE_STATUSES}
    else:
        ideas = {idea.id for action in loaded.plan.actions for idea in action.ideas if idea.visible}
        ideas |= {idea.id for _, idea in loaded.cafe_ideas if idea.visible}
    reports = [r for r in loaded.reports if team or r.status in FROZEN]
    return findings, ideas, reports


def build_thread(loaded: Loaded, findings: list[Finding], ideas: set[int],
                 reports: list[Report]) -> Thread:  # fmt: skip
    """The two views of the chain, from what the viewer may see (see `visible_to`)."""
    plan = loaded.plan
    shown = {finding.id for finding in findings}
    actions = list(plan.actions)
    ideas_of = {a.id: [i for i in a.ideas if i.id in ideas] for a in actions}
    findings_of: dict[int, list[Finding]] = {}
    for action in actions:
        linked = {f.id: f for f in action.findings if f.id in shown}
        if action.goal is not None:
            linked |= {f.id: f for f in action.goal.findings if f.id in shown}
        findings_of[action.id] = sorted(linked.values(), key=lambda f: f.id)
    actions_of_idea: dict[int, list[Action]] = defaultdict(list)
    for action in actions:
        for idea in ideas_of[action.id]:
            actions_of_idea[idea.id].append(action)
    cafe_ideas: dict[int, list[Idea]] = defaultdict(list)
    for finding_id, idea in loaded.cafe_ideas:
        if idea.id in ideas and finding_id in shown:
            cafe_ideas[finding_id].append(idea)

    back = [
        ActionNode(action, [IdeaNode(i) for i in ideas_of[action.id]], findings_of[action.id])
        for action in actions
    ]
    forward = []
    for finding in findings:
        node_ideas: dict[int, Idea] = {idea.id: idea for idea in cafe_ideas[finding.id]}
        direct = []
        for action in actions:
            if finding in findings_of[action.id]:
                node_ideas |= {idea.id: idea for idea in ideas_of[action.id]}
                if not ideas_of[action.id]:
                    direct.append(action)
        forward.append(FindingNode(
            finding,
            [IdeaNode(idea, actions_of_idea[idea.id]) for idea in sorted(
                node_ideas.values(), key=lambda i: i.id)],
            direct,
        ))  # fmt: skip
    _place_idea_anchors(forward, back)

    links: list[tuple[str, str]] = []
    labels: dict[str, str] = {}
    for node in forward:
        labels[f"finding-{node.finding.id}"] = node.finding.text
        for idea_node in node.ideas:
            links.append((f"finding-{node.finding.id}", f"idea-{idea_node.idea.id}"))
        for action in node.actions:
            links.append((f"finding-{node.finding.id}", f"action-{action.number}"))
    for node in back:
        labels[f"action-{node.action.number}"] = f"{node.action.number}. {node.action.title}"
        for idea_node in node.ideas:
            labels[f"idea-{idea_node.idea.id}"] = idea_node.idea.title
            links.append((f"idea-{idea_node.idea.id}", f"action-{node.action.number}"))
    for node in forward:
        for idea_node in node.ideas:
            labels[f"idea-{idea_node.idea.id}"] = idea_node.idea.title
    return Thread(plan, forward, back, reports, list(dict.fromkeys(links)), labels)


def _place_idea_anchors(forward: list[FindingNode], back: list[ActionNode]) -> None:
    """Each idea's anchor once on the page: where it first stands under an action (the
    view back), else where it first follows a finding."""
    placed: set[int] = set()
    for nodes in ([n for a in back for n in a.ideas], [n for f in forward for n in f.ideas]):
        for node in nodes:
            if node.idea.id not in placed:
                node.anchor = True
                placed.add(node.idea.id)


def _short(text: str, limit: int = LABEL_MAX) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def sankey(thread: Thread, language: str) -> dict[str, Any] | None:
    """How findings, ideas and actions connect, as a Plotly figure (a Sankey diagram: one
    link of value 1 per connection), or None when nothing connects."""
    if not thread.links:
        return None
    # Only the ideas an action carries out: on a phone, forty café ideas' labels would
    # cover each other. The lists below the diagram name every idea.
    in_plan = {a for a, b in thread.links if a.startswith("idea-") and b.startswith("action-")}
    links = [(a, b) for a, b in thread.links if not b.startswith("idea-") or b in in_plan]
    labels = thread.labels
    if not links:
        return None
    keys = list(dict.fromkeys(key for link in links for key in link))
    order = {"finding": 0, "idea": 1, "action": 2}
    keys.sort(key=lambda key: order[key.split("-")[0]])
    index = {key: i for i, key in enumerate(keys)}
    trace = {
        "type": "sankey", "orientation": "h",
        "node": {
            "label": [_short(labels.get(key, key)) for key in keys],
            "color": [NODE_COLOURS[key.split("-")[0]] for key in keys],
            "pad": 12, "thickness": 14, "line": {"width": 0},
            "hoverinfo": "none",
        },
        "link": {
            "source": [index[a] for a, _ in links],
            "target": [index[b] for _, b in links],
            "value": [1] * len(links),
            "color": LINK_COLOUR, "hoverinfo": "none",
        },
        "textfont": {"size": 12, "color": "#1a1a1a"},
    }  # fmt: skip
    height = max(240, 40 * max(sum(1 for k in keys if k.startswith(p)) for p in order))
    layout = {
        "height": height,
        "margin": {"l": 4, "r": 4, "t": 4, "b": 4},
        "font": {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
                 "size": 12, "color": "#1a1a1a"},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "separators": ", " if language == "pl" else ".,",
    }  # fmt: skip
    return {"data": [trace], "layout": layout}
