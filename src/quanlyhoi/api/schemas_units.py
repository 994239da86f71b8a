"""Request and response shapes for units, the tree and restructuring events."""

from __future__ import annotations

import datetime
from typing import Annotated, Literal, Union

from ninja import Field, Schema
from pydantic import BaseModel, ConfigDict

from quanlyhoi.api.schemas import AreaIn, AreaRef

# An area is {"code": "08", "generation": "2025"} or just "08" (current generation).
AreaInput = AreaIn | str


class UnitOut(Schema):
    code: str
    name: str
    association: str
    level: str
    parent: str | None
    area: AreaRef | None
    valid_from: datetime.date
    valid_to: datetime.date | None
    period_from: datetime.date | None = Field(None, description="Với as_of: trạng thái này bắt đầu từ ngày")
    period_to: datetime.date | None = Field(None, description="Với as_of: trạng thái này kết thúc ngày")


class UnitQuery(Schema):
    q: str | None = Field(None, description="Tìm theo tên (không dấu cũng được) hoặc phần đầu mã")
    association: str | None = Field(None, description="Mã hội, ví dụ NCT")
    level: str | None = Field(None, description="Mã cấp: central, province, commune, branch, group")
    area: str | None = Field(None, description="Mã địa bàn")
    active: bool | None = Field(None, description="true: còn hoạt động; false: đã chấm dứt")
    subtree: str | None = Field(None, description="Chỉ các đơn vị thuộc cây của đơn vị mang mã này")
    as_of: datetime.date | None = Field(
        None, description="Các đơn vị hoạt động vào ngày này, với tên, cấp trên, địa bàn của ngày đó"
    )


class PeriodOut(Schema):
    valid_from: datetime.date
    valid_to: datetime.date | None
    name: str
    parent: str | None
    area: AreaRef | None
    event_id: int | None


class LineageOut(Schema):
    code: str
    name: str
    via: str
    event_id: int
    kind: str
    effective_date: datetime.date


class UnitDetail(UnitOut):
    address: str
    phone: str
    email: str
    note: str
    children: list[str]
    periods: list[PeriodOut]
    predecessors: list[LineageOut]
    successors: list[LineageOut]


class UnitPatch(BaseModel):
    """Contact data only; name, parent and area change through restructuring events. Other fields are passed
    on so that the service refuses them with its own message (a plain pydantic model keeps extra fields)."""

    model_config = ConfigDict(extra="allow")

    address: str | None = None
    phone: str | None = None
    email: str | None = None
    note: str | None = None


class TreeNodeOut(Schema):
    code: str
    name: str
    level: str
    area: str | None
    parent: str | None
    children: list[TreeNodeOut]


class TreeOut(Schema):
    as_of: datetime.date
    tree: list[TreeNodeOut]


# --- events -----------------------------------------------------------------------------------------------


class EventUnitOut(Schema):
    code: str
    role: str


class EventOut(Schema):
    id: int
    kind: str
    association: str
    effective_date: datetime.date
    decision_number: str
    decision_date: datetime.date | None
    note: str
    summary: str
    created_at: datetime.datetime
    created_by: str | None
    units: list[EventUnitOut]


class EventQuery(Schema):
    association: str | None = None
    kind: Literal["create", "rename", "move", "merge", "split", "dissolve"] | None = None
    effective_from: datetime.date | None = None
    effective_to: datetime.date | None = None
    unit: str | None = Field(None, description="Mã đơn vị liên quan")


class _BasisIn(Schema):
    model_config = ConfigDict(extra="forbid")

    effective_date: datetime.date
    decision_number: str = Field("", max_length=100)
    decision_date: datetime.date | None = None
    note: str = ""
    preview: bool = Field(False, description="true: chạy thử rồi huỷ, không ghi gì")


class NewUnitIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str
    area: AreaInput | None = None
    code: str | None = Field(None, description="Bỏ trống để hệ thống tự đặt mã")
    parent: str | None = Field(None, description="Mã đơn vị cấp trên (mặc định: như đơn vị cũ)")


class CreateIn(_BasisIn):
    kind: Literal["create"]
    name: str
    parent: str | None = Field(None, description="Mã đơn vị cấp trên; bỏ trống = đơn vị cấp cao nhất")
    association: str | None = Field(None, description="Mã hội; cần khi không có đơn vị cấp trên")
    level: str | None = Field(None, description="Mã cấp; mặc định là cấp ngay dưới đơn vị cấp trên")
    area: AreaInput | None = None
    code: str | None = None


class RenameIn(_BasisIn):
    kind: Literal["rename"]
    unit: str
    name: str | None = Field(None, description="Tên mới; bỏ trống = giữ tên")
    area: AreaInput | None = Field(None, description="Địa bàn mới; không gửi = giữ, null = bỏ địa bàn")


class MoveIn(_BasisIn):
    kind: Literal["move"]
    unit: str
    new_parent: str


class MergeIn(_BasisIn):
    kind: Literal["merge"]
    sources: list[str] = Field(..., min_length=1)
    target: str | None = Field(None, description="Đơn vị nhận có sẵn (hoặc new_target)")
    new_target: NewUnitIn | None = None
    target_name: str | None = Field(None, description="Tên mới cho đơn vị nhận có sẵn")
    target_area: AreaInput | None = Field(None, description="Địa bàn mới cho đơn vị nhận; không gửi = giữ")


class SplitIn(_BasisIn):
    kind: Literal["split"]
    source: str
    parts: list[NewUnitIn] = Field(..., min_length=1)
    children: dict[str, int] = Field(
        default_factory=dict, description="Mã đơn vị trực thuộc -> số thứ tự (từ 0) của đơn vị mới tiếp nhận"
    )


class DissolveIn(_BasisIn):
    kind: Literal["dissolve"]
    unit: str


EventIn = Annotated[Union[CreateIn, RenameIn, MoveIn, MergeIn, SplitIn, DissolveIn], Field(discriminator="kind")]  # noqa: UP007


class OutcomeOut(Schema):
    kind: str
    summary: str
    lines: list[str]
    event_id: int | None
    unit_codes: list[str]
    preview: bool
