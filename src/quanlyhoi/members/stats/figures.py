"""The figures of one unit's subtree or one association as of a day: counts by status and by child unit from
one query grouped by unit, then the breakdowns by sex, age, type and welfare need."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from quanlyhoi.core.dates import vn
from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.paths import SEGMENT_WIDTH, subtree_q
from quanlyhoi.members.models import (
    MEMBER_STATUSES,
    Membership,
    MembershipPeriod,
    MembershipType,
    MemberStatus,
    Sex,
    WelfareNeed,
    WelfareNeedKind,
)
from quanlyhoi.members.queries import AGE_BANDS
from quanlyhoi.members.stats.movement import movement
from quanlyhoi.members.stats.result import ChildRow, Figure, MemberStats
from quanlyhoi.members.stats.scope import check_target, scope_q
from quanlyhoi.orgs.models import Association, Unit, UnitPeriod, valid_on_q

ELDERLY_AGE = 60  # Luật Người cao tuổi 2009: Vietnamese citizens aged 60 and over
UNKNOWN = "unknown"


@dataclass
class _Tree:
    """The units counted on one day: their periods (with the actor's scope applied) and the breakdown root."""

    day: datetime.date
    units: QuerySet  # UnitPeriod valid on `day`
    root: UnitPeriod | None  # the unit whose children make the breakdown (None: by the association's roots)
    existed: bool = True
    whole: Association | None = None  # set when counting a whole association


def _tree(actor, association: Association, unit: Unit | None, day: datetime.date) -> _Tree:
    periods = UnitPeriod.objects.as_of(day)
    scope = scope_q(actor, association.pk)
    if unit is None:
        units = periods.filter(unit__association_id=association.pk)
        roots = list(units.filter(parent__isnull=True).select_related("unit")[:2])
        # An association has one top unit (the central office): break down by its children.
        root = roots[0] if len(roots) == 1 else None
    else:
        root = periods.filter(unit=unit).select_related("unit").first()
        if root is None:
            return _Tree(day, periods.none(), None, existed=False)
        units = periods.filter(subtree_q("path", root.path))
    if scope is not None:
        units = units.filter(scope)
    return _Tree(day, units, root, whole=association if unit is None else None)


def _periods_on(tree: _Tree) -> QuerySet:
    """Membership periods valid on the tree's day in its units."""
    return MembershipPeriod.objects.filter(valid_on_q(tree.day), unit_id__in=tree.units.values("unit_id"))


# --- counts ----------------------------------------------------------------------------------------------------


def _counts(tree: _Tree) -> tuple[dict[str, int], list[ChildRow]]:
    """Counts by status and members by child unit, from one query grouped by unit (rows: units, not members)."""
    by_status = dict.fromkeys(MemberStatus.values, 0)
    if not tree.existed:
        return by_status, []
    per_unit = (
        _periods_on(tree)
        .values("unit_id")
        .annotate(**{status: Count("id", filter=Q(status=status)) for status in MemberStatus.values})
        .order_by()
    )
    members: dict[int, int] = {}
    for row in per_unit:
        for status in MemberStatus.values:
            by_status[status] += row[status]
        members[row["unit_id"]] = sum(row[s] for s in MEMBER_STATUSES)
    return by_status, _children(tree, members)


def _children(tree: _Tree, members: dict[int, int]) -> list[ChildRow]:
    """Members per child of the breakdown root (or per root unit of the association)."""
    if tree.root is None:
        cut, parent = SEGMENT_WIDTH, Q(parent__isnull=True)
    else:
        cut, parent = len(tree.root.path) + SEGMENT_WIDTH, Q(parent_id=tree.root.unit_id)
    child_rows = tree.units.filter(parent).select_related("unit__level").order_by("path")
    rows = {p.path: ChildRow(p.unit.code, p.name, p.unit.level.name, 0) for p in child_rows}
    direct = 0
    for unit_id, path in tree.units.values_list("unit_id", "path"):
        if not members.get(unit_id):
            continue
        if tree.root is not None and path == tree.root.path:
            direct += members[unit_id]
        elif path[:cut] in rows:
            rows[path[:cut]].members += members[unit_id]
    out = list(rows.values())
    if tree.root is not None and (direct or not out):
        root = tree.root
        out.insert(0, ChildRow(root.unit.code, root.name, root.unit.level.name, direct, direct=True))
    return out


def _base(actor, unit: Unit | None, association: Association | None, as_of: datetime.date):
    association = check_target(actor, unit, association)
    tree = _tree(actor, association, unit, as_of)
    by_status, children = _counts(tree)
    stats = MemberStats(association, unit, as_of, tree.existed, by_status, children)
    stats.root_code = tree.root.unit.code if tree.root else None
    return stats, tree


def member_counts(
    *, actor, unit: Unit | None = None, association: Association | None = None, as_of: datetime.date
) -> MemberStats:
    """Counts by status and by child unit only: the cheap part, for the unit page and the dashboard."""
    return _base(actor, unit, association, as_of)[0]


def member_stats(
    *,
    actor,
    unit: Unit | None = None,
    association: Association | None = None,
    as_of: datetime.date,
    period: tuple[datetime.date, datetime.date] | None = None,
) -> MemberStats:
    """Every figure of a unit's subtree (or a whole association) as of `as_of`; joined and left in `period`."""
    if period is not None and period[0] > period[1]:
        raise DomainError(
            "bad_period", f"Kỳ thống kê từ {vn(period[0])} đến {vn(period[1])} không hợp lệ.", status=422, field="from"
        )
    stats, tree = _base(actor, unit, association, as_of)
    if tree.existed:
        _people(stats, tree)
        _needs(stats, tree)
    if period is not None:
        stats.movement = movement(actor, stats.association, unit, *period)
    return stats


def period_of(start: datetime.date | None, end: datetime.date | None) -> tuple[datetime.date, datetime.date] | None:
    """The period of the API and the CLI from its two ends: both or neither."""
    if (start is None) != (end is None):
        raise DomainError("bad_period", "Cần cả ngày đầu và ngày cuối của kỳ thống kê.", status=422, field="from")
    return (start, end) if start else None


def _band(age: int) -> str:
    for band in AGE_BANDS:
        if (band.low is None or age >= band.low) and (band.high is None or age <= band.high):
            return band.code
    return UNKNOWN


def _people(stats: MemberStats, tree: _Tree) -> None:
    """Members by sex, age band (from the year of birth, as lists filter), type; elderly."""
    if tree.whole is not None:
        # Read in membership order: the person rows follow, so each lookup lands next to the previous one
        # (through the units, lookups jump across the whole table and take several times as long).
        valid = valid_on_q(tree.day, "periods__") & Q(periods__status__in=MEMBER_STATUSES)
        rows = Membership.objects.filter(valid, association_id=tree.whole.pk)
        cube = rows.values(sex=F("person__sex"), year=F("person__birth_year"), t=F("type_id"))
    else:
        rows = _periods_on(tree).filter(status__in=MEMBER_STATUSES)
        cube = rows.values(
            sex=F("membership__person__sex"), year=F("membership__person__birth_year"), t=F("membership__type_id")
        )
    cube = cube.annotate(n=Count("pk")).order_by()
    by_sex = dict.fromkeys([*Sex.values, UNKNOWN], 0)
    by_band = dict.fromkeys([*(b.code for b in AGE_BANDS), UNKNOWN], 0)
    by_type: dict[int, int] = {}
    for row in cube:
        n = row["n"]
        by_sex[row["sex"] if row["sex"] in by_sex else UNKNOWN] += n
        age = None if row["year"] is None else stats.as_of.year - row["year"]
        by_band[UNKNOWN if age is None else _band(age)] += n
        stats.elderly += n if age is not None and age >= ELDERLY_AGE else 0
        by_type[row["t"]] = by_type.get(row["t"], 0) + n
    stats.by_sex, stats.by_age_band = by_sex, by_band
    # The association's types, and any other a member still holds.
    types = MembershipType.objects.filter(
        Q(association=stats.association) | Q(association__isnull=True) | Q(pk__in=list(by_type))
    )
    stats.by_type = [Figure(t.code, t.name, by_type.get(t.pk, 0)) for t in types]


def _needs(stats: MemberStats, tree: _Tree) -> None:
    """Members with a welfare need open on the day, by kind (a person counts once per kind)."""
    day = tree.day
    members = _periods_on(tree).filter(status__in=MEMBER_STATUSES)
    needs = WelfareNeed.objects.filter(since__lte=day).filter(Q(until__isnull=True) | Q(until__gt=day))
    if tree.whole is not None:
        # A whole association: probing each open need is cheaper than listing every member's id.
        members = members.filter(membership_id=OuterRef("person__membership"))
        needs = needs.filter(person__association_id=stats.association.pk).filter(Exists(members))
    else:
        needs = needs.filter(person__membership__in=members.values("membership_id"))
    per_kind = dict(needs.values("kind_id").annotate(n=Count("person_id", distinct=True)).values_list("kind_id", "n"))
    kinds = WelfareNeedKind.objects.filter(Q(association=stats.association) | Q(association__isnull=True))
    stats.by_need = [Figure(k.code, k.name, per_kind.get(k.pk, 0)) for k in kinds]
    stats.in_need = needs.aggregate(n=Count("person_id", distinct=True))["n"] if per_kind else 0
