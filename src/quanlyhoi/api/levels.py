"""The levels of an association's tree: read by whoever sees the association, configured by its administrators
and the system's (orgs.services.levels)."""

from __future__ import annotations

from ninja import Router

from quanlyhoi.api.common import Status, actor, association_visible
from quanlyhoi.api.schemas import Error, LevelCreate, LevelOut, LevelPatch, LevelsOrderIn
from quanlyhoi.core.errors import NotFound
from quanlyhoi.orgs.models import Association, UnitLevel
from quanlyhoi.orgs.services import level_delete, level_save, levels_reorder
from quanlyhoi.orgs.services.levels import level_code

router = Router(tags=["associations"])
ERRORS = {400: Error, 403: Error, 404: Error, 409: Error, 422: Error}


def _level(association: Association, code: str) -> UnitLevel:
    level = UnitLevel.objects.filter(association=association, code=level_code(code)).first()
    if level is None:
        raise NotFound(f"Hội {association.code} không có cấp {level_code(code)}.")
    return level


@router.get("/{code}/levels", response={200: list[LevelOut], 404: Error}, summary="Các cấp của hội, từ cao xuống")
def level_list(request, code: str):
    association = association_visible(actor(request), code)
    return list(association.levels.order_by("rank"))


@router.post("/{code}/levels", response={201: LevelOut, **ERRORS}, summary="Thêm một cấp")
def level_add(request, code: str, payload: LevelCreate):
    user = actor(request)
    association = association_visible(user, code)
    return Status(201, level_save(actor=user, association=association, data=payload.model_dump()))


# Declared before /{level_code}, so that "reorder" is not taken for a level code.
@router.post(
    "/{code}/levels/reorder",
    response={200: list[LevelOut], **ERRORS},
    summary="Sắp xếp lại thứ tự các cấp (thứ bậc thành 1, 2, 3… theo thứ tự gửi lên)",
)
def level_reorder(request, code: str, payload: LevelsOrderIn):
    user = actor(request)
    association = association_visible(user, code)
    return levels_reorder(actor=user, association=association, codes=payload.codes)


@router.patch(
    "/{code}/levels/{level_code}", response={200: LevelOut, **ERRORS}, summary="Sửa tên, thứ bậc, cấp địa bàn"
)
def level_patch(request, code: str, level_code: str, payload: LevelPatch):
    user = actor(request)
    association = association_visible(user, code)
    level = _level(association, level_code)
    return level_save(actor=user, association=association, level=level, data=payload.model_dump(exclude_unset=True))


@router.delete("/{code}/levels/{level_code}", response={204: None, **ERRORS}, summary="Xoá một cấp chưa từng dùng")
def level_remove(request, code: str, level_code: str):
    user = actor(request)
    association = association_visible(user, code)
    level_delete(actor=user, association=association, level=_level(association, level_code))
    return Status(204, None)
