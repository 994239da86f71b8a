"""The JSON shapes of the briefings API (api/briefings.py)."""

from __future__ import annotations

import datetime

from ninja import Field, Schema


class FileOut(Schema):
    id: int
    kind: str
    name: str
    size: int
    sha256: str
    uploaded_at: datetime.datetime


class EvidenceOut(Schema):
    id: int
    name: str
    size: int
    sha256: str


class UpdateOut(Schema):
    id: int
    step: str = Field(description="progress, done, accept, return, cancel, pass_down")
    text: str
    progress: int | None
    link: str
    author: str
    created_at: datetime.datetime
    evidence: list[EvidenceOut]


class AssignmentOut(Schema):
    id: int
    directive: int
    directive_title: str
    briefing: int
    briefing_title: str
    unit: str | None = Field(description="Mã đơn vị được giao; trống khi giao cho một ban của cơ quan theo dõi")
    association: str | None
    department: str
    assignee: str
    parent: int | None = Field(description="Nhiệm vụ cấp trên đã giao tiếp xuống đơn vị này")
    state: str = Field(description="not_started, in_progress, done (chờ nghiệm thu), accepted, cancelled")
    status: str = Field(description="Trạng thái hiển thị: như state, hoặc overdue khi quá hạn mà chưa xong")
    overdue: bool
    due_on: datetime.date | None
    priority: str
    recurrence: str
    progress: int = Field(description="Tiến độ (%) nơi được giao báo cáo")
    rolled_progress: int | None = Field(description="Tiến độ bình quân của các đơn vị cấp dưới được giao tiếp")
    reason: str = Field(description="Lý do trả lại hoặc huỷ")
    done_at: datetime.datetime | None
    accepted_at: datetime.datetime | None
    updated_at: datetime.datetime
    version: int = Field(description="Gửi kèm khi báo cáo, nghiệm thu: phiên bản cũ bị từ chối (409)")


class AssignmentDetail(AssignmentOut):
    content: str
    coordinator: str
    indicators: list[str]
    children: list[AssignmentOut]
    updates: list[UpdateOut]


class DirectiveOut(Schema):
    id: int
    briefing: int
    title: str
    content: str
    coordinator: str
    due_on: datetime.date | None
    recurrence: str
    priority: str
    indicators: list[str]
    assignments: list[AssignmentOut]


class BriefingOut(Schema):
    id: int
    kind: str
    title: str
    held_on: datetime.date
    place: str
    chair: str
    unit: str | None = Field(description="Đơn vị triệu tập (giao ban nội bộ); trống: cơ quan theo dõi")
    associations: list[str]
    participants: str
    agenda: str
    period: str | None
    report: int | None = Field(description="Số hiệu (id) báo cáo tổng hợp đã cấp số được xem xét")
    minutes: str
    conclusion: str
    created_at: datetime.datetime
    version: int


class BriefingDetail(BriefingOut):
    files: list[FileOut]
    directives: list[DirectiveOut]


class BriefingQuery(Schema):
    kind: str | None = Field(None, description="semiannual, annual, thematic, ad_hoc")
    association: str | None = Field(None, description="Mã hội tham dự hoặc triệu tập")


class BriefingIn(Schema):
    kind: str = "semiannual"
    title: str
    held_on: datetime.date
    place: str = ""
    chair: str = ""
    unit: str = Field("", description="Mã đơn vị triệu tập giao ban nội bộ; trống: giao ban của cơ quan theo dõi")
    associations: list[str] = Field([], description="Mã các hội tham dự")
    participants: str = Field("", description="Thành phần tham dự, mỗi người một dòng")
    agenda: str = ""
    period: str = Field("", description="Mã kỳ báo cáo được xem xét, ví dụ 2025-H2")
    report: int | None = Field(None, description="Id báo cáo tổng hợp đã cấp số (GET /documents)")
    minutes: str = ""
    conclusion: str = ""


class BriefingPatch(Schema):
    version: int | None = Field(None, description="Phiên bản đang sửa: đã bị người khác sửa thì trả 409")
    kind: str | None = None
    title: str | None = None
    held_on: datetime.date | None = None
    place: str | None = None
    chair: str | None = None
    associations: list[str] | None = None
    participants: str | None = None
    agenda: str | None = None
    period: str | None = Field(None, description='Mã kỳ; "" là bỏ')
    report: int | None = Field(None, description="Id báo cáo tổng hợp; 0 là bỏ")
    minutes: str | None = None
    conclusion: str | None = None


class DirectiveIn(Schema):
    title: str
    content: str = ""
    coordinator: str = Field("", description="Cơ quan, người chủ trì phối hợp")
    due_on: datetime.date | None = None
    recurrence: str = Field("", description='"" (một lần), quarter, half, year')
    priority: str = Field("normal", description="high, normal, low")
    assignees: list[str] = Field([], description="Mã hội (giao cho cơ quan trung ương hội) hoặc mã đơn vị")
    departments: list[str] = Field([], description="Các ban của cơ quan theo dõi (chỉ giao ban của cơ quan theo dõi)")
    indicators: list[str] = Field([], description="Mã các chỉ tiêu theo dõi kết quả")


class AssignmentQuery(Schema):
    mine: bool = Field(False, description="Chỉ các nhiệm vụ mình phải báo cáo (chưa nghiệm thu, chưa huỷ)")
    status: str = Field(
        "", description="not_started, in_progress, done, accepted, cancelled, overdue (quá hạn), soon (sắp đến hạn)"
    )
    association: str = Field("", description="Mã hội được giao")
    department: str = Field("", description="Tên ban của cơ quan theo dõi được giao")
    briefing: int | None = Field(None, description="Id cuộc giao ban")


class StepIn(Schema):
    step: str = Field(description="progress, done (nơi được giao); accept, return, cancel (nơi giao)")
    text: str = Field("", description="Nội dung đã làm; lý do khi trả lại, huỷ")
    progress: int | None = Field(None, description="Tiến độ, 0-100 (%)")
    link: str = Field("", description="Đường dẫn tới báo cáo, văn bản làm minh chứng")
    version: int | None = None


class PassDownIn(Schema):
    units: list[str] = Field([], description="Mã các đơn vị trực thuộc; trống là mọi đơn vị trực thuộc")
    due_on: datetime.date | None = Field(None, description="Hạn của cấp dưới (mặc định: hạn của nhiệm vụ)")
    text: str = ""


class BoardOut(Schema):
    key: str = Field(description="Mã hội, hoặc ~tên ban của cơ quan theo dõi")
    name: str
    total: int
    counts: dict[str, int] = Field(description="Số nhiệm vụ theo trạng thái hiển thị (có overdue)")
    soon: int = Field(description="Số nhiệm vụ sắp đến hạn (trong 7 ngày)")
    completion: int = Field(description="Tỷ lệ đã nghiệm thu (%), không tính nhiệm vụ đã huỷ")
