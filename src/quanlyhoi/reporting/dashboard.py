"""The reports dashboard: key indicators of a period by association (or, for a unit's officers, by the units
directly below), against the previous period, with how many reports came in. Every figure comes from the live
roll-ups (reporting.rollup), so it moves as soon as a report is approved."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q

from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.paths import subtree_q
from quanlyhoi.orgs.models import Unit, UnitPeriod
from quanlyhoi.reporting import calendar
from quanlyhoi.reporting.models import Period, ReportTemplate, Submission
from quanlyhoi.reporting.queries import RECEIVED
from quanlyhoi.reporting.rollup import DEFAULT_TEMPLATE, by_association, rollup
from quanlyhoi.reporting.services.periods import period_for

# The indicators the dashboard shows (the roll-up pages show every one).
KEY_INDICATORS = ("HV_TONG", "HV_MOI", "HV_KHOKHAN", "AS_TROGIUP", "NL_TIEN")


@dataclass
class Cell:
    value: Decimal | None
    previous: Decimal | None

    @property
    def change(self) -> Decimal | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


@dataclass
class Row:
    code: str  # association or unit code
    name: str
    unit: Unit | None  # whose roll-up the figures link to
    expected: int
    received: int
    cells: list[Cell] = field(default_factory=list)
    link: str = ""  # where the row's figures break down (set by the page)


@dataclass
class Dashboard:
    period: Period
    previous: Period
    by: str  # "association" or "unit"
    indicators: list[tuple[str, str]]  # (code, name)
    rows: list[Row]


def _totals(result) -> dict:
    return {f.code: f.value for f in result.figures if not f.key}


def received_counts(actor, period: Period, q: Q, group: str) -> tuple[dict, dict]:
    """(expected, received) reports per `group` (association_id or unit path prefix)."""
    template = ReportTemplate.objects.get(code=DEFAULT_TEMPLATE, is_current=True)
    stood = UnitPeriod.objects.as_of(period.ends_on).filter(q)
    if template.levels:
        stood = stood.filter(unit__level__code__in=template.levels)
    expected = dict(stood.values_list(f"unit__{group}").annotate(n=Count("*")).order_by())
    received = dict(
        Submission.objects.restrict(actor, "view")
        .filter(period=period, template_code=template.code, state__in=RECEIVED, unit__in=stood.values("unit_id"))
        .values_list(f"unit__{group}")
        .annotate(n=Count("*"))
        .order_by()
    )
    return expected, received


def dashboard(actor, period: Period, home: Unit | None) -> Dashboard:
    previous = period_for(calendar.parse(period.code).previous().code)
    template = ReportTemplate.objects.get(code=DEFAULT_TEMPLATE, is_current=True)
    names = dict(
        template.items.filter(indicator__code__in=KEY_INDICATORS).values_list("indicator__code", "indicator__name")
    )
    indicators = [(code, names[code]) for code in KEY_INDICATORS if code in names]
    now = by_association(actor, period)
    if len(now) == 1 and now[0].unit is not None:
        now, home = [], now[0].unit  # one association: by its provinces instead
    rows = []
    if now:
        before = {r.association.pk: _totals(r) for r in by_association(actor, previous)}
        ids = [r.association.pk for r in now]
        expected, received = received_counts(actor, period, Q(unit__association__in=ids), "association_id")
        for r in now:
            totals, old = _totals(r), before.get(r.association.pk, {})
            row = Row(r.association.code, r.association.short_name or r.association.name, r.unit,
                      expected.get(r.association.pk, 0), received.get(r.association.pk, 0))  # fmt: skip
            row.cells = [Cell(totals.get(code), old.get(code)) for code, _n in indicators]
            rows.append(row)
        return Dashboard(period, previous, "association", indicators, rows)
    if home is None:
        return Dashboard(period, previous, "unit", indicators, [])
    children = UnitPeriod.objects.as_of(period.ends_on).filter(parent=home).select_related("unit").order_by("path")
    for child in children:
        totals = _totals(rollup(actor, child.unit, period))
        try:
            old = _totals(rollup(actor, child.unit, previous))
        except DomainError:  # the unit did not stand at the previous cut-off
            old = {}
        expected, received = received_counts(actor, period, subtree_q("path", child.path), "association_id")
        row = Row(child.unit.code, child.name, child.unit, sum(expected.values()), sum(received.values()))
        row.cells = [Cell(totals.get(code), old.get(code)) for code, _n in indicators]
        rows.append(row)
    return Dashboard(period, previous, "unit", indicators, rows)
