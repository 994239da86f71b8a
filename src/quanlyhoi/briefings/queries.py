"""Reads of the follow-up: overdue (computed, never stored), the progress rolled up from what was passed down,
one's own directives, and the overseer's board by association."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import F, Q

from quanlyhoi.briefings.models import OPEN, Assignment, State
from quanlyhoi.core.dates import today

SOON_DAYS = 7  # "due soon": within a week


def overdue_q(day: datetime.date) -> Q:
    return Q(state__in=OPEN, due_on__lt=day)


def is_overdue(assignment: Assignment, day: datetime.date | None = None) -> bool:
    day = day or today()
    return assignment.state in OPEN and assignment.due_on is not None and assignment.due_on < day


def status(assignment: Assignment, day: datetime.date | None = None) -> str:
    """The state as shown: "overdue" for an open assignment past its due date."""
    return "overdue" if is_overdue(assignment, day) else assignment.state


def rolled_progress(assignment: Assignment) -> int | None:
    """The average progress of what was passed down (accepted counts 100, cancelled not at all), recursively;
    None when nothing was passed down."""
    children = [c for c in assignment.children.all() if c.state != State.CANCELLED]
    if not children:
        return None
    parts = []
    for child in children:
        below = rolled_progress(child)
        own = 100 if child.state in (State.ACCEPTED, State.DONE) else child.progress
        parts.append(own if below is None else max(own, below) if child.state != State.NOT_STARTED else below)
    return round(sum(parts) / len(parts))


def mine(actor):
    """The assignments the actor must act on: its units' (the scoping choke point with FOLLOW_UP), open or
    awaiting acceptance, by due date (those without one last)."""
    from quanlyhoi.core.roles import Action

    return (
        Assignment.objects.restrict(actor, Action.FOLLOW_UP)
        .exclude(state__in=(State.ACCEPTED, State.CANCELLED))
        .select_related("directive__briefing", "unit")
        .order_by(F("due_on").asc(nulls_last=True), "id")
    )


@dataclass
class BoardRow:
    key: str  # association code, or the department
    name: str
    total: int = 0
    counts: dict = field(default_factory=dict)  # state or "overdue" -> n
    soon: int = 0

    @property
    def completion(self) -> int:
        finished = self.counts.get(State.ACCEPTED, 0)
        counted = self.total - self.counts.get(State.CANCELLED, 0)
        return round(100 * finished / counted) if counted else 0


def board(actor, day: datetime.date | None = None) -> list[BoardRow]:
    """Top-level assignments in the actor's scope by association (or department), overdue first."""
    day = day or today()
    rows: dict[str, BoardRow] = {}
    found = (
        Assignment.objects.restrict(actor, "view")
        .filter(parent__isnull=True)
        .values_list("unit__association__code", "unit__association__short_name", "department", "state", "due_on")
    )
    for code, short, department, state, due in found:
        key = code or f"~{department}"
        row = rows.setdefault(key, BoardRow(key, short or code or department))
        row.total += 1
        shown = "overdue" if state in OPEN and due is not None and due < day else state
        row.counts[shown] = row.counts.get(shown, 0) + 1
        if state in OPEN and due is not None and day <= due <= day + datetime.timedelta(days=SOON_DAYS):
            row.soon += 1
    return sorted(rows.values(), key=lambda r: (-r.counts.get("overdue", 0), -r.soon, r.name))


STATUSES = (*State.values, "overdue", "soon")


def listing(actor, *, mine_only: bool = False, status: str = "", association: str = "", department: str = "",
            briefing: int | None = None, day: datetime.date | None = None):  # fmt: skip
    """The API's and the CLI's list: `assignments` with its status checked (a Vietnamese 422), only the actor's
    own to act on with `mine_only` (`mine`), of one briefing."""
    from quanlyhoi.core.errors import DomainError

    if status and status not in STATUSES:
        raise DomainError("bad_status", f"Trạng thái '{status}' không hợp lệ; chọn một trong: "
                          f"{', '.join(STATUSES)}.", status=422, field="status")  # fmt: skip
    rows = assignments(actor, association=association or "", department=department or "", state=status or "",
                       day=day)  # fmt: skip
    if mine_only:
        rows = rows.filter(pk__in=mine(actor).values("pk"))
    if briefing is not None:
        rows = rows.filter(directive__briefing_id=briefing)
    return rows.select_related("unit__association").prefetch_related("children")


def to_accept(actor):
    """What others report done and waits for the actor's decision: assignments it gave (as the briefing's
    convener, or as the unit that passed them down; services.directives.may_assign as a query)."""
    from quanlyhoi.core.roles import Action
    from quanlyhoi.core.scoping import has_system_scope
    from quanlyhoi.orgs.models import Unit

    directing = Unit.objects.restrict(actor, Action.DIRECT).values("pk")
    gave = Q(parent__isnull=True, directive__briefing__unit__in=directing) | Q(parent__unit__in=directing)
    if has_system_scope(actor, Action.OVERSEE):
        gave |= Q(parent__isnull=True, directive__briefing__unit__isnull=True)
    return (
        Assignment.objects.filter(gave, state=State.DONE)
        .select_related("directive__briefing", "unit")
        .order_by(F("due_on").asc(nulls_last=True), "id")
    )


def briefing_counts(actor, briefing_ids, day: datetime.date | None = None) -> dict[int, dict]:
    """{briefing id: {"directives": n, "overdue": n}} counting only the assignments the actor sees."""
    from django.db.models import Count

    day = day or today()
    rows = (
        Assignment.objects.restrict(actor, "view")
        .filter(directive__briefing_id__in=list(briefing_ids))
        .values("directive__briefing_id")
        .annotate(directives=Count("directive_id", distinct=True), overdue=Count("id", filter=overdue_q(day)))
        .order_by()
    )
    return {r["directive__briefing_id"]: {"directives": r["directives"], "overdue": r["overdue"]} for r in rows}


def directives_of(actor, briefing) -> list:
    """The briefing's directives that have an assignment the actor sees, each with `shown`: those assignments,
    less the pass-downs of one already shown (their progress rolls up into it; prefetched for that)."""
    from django.db.models import Prefetch

    seen = Assignment.objects.restrict(actor, "view").filter(directive__briefing=briefing)
    rows = seen.select_related("unit").prefetch_related("children__children__children").order_by("id")
    directives = list(
        briefing.directives.filter(pk__in=seen.values("directive_id"))
        .prefetch_related("indicators", Prefetch("assignments", queryset=rows, to_attr="visible"))
        .order_by("id")
    )
    for directive in directives:
        ids = {a.pk for a in directive.visible}
        directive.shown = [a for a in directive.visible if a.parent_id not in ids]
    return directives


def assignments(actor, *, association: str = "", department: str = "", state: str = "", top: bool = False,
                day: datetime.date | None = None):  # fmt: skip
    """The assignments in the actor's scope, filtered as the board links them: by association code (or the
    overseer's department), by status (a state, "overdue" or "soon"), top-level only."""
    day = day or today()
    found = Assignment.objects.restrict(actor, "view").select_related("directive__briefing", "unit")
    if association:
        found = found.filter(unit__association__code=association.strip().upper())
    if department:
        found = found.filter(unit__isnull=True, department=department)
    if top:
        found = found.filter(parent__isnull=True)
    if state == "overdue":
        found = found.filter(overdue_q(day))
    elif state == "soon":
        found = found.filter(state__in=OPEN, due_on__gte=day, due_on__lte=day + datetime.timedelta(days=SOON_DAYS))
    elif state in OPEN:  # as shown: not the overdue ones
        found = found.filter(state=state).exclude(overdue_q(day))
    elif state in State.values:
        found = found.filter(state=state)
    return found.order_by(F("due_on").asc(nulls_last=True), "id")


def is_soon(assignment: Assignment, day: datetime.date | None = None) -> bool:
    day = day or today()
    return (
        assignment.state in OPEN
        and assignment.due_on is not None
        and day <= assignment.due_on <= day + datetime.timedelta(days=SOON_DAYS)
    )


def units_below(assignment: Assignment):
    """The units standing directly below the assignee today (where it can pass its assignment down)."""
    from quanlyhoi.orgs.models import UnitPeriod

    if assignment.unit_id is None:
        return []
    stood = UnitPeriod.objects.as_of(today()).filter(parent_id=assignment.unit_id).select_related("unit")
    return [p.unit for p in stood.order_by("unit__code")]


@dataclass
class Trend:
    code: str
    name: str
    unit_of_measure: str
    values: list  # one per period, None where nothing was reported or the unit did not stand


def indicator_trend(actor, assignment: Assignment, count: int = 4, day: datetime.date | None = None):
    """(period codes, [Trend]) of the directive's linked indicators for the assignee unit over the last
    `count` half-years (reporting.rollup within the actor's scope); nothing for a department's assignment.
    Only periods that exist are read (a period no one has used has no reports)."""
    from quanlyhoi.core.errors import DomainError
    from quanlyhoi.reporting import calendar
    from quanlyhoi.reporting.models import Period, PeriodKind
    from quanlyhoi.reporting.rollup import rollup

    linked = list(assignment.directive.indicators.all())
    if assignment.unit_id is None or not linked:
        return [], []
    spec = calendar.latest_ended(PeriodKind.HALF, day or today())
    specs = []
    for _i in range(count):
        specs.append(spec)
        spec = spec.previous()
    specs.reverse()
    periods = {p.code: p for p in Period.objects.filter(code__in=[s.code for s in specs])}
    trends = [Trend(i.code, i.name, i.unit_of_measure, []) for i in linked]
    for s in specs:
        figures = {}
        if s.code in periods:
            try:
                result = rollup(actor, assignment.unit, periods[s.code])
                figures = {f.code: f.value for f in result.figures if f.key == ""}
            except DomainError:
                figures = {}
        for trend in trends:
            trend.values.append(figures.get(trend.code))
    return [s.code for s in specs], trends
