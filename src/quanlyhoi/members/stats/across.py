"""Counts across units and associations: the dashboard's totals and the overseer's distinct people."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Q

from quanlyhoi.core.errors import Forbidden
from quanlyhoi.core.scoping import has_system_scope
from quanlyhoi.members.models import MEMBER_STATUSES, Membership, MembershipPeriod, Person
from quanlyhoi.members.stats.figures import current_on
from quanlyhoi.members.stats.scope import whole_association
from quanlyhoi.orgs.models import Association, valid_on_q


def _members_q(associations: list[Association], as_of: datetime.date, to: str = "") -> Q:
    """Memberships (reached through `to`) that are members on `as_of`, in the given associations: read from
    Membership where its current state is the state of that day (figures.current_on), else from the periods."""
    current = [a.pk for a in associations if current_on(a, as_of)]
    past = [a.pk for a in associations if a.pk not in current]
    q = Q(**{f"{to}association_id__in": current, f"{to}status__in": MEMBER_STATUSES})
    if past:
        periods = MembershipPeriod.objects.filter(
            valid_on_q(as_of), status__in=MEMBER_STATUSES, membership_id=OuterRef(f"{to}pk" if to else "pk")
        )
        q |= Q(**{f"{to}association_id__in": past}) & Q(Exists(periods))
    return q


def association_totals(actor, as_of: datetime.date) -> list[tuple[Association, int]]:
    """Members as of `as_of` of every association the actor sees as a whole (the dashboard of the system
    administrator, the overseer and association-wide roles), in the associations' order."""
    visible = [a for a in Association.objects.restrict(actor, "view") if whole_association(actor, a.pk)]
    rows = Membership.objects.filter(_members_q(visible, as_of))
    counts = dict(rows.values_list("association_id").annotate(n=Count("*")).order_by())
    return [(a, counts.get(a.pk, 0)) for a in visible]


def distinct_people(*, actor, as_of: datetime.date) -> dict:
    """Members as of `as_of` across every association, and the distinct people among them (system and
    overseer roles only).

    Each association keeps its own record of a person, so "distinct" is an approximation by identity number:
    records with the same CCCD/CMND are one person; records without one count one person each (an
    overcount), and an old 9-digit CMND and the 12-digit CCCD of the same person count twice."""
    if not has_system_scope(actor, "view"):
        raise Forbidden("Chỉ cơ quan theo dõi và quản trị hệ thống xem được số người trên mọi hội.")
    associations = list(Association.objects.all())
    people = Person.objects.filter(_members_q(associations, as_of, "membership__"))
    found = people.aggregate(
        with_id=Count("id_number", distinct=True), without_id=Count("pk", filter=Q(id_number__isnull=True))
    )
    per_association = dict(
        Membership.objects.filter(_members_q(associations, as_of))
        .values_list("association_id")
        .annotate(n=Count("*"))
        .order_by()
    )
    return {
        "as_of": as_of,
        "memberships": sum(per_association.values()),
        "people": found["with_id"] + found["without_id"],
        "people_with_id_number": found["with_id"],
        "people_without_id_number": found["without_id"],
        "by_association": [
            {"code": a.code, "name": a.name, "members": per_association.get(a.pk, 0)} for a in associations
        ],
    }
