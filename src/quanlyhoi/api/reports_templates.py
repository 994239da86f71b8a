"""REST API of report templates and indicators as data: a template's versions, a revision (a new version that
new reports start on; reports already started keep theirs), new templates, and indicators. The same services as
the web pages (reporting.services.templates, reporting.services.indicators)."""

from __future__ import annotations

from decimal import Decimal

from ninja import Field, Query, Router, Schema

from quanlyhoi.api.common import Status, actor, association_visible
from quanlyhoi.api.schemas import Error
from quanlyhoi.core.errors import DomainError, NotFound
from quanlyhoi.reporting.models import Indicator, ReportTemplate
from quanlyhoi.reporting.services import indicators, templates

router = Router(tags=["reports"])
ERRORS = {400: Error, 403: Error, 404: Error, 409: Error, 422: Error}


class ItemIn(Schema):
    indicator: str = Field(description="Mã chỉ tiêu (dùng chung hoặc của hội có mẫu)")
    group: str = ""
    required: bool = False


class ItemOut(ItemIn):
    name: str
    unit_of_measure: str


class SectionIn(Schema):
    code: str = Field(description="Mã phần viết: chữ thường không dấu, số, gạch dưới")
    title: str
    required: bool = False


class RuleIn(Schema):
    code: str
    kind: str = Field(description="at_most (không quá chỉ tiêu other), range (minimum..maximum), change (tỷ lệ)")
    severity: str = Field("error", description="error: chặn gửi; warning: cần giải trình")
    indicator: str
    other: str = ""
    minimum: Decimal | str | None = None
    maximum: Decimal | str | None = Field(None, description="Với change: mức thay đổi tối đa, 0.2 là 20%")
    message: str


class VersionOut(Schema):
    version: int
    is_current: bool
    name: str
    reports: int = Field(description="Số báo cáo (trong phạm vi của người gọi) lập theo phiên bản này")


class TemplateDetailOut(Schema):
    code: str
    version: int
    is_current: bool
    association: str | None = Field(description="Mã hội; trống là mẫu dùng chung")
    name: str
    period_kinds: list[str]
    levels: list[str]
    counted_states: list[str]
    items: list[ItemOut]
    sections: list[SectionIn]
    rules: list[RuleIn]
    versions: list[VersionOut]


class RevisionIn(Schema):
    version: int | None = Field(None, description="Phiên bản đang sửa: không còn hiện hành thì bị từ chối (409)")
    name: str | None = None
    period_kinds: list[str] | None = Field(None, description="month, quarter, half, year")
    levels: list[str] | None = Field(None, description="Mã cấp; danh sách rỗng là mọi cấp")
    counted_states: list[str] | None = Field(None, description="Trong submitted, approved, locked")
    items: list[ItemIn] | None = Field(None, description="Cả danh sách chỉ tiêu theo thứ tự; bỏ trống là giữ nguyên")
    sections: list[SectionIn] | None = None
    rules: list[RuleIn] | None = None


class TemplateIn(Schema):
    association: str | None = Field(None, description="Mã hội; bỏ trống là mẫu dùng chung")
    name: str
    period_kinds: list[str]
    levels: list[str] = []
    counted_states: list[str] | None = None
    items: list[ItemIn] = []
    sections: list[SectionIn] = []
    rules: list[RuleIn] = []


class IndicatorOut(Schema):
    code: str
    association: str | None
    name: str
    unit_of_measure: str
    kind: str
    aggregation: str
    breakdowns: list
    source: str
    in_use: bool = Field(description="Đã có số liệu trong báo cáo: không đổi được kiểu, phân tổ, cách tổng hợp")


class IndicatorPatch(Schema):
    name: str | None = None
    unit_of_measure: str | None = None
    kind: str | None = Field(None, description="integer, decimal, money, percent, yesno, text")
    aggregation: str | None = Field(None, description="sum, average, maximum, last, none")
    breakdowns: list | None = Field(
        None, description='Tối đa 2 tiêu chí: [{"code": "sex", "name": "Giới tính", "choices": [["M", "Nam"], ...]}]'
    )
    source: str | None = Field(None, description="Tính từ dữ liệu hội viên: members, joined, left, in_need, units")


class IndicatorIn(IndicatorPatch):
    association: str | None = Field(None, description="Mã hội; bỏ trống là chỉ tiêu dùng chung")
    code: str
    name: str


class VersionQuery(Schema):
    version: int | None = Field(None, description="Một phiên bản cũ; mặc định là phiên bản hiện hành")


class AssociationQuery(Schema):
    association: str | None = Field(None, description="Mã hội có chỉ tiêu riêng mang mã này")


def _detail(user, template: ReportTemplate) -> dict:
    spec = templates.spec_of(template)
    names = {i.indicator.code: i.indicator for i in template.items.select_related("indicator")}
    used = templates.reports_by_version(user, template.code)
    versions = ReportTemplate.objects.filter(code=template.code).order_by("-version")
    return {
        **{k: getattr(template, k) for k in ("code", "version", "is_current")},
        **spec,
        "association": template.association.code if template.association_id else None,
        "items": [
            {**i, "name": names[i["indicator"]].name, "unit_of_measure": names[i["indicator"]].unit_of_measure}
            for i in spec["items"]
        ],
        "versions": [
            {"version": v.version, "is_current": v.is_current, "name": v.name, "reports": used.get(v.version, 0)}
            for v in versions
        ],
    }


def _indicator(obj: Indicator) -> dict:
    return {
        **{k: getattr(obj, k) for k in ("code", "name", "unit_of_measure", "kind", "aggregation", "breakdowns")},
        "source": obj.source,
        "association": obj.association.code if obj.association_id else None,
        "in_use": indicators.in_use(obj),
    }


def _parts(body: Schema, *names: str) -> dict:
    """The given lists of a body as plain dicts (None where not given: the service keeps them)."""
    return {n: None if getattr(body, n) is None else [x.model_dump() for x in getattr(body, n)] for n in names}


@router.get(
    "/templates/{code}", response={200: TemplateDetailOut, **ERRORS}, summary="Một mẫu báo cáo và các phiên bản"
)
def template_get(request, code: str, query: Query[VersionQuery]):
    user = actor(request)
    return _detail(user, templates.template_visible(user, code, query.version))


@router.post(
    "/templates/{code}/revisions",
    response={201: TemplateDetailOut, **ERRORS},
    summary="Sửa mẫu báo cáo thành phiên bản mới",
)
def template_revise(request, code: str, body: RevisionIn):
    """A new version with what is given (the rest copied from the current one); reports already started keep
    the version they were started on, new reports start on the new one."""
    user = actor(request)
    base = templates.template_visible(user, code, body.version)
    revised = templates.revise_template(
        actor=user, template=base, name=body.name, period_kinds=body.period_kinds, levels=body.levels,
        counted_states=body.counted_states, **_parts(body, "items", "sections", "rules"),
    )  # fmt: skip
    return Status(201, _detail(user, revised))


@router.post("/templates/{code}", response={201: TemplateDetailOut, **ERRORS}, summary="Tạo mẫu báo cáo mới")
def template_create(request, code: str, body: TemplateIn):
    """A new template with this code (version 1): shared, or the association's own."""
    user = actor(request)
    created = templates.create_template(
        actor=user, association=association_visible(user, body.association) if body.association else None,
        code=code, name=body.name, period_kinds=body.period_kinds, levels=body.levels,
        counted_states=body.counted_states, **_parts(body, "items", "sections", "rules"),
    )  # fmt: skip
    return Status(201, _detail(user, created))


@router.get("/indicators", response={200: list[IndicatorOut], **ERRORS}, summary="Chỉ tiêu dùng chung và của hội")
def indicators_list(request):
    rows = Indicator.objects.restrict(actor(request), "view").select_related("association")
    return [_indicator(i) for i in rows.order_by("association__code", "code")]


@router.post("/indicators", response={201: IndicatorOut, **ERRORS}, summary="Tạo chỉ tiêu")
def indicator_create(request, body: IndicatorIn):
    user = actor(request)
    given = body.model_dump(exclude={"association", "code", "name"}, exclude_none=True)
    created = indicators.create_indicator(
        actor=user, association=association_visible(user, body.association) if body.association else None,
        code=body.code, name=body.name, **given,
    )  # fmt: skip
    return Status(201, _indicator(created))


@router.patch("/indicators/{code}", response={200: IndicatorOut, **ERRORS}, summary="Sửa chỉ tiêu")
def indicator_update(request, code: str, body: IndicatorPatch, query: Query[AssociationQuery]):
    """Name and unit of measure are always editable; type, breakdowns, aggregation and source only while no
    report has values for the indicator (409 otherwise)."""
    user = actor(request)
    rows = Indicator.objects.restrict(user, "view").filter(code=indicators.indicator_code(code))
    if query.association:
        rows = rows.filter(association=association_visible(user, query.association))
    found = list(rows[:2])
    if not found:
        raise NotFound(f"Không tìm thấy chỉ tiêu {code}.")
    if len(found) > 1:
        raise DomainError(
            "ambiguous_indicator", f"Có nhiều chỉ tiêu mã {code}: hãy ghi thêm ?association=<mã hội>.", status=422
        )
    return _indicator(indicators.update_indicator(actor=user, indicator=found[0], **body.model_dump(exclude_none=True)))
