"""Who may count what: the asked unit or association must be visible (404 otherwise, like any missing object),
whole-association figures need a role on the whole association (403), a unit officer counts the units of
their own subtree, and only system-wide roles count distinct people across associations."""

import datetime

import pytest

from quanlyhoi.core.errors import Forbidden, NotFound
from quanlyhoi.members.services.lifecycle import member_set_status, member_transfer
from quanlyhoi.members.stats import distinct_people
from quanlyhoi.orgs.models import Unit
from quanlyhoi.orgs.services import Basis, unit_move

D = datetime.date
DAY = D(2026, 1, 1)


def test_a_commune_officer_cannot_see_the_province(world_members, personas, stats):
    with pytest.raises(NotFound):
        stats("NCT.01", DAY, actor=personas["commune_officer"])


def test_an_outsider_cannot_see_another_association_unit(world_members, personas, stats):
    with pytest.raises(NotFound):
        stats("NCT.01.00004", DAY, actor=personas["outsider"])


def test_an_outsider_cannot_see_another_association(world_members, personas, stats):
    with pytest.raises(NotFound):
        stats("NCT", DAY, actor=personas["outsider"])


def test_a_unit_officer_may_not_count_the_whole_association(world_members, personas, stats):
    with pytest.raises(Forbidden):
        stats("NCT", DAY, actor=personas["province_officer"])


@pytest.mark.parametrize(("persona", "code", "members"), [
    ("commune_officer", "NCT.01.00004", 3),
    ("province_officer", "NCT.01", 4),
    ("inspector", "NCT", 5),
    ("assoc_admin", "NCT", 5),
    ("overseer", "NCT", 5),
    ("overseer", "CTD", 1),
    ("outsider", "CTD", 1),
])  # fmt: skip
def test_each_persona_counts_what_it_sees(world_members, personas, stats, persona, code, members):
    assert stats(code, DAY, actor=personas[persona]).members == members


def test_a_unit_officer_keeps_counting_a_member_who_moved_out_as_of_before(operator, member, personas, stats):
    member_transfer(actor=operator, membership=member("NCT-NH-001"), unit=Unit.objects.get(code="NCT.08.02269"),
                    day=D(2025, 12, 1))  # fmt: skip
    assert stats("NCT.01", D(2025, 11, 30), actor=personas["province_officer"]).members == 4
    assert stats("NCT.01", D(2025, 12, 1), actor=personas["province_officer"]).members == 3


def test_a_unit_officer_does_not_count_a_unit_that_has_since_left_their_subtree(operator, world_members, personas,
                                                                                stats):  # fmt: skip
    # The branch (with Bùi Văn Hùng) moves from Ba Đình to Ngọc Hà: Ba Đình's officer no longer sees it, even in
    # Ba Đình's past.
    branch, ngoc_ha = Unit.objects.get(code="NCT.01.00004.001"), Unit.objects.get(code="NCT.01.00008")
    unit_move(actor=operator, unit=branch, new_parent=ngoc_ha, basis=Basis(effective_date=D(2025, 12, 1)))
    assert stats("NCT.01.00004", D(2025, 11, 30)).members == 3
    assert stats("NCT.01.00004", D(2025, 11, 30), actor=personas["commune_officer"]).members == 2


def test_distinct_people_count_a_person_of_two_associations_once(world_members, personas):
    people = distinct_people(actor=personas["overseer"], as_of=DAY)
    # Bùi Văn Hùng is a member of NCT and of CTD with the same CCCD.
    assert (people["memberships"], people["people"]) == (6, 5)
    per_association = {a["code"]: a["members"] for a in people["by_association"]}
    assert (per_association["NCT"], per_association["CTD"], sum(per_association.values())) == (5, 1, 6)


def test_distinct_people_count_records_without_an_identity_number_one_each(world_members, join, personas):
    join("NCT.01.00008", "Phạm Văn Không")
    join("CTD.01.00004", "Phạm Văn Không")
    people = distinct_people(actor=personas["sysadmin"], as_of=DAY)
    assert (people["people"], people["people_without_id_number"]) == (7, 2)


def test_distinct_people_count_members_only(operator, member, personas):
    member_set_status(actor=operator, membership=member("CTD-BD-001"), status="left", day=D(2025, 12, 1),
                      reason="Xin thôi")  # fmt: skip
    assert distinct_people(actor=personas["overseer"], as_of=DAY)["memberships"] == 5


@pytest.mark.parametrize("persona", ["assoc_admin", "province_officer", "inspector", "outsider"])
def test_only_system_wide_roles_count_people_across_associations(world_members, personas, persona):
    with pytest.raises(Forbidden):
        distinct_people(actor=personas[persona], as_of=DAY)


def test_distinct_people_as_of_a_day_before_later_changes(operator, member, personas):
    member_set_status(actor=operator, membership=member("CTD-BD-001"), status="left", day=D(2025, 12, 1),
                      reason="Xin thôi")  # fmt: skip
    people = distinct_people(actor=personas["overseer"], as_of=D(2025, 11, 30))
    assert (people["memberships"], people["people"]) == (6, 5)
