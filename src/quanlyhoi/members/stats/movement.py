"""Joined and left within a period, each placed by the unit tree of its own day."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Q

from quanlyhoi.core.paths import subtree_q
from quanlyhoi.members.models import MEMBER_STATUSES, MembershipPeriod, MemberStatus
from quanlyhoi.members.stats.result import Movement
from quanlyhoi.members.stats.scope import scope_q, unit_ids
from quanlyhoi.orgs.models import Association, Unit, UnitPeriod

# Statuses that end a membership: "left in a period" counts changes into one of these.
ENDED_STATUSES = (MemberStatus.LEFT, MemberStatus.DECEASED, MemberStatus.TRANSFERRED)


def placed_q(actor, association: Association, unit: Unit | None) -> Q:
    """Membership periods whose unit was in the subtree on the day the period starts (the tree of that day, so
    a member who left a unit later merged away still counts where the unit then stood)."""
    q = Q(association_id=association.pk)
    scope = scope_q(actor, association.pk)
    if scope is not None:
        q &= scope
    if unit is None:
        return q
    # Every period of the asked unit (a few rows): a joining is placed on the day its first period starts,
    # which may lie after the statistics period when the unit was registered after the member joined.
    roots = list(UnitPeriod.objects.filter(unit=unit))
    ever = Q(pk__in=[])
    placed = Q(pk__in=[])
    for root in roots:
        ever |= subtree_q("path", root.path)
        in_subtree = UnitPeriod.objects.filter(
            subtree_q("path", root.path), unit_id=OuterRef("unit_id"), valid_from__lte=OuterRef("valid_from")
        ).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=OuterRef("valid_from")))
        during = Q(valid_from__gte=root.valid_from)
        if root.valid_to is not None:
            during &= Q(valid_from__lt=root.valid_to)
        placed |= during & Q(Exists(in_subtree))
    # The units ever in the subtree first: a small subtree is then read through its own units, not through
    # every change of the association in the period.
    return q & Q(unit_id__in=unit_ids(UnitPeriod.objects.filter(ever))) & placed


def movement(actor, association: Association, unit: Unit | None, start: datetime.date, end: datetime.date) -> Movement:
    """Joined: memberships whose joined date falls in [start, end], placed by their first period (imports
    without a joined date are never counted as joining). Left: periods that changed a member into left,
    deceased or transferred within [start, end]."""
    earlier = MembershipPeriod.objects.filter(
        membership_id=OuterRef("membership_id"), valid_from__lt=OuterRef("valid_from")
    )
    joined = (
        MembershipPeriod.objects.filter(membership__joined_on__gte=start, membership__joined_on__lte=end)
        .filter(~Exists(earlier))
        .filter(placed_q(actor, association, unit))
        .count()
    )
    was_member = MembershipPeriod.objects.filter(
        membership_id=OuterRef("membership_id"), valid_to=OuterRef("valid_from"), status__in=MEMBER_STATUSES
    )
    left_rows = (
        MembershipPeriod.objects.filter(status__in=ENDED_STATUSES, valid_from__gte=start, valid_from__lte=end)
        .filter(Exists(was_member))
        .filter(placed_q(actor, association, unit))
        .values("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    left = dict.fromkeys([str(s) for s in ENDED_STATUSES], 0)
    left.update({row["status"]: row["n"] for row in left_rows})
    return Movement(start, end, joined, left)
