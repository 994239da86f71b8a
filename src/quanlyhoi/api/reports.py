"""REST API of the reporting app: periods and templates, a unit's reports (start, fill in, submit, return,
approve, lock, reopen), the completeness of a period and live roll-ups. The same services as the CLI."""

from __future__ import annotations

import datetime
from decimal import Decimal

from ninja import Field, File, Query, Router, Schema
from ninja.files import UploadedFile

from quanlyhoi.api.common import Page, Paging, Status, actor, page, unit_visible
from quanlyhoi.api.schemas import Error
from quanlyhoi.core.errors import NotFound
from quanlyhoi.core.paths import subtree_q
from quanlyhoi.reporting import excel, validation
from quanlyhoi.reporting.models import ReportTemplate, Submission, SubmissionState
from quanlyhoi.reporting.queries import completeness
from quanlyhoi.reporting.rollup import DEFAULT_TEMPLATE, rollup
from quanlyhoi.reporting.services import submissions
from quanlyhoi.reporting.services.periods import period_for
from quanlyhoi.reporting.services.reminders import remind

router = Router(tags=["reports"])
ERRORS = {400: Error, 403: Error, 404: Error, 409: Error, 422: Error}


class IndicatorOut(Schema):
    code: str
    name: str
    unit_of_measure: str
    kind: str
    aggregation: str
    breakdowns: list
    computed: bool = Field(description="Tính từ dữ liệu hội viên, không nhập tay")
    required: bool
    group: str


class SectionOut(Schema):
    code: str
    title: str
    required: bool


class TemplateOut(Schema):
    code: str
    version: int
    name: str
    period_kinds: list[str]
    levels: list[str]
    counted_states: list[str]
    indicators: list[IndicatorOut]
    sections: list[SectionOut]


class ValueIn(Schema):
    indicator: str
    key: str = Field("", description="Phân tổ, ví dụ F (nữ); để trống là tổng số")
    value: str | Decimal | int | float | bool | None


class ValueOut(Schema):
    indicator: str
    key: str
    number: Decimal | None
    text: str


class ProblemOut(Schema):
    severity: str
    code: str
    message: str
    field: str


class ReportOut(Schema):
    id: int
    unit: str
    unit_name: str
    period: str
    template: str
    template_version: int
    state: str
    version: int = Field(description="Gửi kèm khi sửa: sửa trên phiên bản cũ bị từ chối (409)")
    return_reason: str
    submitted_at: datetime.datetime | None
    approved_at: datetime.datetime | None
    explanations: dict[str, str]
    values: list[ValueOut] | None = None
    narratives: dict[str, str] | None = None
    problems: list[ProblemOut] | None = None


class StartIn(Schema):
    unit: str
    period: str = Field(description="Mã kỳ: 2025-H2, 2025, 2025-Q3, 2025-M07")
    template: str = Field("", description="Mã mẫu báo cáo (mặc định: mẫu áp dụng cho đơn vị)")


class SaveIn(Schema):
    version: int
    values: list[ValueIn] = []
    narratives: dict[str, str] = {}
    explanations: dict[str, str] = Field({}, description="Giải trình các cảnh báo, theo mã quy tắc")


class VersionIn(Schema):
    version: int | None = None


class ReasonIn(Schema):
    reason: str


class ReportQuery(Schema):
    period: str | None = None
    unit: str | None = Field(None, description="Mã đơn vị: cả cây của đơn vị")
    state: SubmissionState | None = None


class UnitPeriodQuery(Schema):
    unit: str
    period: str


class RollupQuery(UnitPeriodQuery):
    template: str = DEFAULT_TEMPLATE
    with_predecessors: bool = Field(False, description="Cộng cả các đơn vị tiền thân (so sánh sau sáp nhập)")


def _report(s: Submission, *, full: bool = False) -> dict:
    data = {
        "id": s.pk,
        "unit": s.unit.code,
        "unit_name": s.unit.name,
        "period": s.period.code,
        "template": s.template_code,
        "template_version": s.template.version,
        "state": s.state,
        "version": s.version,
        "return_reason": s.return_reason,
        "submitted_at": s.submitted_at,
        "approved_at": s.approved_at,
        "explanations": s.explanations or {},
    }
    if full:
        data["values"] = [
            {"indicator": v.indicator.code, "key": v.key, "number": v.number, "text": v.text}
            for v in s.values.select_related("indicator").order_by("indicator__code", "key")
        ]
        data["narratives"] = {n.section.code: n.text for n in s.narratives.select_related("section")}
        data["problems"] = [p.as_dict() for p in validation.problems(s)]
    return data


def _visible(request, report_id: int) -> Submission:
    found = (
        Submission.objects.restrict(actor(request), "view")
        .select_related("unit", "unit__level", "period", "template")
        .filter(pk=report_id)
        .first()
    )
    if found is None:
        raise NotFound()
    return found


INDICATOR_FIELDS = ("code", "name", "unit_of_measure", "kind", "aggregation", "breakdowns")
TEMPLATE_FIELDS = ("code", "version", "name", "period_kinds", "levels", "counted_states")


def _fields(obj, names) -> dict:
    return {name: getattr(obj, name) for name in names}


@router.get("/templates", response={200: list[TemplateOut], **ERRORS}, summary="Mẫu báo cáo đang dùng")
def templates_list(request):
    out = []
    current = ReportTemplate.objects.restrict(actor(request), "view").filter(is_current=True)
    for t in current.prefetch_related("items__indicator", "sections"):
        indicators = [
            {**_fields(i.indicator, INDICATOR_FIELDS), "computed": bool(i.indicator.source), "required": i.required,
             "group": i.group}
            for i in t.items.all()
        ]  # fmt: skip
        sections = [{"code": s.code, "title": s.title, "required": s.required} for s in t.sections.all()]
        out.append({**_fields(t, TEMPLATE_FIELDS), "indicators": indicators, "sections": sections})
    return out


@router.get("/status", response={200: dict, **ERRORS}, summary="Tình hình nộp báo cáo của cả cây đơn vị")
def status_get(request, query: Query[UnitPeriodQuery]):
    user = actor(request)
    return completeness(user, unit_visible(user, query.unit, field="unit"), period_for(query.period)).as_dict()


@router.get("/rollup", response={200: dict, **ERRORS}, summary="Số liệu tổng hợp của đơn vị và cả cây trực thuộc")
def rollup_get(request, query: Query[RollupQuery]):
    user = actor(request)
    unit = unit_visible(user, query.unit, field="unit")
    return rollup(user, unit, period_for(query.period), query.template, predecessors=query.with_predecessors).as_dict()


@router.get("", response={200: Page[ReportOut], **ERRORS}, summary="Báo cáo trong phạm vi của người gọi")
def reports_list(request, query: Query[ReportQuery], paging: Query[Paging]):
    user = actor(request)
    rows = Submission.objects.restrict(user, "view").select_related("unit", "period", "template")
    if query.period:
        rows = rows.filter(period=period_for(query.period))
    if query.unit:
        rows = rows.filter(subtree_q("unit__path", unit_visible(user, query.unit, field="unit").path))
    if query.state:
        rows = rows.filter(state=query.state)
    return page(rows.order_by("period__ends_on", "unit__path"), paging, _report)


@router.post("", response={201: ReportOut, **ERRORS}, summary="Lập báo cáo của đơn vị cho một kỳ")
def report_start(request, body: StartIn):
    user = actor(request)
    started = submissions.start(
        actor=user, unit=unit_visible(user, body.unit, field="unit"), period=period_for(body.period),
        template_code=body.template,
    )  # fmt: skip
    return Status(201, _report(started, full=True))


class UploadResult(Schema):
    file: str
    ok: bool
    report: int | None
    unit: str
    message: str


@router.post("/upload", response={200: list[UploadResult], **ERRORS}, summary="Nộp mẫu Excel đã điền (nhiều tệp)")
def reports_upload(request, files: File[list[UploadedFile]]):
    """Each filled-in form (downloaded from GET /reports/{id}/form) into its own report, through the same checks
    as PATCH; each file is answered on its own (a refused file changes nothing)."""
    return excel.upload_many(actor=actor(request), files=excel.uploaded(files))


class RemindIn(Schema):
    unit: str = Field(description="Đơn vị cấp trên: nhắc các đơn vị trong cây của nó")
    period: str
    units: list[str] = Field([], description="Chỉ nhắc các đơn vị này (mã); để trống là mọi đơn vị chưa gửi")


class RemindOut(Schema):
    units: int = Field(description="Số đơn vị chưa gửi báo cáo lên cấp trên")
    notified: int = Field(description="Số thông báo mới gửi tới cán bộ các đơn vị")
    already: int = Field(description="Số đơn vị đã được nhắc trong ngày (không gửi lại)")
    without_officer: list[str] = Field(description="Đơn vị không có tài khoản cán bộ để nhắc")


@router.post("/remind", response={200: RemindOut, **ERRORS}, summary="Nhắc các đơn vị chưa gửi báo cáo (cấp trên)")
def reports_remind(request, body: RemindIn):
    """One reminder per unit and day: calling it again on the same day sends nothing new (safe from cron).
    Declared before the /{report_id} routes, which would otherwise take "remind" for a report id."""
    user = actor(request)
    unit = unit_visible(user, body.unit, field="unit")
    return remind(actor=user, unit=unit, period=period_for(body.period), codes=body.units)


@router.get("/{report_id}/form", response={200: None, **ERRORS}, summary="Tải mẫu Excel của báo cáo để điền")
def report_form(request, report_id: int):
    return excel.download(_visible(request, report_id))


@router.get("/{report_id}", response={200: ReportOut, **ERRORS}, summary="Một báo cáo: số liệu, các phần, lỗi")
def report_get(request, report_id: int):
    return _report(_visible(request, report_id), full=True)


@router.patch("/{report_id}", response={200: ReportOut, **ERRORS}, summary="Nhập, sửa số liệu và các phần viết")
def report_save(request, report_id: int, body: SaveIn):
    values = {(v.indicator, v.key): v.value for v in body.values}
    saved = submissions.save(
        actor=actor(request), submission=_visible(request, report_id), version=body.version, values=values,
        narratives=body.narratives, explanations=body.explanations,
    )  # fmt: skip
    return _report(saved, full=True)


@router.post("/{report_id}/gather", response={200: ReportOut, **ERRORS}, summary="Thêm phần viết của đơn vị trực thuộc")
def report_gather(request, report_id: int, body: VersionIn):
    """The narrative sections of the reports received from the units directly below, appended to this report's
    own, each under a line naming its source unit (nothing added twice)."""
    done = submissions.gather(actor=actor(request), submission=_visible(request, report_id), version=body.version)
    return _report(done, full=True)


@router.post("/{report_id}/submit", response={200: ReportOut, **ERRORS}, summary="Gửi báo cáo lên cấp trên")
def report_submit(request, report_id: int, body: VersionIn):
    done = submissions.submit(actor=actor(request), submission=_visible(request, report_id), version=body.version)
    return _report(done)


@router.post("/{report_id}/return", response={200: ReportOut, **ERRORS}, summary="Trả lại báo cáo (cấp trên)")
def report_return(request, report_id: int, body: ReasonIn):
    done = submissions.return_submission(
        actor=actor(request), submission=_visible(request, report_id), reason=body.reason
    )
    return _report(done)


@router.post("/{report_id}/approve", response={200: ReportOut, **ERRORS}, summary="Duyệt báo cáo (cấp trên)")
def report_approve(request, report_id: int):
    return _report(submissions.approve(actor=actor(request), submission=_visible(request, report_id)))


@router.post("/{report_id}/lock", response={200: ReportOut, **ERRORS}, summary="Khoá báo cáo đã duyệt")
def report_lock(request, report_id: int):
    return _report(submissions.lock(actor=actor(request), submission=_visible(request, report_id)))


@router.post("/{report_id}/reopen", response={200: ReportOut, **ERRORS}, summary="Mở lại báo cáo đã duyệt, đã khoá")
def report_reopen(request, report_id: int, body: ReasonIn):
    done = submissions.reopen(actor=actor(request), submission=_visible(request, report_id), reason=body.reason)
    return _report(done)
