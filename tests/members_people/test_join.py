"""Joining: member numbers generated per association, the same cleaning rules as the import, one record of a
person per association (the same CCCD may be in two associations, never twice in one)."""

import datetime

import pytest

from quanlyhoi.core.errors import DomainError, Forbidden, NotFound
from quanlyhoi.core.models import AuditRecord
from quanlyhoi.members.models import Membership, MembershipPeriod, Person
from quanlyhoi.members.services._common import InvalidPerson, clean_person
from quanlyhoi.members.services.lifecycle import member_join
from quanlyhoi.orgs.models import Unit

D = datetime.date
AN_CCCD, HAI_CCCD = "001050001234", "001051009876"


def _join(actor, unit_code, name="Phạm Thị Lan", **person):
    return member_join(
        actor=actor,
        unit=Unit.objects.get(code=unit_code),
        person=clean_person(full_name=name, **person),
        joined_on=D(2025, 10, 1),
    )


def test_join_generates_consecutive_member_numbers_per_association(operator, world_members):
    first = _join(operator, "NCT.01.00004", "Phạm Thị Lan")
    second = _join(operator, "NCT.01.00008", "Đỗ Văn Nam")
    other = _join(operator, "CTD.01.00004", "Vũ Thị Mai")
    assert first.member_number.startswith("NCT") and second.member_number.startswith("NCT")
    assert int(second.member_number[3:]) == int(first.member_number[3:]) + 1
    assert other.member_number.startswith("CTD")


def test_join_keeps_a_given_member_number(operator, world_members):
    membership = member_join(
        actor=operator,
        unit=Unit.objects.get(code="NCT.01.00004"),
        person=clean_person(full_name="Phạm Thị Lan"),
        joined_on=D(2025, 10, 1),
        member_number="NCT-BD-099",
    )
    assert membership.member_number == "NCT-BD-099"


def test_join_refuses_a_member_number_already_used(operator, world_members):
    with pytest.raises(DomainError) as exc:
        member_join(
            actor=operator,
            unit=Unit.objects.get(code="NCT.01.00008"),
            person=clean_person(full_name="Phạm Thị Lan"),
            joined_on=D(2025, 10, 1),
            member_number="NCT-BD-001",
        )
    assert exc.value.code == "duplicate_number"


def test_join_opens_an_active_period_from_the_joined_date(operator, world_members):
    membership = _join(operator, "NCT.01.00004")
    period = MembershipPeriod.objects.get(membership=membership)
    assert (period.unit.code, period.status, period.valid_from, period.valid_to) == (
        "NCT.01.00004",
        "active",
        D(2025, 10, 1),
        None,
    )


def test_join_before_the_unit_existed_starts_the_history_with_the_unit(operator, world_members):
    membership = member_join(
        actor=operator,
        unit=Unit.objects.get(code="NCT.01.00004"),
        person=clean_person(full_name="Phạm Thị Lan"),
        joined_on=D(2001, 5, 1),
    )
    assert membership.joined_on == D(2001, 5, 1)
    assert MembershipPeriod.objects.get(membership=membership).valid_from == D(2025, 8, 1)


def test_join_refuses_a_cccd_already_in_the_association(operator, world_members):
    with pytest.raises(DomainError) as exc:
        _join(operator, "NCT.01.00008", "Nguyễn Văn An", birth="05/01/1950", sex="Nam", id_number="001050001234")
    assert exc.value.code == "duplicate_id_number"
    assert exc.value.status == 409


def test_join_accepts_the_same_cccd_in_another_association(operator, world_members):
    # Nguyễn Văn An is an NCT member; CTD keeps its own record of him.
    membership = _join(operator, "CTD.01.00004", "Nguyễn Văn An", birth="05/01/1950", sex="Nam", id_number=AN_CCCD)
    assert Person.objects.filter(id_number="001050001234").count() == 2
    assert membership.person.association.code == "CTD"


def test_bui_van_hung_is_two_records_in_two_associations(world_members):
    records = Person.objects.filter(id_number="001055003456").order_by("association__code")
    assert [p.association.code for p in records] == ["CTD", "NCT"]
    assert records[0].pk != records[1].pk


def test_join_cleans_like_the_import(operator, world_members):
    membership = _join(operator, "NCT.01.00004", "  phạm   THỊ lan ", birth="1950", sex="nữ", phone="+84 912 345 679")
    person = membership.person
    assert (person.full_name, person.family_name, person.middle_name, person.given_name) == (
        "Phạm Thị Lan",
        "Phạm",
        "Thị",
        "Lan",
    )
    assert (person.birth_date, person.birth_year, person.sex, person.phone) == (None, 1950, "F", "0912345679")


def test_join_restores_the_leading_zeros_of_a_cccd(operator, world_members):
    membership = _join(operator, "NCT.01.00004", "Phạm Văn Hải", birth="02/03/1951", sex="Nam", id_number="1051009876")
    assert membership.person.id_number == "001051009876"


def test_cccd_that_disagrees_with_the_birth_year_is_refused():
    with pytest.raises(InvalidPerson) as exc:
        clean_person(full_name="Phạm Văn Hải", birth="1951", sex="Nam", id_number="001060009876")
    assert "id_number" in exc.value.errors


def test_cccd_that_disagrees_with_the_sex_is_refused():
    with pytest.raises(InvalidPerson) as exc:
        clean_person(full_name="Phạm Thị Hoa", birth="1951", sex="Nữ", id_number="001051009876")
    assert "id_number" in exc.value.errors


def test_every_invalid_field_is_reported_at_once():
    with pytest.raises(InvalidPerson) as exc:
        clean_person(full_name="Lan 123", birth="31/02/1950", sex="x", phone="12ab")
    assert set(exc.value.errors) == {"full_name", "birth", "sex", "phone"}


def test_missing_name_is_refused():
    with pytest.raises(InvalidPerson) as exc:
        clean_person(full_name="  ")
    assert exc.value.errors == {"full_name": "Cần nhập họ và tên."}


def test_area_is_matched_from_the_address_when_not_chosen(world_members):
    person = clean_person(full_name="Phạm Thị Lan", address="Số 5 Đội Cấn, phường Ba Đình, TP Hà Nội")
    assert (person.area.code, person.area.level) == ("00004", "commune")


def test_join_date_in_the_future_is_refused(operator, world_members):
    with pytest.raises(DomainError) as exc:
        member_join(
            actor=operator,
            unit=Unit.objects.get(code="NCT.01.00004"),
            person=clean_person(full_name="Phạm Thị Lan"),
            joined_on=datetime.date.today() + datetime.timedelta(days=2),
        )
    assert exc.value.code == "future_date"


def test_join_date_before_birth_is_refused(operator, world_members):
    with pytest.raises(DomainError) as exc:
        member_join(
            actor=operator,
            unit=Unit.objects.get(code="NCT.01.00004"),
            person=clean_person(full_name="Phạm Thị Lan", birth="1950"),
            joined_on=D(1949, 1, 1),
        )
    assert exc.value.code == "joined_before_birth"


def test_join_is_audited_without_personal_values(operator, world_members):
    membership = _join(operator, "NCT.01.00004", "Phạm Văn Hải", birth="02/03/1951", sex="Nam", id_number=HAI_CCCD)
    record = AuditRecord.objects.get(action="member.join", object_id=str(membership.person_id))
    assert record.changes["id_number"] == ["***", "***"]
    assert "001051009876" not in str(record.changes)


def test_inspector_cannot_join_a_member(personas, world_members):
    with pytest.raises(Forbidden):
        _join(personas["inspector"], "NCT.01.00004")


def test_outsider_cannot_join_into_an_nct_unit(personas, world_members):
    with pytest.raises(NotFound):
        _join(personas["outsider"], "NCT.01.00004")
    assert not Membership.objects.filter(person__full_name="Phạm Thị Lan").exists()


def test_commune_officer_cannot_join_into_another_commune(personas, world_members):
    with pytest.raises(NotFound):
        _join(personas["commune_officer"], "NCT.01.00008")
