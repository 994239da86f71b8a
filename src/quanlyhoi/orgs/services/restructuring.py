"""Restructuring: create, rename, move, merge, split, dissolve. Each writes one event with its legal basis,
never deletes anything, and can run as a preview (the real operation, rolled back)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction

from quanlyhoi.core import audit
from quanlyhoi.core.errors import DomainError, Forbidden
from quanlyhoi.core.paths import child_path
from quanlyhoi.core.permissions import can_place_under, can_restructure, recheck
from quanlyhoi.core.text import fold, normalise
from quanlyhoi.geo.models import AdminArea
from quanlyhoi.orgs.models import (
    EventUnit,
    Lineage,
    RestructuringEvent,
    Unit,
    UnitLevel,
    UnitPeriod,
)
from quanlyhoi.orgs.services import _tree
from quanlyhoi.orgs.services._tree import fmt

Kind = RestructuringEvent.Kind


@dataclass(frozen=True)
class Basis:
    """When and on what authority: effective date, decision number and date, note."""

    effective_date: datetime.date
    decision_number: str = ""
    decision_date: datetime.date | None = None
    note: str = ""


@dataclass
class NewUnit:
    """A unit to be created by create, merge (new target) or split."""

    name: str
    area: AdminArea | None = None
    code: str | None = None
    parent: Unit | None = None
    level: UnitLevel | None = None


@dataclass
class Outcome:
    """What an operation did (or, for a preview, would do)."""

    kind: str
    summary: str
    lines: list[str] = field(default_factory=list)
    event_id: int | None = None
    unit_codes: list[str] = field(default_factory=list)
    preview: bool = False

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "summary": self.summary,
            "lines": self.lines,
            "event_id": self.event_id,
            "unit_codes": self.unit_codes,
            "preview": self.preview,
        }


class _Rollback(Exception):
    def __init__(self, outcome: Outcome):
        self.outcome = outcome


def _run(fn, preview: bool, objects=()) -> Outcome:
    """Run `fn` in one transaction; for a preview, roll it back and return what it would have done.

    `objects` are the caller's units. They are reloaded inside the transaction, so that checks and paths use
    the database state rather than a copy loaded before another change, and reloaded again when the work is
    rolled back (preview or refusal), so that the caller's copies do not describe a change that never happened
    (a form that previews and then applies with the same objects would otherwise see "no change")."""
    objects = [o for o in {id(o): o for o in objects}.values() if o is not None and o.pk is not None]
    try:
        with transaction.atomic():
            for obj in objects:
                obj.refresh_from_db()
            outcome = fn()
            if preview:
                outcome.preview = True
                outcome.event_id = None
                raise _Rollback(outcome)
            return outcome
    except _Rollback as rb:
        _reload(objects)
        return rb.outcome
    except BaseException:
        _reload(objects)
        raise


def _reload(objects) -> None:
    for obj in objects:
        try:
            obj.refresh_from_db()
        except type(obj).DoesNotExist:  # pragma: no cover - units are never deleted
            pass


def _check_can(actor, unit: Unit) -> None:
    if not Unit.objects.restrict(actor, "view").filter(pk=unit.pk).exists():
        from quanlyhoi.core.errors import NotFound

        raise NotFound(f"Không tìm thấy đơn vị {unit.code}.")
    if not can_restructure(actor, unit):
        raise Forbidden(f"Bạn không có quyền sắp xếp đơn vị {unit.code}.")


def _check_parent(actor, parent: Unit, day: datetime.date) -> None:
    if not Unit.objects.restrict(actor, "view").filter(pk=parent.pk).exists():
        from quanlyhoi.core.errors import NotFound

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


def _check_basis(basis: Basis) -> None:
    if basis.decision_date and basis.decision_date > basis.effective_date + datetime.timedelta(days=3650):
        raise DomainError("bad_decision_date", "Ngày quyết định không hợp lệ.")


def _event(actor, kind: str, association, basis: Basis, summary: str, paths: list[str]) -> RestructuringEvent:
    _check_basis(basis)
    return RestructuringEvent.objects.create(
        kind=kind,
        association=association,
        effective_date=basis.effective_date,
        decision_number=normalise(basis.decision_number),
        decision_date=basis.decision_date,
        note=basis.note.strip(),
        summary=summary[:500],
        scope_path=_tree.common_path(paths),
        created_by=actor if getattr(actor, "pk", None) else None,
    )


def _finish(actor, event: RestructuringEvent, links: list[tuple[Unit, str]], unit_changes: dict, lines) -> Outcome:
    """Links, audit records and the post-write scope re-check, shared by every operation."""
    EventUnit.objects.bulk_create([EventUnit(event=event, unit=u, role=role) for u, role in links])
    basis = {
        "effective_date": event.effective_date,
        "decision_number": event.decision_number,
        "decision_date": event.decision_date,
        "note": event.note,
    }
    records = [
        audit.build(
            actor=actor,
            action=f"restructure.{event.kind}",
            obj=event,
            changes={"basis": basis, "units": [u.code for u, _ in links]},
            message=event.summary,
            association_id=event.association_id,
            unit_path=event.scope_path,
        )
    ]
    for unit, _role in links:
        unit.refresh_from_db()
        records.append(
            audit.build(
                actor=actor,
                action=f"restructure.{event.kind}",
                obj=unit,
                changes=unit_changes.get(unit.pk, {}),
                message=event.summary,
                association_id=unit.association_id,
                unit_path=unit.path,
            )
        )
    audit.record_many(records)
    recheck(actor, "restructure", Unit, [u.pk for u, _ in links])  # the action done, not mere visibility
    return Outcome(
        kind=event.kind,
        summary=event.summary,
        lines=lines,
        event_id=event.pk,
        unit_codes=[u.code for u, _ in links],
    )


def _state(unit: Unit) -> dict:
    return {
        "name": unit.name,
        "parent": unit.parent.code if unit.parent_id else None,
        # The label tells the old province from the 2025 one of the same name (Hà Nội before and after).
        "area": f"{unit.area.label} [{unit.area.code}]" if unit.area_id else None,
        "valid_to": unit.valid_to,
    }


def _delta(before: dict, unit: Unit) -> dict:
    unit.refresh_from_db()
    return audit.diff(before, _state(unit))


# ---------------------------------------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------------------------------------
# Operations


def unit_create(*, actor, association, level: UnitLevel, spec: NewUnit, basis: Basis, preview: bool = False) -> Outcome:
    """Create a unit under `spec.parent` (or the association's central unit when it has none)."""
    day = basis.effective_date

    def op() -> Outcome:
        parent = spec.parent
        if level.association_id != association.pk:
            raise DomainError("different_association", "Cấp đơn vị không thuộc hội này.", field="level")
        if parent is not None:
            _check_parent(actor, parent, day)
        else:
            if not can_place_under_root(actor, association):
                raise Forbidden("Chỉ quản trị hội mới được lập đơn vị cấp cao nhất.")
            # A lower level without a parent is a missing parent, whether or not the root exists.
            _check_level_under(level, None)
            if Unit.objects.filter(association=association, parent__isnull=True, valid_to__isnull=True).exists():
                raise DomainError("root_exists", "Hội đã có đơn vị cấp cao nhất.", status=409)
        _check_level_under(level, parent)
        event = _event(actor, Kind.CREATE, association, basis, f"Thành lập {normalise(spec.name)}", [])
        unit = _insert_unit(association, level, spec, parent, day, event)
        event.scope_path = parent.path if parent else unit.path
        event.summary = f"Thành lập {unit.code} {unit.name}"
        event.save(update_fields=["scope_path", "summary"])
        lines = [f"Thành lập {unit.code} {unit.name} từ ngày {fmt(day)}" + (f", trực thuộc {parent}" if parent else "")]
        return _finish(actor, event, [(unit, EventUnit.Role.CREATED)], {unit.pk: audit.diff({}, _state(unit))}, lines)

    return _run(op, preview, [spec.parent])


def can_place_under_root(actor, association) -> bool:
    from quanlyhoi.core.scoping import ASSOCIATION, SYSTEM, scopes_for

    return any(
        s.kind == SYSTEM or (s.kind == ASSOCIATION and s.association_id == association.pk)
        for s in scopes_for(actor, "restructure")
    )


def unit_rename(
    *, actor, unit: Unit, name: str, basis: Basis, area: AdminArea | None = ..., preview: bool = False
) -> Outcome:
    """Give `unit` a new name (and optionally a new area) from the effective date."""
    day = basis.effective_date

    def op() -> Outcome:
        _check_can(actor, unit)
        new_name = normalise(name)
        if not new_name:
            raise DomainError("name_required", "Tên mới không được để trống.", field="name")
        _tree.check_effective(unit, day)
        new_area = unit.area if area is ... else area
        if new_name == unit.name and new_area == unit.area:
            raise DomainError("no_change", "Tên và địa bàn mới trùng với hiện tại.", field="name")
        _check_area(unit.level, new_area, day)
        before = _state(unit)
        old_area = unit.area
        if new_name != unit.name:
            summary = f"Đổi tên {unit.code} {unit.name} thành {new_name}"
        else:
            summary = f"Đổi địa bàn của {unit.code} {unit.name} sang {new_area.label if new_area else '—'}"
        event = _event(actor, Kind.RENAME, unit.association, basis, summary, [unit.path])
        _tree.new_period(unit, start=day, event=event, name=new_name, area=new_area)
        lines = [f"{unit.code}: {before['name']} → {new_name} từ ngày {fmt(day)}"]
        if new_area != old_area:
            lines.append(f"Địa bàn: {old_area.label if old_area else '—'} → {new_area.label if new_area else '—'}")
        return _finish(actor, event, [(unit, EventUnit.Role.RENAMED)], {unit.pk: _delta(before, unit)}, lines)

    return _run(op, preview, [unit])


def unit_move(*, actor, unit: Unit, new_parent: Unit, basis: Basis, preview: bool = False) -> Outcome:
    """Move `unit` with its whole subtree under `new_parent` from the effective date."""
    day = basis.effective_date

    def op() -> Outcome:
        _check_can(actor, unit)
        _check_parent(actor, new_parent, day)
        if new_parent.pk == unit.parent_id:
            raise DomainError("no_change", f"{unit.code} đã trực thuộc {new_parent.code}.", field="parent")
        if new_parent.path.startswith(unit.path):
            raise DomainError(
                "cycle",
                f"Không thể chuyển {unit.code} về dưới {new_parent.code}: {new_parent.code} là chính nó "
                f"hoặc đơn vị trực thuộc của nó.",
                status=409,
                field="parent",
            )
        _check_level_under(unit.level, new_parent)
        _tree.check_effective(unit, day)
        before = _state(unit)
        old_parent = unit.parent
        summary = f"Chuyển {unit.code} {unit.name} về trực thuộc {new_parent.code} {new_parent.name}"
        event = _event(actor, Kind.MOVE, unit.association, basis, summary, [unit.path, new_parent.path])
        moved = _tree.reparent(unit, new_parent, day, event)
        event.scope_path = _tree.common_path([old_parent.path if old_parent else unit.path, unit.path])
        event.save(update_fields=["scope_path"])
        lines = [
            f"{unit.code} {unit.name}: từ {old_parent.code if old_parent else '—'} sang {new_parent.code} "
            f"từ ngày {fmt(day)}",
            f"{moved - 1} đơn vị trực thuộc chuyển theo.",
        ]
        return _finish(actor, event, [(unit, EventUnit.Role.MOVED)], {unit.pk: _delta(before, unit)}, lines)

    return _run(op, preview, [unit, new_parent])


def unit_dissolve(*, actor, unit: Unit, basis: Basis, preview: bool = False) -> Outcome:
    """End `unit` from the effective date. Its children must have been moved or dissolved first."""
    day = basis.effective_date

    def op() -> Outcome:
        _check_can(actor, unit)
        _tree.check_effective(unit, day)
        children = _tree.active_children(unit)
        if children:
            codes = ", ".join(c.code for c in children[:10])
            raise DomainError(
                "has_children",
                f"Đơn vị {unit.code} còn {len(children)} đơn vị trực thuộc ({codes}); "
                f"hãy chuyển hoặc giải thể các đơn vị này trước.",
                status=409,
            )
        before = _state(unit)
        summary = f"Giải thể {unit.code} {unit.name}"
        event = _event(actor, Kind.DISSOLVE, unit.association, basis, summary, [unit.path])
        _tree.end_unit(unit, day)
        lines = [f"{unit.code} {unit.name} chấm dứt hoạt động từ ngày {fmt(day)}"]
        return _finish(actor, event, [(unit, EventUnit.Role.DISSOLVED)], {unit.pk: _delta(before, unit)}, lines)

    return _run(op, preview, [unit])


def _check_same_kind(units: list[Unit]) -> None:
    first = units[0]
    for u in units[1:]:
        if u.association_id != first.association_id:
            raise DomainError(
                "different_association", f"Không thể hợp nhất {first.code} và {u.code}: khác hội.", status=409
            )
        if u.level_id != first.level_id:
            raise DomainError("different_level", f"Không thể hợp nhất {first.code} và {u.code}: khác cấp.", status=409)


def units_merge(
    *,
    actor,
    sources: list[Unit],
    basis: Basis,
    target: Unit | None = None,
    new_target: NewUnit | None = None,
    target_name: str | None = None,
    target_area: AdminArea | None = ...,
    preview: bool = False,
) -> Outcome:
    """Merge `sources` into an existing `target` (optionally renamed or given a new area) or into a new unit.

    Sources end on the effective date; their living children move to the target; lineage links each source
    to the target."""
    day = basis.effective_date

    def op() -> Outcome:
        if (target is None) == (new_target is None):
            raise DomainError("merge_target", "Cần chọn đúng một đơn vị nhận hợp nhất: có sẵn hoặc lập mới.")
        srcs = list(dict.fromkeys(sources))
        if not srcs or (target is None and len(srcs) < 2):
            raise DomainError("merge_sources", "Cần ít nhất hai đơn vị để hợp nhất thành đơn vị mới.")
        if target is not None and target in srcs:
            raise DomainError("merge_target", f"Đơn vị nhận {target.code} không được nằm trong danh sách hợp nhất.")
        for s in srcs:
            _check_can(actor, s)
            _tree.check_effective(s, day)
        if target is not None:
            _check_can(actor, target)  # before any rule that would name an out-of-scope target
        _check_same_kind(srcs + ([target] if target else []))
        for s in srcs:
            for other in srcs:
                if s.pk != other.pk and other.path.startswith(s.path):
                    raise DomainError("cycle", f"{other.code} trực thuộc {s.code}, không thể hợp nhất.", status=409)
        association = srcs[0].association
        lines: list[str] = []
        changes: dict = {}
        befores = {s.pk: _state(s) for s in srcs}
        event = _event(actor, Kind.MERGE, association, basis, "", [s.path for s in srcs])
        if target is not None:
            tgt = target
            befores[tgt.pk] = _state(tgt)
            new_name = normalise(target_name) if target_name else tgt.name
            new_area = tgt.area if target_area is ... else target_area
            if new_name != tgt.name or new_area != tgt.area:
                _tree.check_effective(tgt, day)
                _check_area(tgt.level, new_area, day)
                _tree.new_period(tgt, start=day, event=event, name=new_name, area=new_area)
            else:
                _tree.check_effective(tgt, day, allow_same_day=True)
            role_tgt = EventUnit.Role.TARGET
        else:
            parent = new_target.parent or srcs[0].parent
            if parent is not None:
                _check_parent(actor, parent, day)
            _check_level_under(srcs[0].level, parent)
            tgt = _insert_unit(association, srcs[0].level, new_target, parent, day, event)
            befores[tgt.pk] = {}
            role_tgt = EventUnit.Role.CREATED
            lines.append(f"Lập đơn vị mới {tgt.code} {tgt.name}")
        moved_children = 0
        for s in srcs:
            for child in _tree.active_children(s):
                _tree.check_effective(child, day)
                moved_children += _tree.reparent(child, tgt, day, event)
            _tree.end_unit(s, day)
            Lineage.objects.create(event=event, predecessor=s, successor=tgt)
            lines.append(f"{s.code} {s.name} hợp nhất vào {tgt.code} từ ngày {fmt(day)}")
        if moved_children:
            lines.append(f"{moved_children} đơn vị trực thuộc chuyển về {tgt.code}.")
        tgt.refresh_from_db()
        event.summary = f"Hợp nhất {', '.join(s.code for s in srcs)} vào {tgt.code} {tgt.name}"[:500]
        event.scope_path = _tree.common_path([s.path for s in srcs] + [tgt.path])
        event.save(update_fields=["summary", "scope_path"])
        for pk, before in befores.items():
            changes[pk] = _delta(before, Unit.objects.get(pk=pk))
        links = [(s, EventUnit.Role.SOURCE) for s in srcs] + [(tgt, role_tgt)]
        return _finish(actor, event, links, changes, lines)

    return _run(op, preview, [*sources, target, new_target.parent if new_target else None])


def unit_split(
    *,
    actor,
    source: Unit,
    parts: list[NewUnit],
    basis: Basis,
    children: dict[int, int] | None = None,
    preview: bool = False,
) -> Outcome:
    """Split `source` into new units. Every living child must be assigned to one part:
    `children` maps child unit id -> index in `parts`."""
    day = basis.effective_date
    children = children or {}

    def op() -> Outcome:
        if len(parts) < 2:
            raise DomainError("split_parts", "Cần ít nhất hai đơn vị mới khi chia tách.")
        _check_can(actor, source)
        _tree.check_effective(source, day)
        kids = _tree.active_children(source)
        unmapped = [k.code for k in kids if k.pk not in children]
        if unmapped:
            raise DomainError(
                "split_children_unmapped",
                f"Cần chỉ rõ đơn vị mới tiếp nhận các đơn vị trực thuộc: {', '.join(unmapped[:20])}.",
            )
        kid_ids = {k.pk for k in kids}
        for child_id, index in children.items():
            if child_id not in kid_ids:
                raise DomainError("split_children", "Đơn vị được phân bổ không trực thuộc đơn vị bị chia tách.")
            if not 0 <= index < len(parts):
                raise DomainError("split_children", f"Không có đơn vị mới số {index + 1}.")
        if source.parent_id is None and any(spec.parent is None for spec in parts):
            # As in unit_create: an association has one top-level unit.
            raise DomainError(
                "root_exists",
                f"{source.code} là đơn vị cấp cao nhất của hội; không thể tách thành nhiều đơn vị cấp cao nhất.",
                status=409,
            )
        before = _state(source)
        event = _event(actor, Kind.SPLIT, source.association, basis, "", [source.path])
        created = []
        for spec in parts:
            parent = spec.parent or source.parent
            if parent is not None:
                _check_parent(actor, parent, day)
            _check_level_under(source.level, parent)
            created.append(_insert_unit(source.association, source.level, spec, parent, day, event))
        for kid in kids:
            _tree.check_effective(kid, day)
            _tree.reparent(kid, created[children[kid.pk]], day, event)
        _tree.end_unit(source, day)
        Lineage.objects.bulk_create([Lineage(event=event, predecessor=source, successor=u) for u in created])
        event.summary = f"Chia tách {source.code} thành {', '.join(u.code for u in created)}"[:500]
        event.scope_path = _tree.common_path([source.path] + [u.path for u in created])
        event.save(update_fields=["summary", "scope_path"])
        lines = [f"{source.code} {source.name} chấm dứt từ ngày {fmt(day)}"]
        lines += [f"Lập {u.code} {u.name}" for u in created]
        lines += [f"{k.code} chuyển về {created[children[k.pk]].code}" for k in kids]
        changes = {source.pk: _delta(before, source)}
        changes.update({u.pk: audit.diff({}, _state(u)) for u in created})
        links = [(source, EventUnit.Role.SOURCE)] + [(u, EventUnit.Role.CREATED) for u in created]
        return _finish(actor, event, links, changes, lines)

    return _run(op, preview, [source, *(p.parent for p in parts)])
