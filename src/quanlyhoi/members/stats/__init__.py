"""Member statistics as of any date for any subtree: the figures of the unit page, the dashboard, the API, the
CLI and the periodic reports.

What is counted: MembershipPeriod rows valid on the day D (valid_from <= D < valid_to, or open), placed in the
unit tree as it stood on D (the UnitPeriod of each unit valid on D, its path inside the subtree of the asked
unit's path on D). A merger or a split therefore moves members from the effective date only, and a count as of
a past date keeps its answer. "Members" are the active and suspended; the left, deceased and transferred out
are counted as they stood on D.

Scope: the asked unit or association must be visible (NotFound otherwise); statistics of a whole association
need a role on the whole association (Forbidden otherwise). A unit officer counts the periods of the units in
their subtree: a unit's history of its own members stays its data after a member moves away.

Everything is computed in the database with a handful of aggregate queries; Python only folds their grouped
rows (one per unit, or per sex x year of birth x type), never the members themselves. They count rows with
COUNT(*): a million members are a million index entries, and COUNT(id) reads each entry's id besides.
"""

from quanlyhoi.members.stats.across import association_totals, distinct_people
from quanlyhoi.members.stats.figures import member_counts, member_stats, period_of
from quanlyhoi.members.stats.result import ChildRow, Figure, MemberStats, Movement
from quanlyhoi.members.stats.scope import default_target, resolve, scope_roots, target, whole_association

__all__ = [
    "ChildRow",
    "Figure",
    "MemberStats",
    "Movement",
    "association_totals",
    "default_target",
    "distinct_people",
    "member_counts",
    "member_stats",
    "period_of",
    "resolve",
    "scope_roots",
    "target",
    "whole_association",
]
