"""REST API of briefings (giao ban): the meetings and their documents, the directives they conclude, and the
follow-up of each assignment (progress with evidence, done, accepted or returned, cancelled, passed down).

Scoping: a briefing is seen by the overseer, the associations that took part and those it assigned something;
an assignment by its assignee's scope and those above it (the overseer sees all). The same services as the CLI
(briefings.services, briefings.queries)."""

from __future__ import annotations

import datetime
import mimetypes

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from ninja import Field, File, Form, Query, Router, Schema
from ninja.files import UploadedFile

from quanlyhoi.api.common import Page, Paging, Status, actor, association_visible, page, unit_visible
from quanlyhoi.api.schemas import Error
from quanlyhoi.briefings import files as stored
from quanlyhoi.briefings import queries
from quanlyhoi.briefings.models import Assignment, Briefing, BriefingFile, Directive, Evidence
from quanlyhoi.briefings.services import directives, follow_up, meetings
from quanlyhoi.core.dates import today
from quanlyhoi.core.errors import DomainError, NotFound
from quanlyhoi.documents.models import RegisteredDocument
from quanlyhoi.reporting.services.periods import period_for

router = Router(tags=["briefings"])
ERRORS = {400: Error, 403: Error, 404: Error, 409: Error, 422: Error}


# --- shapes -----------------------------------------------------------------------------------------------


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


# --- rows -------------------------------------------------------------------------------------------------


def briefing_row(b: Briefing) -> dict:
    return {
        "id": b.pk, "kind": b.kind, "title": b.title, "held_on": b.held_on, "place": b.place, "chair": b.chair,
        "unit": b.unit.code if b.unit_id else None, "associations": sorted(a.code for a in b.associations.all()),
        "participants": b.participants, "agenda": b.agenda, "period": b.period.code if b.period_id else None,
        "report": b.report_id, "minutes": b.minutes, "conclusion": b.conclusion, "created_at": b.created_at,
        "version": b.version,
    }  # fmt: skip


def file_row(f: BriefingFile) -> dict:
    return {"id": f.pk, "kind": f.kind, "name": f.name, "size": f.size, "sha256": f.sha256,
            "uploaded_at": f.uploaded_at}  # fmt: skip


def assignment_row(a: Assignment, day: datetime.date | None = None) -> dict:
    d = a.directive
    return {
        "id": a.pk, "directive": d.pk, "directive_title": d.title, "briefing": d.briefing_id,
        "briefing_title": d.briefing.title, "unit": a.unit.code if a.unit_id else None,
        "association": a.unit.association.code if a.unit_id else None, "department": a.department,
        "assignee": a.assignee, "parent": a.parent_id, "state": a.state, "status": queries.status(a, day),
        "overdue": queries.is_overdue(a, day), "due_on": a.due_on, "priority": d.priority,
        "recurrence": d.recurrence, "progress": a.progress, "rolled_progress": queries.rolled_progress(a),
        "reason": a.reason, "done_at": a.done_at, "accepted_at": a.accepted_at, "updated_at": a.updated_at,
        "version": a.version,
    }  # fmt: skip


def assignment_detail(a: Assignment) -> dict:
    day = today()
    d = a.directive
    updates = [
        {"id": u.pk, "step": u.step, "text": u.text, "progress": u.progress, "link": u.link,
         "author": u.author_name, "created_at": u.created_at,
         "evidence": [{"id": e.pk, "name": e.name, "size": e.size, "sha256": e.sha256} for e in u.files.all()]}
        for u in a.updates.prefetch_related("files")
    ]  # fmt: skip
    children = a.children.select_related("directive__briefing", "unit__association").prefetch_related("children")
    return {
        **assignment_row(a, day), "content": d.content, "coordinator": d.coordinator,
        "indicators": [i.code for i in d.indicators.all()], "children": [assignment_row(c, day) for c in children],
        "updates": updates,
    }  # fmt: skip


def directive_row(d: Directive, assignments: list[Assignment]) -> dict:
    day = today()
    return {
        "id": d.pk, "briefing": d.briefing_id, "title": d.title, "content": d.content, "coordinator": d.coordinator,
        "due_on": d.due_on, "recurrence": d.recurrence, "priority": d.priority,
        "indicators": [i.code for i in d.indicators.all()],
        "assignments": [assignment_row(a, day) for a in assignments],
    }  # fmt: skip


def assignments_in_scope(user):
    return (
        Assignment.objects.restrict(user, "view")
        .select_related("directive__briefing", "unit__association", "parent")
        .prefetch_related("children")
    )


def board_row(r: queries.BoardRow) -> dict:
    return {"key": r.key, "name": r.name, "total": r.total, "counts": r.counts, "soon": r.soon,
            "completion": r.completion}  # fmt: skip


def briefing_detail(user, b: Briefing) -> dict:
    """The briefing with its files and the directives the caller may see (those assigned in its scope)."""
    return {
        **briefing_row(b), "files": [file_row(f) for f in b.files.all()],
        "directives": [directive_row(d, d.shown) for d in queries.directives_of(user, b)],
    }  # fmt: skip


def briefings_in_scope(user):
    return (
        Briefing.objects.restrict(user, "view")
        .distinct()
        .select_related("unit", "period")
        .prefetch_related("associations")
    )


def visible_briefing(user, briefing_id: int) -> Briefing:
    found = briefings_in_scope(user).filter(pk=briefing_id).first()
    if found is None:
        raise NotFound(f"Không tìm thấy cuộc giao ban số {briefing_id}.")
    return found


def visible_assignment(user, assignment_id: int) -> Assignment:
    found = assignments_in_scope(user).filter(pk=assignment_id).first()
    if found is None:
        raise NotFound(f"Không tìm thấy nhiệm vụ được giao số {assignment_id}.")
    return found


def _report(user, report_id: int | None):
    if not report_id:
        return None
    found = RegisteredDocument.objects.restrict(user, "view").filter(pk=report_id).first()
    if found is None:
        raise NotFound(f"Không tìm thấy văn bản số {report_id} trong sổ văn bản.")
    return found


def download(name: str, data: bytes) -> HttpResponse:
    response = HttpResponse(data, content_type=mimetypes.guess_type(name)[0] or stored.CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def uploaded(files) -> list[tuple[str, bytes]]:
    """(name, bytes) of the uploaded files; an oversized one is refused before it is read."""
    too_big = [f.name for f in files if f.size > stored.MAX_FILE]
    if too_big:
        raise DomainError("too_big", f"Tệp lớn hơn 20 MB: {', '.join(too_big)}.", status=422, field="files")
    return [(f.name or "", f.read()) for f in files]


# --- briefings --------------------------------------------------------------------------------------------


def briefings_listed(user, *, kind: str | None = None, association: str | None = None):
    """The briefings in scope, newest first: of one kind; that an association took part in or convened."""
    rows = briefings_in_scope(user)
    if kind:
        rows = rows.filter(kind=kind)
    if association:
        code = association_visible(user, association).code
        rows = rows.filter(associations__code=code) | rows.filter(unit__association__code=code)
    return rows.order_by("-held_on", "-id")


@router.get("", response={200: Page[BriefingOut], **ERRORS}, summary="Các cuộc giao ban trong phạm vi")
def briefing_list(request, query: Query[BriefingQuery], paging: Query[Paging]):
    rows = briefings_listed(actor(request), kind=query.kind, association=query.association)
    return page(rows, paging, briefing_row)


@router.post("", response={201: BriefingDetail, **ERRORS}, summary="Ghi nhận một cuộc giao ban")
def briefing_create(request, body: BriefingIn):
    """Without `unit`, the overseer's briefing with the associations; with it, that unit's internal briefing with
    its chapters."""
    user = actor(request)
    data = body.model_dump()
    code, period_code = data.pop("unit").strip(), data.pop("period").strip()
    unit = unit_visible(user, code, field="unit") if code else None
    associations = [association_visible(user, code) for code in data.pop("associations")]
    period = period_for(period_code) if period_code else None
    report = _report(user, data.pop("report"))
    made = meetings.create_briefing(actor=user, unit=unit, associations=associations, period=period, report=report,
                                    **data)  # fmt: skip
    return Status(201, briefing_detail(user, visible_briefing(user, made.pk)))


@router.get("/assignments", response={200: Page[AssignmentOut], **ERRORS}, summary="Nhiệm vụ được giao trong phạm vi")
def assignment_list(request, query: Query[AssignmentQuery], paging: Query[Paging]):
    """Each with its status as shown (overdue is computed) and the progress rolled up from below."""
    user = actor(request)
    if query.association:
        association_visible(user, query.association)
    rows = queries.listing(user, mine_only=query.mine, status=query.status, association=query.association,
                           department=query.department, briefing=query.briefing)  # fmt: skip
    day = today()
    return page(rows, paging, lambda a: assignment_row(a, day))


@router.get("/assignments/{assignment_id}", response={200: AssignmentDetail, **ERRORS},
            summary="Một nhiệm vụ được giao: lịch sử báo cáo, minh chứng, cấp dưới")  # fmt: skip
def assignment_get(request, assignment_id: int):
    return assignment_detail(visible_assignment(actor(request), assignment_id))


@router.post("/assignments/{assignment_id}/steps", response={200: AssignmentDetail, **ERRORS},
             summary="Báo cáo tiến độ, hoàn thành; nghiệm thu, trả lại, huỷ")  # fmt: skip
def assignment_step(request, assignment_id: int, body: StepIn):
    user = actor(request)
    found = visible_assignment(user, assignment_id)
    follow_up.step(actor=user, assignment=found, step=body.step, text=body.text, progress=body.progress,
                   link=body.link, version=body.version)  # fmt: skip
    return assignment_detail(visible_assignment(user, assignment_id))


@router.post("/assignments/{assignment_id}/evidence", response={200: AssignmentDetail, **ERRORS},
             summary="Báo cáo kèm tệp minh chứng (multipart)")  # fmt: skip
def assignment_evidence(
    request, assignment_id: int, files: File[list[UploadedFile]], step: Form[str] = "progress", text: Form[str] = "",
    progress: Form[int | None] = None, link: Form[str] = "", version: Form[int | None] = None,
):  # fmt: skip
    """The same step as POST .../steps, with the files attached to it as evidence."""
    user = actor(request)
    found = visible_assignment(user, assignment_id)
    follow_up.step(actor=user, assignment=found, step=step, text=text, progress=progress, link=link,
                   files=uploaded(files), version=version)  # fmt: skip
    return assignment_detail(visible_assignment(user, assignment_id))


@router.post("/assignments/{assignment_id}/pass-down", response={201: list[AssignmentOut], **ERRORS},
             summary="Giao tiếp nhiệm vụ cho các đơn vị trực thuộc")  # fmt: skip
def assignment_pass_down(request, assignment_id: int, body: PassDownIn):
    user = actor(request)
    found = visible_assignment(user, assignment_id)
    made = directives.pass_down(actor=user, assignment=found, codes=body.units, due_on=body.due_on, text=body.text)
    day = today()
    return Status(201, [assignment_row(a, day) for a in assignments_in_scope(user).filter(pk__in=[c.pk for c in made])])


@router.get("/assignments/{assignment_id}/evidence/{evidence_id}", response={200: None, **ERRORS},
            summary="Tải tệp minh chứng")  # fmt: skip
def evidence_file(request, assignment_id: int, evidence_id: int):
    found = visible_assignment(actor(request), assignment_id)
    evidence = Evidence.objects.filter(pk=evidence_id, update__assignment=found).first()
    if evidence is None:
        raise NotFound("Không tìm thấy tệp minh chứng.")
    return download(evidence.name, stored.read(evidence.sha256, evidence.name))


@router.get("/board", response={200: list[BoardOut], **ERRORS}, summary="Bảng theo dõi nhiệm vụ theo từng hội")
def board_get(request):
    return [board_row(r) for r in queries.board(actor(request))]


@router.get("/{briefing_id}", response={200: BriefingDetail, **ERRORS}, summary="Một cuộc giao ban: tài liệu, nhiệm vụ")
def briefing_get(request, briefing_id: int):
    user = actor(request)
    return briefing_detail(user, visible_briefing(user, briefing_id))


@router.patch(
    "/{briefing_id}", response={200: BriefingDetail, **ERRORS}, summary="Sửa cuộc giao ban (biên bản, kết luận)"
)
def briefing_patch(request, briefing_id: int, body: BriefingPatch):
    user = actor(request)
    found = visible_briefing(user, briefing_id)
    data = body.model_dump(exclude_unset=True)
    version = data.pop("version", None)
    associations = data.pop("associations", None)
    if associations is not None:
        associations = [association_visible(user, code) for code in associations]
    if "period" in data:
        data["period"] = period_for(data["period"]) if (data["period"] or "").strip() else None
    if "report" in data:
        data["report"] = _report(user, data["report"])
    values = {k: v for k, v in data.items() if v is not None or k in ("period", "report")}
    meetings.update_briefing(actor=user, briefing=found, version=version, associations=associations, **values)
    return briefing_detail(user, visible_briefing(user, briefing_id))


@router.post("/{briefing_id}/files", response={201: list[FileOut], **ERRORS}, summary="Đính kèm tài liệu (multipart)")
def briefing_attach(request, briefing_id: int, files: File[list[UploadedFile]], kind: Form[str] = "other"):
    """kind: minutes (biên bản), conclusion (thông báo kết luận), other."""
    user = actor(request)
    made = meetings.attach(actor=user, briefing=visible_briefing(user, briefing_id), kind=kind, files=uploaded(files))
    return Status(201, [file_row(f) for f in made])


@router.get("/{briefing_id}/files/{file_id}", response={200: None, **ERRORS}, summary="Tải tài liệu của cuộc giao ban")
def briefing_file(request, briefing_id: int, file_id: int):
    found = visible_briefing(actor(request), briefing_id)
    kept = BriefingFile.objects.filter(pk=file_id, briefing=found).first()
    if kept is None:
        raise NotFound("Không tìm thấy tài liệu.")
    return download(kept.name, stored.read(kept.sha256, kept.name))


@router.post("/{briefing_id}/directives", response={201: DirectiveOut, **ERRORS}, summary="Giao nhiệm vụ (kết luận)")
def directive_create(request, briefing_id: int, body: DirectiveIn):
    user = actor(request)
    made = directives.create_directive(actor=user, briefing=visible_briefing(user, briefing_id), **body.model_dump())
    shown = list(assignments_in_scope(user).filter(directive=made).order_by("id"))
    return Status(201, directive_row(made, shown))
