"""Request and response shapes: auth, areas, overseers, associations, audit, users. Dates are ISO yyyy-mm-dd."""

from __future__ import annotations

import datetime
import uuid
from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict


class Error(Schema):
    code: str
    message: str
    field: str | None = None


# --- auth -------------------------------------------------------------------------------------------------


class TokenIn(Schema):
    username: str = Field(..., max_length=150)
    password: str = Field(..., max_length=256)


class TokenOut(Schema):
    token: str
    expires_at: datetime.datetime


# --- areas ------------------------------------------------------------------------------------------------


class AreaRef(Schema):
    """An area as it is referred to from units: generation, level and code identify it."""

    generation: str
    level: str
    code: str
    name: str


class AreaOut(AreaRef):
    division_type: str
    parent: str | None = Field(None, description="Mã tỉnh chứa xã")
    valid_from: datetime.date | None
    valid_to: datetime.date | None

    @staticmethod
    def resolve_parent(obj) -> str | None:
        return obj.parent.code if obj.parent_id else None


class AreaQuery(Schema):
    q: str | None = Field(None, description="Tìm theo tên (không dấu cũng được)")
    generation: Literal["2025", "legacy"] | None = None
    level: Literal["province", "commune"] | None = None
    province: str | None = Field(None, description="Mã tỉnh (xã thuộc tỉnh này)")
    as_of: datetime.date | None = Field(None, description="Còn hiệu lực vào ngày")


class AreaIn(Schema):
    code: str
    generation: Literal["2025", "legacy"] = "2025"
    level: Literal["province", "commune"] | None = None


# --- overseers, associations --------------------------------------------------------------------------------


class OverseerOut(Schema):
    id: int
    name: str
    short_name: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    legal_basis: str
    note: str


class LevelOut(Schema):
    code: str
    name: str
    rank: int
    has_area: str


class LevelCreate(Schema):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(..., max_length=20, description="Chữ cái không dấu, chữ số, dấu gạch dưới; không sửa được sau")
    name: str = Field(..., max_length=100)
    rank: int | None = Field(None, description="1 là cấp cao nhất; bỏ trống: dưới cấp thấp nhất hiện có")
    has_area: Literal["", "province", "commune"] = Field("", description="Cấp địa bàn của đơn vị thuộc cấp này")


class LevelPatch(Schema):
    """Only the fields sent are changed; the code is fixed."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, max_length=100)
    rank: int | None = None
    has_area: Literal["", "province", "commune"] | None = None


class LevelsOrderIn(Schema):
    codes: list[str] = Field(..., description="Mã mọi cấp của hội, mỗi mã một lần, từ cao xuống thấp")


class AssociationOut(Schema):
    code: str
    name: str
    short_name: str
    legal_basis: str
    has_party_delegation: bool
    is_centrally_assigned: bool
    is_confirmed: bool
    note: str
    address: str
    phone: str
    email: str
    website: str
    sort_order: int
    valid_from: datetime.date
    valid_to: datetime.date | None


class AssociationDetail(AssociationOut):
    levels: list[LevelOut]

    @staticmethod
    def resolve_levels(obj) -> list:
        return list(obj.levels.order_by("rank"))


class AssociationQuery(Schema):
    q: str | None = None
    is_confirmed: bool | None = None
    has_party_delegation: bool | None = None


class AssociationCreate(Schema):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(..., max_length=20)
    name: str = Field(..., max_length=250)
    is_centrally_assigned: bool
    valid_from: datetime.date
    valid_to: datetime.date | None = None
    short_name: str = ""
    legal_basis: str = ""
    has_party_delegation: bool = False
    is_confirmed: bool = True
    note: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    sort_order: int = 0


class AssociationPatch(Schema):
    """Only the fields sent are changed; the service decides who may change which."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    short_name: str | None = None
    legal_basis: str | None = None
    has_party_delegation: bool | None = None
    is_centrally_assigned: bool | None = None
    is_confirmed: bool | None = None
    note: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    sort_order: int | None = None
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None


class MergerIn(Schema):
    apply: bool = Field(False, description="false: chỉ xem trước, không ghi gì")
    decision_number: str = ""
    note: str = ""


class MergerStepOut(Schema):
    new_area: dict
    sources: list[str]
    target: str | None
    new_name: str
    kind: str


class MergerOut(Schema):
    association: str
    effective_date: datetime.date
    applied: bool
    steps: list[MergerStepOut]
    lines: list[str]


# --- audit ------------------------------------------------------------------------------------------------


class AuditOut(Schema):
    id: int
    request_id: uuid.UUID
    at: datetime.datetime
    actor: str = Field(..., alias="actor_name")
    source: str
    ip: str | None
    action: str
    object_type: str
    object_id: str
    object_repr: str
    changes: dict | list
    message: str


class AuditQuery(Schema):
    user: str | None = Field(None, description="Tên đăng nhập của người thực hiện")
    action: str | None = Field(None, description="Hành động (khớp phần đầu, ví dụ restructure)")
    object_type: str | None = Field(None, description="Ví dụ orgs.unit")
    object_id: str | None = None
    object: str | None = Field(None, description="Tìm trong tên đối tượng")
    source: Literal["web", "api", "cli", "job", "import", "system"] | None = None
    request_id: uuid.UUID | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


# --- me, users --------------------------------------------------------------------------------------------


class RoleOut(Schema):
    id: int
    role: str
    role_label: str
    scope: str = Field(..., description="* = toàn hệ thống, mã hội hoặc mã đơn vị")
    scope_label: str


class MeOut(Schema):
    id: int
    username: str
    first_name: str
    last_name: str
    email: str
    roles: list[RoleOut]
    actions: dict[str, list[str]] = Field(..., description="Hành động được phép -> các phạm vi")


class UserOut(Schema):
    id: int
    username: str
    first_name: str
    last_name: str
    email: str
    is_active: bool
    roles: list[RoleOut]


class UserQuery(Schema):
    q: str | None = Field(None, description="Tìm theo tên đăng nhập, họ tên hoặc e-mail")


class UserCreate(Schema):
    username: str = Field(..., max_length=150)
    password: str = Field(..., max_length=256)
    role: str
    scope: str | None = Field(None, description="* hoặc bỏ trống = toàn hệ thống; mã hội; mã đơn vị")
    first_name: str = ""
    last_name: str = ""
    email: str = ""


class RoleIn(Schema):
    role: str
    scope: str | None = None
