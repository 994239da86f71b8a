"""Lists see only what the actor may: the outsider nothing of NCT, a commune officer its subtree; one person in
two associations is two records, each association seeing its own."""

import pytest

from quanlyhoi.members import queries
from quanlyhoi.members.filters import MemberFilter

pytestmark = pytest.mark.django_db


def numbers(actor, **data):
    return sorted(m.member_number for m in MemberFilter(data or None, actor=actor).qs)


def test_outsider_sees_nothing_of_nct(world_members, personas):
    assert numbers(personas["outsider"]) == ["CTD-BD-001"]


def test_commune_officer_sees_only_its_subtree(world_members, personas):
    assert numbers(personas["commune_officer"]) == ["NCT-BD-001", "NCT-BD-002", "NCT-BD-003"]


def test_province_officer_sees_its_province(world_members, personas):
    assert numbers(personas["province_officer"]) == ["NCT-BD-001", "NCT-BD-002", "NCT-BD-003", "NCT-NH-001"]


def test_association_admin_sees_only_its_association(world_members, personas):
    assert all(n.startswith("NCT-") for n in numbers(personas["assoc_admin"]))


def test_overseer_sees_every_association(world_members, personas):
    assert "CTD-BD-001" in numbers(personas["overseer"]) and "NCT-TL-001" in numbers(personas["overseer"])


def test_anonymous_sees_nothing(world_members):
    assert not queries.member_rows(None).exists()


def test_search_by_cccd_does_not_cross_associations(world_members, personas):
    assert numbers(personas["assoc_admin"], q="001055003456") == ["NCT-BD-003"]


def test_one_person_in_two_associations_is_found_twice_by_the_operator(world_members, operator):
    rows = MemberFilter({"q": "bui van hung"}, actor=operator).qs
    assert sorted((m.member_number, m.person.phone) for m in rows) == [
        ("CTD-BD-001", "0901234567"),
        ("NCT-BD-003", ""),
    ]


def test_each_association_sees_its_own_record_of_the_person(world_members, personas):
    nct = MemberFilter({"q": "bui van hung"}, actor=personas["assoc_admin"]).qs.get()
    ctd = MemberFilter({"q": "bui van hung"}, actor=personas["outsider"]).qs.get()
    assert (nct.unit.code, nct.person.phone, ctd.unit.code, ctd.person.phone) == (
        "NCT.01.00004.001",
        "",
        "CTD.01.00004",
        "0901234567",
    )


def test_search_by_the_other_associations_phone_finds_nothing(world_members, personas):
    assert numbers(personas["assoc_admin"], q="0901234567") == []
