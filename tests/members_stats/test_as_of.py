"""Statistics as of a date follow the history: around a transfer, a merger, a split and status changes, each
date counts members where they were on that date, and the association's total does not move."""

import datetime

import pytest

from quanlyhoi.core.dates import today
from quanlyhoi.members.services.lifecycle import member_set_status, member_transfer
from quanlyhoi.members.services.restructure import split_members_option
from quanlyhoi.members.stats import figures
from quanlyhoi.orgs.models import Unit
from quanlyhoi.orgs.services import Basis, NewUnit, unit_split, units_merge
from tests.world import area

D = datetime.date
DAY = D(2025, 12, 1)
BEFORE = DAY - datetime.timedelta(days=1)


def unit(code):
    return Unit.objects.get(code=code)


def test_before_a_transfer_the_member_counts_in_the_old_unit(operator, member, stats):
    member_transfer(actor=operator, membership=member("NCT-NH-001"), unit=unit("NCT.08.02269"), day=DAY)
    assert stats("NCT.01.00008", BEFORE).members == 1
    assert stats("NCT.08.02269", BEFORE).members == 1


def test_from_the_day_of_a_transfer_the_member_counts_in_the_new_unit(operator, member, stats):
    member_transfer(actor=operator, membership=member("NCT-NH-001"), unit=unit("NCT.08.02269"), day=DAY)
    assert stats("NCT.01.00008", DAY).members == 0
    assert stats("NCT.08.02269", DAY).members == 2


def test_a_transfer_between_provinces_moves_the_member_between_their_subtrees(operator, member, stats):
    member_transfer(actor=operator, membership=member("NCT-NH-001"), unit=unit("NCT.08.02269"), day=DAY)
    assert (stats("NCT.01", BEFORE).members, stats("NCT.08", BEFORE).members) == (4, 1)
    assert (stats("NCT.01", DAY).members, stats("NCT.08", DAY).members) == (3, 2)


def test_a_transfer_leaves_the_association_total_unchanged(operator, member, stats):
    member_transfer(actor=operator, membership=member("NCT-NH-001"), unit=unit("NCT.08.02269"), day=DAY)
    assert stats("NCT", BEFORE).members == stats("NCT", DAY).members == 5


def merge(operator):
    units_merge(actor=operator, sources=[unit("NCT.01.00008")], target=unit("NCT.01.00004"),
                basis=Basis(effective_date=DAY))  # fmt: skip


def test_the_day_before_a_merger_the_source_subtree_has_its_members(operator, world_members, stats):
    merge(operator)
    assert stats("NCT.01.00008", BEFORE).members == 1
    assert stats("NCT.01.00004", BEFORE).members == 3


def test_from_a_merger_the_target_subtree_has_the_source_members(operator, world_members, stats):
    merge(operator)
    assert stats("NCT.01.00004", DAY).members == 4


def test_after_a_merger_the_source_did_not_exist(operator, world_members, stats):
    merge(operator)
    after = stats("NCT.01.00008", DAY)
    assert (after.existed, after.members, after.children) == (False, 0, [])


def test_a_merger_keeps_the_association_and_province_totals(operator, world_members, stats):
    merge(operator)
    assert [stats("NCT", d).members for d in (BEFORE, DAY)] == [5, 5]
    assert [stats("NCT.01", d).members for d in (BEFORE, DAY)] == [4, 4]


def test_the_province_breakdown_follows_the_tree_of_each_date(operator, world_members, stats):
    merge(operator)
    before = {c.code: c.members for c in stats("NCT.01", BEFORE).children}
    after = {c.code: c.members for c in stats("NCT.01", DAY).children}
    assert before == {"NCT.01.00004": 3, "NCT.01.00008": 1}
    assert after == {"NCT.01.00004": 4}


def split(operator):
    source = unit("NCT.01.00004")
    parts = [NewUnit(name="Hội NCT phường Ba Đình", area=area("00004")),
             NewUnit(name="Hội NCT phường Giảng Võ", area=area("00025"))]  # fmt: skip
    outcome = unit_split(
        actor=operator, source=source, parts=parts, basis=Basis(effective_date=DAY),
        children={unit("NCT.01.00004.001").pk: 0},
        options=split_members_option(source=source, by="mapping", mapping={"NCT-BD-001": 0, "NCT-BD-002": 1}),
    )  # fmt: skip
    return outcome.unit_codes[-2:]


def test_before_a_split_the_source_subtree_counts_every_member(operator, world_members, stats):
    split(operator)
    assert stats("NCT.01.00004", BEFORE).members == 3


def test_from_a_split_each_part_counts_its_members_and_moved_children(operator, world_members, stats):
    ba_dinh, giang_vo = split(operator)
    # Ba Đình received Nguyễn Văn An and the branch (Bùi Văn Hùng); Giảng Võ received Trần Thị Bình.
    assert (stats(ba_dinh, DAY).members, stats(giang_vo, DAY).members) == (2, 1)


def test_a_split_keeps_the_province_total(operator, world_members, stats):
    split(operator)
    assert stats("NCT.01", BEFORE).members == stats("NCT.01", DAY).members == 4


def test_a_part_of_a_split_did_not_exist_before_it(operator, world_members, stats):
    ba_dinh, _giang_vo = split(operator)
    assert stats(ba_dinh, BEFORE).existed is False


def test_a_suspended_member_still_counts_as_a_member(operator, member, stats):
    member_set_status(actor=operator, membership=member("NCT-BD-001"), status="suspended", day=DAY, reason="Ốm")
    after = stats("NCT.01.00004", DAY)
    assert (after.members, after.by_status["active"], after.by_status["suspended"]) == (3, 2, 1)


def test_a_member_who_left_stops_counting_from_the_day_of_leaving(operator, member, stats):
    member_set_status(actor=operator, membership=member("NCT-BD-001"), status="left", day=DAY, reason="Xin thôi")
    assert stats("NCT.01.00004", BEFORE).members == 3
    after = stats("NCT.01.00004", DAY)
    assert (after.members, after.by_status["left"]) == (2, 1)


def test_deceased_and_transferred_out_are_counted_by_status_not_as_members(operator, member, stats):
    member_set_status(actor=operator, membership=member("NCT-BD-001"), status="deceased", day=DAY)
    member_set_status(
        actor=operator, membership=member("NCT-BD-002"), status="transferred", day=DAY, reason="Chuyển nơi ở"
    )
    after = stats("NCT.01.00004", DAY)
    assert (after.members, after.by_status["deceased"], after.by_status["transferred"]) == (1, 1, 1)


def test_before_joining_a_member_is_not_counted(world_members, stats):
    # Bùi Văn Hùng joined the branch on 01/10/2025.
    assert stats("NCT.01.00004", D(2025, 9, 30)).members == 2
    assert stats("NCT.01.00004", D(2025, 10, 1)).members == 3


def test_a_merger_dated_ahead_moves_no_one_before_its_day(operator, world_members, stats):
    ahead = today() + datetime.timedelta(days=30)
    units_merge(actor=operator, sources=[unit("NCT.01.00008")], target=unit("NCT.01.00004"),
                basis=Basis(effective_date=ahead))  # fmt: skip
    assert (stats("NCT.01.00008", today()).members, stats("NCT.01.00004", today()).members) == (1, 3)
    assert stats("NCT.01.00004", ahead).members == 4


@pytest.mark.parametrize("code", ["NCT", "NCT.01", "NCT.01.00004", "NCT.08.02269"])
def test_current_memberships_and_periods_give_the_same_figures(operator, member, stats, monkeypatch, code):
    # As of a day after every change, figures are read from Membership; the periods must say the same.
    member_transfer(actor=operator, membership=member("NCT-NH-001"), unit=unit("NCT.08.02269"), day=DAY)
    member_set_status(actor=operator, membership=member("NCT-BD-002"), status="suspended", day=DAY, reason="Ốm")
    member_set_status(actor=operator, membership=member("NCT-BD-001"), status="left", day=DAY, reason="Xin thôi")
    from_memberships = stats(code, today()).as_dict()
    monkeypatch.setattr(figures, "current_on", lambda association, day: False)
    assert stats(code, today()).as_dict() == from_memberships
