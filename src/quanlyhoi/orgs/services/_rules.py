"""The rules restructuring operations check, and how new units get their codes and first period."""

from __future__ import annotations

import datetime

from quanlyhoi.core.errors import DomainError, Forbidden, NotFound
from quanlyhoi.core.paths import child_path
from quanlyhoi.core.permissions import can_place_under, can_restructure
from quanlyhoi.core.text import fold, normalise
from quanlyhoi.geo.models import AdminArea
from quanlyhoi.orgs.models import Unit, UnitLevel, UnitPeriod
from quanlyhoi.orgs.services import _tree
from quanlyhoi.orgs.services._frame import NewUnit
from quanlyhoi.orgs.services._tree import fmt


def _check_can(actor, unit: Unit) -> None:
    if not Unit.objects.restrict(actor, "view").filter(pk=unit.pk).exists():
        raise NotFound(f"Không tìm thấy đơn vị {unit.code}.")
    if not can_restructure(actor, unit):
        raise Forbidden(f"Bạn không có quyền sắp xếp đơn vị {unit.code}.")


def _check_parent(actor, parent: Unit, day: datetime.date) -> None:
    if not Unit.objects.restrict(actor, "view").filter(pk=parent.pk).exists():
        raise NotFound(f"Không tìm thấy đơn vị cấp trên {parent.code}.")
    if not can_place_under(actor, parent):
        raise Forbidden(f"Bạn không có quyền đặt đơn vị dưới {parent.code}.")
    if not parent.is_valid_on(day):
        raise DomainError(
            "parent_not_valid",
            f"Đơn vị cấp trên {parent.code} không hoạt động vào ngày {fmt(day)}.",
            status=409,
        )
    period = _tree.open_period(parent)
    if period.valid_from > day:
        raise DomainError(
            "overlapping_event",
            f"Đơn vị cấp trên {parent.code} có thay đổi từ ngày {fmt(period.valid_from)}, "
            f"sau ngày hiệu lực {fmt(day)}.",
            status=409,
        )


# Codes


def _code_taken(code: str) -> bool:
    return Unit.objects.filter(code=code).exists()


def _new_code(association, parent: Unit | None, area: AdminArea | None, explicit: str | None) -> str:
    if explicit:
        code = explicit.strip().upper()
        if not all(part.replace("-", "").isalnum() for part in code.split(".")) or not code:
            raise DomainError("bad_code", f"Mã đơn vị '{explicit}' không hợp lệ.", field="code")
        if _code_taken(code):
            raise DomainError("code_taken", f"Mã đơn vị {code} đã được dùng.", status=409, field="code")
        return code
    if parent is None:
        base = association.code
    elif area is not None:
        base = f"{parent.code}.{area.code}"
    else:
        n = 1
        while _code_taken(f"{parent.code}.{n:03d}"):
            n += 1
        return f"{parent.code}.{n:03d}"
    code, n = base, 1
    while _code_taken(code):  # codes are never reused, even after a unit has ended
        n += 1
        code = f"{base}-{n}"
    return code


def _check_area(level: UnitLevel, area: AdminArea | None, day: datetime.date) -> None:
    if area is None:
        return
    if level.has_area and area.level != level.has_area:
        raise DomainError(
            "area_level_mismatch",
            f"Cấp {level.name} gắn với địa bàn cấp {AdminArea.Level(level.has_area).label}, không phải {area.name}.",
            field="area",
        )
    if (area.valid_from and day < area.valid_from) or (area.valid_to and day >= area.valid_to):
        raise DomainError(
            "area_not_valid", f"Địa bàn {area.label} không còn hiệu lực vào ngày {fmt(day)}.", field="area"
        )


def _insert_unit(association, level: UnitLevel, spec: NewUnit, parent: Unit | None, day, event) -> Unit:
    name = normalise(spec.name)
    if not name:
        raise DomainError("name_required", "Tên đơn vị không được để trống.", field="name")
    _check_area(level, spec.area, day)
    unit = Unit.objects.create(
        association=association,
        level=level,
        code=_new_code(association, parent, spec.area, spec.code),
        valid_from=day,
        name=name,
        name_folded=fold(name),
        parent=parent,
        area=spec.area,
        path="",
    )
    unit.path = child_path(parent.path if parent else None, unit.pk)
    unit.save(update_fields=["path"])
    UnitPeriod.objects.create(
        unit=unit, valid_from=day, name=name, parent=parent, path=unit.path, area=spec.area, event=event
    )
    return unit


def _check_level_under(level: UnitLevel, parent: Unit | None) -> None:
    if parent is None:
        top = UnitLevel.objects.filter(association=level.association).order_by("rank").first()
        if top is None or top.pk != level.pk:
            raise DomainError("parent_required", "Đơn vị ở cấp này phải có đơn vị cấp trên.", field="parent")
        return
    if parent.association_id != level.association_id:
        raise DomainError(
            "different_association", "Đơn vị cấp trên phải thuộc cùng một hội.", status=409, field="parent"
        )
    if parent.level.rank >= level.rank:
        raise DomainError(
            "level_order",
            f"Đơn vị cấp {level.name} không thể trực thuộc đơn vị cấp {parent.level.name}.",
            status=409,
            field="parent",
        )


def can_place_under_root(actor, association) -> bool:
    from quanlyhoi.core.scoping import ASSOCIATION, SYSTEM, scopes_for

    return any(
        s.kind == SYSTEM or (s.kind == ASSOCIATION and s.association_id == association.pk)
        for s in scopes_for(actor, "restructure")
    )


def _check_same_kind(units: list[Unit]) -> None:
    first = units[0]
    for u in units[1:]:
        if u.association_id != first.association_id:
            raise DomainError(
                "different_association", f"Không thể hợp nhất {first.code} và {u.code}: khác hội.", status=409
            )
        if u.level_id != first.level_id:
            raise DomainError("different_level", f"Không thể hợp nhất {first.code} và {u.code}: khác cấp.", status=409)
