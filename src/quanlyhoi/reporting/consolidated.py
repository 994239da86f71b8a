"""The consolidated report of a period as an official document (documents.content): for the overseer, the
associations taken together with a table by association; for a unit, its subtree with a table by the units
directly below. Figures are the live roll-ups (reporting.rollup) in the template's counted states, compared
with the previous period; the narrative sections are the issuing unit's own text, or else the passages of
the reports below, each under its source. Everything is read within the actor's scope."""

from __future__ import annotations

import contextlib
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from quanlyhoi.core.dates import vn
from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.paths import subtree_q
from quanlyhoi.documents.content import Heading, Issuer, OfficialDocument, Paragraph, Table
from quanlyhoi.orgs.models import Unit, UnitPeriod
from quanlyhoi.reporting import calendar
from quanlyhoi.reporting.dashboard import received_counts
from quanlyhoi.reporting.models import Aggregation, IndicatorKind, Period, Submission
from quanlyhoi.reporting.queries import narratives_of
from quanlyhoi.reporting.rollup import DEFAULT_TEMPLATE, RolledFigure, by_association, combine, current_template, rollup
from quanlyhoi.reporting.services.periods import existing_period

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
COLUMNS_PER_TABLE = 5  # indicator columns per annex table: what fits A4 portrait at 10 pt


@dataclass
class Row:
    name: str
    figures: dict  # (indicator code, key) -> value
    expected: int
    received: int


@dataclass
class Consolidated:
    period: Period
    unit: Unit | None  # None: the associations taken together (the overseer's report)
    template: object
    total: list[RolledFigure]
    previous: dict  # (code, key) -> value in the previous period; empty when the unit did not stand then
    rows: list[Row] = field(default_factory=list)
    passages: dict = field(default_factory=dict)  # section code -> [(source, text)]; source "" for own text

    @property
    def spec(self):
        return calendar.parse(self.period.code)


def _values(figures) -> dict:
    return {(f.code, f.key): f.value for f in figures}


def _for_associations(actor, period: Period, template) -> Consolidated:
    now = by_association(actor, period, template.code)
    if not now:
        raise DomainError("no_associations", "Bạn không xem được toàn bộ hội nào để tổng hợp.", status=403)
    earlier = existing_period(calendar.parse(period.code).previous().code)
    before = combine(by_association(actor, earlier, template.code)) if earlier else []
    ids = [r.association.pk for r in now]
    expected, received = received_counts(actor, period, Q(unit__association__in=ids), "association_id")
    rows = [
        Row(r.association.short_name or r.association.name, _values(r.figures), expected.get(r.association.pk, 0),
            received.get(r.association.pk, 0))
        for r in now
    ]  # fmt: skip
    result = Consolidated(period, None, template, combine(now), _values(before), rows)
    roots = UnitPeriod.objects.as_of(period.ends_on).filter(parent__isnull=True, unit__association__in=ids)
    order = {a: i for i, a in enumerate(ids)}
    found = narratives_of(actor, roots, period, template.code, template.counted_states)
    association_of = dict(roots.values_list("unit__code", "unit__association_id"))
    for code, passages in found.items():
        passages.sort(key=lambda p: order.get(association_of.get(p.unit), 0))
        result.passages[code] = [(p.name, p.text) for p in passages]
    return result


def _for_unit(actor, unit: Unit, period: Period, template) -> Consolidated:
    total = rollup(actor, unit, period, template.code)
    earlier, previous = existing_period(calendar.parse(period.code).previous().code), {}
    if earlier:
        with contextlib.suppress(DomainError):  # the unit did not stand at the previous cut-off
            previous = _values(rollup(actor, unit, earlier, template.code).figures)
    result = Consolidated(period, unit, template, total.figures, previous)
    children = UnitPeriod.objects.as_of(period.ends_on).filter(parent=unit).select_related("unit").order_by("path")
    for child in children:
        expected, received = received_counts(actor, period, subtree_q("path", child.path), "association_id")
        figures = rollup(actor, child.unit, period, template.code).figures
        result.rows.append(Row(child.name, _values(figures), sum(expected.values()), sum(received.values())))
    own = Submission.objects.restrict(actor, "view").filter(unit=unit, period=period, template_code=template.code)
    for narrative in (n for s in own for n in s.narratives.select_related("section") if n.text.strip()):
        result.passages[narrative.section.code] = [("", narrative.text)]
    below = narratives_of(actor, children, period, template.code, template.counted_states)
    for code, passages in below.items():
        result.passages.setdefault(code, [(p.name, p.text) for p in passages])
    return result


def gather(actor, period: Period, unit: Unit | None = None, template_code: str = DEFAULT_TEMPLATE) -> Consolidated:
    template = current_template(template_code)
    if unit is None:
        return _for_associations(actor, period, template)
    return _for_unit(actor, unit, period, template)


def _key_label(indicator, key: str) -> str:
    labels = []
    for dim, choice in zip(indicator.breakdowns or [], key.split("|"), strict=False):
        labels.append(dict((c[0], c[1]) for c in dim.get("choices", [])).get(choice, choice))
    return ", ".join(labels)


def _summary_table(c: Consolidated) -> Table:
    items = {i.indicator.code: i for i in c.template.items.select_related("indicator")}
    rows, group, n = [], None, 0
    for f in c.total:
        item = items.get(f.code)
        if item is None or f.aggregation == Aggregation.NONE or item.indicator.kind == IndicatorKind.TEXT:
            continue
        if f.key:
            label = _key_label(item.indicator, f.key)
            rows.append(["", f"trong đó: {label}", f.unit_of_measure, f.value, c.previous.get((f.code, f.key)), None])
            continue
        if item.group != group:
            group = item.group
            rows.append(["", group.upper(), "", None, None, None])
        n += 1
        before = c.previous.get((f.code, ""))
        change = f.value - before if f.value is not None and before is not None else None
        rows.append([n, f.name, f.unit_of_measure, f.value, before, change])
    before_label = calendar.parse(c.period.code).previous().label
    return Table(
        f"Số liệu chủ yếu {c.spec.label}",
        ["STT", "Chỉ tiêu", "Đơn vị tính", "Kỳ này", f"Kỳ trước ({before_label})", "Tăng (+), giảm (-)"],
        rows, widths=[0.7, 3.2, 1.1, 1.2, 1.3, 1.1], numeric_from=3,
    )  # fmt: skip


def _annex(c: Consolidated) -> list[Table]:
    who = "Hội" if c.unit is None else "Đơn vị"
    tables = [
        Table(
            f"Biểu 1. Tình hình gửi báo cáo {c.spec.label}",
            ["STT", who, "Đơn vị phải báo cáo", "Đã gửi báo cáo", "Tỷ lệ (%)"],
            [
                [
                    i,
                    r.name,
                    r.expected,
                    r.received,
                    (Decimal(100 * r.received) / r.expected).quantize(Decimal("0.1")) if r.expected else None,
                ]
                for i, r in enumerate(c.rows, start=1)
            ]
            + [["", "Tổng cộng", sum(r.expected for r in c.rows), sum(r.received for r in c.rows), None]],
            widths=[0.7, 3.5, 1.3, 1.3, 1],
            total_last=True,
        )  # fmt: skip
    ]
    shown = [f for f in c.total if not f.key and f.aggregation != Aggregation.NONE]
    for start in range(0, len(shown), COLUMNS_PER_TABLE):
        chunk = shown[start : start + COLUMNS_PER_TABLE]
        columns = ["STT", who] + [f"{f.name} ({f.unit_of_measure})" if f.unit_of_measure else f.name for f in chunk]
        rows = [[i, r.name] + [r.figures.get((f.code, "")) for f in chunk] for i, r in enumerate(c.rows, start=1)]
        rows.append(["", "Tổng cộng"] + [f.value for f in chunk])
        tables.append(Table(f"Biểu {len(tables) + 1}. Số liệu {c.spec.label} theo {who.lower()}", columns, rows,
                            widths=[0.7, 2.6] + [1.2] * len(chunk), total_last=True))  # fmt: skip
    return tables


def document(c: Consolidated, issuer: Issuer, number: int | None, issued_on: datetime.date) -> OfficialDocument:
    spec, (starts, ends) = c.spec, (c.period.starts_on, c.period.ends_on)
    whom = "các hội quần chúng được Đảng, Nhà nước giao nhiệm vụ ở Trung ương" if c.unit is None else ""
    summary = f"Tổng hợp kết quả hoạt động {spec.label} của {whom}" if whom else f"Kết quả công tác hội {spec.label}"
    expected, received = sum(r.expected for r in c.rows), sum(r.received for r in c.rows)
    counted = "đã gửi và đã duyệt" if "submitted" in c.template.counted_states else "đã được duyệt"
    body: list = [
        Paragraph(
            f"Thực hiện chế độ báo cáo định kỳ, {issuer.name} báo cáo kết quả {spec.label} (số liệu tính từ ngày "
            f"{vn(starts)} đến ngày {vn(ends)}). Đã nhận báo cáo của {received}/{expected} đơn vị; số liệu tổng "
            f"hợp từ các báo cáo {counted}. Kết quả cụ thể như sau:"
        )
    ]
    sections = list(c.template.sections.order_by("position"))
    for i, section in enumerate(sections):
        title = section.title
        if section.code == "nhiem_vu":
            title = f"{title} ({spec.next().label})"
        body.append(Heading(f"{ROMAN[i % len(ROMAN)]}. {title.upper()}"))
        passages = c.passages.get(section.code, [])
        if i == 0:
            body += [Heading("1. Số liệu chủ yếu", 2), _summary_table(c), Heading("2. Kết quả cụ thể", 2)]
        body += [Paragraph(text, source=source) for source, text in passages] or [
            Paragraph("(Chưa có báo cáo nào đã duyệt có nội dung phần này.)", italic=True)
        ]
    return OfficialDocument(issuer, "BC", "Báo cáo", summary, issued_on, number, body, _annex(c))
