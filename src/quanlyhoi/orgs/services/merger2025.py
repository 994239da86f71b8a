"""Follow the 2025 provincial merger (Hướng dẫn 05/HD-MTTW-BTT): merge an association's province chapters
along the 63 -> 34 mapping with effective date 1/7/2025. Same-name chapters merge and take the new
province's name; a chapter whose province was not merged only moves to the new area."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from quanlyhoi.core.errors import DomainError, Forbidden, NotFound
from quanlyhoi.geo.models import REFORM_2025, AdminArea, AreaSuccession
from quanlyhoi.orgs.models import Association, Unit, UnitPeriod
from quanlyhoi.orgs.services.restructuring import (
    Basis,
    NewUnit,
    Outcome,
    _Rollback,
    can_place_under_root,
    unit_rename,
    units_merge,
)

GUIDANCE = "05/HD-MTTW-BTT"


@dataclass
class MergerStep:
    new_area: AdminArea
    sources: list[Unit]
    target: Unit | None  # an existing chapter that keeps its identity, or None for a new unit
    new_name: str

    def as_dict(self) -> dict:
        return {
            "new_area": {"code": self.new_area.code, "name": self.new_area.name},
            "sources": [s.code for s in self.sources],
            "target": self.target.code if self.target else None,
            "new_name": self.new_name,
            "kind": "rename" if not self.sources else "merge",
        }


@dataclass
class MergerPlan:
    association: Association
    steps: list[MergerStep] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    applied: bool = False

    def as_dict(self) -> dict:
        return {
            "association": self.association.code,
            "effective_date": REFORM_2025.isoformat(),
            "applied": self.applied,
            "steps": [s.as_dict() for s in self.steps],
            "lines": [line for o in self.outcomes for line in o.lines],
        }


def _short(area: AdminArea) -> str:
    for prefix in ("Thành phố ", "Tỉnh "):
        if area.name.startswith(prefix):
            return area.name[len(prefix) :]
    return area.name


def renamed_for(name: str, old: AdminArea, new: AdminArea) -> str:
    """'Hội Người cao tuổi tỉnh Hà Giang' -> 'Hội Người cao tuổi tỉnh Tuyên Quang'."""
    old_short, new_short = _short(old), _short(new)
    if old_short in name:
        name = name.replace(old_short, new_short)
        old_kind = "thành phố" if old.name.startswith("Thành phố") else "tỉnh"
        new_kind = "thành phố" if new.name.startswith("Thành phố") else "tỉnh"
        return name.replace(f"{old_kind} {new_short}", f"{new_kind} {new_short}")
    return f"{name} ({new.name})"


def require_permission(actor, association: Association) -> None:
    """The merger restructures a whole association: system or association administrators only."""
    if not Association.objects.restrict(actor, "view").filter(pk=association.pk).exists():
        raise NotFound(f"Không tìm thấy hội {association.code}.")
    if not can_place_under_root(actor, association):
        raise Forbidden("Bạn không có quyền sắp xếp cấp tỉnh của cả hội (chỉ quản trị hội hoặc quản trị hệ thống).")


def plan(association: Association) -> MergerPlan:
    """Which province chapters merge into which, read from the living tree and the area mapping."""
    chapters = list(
        Unit.objects.filter(
            association=association,
            pk__in=UnitPeriod.objects.filter(
                valid_to__isnull=True,
                area__generation=AdminArea.Generation.LEGACY,
                area__level=AdminArea.Level.PROVINCE,
            ).values("unit_id"),
        ).select_related("area", "level")
    )
    successors = {
        s.predecessor_id: s.successor
        for s in AreaSuccession.objects.filter(predecessor__in=[c.area_id for c in chapters]).select_related(
            "successor"
        )
    }
    groups: dict[int, list[Unit]] = {}
    for chapter in chapters:
        new = successors.get(chapter.area_id)
        if new is not None:
            groups.setdefault(new.pk, []).append(chapter)
    # Chapters already set up on a 2025 province receive the old chapters of that province.
    current = {}
    for unit in Unit.objects.filter(association=association, valid_to__isnull=True, area_id__in=groups).order_by(
        "code"
    ):
        current.setdefault(unit.area_id, unit)
    result = MergerPlan(association=association)
    for new_area_id, units in groups.items():
        new_area = successors[units[0].area_id]
        if new_area_id in current:
            keeper, name = current[new_area_id], current[new_area_id].name
        else:
            # The chapter of the old province whose code the new province kept keeps its identity.
            keeper = next((u for u in units if u.area.code == new_area.code), None) or min(units, key=lambda u: u.code)
            name = renamed_for(keeper.name, keeper.area, new_area)
        others = [u for u in units if u.pk != keeper.pk]
        result.steps.append(MergerStep(new_area=new_area, sources=others, target=keeper, new_name=name))
    result.steps.sort(key=lambda s: s.new_area.code)
    return result


def apply(
    *, actor, association: Association, decision_number: str = "", note: str = "", preview: bool = False
) -> MergerPlan:
    """Carry out the plan as merge and rename events in one transaction (or roll back for a preview)."""
    require_permission(actor, association)
    the_plan = plan(association)
    if not the_plan.steps:
        raise DomainError(
            "nothing_to_merge",
            f"Hội {association.code} không còn cấp tỉnh nào gắn với 63 tỉnh cũ: đã sắp xếp xong hoặc chưa có.",
            status=409,
        )
    basis = Basis(
        effective_date=REFORM_2025,
        decision_number=decision_number or GUIDANCE,
        note=note or "Sắp xếp theo đơn vị hành chính cấp tỉnh mới từ 01/7/2025.",
    )
    try:
        with transaction.atomic():
            for step in the_plan.steps:
                if step.sources:
                    the_plan.outcomes.append(
                        units_merge(
                            actor=actor,
                            sources=step.sources,
                            target=step.target,
                            basis=basis,
                            target_name=step.new_name,
                            target_area=step.new_area,
                        )
                    )
                else:
                    the_plan.outcomes.append(
                        unit_rename(actor=actor, unit=step.target, name=step.new_name, area=step.new_area, basis=basis)
                    )
            if preview:
                raise _Rollback(Outcome(kind="merge", summary=""))
            the_plan.applied = True
    except _Rollback:
        for o in the_plan.outcomes:
            o.preview, o.event_id = True, None
    return the_plan


__all__ = ["MergerPlan", "MergerStep", "apply", "plan", "NewUnit"]
