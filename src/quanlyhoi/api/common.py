"""Helpers shared by the endpoint modules: the actor, paging, FilterSets, lookups by code."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from django.db.models import QuerySet
from ninja import Field, Schema

from quanlyhoi.core.errors import DomainError, NotFound
from quanlyhoi.geo.models import AdminArea
from quanlyhoi.orgs.models import Association, Unit

try:
    from ninja import Status
except ImportError:  # django-ninja before 1.5 takes a (status, body) tuple

    def Status(status_code: int, body):  # noqa: N802
        return status_code, body


T = TypeVar("T")
MAX_LIMIT = 500


class Paging(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description="Số bản ghi mỗi trang (tối đa 500)")
    offset: int = Field(0, ge=0, description="Bỏ qua bao nhiêu bản ghi")


class Page(Schema, Generic[T]):
    count: int
    limit: int
    offset: int
    items: list[T]


def actor(request):
    """The user behind the bearer token (set by `auth.BearerAuth`)."""
    return request.auth_user


def page(rows, paging: Paging, row: Callable | None = None) -> dict:
    """One page of a queryset (or a list, or anything with count() and slices, such as a members.listing.Listing)
    with the total count; `row` turns each object into its JSON shape."""
    count = len(rows) if isinstance(rows, list) else rows.count()
    items = list(rows[paging.offset : paging.offset + paging.limit])
    if row is not None:
        items = [row(obj) for obj in items]
    return {"count": count, "limit": paging.limit, "offset": paging.offset, "items": items}


def filter_data(params: Schema | None, *, exclude: tuple[str, ...] = ()) -> dict:
    if params is None:
        return {}
    return {k: v for k, v in params.model_dump(exclude_none=True).items() if k not in exclude}


def apply_filter(filterset_class, data: dict, queryset: QuerySet) -> QuerySet:
    """The shared django-filter FilterSet; invalid filter values answer 422 with a Vietnamese message."""
    fs = filterset_class(data=data, queryset=queryset)
    if not fs.is_valid():
        field, messages = next(iter(fs.errors.items()))
        raise DomainError(
            "invalid_filter", f"Bộ lọc '{field}' không hợp lệ: {' '.join(messages)}", status=422, field=field
        )
    return fs.qs


def unit_visible(user, code: str, *, field: str | None = None) -> Unit:
    """A unit by code if `user` may see it; missing and out of scope answer the same 404."""
    code = (code or "").strip().upper()
    unit = (
        Unit.objects.restrict(user, "view").select_related("association", "level", "area", "parent").filter(code=code)
    )
    found = unit.first()
    if found is None:
        exc = NotFound(f"Không tìm thấy đơn vị {code}.")
        exc.field = field
        raise exc
    return found


def association_visible(user, code: str) -> Association:
    code = (code or "").strip().upper()
    association = Association.objects.restrict(user, "view").filter(code=code).first()
    if association is None:
        raise NotFound(f"Không tìm thấy hội {code}.")
    return association


def resolve_area(ref, *, field: str = "area") -> AdminArea | None:
    """An area given as "08" (current generation) or {"code": "08", "generation": "2025", "level": ...}."""
    if ref is None:
        return None
    if isinstance(ref, str):
        code, generation, level = ref.strip(), AdminArea.Generation.CURRENT, None
    else:
        code, generation, level = ref.code.strip(), ref.generation, ref.level
    qs = AdminArea.objects.filter(generation=generation, code=code)
    if level:
        qs = qs.filter(level=level)
    areas = list(qs[:2])
    if len(areas) == 1:
        return areas[0]
    if not areas:
        raise DomainError("unknown_area", f"Không có địa bàn mã {code} (thế hệ {generation}).", status=422, field=field)
    raise DomainError("ambiguous_area", f"Mã địa bàn {code} chưa rõ cấp; hãy ghi thêm level.", status=422, field=field)
