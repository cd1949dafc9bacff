"""Small-cell suppression: no figure is shown for a group of fewer than k respondents.

Hiding a small group is not enough when totals are shown: its figures would be the total
minus the visible groups. So when groups are hidden, more are hidden with them (the
smallest first) until the hidden groups together count at least k respondents and are at
least two. What can then be worked out from the published figures is only their sum, which
describes k or more people, like any figure that is shown.
"""

from collections.abc import Mapping


def hidden_groups(sizes: Mapping[object, int], k: int) -> set:
    """The groups whose figures must not be shown, given each group's number of people.

    Empty groups hide nothing and are never hidden. With one group only (no breakdown),
    it is hidden when it is small; there is no total to subtract it from.
    """
    if k <= 1:
        return set()
    people = {group: n for group, n in sizes.items() if n > 0}
    hidden = {group for group, n in people.items() if n < k}
    if not hidden:
        return hidden
    if len(people) == 1:
        return hidden
    visible = sorted((g for g in people if g not in hidden), key=lambda g: (people[g], str(g)))
    while visible and (len(hidden) < 2 or sum(people[g] for g in hidden) < k):
        hidden.add(visible.pop(0))
    return hidden
