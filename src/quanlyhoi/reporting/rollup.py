"""Live roll-ups: a unit's figures for a period are its own report's plus its subtree's, read from the reports
in the states that count (the template's `counted_states`: approved and locked by default) at the moment of
asking, with no batch: a report approved now is in the next answer.

The subtree is the tree as it stood at the period's cut-off (UnitPeriod valid on that day), so a past period
keeps its figures after units are merged or split. One grouped query over the reports' values; Python only
picks each indicator's aggregate (sum, average, maximum; "last value" adds each unit's latest figure, as a
stock at the period's end; "none" is not rolled up)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, Max, Q, Sum

from quanlyhoi.core.dates import vn
from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.paths import subtree_q
from quanlyhoi.orgs.models import Unit, UnitPeriod
from quanlyhoi.reporting.models import Aggregation, Period, ReportTemplate, Submission, SubmissionValue

DEFAULT_TEMPLATE = "BC-HQC"


@dataclass
class RolledFigure:
    code: str
    name: str
    unit_of_measure: str
    aggregation: str
    key: str  # breakdown key, "" for the total
    value: Decimal | None
    reports: int  # reports that gave a value

    def as_dict(self) -> dict:
        value = (
            None
            if self.value is None
            else (int(self.value) if self.value == self.value.to_integral_value() else float(self.value))
        )
        return {"indicator": self.code, "name": self.name, "unit_of_measure": self.unit_of_measure,
                "aggregation": self.aggregation, "key": self.key, "value": value, "reports": self.reports}  # fmt: skip


@dataclass
class Rollup:
    unit: Unit
    period: Period
    template: ReportTemplate
    reports: int  # reports counted
    figures: list[RolledFigure] = field(default_factory=list)
    association: object = None  # set by by_association (its unit is the central unit, None without units)

    def as_dict(self) -> dict:
        return {
            "association": self.association.code if self.association else self.unit.association.code,
            "unit": self.unit.code if self.unit else None,
            "period": self.period.code,
            "template": self.template.code,
            "counted_states": self.template.counted_states,
            "reports": self.reports,
            "figures": [f.as_dict() for f in self.figures],
        }


def counted_reports(actor, unit: Unit, period: Period, template: ReportTemplate, *, predecessors: bool = False):
    """The reports of the unit's subtree (as it stood at the period's cut-off) that count, within `actor`'s
    scope. With `predecessors`, the subtrees of the units it was formed from (merges and splits, transitively,
    orgs.queries.lineage) are added: what the unit's figure would have been before it was restructured."""
    stood = UnitPeriod.objects.as_of(period.ends_on)
    roots = [unit]
    if predecessors:
        from quanlyhoi.orgs.queries import lineage

        roots += [entry["unit"] for entry in lineage(unit, actor=actor)["predecessors"]]
    paths = sorted(stood.filter(unit__in=roots).values_list("path", flat=True))
    if not paths:
        raise DomainError(
            "unit_not_valid", f"Đơn vị {unit.code} không hoạt động vào ngày chốt số liệu {vn(period.ends_on)}."
        )
    tops: list[str] = []  # a root inside another's subtree is already counted with it
    for path in paths:
        if not tops or not path.startswith(tops[-1]):
            tops.append(path)
    within = Q(pk__in=[])
    for path in tops:
        within |= subtree_q("path", path)
    return Submission.objects.restrict(actor, "view").filter(
        period=period, template_code=template.code, state__in=template.counted_states,
        unit_id__in=stood.filter(within).values("unit_id"),
    )  # fmt: skip


def _template(template_code: str) -> ReportTemplate:
    template = ReportTemplate.objects.filter(code=template_code.strip().upper(), is_current=True).first()
    if template is None:
        raise DomainError("no_template", f"Không có mẫu báo cáo {template_code}.", status=404)
    return template


_AGGREGATES = {"total": Sum("number"), "mean": Avg("number"), "top": Max("number"), "n": Count("*")}


def _figures(template: ReportTemplate, found: dict) -> list[RolledFigure]:
    """Each indicator of the template (in its order, then its breakdown keys) with its aggregate picked from
    `found`: {(indicator id, key): (total, mean, top, n)}."""
    out = []
    for item in template.items.select_related("indicator").order_by("position"):
        ind = item.indicator
        keys = sorted({key for (i, key) in found if i == ind.pk}, key=lambda k: (k != "", k)) or [""]
        for key in keys:
            total, mean, top, n = found.get((ind.pk, key), (None, None, None, 0))
            pick = {
                Aggregation.SUM: total,
                Aggregation.LAST: total,
                Aggregation.AVERAGE: Decimal(mean).quantize(Decimal("0.01")) if mean is not None else None,
                Aggregation.MAXIMUM: top,
                Aggregation.NONE: None,
            }[ind.aggregation]
            out.append(RolledFigure(ind.code, ind.name, ind.unit_of_measure, ind.aggregation, key, pick, n))
    return out


def rollup(
    actor, unit: Unit, period: Period, template_code: str = DEFAULT_TEMPLATE, *, predecessors: bool = False
) -> Rollup:
    """The unit's figures for the period (with `predecessors`: together with the units it was formed from, to
    compare a merged unit with its past)."""
    template = _template(template_code)
    reports = counted_reports(actor, unit, period, template, predecessors=predecessors)
    grouped = (
        SubmissionValue.objects.filter(submission__in=reports, number__isnull=False)
        .values_list("indicator_id", "key")
        .annotate(**_AGGREGATES)
        .order_by()
    )
    found = {(ind, key): rest for ind, key, *rest in grouped}
    return Rollup(unit, period, template, reports.count(), _figures(template, found))


def by_association(actor, period: Period, template_code: str = DEFAULT_TEMPLATE) -> list[Rollup]:
    """The roll-up of every association the actor sees as a whole: the overseer's consolidated table, in the
    associations' order. A report counts for its association (only units standing at the period's cut-off can
    report for it, so the association's reports are its whole tree's). One grouped query per association:
    on SQLite, a single query grouped by association too sorts every value of the country at once, which
    measured slower (bench/reports_rollup.py)."""
    from quanlyhoi.members.stats import whole_association
    from quanlyhoi.orgs.models import Association

    template = _template(template_code)
    associations = [a for a in Association.objects.restrict(actor, "view") if whole_association(actor, a.pk)]
    roots = {
        p.unit.association_id: p.unit
        for p in UnitPeriod.objects.as_of(period.ends_on)
        .filter(parent__isnull=True, unit__association__in=associations)
        .select_related("unit")
    }
    out = []
    for association in associations:
        reports = Submission.objects.restrict(actor, "view").filter(
            period=period, template_code=template.code, state__in=template.counted_states, association=association
        )
        grouped = (
            SubmissionValue.objects.filter(submission__in=reports, number__isnull=False)
            .values_list("indicator_id", "key")
            .annotate(**_AGGREGATES)
            .order_by()
        )
        found = {(ind, key): rest for ind, key, *rest in grouped}
        figures = _figures(template, found)
        out.append(Rollup(roots.get(association.pk), period, template, reports.count(), figures, association))
    return out
