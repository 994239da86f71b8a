"""Counts across units and associations: the dashboard's totals and the overseer's distinct people."""

from __future__ import annotations

import datetime

from django.db.models import Count

from quanlyhoi.core.errors import Forbidden
from quanlyhoi.core.scoping import has_system_scope
from quanlyhoi.members.models import MEMBER_STATUSES, MembershipPeriod, Person
from quanlyhoi.members.stats.scope import whole_association
from quanlyhoi.orgs.models import Association, valid_on_q


def association_totals(actor, as_of: datetime.date) -> list[tuple[Association, int]]:
    """Members as of `as_of` of every association the actor sees as a whole (the dashboard of the system
    administrator, the overseer and association-wide roles), in the associations' order."""
    visible = [a for a in Association.objects.restrict(actor, "view") if whole_association(actor, a.pk)]
    counts = dict(
        MembershipPeriod.objects.filter(valid_on_q(as_of), status__in=MEMBER_STATUSES, association__in=visible)
        .values("association_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("association_id", "n")
    )
    return [(a, counts.get(a.pk, 0)) for a in visible]


def distinct_people(*, actor, as_of: datetime.date) -> dict:
    """Members as of `as_of` across every association, and the distinct people among them (system and
    overseer roles only).

    Each association keeps its own record of a person, so "distinct" is an approximation by identity number:
    records with the same CCCD/CMND are one person; records without one count one person each (an
    overcount), and an old 9-digit CMND and the 12-digit CCCD of the same person count twice."""
    if not has_system_scope(actor, "view"):
        raise Forbidden("Chỉ cơ quan theo dõi và quản trị hệ thống xem được số người trên mọi hội.")
    members = MembershipPeriod.objects.filter(valid_on_q(as_of), status__in=MEMBER_STATUSES)
    people = Person.objects.filter(membership__in=members.values("membership_id"))
    with_id = people.filter(id_number__isnull=False).aggregate(n=Count("id_number", distinct=True))["n"]
    without_id = people.filter(id_number__isnull=True).count()
    per_association = dict(
        members.values("association_id").annotate(n=Count("id")).order_by().values_list("association_id", "n")
    )
    return {
        "as_of": as_of,
        "memberships": sum(per_association.values()),
        "people": with_id + without_id,
        "people_with_id_number": with_id,
        "people_without_id_number": without_id,
        "by_association": [
            {"code": a.code, "name": a.name, "members": per_association.get(a.pk, 0)} for a in Association.objects.all()
        ],
    }
