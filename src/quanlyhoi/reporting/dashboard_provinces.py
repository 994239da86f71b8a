"""The dashboard by province: the key indicators of every association the actor sees as a whole, added up by
the province their chapters stood in at the period's cut-off (a report counts for the area of its ancestor
directly under the central office, or for the central level), against the previous period where the province
is the same area; with one province chosen, each association's chapter there, linked to its roll-up.

Values are grouped in the database by the first two segments of each reporting unit's path as it stood (one
query per period), then added up by area: sums add, maxima take the largest, averages are weighted."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Avg, Count, Max, Sum
from django.db.models.functions import Length, Substr

from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.paths import SEGMENT_WIDTH, subtree_q
from quanlyhoi.geo.models import AdminArea
from quanlyhoi.members.stats import whole_association
from quanlyhoi.orgs.models import Association, UnitPeriod, valid_on_q
from quanlyhoi.reporting import calendar
from quanlyhoi.reporting.dashboard import KEY_INDICATORS, Cell, Dashboard, Row, received_counts
from quanlyhoi.reporting.models import Aggregation, Period, Submission, SubmissionValue
from quanlyhoi.reporting.queries import RECEIVED
from quanlyhoi.reporting.rollup import DEFAULT_TEMPLATE, current_template, rollup
from quanlyhoi.reporting.services.periods import period_for

BRANCH = 2 * SEGMENT_WIDTH  # a path's first two segments: the central office and the chapter under it
CENTRAL = "TW"


def _associations(actor) -> list[int]:
    return [a.pk for a in Association.objects.restrict(actor, "view") if whole_association(actor, a.pk)]


def _branches(period: Period, ids: list[int]) -> dict[str, int | None]:
    """Path of each unit directly under a central office at the cut-off -> its area id."""
    stood = UnitPeriod.objects.as_of(period.ends_on).filter(unit__association__in=ids)
    return dict(stood.annotate(n=Length("path")).filter(n=BRANCH).values_list("path", "area_id"))


def _values(actor, period: Period, template, ids: list[int], indicators: dict) -> dict:
    """{(branch path, indicator id): (total, mean, top, n)} of the counted reports."""
    reports = Submission.objects.restrict(actor, "view").filter(
        period=period, template_code=template.code, state__in=template.counted_states, association__in=ids
    )
    rows = (
        SubmissionValue.objects.filter(submission__in=reports, key="", number__isnull=False, indicator__in=indicators)
        .filter(valid_on_q(period.ends_on, "submission__unit__periods__"))  # one join: the path as it stood
        .values_list(Substr("submission__unit__periods__path", 1, BRANCH), "indicator_id")
        .annotate(total=Sum("number"), mean=Avg("number"), top=Max("number"), n=Count("*"))
        .order_by()
    )
    return {(branch, ind): rest for branch, ind, *rest in rows}


def _by_area(values: dict, branches: dict, indicators: dict) -> dict:
    """{(area id or CENTRAL or None, indicator id): value}, each indicator added up by its aggregation."""
    parts: dict = {}
    for (branch, ind), got in values.items():
        area = branches.get(branch) if len(branch) == BRANCH else CENTRAL
        parts.setdefault((area, ind), []).append(got)
    out = {}
    for (area, ind), got in parts.items():
        aggregation = indicators[ind]
        if aggregation in (Aggregation.SUM, Aggregation.LAST):
            out[(area, ind)] = sum(total for total, _m, _t, _n in got)
        elif aggregation == Aggregation.MAXIMUM:
            out[(area, ind)] = max(top for _s, _m, top, _n in got)
        elif aggregation == Aggregation.AVERAGE:
            weight = sum(n for *_x, n in got)
            out[(area, ind)] = (Decimal(sum(Decimal(m) * n for _s, m, _t, n in got)) / weight).quantize(Decimal("0.01"))
    return out


def _received(actor, period: Period, template, ids: list[int]) -> tuple[dict, dict]:
    """(expected, received) reports per branch path."""
    stood = UnitPeriod.objects.as_of(period.ends_on).filter(unit__association__in=ids)
    if template.levels:
        stood = stood.filter(unit__level__code__in=template.levels)
    branch = Substr("path", 1, BRANCH)
    expected = dict(stood.values_list(branch).annotate(c=Count("*")).order_by())
    received = dict(
        Submission.objects.restrict(actor, "view")
        .filter(period=period, template_code=template.code, state__in=RECEIVED, association__in=ids)
        .filter(valid_on_q(period.ends_on, "unit__periods__"))
        .values_list(Substr("unit__periods__path", 1, BRANCH))
        .annotate(c=Count("*"))
        .order_by()
    )
    return expected, received


def by_province(actor, period: Period, province: str = "") -> Dashboard:
    template = current_template(DEFAULT_TEMPLATE)
    previous = period_for(calendar.parse(period.code).previous().code)
    items = template.items.filter(indicator__code__in=KEY_INDICATORS).select_related("indicator")
    found = {item.indicator.code: item.indicator for item in items}
    shown = [found[code] for code in KEY_INDICATORS if code in found]
    indicators = {ind.pk: ind.aggregation for ind in shown}
    ids = _associations(actor)
    board = Dashboard(period, previous, "province", [(ind.code, ind.name) for ind in shown], [])
    if not ids:
        return board
    if province:
        return _one_province(actor, board, province, ids)
    branches = _branches(period, ids)
    now = _by_area(_values(actor, period, template, ids, indicators), branches, indicators)
    before = _by_area(_values(actor, previous, template, ids, indicators), _branches(previous, ids), indicators)
    expected, received = _received(actor, period, template, ids)
    counts: dict = {}
    for branch, n in expected.items():
        area = branches.get(branch) if len(branch) == BRANCH else CENTRAL
        counts.setdefault(area, [0, 0])[0] += n
        counts[area][1] += received.get(branch, 0)
    areas = {a.pk: a for a in AdminArea.objects.filter(pk__in=[a for a in counts if isinstance(a, int)])}
    order = sorted((a for a in counts if isinstance(a, int)), key=lambda a: areas[a].code)
    for area in [CENTRAL, *order, None]:
        if area not in counts:
            continue
        if area == CENTRAL:
            code, name = CENTRAL, "Cấp trung ương"
        elif area is None:
            code, name = "", "Đơn vị trực thuộc trung ương không gắn với tỉnh"
        else:
            code, name = areas[area].code, areas[area].name
        row = Row(code, name, None, *counts[area])
        row.cells = [Cell(now.get((area, ind.pk)), before.get((area, ind.pk))) for ind in shown]
        board.rows.append(row)
    return board


def _one_province(actor, board: Dashboard, province: str, ids: list[int]) -> Dashboard:
    """Each association's chapter that stood in the province at the cut-off, with its own roll-up."""
    board.by = "unit"
    chapters = (
        UnitPeriod.objects.as_of(board.period.ends_on)
        .filter(unit__association__in=ids, area__code=province)
        .annotate(n=Length("path"))
        .filter(n=BRANCH)
        .select_related("unit")
        .order_by("unit__association__sort_order", "path")
    )
    codes = [code for code, _n in board.indicators]
    for chapter in chapters:
        totals = {f.code: f.value for f in rollup(actor, chapter.unit, board.period).figures if not f.key}
        try:
            old = {f.code: f.value for f in rollup(actor, chapter.unit, board.previous).figures if not f.key}
        except DomainError:  # the chapter did not stand at the previous cut-off
            old = {}
        expected, received = received_counts(actor, board.period, subtree_q("path", chapter.path), "association_id")
        row = Row(chapter.unit.code, chapter.name, chapter.unit, sum(expected.values()), sum(received.values()))
        row.cells = [Cell(totals.get(code), old.get(code)) for code in codes]
        board.rows.append(row)
    return board
