"""Indicator values filled from the registry for one unit and one period: the unit's own figures (its members,
not its subtree's), so that a roll-up adding the subtree's reports counts every member once."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q

from quanlyhoi.members.models import MEMBER_STATUSES, MembershipPeriod, WelfareNeed
from quanlyhoi.members.stats.movement import ENDED_STATUSES
from quanlyhoi.orgs.models import Unit, UnitPeriod, valid_on_q
from quanlyhoi.reporting.models import RegistrySource


def _members_on(unit: Unit, day: datetime.date):
    return MembershipPeriod.objects.filter(valid_on_q(day), unit=unit, status__in=MEMBER_STATUSES)


def value(source: str, unit: Unit, starts: datetime.date, ends: datetime.date) -> Decimal:
    """The value of a registry source for `unit` over the cut-off window [starts, ends]."""
    if source == RegistrySource.MEMBERS:
        n = _members_on(unit, ends).count()
    elif source == RegistrySource.JOINED:
        earlier = MembershipPeriod.objects.filter(
            membership_id=OuterRef("membership_id"), valid_from__lt=OuterRef("valid_from")
        )
        n = (
            MembershipPeriod.objects.filter(unit=unit, membership__joined_on__range=(starts, ends))
            .filter(~Exists(earlier))
            .count()
        )
    elif source == RegistrySource.LEFT:
        was_member = MembershipPeriod.objects.filter(
            membership_id=OuterRef("membership_id"), valid_to=OuterRef("valid_from"), status__in=MEMBER_STATUSES
        )
        n = (
            MembershipPeriod.objects.filter(unit=unit, status__in=ENDED_STATUSES, valid_from__range=(starts, ends))
            .filter(Exists(was_member))
            .count()
        )
    elif source == RegistrySource.IN_NEED:
        needs = WelfareNeed.objects.filter(person_id=OuterRef("membership__person_id"), since__lte=ends).filter(
            Q(until__isnull=True) | Q(until__gt=ends)
        )
        n = _members_on(unit, ends).filter(Exists(needs)).count()
    elif source == RegistrySource.UNITS:
        n = UnitPeriod.objects.as_of(ends).filter(parent=unit).count()
    else:
        raise ValueError(source)
    return Decimal(n)
