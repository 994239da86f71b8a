"""REST API of official documents: the consolidated report of a period (a draft file, or numbered and issued),
the document register with the files as issued, and an issuing body's letterhead. The same services as the web
pages and the CLI."""

from __future__ import annotations

import datetime

from ninja import Field, Query, Router, Schema

from quanlyhoi.api.common import Page, Paging, Status, actor, page, unit_visible
from quanlyhoi.api.schemas import Error
from quanlyhoi.core.dates import today
from quanlyhoi.core.errors import Forbidden, NotFound
from quanlyhoi.core.scoping import has_system_scope
from quanlyhoi.documents import services
from quanlyhoi.documents.models import RegisteredDocument
from quanlyhoi.documents.views import attachment
from quanlyhoi.reporting.rollup import DEFAULT_TEMPLATE
from quanlyhoi.reporting.services.documents import consolidated_report
from quanlyhoi.reporting.services.periods import period_for

reports_router = Router(tags=["reports"])
router = Router(tags=["documents"])
ERRORS = {400: Error, 403: Error, 404: Error, 409: Error, 422: Error}


class DocumentQuery(Schema):
    unit: str = Field("", description="Mã đơn vị; để trống là báo cáo tổng hợp các hội của cơ quan theo dõi")
    period: str
    format: str = Field("docx", description="docx hoặc xlsx (các biểu số liệu)")
    template: str = DEFAULT_TEMPLATE


class DocumentIn(Schema):
    unit: str = Field("", description="Mã đơn vị; để trống là báo cáo tổng hợp các hội của cơ quan theo dõi")
    period: str
    template: str = DEFAULT_TEMPLATE


class RegisteredOut(Schema):
    id: int
    body: str
    reference: str = Field(description="Số, ký hiệu: 05/BC-TWH (Nghị định 30) hoặc 05-BC/TW (Hướng dẫn 36)")
    year: int
    number: int
    doc_type: str
    summary: str
    subject: str
    issued_on: datetime.date
    issued_by: str
    sha256: str


def _registered(d: RegisteredDocument) -> dict:
    return {"id": d.pk, "body": d.body.name, "reference": d.reference, "year": d.year, "number": d.number,
            "doc_type": d.doc_type, "summary": d.summary, "subject": d.subject, "issued_on": d.issued_on,
            "issued_by": d.issued_by_name, "sha256": d.sha256}  # fmt: skip


def _unit(request, code: str):
    return unit_visible(actor(request), code, field="unit") if code.strip() else None


@reports_router.get("/document", response={200: None, **ERRORS}, summary="Báo cáo tổng hợp (bản dự thảo, chưa cấp số)")
def document_draft(request, query: Query[DocumentQuery]):
    made = consolidated_report(actor=actor(request), period=period_for(query.period), unit=_unit(request, query.unit),
                               fmt=query.format, template_code=query.template)  # fmt: skip
    return attachment(made.file_name, made.data, made.content_type)


@reports_router.post("/document", response={201: RegisteredOut, **ERRORS}, summary="Cấp số, ban hành báo cáo tổng hợp")
def document_issue(request, body: DocumentIn):
    """Numbered in the issuing body's register (one sequence per body and year); the DOCX and XLSX are kept and
    downloaded from GET /documents/{id}/file."""
    made = consolidated_report(actor=actor(request), period=period_for(body.period), unit=_unit(request, body.unit),
                               issue=True, template_code=body.template)  # fmt: skip
    return Status(201, _registered(made.registered))


@router.get("", response={200: Page[RegisteredOut], **ERRORS}, summary="Sổ văn bản đã cấp số trong phạm vi")
def register_list(request, paging: Query[Paging]):
    rows = RegisteredDocument.objects.restrict(actor(request), "view").select_related("body").order_by("-id")
    return page(rows, paging, _registered)


class FileQuery(Schema):
    format: str = Field("docx", description="docx hoặc xlsx")


@router.get("/{document_id}/file", response={200: None, **ERRORS}, summary="Tệp văn bản đúng như đã ban hành")
def register_file(request, document_id: int, query: Query[FileQuery]):
    found = RegisteredDocument.objects.restrict(actor(request), "view").filter(pk=document_id).first()
    if found is None:
        raise NotFound()
    data = services.stored(found, query.format)
    return attachment(f"{found.file_name.rsplit('.', 1)[0]}.{query.format}", data, services.CONTENT_TYPES[query.format])


class BodyQuery(Schema):
    unit: str = Field("", description="Mã đơn vị; để trống là cơ quan theo dõi hiện nay")


class BodyOut(Schema):
    style: str = Field(description="state (Nghị định 30/2020) hoặc party (Hướng dẫn 36-HD/VPTW)")
    parent_name: str
    name: str
    abbreviation: str
    place: str
    signer_authority: str
    signer_title: str
    signer_name: str
    recipients: str
    saved: bool = Field(description="false: mặc định của hệ thống, chưa ai sửa")


class BodyIn(Schema):
    style: str | None = None
    parent_name: str | None = None
    name: str | None = None
    abbreviation: str | None = None
    place: str | None = None
    signer_authority: str | None = None
    signer_title: str | None = None
    signer_name: str | None = None
    recipients: str | None = None


def _body(request, code: str):
    unit = _unit(request, code)
    if unit is None:
        return services.body_of(overseer=services.overseer_on(today()))
    return services.body_of(unit=unit)


def _body_out(body) -> dict:
    return {**{f: getattr(body, f) for f in services.EDITABLE}, "saved": body.pk is not None}


@router.get("/body", response={200: BodyOut, **ERRORS}, summary="Thể thức, tiêu đề và người ký của cơ quan ban hành")
def body_get(request, query: Query[BodyQuery]):
    body = _body(request, query.unit)
    if body.unit_id is None and not has_system_scope(actor(request), "view"):
        raise Forbidden("Chỉ cơ quan theo dõi xem thông tin ban hành văn bản của mình.")
    return _body_out(body)


@router.patch("/body", response={200: BodyOut, **ERRORS}, summary="Sửa thể thức, tiêu đề, người ký, nơi nhận")
def body_patch(request, query: Query[BodyQuery], body: BodyIn):
    found = _body(request, query.unit)
    if not services.may_issue(actor(request), found):
        raise Forbidden("Bạn không có quyền sửa thông tin của cơ quan ban hành này.")
    return _body_out(services.update_body(actor=actor(request), body=found, **body.model_dump(exclude_none=True)))
