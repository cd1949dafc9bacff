"""The order of a dashboard's questions: as in the survey, or the strongest findings first.

"Strongest" is kept simple enough to say in one sentence on the page:
- for everyone together, the largest share of people who gave one answer (a question where
  75 % chose the same answer says more than one where answers are spread evenly);
- in a comparison of groups, the largest gap, in percentage points, between two groups'
  shares of the same answer (those who did not answer the comparison's question are not
  a group to compare, unless there is no other pair).

It is measured on the table the page shows, never on the counts behind it: a hidden
figure has no value in the table, so a question whose figures are hidden has no strength
and goes last, in survey order. Ordering can therefore tell nothing about a small group
that its table does not already show (tests/dashboards/test_dashboard_fit.py attacks it).
"""

from app.dashboards.aggregate import NO_ANSWER
from app.dashboards.tables import HIDDEN, SHARE, Table

SURVEY, STRONGEST = "survey", "strongest"
ORDERS = (SURVEY, STRONGEST)


def read_order(value: str | None) -> str:
    """The order asked for (?order=), survey order for anything else."""
    return value if value in ORDERS else SURVEY


def _shares(table: Table, group: int) -> list[float | None]:
    """One group's shares, one per row (None where there is no figure or it is hidden)."""
    kinds = len(table.kinds)
    shares = []
    for row in table.rows:
        cells = row.cells[group * kinds : (group + 1) * kinds]
        share = next((c for c in cells if c.kind == SHARE), None)
        shares.append(None if share is None or share.kind == HIDDEN else share.value)
    return shares


def strength(table: Table, group_keys: list[str]) -> float | None:
    """How strong a question's finding is (0 to 1, see the module's docstring), from the
    figures its table shows; None when it shows none."""
    if table.hidden or not table.rows:
        return None
    columns = [_shares(table, i) for i in range(len(table.groups))]
    if len(columns) == 1:
        values = [v for v in columns[0] if v is not None]
        return max(values) if values else None
    groups = [i for i, key in enumerate(group_keys) if key != NO_ANSWER]
    if len(groups) < 2:
        groups = list(range(len(columns)))
    gaps = []
    for row in range(len(table.rows)):
        values = [columns[i][row] for i in groups if columns[i][row] is not None]
        if len(values) >= 2:
            gaps.append(max(values) - min(values))
    return max(gaps) if gaps else None


def strongest_first(items: list[dict]) -> list[dict]:
    """`items` (each with a "strength") from the strongest finding to the weakest; ties and
    questions without a strength keep the survey's order, the latter last."""
    return sorted(items, key=lambda item: (item["strength"] is None, -(item["strength"] or 0)))
