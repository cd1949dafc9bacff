"""Small-cell suppression: no figure is shown for a group of fewer than k respondents.

Hiding only the small group is not enough when totals are shown: its figures would be the
total minus the visible groups. Hiding it together with "the smallest other group" is not
enough either, once the rule is known (it is: this is open source): which group was chosen
tells how large the hidden ones can be, and tests found cases where that pins their
sizes. So a breakdown is all or nothing: when any group is small, every group of that
breakdown is hidden, empty ones included (showing a 0 would tell which hidden groups have
people). What remains public is the total, about which the threshold was checked before.

Every table shown within a filter or a breakdown is such a comparison, a dimension
question's own distribution included (it is the breakdown by that question): aggregate.py
decides each on its whole cross-table with `hidden_groups`.
"""

from collections.abc import Mapping

# With a threshold of 2, a hidden breakdown of 2 people into two groups would still tell
# that each group has one person. From 3 on, the total never pins the hidden sizes.
MIN_THRESHOLD = 3


def hidden_groups(sizes: Mapping[object, int], k: int) -> set:
    """The groups whose figures must not be shown, given each group's number of people.

    Nothing is hidden when every group is empty or has at least k people; otherwise all
    groups are. (With fewer than k people in all, the caller withholds the totals too.)
    """
    if k <= 1:
        return set()
    if any(0 < n < k for n in sizes.values()):
        return set(sizes)
    return set()
