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

from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Max, Q, Sum

from quanlyhoi.core.dates import vn
from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.paths import subtree_q
from quanlyhoi.orgs.models import Unit, UnitPeriod
from quanlyhoi.reporting.models import (
    Aggregation,
    Period,
    ReportTemplate,
    RollupCache,
    Submission,
    SubmissionValue,
    TemplateIndicator,
)

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


def current_template(template_code: str) -> ReportTemplate:
    template = ReportTemplate.objects.filter(code=template_code.strip().upper(), is_current=True).first()
    if template is None:
        raise DomainError("no_template", f"Không có mẫu báo cáo {template_code}.", status=404)
    return template


_AGGREGATES = {"total": Sum("number"), "mean": Avg("number"), "top": Max("number"), "n": Count("*")}


def _figures(template: ReportTemplate, found: dict) -> list[RolledFigure]:
    """Each indicator of the template (in its order, then its breakdown keys) with its aggregate picked from
    `found`: {(indicator id, key): (total, mean, top, n)}. Indicators that a newer version dropped keep the
    figures of the reports started on an older one: they follow, in the order of the latest version that had
    them."""
    listed = list(template.indicators)
    dropped = {i for (i, _key) in found} - {ind.pk for ind in listed}
    if dropped:
        older = TemplateIndicator.objects.filter(template__code=template.code, indicator_id__in=dropped)
        older = older.select_related("indicator").order_by("-template__version", "position")
        listed += list({item.indicator_id: item.indicator for item in older}.values())
    out = []
    for ind in listed:
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
    template = current_template(template_code)
    reports = counted_reports(actor, unit, period, template, predecessors=predecessors)
    grouped = (
        SubmissionValue.objects.filter(submission__in=reports, number__isnull=False)
        .values_list("indicator_id", "key")
        .annotate(**_AGGREGATES)
        .order_by()
    )
    found = {(ind, key): rest for ind, key, *rest in grouped}
    return Rollup(unit, period, template, reports.count(), _figures(template, found))


def combine(parts: list[Rollup]) -> list[RolledFigure]:
    """The figures of several roll-ups taken together (the country from its associations), by indicator and
    breakdown key in the template's order: sums and stocks add up, maxima take the largest, averages are
    weighted by the reports that gave a value."""
    by_key: dict[tuple[str, str], list[RolledFigure]] = {}
    for part in parts:
        for f in part.figures:
            by_key.setdefault((f.code, f.key), []).append(f)
    out = []
    for same in by_key.values():
        first, given = same[0], [f for f in same if f.value is not None]
        value = None
        if given and first.aggregation in (Aggregation.SUM, Aggregation.LAST):
            value = sum(f.value for f in given)
        elif given and first.aggregation == Aggregation.MAXIMUM:
            value = max(f.value for f in given)
        elif given and first.aggregation == Aggregation.AVERAGE and sum(f.reports for f in given):
            weight = sum(f.reports for f in given)
            value = (Decimal(sum(f.value * f.reports for f in given)) / weight).quantize(Decimal("0.01"))
        reports = sum(f.reports for f in same)
        out.append(RolledFigure(first.code, first.name, first.unit_of_measure, first.aggregation, first.key, value,
                                reports))  # fmt: skip
    order = {code: i for i, code in enumerate(dict.fromkeys(f.code for p in parts for f in p.figures))}
    return sorted(out, key=lambda f: (order[f.code], f.key != "", f.key))


def by_association(actor, period: Period, template_code: str = DEFAULT_TEMPLATE) -> list[Rollup]:
    """The roll-up of every association the actor sees as a whole: the overseer's consolidated table, in the
    associations' order. A report counts for its association (only units standing at the period's cut-off can
    report for it, so the association's reports are its whole tree's). Each association's figures come from
    RollupCache while the stamp of its counted reports is unchanged, else from one grouped query (then kept):
    approving a report recomputes its association only. A single query grouped by association over the whole
    country measured slower on SQLite, which sorts every value (bench/reports_rollup.py)."""
    from quanlyhoi.members.stats import whole_association
    from quanlyhoi.orgs.models import Association

    template = current_template(template_code)
    associations = [a for a in Association.objects.restrict(actor, "view") if whole_association(actor, a.pk)]
    roots = {
        p.unit.association_id: p.unit
        for p in UnitPeriod.objects.as_of(period.ends_on)
        .filter(parent__isnull=True, unit__association__in=associations)
        .select_related("unit")
    }
    counted = ",".join(sorted(template.counted_states))
    kept = {
        c.association_id: c
        for c in RollupCache.objects.filter(period=period, template_code=template.code, counted=counted)
    }
    out = []
    for association in associations:
        reports = Submission.objects.restrict(actor, "view").filter(
            period=period, template_code=template.code, state__in=template.counted_states, association=association
        )
        n, found = _association_figures(reports, kept.get(association.pk), association, period, template, counted)
        out.append(Rollup(roots.get(association.pk), period, template, n, _figures(template, found), association))
    return out


def _association_figures(reports, cache, association, period, template, counted) -> tuple[int, dict]:
    """(reports counted, {(indicator id, key): (total, mean, top, n)}) of one association: the kept copy while
    its stamp holds, else computed and kept. The stamp is read before the figures, so a report approved in
    between only makes the next request compute again."""
    state = reports.aggregate(n=Count("*"), v=Sum("version"), t=Max("updated_at"))
    stamp = f"{state['n']}:{state['v'] or 0}:{state['t'].isoformat() if state['t'] else ''}"
    if cache is not None and cache.stamp == stamp:
        return cache.reports, {
            (ind, key): tuple(None if v is None else Decimal(v) for v in rest[:3]) + (rest[3],)
            for ind, key, *rest in cache.figures
        }
    grouped = (
        SubmissionValue.objects.filter(submission__in=reports, number__isnull=False)
        .values_list("indicator_id", "key")
        .annotate(**_AGGREGATES)
        .order_by()
    )
    found = {(ind, key): tuple(rest) for ind, key, *rest in grouped}
    rows = [[i, key, *(None if v is None else str(v) for v in rest[:3]), rest[3]] for (i, key), rest in found.items()]
    try:
        with transaction.atomic():  # two requests may keep it at once: the second one's copy is not needed
            RollupCache.objects.update_or_create(
                association=association, period=period, template_code=template.code, counted=counted,
                defaults={"stamp": stamp, "reports": state["n"], "figures": rows},
            )  # fmt: skip
    except IntegrityError:
        pass
    return state["n"], found
