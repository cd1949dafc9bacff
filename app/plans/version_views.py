"""A published plan's versions: the list, one version as it was, and what changed between
two. Residents may read them once the plan is published."""

from flask import render_template

from app.core.params import BadParameter, int_arg
from app.plans import bp, services
from app.plans.versions import (
    compare as compare_snapshots,
)
from app.plans.versions import (
    get_version,
    linked_names,
    plan_versions,
    readable_plan,
    shown,
    versions_numbered,
)
from app.zones.access import zone_route
from app.zones.models import Zone


@bp.get("/zones/<zone_slug>/plan/versions")
@zone_route()
def versions(zone: Zone):
    """Every version of the plan: its number, when, who and what changed."""
    plan = readable_plan(services.get_plan(zone))
    return render_template(
        "plans/versions.html", zone=zone, plan=plan, versions=plan_versions(plan)
    )


@bp.get("/zones/<zone_slug>/plan/versions/<int:number>")
@zone_route()
def version(zone: Zone, number: int):
    """One version of the plan as it was: goals, actions, their ideas and findings, budget."""
    plan = readable_plan(services.get_plan(zone))
    found = get_version(plan, number)
    ideas, findings = linked_names(zone, [found.snapshot])
    return render_template(
        "plans/version.html", zone=zone, plan=plan, version=found, snapshot=found.snapshot,
        ideas=ideas, findings=findings, shown=shown,
    )  # fmt: skip


@bp.get("/zones/<zone_slug>/plan/versions/compare")
@zone_route()
def compare(zone: Zone):
    """What changed between versions ?from= and ?to= (by default the latest and the one
    before it)."""
    plan = readable_plan(services.get_plan(zone))
    to = int_arg("to", plan.version, minimum=1, strict=True)
    since = int_arg("from", max(to - 1, 1), minimum=1, strict=True)
    found = versions_numbered(plan, [since, to])
    for name, number in (("from", since), ("to", to)):
        if number not in found:
            raise BadParameter(name)
    old, new = found[since], found[to]
    changes = compare_snapshots(old.snapshot, new.snapshot)
    ideas, findings = linked_names(zone, [old.snapshot, new.snapshot])
    return render_template(
        "plans/compare.html", zone=zone, plan=plan, old=old, new=new, changes=changes,
        ideas=ideas, findings=findings, shown=shown, numbers=range(plan.version, 0, -1),
    )  # fmt: skip
