"""Overseers (reference data) and associations, with the 2025 provincial merger."""

from __future__ import annotations

import datetime

from ninja import Query, Router

from quanlyhoi.api.common import Page, Paging, Status, actor, apply_filter, association_visible, filter_data, page
from quanlyhoi.api.schemas import (
    AssociationCreate,
    AssociationDetail,
    AssociationOut,
    AssociationPatch,
    AssociationQuery,
    Error,
    MergerIn,
    MergerOut,
    OverseerOut,
)
from quanlyhoi.core.dates import today, vn
from quanlyhoi.core.errors import NotFound
from quanlyhoi.orgs import queries
from quanlyhoi.orgs.filters import AssociationFilter
from quanlyhoi.orgs.models import Association, Overseer
from quanlyhoi.orgs.services import association_create, association_update, merger2025

overseers = Router(tags=["overseers"])
associations = Router(tags=["associations"])
ERRORS = {400: Error, 403: Error, 404: Error, 409: Error, 422: Error}


@overseers.get("", response=Page[OverseerOut], summary="Các cơ quan theo dõi qua các thời kỳ")
def overseer_list(request, paging: Query[Paging]):
    return page(Overseer.objects.order_by("valid_from"), paging)


@overseers.get("/current", response={200: OverseerOut, 404: Error}, summary="Cơ quan theo dõi vào một ngày")
def overseer_current(request, date: datetime.date | None = None):
    day = date or today()
    overseer = queries.overseer_on(day)
    if overseer is None:
        raise NotFound(f"Không có cơ quan theo dõi vào ngày {vn(day)}.")
    return overseer


@associations.get("", response=Page[AssociationOut], summary="Danh sách hội")
def association_list(request, filters: Query[AssociationQuery], paging: Query[Paging]):
    qs = Association.objects.restrict(actor(request), "view")
    return page(apply_filter(AssociationFilter, filter_data(filters), qs).order_by("sort_order", "code"), paging)


@associations.post("", response={201: AssociationDetail, **ERRORS}, summary="Thêm hội (quản trị hệ thống)")
def association_add(request, payload: AssociationCreate):
    association = association_create(actor=actor(request), data=payload.model_dump())
    return Status(201, association)


@associations.get("/{code}", response={200: AssociationDetail, 404: Error}, summary="Một hội")
def association_detail(request, code: str):
    return association_visible(actor(request), code)


@associations.patch("/{code}", response={200: AssociationDetail, **ERRORS}, summary="Sửa thông tin hội")
def association_patch(request, code: str, payload: AssociationPatch):
    user = actor(request)
    association = association_visible(user, code)
    return association_update(actor=user, association=association, data=payload.model_dump(exclude_unset=True))


@associations.post(
    "/{code}/merger-2025",
    response={200: MergerOut, 201: MergerOut, **ERRORS},
    summary="Sắp xếp cấp tỉnh theo 34 tỉnh, thành mới (xem trước hoặc áp dụng)",
)
def association_merger(request, code: str, payload: MergerIn):
    user = actor(request)
    association = association_visible(user, code)
    result = merger2025.apply(
        actor=user,
        association=association,
        decision_number=payload.decision_number,
        note=payload.note,
        preview=not payload.apply,
    )
    return Status(201 if result.applied else 200, result.as_dict())
