"""Breakdowns as of a date: age bands from the year of birth (so year-only births count), sex, membership
type, welfare needs open on the date, joined and left in a period, members by child unit."""

import datetime

import pytest

from quanlyhoi.core.errors import DomainError
from quanlyhoi.members.services.lifecycle import member_set_status, member_transfer
from quanlyhoi.members.services.welfare import need_kind, welfare_need_add, welfare_need_end
from quanlyhoi.orgs.models import Unit
from quanlyhoi.orgs.services import Basis, units_merge

D = datetime.date


def test_a_year_only_birth_falls_in_its_age_band(join, stats):
    join("NCT.01.00008", "Phạm Văn Tám", birth_year=1940)
    assert stats("NCT.01.00008", D(2026, 1, 1)).by_age_band["80-89"] == 1


def test_ages_are_counted_from_the_year_of_birth_at_the_as_of_date(join, stats):
    join("NCT.01.00008", "Phạm Thị Sáu", birth_year=1966)
    before, after = stats("NCT.01.00008", D(2025, 12, 31)), stats("NCT.01.00008", D(2026, 1, 1))
    assert (before.by_age_band["under60"], before.elderly) == (1, 0)
    assert (after.by_age_band["60-69"], after.elderly) == (1, 1)


def test_a_member_without_a_year_of_birth_has_an_unknown_age(join, stats):
    join("NCT.01.00008", "Phạm Văn Không")
    result = stats("NCT.01.00008", D(2026, 1, 1))
    assert (result.by_age_band["unknown"], result.elderly) == (1, 0)


def test_age_bands_of_the_world(world_members, stats):
    # Born 1950, 1948, 1955, 1960, 1952: aged 76, 78, 71, 66, 74 in 2026.
    result = stats("NCT", D(2026, 1, 1))
    assert result.by_age_band == {"under60": 0, "60-69": 1, "70-79": 4, "80-89": 0, "90+": 0, "unknown": 0}
    assert result.elderly == 5


def test_members_by_sex_with_unrecorded_sex(world_members, join, stats):
    join("NCT.01.00008", "Phạm Văn Không")
    assert stats("NCT.01", D(2026, 1, 1)).by_sex == {"M": 2, "F": 2, "unknown": 1}


def test_members_by_type(world_members, join, stats):
    join("NCT.01.00008", "Phạm Văn Danh", type_code="honorary")
    by_type = {f.code: f.count for f in stats("NCT.01", D(2026, 1, 1)).by_type}
    assert (by_type["official"], by_type["honorary"], by_type["associate"]) == (4, 1, 0)


def test_breakdowns_count_members_only(operator, member, stats):
    member_set_status(actor=operator, membership=member("NCT-BD-001"), status="left", day=D(2025, 12, 1),
                      reason="Xin thôi")  # fmt: skip
    result = stats("NCT.01.00004", D(2025, 12, 1))
    assert (sum(result.by_sex.values()), sum(result.by_age_band.values()), result.elderly) == (2, 2, 2)


def add_need(operator, membership, code, since):
    kind = need_kind(membership.association, code)
    return welfare_need_add(actor=operator, membership=membership, kind=kind, since=since)


def test_a_welfare_need_counts_from_its_start(operator, member, stats):
    add_need(operator, member("NCT-BD-001"), "difficult", D(2025, 10, 1))
    needs = [
        {f.code: f.count for f in stats("NCT.01", day).by_need}["difficult"] for day in (D(2025, 9, 30), D(2025, 10, 1))
    ]
    assert needs == [0, 1]


def test_a_welfare_need_stops_counting_when_it_ends(operator, member, stats):
    need = add_need(operator, member("NCT-BD-001"), "difficult", D(2025, 10, 1))
    welfare_need_end(actor=operator, membership=member("NCT-BD-001"), need_id=need.pk, until=D(2025, 12, 1))
    assert stats("NCT.01", D(2025, 11, 30)).in_need == 1
    assert stats("NCT.01", D(2025, 12, 1)).in_need == 0


def test_a_member_with_two_needs_counts_once_in_need_and_once_per_kind(operator, member, stats):
    add_need(operator, member("NCT-BD-001"), "difficult", D(2025, 10, 1))
    add_need(operator, member("NCT-BD-001"), "disability", D(2025, 10, 1))
    result = stats("NCT", D(2025, 11, 1))
    by_need = {f.code: f.count for f in result.by_need}
    assert (result.in_need, by_need["difficult"], by_need["disability"]) == (1, 1, 1)


def test_needs_of_members_outside_the_subtree_are_not_counted(operator, member, stats):
    add_need(operator, member("NCT-TL-001"), "difficult", D(2025, 10, 1))
    assert stats("NCT.01", D(2025, 11, 1)).in_need == 0
    assert stats("NCT.08", D(2025, 11, 1)).in_need == 1


def test_the_need_of_a_member_who_left_is_not_counted(operator, member, stats):
    add_need(operator, member("NCT-BD-001"), "difficult", D(2025, 10, 1))
    member_set_status(actor=operator, membership=member("NCT-BD-001"), status="left", day=D(2025, 11, 1),
                      reason="Xin thôi")  # fmt: skip
    assert stats("NCT.01", D(2025, 11, 1)).in_need == 0


SEPTEMBER = (D(2025, 9, 1), D(2025, 9, 30))


def test_joined_in_a_period_counts_by_the_joined_date(world_members, stats):
    # An, Bình (15/09) and Cúc (01/09) joined in September in NCT.01; Hùng on 01/10.
    assert stats("NCT.01", D(2025, 12, 31), period=SEPTEMBER).movement.joined == 3


def test_joined_counts_where_the_member_joined_even_after_a_transfer(operator, member, stats):
    member_transfer(actor=operator, membership=member("NCT-NH-001"), unit=Unit.objects.get(code="NCT.08.02269"),
                    day=D(2025, 12, 1))  # fmt: skip
    assert stats("NCT.01", D(2025, 12, 31), period=SEPTEMBER).movement.joined == 3
    assert stats("NCT.08", D(2025, 12, 31), period=SEPTEMBER).movement.joined == 1


def test_a_member_who_joined_before_the_unit_was_registered_joined_on_their_own_date(join, stats):
    join("NCT.01.00008", "Phạm Văn Cũ", joined_on=D(1995, 3, 1))
    assert stats("NCT.01", D(2026, 1, 1), period=(D(1995, 1, 1), D(1995, 12, 31))).movement.joined == 1
    # Registered in 2025 (the unit's first day, 01/08/2025), but that is not when the member joined.
    assert stats("NCT.01", D(2026, 1, 1), period=(D(2025, 1, 1), D(2025, 12, 31))).movement.joined == 0


def test_left_in_a_period_counts_each_ending_status(operator, member, stats):
    member_set_status(actor=operator, membership=member("NCT-BD-001"), status="left", day=D(2025, 11, 10),
                      reason="Xin thôi")  # fmt: skip
    member_set_status(actor=operator, membership=member("NCT-BD-002"), status="deceased", day=D(2025, 11, 20))
    movement = stats("NCT.01", D(2025, 12, 31), period=(D(2025, 11, 1), D(2025, 11, 30))).movement
    assert movement.left == {"left": 1, "deceased": 1, "transferred": 0}


def test_leaving_outside_the_period_is_not_counted(operator, member, stats):
    member_set_status(actor=operator, membership=member("NCT-BD-001"), status="left", day=D(2025, 12, 1),
                      reason="Xin thôi")  # fmt: skip
    assert stats("NCT.01", D(2025, 12, 31), period=(D(2025, 11, 1), D(2025, 11, 30))).movement.left_total == 0


def test_a_merger_moving_a_former_member_is_not_another_leaving(operator, member, stats):
    member_set_status(actor=operator, membership=member("NCT-NH-001"), status="left", day=D(2025, 11, 15),
                      reason="Xin thôi")  # fmt: skip
    units_merge(actor=operator, sources=[Unit.objects.get(code="NCT.01.00008")],
                target=Unit.objects.get(code="NCT.01.00004"), basis=Basis(effective_date=D(2025, 12, 1)))  # fmt: skip
    period = (D(2025, 11, 1), D(2025, 12, 31))
    assert stats("NCT.01", D(2025, 12, 31), period=period).movement.left == {"left": 1, "deceased": 0,
                                                                             "transferred": 0}  # fmt: skip
    # Placed by the tree of the day of leaving: in the merged unit, though it no longer exists at the end.
    assert stats("NCT.01.00008", D(2025, 12, 31), period=period).movement.left_total == 1
    assert stats("NCT.01.00004", D(2025, 12, 31), period=period).movement.left_total == 0


def test_a_reversed_period_is_refused(world_members, stats):
    with pytest.raises(DomainError) as exc:
        stats("NCT.01", D(2025, 12, 31), period=(D(2025, 12, 1), D(2025, 11, 1)))
    assert exc.value.code == "bad_period"


def test_children_count_their_whole_subtree(world_members, stats):
    children = [(c.code, c.members, c.direct) for c in stats("NCT.01", D(2026, 1, 1)).children]
    assert children == [("NCT.01.00004", 3, False), ("NCT.01.00008", 1, False)]


def test_the_unit_own_members_are_a_row_of_their_own(world_members, stats):
    children = [(c.code, c.members, c.direct) for c in stats("NCT.01.00004", D(2026, 1, 1)).children]
    assert children == [("NCT.01.00004", 2, True), ("NCT.01.00004.001", 1, False)]


def test_a_whole_association_breaks_down_by_the_units_below_its_top_unit(world_members, stats):
    children = {c.code: c.members for c in stats("NCT", D(2026, 1, 1)).children}
    assert children == {"NCT.01": 4, "NCT.02": 0, "NCT.04": 0, "NCT.08": 1}


def test_a_unit_without_units_below_shows_itself(world_members, stats):
    children = [(c.code, c.members, c.direct) for c in stats("NCT.08.02269", D(2026, 1, 1)).children]
    assert children == [("NCT.08.02269", 1, True)]


def test_the_age_bands_meet_at_the_elderly_age():
    # Elderly members are counted as the members of the bands from 60 on.
    from quanlyhoi.members.queries import AGE_BANDS
    from quanlyhoi.members.stats.figures import ELDERLY_AGE

    assert all(b.high is None or b.high < ELDERLY_AGE or (b.low or 0) >= ELDERLY_AGE for b in AGE_BANDS)
    assert any(b.low == ELDERLY_AGE for b in AGE_BANDS)
