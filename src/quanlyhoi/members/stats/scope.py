"""What an actor may count: the asked unit or association, and the units of a unit officer's subtree."""

from __future__ import annotations

from django.db.models import Q

from quanlyhoi.core.errors import DomainError, Forbidden, NotFound
from quanlyhoi.core.paths import subtree_q
from quanlyhoi.core.scoping import ASSOCIATION, SYSTEM, UNIT, scopes_for
from quanlyhoi.orgs.models import Association, Unit


def resolve(actor, *, unit_code: str | None = None, association_code: str | None = None):
    """(unit, association) named by code, exactly one of them; missing and out of scope alike: NotFound."""
    if bool(unit_code) == bool(association_code):
        raise DomainError("stats_target", "Cần chọn một đơn vị hoặc một hội (chỉ một).", status=422, field="unit")
    if unit_code:
        code = unit_code.strip().upper()
        unit = Unit.objects.restrict(actor, "view").select_related("association", "level").filter(code=code).first()
        if unit is None:
            raise NotFound(f"Không tìm thấy đơn vị {code}.")
        return unit, None
    code = association_code.strip().upper()
    association = Association.objects.restrict(actor, "view").filter(code=code).first()
    if association is None:
        raise NotFound(f"Không tìm thấy hội {code}.")
    return None, association


def target(actor, *, unit_code: str | None = None, association_code: str | None = None):
    """resolve() when a code is given, else the actor's default_target(): what a page or a call without a
    choice shows."""
    if unit_code or association_code:
        return resolve(actor, unit_code=unit_code, association_code=association_code)
    unit, association = default_target(actor)
    if unit is None and association is None:
        return resolve(actor)  # nothing the actor could count: refused as a missing choice
    return unit, association


def whole_association(actor, association_id: int) -> bool:
    return any(
        s.kind == SYSTEM or (s.kind == ASSOCIATION and s.association_id == association_id)
        for s in scopes_for(actor, "view")
    )


def check_target(actor, unit: Unit | None, association: Association | None) -> Association:
    if (unit is None) == (association is None):
        raise DomainError("stats_target", "Cần chọn một đơn vị hoặc một hội (chỉ một).", status=422, field="unit")
    if unit is not None:
        if not Unit.objects.restrict(actor, "view").filter(pk=unit.pk).exists():
            raise NotFound(f"Không tìm thấy đơn vị {unit.code}.")
        return unit.association
    if not Association.objects.restrict(actor, "view").filter(pk=association.pk).exists():
        raise NotFound(f"Không tìm thấy hội {association.code}.")
    if not whole_association(actor, association.pk):
        raise Forbidden("Thống kê toàn hội chỉ dành cho người có quyền trên cả hội; hãy chọn đơn vị của bạn.")
    return association


def scope_q(actor, association_id: int) -> Q | None:
    """Units (by their current path) an actor without a role on the whole association may count; None when
    the actor sees the whole association."""
    if whole_association(actor, association_id):
        return None
    q = Q(pk__in=[])
    for scope in scopes_for(actor, "view"):
        if scope.kind == UNIT and scope.association_id == association_id:
            q |= subtree_q("unit__path", scope.path)
    return q


def default_target(actor) -> tuple[Unit | None, Association | None]:
    """What statistics show first: the first association the actor sees as a whole, else the unit of the
    actor's first unit role; (None, None) for an actor without roles."""
    for association in Association.objects.restrict(actor, "view"):
        if whole_association(actor, association.pk):
            return None, association
    roots = scope_roots(actor)
    return (roots[0], None) if roots else (None, None)


def scope_roots(actor) -> list[Unit]:
    """The units a unit officer's roles are on (their dashboard breaks these down by child unit)."""
    ids = [s.unit_id for s in scopes_for(actor, "view") if s.kind == UNIT]
    return list(Unit.objects.filter(pk__in=ids).select_related("association", "level").order_by("path"))


# Up to this many units, a subtree's units are sent to the database as a list of ids: the planner then reads
# each unit's rows through its index; behind a subquery it cannot tell a commune from a province and may scan.
LISTED_UNITS = 2_000


def unit_ids(periods):
    """The unit ids of `periods` (UnitPeriod rows) as a list when there are few, else as a subquery."""
    ids = list(periods.values_list("unit_id", flat=True).distinct()[: LISTED_UNITS + 1])
    return ids if len(ids) <= LISTED_UNITS else periods.values("unit_id")
