"""Administrative areas: reference data, visible to every authenticated user."""

from __future__ import annotations

from ninja import Query, Router

from quanlyhoi.api.common import Page, Paging, apply_filter, filter_data, page
from quanlyhoi.api.schemas import AreaOut, AreaQuery, Error
from quanlyhoi.core.errors import NotFound
from quanlyhoi.geo.filters import AdminAreaFilter
from quanlyhoi.geo.models import AdminArea

router = Router(tags=["areas"])


@router.get("", response=Page[AreaOut], summary="Danh sách địa bàn hành chính")
def area_list(request, filters: Query[AreaQuery], paging: Query[Paging]):
    qs = AdminArea.objects.select_related("parent").order_by("generation", "level", "code")
    return page(apply_filter(AdminAreaFilter, filter_data(filters), qs), paging)


@router.get("/{generation}/{level}/{code}", response={200: AreaOut, 404: Error}, summary="Một địa bàn")
def area_detail(request, generation: str, level: str, code: str):
    area = AdminArea.objects.select_related("parent").filter(generation=generation, level=level, code=code).first()
    if area is None:
        raise NotFound(f"Không có địa bàn {generation}/{level}/{code}.")
    return area
