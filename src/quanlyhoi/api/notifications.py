"""The caller's own notifications (under /me): list them, mark them read."""

from __future__ import annotations

import datetime

from ninja import Field, Query, Router, Schema

from quanlyhoi.api.common import Page, Paging, actor, page
from quanlyhoi.api.schemas import Error
from quanlyhoi.core import notifications
from quanlyhoi.core.models import Notification

router = Router(tags=["me"])


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    link: str = Field(description="Đường dẫn trong trang web (tương đối)")
    created_at: datetime.datetime
    read_at: datetime.datetime | None


class NotificationQuery(Schema):
    unread: bool = Field(False, description="Chỉ các thông báo chưa đọc")


class ReadIn(Schema):
    ids: list[int] = Field([], description="Các thông báo cần đánh dấu đã đọc")
    all: bool = Field(False, description="Đánh dấu mọi thông báo chưa đọc")


class ReadOut(Schema):
    marked: int
    unread: int


def _row(n: Notification) -> dict:
    return {f: getattr(n, f) for f in ("id", "kind", "title", "body", "link", "created_at", "read_at")}


@router.get("/notifications", response=Page[NotificationOut], summary="Thông báo của tôi (mới nhất trước)")
def notification_list(request, query: Query[NotificationQuery], paging: Query[Paging]):
    rows = notifications.visible(actor(request))
    if query.unread:
        rows = rows.filter(read_at__isnull=True)
    return page(rows, paging, _row)


@router.post("/notifications/read", response={200: ReadOut, 422: Error}, summary="Đánh dấu thông báo đã đọc")
def notifications_read(request, body: ReadIn):
    user = actor(request)
    marked = notifications.mark_read(user, body.ids, everything=body.all)
    return {"marked": marked, "unread": notifications.unread_count(user)}
