"""Units: lists (current or as of a date), detail with periods and lineage, the tree, contact edits, history."""

from __future__ import annotations

import datetime

from django.db.models import Q
from ninja import Query, Router

from quanlyhoi.api.common import Page, Paging, actor, apply_filter, filter_data, page, unit_visible
from quanlyhoi.api.schemas import AuditOut, Error
from quanlyhoi.api.schemas_units import TreeOut, UnitDetail, UnitOut, UnitPatch, UnitQuery
from quanlyhoi.core import audit
from quanlyhoi.core.dates import today
from quanlyhoi.core.paths import subtree_q
from quanlyhoi.core.text import fold
from quanlyhoi.orgs import queries
from quanlyhoi.orgs.filters import UnitFilter
from quanlyhoi.orgs.models import Unit, UnitPeriod
from quanlyhoi.orgs.services import unit_update

router = Router(tags=["units"])
ERRORS = {400: Error, 403: Error, 404: Error, 409: Error, 422: Error}


def area_ref(area) -> dict | None:
    if area is None:
        return None
    return {"generation": area.generation, "level": area.level, "code": area.code, "name": area.name}


def unit_row(unit: Unit) -> dict:
    return {
        "code": unit.code,
        "name": unit.name,
        "association": unit.association.code,
        "level": unit.level.code,
        "parent": unit.parent.code if unit.parent_id else None,
        "area": area_ref(unit.area),
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
    }


def period_row(period: UnitPeriod) -> dict:
    """A unit as it stood during one period (its name, parent and area of that time)."""
    return {
        **unit_row(period.unit),
        "name": period.name,
        "parent": period.parent.code if period.parent_id else None,
        "area": area_ref(period.area),
        "period_from": period.valid_from,
        "period_to": period.valid_to,
    }


def _units_as_of(user, filters: UnitQuery, day: datetime.date):
    """Units valid on `day`, with that day's name, parent and area; text, area and subtree filters apply to
    that day's state, association and level to the unit itself."""
    units = apply_filter(
        UnitFilter, filter_data(filters, exclude=("q", "area", "subtree", "active", "as_of")), Unit.objects.all()
    )
    periods = (
        UnitPeriod.objects.restrict(user, "view")
        .as_of(day)
        .filter(unit__in=units.values("pk"))
        .select_related("unit__association", "unit__level", "parent", "area")
        .order_by("path")
    )
    if filters.q and filters.q.strip():
        text = filters.q.strip()
        periods = periods.filter(
            Q(name__icontains=text) | Q(unit__name_folded__contains=fold(text)) | Q(unit__code__istartswith=text)
        )
    if filters.area:
        periods = periods.filter(area__code=filters.area.strip())
    if filters.subtree:
        root = UnitPeriod.objects.as_of(day).filter(unit__code=filters.subtree.strip().upper()).first()
        periods = periods.filter(subtree_q("path", root.path)) if root else periods.none()
    return periods


@router.get("", response={200: Page[UnitOut], 422: Error}, summary="Danh sách đơn vị")
def unit_list(request, filters: Query[UnitQuery], paging: Query[Paging]):
    user = actor(request)
    if filters.as_of:
        return page(_units_as_of(user, filters, filters.as_of), paging, period_row)
    qs = Unit.objects.restrict(user, "view").select_related("association", "level", "parent", "area")
    qs = apply_filter(UnitFilter, filter_data(filters, exclude=("as_of",)), qs).order_by("path")
    return page(qs, paging, unit_row)


def _lineage_rows(entries: list[dict]) -> list[dict]:
    return [
        {
            "code": e["unit"].code,
            "name": e["unit"].name,
            "via": e["via"].code,
            "event_id": e["event"].pk,
            "kind": e["event"].kind,
            "effective_date": e["event"].effective_date,
        }
        for e in entries
    ]


def unit_detail_data(user, unit: Unit) -> dict:
    links = queries.lineage(unit, actor=user)
    children = (
        Unit.objects.restrict(user, "view")
        .filter(pk__in=UnitPeriod.objects.filter(parent=unit, valid_to__isnull=True).values("unit_id"))
        .order_by("code")
        .values_list("code", flat=True)
    )
    return {
        **unit_row(unit),
        "address": unit.address,
        "phone": unit.phone,
        "email": unit.email,
        "note": unit.note,
        "children": list(children),
        "periods": [
            {
                "valid_from": p.valid_from,
                "valid_to": p.valid_to,
                "name": p.name,
                "parent": p.parent.code if p.parent_id else None,
                "area": area_ref(p.area),
                "event_id": p.event_id,
            }
            for p in queries.periods(unit)
        ],
        "predecessors": _lineage_rows(links["predecessors"]),
        "successors": _lineage_rows(links["successors"]),
    }


@router.get("/{code}", response={200: UnitDetail, 404: Error}, summary="Một đơn vị: hiện trạng, các thời kỳ, kế thừa")
def unit_detail(request, code: str):
    user = actor(request)
    return unit_detail_data(user, unit_visible(user, code))


@router.patch("/{code}", response={200: UnitDetail, **ERRORS}, summary="Sửa thông tin liên hệ của đơn vị")
def unit_patch(request, code: str, payload: UnitPatch):
    user = actor(request)
    unit = unit_visible(user, code)
    unit = unit_update(actor=user, unit=unit, data=payload.model_dump(exclude_unset=True))
    return unit_detail_data(user, unit_visible(user, unit.code))


@router.get("/{code}/tree", response={200: TreeOut, 404: Error}, summary="Cây đơn vị trực thuộc vào một ngày")
def unit_tree(
    request,
    code: str,
    as_of: datetime.date | None = None,
    depth: int | None = Query(None, ge=0, le=20, description="Số cấp bên dưới; bỏ trống = toàn bộ"),  # noqa: B008
):
    user = actor(request)
    root = unit_visible(user, code)
    day = as_of or today()
    nodes = queries.nest(queries.tree_rows(user, root, day, max_depth=depth))
    return {"as_of": day, "tree": [n.as_dict() for n in nodes]}


@router.get("/{code}/history", response={200: Page[AuditOut], 404: Error}, summary="Nhật ký thay đổi của đơn vị")
def unit_history(request, code: str, paging: Query[Paging]):
    # Anyone who may see the unit may see its history (as on the web page); records are about the unit itself.
    unit = unit_visible(actor(request), code)
    return page(audit.history(unit).order_by("-at", "-id"), paging)


__all__ = ["router", "unit_row", "period_row", "area_ref"]
