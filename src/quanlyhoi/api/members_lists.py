"""REST API of the members app: lists (search, filters, official order) and exports.

Personal fields are masked as on the web list: in clear only with `personal=true` and only on rows whose
personal data the caller may see; a page showing any in clear is audited. Exports hold personal data in clear
wherever the caller may see it, and are audited when they do.
"""

from __future__ import annotations

import datetime
from typing import Literal

from django.db.models import BooleanField, Value
from ninja import Field, Query, Router, Schema

from quanlyhoi.api.common import Page, Paging, actor, page
from quanlyhoi.api.schemas import Error
from quanlyhoi.members import export
from quanlyhoi.members.filters import filtered
from quanlyhoi.members.masking import audit_personal_access, personal_annotation, personal_values
from quanlyhoi.members.models import Membership

router = Router(tags=["members"])


class MemberQuery(Schema):
    q: str | None = Field(None, description="Tên không cần dấu (từng từ, từ cuối là phần đầu), hoặc đúng số "
                          "CCCD/CMND, số điện thoại, số thẻ hội viên")  # fmt: skip
    unit: str | None = Field(None, description="Mã đơn vị: chỉ hội viên thuộc cây của đơn vị này")
    status: list[Literal["active", "suspended", "left", "deceased", "transferred"]] | None = Field(
        None, description="Trạng thái (lặp lại tham số để chọn nhiều)"
    )
    sex: Literal["M", "F"] | None = Field(None, description="M: nam, F: nữ")
    age_band: Literal["under60", "60-69", "70-79", "80-89", "90+"] | None = Field(
        None, description="Nhóm tuổi (tính theo năm sinh)"
    )
    type: str | None = Field(None, description="Mã loại hội viên, ví dụ official")
    need: str | None = Field(None, description="Mã diện hoàn cảnh đang có hôm nay, ví dụ difficult")
    joined_from: datetime.date | None = Field(None, description="Vào hội từ ngày")
    joined_to: datetime.date | None = Field(None, description="Vào hội đến ngày")
    order: Literal["name", "number", "joined", "-joined"] | None = Field(
        None, description="Thứ tự: name (tên theo thứ tự chính thức, mặc định), number, joined, -joined"
    )


class UnitRef(Schema):
    code: str
    name: str


class MemberOut(Schema):
    id: int = Field(description="Mã hồ sơ hội viên (membership)")
    member_number: str
    full_name: str
    sex: str
    birth_date: datetime.date | None = Field(description="Chỉ khi được xem dữ liệu cá nhân")
    birth_year: int | None
    id_number: str = Field(description="Số CCCD/CMND (che bớt nếu không được xem dữ liệu cá nhân)")
    phone: str
    address: str
    unit: UnitRef
    type: str
    status: str
    joined_on: datetime.date | None
    personal: bool = Field(description="true khi các trường cá nhân của dòng này hiện đầy đủ")


def member_row(m: Membership) -> dict:
    p = m.person
    personal = personal_values(p, unmasked=m.personal_visible)
    birth = personal["birth"]
    return {
        "id": m.pk,
        "member_number": m.member_number,
        "full_name": p.full_name,
        "sex": p.sex,
        "birth_date": birth if isinstance(birth, datetime.date) else None,
        "birth_year": p.birth_year,
        "id_number": personal["id_number"],
        "phone": personal["phone"],
        "address": personal["address"],
        "unit": {"code": m.unit.code, "name": m.unit.name},
        "type": m.type.code,
        "status": m.status,
        "joined_on": m.joined_on,
        "personal": m.personal_visible,
    }


def _filters(filters: MemberQuery) -> dict:
    return filters.model_dump(exclude_none=True)


@router.get("", response={200: Page[MemberOut], 422: Error}, summary="Danh sách hội viên: tìm kiếm, lọc")
def member_list(request, filters: Query[MemberQuery], paging: Query[Paging], personal: bool = False):
    """Members of the units the caller may see, in the Vietnamese official order unless `order` says
    otherwise. `personal=true` shows personal data in clear where allowed (audited)."""
    user = actor(request)
    filterset = filtered(user, _filters(filters))
    shown = personal_annotation(user) if personal else Value(False, output_field=BooleanField())
    result = page(filterset.listing().annotate(personal_visible=shown), paging, member_row)
    clear = sum(1 for item in result["items"] if item["personal"])
    if clear:
        described = filterset.describe()
        audit_personal_access(
            user,
            action="member.view_personal",
            rows=clear,
            filters=described,
            unit=filterset.unit_for(described["unit"]) if "unit" in described else None,
            offset=paging.offset,
            message=f"Xem dữ liệu cá nhân của {clear} hội viên qua API",
        )
    return result


@router.get(
    "/export",
    response={200: None, 422: Error},
    summary="Xuất danh sách hội viên ra CSV hoặc XLSX",
    openapi_extra={
        "responses": {
            "200": {
                "description": "Tệp CSV (UTF-8 có BOM) hoặc XLSX, tiêu đề cột tiếng Việt như mẫu nhập",
                "content": {"text/csv": {}, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}},
            }
        }
    },
)
def member_export(request, filters: Query[MemberQuery], format: Literal["csv", "xlsx"] = "csv"):
    """The filtered list as a file, streamed; personal data in clear where the caller may see it (audited)."""
    user = actor(request)
    filterset = filtered(user, _filters(filters))
    described = filterset.describe()
    unit = filterset.unit_for(described["unit"]) if "unit" in described else None
    return export.response(user, filterset.qs, fmt=format, filters=described, unit=unit)
