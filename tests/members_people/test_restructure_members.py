"""Memberships follow restructuring: a merger moves them to the successor from the effective date (periods
before it stay on the old unit), a split places them by area, by a list or in a default part, a unit with
members cannot be dissolved; previews write nothing."""

import datetime

import pytest

from quanlyhoi.core.errors import DomainError
from quanlyhoi.members.models import Membership, MembershipPeriod, Person
from quanlyhoi.members.services.lifecycle import member_set_status
from quanlyhoi.members.services.restructure import split_members_option
from quanlyhoi.orgs.models import Unit
from quanlyhoi.orgs.services import Basis, NewUnit, unit_dissolve, unit_split, units_merge
from tests.world import area

D = datetime.date
DAY = D(2026, 1, 1)


def unit(code):
    return Unit.objects.get(code=code)


def members_on(code: str, day: datetime.date) -> set[str]:
    """Member numbers counted in the unit on `day`, straight from the periods."""
    periods = MembershipPeriod.objects.filter(unit__code=code, valid_from__lte=day, status__in=["active", "suspended"])
    periods = periods.exclude(valid_to__lte=day)
    return set(periods.values_list("membership__member_number", flat=True))


def snapshot():
    return (
        sorted(MembershipPeriod.objects.values_list("membership_id", "unit_id", "status", "valid_from", "valid_to")),
        sorted(Membership.objects.values_list("pk", "unit_id")),
    )


def merge(actor, preview=False, day=DAY):
    return units_merge(
        actor=actor, sources=[unit("NCT.01.00008")], target=unit("NCT.01.00004"), basis=Basis(effective_date=day),
        preview=preview,
    )  # fmt: skip


# --- merge ------------------------------------------------------------------------------------------------------


def test_merge_moves_members_to_the_successor_from_the_effective_date(operator, member):
    merge(operator)
    assert member("NCT-NH-001").unit.code == "NCT.01.00004"
    assert "NCT-NH-001" in members_on("NCT.01.00004", DAY)


def test_counts_the_day_before_a_merge_still_give_the_old_unit(operator, member):
    merge(operator)
    day_before = DAY - datetime.timedelta(days=1)
    assert members_on("NCT.01.00008", day_before) == {"NCT-NH-001"}
    assert members_on("NCT.01.00004", day_before) == {"NCT-BD-001", "NCT-BD-002"}
    assert members_on("NCT.01.00008", DAY) == set()


def test_merge_periods_link_the_event(operator, member):
    outcome = merge(operator)
    period = MembershipPeriod.objects.get(membership=member("NCT-NH-001"), valid_to=None)
    assert period.event_id == outcome.event_id


def test_merge_preview_counts_the_members_and_writes_nothing(operator, member):
    before = snapshot()
    outcome = merge(operator, preview=True)
    assert "1 hội viên chuyển về NCT.01.00004." in outcome.lines
    assert snapshot() == before


def test_merge_cuts_a_later_change_at_the_effective_date(operator, member):
    member_set_status(
        actor=operator, membership=member("NCT-NH-001"), status="suspended", day=D(2026, 2, 1), reason="Ốm"
    )
    merge(operator, day=D(2026, 1, 15))
    periods = MembershipPeriod.objects.filter(membership=member("NCT-NH-001")).order_by("valid_from")
    assert [(p.unit.code, p.status, p.valid_from, p.valid_to) for p in periods] == [
        ("NCT.01.00008", "active", D(2025, 9, 1), D(2026, 1, 15)),
        ("NCT.01.00004", "active", D(2026, 1, 15), D(2026, 2, 1)),
        ("NCT.01.00004", "suspended", D(2026, 2, 1), None),
    ]


def test_merge_leaves_members_of_other_units_alone(operator, member):
    merge(operator)
    assert member("NCT-BD-003").unit.code == "NCT.01.00004.001"
    assert MembershipPeriod.objects.filter(membership=member("NCT-BD-003")).count() == 1


# --- split -------------------------------------------------------------------------------------------------------


@pytest.fixture
def areas(member):
    """Nguyễn Văn An lives in Ba Đình (00004), Trần Thị Bình in Giảng Võ (00025)."""
    Person.objects.filter(pk=member("NCT-BD-001").person_id).update(area=area("00004"))
    Person.objects.filter(pk=member("NCT-BD-002").person_id).update(area=area("00025"))


def split(actor, preview=False, **members):
    source = unit("NCT.01.00004")
    parts = [
        NewUnit(name="Hội NCT phường Ba Đình", area=area("00004")),
        NewUnit(name="Hội NCT phường Giảng Võ", area=area("00025")),
    ]
    return unit_split(
        actor=actor,
        source=source,
        parts=parts,
        basis=Basis(effective_date=DAY),
        children={unit("NCT.01.00004.001").pk: 0},
        options=split_members_option(source=source, **members),
        preview=preview,
    )


def test_split_by_area_places_each_member_in_the_part_of_their_commune(operator, member, areas):
    outcome = split(operator)
    ba_dinh, giang_vo = outcome.unit_codes[-2:]
    assert (member("NCT-BD-001").unit.code, member("NCT-BD-002").unit.code) == (ba_dinh, giang_vo)
    assert members_on("NCT.01.00004", DAY - datetime.timedelta(days=1)) == {"NCT-BD-001", "NCT-BD-002"}


def test_split_by_mapping_places_members_as_listed(operator, member):
    outcome = split(operator, by="mapping", mapping={"NCT-BD-001": 1, "NCT-BD-002": 1})
    giang_vo = outcome.unit_codes[-1]
    assert {member("NCT-BD-001").unit.code, member("NCT-BD-002").unit.code} == {giang_vo}


def test_the_mapping_wins_over_the_area(operator, member, areas):
    outcome = split(operator, mapping={"NCT-BD-001": 1})
    assert member("NCT-BD-001").unit.code == outcome.unit_codes[-1]
    assert member("NCT-BD-002").unit.code == outcome.unit_codes[-1]


def test_by_mapping_ignores_the_area(operator, member, areas):
    with pytest.raises(DomainError) as exc:
        split(operator, by="mapping", mapping={"NCT-BD-001": 0})
    assert exc.value.code == "split_members_unassigned"
    assert "NCT-BD-002" in exc.value.message


def test_the_default_part_takes_the_members_placed_neither_way(operator, member):
    outcome = split(operator, default=0)
    ba_dinh = outcome.unit_codes[-2]
    assert {member("NCT-BD-001").unit.code, member("NCT-BD-002").unit.code} == {ba_dinh}


def test_unassigned_members_refuse_the_split_with_their_numbers(operator, member):
    with pytest.raises(DomainError) as exc:
        split(operator)
    assert exc.value.code == "split_members_unassigned"
    assert "2 hội viên của NCT.01.00004" in exc.value.message
    assert "NCT-BD-001" in exc.value.message and "NCT-BD-002" in exc.value.message
    assert member("NCT-BD-001").unit.code == "NCT.01.00004"


def test_a_mapped_number_that_is_not_a_member_of_the_unit_is_refused(operator, member):
    with pytest.raises(DomainError) as exc:
        split(operator, mapping={"NCT-NH-001": 0})
    assert exc.value.code == "split_members_mapping"


def test_a_mapping_to_a_missing_part_is_refused(operator, member):
    with pytest.raises(DomainError) as exc:
        split(operator, mapping={"NCT-BD-001": 5}, default=0)
    assert exc.value.code == "split_members_mapping"


def test_split_preview_counts_members_per_part_and_writes_nothing(operator, member, areas):
    before = snapshot()
    outcome = split(operator, preview=True)
    assert sum("1 hội viên chuyển về" in line for line in outcome.lines) == 2
    assert snapshot() == before


def test_former_members_that_cannot_be_placed_keep_their_history_on_the_old_unit(operator, member, areas):
    member_set_status(actor=operator, membership=member("NCT-BD-002"), status="deceased", day=D(2025, 12, 1))
    Person.objects.filter(pk=member("NCT-BD-002").person_id).update(area=None)
    outcome = split(operator)
    assert member("NCT-BD-002").unit.code == "NCT.01.00004"
    assert any("1 người đã thôi sinh hoạt" in line for line in outcome.lines)


def test_members_of_a_child_unit_stay_in_it(operator, member, areas):
    split(operator)
    assert member("NCT-BD-003").unit.code == "NCT.01.00004.001"


# --- dissolve ----------------------------------------------------------------------------------------------------


def test_dissolve_is_refused_while_members_remain(operator, member):
    with pytest.raises(DomainError) as exc:
        unit_dissolve(actor=operator, unit=unit("NCT.01.00008"), basis=Basis(effective_date=DAY))
    assert exc.value.code == "has_members"
    assert unit("NCT.01.00008").valid_to is None


def test_dissolve_is_allowed_once_the_members_have_left(operator, member):
    member_set_status(actor=operator, membership=member("NCT-NH-001"), status="left", day=D(2025, 12, 1), reason="Thôi")
    unit_dissolve(actor=operator, unit=unit("NCT.01.00008"), basis=Basis(effective_date=DAY))
    assert unit("NCT.01.00008").valid_to == DAY
