"""Member statistics as of any date for any subtree: the figures of the unit page, the dashboard, the API, the
CLI and the periodic reports.

What is counted: MembershipPeriod rows valid on the day D (valid_from <= D < valid_to, or open), placed in the
unit tree as it stood on D (the UnitPeriod of each unit valid on D, its path inside the subtree of the asked
unit's path on D). A merger or a split therefore moves members from the effective date only, and a count as of
a past date keeps its answer. "Members" are the active and suspended; the left, deceased and transferred out
are counted as they stood on D.

Scope: the asked unit or association must be visible (NotFound otherwise); statistics of a whole association
need a role on the whole association (Forbidden otherwise). A unit officer counts the periods of the units in
their subtree: a unit's history of its own members stays its data after a member moves away.

Everything is computed in the database with a handful of aggregate queries; Python only folds their grouped
rows (one per unit, or per sex x year of birth x type), never the members themselves.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from quanlyhoi.core.dates import vn
from quanlyhoi.core.errors import DomainError, Forbidden, NotFound
from quanlyhoi.core.paths import SEGMENT_WIDTH, subtree_q
from quanlyhoi.core.scoping import ASSOCIATION, SYSTEM, UNIT, has_system_scope, scopes_for
from quanlyhoi.members.models import (
    MEMBER_STATUSES,
    Membership,
    MembershipPeriod,
    MembershipType,
    MemberStatus,
    Person,
    Sex,
    WelfareNeed,
    WelfareNeedKind,
)
from quanlyhoi.members.queries import AGE_BANDS
from quanlyhoi.orgs.models import Association, Unit, UnitPeriod, valid_on_q

# Statuses that end a membership: "left in a period" counts changes into one of these.
ENDED_STATUSES = (MemberStatus.LEFT, MemberStatus.DECEASED, MemberStatus.TRANSFERRED)
ELDERLY_AGE = 60  # Luật Người cao tuổi 2009: Vietnamese citizens aged 60 and over
UNKNOWN = "unknown"


@dataclass
class Figure:
    code: str
    label: str
    count: int


@dataclass
class ChildRow:
    """A child unit as of D with the members of its whole subtree; `direct` is the asked unit's own members."""

    code: str
    name: str
    level: str
    members: int
    direct: bool = False


@dataclass
class Movement:
    """Joined and left within [start, end]."""

    start: datetime.date
    end: datetime.date
    joined: int
    left: dict[str, int]

    @property
    def left_total(self) -> int:
        return sum(self.left.values())


@dataclass
class MemberStats:
    association: Association
    unit: Unit | None
    as_of: datetime.date
    existed: bool  # False when the asked unit did not exist on `as_of` (every figure is then 0)
    by_status: dict[str, int]
    children: list[ChildRow]
    by_sex: dict[str, int] = field(default_factory=dict)
    by_age_band: dict[str, int] = field(default_factory=dict)
    elderly: int = 0
    by_type: list[Figure] = field(default_factory=list)
    by_need: list[Figure] = field(default_factory=list)
    in_need: int = 0  # members with at least one welfare need open on `as_of`
    movement: Movement | None = None
    root_code: str | None = None  # the unit whose children make the breakdown

    @property
    def members(self) -> int:
        return sum(self.by_status.get(s, 0) for s in MEMBER_STATUSES)

    def as_dict(self) -> dict:
        """The JSON shape of the API and the CLI (codes, not translated labels, as keys)."""
        movement = self.movement
        return {
            "association": self.association.code,
            "unit": {"code": self.unit.code, "name": self.unit.name} if self.unit else None,
            "as_of": self.as_of,
            "existed": self.existed,
            "members": self.members,
            "by_status": self.by_status,
            "by_sex": self.by_sex,
            "by_age_band": self.by_age_band,
            "elderly": self.elderly,
            "by_type": [asdict(f) for f in self.by_type],
            "by_need": [asdict(f) for f in self.by_need],
            "in_need": self.in_need,
            "period": None
            if movement is None
            else {"from": movement.start, "to": movement.end, "joined": movement.joined, "left": movement.left},
            "children": [asdict(c) for c in self.children],
        }


# --- the target and the actor's scope --------------------------------------------------------------------------


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


def _check_target(actor, unit: Unit | None, association: Association | None) -> Association:
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


def _scope_q(actor, association_id: int) -> Q | None:
    """Units (by their current path) an actor without a role on the whole association may count; None when
    the actor sees the whole association."""
    if whole_association(actor, association_id):
        return None
    q = Q(pk__in=[])
    for scope in scopes_for(actor, "view"):
        if scope.kind == UNIT and scope.association_id == association_id:
            q |= subtree_q("unit__path", scope.path)
    return q


# --- the tree as of D ------------------------------------------------------------------------------------------


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
    scope = _scope_q(actor, association.pk)
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
    association = _check_target(actor, unit, association)
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
        stats.movement = _movement(actor, stats.association, unit, *period)
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


# --- joined and left in a period ------------------------------------------------------------------------------


def _placed_q(actor, association: Association, unit: Unit | None) -> Q:
    """Membership periods whose unit was in the subtree on the day the period starts (the tree of that day, so
    a member who left a unit later merged away still counts where the unit then stood)."""
    q = Q(association_id=association.pk)
    scope = _scope_q(actor, association.pk)
    if scope is not None:
        q &= scope
    if unit is None:
        return q
    placed = Q(pk__in=[])
    # Every period of the asked unit (a few rows): a joining is placed on the day its first period starts,
    # which may lie after the statistics period when the unit was registered after the member joined.
    for root in UnitPeriod.objects.filter(unit=unit):
        in_subtree = UnitPeriod.objects.filter(
            subtree_q("path", root.path), unit_id=OuterRef("unit_id"), valid_from__lte=OuterRef("valid_from")
        ).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=OuterRef("valid_from")))
        during = Q(valid_from__gte=root.valid_from)
        if root.valid_to is not None:
            during &= Q(valid_from__lt=root.valid_to)
        placed |= during & Q(Exists(in_subtree))
    return q & placed


def _movement(actor, association: Association, unit: Unit | None, start, end) -> Movement:
    """Joined: memberships whose joined date falls in [start, end], placed by their first period (imports
    without a joined date are never counted as joining). Left: periods that changed a member into left,
    deceased or transferred within [start, end]."""
    earlier = MembershipPeriod.objects.filter(
        membership_id=OuterRef("membership_id"), valid_from__lt=OuterRef("valid_from")
    )
    joined = (
        MembershipPeriod.objects.filter(membership__joined_on__gte=start, membership__joined_on__lte=end)
        .filter(~Exists(earlier))
        .filter(_placed_q(actor, association, unit))
        .count()
    )
    was_member = MembershipPeriod.objects.filter(
        membership_id=OuterRef("membership_id"), valid_to=OuterRef("valid_from"), status__in=MEMBER_STATUSES
    )
    left_rows = (
        MembershipPeriod.objects.filter(status__in=ENDED_STATUSES, valid_from__gte=start, valid_from__lte=end)
        .filter(Exists(was_member))
        .filter(_placed_q(actor, association, unit))
        .values("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    left = dict.fromkeys([str(s) for s in ENDED_STATUSES], 0)
    left.update({row["status"]: row["n"] for row in left_rows})
    return Movement(start, end, joined, left)


# --- across units and associations -----------------------------------------------------------------------------


def association_totals(actor, as_of: datetime.date) -> list[tuple[Association, int]]:
    """Members as of `as_of` of every association the actor sees as a whole (the dashboard of the system
    administrator, the overseer and association-wide roles), in the associations' order."""
    visible = [a for a in Association.objects.restrict(actor, "view") if whole_association(actor, a.pk)]
    counts = dict(
        MembershipPeriod.objects.filter(valid_on_q(as_of), status__in=MEMBER_STATUSES, association__in=visible)
        .values("association_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("association_id", "n")
    )
    return [(a, counts.get(a.pk, 0)) for a in visible]


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


def distinct_people(*, actor, as_of: datetime.date) -> dict:
    """Members as of `as_of` across every association, and the distinct people among them (system and
    overseer roles only).

    Each association keeps its own record of a person, so "distinct" is an approximation by identity number:
    records with the same CCCD/CMND are one person; records without one count one person each (an
    overcount), and an old 9-digit CMND and the 12-digit CCCD of the same person count twice."""
    if not has_system_scope(actor, "view"):
        raise Forbidden("Chỉ cơ quan theo dõi và quản trị hệ thống xem được số người trên mọi hội.")
    members = MembershipPeriod.objects.filter(valid_on_q(as_of), status__in=MEMBER_STATUSES)
    people = Person.objects.filter(membership__in=members.values("membership_id"))
    with_id = people.filter(id_number__isnull=False).aggregate(n=Count("id_number", distinct=True))["n"]
    without_id = people.filter(id_number__isnull=True).count()
    per_association = dict(
        members.values("association_id").annotate(n=Count("id")).order_by().values_list("association_id", "n")
    )
    return {
        "as_of": as_of,
        "memberships": sum(per_association.values()),
        "people": with_id + without_id,
        "people_with_id_number": with_id,
        "people_without_id_number": without_id,
        "by_association": [
            {"code": a.code, "name": a.name, "members": per_association.get(a.pk, 0)} for a in Association.objects.all()
        ],
    }
