"""The levels of an association's tree (central, province, commune, branch, group): configuration kept as data.

Each association starts with the shipped DEFAULT_LEVELS (registry.py) and its own administrators (or the
system's) add, rename, re-rank and remove levels here. A level's code never changes once created; its rank may
change only while every parent/child relation ever recorded keeps the parent's level above the child's, and its
area level only while the units currently on it agree.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.db.models import Max

from quanlyhoi.core import audit
from quanlyhoi.core.errors import DomainError, Forbidden, NotFound
from quanlyhoi.core.scoping import has_system_scope
from quanlyhoi.core.text import normalise
from quanlyhoi.geo.models import AdminArea
from quanlyhoi.orgs.models import Association, Unit, UnitLevel, UnitPeriod
from quanlyhoi.orgs.services.registry import _is_association_admin, _validate

LEVEL_FIELDS = ["code", "name", "rank", "has_area"]
CODE_PATTERN = re.compile(r"[a-z0-9_]{1,20}")
MAX_RANK = 999
RESERVED_CODES = {"new", "reorder"}  # path words of the level pages and endpoints
AREA_LEVELS = ("", AdminArea.Level.PROVINCE, AdminArea.Level.COMMUNE)


def levels_editable(actor, association: Association) -> bool:
    """System administrators and the association's own administrators configure its levels."""
    return has_system_scope(actor, "manage_registry") or _is_association_admin(actor, association)


def _check_allowed(actor, association: Association) -> None:
    if not Association.objects.restrict(actor, "view").filter(pk=association.pk).exists():
        raise NotFound(f"Không tìm thấy hội {association.code}.")
    if not levels_editable(actor, association):
        raise Forbidden("Chỉ quản trị hệ thống và quản trị của hội mới được sửa các cấp của hội.")


def level_code(text) -> str:
    """A level code as stored: lower case (the shipped codes are, and lookups fold case)."""
    return (text or "").strip().lower()


def _clean_code(text) -> str:
    code = level_code(text)
    if not CODE_PATTERN.fullmatch(code):
        raise DomainError(
            "bad_code",
            f"Mã cấp '{(text or '').strip()}' không hợp lệ: chỉ gồm chữ cái không dấu, chữ số và dấu gạch dưới, "
            f"tối đa 20 ký tự.",
            field="code",
        )
    if code in RESERVED_CODES:
        raise DomainError("bad_code", f"Mã cấp '{code}' được dành cho hệ thống; hãy chọn mã khác.", field="code")
    return code


def _clean_rank(value) -> int:
    try:
        rank = int(value)
    except (TypeError, ValueError):
        rank = 0
    if isinstance(value, bool) or not 1 <= rank <= MAX_RANK:
        raise DomainError("bad_rank", f"Thứ bậc phải là số nguyên từ 1 đến {MAX_RANK}.", field="rank")
    return rank


def _clean_area(value) -> str:
    area = (value or "").strip()
    if area not in AREA_LEVELS:
        raise DomainError(
            "bad_area_level",
            f"Cấp địa bàn '{area}' không hợp lệ: để trống, province (tỉnh) hoặc commune (xã).",
            field="has_area",
        )
    return area


def _repr(association: Association, level: UnitLevel) -> str:
    return f"{association.code} · {level.code} {level.name}"


def _check_ranks(association: Association, ranks: dict[int, int]) -> None:
    """With the levels ranked as `ranks` (level id -> rank), every recorded parent/child relation of the
    association's units (current or past) still has the parent's level strictly above the child's."""
    levels = {lvl.pk: lvl for lvl in UnitLevel.objects.filter(association=association)}
    pairs = (
        UnitPeriod.objects.filter(unit__association=association, parent__isnull=False)
        .order_by()
        .values_list("unit__level_id", "parent__level_id")
        .distinct()
    )
    for child_level, parent_level in pairs:
        if child_level not in ranks or parent_level not in ranks or ranks[parent_level] < ranks[child_level]:
            continue
        period = (
            UnitPeriod.objects.filter(
                unit__association=association, unit__level_id=child_level, parent__level_id=parent_level
            )
            .select_related("unit", "parent")
            .order_by("valid_from", "pk")
            .first()
        )
        raise DomainError(
            "level_order",
            f"Không đổi được thứ bậc: đơn vị {period.unit.code} (cấp {levels[child_level].name}) trực thuộc "
            f"{period.parent.code} (cấp {levels[parent_level].name}); cấp của đơn vị cấp trên phải đứng trên "
            f"cấp của đơn vị trực thuộc.",
            status=409,
            field="rank",
        )
    # Units without a parent sit on the top level (unit_create requires it); keep it so.
    top = min(ranks.values())
    roots = (
        UnitPeriod.objects.filter(unit__association=association, parent__isnull=True)
        .order_by()
        .values_list("unit__level_id", flat=True)
        .distinct()
    )
    for level_id in roots:
        if level_id in ranks and ranks[level_id] != top:
            unit = Unit.objects.filter(level_id=level_id, parent__isnull=True).order_by("code").first()
            unit = unit or Unit.objects.filter(level_id=level_id).order_by("code").first()
            raise DomainError(
                "level_order",
                f"Không đổi được thứ bậc: đơn vị {unit.code} không trực thuộc đơn vị nào nên cấp "
                f"{levels[level_id].name} phải là cấp cao nhất của hội.",
                status=409,
                field="rank",
            )


def _check_area_level(level: UnitLevel, has_area: str) -> None:
    """Units currently on `level` must sit in areas of the new area level (no area is always fine)."""
    if not has_area:
        return
    clash = (
        UnitPeriod.objects.filter(unit__level=level, valid_to__isnull=True, area__isnull=False)
        .exclude(area__level=has_area)
        .select_related("unit", "area")
        .order_by("unit__code")
        .first()
    )
    if clash is not None:
        raise DomainError(
            "area_level_conflict",
            f"Không đổi được cấp địa bàn của cấp {level.name}: đơn vị {clash.unit.code} đang gắn với địa bàn "
            f"{clash.area.label} (cấp {AdminArea.Level(clash.area.level).label}), không phải cấp "
            f"{AdminArea.Level(has_area).label}.",
            status=409,
            field="has_area",
        )


@transaction.atomic
def level_save(*, actor, association: Association, data: dict, level: UnitLevel | None = None) -> UnitLevel:
    """Add a level to `association` (code, name, optional rank: below the lowest by default, has_area) or edit
    `level` (name, rank, has_area; the code is fixed). Only the keys present in `data` change on an edit."""
    _check_allowed(actor, association)
    if level is not None and level.association_id != association.pk:
        raise NotFound("Không tìm thấy cấp này trong hội.")
    siblings = UnitLevel.objects.select_for_update().filter(association=association)
    current = {lvl.pk: lvl for lvl in siblings}
    creating = level is None
    if creating:
        obj = UnitLevel(association=association, code=_clean_code(data.get("code")), has_area="")
        taken = next((lvl for lvl in current.values() if lvl.code == obj.code), None)
        if taken is not None:
            raise DomainError(
                "code_taken", f"Hội {association.code} đã có cấp mã {obj.code}.", status=409, field="code"
            )
        before = {}
    else:
        obj = current.get(level.pk)
        if obj is None:
            raise NotFound("Không tìm thấy cấp này trong hội.")
        before = audit.snapshot(obj, LEVEL_FIELDS)
        if "code" in data and level_code(data["code"]) != obj.code:
            raise DomainError("code_fixed", "Mã cấp không sửa được sau khi đã tạo.", field="code")

    if creating or "name" in data:
        obj.name = normalise(data.get("name"))
        if not obj.name:
            raise DomainError("name_required", "Tên cấp không được để trống.", field="name")
    old_rank = obj.rank
    if creating and data.get("rank") in (None, ""):
        obj.rank = (siblings.aggregate(m=Max("rank"))["m"] or 0) + 1
    elif creating or "rank" in data:
        obj.rank = _clean_rank(data.get("rank"))
    old_area = before.get("has_area", "")
    if creating or "has_area" in data:
        obj.has_area = _clean_area(data.get("has_area"))

    if obj.rank != old_rank:
        holder = next((lvl for lvl in current.values() if lvl.rank == obj.rank and lvl.pk != obj.pk), None)
        if holder is not None:
            raise DomainError(
                "rank_taken",
                f"Thứ bậc {obj.rank} đã là của cấp {holder.name} ({holder.code}); để đổi chỗ hai cấp, hãy sắp "
                f"xếp lại thứ tự các cấp.",
                status=409,
                field="rank",
            )
        ranks = {pk: lvl.rank for pk, lvl in current.items()}
        if not creating:
            ranks[obj.pk] = obj.rank
        else:
            ranks[0] = obj.rank  # the new level has no units yet, but it may become the top level
        _check_ranks(association, ranks)
    if not creating and obj.has_area != old_area:
        _check_area_level(obj, obj.has_area)

    _validate(obj)
    obj.save()
    changes = audit.diff(before, audit.snapshot(obj, LEVEL_FIELDS))
    if changes:
        audit.record(
            actor=actor,
            action="create" if creating else "update",
            obj=obj,
            object_repr=_repr(association, obj),
            changes=changes,
            association_id=association.pk,
        )
    if level is not None and obj is not level:
        for field in LEVEL_FIELDS:
            setattr(level, field, getattr(obj, field))
    return obj


@transaction.atomic
def level_delete(*, actor, association: Association, level: UnitLevel) -> None:
    """Remove a level that no unit has ever used (ended units keep their level for history)."""
    _check_allowed(actor, association)
    if level.association_id != association.pk:
        raise NotFound("Không tìm thấy cấp này trong hội.")
    used = Unit.objects.filter(level=level).count()
    if used:
        raise DomainError(
            "level_in_use",
            f"Không xoá được cấp {level.name}: có {used} đơn vị thuộc cấp này (kể cả đơn vị đã chấm dứt).",
            status=409,
        )
    if not UnitLevel.objects.filter(association=association).exclude(pk=level.pk).exists():
        raise DomainError("last_level", "Không xoá được cấp cuối cùng: hội phải có ít nhất một cấp.", status=409)
    audit.record(
        actor=actor,
        action="delete",
        obj=level,
        object_repr=_repr(association, level),
        changes=audit.diff(audit.snapshot(level, LEVEL_FIELDS), {}),
        association_id=association.pk,
    )
    level.delete()


@transaction.atomic
def levels_reorder(*, actor, association: Association, codes: list[str]) -> list[UnitLevel]:
    """Rank the association's levels 1..n in the order of `codes` (every level exactly once), in one step:
    swapping two levels is possible, and the result is checked like a single rank change."""
    _check_allowed(actor, association)
    levels = list(UnitLevel.objects.select_for_update().filter(association=association).order_by("rank"))
    by_code = {lvl.code: lvl for lvl in levels}
    wanted = [level_code(c) for c in codes]
    if sorted(wanted) != sorted(by_code) or len(set(wanted)) != len(wanted):
        unknown = [c for c in wanted if c not in by_code]
        missing = [c for c in by_code if c not in wanted]
        detail = []
        if unknown:
            detail.append(f"không có cấp {', '.join(unknown)}")
        if missing:
            detail.append(f"thiếu {', '.join(missing)}")
        if not detail:
            detail.append("có cấp ghi hai lần")
        raise DomainError(
            "bad_order",
            f"Thứ tự mới phải nêu đúng một lần mỗi cấp của hội {association.code} "
            f"({', '.join(by_code)}): {'; '.join(detail)}.",
            field="codes",
        )
    new_ranks = {by_code[c].pk: i for i, c in enumerate(wanted, start=1)}
    if all(new_ranks[lvl.pk] == lvl.rank for lvl in levels):
        return levels
    _check_ranks(association, new_ranks)
    before = {lvl.pk: audit.snapshot(lvl, LEVEL_FIELDS) for lvl in levels}
    # Ranks are unique per association at every moment: park them above every old and new rank first.
    offset = max([lvl.rank for lvl in levels] + [len(levels)]) + 1
    for lvl in levels:
        UnitLevel.objects.filter(pk=lvl.pk).update(rank=lvl.rank + offset)
    for lvl in levels:
        lvl.rank = new_ranks[lvl.pk]
        UnitLevel.objects.filter(pk=lvl.pk).update(rank=lvl.rank)
    message = f"Sắp xếp lại thứ tự các cấp: {', '.join(wanted)}."
    audit.record_many(
        [
            audit.build(
                actor=actor,
                action="update",
                obj=lvl,
                object_repr=_repr(association, lvl),
                changes=audit.diff(before[lvl.pk], audit.snapshot(lvl, LEVEL_FIELDS)),
                message=message,
                association_id=association.pk,
            )
            for lvl in levels
            if before[lvl.pk]["rank"] != lvl.rank
        ]
    )
    return sorted(levels, key=lambda lvl: lvl.rank)
