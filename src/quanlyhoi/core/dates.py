"""Dates as Vietnamese users write them: dd/mm/yyyy (also d/m/yyyy) and ISO yyyy-mm-dd."""

import datetime

from django.utils import timezone

from quanlyhoi.core.errors import DomainError


def parse_date(value: str | datetime.date | None, *, field: str = "date", required: bool = False):
    if isinstance(value, datetime.date):
        return value
    text = (value or "").strip()
    if not text:
        if required:
            raise DomainError("date_required", "Cần nhập ngày (dd/mm/yyyy).", field=field)
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise DomainError("bad_date", f"Ngày '{text}' không hợp lệ; hãy nhập theo dạng dd/mm/yyyy.", field=field)


def today() -> datetime.date:
    return timezone.localdate()


def vn(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""
