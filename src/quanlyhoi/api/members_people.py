"""REST API of the members app: one member (detail, join, correction, transfer, status, welfare needs) and the
person's rights (export of their data, erasure).

Personal fields are masked as on the web page: in clear only with `personal=true`, for callers with the
personal-data permission on the member, and then audited (member.view_personal). Person data is cleaned by the
import's rules (services._common.clean_person)."""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Field, Router, Schema
from pydantic import ConfigDict

from quanlyhoi.api import members_lists
from quanlyhoi.api.common import Status, actor, resolve_area, unit_visible
from quanlyhoi.api.schemas import Error
from quanlyhoi.core.errors import DomainError, NotFound
from quanlyhoi.core.permissions import require
from quanlyhoi.core.roles import Action
from quanlyhoi.members.masking import personal_values
from quanlyhoi.members.models import Membership, Person
from quanlyhoi.members.services._common import clean_person
from quanlyhoi.members.services.lifecycle import (
    member_join,
    member_set_status,
    member_transfer,
    membership_history,
    person_update,
)
from quanlyhoi.members.services.privacy import person_data_export, person_erase, personal_data_view
from quanlyhoi.members.services.welfare import need_kind, needs_of, welfare_need_add, welfare_need_end

router = Router(tags=["members"])
ERRORS = {400: Error, 403: Error, 404: Error, 409: Error, 422: Error}


# --- shapes -----------------------------------------------------------------------------------------------------


class UnitRef(Schema):
    code: str
    name: str


class PeriodOut(Schema):
    unit: str
    status: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    reason: str
    event_id: int | None


class NeedOut(Schema):
    id: int
    kind: str
    kind_name: str
    since: datetime.date
    until: datetime.date | None
    note: str = Field(description="Chỉ khi được xem dữ liệu cá nhân")


class MemberDetail(Schema):
    id: int = Field(description="Mã hồ sơ hội viên (membership)")
    member_number: str
    association: str
    unit: UnitRef
    type: str
    joined_on: datetime.date | None
    status: str
    status_since: datetime.date | None
    status_reason: str
    full_name: str
    family_name: str
    middle_name: str
    given_name: str
    sex: str
    birth_date: datetime.date | None = Field(description="Chỉ khi được xem dữ liệu cá nhân")
    birth_year: int | None
    id_number: str = Field(description="Số CCCD/CMND (che bớt nếu không xem dữ liệu cá nhân)")
    phone: str
    address: str
    area: str | None = Field(description="Mã địa bàn (xã hoặc tỉnh) hiện hành")
    ethnicity: str
    religion: str
    occupation: str
    notes: str = Field(description="Chỉ khi được xem dữ liệu cá nhân")
    erased: bool = Field(description="true khi dữ liệu cá nhân đã bị xoá theo yêu cầu")
    personal: bool = Field(description="true khi các trường cá nhân hiện đầy đủ")
    periods: list[PeriodOut]
    welfare_needs: list[NeedOut]


class PersonIn(Schema):
    """A person's data as typed: the same rules as the import (dates dd/mm/yyyy, yyyy-mm-dd or a year alone)."""

    model_config = ConfigDict(extra="forbid")

    full_name: str | None = Field(None, max_length=200)
    birth: str | None = Field(None, description="Ngày sinh (dd/mm/yyyy, yyyy-mm-dd) hoặc chỉ năm sinh")
    sex: str | None = Field(None, description="Nam/Nữ (hoặc M/F)")
    id_number: str | None = Field(None, description="Số CCCD 12 chữ số hoặc CMND 9 chữ số")
    phone: str | None = None
    ethnicity: str | None = None
    religion: str | None = None
    occupation: str | None = None
    address: str | None = None
    area: str | None = Field(None, description="Mã xã hiện hành; bỏ trống để dò từ địa chỉ")
    notes: str | None = None


class JoinIn(PersonIn):
    unit: str = Field(description="Mã đơn vị kết nạp")
    full_name: str = Field(max_length=200)
    joined_on: datetime.date
    member_number: str = Field("", max_length=30, description="Bỏ trống để hệ thống cấp số")
    type: str = Field("", description="Mã loại hội viên (mặc định official)")


class TransferIn(Schema):
    unit: str = Field(description="Mã đơn vị nhận (cùng hội)")
    day: datetime.date
    reason: str = Field("", max_length=300)


class StatusIn(Schema):
    status: Literal["active", "suspended", "left", "transferred", "deceased"]
    day: datetime.date
    reason: str = Field("", max_length=300)


class NeedIn(Schema):
    kind: str = Field(description="Mã diện hoàn cảnh, ví dụ difficult")
    since: datetime.date
    note: str = Field("", max_length=300)


class NeedEndIn(Schema):
    until: datetime.date


class EraseIn(Schema):
    confirm: bool = Field(description="Phải là true: xoá không thể hoàn tác")
    reason: str = Field("", max_length=300, description="Yêu cầu của người đó, căn cứ")


# --- helpers ----------------------------------------------------------------------------------------------------


def _membership(user, membership_id: int) -> Membership:
    found = (
        Membership.objects.restrict(user, Action.VIEW)
        .select_related("person__area", "unit", "type", "association")
        .filter(pk=membership_id)
        .first()
    )
    if found is None:
        raise NotFound("Không tìm thấy hội viên.")
    return found


def _need_row(need, *, unmasked: bool) -> dict:
    return {
        "id": need.pk,
        "kind": need.kind.code,
        "kind_name": need.kind.name,
        "since": need.since,
        "until": need.until,
        "note": need.note if unmasked else "",
    }


def member_detail_data(membership: Membership, *, unmasked: bool = False) -> dict:
    p = membership.person
    personal = personal_values(p, unmasked=unmasked)
    birth = personal["birth"]
    return {
        "id": membership.pk,
        "member_number": membership.member_number,
        "association": membership.association.code,
        "unit": {"code": membership.unit.code, "name": membership.unit.name},
        "type": membership.type.code,
        "joined_on": membership.joined_on,
        "status": membership.status,
        "status_since": membership.status_since,
        "status_reason": membership.status_reason,
        **{k: getattr(p, k) for k in ("full_name", "family_name", "middle_name", "given_name", "sex", "birth_year")},
        **{k: getattr(p, k) for k in ("ethnicity", "religion", "occupation")},
        "birth_date": birth if isinstance(birth, datetime.date) else None,
        "id_number": personal["id_number"],
        "phone": personal["phone"],
        "address": personal["address"],
        "area": p.area.code if p.area_id else None,
        "notes": p.notes if unmasked else "",
        "erased": p.erased_at is not None,
        "personal": unmasked,
        "periods": [
            {
                "unit": r.unit.code,
                "status": r.status,
                "valid_from": r.valid_from,
                "valid_to": r.valid_to,
                "reason": r.reason,
                "event_id": r.event_id,
            }
            for r in membership_history(membership)
        ],  # fmt: skip
        "welfare_needs": [_need_row(n, unmasked=unmasked) for n in needs_of(membership)],
    }


def _fresh(user, membership_id: int) -> dict:
    return member_detail_data(_membership(user, membership_id))


def _raw(person: Person) -> dict:
    """A person's current values as PersonIn fields, for a partial update (PATCH)."""
    return {
        **{k: getattr(person, k) for k in ("full_name", "sex", "id_number", "phone", "ethnicity", "religion")},
        **{k: getattr(person, k) for k in ("occupation", "address", "notes")},
        "birth": person.birth_date or person.birth_year,
        "area": person.area,
    }


def _area(code: str | None):
    return resolve_area(code, field="area") if code and code.strip() else None


# --- operations -------------------------------------------------------------------------------------------------


@router.get("/{int:membership_id}", response={200: MemberDetail, **ERRORS}, summary="Một hội viên")
def member_get(request, membership_id: int, personal: bool = False):
    """`personal=true` shows the personal data in clear (403 without the permission) and is audited."""
    user = actor(request)
    membership = _membership(user, membership_id)
    if personal:
        membership.person = personal_data_view(actor=user, membership=membership)
    return member_detail_data(membership, unmasked=personal)


# POST /members shares its path with the list (GET /members, members_lists): Django routes a path to one view,
# so the join operation joins that router's path rather than opening a second one that would answer 405.
@members_lists.router.post("", response={201: MemberDetail, **ERRORS}, summary="Kết nạp hội viên mới")
def member_join_api(request, payload: JoinIn):
    user = actor(request)
    unit = unit_visible(user, payload.unit, field="unit")
    fields = payload.model_dump(exclude={"unit", "joined_on", "member_number", "type", "area"})
    person = clean_person(**fields, area=_area(payload.area))
    membership = member_join(
        actor=user,
        unit=unit,
        person=person,
        joined_on=payload.joined_on,
        member_number=payload.member_number,
        type_code=payload.type,
    )
    return Status(201, _fresh(user, membership.pk))


@router.patch("/{int:membership_id}", response={200: MemberDetail, **ERRORS}, summary="Sửa dữ liệu cá nhân")
def member_patch(request, membership_id: int, payload: PersonIn):
    """Only the fields sent change; an address sent without an area is matched to its commune again."""
    user = actor(request)
    membership = _membership(user, membership_id)
    require(user, Action.CHANGE, membership)
    given = payload.model_dump(exclude_unset=True)
    raw = _raw(membership.person)
    if "address" in given and "area" not in given:
        raw["area"] = None
    if "area" in given:
        given["area"] = _area(given["area"])
    person_update(actor=user, person=membership.person, data=clean_person(**(raw | given)))
    return _fresh(user, membership_id)


@router.post("/{int:membership_id}/transfer", response={200: MemberDetail, **ERRORS}, summary="Chuyển sinh hoạt")
def member_transfer_api(request, membership_id: int, payload: TransferIn):
    user = actor(request)
    membership = _membership(user, membership_id)
    require(user, Action.CHANGE, membership)
    unit = unit_visible(user, payload.unit, field="unit")
    member_transfer(actor=user, membership=membership, unit=unit, day=payload.day, reason=payload.reason)
    return _fresh(user, membership_id)


@router.post("/{int:membership_id}/status", response={200: MemberDetail, **ERRORS}, summary="Đổi trạng thái")
def member_status_api(request, membership_id: int, payload: StatusIn):
    """Suspend, reinstate (active), leave, transfer out of the association, record a death."""
    user = actor(request)
    membership = _membership(user, membership_id)
    member_set_status(actor=user, membership=membership, status=payload.status, day=payload.day, reason=payload.reason)
    return _fresh(user, membership_id)


@router.get("/{int:membership_id}/welfare-needs", response={200: list[NeedOut], **ERRORS}, summary="Diện hoàn cảnh")
def member_needs(request, membership_id: int):
    membership = _membership(actor(request), membership_id)
    return [_need_row(n, unmasked=False) for n in needs_of(membership)]


@router.post("/{int:membership_id}/welfare-needs", response={201: NeedOut, **ERRORS}, summary="Ghi một diện hoàn cảnh")
def member_need_add(request, membership_id: int, payload: NeedIn):
    user = actor(request)
    membership = _membership(user, membership_id)
    require(user, Action.CHANGE, membership)
    kind = need_kind(membership.association, payload.kind)
    need = welfare_need_add(actor=user, membership=membership, kind=kind, since=payload.since, note=payload.note)
    return Status(201, _need_row(need, unmasked=False))


@router.post(
    "/{int:membership_id}/welfare-needs/{int:need_id}/end",
    response={200: NeedOut, **ERRORS},
    summary="Kết thúc một diện hoàn cảnh",
)
def member_need_end(request, membership_id: int, need_id: int, payload: NeedEndIn):
    user = actor(request)
    membership = _membership(user, membership_id)
    need = welfare_need_end(actor=user, membership=membership, need_id=need_id, until=payload.until)
    return _need_row(need, unmasked=False)


@router.post(
    "/{int:membership_id}/erase",
    response={200: MemberDetail, **ERRORS},
    summary="Xoá dữ liệu cá nhân theo yêu cầu (giữ hồ sơ hội viên ẩn danh)",
)
def member_erase_api(request, membership_id: int, payload: EraseIn):
    user = actor(request)
    membership = _membership(user, membership_id)
    require(user, Action.ERASE_PERSONAL, membership)
    if not payload.confirm:
        raise DomainError("confirm_required", "Cần xác nhận (confirm: true): xoá không thể hoàn tác.", status=422)
    person_erase(actor=user, membership=membership, reason=payload.reason)
    return _fresh(user, membership_id)


@router.get(
    "/{int:membership_id}/personal-data",
    response={200: dict, **ERRORS},
    summary="Toàn bộ dữ liệu về một người (trích xuất theo yêu cầu của người đó)",
)
def member_personal_data(request, membership_id: int):
    user = actor(request)
    return person_data_export(actor=user, membership=_membership(user, membership_id))
