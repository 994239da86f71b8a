"""Transfers within one association (history kept, both units in the actor's scope) and corrections of a
person's data (only this association's record changes)."""

import datetime

import pytest

from quanlyhoi.core.errors import DomainError, NotFound
from quanlyhoi.core.models import AuditRecord
from quanlyhoi.members.models import MembershipPeriod, Person
from quanlyhoi.members.services._common import clean_person
from quanlyhoi.members.services.lifecycle import member_set_status, member_transfer, person_update
from quanlyhoi.orgs.models import Unit

D = datetime.date
DAY = D(2026, 1, 10)


def test_transfer_moves_the_member_and_keeps_the_old_unit_in_the_history(operator, member):
    member_transfer(
        actor=operator, membership=member("NCT-BD-001"), unit=Unit.objects.get(code="NCT.01.00008"), day=DAY
    )
    periods = MembershipPeriod.objects.filter(membership=member("NCT-BD-001")).order_by("valid_from")
    assert [(p.unit.code, p.valid_from, p.valid_to) for p in periods] == [
        ("NCT.01.00004", D(2025, 9, 15), DAY),
        ("NCT.01.00008", DAY, None),
    ]
    assert member("NCT-BD-001").unit.code == "NCT.01.00008"


def test_transfer_keeps_the_status(operator, member):
    member_set_status(actor=operator, membership=member("NCT-BD-001"), status="suspended", day=DAY, reason="Ốm")
    member_transfer(
        actor=operator, membership=member("NCT-BD-001"), unit=Unit.objects.get(code="NCT.01.00008"), day=D(2026, 2, 1)
    )
    assert MembershipPeriod.objects.get(membership=member("NCT-BD-001"), valid_to=None).status == "suspended"


def test_transfer_to_another_association_is_refused(operator, member):
    with pytest.raises(DomainError) as exc:
        member_transfer(
            actor=operator, membership=member("NCT-BD-001"), unit=Unit.objects.get(code="CTD.01.00004"), day=DAY
        )
    assert exc.value.code == "different_association"


def test_transfer_to_the_same_unit_is_refused(operator, member):
    with pytest.raises(DomainError) as exc:
        member_transfer(
            actor=operator, membership=member("NCT-BD-001"), unit=Unit.objects.get(code="NCT.01.00004"), day=DAY
        )
    assert exc.value.code == "no_change"


def test_transfer_before_the_receiving_unit_existed_is_refused(operator, member):
    with pytest.raises(DomainError) as exc:
        member_transfer(
            actor=operator,
            membership=member("NCT-BD-002"),
            unit=Unit.objects.get(code="NCT.01.00004.001"),
            day=D(2025, 8, 20),
        )
    assert exc.value.code == "unit_not_valid"


def test_transfer_before_the_last_change_is_refused(operator, member):
    with pytest.raises(DomainError) as exc:
        member_transfer(
            actor=operator,
            membership=member("NCT-BD-001"),
            unit=Unit.objects.get(code="NCT.01.00008"),
            day=D(2025, 9, 1),
        )
    assert exc.value.code == "overlapping_change"


def test_transfer_in_the_future_is_refused(operator, member):
    with pytest.raises(DomainError) as exc:
        member_transfer(
            actor=operator,
            membership=member("NCT-BD-001"),
            unit=Unit.objects.get(code="NCT.01.00008"),
            day=datetime.date.today() + datetime.timedelta(days=1),
        )
    assert exc.value.code == "future_date"


def test_transfer_of_a_deceased_member_is_refused(operator, member):
    member_set_status(actor=operator, membership=member("NCT-BD-001"), status="deceased", day=DAY)
    with pytest.raises(DomainError) as exc:
        member_transfer(
            actor=operator,
            membership=member("NCT-BD-001"),
            unit=Unit.objects.get(code="NCT.01.00008"),
            day=D(2026, 2, 1),
        )
    assert exc.value.code == "deceased"


def test_commune_officer_may_transfer_within_its_subtree(personas, member):
    member_transfer(
        actor=personas["commune_officer"],
        membership=member("NCT-BD-001"),
        unit=Unit.objects.get(code="NCT.01.00004.001"),
        day=DAY,
    )
    assert member("NCT-BD-001").unit.code == "NCT.01.00004.001"


def test_commune_officer_cannot_transfer_out_of_its_scope(personas, member):
    with pytest.raises(NotFound):
        member_transfer(
            actor=personas["commune_officer"],
            membership=member("NCT-BD-001"),
            unit=Unit.objects.get(code="NCT.01.00008"),
            day=DAY,
        )
    assert member("NCT-BD-001").unit.code == "NCT.01.00004"


def test_commune_officer_cannot_transfer_a_member_of_another_commune(personas, member):
    with pytest.raises(NotFound):
        member_transfer(
            actor=personas["commune_officer"],
            membership=member("NCT-NH-001"),
            unit=Unit.objects.get(code="NCT.01.00004"),
            day=DAY,
        )


def test_transfer_is_audited_with_both_units(operator, member):
    member_transfer(
        actor=operator,
        membership=member("NCT-BD-001"),
        unit=Unit.objects.get(code="NCT.01.00008"),
        day=DAY,
        reason="Chuyển nơi ở",
    )
    record = AuditRecord.objects.get(action="member.transfer")
    assert record.changes["unit"] == ["NCT.01.00004", "NCT.01.00008"]
    assert record.message == "Chuyển nơi ở"


# --- corrections -------------------------------------------------------------------------------------------------


def _hung(code):
    return Person.objects.get(association__code=code, id_number="001055003456")


def test_person_update_in_one_association_leaves_the_other_record_alone(operator, member):
    ctd_before = {f.name: getattr(_hung("CTD"), f.name) for f in Person._meta.fields}
    data = clean_person(full_name="Bùi Văn Hùng", birth="20/07/1955", sex="Nam", id_number="001055003456",
                        phone="0977000111", address="Ngõ 10 Kim Mã, Ba Đình, Hà Nội")  # fmt: skip
    person_update(actor=operator, person=_hung("NCT"), data=data)
    assert _hung("NCT").phone == "0977000111"
    assert {f.name: getattr(_hung("CTD"), f.name) for f in Person._meta.fields} == ctd_before


def test_outsider_cannot_update_the_nct_record_of_a_shared_person(personas, member):
    data = clean_person(full_name="Bùi Văn Hùng", phone="0977000111")
    with pytest.raises(NotFound):
        person_update(actor=personas["outsider"], person=_hung("NCT"), data=data)
    assert _hung("NCT").phone == ""


def test_outsider_updates_its_own_record_only(personas, member):
    data = clean_person(full_name="Bùi Văn Hùng", birth="20/07/1955", sex="Nam", id_number="001055003456",
                        phone="0977000222")  # fmt: skip
    person_update(actor=personas["outsider"], person=_hung("CTD"), data=data)
    assert (_hung("CTD").phone, _hung("NCT").phone) == ("0977000222", "")


def test_update_without_a_change_is_refused(operator, member):
    person = member("NCT-BD-003").person
    data = clean_person(full_name="Bùi Văn Hùng", birth="20/07/1955", sex="Nam", id_number="001055003456")
    with pytest.raises(DomainError) as exc:
        person_update(actor=operator, person=person, data=data)
    assert exc.value.code == "no_change"


def test_update_to_a_cccd_of_another_member_is_refused(operator, member):
    from quanlyhoi.members.services.lifecycle import member_join

    other = clean_person(full_name="Đỗ Văn Nam", birth="1955", sex="Nam", id_number="001055009999")
    member_join(actor=operator, unit=Unit.objects.get(code="NCT.01.00008"), person=other, joined_on=DAY)
    data = clean_person(full_name="Bùi Văn Hùng", birth="20/07/1955", sex="Nam", id_number="001055009999")
    with pytest.raises(DomainError) as exc:
        person_update(actor=operator, person=member("NCT-BD-003").person, data=data)
    assert exc.value.code == "duplicate_id_number"


def test_update_recomputes_the_search_and_sort_keys(operator, member):
    data = clean_person(full_name="Nguyễn Văn Ấn", birth="05/01/1950", sex="Nam", id_number="001050001234",
                        phone="0912345678")  # fmt: skip
    person_update(actor=operator, person=member("NCT-BD-001").person, data=data)
    person = Person.objects.get(pk=member("NCT-BD-001").person_id)
    assert person.name_folded == "an nguyen van"  # the given name first (members.search_index)
    assert person.given_name == "Ấn"


def test_update_is_audited_with_personal_values_masked(operator, member):
    data = clean_person(full_name="Nguyễn Văn An", birth="05/01/1950", sex="Nam", id_number="001050001234",
                        phone="0977000333", notes="Bệnh tim")  # fmt: skip
    person_update(actor=operator, person=member("NCT-BD-001").person, data=data)
    record = AuditRecord.objects.get(action="member.update")
    assert record.changes == {"phone": ["***", "***"], "notes": ["***", "***"]}
