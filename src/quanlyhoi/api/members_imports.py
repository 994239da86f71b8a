"""REST API of the members app: imports. Upload a spreadsheet (multipart), adjust the columns, start a dry run or
the import (202: a worker runs it; follow it with GET), read the row errors, download the errors file and the
template. Jobs outside the caller's scope answer 404; the rows of a file (errors) need the personal-data right."""

from __future__ import annotations

import datetime
from typing import Literal

from django.http import FileResponse, HttpResponse
from ninja import Field, File, Form, Query, Router, Schema
from ninja.files import UploadedFile

from quanlyhoi.api.common import Page, Paging, Status, actor, page, unit_visible
from quanlyhoi.api.schemas import Error
from quanlyhoi.core.permissions import get_visible
from quanlyhoi.members.imports import errorfile, files, template
from quanlyhoi.members.models import ImportJob
from quanlyhoi.members.services import imports as service

router = Router(tags=["members"])
ERRORS = {400: Error, 403: Error, 404: Error, 409: Error, 413: Error, 422: Error}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
FILE_RESPONSE = {
    "responses": {"200": {"description": "Tệp XLSX hoặc CSV (UTF-8 có BOM)", "content": {XLSX: {}, "text/csv": {}}}}
}


class Progress(Schema):
    done: int = 0
    total: int = 0
    phase: str = ""


class ImportJobOut(Schema):
    id: int
    association: str
    unit: str
    file_name: str
    file_format: str
    checksum: str
    state: str = Field(description="uploaded, queued, running, checked, done, refused, failed")
    stale: bool = Field(description="Lần chạy bị dừng giữa chừng (tiến trình bị tắt): không ghi gì, có thể chạy lại")
    dry_run: bool
    skip_invalid: bool
    header_row: int
    mapping: dict[str, int] = Field(description="trường -> chỉ số cột (từ 0)")
    counts: dict[str, int]
    progress: Progress
    error: str
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    created_by: str


class ImportJobDetail(ImportJobOut):
    headers: list[str] = Field(description="Các ô của dòng tiêu đề")


class MappingIn(Schema):
    mapping: dict[str, int] | None = Field(None, description="trường -> chỉ số cột (từ 0); bỏ trống để tự nhận lại")
    header_row: int | None = Field(None, ge=1, le=100, description="Số thứ tự dòng tiêu đề (từ 1)")


class RunIn(Schema):
    dry_run: bool = Field(True, description="Chạy thử: kiểm tra, không ghi gì")
    skip_invalid: bool = Field(False, description="Ghi các dòng hợp lệ, bỏ qua dòng lỗi")
    accept_duplicates: bool = Field(False, description="Nhập cả các dòng có thể trùng")


class RowErrorOut(Schema):
    row: int
    column: str
    message: str
    is_duplicate: bool


class JobQuery(Schema):
    unit: str | None = Field(None, description="Mã đơn vị nhận tệp (chỉ đúng đơn vị đó)")
    state: str | None = None


def job_row(job: ImportJob) -> dict:
    return {
        "id": job.pk,
        "association": job.association.code,
        "unit": job.unit.code,
        "file_name": job.file_name,
        "file_format": job.file_format,
        "checksum": job.checksum,
        "state": job.state,
        "stale": service.is_stale(job),
        "dry_run": job.dry_run,
        "skip_invalid": job.skip_invalid,
        "header_row": job.header_row,
        "mapping": job.mapping,
        "counts": job.counts,
        "progress": {k: v for k, v in files.read_progress(job).items() if k in ("done", "total", "phase")},
        "error": job.error,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
        "created_by": job.created_by_name,
    }


def job_detail(job: ImportJob) -> dict:
    return {**job_row(job), "headers": service.job_headers(job)}


def _jobs(user, action: str = "view"):
    return ImportJob.objects.restrict(user, action).select_related("unit", "association")


def _job(request, job_id: int) -> ImportJob:
    return get_visible(_jobs(actor(request)), actor(request), pk=job_id)


@router.post("/imports", response={201: ImportJobDetail, **ERRORS}, summary="Tải lên tệp hội viên (CSV, XLSX)")
def import_upload(request, unit: Form[str], file: File[UploadedFile]):
    """Lưu tệp, nhận dòng tiêu đề và các cột. Bước sau: sửa cột (PUT .../mapping) nếu cần, rồi chạy thử."""
    user = actor(request)
    target = unit_visible(user, unit, field="unit")
    job = service.import_upload(actor=user, unit=target, file_name=file.name or "", chunks=file.chunks())
    return Status(201, job_detail(job))


@router.get("/imports", response={200: Page[ImportJobOut], **ERRORS}, summary="Các lần nhập hội viên")
def import_list(request, filters: Query[JobQuery], paging: Query[Paging]):
    jobs = _jobs(actor(request))
    if filters.unit:
        jobs = jobs.filter(unit__code=filters.unit.strip().upper())
    if filters.state:
        jobs = jobs.filter(state=filters.state)
    return page(jobs, paging, job_row)


@router.get(
    "/imports/template", response={200: None, **ERRORS}, summary="Tệp mẫu nhập hội viên", openapi_extra=FILE_RESPONSE
)
def import_template(request, format: Literal["xlsx", "csv"] = "xlsx"):
    body = template.template_xlsx() if format == "xlsx" else template.template_csv()
    response = HttpResponse(body, content_type=XLSX if format == "xlsx" else CSV)
    response["Content-Disposition"] = f'attachment; filename="mau-nhap-hoi-vien.{format}"'
    return response


@router.get("/imports/{int:job_id}", response={200: ImportJobDetail, **ERRORS}, summary="Một lần nhập: trạng thái")
def import_detail(request, job_id: int):
    """Trạng thái, số liệu (new, updated, unchanged, invalid, duplicates, held, written) và tiến độ."""
    return job_detail(_job(request, job_id))


@router.put("/imports/{int:job_id}/mapping", response={200: ImportJobDetail, **ERRORS}, summary="Sửa các cột")
def import_mapping(request, job_id: int, body: MappingIn):
    job = service.import_set_mapping(
        actor=actor(request), job=_job(request, job_id), mapping=body.mapping, header_row=body.header_row
    )
    return job_detail(job)


@router.post("/imports/{int:job_id}/run", response={202: ImportJobOut, **ERRORS}, summary="Chạy thử hoặc nhập")
def import_run(request, job_id: int, body: RunIn):
    """Xếp lần chạy cho tiến trình nền; theo dõi bằng GET cho đến khi state là checked, done, refused, failed.
    Mặc định (không skip_invalid) còn một dòng lỗi thì không ghi dòng nào."""
    job = service.import_start(
        actor=actor(request),
        job=_job(request, job_id),
        dry_run=body.dry_run,
        skip_invalid=body.skip_invalid,
        accept_duplicates=body.accept_duplicates,
    )
    return Status(202, job_row(job))


@router.get("/imports/{int:job_id}/errors", response={200: Page[RowErrorOut], **ERRORS}, summary="Các dòng lỗi")
def import_errors(request, job_id: int, paging: Query[Paging]):
    """Lỗi của lần chạy gần nhất: dòng (như trong tệp), cột, lý do; dòng có thể trùng có is_duplicate."""
    rows = service.import_row_errors(actor=actor(request), job=_job(request, job_id))
    return page(rows, paging, lambda e: {"row": e.row, "column": e.column, "message": e.message,
                                         "is_duplicate": e.is_duplicate})  # fmt: skip


@router.get(
    "/imports/{int:job_id}/errors-file",
    response={200: None, **ERRORS},
    summary="Tệp lỗi: tệp đã tải lên thêm cột Lỗi",
    openapi_extra=FILE_RESPONSE,
)
def import_errors_file(request, job_id: int, only_invalid: bool = False, format: Literal["xlsx", "csv"] = "xlsx"):
    job = _job(request, job_id)
    stream = service.import_errors_stream(actor=actor(request), job=job, only_invalid=only_invalid, file_format=format)
    response = FileResponse(stream, as_attachment=True, filename=errorfile.download_name(job, format))
    response["Content-Type"] = XLSX if format == "xlsx" else CSV
    return response
