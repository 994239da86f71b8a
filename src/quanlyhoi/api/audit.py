"""The audit log, read-only: there is no write method at all (PUT/PATCH/DELETE answer 405)."""

from __future__ import annotations

from ninja import Query, Router

from quanlyhoi.api.common import Page, Paging, actor, apply_filter, filter_data, page
from quanlyhoi.api.schemas import AuditOut, AuditQuery, Error
from quanlyhoi.core.errors import Forbidden, NotFound
from quanlyhoi.core.filters import AuditFilter
from quanlyhoi.core.models import AuditRecord
from quanlyhoi.core.scoping import scopes_for

router = Router(tags=["audit"])


def _records(request):
    user = actor(request)
    # Like the web audit log: 403 for those with no audit right at all, 404 for records outside their scope.
    if not scopes_for(user, "view_audit"):
        raise Forbidden("Bạn không có quyền xem nhật ký.")
    return AuditRecord.objects.restrict(user, "view_audit")


@router.get(
    "", response={200: Page[AuditOut], 403: Error, 422: Error}, summary="Nhật ký (trong phạm vi được xem nhật ký)"
)
def audit_list(request, filters: Query[AuditQuery], paging: Query[Paging]):
    return page(apply_filter(AuditFilter, filter_data(filters), _records(request)).order_by("-at", "-id"), paging)


@router.get("/{int:record_id}", response={200: AuditOut, 403: Error, 404: Error}, summary="Một bản ghi nhật ký")
def audit_detail(request, record_id: int):
    record = _records(request).filter(pk=record_id).first()
    if record is None:
        raise NotFound("Không tìm thấy bản ghi nhật ký.")
    return record
