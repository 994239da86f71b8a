"""Indicators filled from the registry: the unit's own members (not its subtree's) at the period's cut-off,
joined and left within its window, members with a welfare need, units directly below."""

import datetime

from quanlyhoi.members.models import Membership
from quanlyhoi.members.services.lifecycle import member_set_status, member_transfer
from quanlyhoi.members.services.welfare import need_kind, welfare_need_add
from quanlyhoi.reporting import registry
from quanlyhoi.reporting.models import RegistrySource

D = datetime.date
H2 = (D(2025, 6, 15), D(2025, 12, 14))


def value(source, unit, window=H2):
    return registry.value(source, unit, *window)


def test_members_joined_and_units_of_the_unit_itself(world_members, unit):
    commune, branch = unit("NCT.01.00004"), unit("NCT.01.00004.001")
    assert value(RegistrySource.MEMBERS, commune) == 2 and value(RegistrySource.MEMBERS, branch) == 1
    assert value(RegistrySource.JOINED, commune) == 2  # joined 15/09/2025, inside the window
    assert value(RegistrySource.JOINED, commune, (D(2026, 6, 15), D(2026, 12, 14))) == 0
    assert value(RegistrySource.UNITS, commune) == 1 and value(RegistrySource.UNITS, branch) == 0


def test_left_and_moved_members_count_where_they_were(world_members, unit, operator):
    commune, branch = unit("NCT.01.00004"), unit("NCT.01.00004.001")
    first = Membership.objects.get(member_number="NCT-BD-001")
    second = Membership.objects.get(member_number="NCT-BD-002")
    member_set_status(actor=operator, membership=first, status="left", day=D(2025, 11, 1), reason="Chuyển nơi ở")
    member_transfer(actor=operator, membership=second, unit=branch, day=D(2026, 1, 10))
    assert value(RegistrySource.LEFT, commune) == 1 and value(RegistrySource.MEMBERS, commune) == 1
    # The move after the cut-off leaves the half-year's figures as they were.
    assert value(RegistrySource.MEMBERS, branch) == 1
    assert value(RegistrySource.MEMBERS, branch, (D(2025, 12, 15), D(2026, 6, 14))) == 2


def test_members_with_a_welfare_need_at_the_cut_off(world_members, unit, operator):
    member = Membership.objects.get(member_number="NCT-BD-002")
    welfare_need_add(actor=operator, membership=member, kind=need_kind(None, "difficult"), since=D(2025, 10, 1))
    assert value(RegistrySource.IN_NEED, unit("NCT.01.00004")) == 1
    assert value(RegistrySource.IN_NEED, unit("NCT.01.00004"), (D(2025, 1, 1), D(2025, 9, 30))) == 0
