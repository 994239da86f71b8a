"""The audit log, read-only: there is no write method at all (PUT/PATCH/DELETE answer 405)."""

from __future__ import annotations

from ninja import Query, Router

from quanlyhoi.api.common import Page, Paging, actor, apply_filter, filter_data, page
from quanlyhoi.api.schemas import AuditOut, AuditQuery, Error
from quanlyhoi.core.errors import NotFound
from quanlyhoi.core.filters import AuditFilter
from quanlyhoi.core.models import AuditRecord

router = Router(tags=["audit"])


def _records(request):
    return AuditRecord.objects.restrict(actor(request), "view_audit")


@router.get("", response={200: Page[AuditOut], 422: Error}, summary="Nhật ký (trong phạm vi được xem nhật ký)")
def audit_list(request, filters: Query[AuditQuery], paging: Query[Paging]):
    return page(apply_filter(AuditFilter, filter_data(filters), _records(request)).order_by("-at", "-id"), paging)


@router.get("/{int:record_id}", response={200: AuditOut, 404: Error}, summary="Một bản ghi nhật ký")
def audit_detail(request, record_id: int):
    record = _records(request).filter(pk=record_id).first()
    if record is None:
        raise NotFound("Không tìm thấy bản ghi nhật ký.")
    return record
