"""Restructuring: create, rename, move, merge, split, dissolve. Each writes one event with its legal basis,
never deletes anything, and can run as a preview (the real operation, rolled back)."""

from __future__ import annotations

from quanlyhoi.core import audit
from quanlyhoi.core.errors import DomainError, Forbidden
from quanlyhoi.core.text import normalise
from quanlyhoi.geo.models import AdminArea
from quanlyhoi.orgs.models import (
    EventUnit,
    Lineage,
    RestructuringEvent,
    Unit,
    UnitLevel,
)
from quanlyhoi.orgs.services import _tree, followers
from quanlyhoi.orgs.services._frame import (  # noqa: F401  (re-exported: the operations' types)
    Basis,
    NewUnit,
    Outcome,
    _delta,
    _event,
    _finish,
    _Rollback,
    _run,
    _state,
)
from quanlyhoi.orgs.services._rules import (  # noqa: F401  (can_place_under_root is re-exported)
    _check_area,
    _check_can,
    _check_level_under,
    _check_parent,
    _check_same_kind,
    _insert_unit,
    can_place_under_root,
)
from quanlyhoi.orgs.services._tree import fmt

Kind = RestructuringEvent.Kind

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
        lines += followers.follow(followers.Change(event=event, day=day, sources=[unit]))
        return _finish(actor, event, [(unit, EventUnit.Role.DISSOLVED)], {unit.pk: _delta(before, unit)}, lines)

    return _run(op, preview, [unit])


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
        lines += followers.follow(followers.Change(event=event, day=day, sources=srcs, target=tgt))
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
    options: dict | None = None,
    preview: bool = False,
) -> Outcome:
    """Split `source` into new units. Every living child must be assigned to one part:
    `children` maps child unit id -> index in `parts`. `options` carries the followers' choices, e.g.
    `{"members": {"by": "area"}}` or `{"members": {"by": "mapping", "mapping": {membership_id: index}}}`."""
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
        lines += followers.follow(
            followers.Change(event=event, day=day, sources=[source], parts=created, options=options or {})
        )
        changes = {source.pk: _delta(before, source)}
        changes.update({u.pk: audit.diff({}, _state(u)) for u in created})
        links = [(source, EventUnit.Role.SOURCE)] + [(u, EventUnit.Role.CREATED) for u in created]
        return _finish(actor, event, links, changes, lines)

    return _run(op, preview, [source, *(p.parent for p in parts)])
