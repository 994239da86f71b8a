"""The figures of one unit's subtree or one association as of a day: counts by status and by child unit from
one query grouped by unit, then the breakdowns by sex, age, type and welfare need."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet

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
from quanlyhoi.members.stats.scope import LISTED_UNITS, check_target, scope_q
from quanlyhoi.orgs.models import Association, Unit, UnitPeriod, valid_on_q

ELDERLY_AGE = 60  # Luật Người cao tuổi 2009: Vietnamese citizens aged 60 and over
# The age bands meet at 60, so the elderly are the members of the bands from 60 on (a test holds them to it).
ELDERLY_BANDS = [b for b in AGE_BANDS if b.low is not None and b.low >= ELDERLY_AGE]
UNKNOWN = "unknown"
# Above this many members, welfare needs are counted by probing each open need rather than listing the members.
PROBE_NEEDS_ABOVE = 50_000
# Up to this many members, a subtree's members are read unit by unit (see _listed).
LISTED_MEMBERS = 100_000


@dataclass
class _Tree:
    """The units counted on one day: their periods (with the actor's scope applied) and the breakdown root."""

    day: datetime.date
    units: QuerySet  # UnitPeriod valid on `day`
    root: UnitPeriod | None  # the unit whose children make the breakdown (None: by the association's roots)
    existed: bool = True
    whole: Association | None = None  # set when counting a whole association
    # True when the memberships' current unit and status are their state on `day` (see current_on).
    current: bool = False
    member_units: list[int] = field(default_factory=list)  # units with members on `day` (set by _counts)
    members: int = 0  # members on `day` (set by _counts)


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
    return _Tree(day, units, root, whole=association if unit is None else None, current=current_on(association, day))


def current_on(association: Association, day: datetime.date) -> bool:
    """Whether every membership's current unit and status (on Membership) is its state on `day`.

    Each change closes the open period and opens the next on the same day, so when no period of the association
    starts after `day`, the periods valid on `day` are exactly the open ones, whose unit and status the services
    copy onto Membership. Then the counts read Membership (one row per member, indexed by unit and status)
    instead of finding each member's period: "as of today" takes this path unless a change is dated ahead."""
    latest = MembershipPeriod.objects.filter(association_id=association.pk).aggregate(day=Max("valid_from"))["day"]
    return latest is None or latest <= day


def _periods_on(tree: _Tree) -> QuerySet:
    """Membership periods valid on the tree's day in its units."""
    return MembershipPeriod.objects.filter(valid_on_q(tree.day), unit_id__in=tree.units.values("unit_id"))


def _members(tree: _Tree) -> tuple[QuerySet, str]:
    """The members on the tree's day, one row each, and the prefix from a row to its Membership's fields."""
    member = Q(status__in=MEMBER_STATUSES)
    if tree.current:
        rows = Membership.objects.filter(member)
        if tree.whole is not None:
            return rows.filter(association_id=tree.whole.pk), ""
        return rows.filter(unit_id__in=_listed(tree)), ""
    if tree.whole is not None:
        # Read in membership order, probing each one's period: the person rows follow, so each lookup lands next
        # to the previous one (read through the units, lookups jump across the table and take several times as
        # long).
        valid = MembershipPeriod.objects.filter(valid_on_q(tree.day), member, membership_id=OuterRef("pk"))
        return Membership.objects.filter(association_id=tree.whole.pk).filter(Exists(valid)), ""
    valid = MembershipPeriod.objects.filter(valid_on_q(tree.day), member)
    return valid.filter(unit_id__in=_listed(tree)), "membership__"


def _listed(tree: _Tree):
    """The units with members on the day: a short list of ids for a small subtree, whose members the database
    then reads unit by unit through the indexes; a subquery for a large one, over which it reads members in
    table order, faster than jumping from unit to unit once the subtree holds a good part of the association."""
    if len(tree.member_units) <= LISTED_UNITS and tree.members <= LISTED_MEMBERS:
        return tree.member_units
    return tree.units.values("unit_id")


# --- counts ----------------------------------------------------------------------------------------------------


def _counts(tree: _Tree) -> tuple[dict[str, int], list[ChildRow]]:
    """Counts by status and members by child unit, from one query grouped by unit (rows: units, not members)."""
    by_status = dict.fromkeys(MemberStatus.values, 0)
    if not tree.existed:
        return by_status, []
    if tree.current:
        # The Membership index (unit, status) hands the rows over already in this order: no sort.
        rows = Membership.objects.filter(unit_id__in=tree.units.values("unit_id"))
        grouped = rows.values_list("unit_id", "status").annotate(n=Count("*")).order_by()
    else:
        # Periods come in (unit, day) order: a filtered count per status avoids sorting them by status.
        counts = {status: Count("pk", filter=Q(status=status)) for status in MemberStatus.values}
        per_unit = _periods_on(tree).values("unit_id").annotate(**counts).order_by()
        grouped = [(row["unit_id"], status, row[status]) for row in per_unit for status in MemberStatus.values]
    members: dict[int, int] = {}
    for unit_id, status, n in grouped:
        by_status[status] += n
        if status in MEMBER_STATUSES and n:
            members[unit_id] = members.get(unit_id, 0) + n
    tree.member_units, tree.members = sorted(members), sum(members.values())
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
    """Members by sex, age band (from the year of birth, as the member list filters), type; elderly.

    One grouped query by (sex, year of birth, type), a few hundred rows, summed here. For a whole association
    the membership index (association, sex, birth_year, type, status) hands the rows over already grouped, so
    nothing is sorted and no person row is read; a subtree's members are fewer and sorted quickly."""
    rows, to = _members(tree)
    types = list(MembershipType.objects.filter(Q(association=stats.association) | Q(association__isnull=True)))
    keys = (f"{to}sex", f"{to}birth_year", f"{to}type_id")
    groups = rows.values_list(*keys).annotate(n=Count("*")).order_by(*keys) if stats.members else []
    by_sex = dict.fromkeys([*Sex.values, UNKNOWN], 0)
    by_band = dict.fromkeys([*(b.code for b in AGE_BANDS), UNKNOWN], 0)
    by_type: dict[int, int] = {}
    year = tree.day.year
    for sex, birth_year, type_id, n in groups:
        by_sex[sex if sex in by_sex else UNKNOWN] += n
        by_band[_band(year - birth_year) if birth_year is not None else UNKNOWN] += n
        by_type[type_id] = by_type.get(type_id, 0) + n
    stats.by_sex, stats.by_age_band = by_sex, by_band
    stats.elderly = sum(by_band[b.code] for b in ELDERLY_BANDS)
    stats.by_type = [Figure(t.code, t.name, by_type.get(t.pk, 0)) for t in types]


def _needs(stats: MemberStats, tree: _Tree) -> None:
    """Members with a welfare need open on the day, by kind (a person counts once per kind)."""
    day = tree.day
    rows, to = _members(tree)
    needs = WelfareNeed.objects.filter(since__lte=day).filter(Q(until__isnull=True) | Q(until__gt=day))
    if tree.whole is not None or stats.members > PROBE_NEEDS_ABOVE:
        # Many members: probing each open need of the association is cheaper than listing every member.
        needs = needs.filter(person__association_id=stats.association.pk)
        needs = needs.filter(Exists(rows.filter(**{f"{to}person_id": OuterRef("person_id")})))
    else:
        needs = needs.filter(person_id__in=rows.values(f"{to}person_id"))
    kinds = list(WelfareNeedKind.objects.filter(Q(association=stats.association) | Q(association__isnull=True)))
    # One pass over the open needs for every figure (each pass pays for checking each need's member again).
    counts = {"any": Count("person_id", distinct=True)} | {
        f"kind_{k.pk}": Count("person_id", distinct=True, filter=Q(kind_id=k.pk)) for k in kinds
    }
    found = needs.aggregate(**counts) if stats.members else dict.fromkeys(counts, 0)
    stats.by_need = [Figure(k.code, k.name, found[f"kind_{k.pk}"]) for k in kinds]
    stats.in_need = found["any"]
