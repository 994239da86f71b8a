"""Registry reads that are more than a filter: the tree as of a date, lineage, the overseer of a date."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from quanlyhoi.core.paths import depth, subtree_q
from quanlyhoi.core.scoping import ASSOCIATION, SYSTEM, UNIT, scopes_for
from quanlyhoi.orgs.models import Lineage, Overseer, Unit, UnitPeriod


def overseer_on(day: datetime.date) -> Overseer | None:
    from django.db.models import Q

    return (
        Overseer.objects.filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .order_by("-valid_from")
        .first()
    )


@dataclass
class TreeNode:
    unit_id: int
    code: str
    name: str
    level: str
    level_rank: int
    area: str | None
    path: str
    depth: int
    parent_code: str | None
    valid_from: datetime.date
    children: list[TreeNode] = field(default_factory=list)

    @classmethod
    def from_period(cls, period: UnitPeriod, base: int) -> TreeNode:
        """A node from a period (with unit__level, area and parent selected); depth relative to `base`."""
        return cls(
            unit_id=period.unit_id,
            code=period.unit.code,
            name=period.name,
            level=period.unit.level.name,
            level_rank=period.unit.level.rank,
            area=period.area.label if period.area_id else None,
            path=period.path,
            depth=depth(period.path) - base,
            parent_code=period.parent.code if period.parent_id else None,
            valid_from=period.valid_from,
        )

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "level": self.level,
            "area": self.area,
            "parent": self.parent_code,
            "children": [c.as_dict() for c in self.children],
        }


def tree_rows(actor, root: Unit, day: datetime.date, *, max_depth: int | None = None) -> list[TreeNode]:
    """The subtree of `root` as it stood on `day`, in path order, restricted to what `actor` may see."""
    root_period = UnitPeriod.objects.as_of(day).filter(unit=root).first()
    if root_period is None:
        return []
    qs = (
        UnitPeriod.objects.restrict(actor, "view")
        .as_of(day)
        .filter(subtree_q("path", root_period.path))
        .select_related("unit__level", "area", "parent")
        .order_by("path")
    )
    if max_depth is not None:
        from django.db.models.functions import Length

        qs = qs.annotate(plen=Length("path")).filter(plen__lte=len(root_period.path) + 8 * max_depth)
    base = depth(root_period.path)
    return [TreeNode.from_period(p, base) for p in qs]


def nest(rows: list[TreeNode]) -> list[TreeNode]:
    by_path: dict[str, TreeNode] = {}
    roots: list[TreeNode] = []
    for node in rows:
        parent = by_path.get(node.path[:-8])
        (parent.children if parent else roots).append(node)
        by_path[node.path] = node
    return roots


def roots_on(actor, day: datetime.date):
    """Top units visible to `actor` on `day`: the association roots, or the actor's own scope roots."""
    visible = (
        UnitPeriod.objects.restrict(actor, "view")
        .as_of(day)
        .select_related("unit__association", "unit__level", "area", "parent")
    )
    scopes = scopes_for(actor, "view")
    if scopes and all(s.kind in (SYSTEM, ASSOCIATION) for s in scopes):
        # Whole associations: their roots are the parentless units (no scan of every visible path).
        return list(visible.filter(parent__isnull=True).order_by("unit__association__sort_order", "path"))
    paths = sorted(visible.values_list("path", flat=True))
    tops: list[str] = []
    for p in paths:
        if not tops or not p.startswith(tops[-1]):
            tops.append(p)
    return list(visible.filter(path__in=tops).order_by("unit__association__sort_order", "path"))


def lineage(unit: Unit, *, actor=None) -> dict:
    """Predecessors and successors, transitively, with the event that linked them.

    With `actor`, units the actor may not see are left out, as if they did not exist (entry points always
    pass it; the walk itself still crosses them, so a visible grandparent behind an invisible one shows)."""

    def walk(start_ids, forward: bool):
        seen, out, frontier = set(), [], set(start_ids)
        while frontier:
            links = Lineage.objects.filter(
                **({"predecessor_id__in": frontier} if forward else {"successor_id__in": frontier})
            ).select_related("predecessor", "successor", "event")
            frontier = set()
            for link in links:
                other = link.successor if forward else link.predecessor
                if other.pk in seen:
                    continue
                seen.add(other.pk)
                out.append(
                    {
                        "unit": other,
                        "event": link.event,
                        "via": link.predecessor if forward else link.successor,
                    }
                )
                frontier.add(other.pk)
        return out

    result = {"predecessors": walk({unit.pk}, False), "successors": walk({unit.pk}, True)}
    if actor is not None:
        ids = {e["unit"].pk for side in result.values() for e in side}
        shown = set(Unit.objects.restrict(actor, "view").filter(pk__in=ids).values_list("pk", flat=True))
        result = {side: [e for e in entries if e["unit"].pk in shown] for side, entries in result.items()}
    return result


def periods(unit: Unit):
    return UnitPeriod.objects.filter(unit=unit).select_related("parent", "area", "event").order_by("valid_from")


def subtree_units(actor, unit: Unit):
    return Unit.objects.restrict(actor, "view").subtree(unit)


def home_unit(user, action: str = "view") -> Unit | None:
    """The unit a page opens on for `action`: the unit of the user's first unit scope, or the central office of
    its first association scope; None for system scopes and users without roles."""
    for scope in scopes_for(user, action):
        if scope.kind == UNIT:
            return Unit.objects.filter(pk=scope.unit_id).first()
        if scope.kind == ASSOCIATION:
            return (
                Unit.objects.filter(association_id=scope.association_id, parent__isnull=True).order_by("path").first()
            )
    return None
