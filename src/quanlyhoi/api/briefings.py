"""REST API of briefings (giao ban): the meetings and their documents, the directives they conclude, and the
follow-up of each assignment (progress with evidence, done, accepted or returned, cancelled, passed down).

Scoping: a briefing is seen by the overseer, the associations that took part and those it assigned something;
an assignment by its assignee's scope and those above it (the overseer sees all). The same services as the CLI
(briefings.services, briefings.queries)."""

from __future__ import annotations

from ninja import File, Form, Query, Router
from ninja.files import UploadedFile

from quanlyhoi.api.briefings_rows import (
    assignment_detail,
    assignment_row,
    assignments_in_scope,
    board_row,
    briefing_detail,
    briefing_row,
    briefings_listed,
    directive_row,
    download,
    file_row,
    registered_report,
    uploaded,
    visible_assignment,
    visible_briefing,
)
from quanlyhoi.api.common import Page, Paging, Status, actor, association_visible, page, unit_visible
from quanlyhoi.api.schemas import Error
from quanlyhoi.api.schemas_briefings import (
    AssignmentDetail,
    AssignmentOut,
    AssignmentQuery,
    BoardOut,
    BriefingDetail,
    BriefingIn,
    BriefingOut,
    BriefingPatch,
    BriefingQuery,
    DirectiveIn,
    DirectiveOut,
    FileOut,
    PassDownIn,
    StepIn,
)
from quanlyhoi.briefings import files as stored
from quanlyhoi.briefings import queries
from quanlyhoi.briefings.models import BriefingFile, Evidence
from quanlyhoi.briefings.services import directives, follow_up, meetings
from quanlyhoi.core.dates import today
from quanlyhoi.core.errors import NotFound
from quanlyhoi.reporting.services.periods import period_for

router = Router(tags=["briefings"])
ERRORS = {400: Error, 403: Error, 404: Error, 409: Error, 422: Error}


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
    report = registered_report(user, data.pop("report"))
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
        data["report"] = registered_report(user, data["report"])
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
