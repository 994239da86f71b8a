"""REST API of the follow-up report of a briefing ("báo cáo kết quả thực hiện kết luận giao ban"): the draft file,
or numbered in the convener's register. The same service as the web page and the CLI."""

from __future__ import annotations

from ninja import Field, Query, Router, Schema

from quanlyhoi.api.common import Status, actor
from quanlyhoi.api.documents import ERRORS, RegisteredOut, _registered
from quanlyhoi.briefings.services.report import follow_up_report, visible_briefing
from quanlyhoi.documents.views import attachment

router = Router(tags=["briefings"])


class ReportQuery(Schema):
    format: str = Field("docx", description="docx hoặc xlsx (các bảng của báo cáo)")


@router.get(
    "/{briefing_id}/report", response={200: None, **ERRORS},
    summary="Báo cáo kết quả thực hiện kết luận giao ban (bản dự thảo, chưa cấp số)",
)  # fmt: skip
def report_draft(request, briefing_id: int, query: Query[ReportQuery]):
    """Who sees the briefing drafts it; the rows are the assignments within the caller's scope."""
    user = actor(request)
    made = follow_up_report(actor=user, briefing=visible_briefing(user, briefing_id), fmt=query.format)
    return attachment(made.file_name, made.data, made.content_type)


@router.post(
    "/{briefing_id}/report", response={201: RegisteredOut, **ERRORS},
    summary="Cấp số, ban hành báo cáo kết quả thực hiện kết luận giao ban",
)  # fmt: skip
def report_issue(request, briefing_id: int):
    """Numbered in the register of the convener (the overseer, or the convening unit); the DOCX and XLSX are kept
    and downloaded from GET /documents/{id}/file."""
    user = actor(request)
    made = follow_up_report(actor=user, briefing=visible_briefing(user, briefing_id), issue=True)
    return Status(201, _registered(made.registered))
