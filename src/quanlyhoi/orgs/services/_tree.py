"""Low-level, set-based operations on the effective-dated tree. Callers validate and audit."""

from __future__ import annotations

import datetime

from django.db.models import Q, Value
from django.db.models.functions import Concat, Substr

from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.paths import child_path, subtree_q
from quanlyhoi.core.text import fold
from quanlyhoi.orgs.models import RestructuringEvent, Unit, UnitPeriod


def fmt(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def open_period(unit: Unit) -> UnitPeriod:
    period = UnitPeriod.objects.filter(unit=unit, valid_to__isnull=True).first()
    if period is None:
        raise DomainError(
            "unit_ended",
            f"Đơn vị {unit.code} đã chấm dứt hoạt động từ ngày {fmt(unit.valid_to)}.",
            status=409,
        )
    return period


def check_effective(unit: Unit, day: datetime.date, *, allow_same_day: bool = False) -> UnitPeriod:
    """The unit must exist on `day`, and `day` must come after its last change (no overlapping events)."""
    if day < unit.valid_from:
        raise DomainError(
            "before_unit_exists",
            f"Ngày hiệu lực {fmt(day)} trước ngày đơn vị {unit.code} được thành lập ({fmt(unit.valid_from)}).",
            status=409,
        )
    if unit.valid_to is not None and day >= unit.valid_to:
        raise DomainError(
            "after_unit_ends",
            f"Ngày hiệu lực {fmt(day)} không trước ngày đơn vị {unit.code} chấm dứt ({fmt(unit.valid_to)}).",
            status=409,
        )
    period = open_period(unit)
    if period.valid_from > day or (period.valid_from == day and not allow_same_day):
        raise DomainError(
            "overlapping_event",
            f"Đơn vị {unit.code} đã có thay đổi có hiệu lực từ ngày {fmt(period.valid_from)}; "
            f"sự kiện mới phải có ngày hiệu lực sau ngày đó.",
            status=409,
        )
    return period


def new_period(
    unit: Unit,
    *,
    start: datetime.date,
    event: RestructuringEvent | None,
    name=None,
    parent=...,
    area=...,
    path=None,
) -> UnitPeriod:
    """Close the unit's open period at `start` and open a new one with the given changes."""
    current = open_period(unit)
    current.valid_to = start
    current.save(update_fields=["valid_to"])
    period = UnitPeriod.objects.create(
        unit=unit,
        valid_from=start,
        name=name if name is not None else current.name,
        parent=current.parent if parent is ... else parent,
        area=current.area if area is ... else area,
        path=path or current.path,
        event=event,
    )
    mirror(unit, period)
    return period


def mirror(unit: Unit, period: UnitPeriod) -> None:
    """Copy the newest period's state onto the unit row."""
    unit.name = period.name
    unit.name_folded = fold(period.name)
    unit.parent = period.parent
    unit.area = period.area
    unit.path = period.path
    unit.save(update_fields=["name", "name_folded", "parent", "area", "path"])


def end_unit(unit: Unit, day: datetime.date) -> None:
    # Living children have been moved or refused by the caller; a child that ended or moved away after `day`
    # would still sit under this unit on days when it no longer exists.
    later = (
        UnitPeriod.objects.filter(parent=unit)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .select_related("unit")
        .order_by("unit__code")
        .first()
    )
    if later is not None:
        raise DomainError(
            "overlapping_event",
            f"Đơn vị {later.unit.code} còn trực thuộc {unit.code} sau ngày hiệu lực {fmt(day)}; "
            f"không thể chấm dứt {unit.code} từ ngày đó.",
            status=409,
        )
    UnitPeriod.objects.filter(unit=unit, valid_to__isnull=True).update(valid_to=day)
    unit.valid_to = day
    unit.save(update_fields=["valid_to"])


def active_children(unit: Unit) -> list[Unit]:
    return list(
        Unit.objects.filter(
            pk__in=UnitPeriod.objects.filter(parent=unit, valid_to__isnull=True).values("unit_id")
        ).order_by("code")
    )


def reparent(unit: Unit, new_parent: Unit, day: datetime.date, event: RestructuringEvent) -> int:
    """Move `unit` and its whole living subtree under `new_parent` from `day`. Returns rows moved.

    Every open period in the subtree closes at `day` and reopens with the new path; set-based."""
    old_path = unit.path
    new_path = child_path(new_parent.path, unit.pk)
    later = (
        UnitPeriod.objects.filter(subtree_q("path", old_path))
        .filter(Q(valid_from__gte=day) | Q(valid_to__gt=day))
        .select_related("unit")
        .first()
    )
    if later is not None:
        raise DomainError(
            "overlapping_event",
            f"Đơn vị {later.unit.code} có thay đổi từ ngày {fmt(later.valid_from)} trở về sau; "
            f"không thể áp dụng sự kiện có hiệu lực ngày {fmt(day)}.",
            status=409,
        )
    rows = list(UnitPeriod.objects.filter(subtree_q("path", old_path), valid_to__isnull=True))
    UnitPeriod.objects.filter(pk__in=[r.pk for r in rows]).update(valid_to=day)
    cut = len(old_path)
    UnitPeriod.objects.bulk_create(
        [
            UnitPeriod(
                unit_id=r.unit_id,
                valid_from=day,
                name=r.name,
                parent=new_parent if r.unit_id == unit.pk else r.parent,
                path=new_path + r.path[cut:],
                area_id=r.area_id,
                event=event,
            )
            for r in rows
        ],
        batch_size=1000,
    )
    # Scoping follows the latest place in the tree, dissolved descendants included.
    Unit.objects.filter(subtree_q("path", old_path)).update(path=Concat(Value(new_path), Substr("path", cut + 1)))
    Unit.objects.filter(pk=unit.pk).update(parent=new_parent)
    unit.refresh_from_db()
    return len(rows)


def common_path(paths: list[str]) -> str:
    """The deepest path that contains all of `paths` (segment-aligned)."""
    from quanlyhoi.core.paths import SEGMENT_WIDTH

    if not paths:
        return ""
    prefix = paths[0]
    for p in paths[1:]:
        n = 0
        while n < min(len(prefix), len(p)) and prefix[n] == p[n]:
            n += 1
        prefix = prefix[:n]
    return prefix[: len(prefix) - len(prefix) % SEGMENT_WIDTH]
