"""Membership lifecycle: join, update, transfer, suspend, reinstate, leave, record death.

Every change closes the membership's open period and opens the next, so "members as of a past date" keeps
its answer. Dates are checked against the unit's validity and the membership's last change; a change cannot
be written behind a later one.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from quanlyhoi.core import audit
from quanlyhoi.core.dates import today, vn
from quanlyhoi.core.errors import DomainError, NotFound
from quanlyhoi.core.permissions import recheck, require
from quanlyhoi.members import search_index
from quanlyhoi.members.models import MEMBER_STATUSES, Membership, MembershipPeriod, MemberStatus, Person
from quanlyhoi.members.services._common import (
    PersonData,
    audit_person_changes,
    membership_type,
    person_state,
    reserve_numbers,
)
from quanlyhoi.orgs.models import Unit

S = MemberStatus

# status -> statuses it may change to, and the audit action of each change. "transferred" is a move out of the
# association's registry (to a chapter elsewhere); a move within it is member_transfer.
TRANSITIONS: dict[str, dict[str, str]] = {
    S.ACTIVE: {S.SUSPENDED: "member.suspend", S.LEFT: "member.leave", S.TRANSFERRED: "member.transfer_out",
               S.DECEASED: "member.death"},
    S.SUSPENDED: {S.ACTIVE: "member.reinstate", S.LEFT: "member.leave", S.TRANSFERRED: "member.transfer_out",
                  S.DECEASED: "member.death"},
    S.LEFT: {S.ACTIVE: "member.reinstate", S.DECEASED: "member.death"},
    S.TRANSFERRED: {S.ACTIVE: "member.reinstate", S.DECEASED: "member.death"},
    S.DECEASED: {},
}  # fmt: skip
# Changes whose reason the record must keep (a reinstatement or a death needs none).
REASON_REQUIRED = (S.SUSPENDED, S.LEFT, S.TRANSFERRED)


def allowed_statuses(membership: Membership) -> list[str]:
    """The statuses the membership may change to now (the forms offer only these)."""
    return list(TRANSITIONS.get(membership.status, {}))


def _check_unit(actor, unit: Unit, day: datetime.date, association_id: int | None = None) -> None:
    require(actor, "change", unit)
    if association_id is not None and unit.association_id != association_id:
        raise DomainError("different_association", f"Đơn vị {unit.code} thuộc hội khác.", field="unit")
    if not unit.is_valid_on(day):
        raise DomainError("unit_not_valid", f"Đơn vị {unit.code} không hoạt động vào ngày {vn(day)}.", field="unit")


def _check_day(day: datetime.date, *, field: str = "day") -> None:
    if day > today():
        raise DomainError("future_date", f"Ngày {vn(day)} ở tương lai.", field=field)


def audit_member(actor, action: str, membership: Membership, changes: dict, message: str = "") -> None:
    """One audit record about a member, on the person (the person page's history reads it from there). The
    record names the member by number: a name would outlive an erasure in the append-only log."""
    audit.record(
        actor=actor,
        action=action,
        obj=membership.person,
        object_repr=f"{membership.association.code} {membership.member_number}",
        changes=changes,
        message=message,
        association_id=membership.association_id,
        unit_path=membership.unit.path,
    )


def _unique_id_number(association_id: int, id_number: str | None, exclude_pk: int | None = None) -> None:
    # Per association: the same person may be a member of another association with the same number.
    if not id_number:
        return
    clash = Person.objects.filter(association_id=association_id, id_number=id_number).exclude(pk=exclude_pk)
    if clash.exists():
        raise DomainError(
            "duplicate_id_number", f"Số định danh {id_number} đã có trong danh sách hội viên của hội.", status=409,
            field="id_number",
        )  # fmt: skip


def _check_joined(person: PersonData, joined_on: datetime.date) -> None:
    _check_day(joined_on, field="joined_on")
    born = person.birth_date or (datetime.date(person.birth_year, 1, 1) if person.birth_year else None)
    if born is not None and joined_on < born:
        raise DomainError("joined_before_birth", "Ngày vào hội trước ngày sinh.", field="joined_on")


@transaction.atomic
def member_join(
    *,
    actor,
    unit: Unit,
    person: PersonData,
    joined_on: datetime.date,
    member_number: str = "",
    type_code: str = "",
) -> Membership:
    """Admit a person to `unit` from `joined_on`; the member number is generated when not given.

    `joined_on` is when the person joined the association, often long before the unit was set up in the
    registry; the membership's history in this unit starts when both exist."""
    _check_unit(actor, unit, today())
    _check_joined(person, joined_on)
    if not person.given_name:
        raise DomainError("name_required", "Cần nhập họ và tên.", field="full_name")
    association = unit.association
    kind = membership_type(association, type_code)
    _unique_id_number(association.pk, person.id_number)
    number = member_number.strip()
    if len(number) > 30:
        raise DomainError("bad_number", "Số thẻ hội viên dài quá 30 ký tự.", field="member_number")
    number = number or reserve_numbers(association, 1)[0]
    if Membership.objects.filter(association=association, member_number=number).exists():
        raise DomainError("duplicate_number", f"Số thẻ hội viên {number} đã được dùng.", status=409,
                          field="member_number")  # fmt: skip
    row = Person.objects.create(association=association, **person.values())
    search_index.index_people([row.pk])
    membership = Membership.objects.create(
        person=row,
        association=association,
        unit=unit,
        member_number=number,
        type=kind,
        joined_on=joined_on,
        status=S.ACTIVE,
        status_since=joined_on,
        sex=row.sex,
        birth_year=row.birth_year,
    )
    MembershipPeriod.objects.create(
        membership=membership, association=association, unit=unit, status=S.ACTIVE,
        valid_from=max(joined_on, unit.valid_from), reason="Kết nạp",
    )  # fmt: skip
    changes = audit_person_changes({}, person_state(row)) | {"unit": [None, unit.code], "member_number": [None, number]}
    audit_member(actor, "member.join", membership, changes)
    recheck(actor, "change", Membership, [membership.pk])
    return membership


@transaction.atomic
def person_update(*, actor, person: Person, data: PersonData) -> Person:
    """Correct a person's data (also on the person's own request). Only this association's record changes: the
    same person's record in another association is another row, never touched."""
    membership = _membership_for(actor, person)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.erased_at:
        raise DomainError("erased", "Dữ liệu cá nhân này đã bị xoá theo yêu cầu.", status=409)
    if not data.given_name:
        raise DomainError("name_required", "Cần nhập họ và tên.", field="full_name")
    _unique_id_number(person.association_id, data.id_number, exclude_pk=person.pk)
    before = person_state(person)
    for key, value in data.values().items():
        setattr(person, key, value)
    changes = audit_person_changes(before, person_state(person))
    if not changes:
        raise DomainError("no_change", "Không có thay đổi nào.")
    person.save()
    if (membership.sex, membership.birth_year) != (person.sex, person.birth_year):
        membership.sex, membership.birth_year = person.sex, person.birth_year
        membership.save(update_fields=["sex", "birth_year"])
    membership.person = person
    audit_member(actor, "member.update", membership, changes)
    recheck(actor, "change", Membership, [membership.pk])
    return person


def _membership_for(actor, person: Person) -> Membership:
    membership = Membership.objects.restrict(actor, "view").filter(person=person).select_related("unit").first()
    if membership is None:
        raise NotFound("Không tìm thấy hội viên.")
    require(actor, "change", membership)
    return membership


def locked(membership: Membership) -> Membership:
    """The membership row again, locked for the transaction: two officers changing one member queue up, and the
    second sees the first's change instead of writing behind it."""
    return Membership.objects.select_for_update().select_related("unit", "person").get(pk=membership.pk)


def _open_period(membership: Membership) -> MembershipPeriod:
    return membership.periods.select_for_update().get(valid_to__isnull=True)


def _next_period(membership: Membership, day: datetime.date, *, unit: Unit, status: str, reason: str) -> None:
    """Close the open period on `day` and open the next one with the new unit and status."""
    current = _open_period(membership)
    if day <= current.valid_from:
        raise DomainError(
            "overlapping_change",
            f"Hội viên có thay đổi ngày {vn(current.valid_from)}; thay đổi mới phải sau ngày đó.",
            status=409,
            field="day",
        )
    current.valid_to = day
    current.save(update_fields=["valid_to"])
    MembershipPeriod.objects.create(
        membership=membership, association_id=membership.association_id, unit=unit, status=status,
        valid_from=day, reason=reason[:300],
    )  # fmt: skip


@transaction.atomic
def member_transfer(*, actor, membership: Membership, unit: Unit, day: datetime.date, reason: str = "") -> Membership:
    """Move a member to another unit of the same association from `day`; the history keeps the old unit.
    The actor needs the right to change both the member and the receiving unit."""
    require(actor, "change", membership)
    membership = locked(membership)
    _check_day(day)
    _check_unit(actor, unit, day, association_id=membership.association_id)
    if membership.status == S.DECEASED:
        raise DomainError("deceased", "Không thể chuyển sinh hoạt cho hội viên đã mất.", status=409)
    if unit.pk == membership.unit_id:
        raise DomainError("no_change", f"Hội viên đã sinh hoạt tại {unit.code}.", field="unit")
    old = membership.unit
    reason = reason.strip()
    _next_period(membership, day, unit=unit, status=membership.status, reason=reason or "Chuyển sinh hoạt")
    membership.unit = unit
    membership.save(update_fields=["unit"])
    audit_member(actor, "member.transfer", membership, {"unit": [old.code, unit.code], "day": [None, day]}, reason)
    recheck(actor, "change", Membership, [membership.pk])
    return membership


@transaction.atomic
def member_set_status(
    *, actor, membership: Membership, status: str, day: datetime.date, reason: str = ""
) -> Membership:
    """Suspend, reinstate, leave, transfer out of the association, record a death (see TRANSITIONS)."""
    require(actor, "change", membership)
    membership = locked(membership)
    if status not in S.values:
        raise DomainError("bad_status", f"Trạng thái '{status}' không tồn tại.", field="status")
    _check_day(day)
    action = TRANSITIONS.get(membership.status, {}).get(status)
    if action is None:
        raise DomainError(
            "bad_transition",
            f"Không thể chuyển trạng thái từ '{S(membership.status).label}' sang '{S(status).label}'.",
            status=409,
            field="status",
        )
    reason = reason.strip()
    if status in REASON_REQUIRED and not reason:
        raise DomainError("reason_required", "Cần ghi lý do.", field="reason")
    if status in MEMBER_STATUSES and not membership.unit.is_valid_on(day):
        raise DomainError(
            "unit_not_valid",
            f"Đơn vị {membership.unit.code} không hoạt động vào ngày {vn(day)}; hãy chuyển sinh hoạt trước.",
            status=409,
        )
    old = membership.status
    _next_period(membership, day, unit=membership.unit, status=status, reason=reason)
    membership.status, membership.status_since, membership.status_reason = status, day, reason[:300]
    membership.save(update_fields=["status", "status_since", "status_reason"])
    audit_member(actor, action, membership, {"status": [old, status], "day": [None, day]}, reason)
    recheck(actor, "change", Membership, [membership.pk])
    return membership


def membership_history(membership: Membership):
    return membership.periods.select_related("unit", "event").order_by("valid_from", "id")
