"""REST API of the reporting calendar: periods with their cut-off window, deadlines per level and whether they
are open for entry; the overseer changes them (reporting.services.periods.configure)."""

from __future__ import annotations

import datetime

from ninja import Field, Router, Schema

from quanlyhoi.api.common import actor
from quanlyhoi.api.schemas import Error
from quanlyhoi.reporting.models import Period
from quanlyhoi.reporting.services.periods import configure, period_for

router = Router(tags=["reports"])
ERRORS = {400: Error, 403: Error, 404: Error, 409: Error, 422: Error}


class DeadlineOut(Schema):
    level: str
    due_on: datetime.date


class PeriodOut(Schema):
    code: str
    kind: str
    starts_on: datetime.date = Field(description="Số liệu từ ngày (cửa sổ chốt số liệu)")
    ends_on: datetime.date = Field(description="Số liệu đến ngày")
    is_open: bool
    deadlines: list[DeadlineOut] = Field(description="Hạn nộp theo cấp (cấp dưới nộp trước)")


class PeriodIn(Schema):
    starts_on: datetime.date | None = Field(None, description="Chỉ đổi được khi chưa có báo cáo nào của kỳ")
    ends_on: datetime.date | None = None
    deadlines: list[DeadlineOut] = Field([], description="Hạn nộp của các cấp cần đổi")
    is_open: bool | None = Field(None, description="Mở (true) hoặc đóng (false) kỳ cho việc nhập báo cáo")
    reason: str = ""


def period_out(period: Period) -> dict:
    deadlines = [{"level": d.level_code, "due_on": d.due_on} for d in period.deadlines.order_by("due_on")]
    return {**{f: getattr(period, f) for f in ("code", "kind", "starts_on", "ends_on", "is_open")},
            "deadlines": deadlines}  # fmt: skip


@router.get("/periods", response={200: list[PeriodOut], **ERRORS}, summary="Các kỳ báo cáo đã có")
def periods_list(request):
    return [period_out(p) for p in Period.objects.prefetch_related("deadlines")]


@router.get("/periods/{code}", response={200: PeriodOut, **ERRORS}, summary="Kỳ báo cáo: cửa sổ số liệu, hạn nộp")
def period_get(request, code: str):
    return period_out(period_for(code))


@router.patch("/periods/{code}", response={200: PeriodOut, **ERRORS}, summary="Đổi cửa sổ số liệu, hạn nộp, mở/đóng kỳ")
def period_patch(request, code: str, body: PeriodIn):
    period = configure(
        actor=actor(request), period=period_for(code), starts_on=body.starts_on, ends_on=body.ends_on,
        deadlines={d.level: d.due_on for d in body.deadlines}, is_open=body.is_open, reason=body.reason,
    )  # fmt: skip
    return period_out(period)
