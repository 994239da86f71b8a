"""REST API of the members app: statistics as of a date for a unit's subtree or a whole association, and the
distinct people across associations (system and overseer roles)."""

from __future__ import annotations

import datetime

from ninja import Field, Query, Router, Schema

from quanlyhoi.api.common import actor
from quanlyhoi.api.schemas import Error
from quanlyhoi.core.dates import today
from quanlyhoi.members import stats

router = Router(tags=["members"])
ERRORS = {400: Error, 403: Error, 404: Error, 422: Error}


class StatsQuery(Schema):
    unit: str | None = Field(None, description="Mã đơn vị: thống kê cả cây của đơn vị (unit hoặc association)")
    association: str | None = Field(None, description="Mã hội: thống kê toàn hội (cần quyền trên cả hội)")
    as_of: datetime.date | None = Field(None, description="Tính tại ngày (mặc định hôm nay)")
    from_: datetime.date | None = Field(None, alias="from", description="Kỳ thống kê vào hội, thôi hội: từ ngày")
    to: datetime.date | None = Field(None, description="Kỳ thống kê: đến ngày (cần cả from và to)")


class FigureOut(Schema):
    code: str
    label: str
    count: int


class ChildOut(Schema):
    code: str
    name: str
    level: str
    members: int = Field(description="Hội viên (đang sinh hoạt, tạm dừng) của cả cây đơn vị này")
    direct: bool = Field(description="Dòng của chính đơn vị được hỏi (hội viên không thuộc đơn vị cấp dưới)")


class UnitRef(Schema):
    code: str
    name: str


class PeriodOut(Schema):
    from_: datetime.date = Field(alias="from")
    to: datetime.date
    joined: int = Field(description="Vào hội trong kỳ (theo ngày vào hội)")
    left: dict[str, int] = Field(description="Thôi hội, từ trần, chuyển đi trong kỳ")


class StatsOut(Schema):
    association: str
    unit: UnitRef | None
    as_of: datetime.date
    existed: bool = Field(description="false khi đơn vị chưa có hoặc đã chấm dứt vào ngày đó")
    members: int = Field(description="Hội viên: đang sinh hoạt và tạm dừng")
    by_status: dict[str, int]
    by_sex: dict[str, int] = Field(description="M, F, unknown")
    by_age_band: dict[str, int] = Field(description="Nhóm tuổi theo năm sinh: under60, 60-69, ..., 90+, unknown")
    elderly: int = Field(description="Từ 60 tuổi trở lên (theo năm sinh)")
    by_type: list[FigureOut]
    by_need: list[FigureOut] = Field(description="Hội viên có diện hoàn cảnh đang mở tại ngày, theo diện")
    in_need: int = Field(description="Hội viên có ít nhất một diện hoàn cảnh")
    period: PeriodOut | None
    children: list[ChildOut] = Field(description="Theo đơn vị trực thuộc tại ngày đó, mỗi dòng tính cả cây")


class AssociationCount(Schema):
    code: str
    name: str
    members: int


class PeopleOut(Schema):
    as_of: datetime.date
    memberships: int = Field(description="Hội viên của mọi hội (một người có thể ở nhiều hội)")
    people: int = Field(description="Số người khác nhau (ước tính theo số CCCD/CMND)")
    people_with_id_number: int
    people_without_id_number: int = Field(description="Hồ sơ không có số định danh: mỗi hồ sơ tính một người")
    by_association: list[AssociationCount]


@router.get(
    "/stats",
    response={200: StatsOut, **ERRORS},
    by_alias=True,
    summary="Thống kê hội viên tại một ngày",
    description=(
        "Hội viên của cả cây một đơn vị (unit) hoặc của toàn hội (association) tại ngày as_of, theo cây tổ chức "
        "của chính ngày đó: theo trạng thái, giới tính, nhóm tuổi, loại hội viên, diện hoàn cảnh, đơn vị trực "
        "thuộc; với from và to: số vào hội và thôi hội trong kỳ. Không ghi unit, association: hội đầu tiên người "
        "gọi có quyền trên cả hội, hoặc đơn vị của vai trò đầu tiên."
    ),
)
def member_stats_get(request, query: Query[StatsQuery]):
    user = actor(request)
    unit, association = stats.target(user, unit_code=query.unit, association_code=query.association)
    period = stats.period_of(query.from_, query.to)
    result = stats.member_stats(
        actor=user, unit=unit, association=association, as_of=query.as_of or today(), period=period
    )
    return result.as_dict()


@router.get(
    "/stats/people",
    response={200: PeopleOut, **ERRORS},
    summary="Số người khác nhau trên mọi hội",
    description=(
        "Chỉ cơ quan theo dõi và quản trị hệ thống. Mỗi hội giữ hồ sơ riêng của từng người; số người khác nhau "
        "được ước tính theo số CCCD/CMND (hồ sơ không có số tính mỗi hồ sơ một người)."
    ),
)
def member_people_get(request, as_of: datetime.date | None = None):
    return stats.distinct_people(actor=actor(request), as_of=as_of or today())
